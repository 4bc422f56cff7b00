"""Where an extract's rows lie. A provincial data officer's extract stays in their province: a
row whose county, household or store lies in another province is rejected (outside_area), like
any other bad cell. Every stored import is recorded with its area (province)."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.importer.parsing import problems
from dashboard.lookups import matching
from dashboard.rows import read_rows

# the columns that place a row of these kinds (the rest: every one it has): a package by its
# household wherever it is picked up, an application by its own county
PLACED_BY = {
    "method_two": ("household_id",),
    "mother_packages": ("household_id",),
    "applications": ("county_id",),
}


def placed(conn: sa.Connection, rows: pl.DataFrame, kind: str) -> dict[str, pl.Series]:
    """For each column that places a row of kind (references resolved: its county, its
    household's, its store's; PLACED_BY narrows them), the province of every row there (null
    where it names nothing known)."""
    if kind in PLACED_BY:
        rows = rows.select("line", *PLACED_BY[kind])
    c, h, t = s.counties, s.households, s.stores
    of = read_rows(
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
    rows: pl.DataFrame, placed: dict[str, pl.Series], province: str | None
) -> list[pl.DataFrame]:
    """The problems of rows (placed: their provinces) that lie outside province; none when
    province is None (a national import)."""
    if province is None:
        return []
    return [
        problems(
            rows,
            of.is_not_null() & (of != province),
            column,
            "outside_area",
            detail=pl.lit(province),
        )  # fmt: skip
        for column, of in placed.items()
    ]


def province(placed: dict[str, pl.Series]) -> str | None:
    """The area of an extract's rows (placed: their provinces): the one province they all lie
    in, or None (national) when they span several or nothing places them."""
    codes = {code for of in placed.values() for code in of.drop_nulls().unique()}
    return codes.pop() if len(codes) == 1 else None
