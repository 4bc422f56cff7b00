"""The audit log: who did what, when, over which area. Rows are only ever added."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.rows import read_frame
from queries import scope

ACTIONS = (
    "sign_in", "sign_in_failed", "sign_in_locked", "lockout", "sign_in_refused", "sign_out",
    "idle_sign_out", "task_write", "escalation", "escalation_answer", "import", "download",
    "user_change",
)  # fmt: skip
COLUMNS = ("at", "username", "action", "detail", "province_code", "county_id")
MAX_DETAIL = 2000


def record(
    conn: sa.Connection,
    username: str,
    action: str,
    at: dt.datetime,
    detail: str | None = None,
    province_code: str | None = None,
    county_id: int | None = None,
) -> None:
    """Add one row to the audit log, in the caller's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(
        s.audit.insert().values(
            at=at,
            username=username[:80],
            action=action,
            detail=None if detail is None else detail[:MAX_DETAIL],
            province_code=province_code,
            county_id=county_id,
        )  # fmt: skip
    )


def entries(
    conn: sa.Connection, since: dt.datetime | None = None, limit: int | None = 5000
) -> pl.DataFrame:
    """The audit rows at or after since (all when None), newest first, at most limit (None: no
    limit): at, username, action, detail, province_code, county_id, and with names the area's
    names (queries.scope.NAME_COLUMNS)."""
    a = s.audit
    joined, names = scope.area_names(a)
    query = (
        sa.select(*[a.c[c] for c in COLUMNS], *names)
        .select_from(joined)
        .order_by(a.c.at.desc(), a.c.id.desc())
    )
    if since is not None:
        query = query.where(a.c.at >= since)
    schema = {
        "at": pl.Datetime("us"), "username": pl.String, "action": pl.String,
        "detail": pl.String, "province_code": pl.String, "county_id": pl.Int64,
        **dict.fromkeys(scope.NAME_COLUMNS, pl.String),
    }  # fmt: skip
    return read_frame(conn, query if limit is None else query.limit(limit), schema)


def times(conn: sa.Connection, username: str, action: str, since: dt.datetime) -> list:
    """When username's rows of action were recorded at or after since, oldest first."""
    a = s.audit
    query = (
        sa.select(a.c.at)
        .where(a.c.username == username, a.c.action == action, a.c.at >= since)
        .order_by(a.c.at, a.c.id)
    )
    return list(conn.execute(query).scalars())


def latest(
    conn: sa.Connection, username: str, action: str, n: int, by: dt.datetime
) -> list[dt.datetime]:
    """When username's last n rows of action recorded by the moment by were, newest first."""
    a = s.audit
    query = (
        sa.select(a.c.at)
        .where(a.c.username == username, a.c.action == action, a.c.at <= by)
        .order_by(a.c.at.desc(), a.c.id.desc())
        .limit(n)
    )
    return list(conn.execute(query).scalars())
