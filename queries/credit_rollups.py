"""The credit rollups as polars tables at day grain: what every credit figure (uptake, reach,
released, spent, waves, months, basket, unspent credit) is a filter and a sum over.

A figure is read in two steps: the rows of its area (`daily`, `waves`, `items`, `balance`), then
a filter and a sum in polars (queries.uptake, queries.overview). Read from the database, the rows
are narrowed to the view first (its area, days up to the as-of date, deciles and group; the
country's summed over counties, county_id null); held in memory by the caller (queries.held),
they are every row of a province, and the same filter and sum answer any county, date, decile
or group of it.

Every table has province_code, county_id, and the rollup's own keys and measures.
"""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import derived, rollup_rows
from dashboard import schema as s
from dashboard.filters import Filters
from dashboard.rows import read_raw
from queries import held, scope
from queries.sql import total

_AREA = {"province_code": pl.String, "county_id": pl.Int64}
_HOUSEHOLD_KEYS = {"decile": pl.Int64, "grp": pl.String}
_DAILY_MEASURES = tuple(rollup_rows.DAILY_MEASURES)
# kind: (rollup, its keys besides the area, its measures, narrowed by households?, by day?)
_KINDS: dict[str, tuple[sa.Table, dict, tuple[str, ...], bool, bool]] = {
    "daily": (s.rollup_daily, {"day": pl.Date, **_HOUSEHOLD_KEYS}, _DAILY_MEASURES, True, True),
    "waves": (
        s.rollup_waves,
        {"wave_id": pl.Int64, "days_since": pl.Int64, **_HOUSEHOLD_KEYS},
        ("households", "buyers"),
        True,
        False,
    ),
    "items": (s.rollup_items, {"day": pl.Date, "item": pl.String}, ("value_toman_permille",),
              False, True),
    "balance": (s.rollup_balance, {"day": pl.Date, "month": pl.String},
                ("released_toman", "consumed_toman"), False, True),
}  # fmt: skip
KINDS = tuple(_KINDS)


def read(
    conn: sa.Connection, kind: str, province: str | None, f: Filters | None = None
) -> pl.DataFrame:
    """The rows of rollup kind for a province, or for the country summed over counties
    (province None); narrowed to view f where given (its area, its days up to the as-of date
    and, for household rollups, its deciles and group)."""
    table, keys, measures, households, by_day = _KINDS[kind]
    where = [] if province is None else [table.c.province_code == province]
    if f is not None:
        where = (scope.households if households else scope.area)(table, f)
        if by_day:
            where.append(table.c.day <= f.as_of)
    grain = {"province_code": pl.String, **({} if province is None else {"county_id": pl.Int64})}
    schema = {**grain, **keys, **dict.fromkeys(measures, pl.Int64)}
    grain = [table.c[name] for name in schema if name not in measures]
    query = (
        sa.select(*grain, *(total(table.c[m]).label(m) for m in measures))
        .where(*where)
        .group_by(*grain)
    )
    found = read_raw(conn, query, schema)
    if province is None:
        found = found.with_columns(county_id=pl.lit(None, pl.Int64))
    return found.select(*_AREA, *keys, *measures)


def _whole(kind: str) -> held.Reader:
    return lambda conn, province: read(conn, kind, province)


for _kind in KINDS:  # what a caller holds of each rollup: every row of a province
    held.reader(_kind)(_whole(_kind))


def rows(conn: sa.Connection, kind: str, f: Filters) -> pl.DataFrame:
    """The rows of rollup kind that view f sums over, at day grain: from the province held in
    memory when the connection holds it (queries.held), else read for f from the database; in both
    cases filtered to f's area, days, deciles and group here, so that both give the same sums."""
    table = held.area(conn, kind, f.province)
    if table is None:
        table = read(conn, kind, f.province, f)
    _, _, _, households, by_day = _KINDS[kind]
    return table.filter(*_narrowing(f, households, by_day))


def _narrowing(f: Filters, households: bool, by_day: bool) -> list[pl.Expr]:
    where = []
    if f.province is not None:
        where.append(pl.col("province_code") == f.province)
    if f.county is not None:
        where.append(pl.col("county_id") == f.county)
    if by_day:
        where.append(pl.col("day") <= f.as_of)
    if households and not f.all_deciles:
        where.append(pl.col("decile").is_between(f.decile_min, f.decile_max))
    if households and f.group:
        where.append(pl.col("grp") == f.group)
    return where or [pl.lit(True)]


def totals(conn: sa.Connection, f: Filters, by: tuple[str, ...] = ()) -> pl.DataFrame:
    """rollup_daily's measures summed up to f's as-of date over f's area, deciles and group,
    one row per value of the keys by (one row in all when by is empty, zeros where no row is).
    A view of the country (or, from the database, a province) grouped by province, decile or
    group reads rollup_to_date's one day (its sums to date), else rows() are summed."""
    to_date = set(by) <= {"province_code", "decile", "grp"} and f.county is None
    from_database = f.province is None or conn.get_execution_options().get(held.HELD) is None
    if to_date and from_database and derived.built(conn, s.rollup_to_date.name):
        t = s.rollup_to_date
        latest = sa.select(sa.func.max(t.c.day)).where(t.c.day <= f.as_of).scalar_subquery()
        keys = [t.c[k] for k in by]
        query = (
            sa.select(*keys, *(total(t.c[m]).label(m) for m in _DAILY_MEASURES))
            .where(t.c.day == latest, *scope.households(t, f))
            .group_by(*keys)
        )
        schema = {**{k: {**_AREA, **_HOUSEHOLD_KEYS}[k] for k in by}}
        sums = read_raw(conn, query, {**schema, **dict.fromkeys(_DAILY_MEASURES, pl.Int64)})
    else:
        daily = rows(conn, "daily", f)
        sums = (
            daily.group_by(*by).agg(pl.col(_DAILY_MEASURES).sum())
            if by
            else daily.select(pl.col(_DAILY_MEASURES).sum())
        )
    return sums.with_columns(pl.col(_DAILY_MEASURES).cast(pl.Int64))
