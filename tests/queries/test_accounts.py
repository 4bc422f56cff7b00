"""Users, sign-in, lockout, sessions and their audit rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from dashboard import calendar, db, people, schema, setup
from dashboard.people import User
from dashboard.sample.people import DEMOS
from queries import accounts, audit
from tests.conftest import ROOT, copy_of
from tests.populate import PASSWORD, USERS, older_code_set_it_up, store_an_import

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


def _everything(engine: sa.Engine) -> tuple[list, list, list]:
    """The users, the sessions and the audit log as they are now."""
    u, se, a = schema.users, schema.sessions, schema.audit
    with engine.connect() as conn:
        return (
            conn.execute(sa.select(u).order_by(u.c.username)).all(),
            conn.execute(sa.select(se).order_by(se.c.token_hash)).all(),
            conn.execute(sa.select(a).order_by(a.c.id)).all(),
        )


def _added(
    engine: sa.Engine, before: tuple, ended: dict[str, tuple[dt.datetime, str]] | None = None
) -> list[tuple[str, str, str | None]]:
    """The audit rows (username, action, detail) added since before, having checked that the
    users are as they were, and the sessions too but for the ones of ended (token: when and
    why it ended), and that no audit row changed."""
    users, sessions, log = _everything(engine)
    assert users == before[0]
    ended = {accounts._hash(token): why for token, why in (ended or {}).items()}
    expected = [
        (*row[:5], *ended[row.token_hash], *row[7:]) if row.token_hash in ended else tuple(row)
        for row in before[1]
    ]
    assert [tuple(row) for row in sessions] == expected
    assert log[: len(before[2])] == before[2]
    return [(row.username, row.action, row.detail) for row in log[len(before[2]) :]]


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
    claims = {"email": "sara@ilam.ir", "email_verified": True, "sub": "sub-123"}
    outcome = accounts.sign_in_identity(engine, claims, T0)
    assert outcome.outcome == "ok" and outcome.user.username == "sara"
    assert accounts.session_user(engine, outcome.token, T0, IDLE)[0].username == "sara"
    by_name = accounts.sign_in_identity(engine, {"sub": "gov.ilam"}, T0)  # a subject = username
    assert by_name.user == USERS["governor"]
    before = _everything(engine)
    stranger = accounts.sign_in_identity(
        engine, {"email": "stranger@example.org", "email_verified": True, "sub": "sub-9"}, T0
    )
    assert stranger == accounts.SignIn("invalid")
    assert _added(engine, before) == [
        ("stranger@example.org", "sign_in_refused", "OIDC identity not authorised")
    ]
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
    assert accounts.sign_in_identity(engine, {"sub": demo.user.username}, T0).outcome == "invalid"
    engine.dispose()


def test_an_identity_cannot_be_another_users_name(engine: sa.Engine) -> None:
    _add(engine, "namesake")
    with pytest.raises(accounts.AccountError, match="exists already"):
        accounts.add_user(
            engine, User("newcomer", "N", "national"), PASSWORD, T0, "test", identity="namesake"
        )


# --- Refusals change nothing but the audit log ---------------------------------------------


def test_a_refused_password_changes_nothing_but_its_audit_row(engine: sa.Engine) -> None:
    _add(engine, "refused.one")
    accounts.disable(engine, _add(engine, "refused.gone").username, T0, "test")
    for name, password, why in [
        ("refused.one", "wrong-password", "wrong password"),
        ("no.such.name", PASSWORD, "unknown user"),
        ("refused.gone", PASSWORD, "inactive"),  # the right password of a disabled user
    ]:
        before = _everything(engine)
        assert accounts.sign_in(engine, name, password, _minutes(1)) == accounts.SignIn("invalid")
        assert _added(engine, before) == [(name, "sign_in_failed", why)]


# --- Sessions: an absolute lifetime, a new token at every sign-in, ended by a new password ---


def test_a_session_ends_twelve_hours_after_sign_in_whatever_the_activity(engine) -> None:
    _add(engine, "busy.bee")
    token = accounts.sign_in(engine, "busy.bee", PASSWORD, T0).token
    for minute in range(0, 12 * 60 + 1, 20):  # a click every 20 minutes, never idle
        assert accounts.session_user(engine, token, _minutes(minute), IDLE)[1] == "ok"
    before = _everything(engine)
    late = _minutes(12 * 60 + 1)
    assert accounts.session_user(engine, token, late, IDLE) == (None, "expired")
    expired = ("busy.bee", "sign_out", "expired: 12 hours after sign-in")
    assert _added(engine, before, ended={token: (late, "expired")}) == [expired]
    assert accounts.session_user(engine, token, late, IDLE) == (None, "ended")
    assert accounts.sign_in(engine, "busy.bee", PASSWORD, late).outcome == "ok"


def test_the_lifetime_is_the_setting_session_hours(engine: sa.Engine) -> None:
    _add(engine, "short.day")
    token = accounts.sign_in(engine, "short.day", PASSWORD, T0).token
    row = schema.settings.c.key == "session_hours"
    with engine.begin() as conn:
        assert conn.execute(sa.select(schema.settings.c.value).where(row)).scalar_one() == "12"
        conn.execute(schema.settings.update().where(row).values(value="0.5"))
    try:
        assert accounts.session_user(engine, token, _minutes(30), IDLE)[1] == "ok"
        assert accounts.session_user(engine, token, _minutes(31), IDLE)[1] == "expired"
    finally:
        with engine.begin() as conn:
            conn.execute(schema.settings.update().where(row).values(value="12"))
    assert _audit(engine, "short.day")[-1] == ("sign_out", "expired: 0.5 hours after sign-in")


def test_every_sign_in_gets_a_new_token_and_one_from_before_a_sign_out_is_refused(
    engine: sa.Engine,
) -> None:
    _add(engine, "two.tabs")
    first = accounts.sign_in(engine, "two.tabs", PASSWORD, T0).token
    second = accounts.sign_in(engine, "two.tabs", PASSWORD, _minutes(1)).token
    assert first != second and accounts._hash(first) != accounts._hash(second)
    accounts.sign_out(engine, first, _minutes(2))
    third = accounts.sign_in(engine, "two.tabs", PASSWORD, _minutes(3)).token
    assert third not in (first, second)
    before = _everything(engine)
    assert accounts.session_user(engine, first, _minutes(4), IDLE) == (None, "ended")
    assert _added(engine, before) == [], "an old cookie is refused, and changes nothing"
    assert accounts.session_user(engine, third, _minutes(4), IDLE)[1] == "ok"


def test_a_new_password_ends_every_session_of_the_user(engine: sa.Engine) -> None:
    _add(engine, "changer")
    old = [accounts.sign_in(engine, "changer", PASSWORD, T0).token for _ in range(2)]
    other = accounts.sign_in(engine, _add(engine, "bystander").username, PASSWORD, T0).token
    ended = accounts.set_password(engine, "changer", "a-new-password-1405", _minutes(1), "test")
    assert ended == 2
    assert _audit(engine, "test")[-1] == (
        "user_change",
        "changer: new password; 2 session(s) ended",
    )
    before = _everything(engine)
    for token in old:  # the cookies from before the change
        assert accounts.session_user(engine, token, _minutes(2), IDLE) == (None, "password")
    assert _added(engine, before) == []
    with engine.connect() as conn:
        se = schema.sessions
        reasons = conn.execute(
            sa.select(se.c.end_reason, se.c.ended_at).where(se.c.username == "changer")
        ).all()
    assert reasons == [("password", _minutes(1))] * 2
    assert accounts.session_user(engine, other, _minutes(2), IDLE)[1] == "ok", "others stay"
    assert accounts.sign_in(engine, "changer", PASSWORD, _minutes(3)).outcome == "invalid"


def test_a_password_changed_in_a_session_ends_the_users_other_sessions(engine) -> None:
    _add(engine, "keeper")
    here, there = (accounts.sign_in(engine, "keeper", PASSWORD, T0).token for _ in range(2))
    assert accounts.set_password(engine, "keeper", "kept-password-1405", T0, "keeper", keep=here)
    assert accounts.session_user(engine, here, _minutes(1), IDLE)[1] == "ok"
    assert accounts.session_user(engine, there, _minutes(1), IDLE) == (None, "password")


def test_user_passwd_on_the_command_line_ends_the_users_sessions(
    engine: sa.Engine, writable_url: str
) -> None:
    _add(engine, "cli.changed")
    now = dt.datetime(2026, 5, 12, 10)
    token = accounts.sign_in(engine, "cli.changed", PASSWORD, now).token
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "user", "passwd", "cli.changed", "--db", writable_url],
        cwd=ROOT, capture_output=True, text=True, input="cli-password-1405\n",
        env={**os.environ, calendar.CLOCK: now.isoformat()},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "new password for cli.changed; 1 open session(s) ended"
    assert accounts.session_user(engine, token, now, IDLE) == (None, "password")
    log = _everything(engine)[2][-1]
    assert (log.action, log.detail) == (
        "user_change",
        "cli.changed: new password; 1 session(s) ended",
    )
    assert log.username.startswith("cli:")
    assert "cli-password-1405" not in done.stdout + done.stderr + str(log)
    assert accounts.sign_in(engine, "cli.changed", "cli-password-1405", now).outcome == "ok"


# --- OpenID Connect: a verified email, sessions bound to the subject and the identity -------


@pytest.mark.parametrize("flag", [False, None, "false", "yes"], ids=["false", "none", "f", "yes"])
def test_an_unverified_email_is_refused_and_audited(engine: sa.Engine, flag) -> None:
    name = f"unverified.{type(flag).__name__}.{flag}".lower()
    _add(engine, name)
    with engine.begin() as conn:  # the email as the user's identity
        users = schema.users
        identity = f"{name}@ilam.ir"
        conn.execute(users.update().where(users.c.username == name).values(identity=identity))
    claims = {"email": identity, "sub": f"sub-{name}"}
    if flag is not None:
        claims["email_verified"] = flag
    before = _everything(engine)
    assert accounts.sign_in_identity(engine, claims, T0) == accounts.SignIn("unverified")
    assert _added(engine, before) == [(identity, "sign_in_refused", "OIDC email not verified")]
    with engine.connect() as conn:
        assert accounts.identity_user(conn, claims) is None
    verified = accounts.sign_in_identity(engine, {**claims, "email_verified": "true"}, T0)
    assert verified.outcome == "ok" and verified.user.username == name


def test_a_subject_needs_no_email(engine: sa.Engine) -> None:
    accounts.add_user(engine, User("by.sub", "S", "national"), PASSWORD, T0, "test", "Sub-77")
    claims = {"email": "anything@example.org", "email_verified": False, "sub": "sub-77"}
    assert accounts.sign_in_identity(engine, claims, T0).user.username == "by.sub"


def _bound(engine: sa.Engine, token: str) -> tuple:
    se = schema.sessions
    with engine.connect() as conn:
        return conn.execute(
            sa.select(se.c.method, se.c.subject, se.c.identity).where(
                se.c.token_hash == accounts._hash(token)
            )
        ).one()


def test_an_oidc_session_is_bound_to_the_providers_subject(engine: sa.Engine) -> None:
    accounts.add_user(engine, User("bound", "B", "national"), PASSWORD, T0, "test", "bound@ilam.ir")
    claims = {"email": "Bound@Ilam.IR", "email_verified": True, "sub": "Sub-ABC"}
    token = accounts.sign_in_identity(engine, claims, T0).token
    assert _bound(engine, token) == ("oidc", "Sub-ABC", "bound@ilam.ir")
    password = accounts.sign_in(engine, "bound", PASSWORD, T0).token
    assert _bound(engine, password) == ("password", None, None)
    assert accounts.session_user(engine, token, _minutes(1), IDLE, subject="Sub-ABC")[1] == "ok"
    assert accounts.session_user(engine, token, _minutes(1), IDLE)[1] == "ok"  # not checked
    before = _everything(engine)
    another = accounts.session_user(engine, token, _minutes(2), IDLE, subject="sub-other")
    assert another == (None, "identity")
    ended = {token: (_minutes(2), "identity")}
    assert _added(engine, before, ended) == [("bound", "sign_out", "OIDC identity changed")]
    assert accounts.session_user(engine, password, _minutes(2), IDLE, subject="x")[1] == "ok"


@pytest.mark.parametrize("was", ["moved@ilam.ir", None], ids=["identity", "username"])
def test_an_identity_changed_on_the_server_is_out_at_the_next_click(engine, was) -> None:
    name = f"moved.{'id' if was else 'name'}"
    accounts.add_user(engine, User(name, "M", "national"), PASSWORD, T0, "test", was)
    claims = {"email": was or "x@example.org", "email_verified": True, "sub": was or name}
    token = accounts.sign_in_identity(engine, claims, T0).token
    assert _bound(engine, token)[2] == (was or name)
    assert accounts.session_user(engine, token, _minutes(1), IDLE)[1] == "ok"
    users = schema.users
    with engine.begin() as conn:  # the server's administrator gives the account another identity
        conn.execute(
            users.update().where(users.c.username == name).values(identity=f"new.{name}@ilam.ir")
        )
    before = _everything(engine)
    assert accounts.session_user(engine, token, _minutes(2), IDLE) == (None, "identity")
    ended = {token: (_minutes(2), "identity")}
    assert _added(engine, before, ended) == [(name, "sign_out", "OIDC identity changed")]
    assert accounts.sign_in_identity(engine, claims, _minutes(3)).outcome == "invalid"


def test_an_older_database_gains_the_session_columns(sqlite_path: str, tmp_path) -> None:
    engine = db.make_engine(copy_of(sqlite_path, tmp_path / "older.db"))
    with engine.begin() as conn:  # sessions as they were before they were bound
        older_code_set_it_up(conn)
        conn.exec_driver_sql("DELETE FROM sessions")
        conn.exec_driver_sql("ALTER TABLE sessions DROP COLUMN subject")
        conn.exec_driver_sql("ALTER TABLE sessions DROP COLUMN identity")
        for token, method in (("old-password", "password"), ("old-oidc", "oidc")):
            conn.exec_driver_sql(
                "INSERT INTO sessions (token_hash, username, method, started_at, seen_at) "
                "VALUES (?, 'national', ?, ?, ?)",
                (accounts._hash(token), method, T0, T0),
            )
    assert set(setup.missing_columns(engine)) == {"sessions.subject", "sessions.identity"}
    setup.init(engine)
    assert setup.missing_columns(engine) == []
    assert accounts.session_user(engine, "old-password", _minutes(1), IDLE)[1] == "ok"
    # an OIDC session opened before sessions were bound is not trusted: one more sign-in
    assert accounts.session_user(engine, "old-oidc", _minutes(1), IDLE) == (None, "identity")
    engine.dispose()
