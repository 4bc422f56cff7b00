"""Users, sign-in and sessions: local accounts (argon2id), OpenID Connect identities, lockout,
idle and expired sessions; every attempt and its outcome in the audit log.

A session is a random token held by the browser (a cookie) and, hashed, by the sessions table;
each run of the app looks it up (session_user), so a disabled account, an idle or expired
session, a changed password or a changed identity ends it at once, on every tab. Every sign-in
opens a new session with a new token: a token from before is never taken over.

Lockout holds under parallel attempts: an attempt is counted and recorded (a failure "being
checked") under the name's sign-in lock before its password is checked, so at most
people.FAILURES attempts of a name reach the hash check however many arrive at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator, Mapping

import polars as pl
import sqlalchemy as sa

from dashboard import people, settings
from dashboard import schema as s
from dashboard.rows import read_rows
from dashboard.sample.people import DEMOS
from queries import audit, scope

SEEN_EVERY = dt.timedelta(minutes=1)  # a session's seen_at is written at most this often
LOOKBACK = dt.timedelta(days=1)  # how far back failed sign-ins are read for the lockout
CHECKING = "checking"  # the detail of an attempt's failure row while its password is checked


class AccountError(ValueError):
    """A user command refused, with the reason."""


@dataclasses.dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: outcome is ok, invalid (unknown user or wrong password: one
    answer for both), locked (until locked_until), demo_closed (a demo account on a database
    that holds imported data) or unverified (an OpenID Connect email the provider has not
    verified)."""

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


def set_password(
    engine: sa.Engine,
    username: str,
    password: str,
    now: dt.datetime,
    by: str,
    keep: str | None = None,
) -> int:
    """Give a user a new password (checked and hashed) and end their sessions, but for the
    one of the token keep (the session the user changed it from, if any), in one transaction;
    returns how many ended. AccountError when there is no such user or the password is
    refused."""
    try:
        password_hash = people.hash_password(password)
    except ValueError as error:
        raise AccountError(str(error)) from None
    name = username.strip().lower()
    with engine.begin() as conn:
        u = s.users
        changed = conn.execute(
            u.update().where(u.c.username == name).values(password_hash=password_hash)
        )
        if changed.rowcount != 1:
            raise AccountError(f"no user {username!r}")
        ended = _end_all(conn, name, now, "password", None if keep is None else _hash(keep))
        what = "new password" + (f"; {ended} session(s) ended" if ended else "")
        audit.record(conn, by, "user_change", now, f"{name}: {what}")
    return ended


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
    return read_rows(conn, query, schema)


# --- Signing in and out --------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _area_of(user: people.User | None) -> tuple[str | None, int | None]:
    return (None, None) if user is None else (user.province_code, user.county_id)


@contextlib.contextmanager
def _name_locked(engine: sa.Engine, name: str) -> Iterator[sa.Connection]:
    """A transaction holding the sign-in lock of name (known or not) until it commits: the
    attempts of one name are counted and recorded one after another, whatever the threads,
    processes or servers they come from. SQLite: the database's write lock, taken at once
    (BEGIN IMMEDIATE: a read that later wants to write could be refused instead of waiting);
    PostgreSQL: an advisory lock on the name, so other names do not wait. Held for a few
    reads and a write, never during the password check."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(
                sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                {"key": f"kalabarg-sign-in:{name}"},
            )
        yield conn
        conn.commit()


def _failures(
    conn: sa.Connection, username: str, now: dt.datetime, checking: bool = True
) -> list[dt.datetime]:
    """When username's failed sign-ins since its last successful one (within LOOKBACK) were,
    oldest first; checking: with the attempts whose password is being checked now."""
    a = s.audit
    mine = sa.and_(a.c.username == username, a.c.at >= now - LOOKBACK)
    success = sa.select(sa.func.max(a.c.id)).where(mine, a.c.action == "sign_in")
    query = sa.select(a.c.at).where(
        mine,
        a.c.action == "sign_in_failed",
        a.c.id > sa.func.coalesce(success.scalar_subquery(), 0),
    )
    if not checking:
        query = query.where(sa.or_(a.c.detail.is_(None), a.c.detail != CHECKING))
    return list(conn.execute(query.order_by(a.c.at, a.c.id)).scalars())


def lock_end(conn: sa.Connection, username: str, now: dt.datetime) -> dt.datetime | None:
    """When the lockout of username (as typed, known or not) ends; None when not locked. The
    attempts being checked count as failures until they are known."""
    return people.locked_until(_failures(conn, username, now), now)


def _attempt(conn: sa.Connection, name: str, now: dt.datetime) -> int:
    """Record an attempt of name before its password is checked (a failure being checked,
    which stays a failure should the check never end); its audit row's id. Under the name's
    sign-in lock: the newest failure row of the name is this one."""
    audit.record(conn, name, "sign_in_failed", now, CHECKING)
    a = s.audit
    mine = sa.and_(a.c.username == name, a.c.action == "sign_in_failed")
    return conn.execute(sa.select(sa.func.max(a.c.id)).where(mine)).scalar_one()


def _settle(conn: sa.Connection, attempt: int, action: str, detail: str, user=None) -> None:
    """Turn an attempt's row into its outcome, once its password has been checked."""
    province, county = _area_of(user)
    a = s.audit
    conn.execute(
        a.update()
        .where(a.c.id == attempt, a.c.detail == CHECKING)
        .values(action=action, detail=detail, province_code=province, county_id=county)
    )


