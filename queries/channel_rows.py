"""What the figures of the programme's other channels share (issue 30: method two, the
mothers' packages, new applications): their rows in a view's area, the days between two
moments, and the counties a per-county table lists.

The as-of moment D is the end of the as-of day (Filters.moment). In these channels a moment
counts when it is at or before D (decided_at <= D), and a day when it is on or before the as-of
day (README, "The programme's other channels").
"""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import estimates
from dashboard import schema as s
from dashboard.filters import Filters
from dashboard.rows import read_raw, read_rows
from queries import meta, scope

DAY_US = 86_400_000_000  # microseconds in a day
HOUSEHOLD = {"county_id": pl.Int64, "province_code": pl.String, "decile": pl.Int64,
             "grp": pl.String}  # fmt: skip
NAMES = {"county_id": pl.Int64, "county_name_fa": pl.String, "county_name_en": pl.String}


def _of_households(query: sa.Select, table: sa.Table, f: Filters) -> sa.Select:
    """query over table's rows joined to their households and counties, kept to the households
    in f's area, deciles and group."""
    h, c = s.households, s.counties
    query = query.select_from(
        table.join(h, h.c.id == table.c.household_id).join(c, c.c.id == h.c.county_id)
    ).where(*scope.province_in_area(c.c.province_code, f))
    if f.county is not None:
        query = query.where(h.c.county_id == f.county)
    if not f.all_deciles:
        query = query.where(h.c.decile.between(f.decile_min, f.decile_max))
    if f.group:
        query = query.where(h.c.grp == f.group)
    return query


def of_households(
    conn: sa.Connection,
    table: sa.Table,
    columns: dict[str, pl.DataType],
    f: Filters,
    since: sa.ColumnElement[bool],
) -> pl.DataFrame:
    """table's rows (columns) of the households in f's area, deciles and group for which since
    holds, each with its household's HOUSEHOLD columns."""
    h, c = s.households, s.counties
    household = (h.c.county_id, c.c.province_code, h.c.decile, h.c.grp)
    query = sa.select(*[table.c[n] for n in columns], *household).where(since)
    return read_raw(conn, _of_households(query, table, f), {**columns, **HOUSEHOLD})


def counted(conn: sa.Connection, query: sa.Select) -> int:
    """The rows query selects (any columns), counted in the database as a full-scale estimate
    on a sample: a figure of one number needs none of the rows read."""
    n = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    return round(n * estimates.factor(meta.settings(conn).household_fraction))


def households_counted(
    conn: sa.Connection, table: sa.Table, f: Filters, *where: sa.ColumnElement[bool]
) -> int:
    """table's rows of the households in f's area, deciles and group for which every condition
    of where holds, counted as a full-scale estimate on a sample."""
    return counted(conn, _of_households(sa.select(table.c.id).where(*where), table, f))


def not_by(moment: sa.ColumnElement, f: Filters) -> sa.ColumnElement[bool]:
    """Whether a moment column holds no moment at or before f's as-of moment (the negation of
    at_or_before, in SQL)."""
    return sa.or_(moment.is_(None), moment > f.moment)


def days(later: str | pl.Expr, earlier: str | pl.Expr) -> pl.Expr:
    """The days from earlier to later (moments), fractional."""
    later = pl.col(later) if isinstance(later, str) else later
    earlier = pl.col(earlier) if isinstance(earlier, str) else earlier
    return (later - earlier).dt.total_microseconds() / DAY_US


def midnight(day: str) -> pl.Expr:
    """The first moment of a date column."""
    return pl.col(day).cast(pl.Datetime("us"))


def at_or_before(moment: str, f: Filters) -> pl.Expr:
    """Whether a moment column holds a moment at or before f's as-of moment (null: never)."""
    return pl.col(moment).is_not_null() & (pl.col(moment) <= f.moment)


def counties(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The counties a per-county table lists for f: those of f's area that hold households
    (deciles and group aside): county_id, county_name_fa, county_name_en, by county id."""
    c, w = s.counties, s.rollup_waves
    holding = sa.select(w.c.county_id).where(w.c.households > 0, *scope.area(w, f)).distinct()
    query = sa.select(c.c.id, c.c.name_fa, c.c.name_en).where(c.c.id.in_(holding)).order_by(c.c.id)
    return read_rows(conn, query, NAMES)


def per_county(
    conn: sa.Connection, f: Filters, counts: pl.DataFrame, zeros: tuple[str, ...]
) -> pl.DataFrame:
    """counts (by county_id) on the counties f's table lists and those counts name, zeros
    where a county has none of the rows."""
    listed = counties(conn, f)
    extra = counts.join(listed, on="county_id", how="anti").select("county_id")
    if extra.height:
        c = s.counties
        more = read_rows(
            conn,
            sa.select(c.c.id, c.c.name_fa, c.c.name_en).where(
                c.c.id.in_(extra["county_id"].to_list())
            ),
            NAMES,
        )
        listed = pl.concat([listed, more]).sort("county_id")
    table = listed.join(counts, on="county_id", how="left")
    return table.with_columns(pl.col(z).fill_null(0).cast(pl.Int64) for z in zeros)


def median_days(column: str) -> pl.Expr:
    """The median of a column of days (linear interpolation; null when there is none)."""
    return pl.col(column).median().cast(pl.Float64)
