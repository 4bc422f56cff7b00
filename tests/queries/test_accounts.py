"""Users, sign-in, lockout, sessions and their audit rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from dashboard import db, people, schema
from dashboard.people import User
from dashboard.sample.people import DEMOS
from queries import accounts, audit
from tests.populate import PASSWORD, USERS, store_an_import

T0 = dt.datetime(2026, 5, 12, 9, 0)
IDLE = dt.timedelta(minutes=30)


@pytest.fixture(scope="module")
def engine(writable_url: str) -> sa.Engine:
    return db.make_engine(writable_url)


def _minutes(m: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=m)


def _audit(engine: sa.Engine, username: str) -> list[tuple[str, str | None]]:
    """username's audit rows since T0, oldest first: (action, detail)."""
    with engine.connect() as conn:
        rows = audit.entries(conn, T0 - dt.timedelta(days=1)).filter(username=username)
    return list(zip(rows["action"].reverse(), rows["detail"].reverse(), strict=True))


def _add(engine: sa.Engine, name: str, **fields) -> User:
    user = User(name, "", fields.pop("role", "governor"), fields.pop("province", "IR-16"), **fields)
    return accounts.add_user(engine, user, PASSWORD, T0, "test")


def test_a_right_password_opens_a_session_that_names_the_user(engine: sa.Engine) -> None:
    outcome = accounts.sign_in(engine, " Gov.Ilam ", PASSWORD, T0)
    assert outcome.outcome == "ok" and outcome.user == USERS["governor"]
    assert len(outcome.token) >= 40
    found, why = accounts.session_user(engine, outcome.token, _minutes(10), IDLE)
    assert (found, why) == (USERS["governor"], "ok")
    with engine.connect() as conn:
        stored = conn.execute(sa.select(schema.sessions.c.token_hash)).scalars().all()
        last = conn.execute(
            sa.select(schema.users.c.last_sign_in_at).where(schema.users.c.username == "gov.ilam")
        ).scalar_one()
    assert outcome.token not in stored  # only its hash is kept
    assert last == T0
    assert ("sign_in", "password") in _audit(engine, "gov.ilam")


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(engine: sa.Engine) -> None:
    unknown = accounts.sign_in(engine, "no.such.user", PASSWORD, T0)
    wrong = accounts.sign_in(engine, "dir.ilam", PASSWORD + "x", T0)
    assert unknown == wrong == accounts.SignIn("invalid")
    assert _audit(engine, "no.such.user")[-1] == ("sign_in_failed", "unknown user")
    assert _audit(engine, "dir.ilam")[-1] == ("sign_in_failed", "wrong password")


def test_the_password_is_never_in_the_audit_log(engine: sa.Engine) -> None:
    accounts.sign_in(engine, "data.ilam", "a-secret-typed-wrong", T0)
    with engine.connect() as conn:
        details = audit.entries(conn)["detail"].drop_nulls().to_list()
    assert not any("a-secret-typed-wrong" in d for d in details)


def test_five_failures_lock_the_account_for_fifteen_minutes(engine: sa.Engine) -> None:
    _add(engine, "lock.me")
    for minute in range(4):
        assert accounts.sign_in(engine, "lock.me", "wrong-password", _minutes(minute)).outcome == (
            "invalid"
        )
    fifth = accounts.sign_in(engine, "lock.me", "wrong-password", _minutes(4))
    assert (fifth.outcome, fifth.locked_until) == ("locked", _minutes(19))
    during = accounts.sign_in(engine, "lock.me", PASSWORD, _minutes(18))  # the right password
    assert (during.outcome, during.token) == ("locked", None)
    after = accounts.sign_in(engine, "lock.me", PASSWORD, _minutes(19))
    assert after.outcome == "ok"
    actions = [action for action, _ in _audit(engine, "lock.me")]
    assert actions == ["sign_in_failed"] * 5 + ["lockout", "sign_in_locked", "sign_in"]


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(engine: sa.Engine) -> None:
    _add(engine, "slow.typist")
    for minute in (0, 5, 10, 15, 20.5):
        accounts.sign_in(engine, "slow.typist", "wrong-password", _minutes(minute))
    assert accounts.sign_in(engine, "slow.typist", PASSWORD, _minutes(21)).outcome == "ok"


