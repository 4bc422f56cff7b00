"""Browser fixtures: `streamlit run app.py` on 127.0.0.1 against the tiny database, and
Debian's Chromium driven by Playwright (harness.browser)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.browser import ARGS, CHROMIUM, sign_in, streamlit_server
from tests.conftest import ROOT
from tests.populate import PASSWORD, USERS

ARTIFACTS = ROOT / "tests" / "artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here is a browser test, skipped where Debian's chromium is missing."""
    skip = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is missing")
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(skip)


TODAY = dt.date(2026, 5, 12)  # the servers' clock: tasks and escalations are live work


@pytest.fixture(scope="session")
def server(sqlite_url: str) -> Iterator[str]:
    """One server for the browser tests of a process (an xdist worker), against the tiny
    database (the session's, which they all read), its clock at TODAY."""
    with streamlit_server(sqlite_url, f"{TODAY.isoformat()}T10:30:00") as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless: one for the browser tests of a process."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        _CONTEXTS.clear()
        chromium.close()


@pytest.fixture(autouse=True)
def _pages_closed() -> Iterator[None]:
    """The pages a test opened through signed_in are closed after it (their sessions end)."""
    yield
    _close_opened()


class SignedIn:
    """New pages, at one viewport, of a browser context signed in as a role on a server. The
    context is shared by the tests of a process: the app's scripts are fetched and compiled once,
    not once a test (a second of Chromium's work a page). Each page is a session of its own
    on the server."""

    def __init__(self, context, viewport: dict | None) -> None:
        self.context, self.viewport = context, viewport

    def new_page(self):
        """A new tab at the viewport."""
        tab = self.context.new_page()
        if self.viewport:
            tab.set_viewport_size(self.viewport)
        _OPENED.append(tab)
        return tab

    def close(self) -> None:
        """Close the pages the test opened (the context stays, for the next test)."""
        _close_opened()


_CONTEXTS: dict[tuple[str, str], Any] = {}  # (server, role) -> its signed-in context
_OPENED: list = []  # the pages the running test opened through signed_in


def _close_opened() -> None:
    while _OPENED:
        _OPENED.pop().close()


def signed_in(browser, server: str, role: str = "national", viewport: dict | None = None):
    """New pages at viewport in a browser context holding the session cookie of the test user
    of role, signed in once per server through the real form."""
    key = (server, role)
    if key not in _CONTEXTS:
        context = browser.new_context()
        sign_in(context.new_page(), server, USERS[role].username, PASSWORD)
        for tab in context.pages:
            tab.close()
        _CONTEXTS[key] = context
    return SignedIn(_CONTEXTS[key], viewport)