def _account(conn: sa.Connection, name: str) -> sa.RowMapping | None:
    u = s.users
    return conn.execute(sa.select(u).where(u.c.username == name)).mappings().first()


def sign_in(engine: sa.Engine, username: str, password: str, now: dt.datetime) -> SignIn:
    """Check a local account's password; on success a new session (its token for the cookie).
    Every attempt is audited; the password never is.

    The lock is checked and the attempt recorded in one transaction under the name's sign-in
    lock, before the password is checked: of attempts arriving at once, at most
    people.FAILURES reach the check; the rest are refused as locked."""
    name = username.strip().lower()[:80] or "(empty)"
    with _name_locked(engine, name) as conn:
        locked = lock_end(conn, name, now)
        if locked is not None:
            audit.record(conn, name, "sign_in_locked", now, f"locked until {locked:%H:%M}")
            return SignIn("locked", locked_until=locked)
        attempt = _attempt(conn, name, now)
        row = _account(conn, name)
    usable = row is not None and row["active"] and row["password_hash"]
    matches = people.verify(row["password_hash"] if usable else None, password)
    with _name_locked(engine, name) as conn:
        current = _account(conn, name)
        if matches and (
            current is None
            or not current["active"]
            or current["password_hash"] != row["password_hash"]
        ):  # disabled, or given a new password, while this one was being checked
            matches, row, usable = False, current, False
        if not matches:
            why = "unknown user" if row is None else "wrong password" if usable else "inactive"
            known_before = people.locked_until(_failures(conn, name, now, False), now)
            _settle(conn, attempt, "sign_in_failed", why)
            known_after = people.locked_until(_failures(conn, name, now, False), now)
            if known_before is None and known_after is not None:
                audit.record(conn, name, "lockout", now, f"until {known_after:%H:%M}")
            locked = lock_end(conn, name, now)
            return SignIn("locked" if locked else "invalid", locked_until=locked)
        user = _user(current)
        if current["demo"] and not demo_allowed(conn):
            _settle(conn, attempt, "sign_in_refused", "demo account, imported data")
            return SignIn("demo_closed")
        token = _start(conn, user, "password", now, attempt=attempt)
    return SignIn("ok", user, token)


def _verified(claims: Mapping[str, object]) -> bool:
    """Does the provider say the email of these claims is verified (true, or 'true')?"""
    flag = claims.get("email_verified")
    return flag is True or (isinstance(flag, str) and flag.strip().lower() == "true")


def _identity_row(conn: sa.Connection, wanted: list[str]) -> sa.RowMapping | None:
    wanted = [i.strip().lower() for i in wanted if i and i.strip()]
    if not wanted:
        return None
    u = s.users
    query = sa.select(u).where(
        sa.or_(u.c.identity.in_(wanted), u.c.identity.is_(None) & u.c.username.in_(wanted)),
        u.c.active.is_(True),
        u.c.demo.is_(False),
    )
    return conn.execute(query.order_by(u.c.username)).mappings().first()


def _claimed(claims: Mapping[str, object]) -> tuple[str, str]:
    return str(claims.get("email") or "").strip(), str(claims.get("sub") or "").strip()


def identity_user(conn: sa.Connection, claims: Mapping[str, object]) -> people.User | None:
    """The active user an OpenID Connect sign-in's claims map to: by its subject (sub), or by
    its email where the provider says the email is verified (email_verified); a user's
    identity equal to one of them, else the username of a user who has no identity."""
    email, sub = _claimed(claims)
    row = _identity_row(conn, [sub, email if _verified(claims) else ""])
    return None if row is None else _user(row)


def sign_in_identity(engine: sa.Engine, claims: Mapping[str, object], now: dt.datetime) -> SignIn:
    """A session for the user an OIDC sign-in's claims (email, email_verified, sub) map to,
    bound to the provider's subject and to the user's identity as it is now; invalid (and
    audited) when none, unverified (and audited) when only an unverified email would map."""
    email, sub = _claimed(claims)
    shown = (email or sub or "(no identity)")[:80]
    with engine.begin() as conn:
        row = _identity_row(conn, [sub, email if _verified(claims) else ""])
        if row is None:
            if email and not _verified(claims) and _identity_row(conn, [email]) is not None:
                audit.record(conn, shown, "sign_in_refused", now, "OIDC email not verified")
                return SignIn("unverified")
            audit.record(conn, shown, "sign_in_refused", now, "OIDC identity not authorised")
            return SignIn("invalid")
        found = _user(row)
        bound = row["identity"] or row["username"]
        return SignIn("ok", found, _start(conn, found, "oidc", now, subject=sub, identity=bound))


