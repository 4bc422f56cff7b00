"""A room full of people: N browser sessions open one province's uptake page at once on a
freshly started server and click to the complaints page as soon as the menu is there (while
the first runs are still under way). Counts the sessions whose view survived (the URL still
names the province and the as-of date of the link, and the page's caption says so) and the
time from navigation to a settled complaints page.

    python -m bench.sessions --db sqlite:///data/bench/lorestan.db --sessions 15 30

One Chromium on this machine, so the browser's own work is in the times. Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from bench.browser import (
    ARGS,
    CHROMIUM,
    cookie,
    nav,
    query_of,
    session_token,
    settle,
    streamlit_server,
)  # fmt: skip
from dashboard import calendar, i18n


def room(
    base: str,
    browser,
    sessions: int,
    link: dict[str, str],
    caption: str,
    token: str,
    check: Callable[[Any], bool] = lambda tab: True,
) -> dict:
    """Open the link's uptake page in `sessions` new contexts at once, each holding the session
    cookie of token (people who signed in earlier), and click to complaints; a session counts
    as kept when its URL is the link's and check(tab) is true."""
    lang = link["lang"]
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720})
                for _ in range(sessions)]  # fmt: skip
    for context in contexts:
        context.add_cookies(cookie(base, token))
    tabs = [context.new_page() for context in contexts]
    started = time.perf_counter()
    for tab in tabs:
        tab.goto(f"{base}/uptake?{urlencode(link)}", wait_until="commit")
    for tab in tabs:
        tab.locator('[data-testid="stSidebarNav"]').wait_for(timeout=120_000)
        nav(tab, i18n.t("nav.complaints", lang))
    kept, seconds = 0, []
    for tab in tabs:
        try:
            settle(tab, "/complaints", caption, i18n.t("complaints.compliance", lang), 180_000)
            kept += query_of(tab) == link and check(tab)
        except AssertionError:
            pass
        seconds.append(time.perf_counter() - started)
    for context in contexts:
        context.close()
    cuts = statistics.quantiles(seconds, n=20) if len(seconds) > 1 else seconds * 19
    return {"sessions": sessions, "kept": kept, "p50_s": round(statistics.median(seconds), 1),
            "p95_s": round(cuts[18], 1)}  # fmt: skip


def main() -> None:
    """Run one room per --sessions value, each on a new server, and print a JSON line each."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--sessions", type=int, nargs="+", default=[15, 30])
    parser.add_argument("--province", default="IR-15")
    parser.add_argument("--name", default="Lorestan", help="the province's English name")
    parser.add_argument("--as-of", default="2026-02-10")
    parser.add_argument("--user", default="national.viewer", help="a user who may see it")
    parser.add_argument("--password", default="demo-national-1405")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    as_of = dt.date.fromisoformat(args.as_of)
    link = {"lang": "en", "as_of": args.as_of, "province": args.province}
    caption = f"{args.name} · " + i18n.t("filters.as_of", "en").format(
        date=calendar.format_date(as_of, "en")
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sessions:
            token = session_token(args.db, args.user, args.password)
            with streamlit_server(args.db) as base:
                print(json.dumps(room(base, browser, n, link, caption, token)), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
