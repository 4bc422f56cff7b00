"""What the data holds: its date range, its areas and the programme settings."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import estimates
from dashboard import schema as s
from dashboard.filters import Universe
from dashboard.geography import county_aliases
from dashboard.rows import read_rows
from dashboard.settings import Settings
from dashboard.settings import read as read_settings


def has_data(conn: sa.Connection) -> bool:
    """True when any household has an allocation in the rollup."""
    r = s.rollup_daily
    return conn.execute(sa.select(sa.func.count()).select_from(r)).scalar_one() > 0


def extent(conn: sa.Connection) -> tuple[dt.date | None, dt.date | None]:
    """(first day any credit opens, last day with purchases); None where there is none."""
    r = s.rollup_daily
    first = conn.execute(sa.select(sa.func.min(r.c.day)).where(r.c.released_toman > 0))
    last = conn.execute(sa.select(sa.func.max(r.c.day)).where(r.c.purchases > 0))
    return _date(first.scalar_one()), _date(last.scalar_one())


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def provinces(conn: sa.Connection) -> pl.DataFrame:
    """All provinces with names, census population and whether the data has households there."""
    p, r = s.provinces, s.rollup_daily
    with_data = sa.select(r.c.province_code).distinct().subquery()
    query = (
        sa.select(
            p.c.code,
            p.c.name_fa,
            p.c.name_en,
            p.c.population,
            (with_data.c.province_code.is_not(None)).label("has_data"),
        )
        .select_from(p.outerjoin(with_data, with_data.c.province_code == p.c.code))
        .order_by(p.c.code)
    )
    schema = {
        "code": pl.String,
        "name_fa": pl.String,
        "name_en": pl.String,
        "population": pl.Int64,
        "has_data": pl.Boolean,
    }
    return read_rows(conn, query, schema)


def settings(conn: sa.Connection) -> Settings:
    """The settings table, typed (missing rows take their defaults)."""
    return read_settings(conn)


def full_scale(conn: sa.Connection, table: pl.DataFrame) -> pl.DataFrame:
    """table with its household-based columns as full-scale estimates where the data is a
    household sample (dashboard.estimates)."""
    return estimates.scaled(table, settings(conn).household_fraction)


def universe(conn: sa.Connection, only_with_data: bool = True) -> Universe:
    """What outside input may name (dashboard.filters.parse): the provinces (those with
    households in the data, or all), their counties, and the as-of days of the data (up to
    the last day with purchases; before any purchase, up to the first day credit opened)."""
    c = s.counties
    areas = provinces(conn)
    if only_with_data:
        areas = areas.filter(pl.col("has_data"))
    counties_query = sa.select(c.c.id, c.c.province_code, c.c.name_fa, c.c.name_en).order_by(
        c.c.name_en
    )
    aliases = county_aliases()
    county_rows = [
        {**row, "aliases": aliases.get(row["id"], ())}
        for row in read_rows(conn, counties_query).iter_rows(named=True)
    ]
    first, last = extent(conn)
    return Universe.of(areas.iter_rows(named=True), county_rows, first, last or first)
