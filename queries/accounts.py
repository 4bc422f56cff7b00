"""Users, sign-in and sessions: local accounts (argon2id), OpenID Connect identities, lockout,
idle sessions; every attempt and its outcome in the audit log.

A session is a random token held by the browser (a cookie) and, hashed, by the sessions table;
each run of the app looks it up (session_user), so a disabled account or an idle session ends
at once, on every tab.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets

import polars as pl
import sqlalchemy as sa

from dashboard import people
from dashboard import schema as s
from dashboard.rows import read_frame
from dashboard.sample.people import DEMOS
from queries import audit, scope

SEEN_EVERY = dt.timedelta(minutes=1)  # a session's seen_at is written at most this often
LOOKBACK = dt.timedelta(days=1)  # how far back failed sign-ins are read for the lockout


class AccountError(ValueError):
    """A user command refused, with the reason."""


@dataclasses.dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: outcome is ok, invalid (unknown user or wrong password: one
    answer for both), locked (until locked_until) or demo_closed (a demo account on a database
    that holds imported data)."""

    outcome: str
    user: people.User | None = None
    token: str | None = None
    locked_until: dt.datetime | None = None


def _user(row: sa.RowMapping) -> people.User:
    return people.User(
        row["username"], row["display_name"], row["role"], row["province_code"],
        row["county_id"], row["agency"],
    )  # fmt: skip


def user(conn: sa.Connection, username: str) -> people.User | None:
    """The active user of that name, as stored now; None when there is none."""
    u = s.users
    row = (
        conn.execute(
            sa.select(u).where(u.c.username == username.strip().lower(), u.c.active.is_(True))
        )
        .mappings()
        .first()
    )
    return None if row is None else _user(row)


def named(source: sa.FromClause, actor: sa.ColumnElement) -> tuple[sa.FromClause, sa.ColumnElement]:
    """source joined to the users named by its actor column, and the actor as shown: the user's
    display name, or the stored text where no user has that name (older rows, the server's
    command line)."""
    u = s.users
    joined = source.outerjoin(u, u.c.username == actor)
    return joined, sa.func.coalesce(u.c.display_name, actor)


_DEMO_NAMES = {d.user.username for d in DEMOS}


def _is_demo(conn: sa.Connection, username: str) -> bool:
    u = s.users
    return bool(conn.execute(sa.select(u.c.demo).where(u.c.username == username)).scalar())


def has_users(conn: sa.Connection) -> bool:
    """Has any user been added (active or not)?"""
    return conn.execute(sa.select(s.users.c.username).limit(1)).first() is not None


def demo_allowed(conn: sa.Connection) -> bool:
    """May demo accounts sign in here: generated sample data, no imported extract?"""
    source = conn.execute(
        sa.select(s.settings.c.value).where(s.settings.c.key == "data_source")
    ).scalar()
    imported = conn.execute(sa.select(s.imports.c.id).limit(1)).first() is not None
    return source == "sample" and not imported


def demo_accounts(conn: sa.Connection) -> list[tuple[people.User, str]]:
    """The demo accounts with their passwords, for the sign-in page; none where demo accounts
    are refused."""
    if not demo_allowed(conn):
        return []
    u = s.users
    stored = set(
        conn.execute(
            sa.select(u.c.username).where(u.c.demo.is_(True), u.c.active.is_(True))
        ).scalars()
    )
    return [(d.user, d.password) for d in DEMOS if d.user.username in stored]


def add_demo_accounts(engine: sa.Engine, now: dt.datetime) -> int:
    """Give a sample database with no users yet its demo accounts; returns how many."""
    with engine.begin() as conn:
        if not demo_allowed(conn) or has_users(conn):
            return 0
        for demo in DEMOS:
            _insert(conn, demo.user, people.hash_password(demo.password), None, now, demo=True)
    return len(DEMOS)


def _insert(conn, user: people.User, password_hash, identity, now, demo=False) -> None:
    conn.execute(
        s.users.insert().values(
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            province_code=user.province_code,
            county_id=user.county_id,
            agency=user.agency,
            identity=identity,
            password_hash=password_hash,
            active=True,
            demo=demo,
            created_at=now,
        )  # fmt: skip
    )


def _check_area(conn: sa.Connection, user: people.User) -> None:
    if user.province_code is not None:
        known = conn.execute(
            sa.select(s.provinces.c.code).where(s.provinces.c.code == user.province_code)
        ).first()
        if known is None:
            raise AccountError(f"unknown province {user.province_code!r}")
    if user.county_id is not None:
        c = s.counties
        found = conn.execute(sa.select(c.c.province_code).where(c.c.id == user.county_id)).first()
        if found is None or found[0] != user.province_code:
            raise AccountError(f"county {user.county_id} is not in {user.province_code}")
    if user.agency is not None:
        known = conn.execute(
            sa.select(s.agencies.c.code).where(s.agencies.c.code == user.agency)
        ).first()
        if known is None:
            codes = conn.execute(sa.select(s.agencies.c.code).order_by(s.agencies.c.code))
            raise AccountError(
                f"unknown agency {user.agency!r}: one of {', '.join(codes.scalars())}"
            )


