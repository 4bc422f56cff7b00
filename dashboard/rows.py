"""Reading a statement's rows into a polars frame: the one way queries and the rollup
rebuild read results."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa


def read_frame(
    conn: sa.Connection, statement: sa.Executable, schema: dict | None = None
) -> pl.DataFrame:
    """Run statement and return its rows as a polars frame (typed by schema when given)."""
    result = conn.execute(statement)
    rows = result.fetchall()
    return pl.DataFrame(
        [tuple(r) for r in rows], schema=schema or list(result.keys()), orient="row"
    )
