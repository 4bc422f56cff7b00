"""How a Filters value narrows each kind of row: rollups, stores, complaints, tasks."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard import derived, rollups
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


def rollup(f: Filters) -> list[sa.ColumnElement[bool]]:
    """Conditions on rollup_daily: up to the as-of day, area, deciles, group."""
    return [s.rollup_daily.c.day <= f.as_of, *households(s.rollup_daily, f)]


def credit_rollup(
    conn: sa.Connection, f: Filters, by_county: bool = False
) -> tuple[sa.Table, list[sa.ColumnElement[bool]]]:
    """The rollup to sum f's credit figures from, and its conditions: rollup_to_date on its
    latest day up to the as-of date (sums to date per province x decile x group) when neither
    the view nor the grouping goes down to counties, else rollup_daily up to the as-of day.
    Both have rollup_daily's measures."""
    if f.county is None and not by_county and derived.built(conn, rollups.TO_DATE):
        t = s.rollup_to_date
        latest = sa.select(sa.func.max(t.c.day)).where(t.c.day <= f.as_of).scalar_subquery()
        return t, [t.c.day == latest, *households(t, f)]
    return s.rollup_daily, rollup(f)


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
