"""Credit uptake: by decile, by area, area x decile, wave curves, months, basket.

Every figure is a SUM over the rollups (DESIGN.md section 3); ratios follow DESIGN.md section 5.
"""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.calendar import sh_month
from dashboard.filters import Filters
from dashboard.rows import read_frame
from queries import scope
from queries.meta import full_scale
from queries.sql import total

_r = s.rollup_daily


def credit_sums(t: sa.Table) -> tuple[sa.ColumnElement, ...]:
    """The credit sums of a rollup with rollup_daily's measures (scope.credit_rollup)."""
    return (
        total(t.c.new_households).label("households"),
        total(t.c.new_members).label("members"),
        total(t.c.released_toman).label("released_toman"),
        total(t.c.credit_toman).label("spent_toman"),
        total(t.c.cash_toman).label("cash_toman"),
        total(t.c.new_buyers).label("buyers"),
    )


_SUM_SCHEMA = {
    "households": pl.Int64,
    "members": pl.Int64,
    "released_toman": pl.Int64,
    "spent_toman": pl.Int64,
    "cash_toman": pl.Int64,
    "buyers": pl.Int64,
}


def _ratio(part: str, whole: str) -> pl.Expr:
    return pl.when(pl.col(whole) > 0).then(pl.col(part) / pl.col(whole)).cast(pl.Float64)


def _with_ratios(table: pl.DataFrame) -> pl.DataFrame:
    """Add uptake, reach and top-up share (null where the denominator is zero)."""
    return table.with_columns(
        uptake=_ratio("spent_toman", "released_toman"),
        reach=_ratio("buyers", "households"),
        topup_share=pl.when(pl.col("spent_toman") + pl.col("cash_toman") > 0)
        .then(pl.col("cash_toman") / (pl.col("spent_toman") + pl.col("cash_toman")))
        .cast(pl.Float64),
    )


