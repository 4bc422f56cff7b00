"""How a Filters value narrows each kind of row: rollups, stores, complaints, tasks."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard import schema as s
from dashboard.filters import Filters


def rollup(f: Filters) -> list[sa.ColumnElement[bool]]:
    """Conditions on rollup_daily (keyed by day, province_code, county_id, decile and grp)."""
    table = s.rollup_daily
    where = [table.c.day <= f.as_of]
    if f.province:
        where.append(table.c.province_code == f.province)
    if f.county is not None:
        where.append(table.c.county_id == f.county)
    if not f.all_deciles:
        where.append(table.c.decile.between(f.decile_min, f.decile_max))
    if f.group:
        where.append(table.c.grp == f.group)
    return where


def county_in_area(county_id: sa.ColumnElement, f: Filters) -> list[sa.ColumnElement[bool]]:
    """Conditions that put a county id inside the filtered area (no decile or group here)."""
    if f.county is not None:
        return [county_id == f.county]
    if f.province:
        in_province = sa.select(s.counties.c.id).where(s.counties.c.province_code == f.province)
        return [county_id.in_(in_province)]
    return []


def tasks(f: Filters) -> list[sa.ColumnElement[bool]]:
    """Tasks of the area: a county's own tasks, or all tasks of a province (its counties too)."""
    t = s.tasks
    if f.county is not None:
        return [t.c.county_id == f.county]
    if f.province:
        return [t.c.province_code == f.province]
    return []
