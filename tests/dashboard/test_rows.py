"""The two readers agree: read_raw (the driver's cursor) gives read_frame's frame."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import db
from dashboard import rollup_frames as rf
from dashboard import schema as s
from dashboard.rows import read_frame, read_raw

EDGE_COMPLAINT = 9_000_003  # filed at 00:00 on 1 Feb (tests.populate)


def test_read_raw_equals_read_frame(db_url: str) -> None:
    engine = db.make_engine(db_url)
    p, a = s.purchases, s.allocations
    with engine.connect() as conn:
        for query, schema in (
            (sa.select(*[p.c[n] for n in rf.PURCHASES]).order_by(p.c.id), rf.PURCHASES),
            (sa.select(*[a.c[n] for n in rf.ALLOCATIONS]).order_by(a.c.household_id,
                                                                   a.c.month), rf.ALLOCATIONS),
            (sa.select(p.c.id).where(p.c.id < 0), {"id": pl.Int64}),
        ):  # fmt: skip
            raw, framed = read_raw(conn, query, schema), read_frame(conn, query, schema)
            assert raw.schema == framed.schema
            assert raw.equals(framed)
    engine.dispose()


def test_a_bound_time_compares_at_the_instant(db_url: str) -> None:
    """A time bound to a statement equals a stored time of the same instant, so that <= and >
    keep and drop it as read_frame does (the edge complaint filed at 00:00 on 1 Feb)."""
    c = s.complaints
    instant = dt.datetime(2026, 2, 1)
    schema = {"id": pl.Int64}
    with db.make_engine(db_url).connect() as conn:
        for where in (c.c.filed_at <= instant, c.c.filed_at > instant, c.c.filed_at == instant):
            query = sa.select(c.c.id).where(where).order_by(c.c.id)
            raw, framed = read_raw(conn, query, schema), read_frame(conn, query, schema)
            assert raw.equals(framed), str(where)
        at = sa.select(c.c.id).where(c.c.filed_at == instant)
        assert EDGE_COMPLAINT in read_raw(conn, at, schema)["id"].to_list()
