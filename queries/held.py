"""Whole provinces held in memory by a caller, handed to the queries through the connection.

Some figures are a filter and a sum over rows of an area (the credit rollups at day grain,
the complaints as stored). Read from the database, those rows are narrowed to the view. A
caller that keeps whole provinces in memory (the app: frame.cache, one copy per data version)
hands them in through the connection's execution option HELD, a function (kind, province)
-> every row of that kind in the province; the queries then narrow those rows to the view in
polars, the same way, so both give the same figures without a round trip to the database for
another county, date, decile or group of the province. The country is not held: its views
are one per date, and the database answers them from few rows (sums to date, open
complaints), faster than it reads every row of the country.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import sqlalchemy as sa

HELD = "kalabarg_held_rows"  # the execution option that hands in the areas held in memory
Held = Callable[[str, str], pl.DataFrame]
Reader = Callable[[sa.Connection, str], pl.DataFrame]
READERS: dict[str, Reader] = {}  # kind -> what reads every row of it in a province


def reader(kind: str) -> Callable[[Reader], Reader]:
    """Register the function that reads every row of kind in a province."""

    def register(read: Reader) -> Reader:
        READERS[kind] = read
        return read

    return register


def read(conn: sa.Connection, kind: str, province: str) -> pl.DataFrame:
    """Every row of kind in the province: what a caller holds."""
    return READERS[kind](conn, province)


def area(conn: sa.Connection, kind: str, province: str | None) -> pl.DataFrame | None:
    """The rows of kind in the province as the connection's caller holds them; None when it
    holds none, or for the country (read from the database instead)."""
    held: Held | None = conn.get_execution_options().get(HELD)
    return None if held is None or province is None else held(kind, province)
