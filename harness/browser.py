"""Driving the app in a real browser: `streamlit run app.py` on 127.0.0.1 and Debian's Chromium
through Playwright (never `playwright install`). Used by the browser tests and the benchmark
alike."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, urlencode, urlparse

from dashboard import calendar, db, i18n
from frame.auth import COOKIE

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip
STREAMLIT_RUN = ("streamlit", "run", "app.py")  # after `python -m`, in the repository's root
RUN_LOG = "KALABARG_RUN_LOG"  # environment: the file a server writes its script runs to
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
_SETTLED = """([path, caption, tile, separators]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const head = document.querySelector('[data-testid="stMain"] .as-of');
    const shown = [...document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stCaptionContainer"]')];
    const words = [head ? head.innerText : '', ...shown.map(c => c.innerText)];
    return app && app.dataset.testScriptState === 'notRunning'
        && location.pathname.replace(/\\/$/, '') === path
        && separators.some(s => words.filter(Boolean).join(s).includes(caption))
        && [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
            .some(m => m.innerText.trim() === tile);
}"""


SERVER_CPU, BROWSER_CPU = 0, 1  # pinned: the server and this driver, and the browser


@contextlib.contextmanager
def cores(pinned: bool) -> Iterator[str]:
    """The Chromium to launch (its executable path). pinned: this process, and the servers and
    drivers it starts, on core SERVER_CPU and Chromium on core BROWSER_CPU, as a user's own
    computer and the server would be (a wrapper that starts Chromium under taskset);
    otherwise all share every core. The process's cores are given back afterwards."""
    if not pinned:
        yield CHROMIUM
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {SERVER_CPU})
    try:
        with tempfile.TemporaryDirectory() as folder:
            wrapper = Path(folder) / "chromium"
            wrapper.write_text(f'#!/bin/sh\nexec taskset -c {BROWSER_CPU} {CHROMIUM} "$@"\n')
            wrapper.chmod(0o755)
            yield str(wrapper)
    finally:
        os.sched_setaffinity(0, before)


class ServerError(RuntimeError):
    """The server did not become healthy."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclasses.dataclass(frozen=True)
class Server:
    """A running server: its base URL, its process id (for /proc) and the file its script
    runs are written to (RUN_LOG, by bench.timed_serve; launched otherwise, it stays empty)."""

    base: str
    pid: int
    run_log: Path


@contextlib.contextmanager
def streamlit_process(
    database_url: str,
    clock: str | None = None,
    secrets: Path | None = None,
    port: int = 0,
    launch: Sequence[str] = STREAMLIT_RUN,
) -> Iterator[Server]:
    """A new server process, `python -m` launch (`streamlit run app.py`; the benchmark's
    servers are others), on a port of 127.0.0.1 (0: a free one);
    yields it once /_stcore/health answers ok, and stops it afterwards. secrets: the secrets
    file it reads (an `[auth]` section turns on sign-in through OpenID Connect). Its output
    goes to a file, shown if it does not start."""
    port = port or _free_port()
    env = {**os.environ, "DATABASE_URL": database_url}
    if clock:  # a fixed Iran local time for the server (dashboard.calendar.now)
        env[calendar.CLOCK] = clock
    command = [
        sys.executable, "-m", *launch,
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        *(["--secrets.files", str(secrets)] if secrets else []),
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as folder:
        run_log = Path(folder) / "runs.log"
        env[RUN_LOG] = str(run_log)
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(base, process, log)
            yield Server(base, process.pid, run_log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # a server that does not stop is killed
                process.kill()
                process.wait()


def _wait_healthy(base: str, process: subprocess.Popen, log: IO[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    log.seek(0)
    raise ServerError("streamlit did not become healthy: " + log.read().decode())


@contextlib.contextmanager
def streamlit_server(
    database_url: str,
    clock: str | None = None,
    secrets: Path | None = None,
    port: int = 0,
    launch: Sequence[str] = STREAMLIT_RUN,
) -> Iterator[str]:
    """streamlit_process, yielding its base URL only."""
    with streamlit_process(database_url, clock, secrets, port, launch) as server:
        yield server.base


def settle(tab, path: str, caption: str, tile: str, timeout_ms: int = 60_000) -> None:
    """Wait until the page at path ('' for the root) has finished its run, its head (the as-of
    line and the captions under the title) reads caption, and it shows a tile labelled tile;
    on a timeout, fail with what the page shows instead."""
    try:
        separators = list(i18n.TABLE["parts.separator"])  # the head and captions, joined
        tab.wait_for_function(_SETTLED, arg=[path, caption, tile, separators], timeout=timeout_ms)
    except Exception as error:
        shown = tab.locator('.as-of, [data-testid="stCaptionContainer"]').all_inner_texts()
        raise AssertionError(f"not settled at {tab.url}: head {shown}") from error
    tab.wait_for_timeout(300)  # a rerun may follow the URL write
    tab.wait_for_selector(DONE)


def sign_in(tab, base: str, username: str, password: str, lang: str = "en") -> None:
    """Sign in at base through the sign-in form, as a person does; the session cookie then
    serves every tab of the browser context."""
    tab.goto(f"{base}/?lang={lang}")
    tab.get_by_label(i18n.t("signin.username", lang), exact=True).fill(username)
    tab.get_by_label(i18n.t("signin.password", lang), exact=True).fill(password)
    tab.get_by_role("button", name=i18n.t("signin.button", lang), exact=True).click()
    tab.wait_for_function("document.cookie.includes('kalabarg_session=')", timeout=60_000)


def session_token(database_url: str, username: str, password: str) -> str:
    """A session of that user opened in the database itself (as an earlier sign-in would have),
    for browser contexts that start signed in: add_cookies(cookie(base, token))."""
    from queries import accounts  # the app's own sign-in, without a browser

    engine = db.make_engine(database_url)
    outcome = accounts.sign_in(engine, username, password, calendar.now())
    engine.dispose()
    if outcome.token is None:
        raise ServerError(f"{username} cannot sign in: {outcome.outcome}")
    return outcome.token


def cookie(base: str, token: str) -> list[dict]:
    """The session cookie of token for the server at base (Playwright's add_cookies)."""
    return [{"name": COOKIE, "value": token, "url": base}]


def query_of(tab) -> dict[str, str]:
    """The query parameters of the tab's URL."""
    return {k: v[0] for k, v in parse_qs(urlparse(tab.url).query).items()}


def nav(tab, title: str) -> None:
    """Click the page named title in the sidebar's menu."""
    tab.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()


def sessions_at_once(
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
    as kept when its URL is the link's and check(tab) is true; "lost" says what each other
    session showed."""
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
    kept, seconds, lost = 0, [], []
    for tab in tabs:
        try:
            settle(tab, "/complaints", caption, i18n.t("complaints.compliance", lang), 180_000)
            if query_of(tab) == link and check(tab):
                kept += 1
            else:
                lost.append(f"other parameters or figures at {tab.url}")
        except AssertionError as error:
            script = "finished" if tab.locator(DONE).count() else "still running"
            lost.append(f"{error} (its script: {script})")
        seconds.append(time.perf_counter() - started)
    for context in contexts:
        context.close()
    cuts = statistics.quantiles(seconds, n=20) if len(seconds) > 1 else seconds * 19
    return {"sessions": sessions, "kept": kept, "p50_s": round(statistics.median(seconds), 1),
            "p95_s": round(cuts[18], 1), "lost": lost}  # fmt: skip