def test_an_unknown_name_locks_too_so_lockout_tells_nothing(engine: sa.Engine) -> None:
    for minute in range(5):
        outcome = accounts.sign_in(engine, "ghost", "wrong-password", _minutes(minute))
    assert outcome.outcome == "locked"


def test_a_success_clears_the_count_of_failures(engine: sa.Engine) -> None:
    _add(engine, "forgetful")
    for minute in range(4):
        accounts.sign_in(engine, "forgetful", "wrong-password", _minutes(minute))
    assert accounts.sign_in(engine, "forgetful", PASSWORD, _minutes(5)).outcome == "ok"
    assert accounts.sign_in(engine, "forgetful", "wrong-password", _minutes(6)).outcome == (
        "invalid"
    )


def test_an_idle_session_ends_and_says_so_once(engine: sa.Engine) -> None:
    token = accounts.sign_in(engine, "edge.town", PASSWORD, T0).token
    assert accounts.session_user(engine, token, T0 + IDLE, IDLE)[1] == "ok"  # exactly 30 min
    later = T0 + IDLE + IDLE + dt.timedelta(seconds=1)
    assert accounts.session_user(engine, token, later, IDLE) == (None, "idle")
    assert accounts.session_user(engine, token, later, IDLE) == (None, "ended")
    assert [a for a, _ in _audit(engine, "edge.town")][-2:] == ["sign_in", "idle_sign_out"]


def test_each_run_keeps_a_session_alive(engine: sa.Engine) -> None:
    token = accounts.sign_in(engine, "guilds.ilam", PASSWORD, T0).token
    for minute in (20, 40, 60, 80):
        assert accounts.session_user(engine, token, _minutes(minute), IDLE)[1] == "ok"


def test_sign_out_ends_the_session_everywhere(engine: sa.Engine) -> None:
    token = accounts.sign_in(engine, "national", PASSWORD, T0).token
    accounts.sign_out(engine, token, _minutes(1))
    accounts.sign_out(engine, token, _minutes(2))  # a second click
    assert accounts.session_user(engine, token, _minutes(3), IDLE) == (None, "ended")
    assert [a for a, _ in _audit(engine, "national")][-2:] == ["sign_in", "sign_out"]
    assert accounts.session_user(engine, "made-up-token", T0, IDLE) == (None, "none")
    assert accounts.session_user(engine, None, T0, IDLE) == (None, "none")


def test_disabling_a_user_ends_their_sessions_at_once(engine: sa.Engine) -> None:
    _add(engine, "leaver")
    token = accounts.sign_in(engine, "leaver", PASSWORD, T0).token
    accounts.disable(engine, "leaver", _minutes(1), "test")
    assert accounts.session_user(engine, token, _minutes(2), IDLE) == (None, "inactive")
    again = accounts.sign_in(engine, "leaver", PASSWORD, _minutes(3))
    assert again.outcome == "invalid"
    assert _audit(engine, "leaver")[-1] == ("sign_in_failed", "inactive")
    with engine.connect() as conn:
        assert accounts.user(conn, "leaver") is None


def test_a_new_password_replaces_the_old(engine: sa.Engine) -> None:
    _add(engine, "renewer")
    accounts.set_password(engine, "renewer", "another-password", T0, "test")
    assert accounts.sign_in(engine, "renewer", PASSWORD, T0).outcome == "invalid"
    assert accounts.sign_in(engine, "renewer", "another-password", T0).outcome == "ok"
    with pytest.raises(accounts.AccountError, match="at least 10"):
        accounts.set_password(engine, "renewer", "short", T0, "test")
    with pytest.raises(accounts.AccountError, match="no user"):
        accounts.set_password(engine, "nobody.here", "long-enough-password", T0, "test")


