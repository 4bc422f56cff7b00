"""The two readers agree: read_raw (the driver's cursor) gives read_rows's DataFrame."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import db, rollup_rows
from dashboard import schema as s
from dashboard.rows import ranges, read_raw, read_rows

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


def test_ranges_are_the_blocks_that_hold_ids(db_url: str) -> None:
    """The tiny households' ids (from 1) and the edge households' (9,000,001 on): the blocks
    holding any, in order, and none between; none where no row is."""
    h = s.households
    with db.make_engine(db_url).connect() as conn:
        ids = conn.execute(sa.select(h.c.id)).scalars().all()
        found = ranges(conn, h.c.id, 250_000)
        nothing = ranges(conn, sa.select(h.c.id).where(h.c.id < 0).subquery().c.id, 10)
    blocks = sorted({i // 250_000 for i in ids})
    assert found == [(b * 250_000, b * 250_000 + 249_999) for b in blocks]
    assert len(found) >= 2 and found[-1][0] == 9_000_000, "the edge households' block"
    assert nothing == []


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