def add_user(
    engine: sa.Engine,
    user: people.User,
    password: str,
    now: dt.datetime,
    by: str,
    identity: str | None = None,
) -> people.User:
    """Store a new user (its username normalised, its role, area and agency checked, its
    password hashed); returns it as stored. AccountError names what is wrong."""
    try:
        name = people.check_username(user.username)
        people.check_user(user.role, user.province_code, user.county_id, user.agency)
        password_hash = people.hash_password(password)
    except ValueError as error:
        raise AccountError(str(error)) from None
    user = dataclasses.replace(user, username=name, display_name=user.display_name or name)
    identity = identity.strip().lower() if identity else None
    with engine.begin() as conn:
        _check_area(conn, user)
        u = s.users
        taken = sa.or_(
            u.c.username.in_({name, identity or name}), u.c.identity.in_({name, identity or name})
        )
        if conn.execute(sa.select(u.c.username).where(taken)).first():
            raise AccountError(f"user {name!r} (or that identity) exists already")
        _insert(conn, user, password_hash, identity, now)
        audit.record(
            conn, by, "user_change", now, f"added {name} as {user.role}",
            user.province_code, user.county_id,
        )  # fmt: skip
    return user


def set_password(engine: sa.Engine, username: str, password: str, now: dt.datetime, by: str):
    """Give a user a new password (checked and hashed); AccountError when there is no such
    user or the password is refused."""
    try:
        password_hash = people.hash_password(password)
    except ValueError as error:
        raise AccountError(str(error)) from None
    _change(engine, username, {"password_hash": password_hash}, now, by, "new password")


def disable(engine: sa.Engine, username: str, now: dt.datetime, by: str) -> None:
    """Disable a user and end their sessions at once."""
    _change(engine, username, {"active": False}, now, by, "disabled")
    with engine.begin() as conn:
        _end_all(conn, username.strip().lower(), now, "inactive")


def _change(engine, username: str, values: dict, now: dt.datetime, by: str, what: str) -> None:
    name = username.strip().lower()
    with engine.begin() as conn:
        changed = conn.execute(s.users.update().where(s.users.c.username == name).values(values))
        if changed.rowcount != 1:
            raise AccountError(f"no user {username!r}")
        audit.record(conn, by, "user_change", now, f"{name}: {what}")


def users(conn: sa.Connection) -> pl.DataFrame:
    """Every user, by username: username, display_name, role, province_code, county_id, agency,
    their names (province_name_fa/_en, county_name_fa/_en, agency_name_fa/_en), identity,
    active, demo, created_at, last_sign_in_at (no password hash)."""
    u, a = s.users, s.agencies
    joined, names = scope.area_names(u)
    columns = [
        "username", "display_name", "role", "province_code", "county_id", "agency", "identity",
        "active", "demo", "created_at", "last_sign_in_at",
    ]  # fmt: skip
    query = (
        sa.select(
            *[u.c[c] for c in columns],
            *names,
            a.c.name_fa.label("agency_name_fa"),
            a.c.name_en.label("agency_name_en"),
        )  # fmt: skip
        .select_from(joined.outerjoin(a, a.c.code == u.c.agency))
        .order_by(u.c.username)
    )
    schema = {
        "username": pl.String, "display_name": pl.String, "role": pl.String,
        "province_code": pl.String, "county_id": pl.Int64, "agency": pl.String,
        "identity": pl.String, "active": pl.Boolean, "demo": pl.Boolean,
        "created_at": pl.Datetime("us"), "last_sign_in_at": pl.Datetime("us"),
        **dict.fromkeys(scope.NAME_COLUMNS, pl.String),
        "agency_name_fa": pl.String, "agency_name_en": pl.String,
    }  # fmt: skip
    return read_frame(conn, query, schema)


# --- Signing in and out --------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _area_of(user: people.User | None) -> tuple[str | None, int | None]:
    return (None, None) if user is None else (user.province_code, user.county_id)


def lock_end(conn: sa.Connection, username: str, now: dt.datetime) -> dt.datetime | None:
    """When the lockout of username (as typed, known or not) ends; None when not locked."""
    since = now - LOOKBACK
    successes = audit.times(conn, username, "sign_in", since)
    if successes:
        since = successes[-1]
    return people.locked_until(audit.times(conn, username, "sign_in_failed", since), now)


