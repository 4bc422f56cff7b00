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
        chromium.close()


_SIGNED_IN: dict[tuple[str, str], dict] = {}  # (server, role) -> the browser's stored state


def signed_in(browser, server: str, role: str = "national", **options):
    """A new browser context (options: viewport, ...) holding the session cookie of the test
    user of role, signed in once per server through the real form."""
    key = (server, role)
    if key not in _SIGNED_IN:
        context = browser.new_context()
        sign_in(context.new_page(), server, USERS[role].username, PASSWORD)
        _SIGNED_IN[key] = context.storage_state()
        context.close()
    return browser.new_context(storage_state=_SIGNED_IN[key], **options)
