"""Lockout under a parallel attack (issue 31, finding 1): 20 wrong passwords sent at once, from
threads and from processes, on SQLite and PostgreSQL. At most people.FAILURES of them reach
the hash check; the rest are refused as locked, and so is the right password while the lock
lasts. Every attempt is in the audit log; the password never is."""

from __future__ import annotations

import collections
import datetime as dt
import multiprocessing
import threading

import pytest
import sqlalchemy as sa

from dashboard import db, people, schema
from dashboard.people import User
from queries import accounts
from tests.populate import PASSWORD

T0 = dt.datetime(2026, 5, 12, 9, 0)
ATTACKERS = 20


@pytest.fixture(scope="module")
def engine(writable_url: str) -> sa.Engine:
    return db.make_engine(writable_url)


def _actions(engine: sa.Engine, username: str) -> collections.Counter:
    a = schema.audit
    with engine.connect() as conn:
        rows = conn.execute(sa.select(a.c.action).where(a.c.username == username)).scalars()
        return collections.Counter(rows)


def _state(engine: sa.Engine, username: str) -> tuple:
    """What a refused sign-in must leave as it was: the user's row and their sessions."""
    u, se = schema.users, schema.sessions
    with engine.connect() as conn:
        row = conn.execute(sa.select(u).where(u.c.username == username)).first()
        sessions = conn.execute(
            sa.select(se).where(se.c.username == username).order_by(se.c.token_hash)
        ).all()
    return tuple(row or ()), tuple(map(tuple, sessions))


def _details(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(schema.audit.c.detail)).scalars())


def _right_password_is_refused_until_the_lock_ends(engine: sa.Engine, name: str) -> None:
    before, actions = _state(engine, name), _actions(engine, name)
    during = accounts.sign_in(engine, name, PASSWORD, T0 + dt.timedelta(minutes=14))
    assert (during.outcome, during.token) == ("locked", None)
    assert during.locked_until == T0 + people.LOCKED_FOR
    assert _state(engine, name) == before, "no session, no change to the user"
    assert _actions(engine, name) - actions == {"sign_in_locked": 1}
    after = accounts.sign_in(engine, name, PASSWORD, T0 + people.LOCKED_FOR)
    assert after.outcome == "ok"


@pytest.mark.parametrize("known", [True, False], ids=["known", "unknown"])
def test_twenty_threads_at_once_reach_the_hash_check_five_times(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch, known: bool
) -> None:
    name = f"storm.threads.{known}".lower()
    if known:
        accounts.add_user(engine, User(name, "", "national"), PASSWORD, T0, "test")
    checked = []
    real_verify = people.verify

    def counting_verify(stored, password):
        checked.append(password)  # list.append is atomic: one entry per hash check
        return real_verify(stored, password)

    monkeypatch.setattr(people, "verify", counting_verify)
    start = threading.Barrier(ATTACKERS)
    outcomes: list[str] = []

    def guess(n: int) -> None:
        start.wait()
        outcomes.append(accounts.sign_in(engine, name, f"wrong-guess-{n:02d}", T0).outcome)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(ATTACKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(outcomes) == ATTACKERS
    assert len(checked) == people.FAILURES
    assert collections.Counter(outcomes)["locked"] >= ATTACKERS - people.FAILURES
    assert set(outcomes) <= {"invalid", "locked"}
    assert _actions(engine, name) == {
        "sign_in_failed": people.FAILURES,
        "lockout": 1,
        "sign_in_locked": ATTACKERS - people.FAILURES,
    }
    assert not any("wrong-guess" in (d or "") for d in _details(engine))
    if known:
        _right_password_is_refused_until_the_lock_ends(engine, name)


def _guess(url: str, name: str, password: str, start, results) -> None:
    """One attacking process: its own engine, waits for the others, then one guess."""
    engine = db.make_engine(url)
    start.wait()
    results.put(accounts.sign_in(engine, name, password, T0).outcome)
    engine.dispose()


def test_twenty_processes_at_once_reach_the_hash_check_five_times(
    engine: sa.Engine, writable_url: str
) -> None:
    name = "storm.processes"
    accounts.add_user(engine, User(name, "", "national"), PASSWORD, T0, "test")
    # forked, not spawned: twenty interpreters importing the app would take minutes on two
    # cores; each child opens its own engine
    spawn = multiprocessing.get_context("fork")
    start, results = spawn.Barrier(ATTACKERS), spawn.Queue()
    processes = [
        spawn.Process(target=_guess, args=(writable_url, name, f"wrong-{n}", start, results))
        for n in range(ATTACKERS)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=180) for _ in processes]
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    assert set(outcomes) <= {"invalid", "locked"}
    assert collections.Counter(outcomes)["locked"] >= ATTACKERS - people.FAILURES
    # each failure row is one hash check: the rest never reached it
    actions = _actions(engine, name)
    assert actions["sign_in_failed"] == people.FAILURES
    assert actions["sign_in_locked"] == ATTACKERS - people.FAILURES
    assert actions["lockout"] == 1
    _right_password_is_refused_until_the_lock_ends(engine, name)


def test_attempts_being_checked_count_as_failures_until_known(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "in.flight"
    accounts.add_user(engine, User(name, "", "national"), PASSWORD, T0, "test")
    with accounts._name_locked(engine, name) as conn:  # five checks under way, or cut short
        for _ in range(people.FAILURES):
            accounts._attempt(conn, name, T0)
    checked = []
    monkeypatch.setattr(people, "verify", lambda *args: checked.append(args) or True)
    before, actions = _state(engine, name), _actions(engine, name)
    right = accounts.sign_in(engine, name, PASSWORD, T0 + dt.timedelta(minutes=1))
    assert (right.outcome, right.locked_until) == ("locked", T0 + people.LOCKED_FOR)
    assert checked == [], "not checked against the hash"
    assert _state(engine, name) == before
    assert _actions(engine, name) - actions == {"sign_in_locked": 1}
    assert actions == {"sign_in_failed": people.FAILURES}, "a check that never ended failed"
