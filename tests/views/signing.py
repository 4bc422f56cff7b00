"""Pages through AppTest as a signed-in user: a real session, opened by the real sign-in."""

from __future__ import annotations

import os

from streamlit.testing.v1 import AppTest

from dashboard import calendar, db
from frame import auth
from queries import accounts
from tests.populate import PASSWORD, USERS


def as_user(at: AppTest, role: str) -> AppTest:
    """at, signed in as the test user of role (tests.populate.USERS) on DATABASE_URL."""
    engine = db.make_engine(os.environ["DATABASE_URL"])
    outcome = accounts.sign_in(engine, USERS[role].username, PASSWORD, calendar.now())
    engine.dispose()
    assert outcome.outcome == "ok", outcome
    at.session_state[auth.TOKEN] = outcome.token
    return at