def _start(
    conn: sa.Connection,
    user: people.User,
    method: str,
    now: dt.datetime,
    attempt: int | None = None,
    subject: str | None = None,
    identity: str | None = None,
) -> str:
    """Open a session with a new random token (returned; only its hash is kept) and audit the
    sign-in: the attempt's row becomes it, or a new row without one."""
    token = secrets.token_urlsafe(32)
    conn.execute(
        s.sessions.insert().values(
            token_hash=_hash(token),
            username=user.username,
            method=method,
            started_at=now,
            seen_at=now,
            subject=subject,
            identity=identity,
        )  # fmt: skip
    )
    conn.execute(
        s.users.update().where(s.users.c.username == user.username).values(last_sign_in_at=now)
    )
    if attempt is None:
        audit.record(conn, user.username, "sign_in", now, method, *_area_of(user))
    else:
        _settle(conn, attempt, "sign_in", method, user)
    return token


_SHOWN_ENDS = ("inactive", "password")  # why a session ended before, said at the next click


def session_user(
    engine: sa.Engine,
    token: str | None,
    now: dt.datetime,
    idle: dt.timedelta,
    lifetime: dt.timedelta | None = None,
    subject: str | None = None,
) -> tuple[people.User | None, str]:
    """The user of a session token and why not when there is none: ok, none (no such
    session), ended (signed out, or ended before), idle (it ends now: no run for longer than
    idle), expired (it ends now: signed in longer than lifetime ago, whatever the activity;
    None: the setting session_hours), inactive (the account was disabled), password (its
    password was changed since), identity (it ends now: an OpenID Connect session whose
    account's identity was changed on the server since it opened, or whose provider subject
    is not subject, the one signed in at the provider now; None: not checked) or
    demo_closed."""
    if not token:
        return None, "none"
    se = s.sessions
    with engine.connect() as conn:
        row = conn.execute(sa.select(se).where(se.c.token_hash == _hash(token))).mappings().first()
        if row is None:
            return None, "none"
        if lifetime is None:
            lifetime = dt.timedelta(hours=settings.read(conn).session_hours)
        account = _account(conn, row["username"])
    if row["ended_at"] is not None:
        return None, row["end_reason"] if row["end_reason"] in _SHOWN_ENDS else "ended"
    found = None if account is None or not account["active"] else _user(account)
    if now - row["started_at"] > lifetime:
        reason = "expired"
    elif now - row["seen_at"] > idle:
        reason = "idle"
    elif found is None:
        reason = "inactive"
    elif row["method"] == "oidc" and (
        row["identity"] is None  # opened before sessions were bound: not trusted
        or row["identity"] != (account["identity"] or account["username"])
        or (subject is not None and row["subject"] != subject)
    ):
        reason = "identity"
    else:
        reason = "ok"
    if reason == "ok" and found.username in _DEMO_NAMES:
        with engine.connect() as conn:
            if _is_demo(conn, found.username) and not demo_allowed(conn):
                reason = "demo_closed"  # data was imported since this demo session began
    with engine.begin() as conn:
        if reason != "ok":
            _end(conn, row["token_hash"], row["username"], now, reason, lifetime)
            return None, reason
        if now - row["seen_at"] >= SEEN_EVERY:
            conn.execute(
                se.update().where(se.c.token_hash == row["token_hash"]).values(seen_at=now)
            )
    return found, "ok"


def _end(
    conn, token_hash: str, username: str, now: dt.datetime, reason: str, lifetime=None
) -> None:
    se = s.sessions
    ended = conn.execute(
        se.update()
        .where(se.c.token_hash == token_hash, se.c.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
    )
    hours = f"{lifetime / dt.timedelta(hours=1):g}" if lifetime else "?"
    action, detail = {
        "sign_out": ("sign_out", None),
        "idle": ("idle_sign_out", None),
        "expired": ("sign_out", f"expired: {hours} hours after sign-in"),
        "identity": ("sign_out", "OIDC identity changed"),
    }.get(reason, (None, None))
    if ended.rowcount and action:
        audit.record(conn, username, action, now, detail)


def _end_all(conn, username: str, now: dt.datetime, reason: str, keep: str | None = None) -> int:
    """End every open session of username but the one of the token hash keep; how many."""
    se = s.sessions
    query = se.update().where(se.c.username == username, se.c.ended_at.is_(None))
    if keep is not None:
        query = query.where(se.c.token_hash != keep)
    return conn.execute(query.values(ended_at=now, end_reason=reason)).rowcount


def sign_out(engine: sa.Engine, token: str, now: dt.datetime) -> None:
    """End a session (audited once, however often it is asked)."""
    se = s.sessions
    with engine.begin() as conn:
        row = conn.execute(sa.select(se.c.username).where(se.c.token_hash == _hash(token))).first()
        if row is not None:
            _end(conn, _hash(token), row[0], now, "sign_out")
