"""Browser fixtures: `streamlit run app.py` on 127.0.0.1 against the tiny database, and
Debian's Chromium driven by Playwright (harness.browser)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(scope="module")
def server(sqlite_url: str) -> Iterator[str]:
    """One server for a test module, against the tiny database, its clock at TODAY."""
    with streamlit_server(sqlite_url, f"{TODAY.isoformat()}T10:30:00") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless."""
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
    for signed in _CONTEXTS.values():
        signed.close()


class SignedIn:
    """New pages of one browser context signed in as a role on a server, shared by a module's
    tests: the app's scripts are fetched and compiled once, not once a test (a second of
    Chromium's work a page). Each page is a session of its own on the server."""

    def __init__(self, context) -> None:
        self.context = context
        self.viewport: dict | None = None
        self.pages: list = []

    def new_page(self):
        """A new tab, at the viewport last asked of signed_in."""
        tab = self.context.new_page()
        if self.viewport:
            tab.set_viewport_size(self.viewport)
        self.pages.append(tab)
        return tab

    def close(self) -> None:
        """Close the pages opened (the context stays, for the next test)."""
        for tab in self.pages:
            tab.close()
        self.pages.clear()


_CONTEXTS: dict[tuple[str, str], SignedIn] = {}  # (server, role) -> its context, a module's


def signed_in(browser, server: str, role: str = "national", viewport: dict | None = None):
    """The pages of a browser context holding the session cookie of the test user of role,
    signed in once per server through the real form; new pages at viewport."""
    key = (server, role)
    if key not in _CONTEXTS:
        context = browser.new_context()
        sign_in(context.new_page(), server, USERS[role].username, PASSWORD)
        for tab in context.pages:
            tab.close()
        _CONTEXTS[key] = SignedIn(context)
    _CONTEXTS[key].viewport = viewport
    return _CONTEXTS[key]