@pytest.mark.parametrize(
    ("fields", "wrong"),
    [
        ({"province": "IR-99"}, "unknown province"),
        ({"role": "county", "county_id": 1279146}, "is not in IR-16"),  # Khorramabad: IR-15
        ({"role": "committee", "agency": "police"}, "unknown agency"),
        ({"role": "committee"}, "needs --agency"),
    ],
)
def test_a_user_outside_the_reference_data_is_refused(engine, fields: dict, wrong: str) -> None:
    with engine.connect() as conn:
        before = accounts.users(conn).height
    with pytest.raises(accounts.AccountError, match=wrong):
        _add(engine, "misfit", **fields)
    with engine.connect() as conn:
        assert accounts.users(conn).height == before


def test_a_username_is_taken_once(engine: sa.Engine) -> None:
    with pytest.raises(accounts.AccountError, match="exists already"):
        _add(engine, "GOV.ILAM")


def test_the_user_list_holds_no_password_hash(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        table = accounts.users(conn)
    assert "password_hash" not in table.columns
    assert {u.username for u in USERS.values()} <= set(table["username"])


def test_an_oidc_identity_maps_to_its_user_and_an_unknown_one_is_refused(engine) -> None:
    accounts.add_user(
        engine, User("sara", "Sara", "director", "IR-16"), PASSWORD, T0, "test", "Sara@Ilam.IR"
    )
    outcome = accounts.sign_in_identity(engine, ["sara@ilam.ir", "sub-123"], T0)
    assert outcome.outcome == "ok" and outcome.user.username == "sara"
    assert accounts.session_user(engine, outcome.token, T0, IDLE)[0].username == "sara"
    by_name = accounts.sign_in_identity(engine, ["", "gov.ilam"], T0)  # a subject = username
    assert by_name.user == USERS["governor"]
    stranger = accounts.sign_in_identity(engine, ["stranger@example.org", "sub-9"], T0)
    assert stranger == accounts.SignIn("invalid")
    assert _audit(engine, "stranger@example.org")[-1] == (
        "sign_in_refused",
        "OIDC identity not authorised",
    )


def test_demo_accounts_only_on_sample_data_without_imports(writable_url: str) -> None:
    engine = db.make_engine(writable_url)
    with engine.begin() as conn:  # a fresh user table, as a seeded sample has
        conn.execute(schema.users.delete())
    assert accounts.add_demo_accounts(engine, T0) == len(DEMOS)
    assert accounts.add_demo_accounts(engine, T0) == 0  # once
    demo = DEMOS[0]
    with engine.connect() as conn:
        listed = accounts.demo_accounts(conn)
    assert listed == [(d.user, d.password) for d in DEMOS]
    assert {d.user.role for d in DEMOS} == set(people.ROLES)
    assert accounts.sign_in(engine, demo.user.username, demo.password, T0).outcome == "ok"
    with engine.begin() as conn:  # an extract is imported
        store_an_import(conn, 1, T0)
    with engine.connect() as conn:
        assert accounts.demo_accounts(conn) == []
    refused = accounts.sign_in(engine, demo.user.username, demo.password, _minutes(1))
    assert refused == accounts.SignIn("demo_closed")
    engine.dispose()


def test_an_open_demo_session_ends_once_data_is_imported(writable_url: str) -> None:
    engine = db.make_engine(writable_url)
    with engine.begin() as conn:
        conn.execute(schema.imports.delete())
        conn.execute(schema.users.delete().where(schema.users.c.demo.is_(True)))
    demo = DEMOS[4]
    with engine.begin() as conn:
        accounts._insert(conn, demo.user, people.hash_password(demo.password), None, T0, True)
    token = accounts.sign_in(engine, demo.user.username, demo.password, T0).token
    assert accounts.session_user(engine, token, T0, IDLE)[1] == "ok"
    with engine.begin() as conn:
        store_an_import(conn, 2, T0)
    assert accounts.session_user(engine, token, _minutes(1), IDLE) == (None, "demo_closed")
    assert accounts.sign_in_identity(engine, [demo.user.username], T0).outcome == "invalid"
    engine.dispose()


def test_an_identity_cannot_be_another_users_name(engine: sa.Engine) -> None:
    _add(engine, "namesake")
    with pytest.raises(accounts.AccountError, match="exists already"):
        accounts.add_user(
            engine, User("newcomer", "N", "national"), PASSWORD, T0, "test", identity="namesake"
        )
