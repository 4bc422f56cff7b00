"""How a Filters value narrows each kind of row: rollups, stores, complaints, tasks."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.filters import Filters


def area(table: sa.Table, f: Filters) -> list[sa.ColumnElement[bool]]:
    """Conditions on a table's province_code and county_id columns (rollups, tasks,
    escalations)."""
    where = []
    if f.province:
        where.append(table.c.province_code == f.province)
    if f.county is not None:
        where.append(table.c.county_id == f.county)
    return where


def households(table: sa.Table, f: Filters) -> list[sa.ColumnElement[bool]]:
    """Conditions on a rollup keyed by area, decile and grp (no date)."""
    where = area(table, f)
    if not f.all_deciles:
        where.append(table.c.decile.between(f.decile_min, f.decile_max))
    if f.group:
        where.append(table.c.grp == f.group)
    return where


def province_in_area(code: sa.ColumnElement, f: Filters) -> list[sa.ColumnElement[bool]]:
    """Conditions that put a province code inside the filtered area (its province, or any)."""
    return [code == f.province] if f.province else []


def county_in_area(county_id: sa.ColumnElement, f: Filters) -> list[sa.ColumnElement[bool]]:
    """Conditions that put a county id inside the filtered area (no decile or group here)."""
    if f.county is not None:
        return [county_id == f.county]
    if f.province:
        in_province = sa.select(s.counties.c.id).where(s.counties.c.province_code == f.province)
        return [county_id.in_(in_province)]
    return []


NAME_COLUMNS = ("province_name_fa", "province_name_en", "county_name_fa", "county_name_en")


def area_names(table: sa.Table) -> tuple[sa.FromClause, list[sa.ColumnElement]]:
    """table joined to the province and county its province_code and county_id name, and
    their names (NAME_COLUMNS; null where it names none: a province-wide row)."""
    p, c = s.provinces, s.counties
    joined = table.outerjoin(p, p.c.code == table.c.province_code).outerjoin(
        c, c.c.id == table.c.county_id
    )
    labels = zip(NAME_COLUMNS, (p.c.name_fa, p.c.name_en, c.c.name_fa, c.c.name_en), strict=True)
    return joined, [column.label(name) for name, column in labels]


def in_county(table: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """The rows of a province-wide result (by county_id) that lie in f's county, where f names
    one: a county's view taken from its province's, which the app holds already."""
    return table if f.county is None else table.filter(pl.col("county_id") == f.county)
