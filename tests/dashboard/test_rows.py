"""The two readers agree: read_raw (the driver's cursor) gives read_frame's frame."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import db
from dashboard import rollup_frames as rf
from dashboard import schema as s
from dashboard.rows import read_frame, read_raw


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
