"""The two readers agree: read_raw (the driver's cursor) gives read_rows's DataFrame."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import db, rollup_rows
from dashboard import schema as s
from dashboard.rows import read_raw, read_rows

EDGE_COMPLAINT = 9_000_003  # filed at 00:00 on 1 Feb (tests.populate)


def test_read_raw_equals_read_rows(db_url: str) -> None:
    engine = db.make_engine(db_url)
    p, a = s.purchases, s.allocations
    bought, allocated = rollup_rows.PURCHASES, rollup_rows.ALLOCATIONS
    with engine.connect() as conn:
        for query, schema in (
            (sa.select(*[p.c[n] for n in bought]).order_by(p.c.id), bought),
            (sa.select(*[a.c[n] for n in allocated]).order_by(a.c.household_id, a.c.month),
             allocated),
            (sa.select(p.c.id).where(p.c.id < 0), {"id": pl.Int64}),
        ):  # fmt: skip
            raw, rows = read_raw(conn, query, schema), read_rows(conn, query, schema)
            assert raw.schema == rows.schema
            assert raw.equals(rows)
    engine.dispose()


def test_a_bound_time_compares_at_the_instant(db_url: str) -> None:
    """A time bound to a statement equals a stored time of the same instant, so that <= and >
    keep and drop it as read_rows does (the edge complaint filed at 00:00 on 1 Feb)."""
    c = s.complaints
    instant = dt.datetime(2026, 2, 1)
    schema = {"id": pl.Int64}
    with db.make_engine(db_url).connect() as conn:
        for where in (c.c.filed_at <= instant, c.c.filed_at > instant, c.c.filed_at == instant):
            query = sa.select(c.c.id).where(where).order_by(c.c.id)
            raw, rows = read_raw(conn, query, schema), read_rows(conn, query, schema)
            assert raw.equals(rows), str(where)
        at = sa.select(c.c.id).where(c.c.filed_at == instant)
        assert EDGE_COMPLAINT in read_raw(conn, at, schema)["id"].to_list()
