"""The derived table's bookkeeping: which tables derived from the core tables were built, when,
and from which day they hold (schema.derived)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from dashboard import calendar
from dashboard import schema as s


def mark(conn: sa.Connection, name: str, valid_from: dt.date | None = None) -> None:
    """Record that the table name was just rebuilt, holding from valid_from (None: every
    day), inside conn's transaction."""
    conn.execute(s.derived.delete().where(s.derived.c.name == name))
    made = {"name": name, "valid_from": valid_from, "refreshed_at": calendar.now()}
    conn.execute(s.derived.insert().values(**made))


def built(conn: sa.Connection, name: str) -> bool:
    """Whether the table name was ever built (a database made before it existed was not)."""
    query = sa.select(sa.func.count()).select_from(s.derived).where(s.derived.c.name == name)
    return conn.execute(query).scalar_one() > 0


def holds(conn: sa.Connection, name: str, day: dt.date) -> bool:
    """Whether the table name answers for day: built, and day on or after its valid_from."""
    query = sa.select(s.derived.c.valid_from).where(s.derived.c.name == name)
    row = conn.execute(query).one_or_none()
    return row is not None and (row.valid_from is None or day >= row.valid_from)
