"""Where an extract's rows lie. A provincial data officer's extract stays in their province: a
row whose county, household or store lies in another province is rejected (outside_area), like
any other bad cell. Every stored import is recorded with its area (province)."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.importer.lookups import matching
from dashboard.importer.parsing import problems
from dashboard.rows import read_frame


def _provinces(conn: sa.Connection, rows: pl.DataFrame, kind: str) -> dict[str, pl.Series]:
    """For each column that places a row of kind (its county, its household's, its store's),
    the province of every row there (null where it names nothing known)."""
    c, h, t = s.counties, s.households, s.stores
    of = read_frame(
        conn, sa.select(c.c.id, c.c.province_code), {"county": pl.Int64, "of": pl.String}
    )
    counties = {}
    if "county_id" in rows.columns:
        counties["county_id"] = rows.select(pl.col("county_id").alias("county"))
    for key, table, own in (("household_id", h, "households"), ("store_id", t, "stores")):
        if key in rows.columns and kind != own:
            found = matching(conn, [table.c.id, table.c.county_id], table.c.id, rows[key],
                             {key: pl.Int64, "county": pl.Int64})  # fmt: skip
            counties[key] = rows.select(key).join(found, on=key, how="left", maintain_order="left")
    return {
        column: county.join(of, on="county", how="left", maintain_order="left")["of"]
        for column, county in counties.items()
    }


def outside(
    conn: sa.Connection, rows: pl.DataFrame, kind: str, province: str | None
) -> list[pl.DataFrame]:
    """The problems of rows (references resolved) that lie outside province; none when
    province is None (a national import)."""
    if province is None or rows.is_empty():
        return []
    found = []
    for column, province_of in _provinces(conn, rows, kind).items():
        away = province_of.is_not_null() & (province_of != province)
        found.append(problems(rows, away, column, "outside_area", detail=pl.lit(province)))
    return found


def province(conn: sa.Connection, rows: pl.DataFrame, kind: str) -> str | None:
    """The area of an extract's rows (references resolved): the one province they all lie in,
    or None (national) when they span several or nothing places them."""
    if rows.is_empty():
        return None
    codes: set[str] = set()
    for province_of in _provinces(conn, rows, kind).values():
        codes |= set(province_of.drop_nulls().unique())
    return codes.pop() if len(codes) == 1 else None
