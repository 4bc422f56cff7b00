"""Pages through AppTest as a signed-in user: a real session, opened by the real sign-in."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import calendar, db
from frame import auth, pages
from queries import accounts
from tests.conftest import ROOT, copy_of
from tests.populate import PASSWORD, USERS

APP = str(ROOT / "app.py")


def as_user(at: AppTest, role: str) -> AppTest:
    """at, signed in as the test user of role (tests.populate.USERS) on DATABASE_URL."""
    engine = db.make_engine(os.environ["DATABASE_URL"])
    outcome = accounts.sign_in(engine, USERS[role].username, PASSWORD, calendar.now())
    engine.dispose()
    assert outcome.outcome == "ok", outcome
    at.session_state[auth.TOKEN] = outcome.token
    return at


def private_copy(
    sqlite_path: str, target: Path, monkeypatch: pytest.MonkeyPatch, now: dt.datetime
) -> str:
    """A copy of the test database at target for one test that writes (DATABASE_URL), the
    clock at now, and the Streamlit caches cleared; returns its URL."""
    return use_database(copy_of(sqlite_path, target), monkeypatch, now)


def use_database(url: str, monkeypatch: pytest.MonkeyPatch, now: dt.datetime) -> str:
    """The database at url for the pages (DATABASE_URL), the clock at now, and the Streamlit
    caches cleared; returns url."""
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(calendar, "now", lambda: now)
    st.cache_data.clear()
    st.cache_resource.clear()
    return url


def opened(view: str, lang: str = "en", role: str = "governor", **query: str) -> AppTest:
    """The page views/<view>.py run through app.py as the test user of role, with the URL's
    language and query."""
    at = as_user(AppTest.from_file(APP, default_timeout=30), role)
    at.query_params.update({"lang": lang, **query})
    at.run()
    return at.switch_page(pages.script(view)).run()