def sign_in(engine: sa.Engine, username: str, password: str, now: dt.datetime) -> SignIn:
    """Check a local account's password; on success a new session (its token for the cookie).
    Every attempt is audited; the password never is."""
    name = username.strip().lower()[:80] or "(empty)"
    with engine.connect() as conn:
        locked = lock_end(conn, name, now)
        row = conn.execute(sa.select(s.users).where(s.users.c.username == name)).mappings().first()
        demo_open = demo_allowed(conn)
    if locked is not None:
        with engine.begin() as conn:
            audit.record(conn, name, "sign_in_locked", now, f"locked until {locked:%H:%M}")
        return SignIn("locked", locked_until=locked)
    usable = row is not None and row["active"] and row["password_hash"]
    matches = people.verify(row["password_hash"] if usable else None, password)
    if not matches:
        with engine.begin() as conn:
            why = "unknown user" if row is None else "wrong password" if usable else "inactive"
            audit.record(conn, name, "sign_in_failed", now, why)
            locked = lock_end(conn, name, now)
            if locked is not None:
                audit.record(conn, name, "lockout", now, f"until {locked:%H:%M}")
        return SignIn("locked" if locked else "invalid", locked_until=locked)
    user = _user(row)
    if row["demo"] and not demo_open:
        with engine.begin() as conn:
            audit.record(conn, name, "sign_in_refused", now, "demo account, imported data")
        return SignIn("demo_closed")
    with engine.begin() as conn:
        token = _start(conn, user, "password", now)
    return SignIn("ok", user, token)


def identity_user(conn: sa.Connection, identities: list[str]) -> people.User | None:
    """The active user an OpenID Connect identity (its email or subject) maps to: by the
    user's identity, else by a username equal to it."""
    wanted = [i.strip().lower() for i in identities if i]
    if not wanted:
        return None
    u = s.users
    query = sa.select(u).where(
        sa.or_(u.c.identity.in_(wanted), u.c.username.in_(wanted)),
        u.c.active.is_(True),
        u.c.demo.is_(False),
    )
    row = conn.execute(query.order_by(u.c.username)).mappings().first()
    return None if row is None else _user(row)


def sign_in_identity(engine: sa.Engine, identities: list[str], now: dt.datetime) -> SignIn:
    """A session for the user an OIDC identity maps to; invalid (and audited) when none."""
    with engine.begin() as conn:
        found = identity_user(conn, identities)
        if found is None:
            shown = next((i for i in identities if i), "(no identity)")
            audit.record(conn, shown, "sign_in_refused", now, "OIDC identity not authorised")
            return SignIn("invalid")
        return SignIn("ok", found, _start(conn, found, "oidc", now))


def _start(conn: sa.Connection, user: people.User, method: str, now: dt.datetime) -> str:
    token = secrets.token_urlsafe(32)
    conn.execute(
        s.sessions.insert().values(
            token_hash=_hash(token),
            username=user.username,
            method=method,
            started_at=now,
            seen_at=now,
        )  # fmt: skip
    )
    conn.execute(
        s.users.update().where(s.users.c.username == user.username).values(last_sign_in_at=now)
    )
    audit.record(conn, user.username, "sign_in", now, method, *_area_of(user))
    return token


def session_user(
    engine: sa.Engine, token: str | None, now: dt.datetime, idle: dt.timedelta
) -> tuple[people.User | None, str]:
    """The user of a session token and why not when there is none: ok, none (no such
    session), ended (signed out, or idle before), idle (it ends now: no run for longer than
    idle) or inactive (the account was disabled)."""
    if not token:
        return None, "none"
    se = s.sessions
    with engine.connect() as conn:
        row = conn.execute(sa.select(se).where(se.c.token_hash == _hash(token))).mappings().first()
        found = None if row is None else user(conn, row["username"])
    if row is None:
        return None, "none"
    if row["ended_at"] is not None:
        return None, "inactive" if row["end_reason"] == "inactive" else "ended"
    reason = "idle" if now - row["seen_at"] > idle else "inactive" if found is None else "ok"
    if reason == "ok" and found.username in _DEMO_NAMES:
        with engine.connect() as conn:
            if _is_demo(conn, found.username) and not demo_allowed(conn):
                reason = "demo_closed"  # data was imported since this demo session began
    with engine.begin() as conn:
        if reason != "ok":
            _end(conn, row["token_hash"], row["username"], now, reason)
            return None, reason
        if now - row["seen_at"] >= SEEN_EVERY:
            conn.execute(
                se.update().where(se.c.token_hash == row["token_hash"]).values(seen_at=now)
            )
    return found, "ok"


def _end(conn, token_hash: str, username: str, now: dt.datetime, reason: str) -> None:
    se = s.sessions
    ended = conn.execute(
        se.update()
        .where(se.c.token_hash == token_hash, se.c.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
    )
    action = {"sign_out": "sign_out", "idle": "idle_sign_out"}.get(reason)
    if ended.rowcount and action:
        audit.record(conn, username, action, now)


def _end_all(conn, username: str, now: dt.datetime, reason: str) -> None:
    se = s.sessions
    conn.execute(
        se.update()
        .where(se.c.username == username, se.c.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
    )


def sign_out(engine: sa.Engine, token: str, now: dt.datetime) -> None:
    """End a session (audited once, however often it is asked)."""
    se = s.sessions
    with engine.begin() as conn:
        row = conn.execute(sa.select(se.c.username).where(se.c.token_hash == _hash(token))).first()
        if row is not None:
            _end(conn, _hash(token), row[0], now, "sign_out")
