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

from dashboard import calendar, i18n
from harness.browser import ARGS, CHROMIUM, session_token, sessions_at_once, streamlit_server


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
    as_of_words = i18n.t("filters.as_of", "en").format(date=calendar.format_date(as_of, "en"))
    caption = i18n.joined([args.name, as_of_words], "en")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sessions:
            token = session_token(args.db, args.user, args.password)
            with streamlit_server(args.db) as base:
                result = sessions_at_once(base, browser, n, link, caption, token)
                print(json.dumps(result), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