def by_decile(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """One row per decile in the filter's range: households, reach, released, spent, uptake,
    top-up share (cash / (credit + cash)); deciles with no households show zeros."""
    t, where = scope.credit_rollup(conn, f)
    query = sa.select(t.c.decile, *credit_sums(t)).where(*where).group_by(t.c.decile)
    sums = read_frame(conn, query, {"decile": pl.Int64, **_SUM_SCHEMA})
    deciles = pl.DataFrame({"decile": range(f.decile_min, f.decile_max + 1)}, {"decile": pl.Int64})
    table = deciles.join(sums, on="decile", how="left").fill_null(0)
    return _with_ratios(full_scale(conn, table)).select(
        "decile", "households", "reach", "released_toman", "spent_toman", "uptake", "topup_share"
    )


def _area_level(conn: sa.Connection, f: Filters) -> tuple[sa.Table, sa.ColumnElement, list]:
    """The rollup, its area column and conditions: provinces nationally, counties inside a
    province (a chosen county stays among its peers where the remit reaches them:
    Filters.province_wide)."""
    if f.province is None:
        t, where = scope.credit_rollup(conn, f)
        return t, t.c.province_code, where
    t, where = scope.credit_rollup(conn, f.province_wide(), by_county=True)
    return t, t.c.county_id, where


def _area_names(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    if f.province is None:
        p = s.provinces
        query = sa.select(sa.cast(p.c.code, sa.String).label("area_code"), p.c.name_fa, p.c.name_en)
    else:
        c = s.counties
        query = sa.select(c.c.id, c.c.name_fa, c.c.name_en).where(c.c.province_code == f.province)
    names = read_frame(
        conn, query, {"area_code": pl.String, "name_fa": pl.String, "name_en": pl.String}
    )
    return names.rename({"name_fa": "area_name_fa", "name_en": "area_name_en"})


def by_area(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Provinces (or a province's counties) with households, members, released, spent, uptake,
    reach and top-up share; laggards (lowest uptake) first, areas with no credit last."""
    t, level, where = _area_level(conn, f)
    query = sa.select(level.label("area_code"), *credit_sums(t)).where(*where).group_by(level)
    sums = read_frame(conn, query, {"area_code": pl.String, **_SUM_SCHEMA})
    named = sums.join(_area_names(conn, f), on="area_code", how="left")
    table = _with_ratios(full_scale(conn, named))
    return table.sort("uptake", "area_code", nulls_last=True).select(
        "area_code", "area_name_fa", "area_name_en", "households", "members",
        "released_toman", "spent_toman", "uptake", "reach", "topup_share",
    )  # fmt: skip


def area_by_decile(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Uptake for every area x decile of the heat map (areas as by_area chooses them)."""
    t, level, where = _area_level(conn, f)
    query = (
        sa.select(level.label("area_code"), t.c.decile, *credit_sums(t))
        .where(*where)
        .group_by(level, t.c.decile)
    )
    sums = read_frame(conn, query, {"area_code": pl.String, "decile": pl.Int64, **_SUM_SCHEMA})
    return _with_ratios(full_scale(conn, sums)).select(
        "area_code", "decile", "uptake", "released_toman"
    )


def wave_curves(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Cumulative reach by days since each wave opened, one curve per wave opened by as-of:
    wave_id, opens_on, label_fa, label_en, days_since, households, buyers (cumulative), reach."""
    r, w = s.rollup_waves, s.waves
    query = (
        sa.select(r.c.wave_id, r.c.days_since, total(r.c.households), total(r.c.buyers))
        .where(*scope.households(r, f))
        .group_by(r.c.wave_id, r.c.days_since)
    )
    schema = {
        "wave_id": pl.Int64,
        "days_since": pl.Int64,
        "households": pl.Int64,
        "buyers": pl.Int64,
    }
    sums = read_frame(conn, query, schema)
    waves = read_frame(
        conn,
        sa.select(w.c.id, w.c.opens_on, w.c.label_fa, w.c.label_en).where(w.c.opens_on <= f.as_of),
        {"wave_id": pl.Int64, "opens_on": pl.Date, "label_fa": pl.String, "label_en": pl.String},
    )
    curves = []
    for wave in waves.iter_rows(named=True):
        own = sums.filter(wave_id=wave["wave_id"])
        size = own["households"].sum()
        if size == 0:
            continue
        last = (f.as_of - wave["opens_on"]).days
        days = pl.DataFrame({"days_since": range(last + 1)}, {"days_since": pl.Int64})
        curve = days.join(own.select("days_since", "buyers"), on="days_since", how="left")
        curves.append(
            curve.fill_null(0).with_columns(
                buyers=pl.col("buyers").cum_sum(),
                households=pl.lit(size, pl.Int64),
                **{k: pl.lit(v) for k, v in wave.items()},
            )
        )
    columns = ["wave_id", "opens_on", "label_fa", "label_en", "days_since", "households", "buyers"]
    if not curves:
        empty = {
            **{c: waves.schema[c] for c in columns[:4]},
            **dict.fromkeys(columns[4:], pl.Int64),
        }
        return pl.DataFrame(schema={**empty, "reach": pl.Float64})
    table = full_scale(conn, pl.concat(c.select(columns) for c in curves))
    return table.with_columns(reach=pl.col("buyers") / pl.col("households"))


def by_month(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Released and spent per programme month (Solar Hijri, up to as-of), and the balance
    (released minus spent, carried over) at each month's end or at as-of."""
    query = (
        sa.select(
            _r.c.day,
            total(_r.c.released_toman).label("released_toman"),
            total(_r.c.credit_toman).label("spent_toman"),
        )
        .where(*scope.rollup(f))
        .group_by(_r.c.day)
    )
    days = read_frame(
        conn, query, {"day": pl.Date, "released_toman": pl.Int64, "spent_toman": pl.Int64}
    )
    months = (
        days.with_columns(month=pl.Series([sh_month(d) for d in days["day"]], dtype=pl.String))
        .group_by("month")
        .agg(pl.col("released_toman").sum(), pl.col("spent_toman").sum())
        .sort("month")
    )
    return full_scale(conn, months).with_columns(
        balance_toman=(pl.col("released_toman") - pl.col("spent_toman")).cum_sum()
    )


def basket(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Basket value by item (credit and cash) up to as-of in the area: item, names, value_toman,
    share. Decile and group filters do not apply (the rollup has no such keys)."""
    r, i = s.rollup_items, s.items
    sums = (
        sa.select(r.c.item, total(r.c.value_toman_permille).label("permille"))
        .where(r.c.day <= f.as_of, *scope.area(r, f))
        .group_by(r.c.item)
        .subquery()
    )
    query = sa.select(
        i.c.code, i.c.name_fa, i.c.name_en, sa.func.coalesce(sums.c.permille, 0)
    ).select_from(i.outerjoin(sums, sums.c.item == i.c.code))
    schema = {"item": pl.String, "name_fa": pl.String, "name_en": pl.String, "permille": pl.Int64}
    items = read_frame(conn, query, schema)
    whole = items["permille"].sum()
    return full_scale(
        conn,
        items.with_columns(
            value_toman=pl.col("permille") / 1000,
            share=pl.col("permille") / whole if whole else pl.lit(None, pl.Float64),
        )
        .drop("permille")
        .sort("value_toman", descending=True),
    )


def balance_age(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Unspent credit by the programme month it was given, as of the date, spending each
    household's oldest credit first: month, released_toman, unspent_toman, unspent_share.
    Decile and group filters do not apply (the rollup has no such keys)."""
    r = s.rollup_balance
    query = (
        sa.select(
            r.c.month,
            total(r.c.released_toman).label("released_toman"),
            total(r.c.consumed_toman).label("consumed_toman"),
        )
        .where(r.c.day <= f.as_of, *scope.area(r, f))
        .group_by(r.c.month)
    )
    schema = {"month": pl.String, "released_toman": pl.Int64, "consumed_toman": pl.Int64}
    months = read_frame(conn, query, schema).filter(pl.col("released_toman") > 0).sort("month")
    unspent = months.select(
        "month",
        "released_toman",
        unspent_toman=pl.col("released_toman") - pl.col("consumed_toman"),
    )
    return full_scale(conn, unspent).with_columns(
        unspent_share=pl.col("unspent_toman") / pl.col("released_toman")
    )
