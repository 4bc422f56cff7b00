"""Credit uptake: by decile, by area, area x decile, wave curves, months, basket.

Every figure is a SUM over the rollups (DESIGN.md section 3); ratios follow DESIGN.md section 5.
"""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.calendar import sh_month, sh_months
from dashboard.filters import Filters
from dashboard.rows import read_rows
from queries import credit_rollups
from queries.meta import full_scale

WAVE_DAYS = 120  # the days of a wave curve an export holds at most

_SUMS = {
    "new_households": "households",
    "new_members": "members",
    "released_toman": "released_toman",
    "credit_toman": "spent_toman",
    "cash_toman": "cash_toman",
    "new_buyers": "buyers",
}


def credit_sums(sums: pl.DataFrame) -> pl.DataFrame:
    """credit_rollups.totals' rows with the figures' names: households, members, released,
    spent, cash and buyers (households' first purchases)."""
    return sums.select(*[c for c in sums.columns if c not in _SUMS and c != "purchases"],
                       *[pl.col(k).alias(v) for k, v in _SUMS.items()])  # fmt: skip


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
    sums = credit_sums(credit_rollups.totals(conn, f, ("decile",)))
    deciles = pl.DataFrame({"decile": range(f.decile_min, f.decile_max + 1)}, {"decile": pl.Int64})
    table = deciles.join(sums, on="decile", how="left").fill_null(0)
    return _with_ratios(full_scale(conn, table)).select(
        "decile", "households", "reach", "released_toman", "spent_toman", "uptake", "topup_share"
    )


def area_level(f: Filters) -> tuple[Filters, str]:
    """The view whose areas are compared and their key: provinces nationally, counties inside
    a province (a chosen county stays among its peers where the remit reaches them:
    Filters.province_wide)."""
    if f.province is None:
        return f, "province_code"
    return f.province_wide(), "county_id"


def area_sums(conn: sa.Connection, f: Filters, *by: str) -> pl.DataFrame:
    """The credit sums per area of f's level (area_code as text) and the keys by, in the
    order of those keys."""
    wide, level = area_level(f)
    sums = credit_sums(credit_rollups.totals(conn, wide, (level, *by)))
    named = sums.with_columns(pl.col(level).cast(pl.String)).rename({level: "area_code"})
    return named.sort("area_code", *by)


def area_names(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The names of the areas area_level compares (area_code, area_name_fa, area_name_en):
    the provinces, or the counties of f's province the remit reaches."""
    if f.province is None:
        p = s.provinces
        query = sa.select(sa.cast(p.c.code, sa.String).label("area_code"), p.c.name_fa, p.c.name_en)
    else:
        c = s.counties
        query = sa.select(c.c.id, c.c.name_fa, c.c.name_en).where(c.c.province_code == f.province)
        if f.remit.county is not None:
            query = query.where(c.c.id == f.remit.county)
    names = read_rows(
        conn, query, {"area_code": pl.String, "name_fa": pl.String, "name_en": pl.String}
    )
    return names.rename({"name_fa": "area_name_fa", "name_en": "area_name_en"})


def by_area(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Provinces (or a province's counties) with households, members, released, spent, uptake,
    reach and top-up share; laggards (lowest uptake) first, areas with no credit last."""
    named = area_sums(conn, f).join(area_names(conn, f), on="area_code", how="left")
    table = _with_ratios(full_scale(conn, named))
    return table.sort("uptake", "area_code", nulls_last=True).select(
        "area_code", "area_name_fa", "area_name_en", "households", "members",
        "released_toman", "spent_toman", "uptake", "reach", "topup_share",
    )  # fmt: skip


def area_by_decile(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Uptake for every area x decile of the heat map (areas as by_area chooses them)."""
    sums = area_sums(conn, f, "decile")
    return (
        _with_ratios(full_scale(conn, sums))
        .select("area_code", "decile", "uptake", "released_toman")
        .sort("area_code", "decile")
    )


def wave_curves(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Cumulative reach by days since each wave opened, one curve per wave opened by as-of:
    wave_id, opens_on, label_fa, label_en, days_since, households, buyers (cumulative), reach."""
    w = s.waves
    sums = (
        credit_rollups.rows(conn, "waves", f)
        .group_by("wave_id", "days_since")
        .agg(pl.col("households").sum(), pl.col("buyers").sum())
    )
    waves = read_rows(
        conn,
        sa.select(w.c.id, w.c.opens_on, w.c.label_fa, w.c.label_en)
        .where(w.c.opens_on <= f.as_of)
        .order_by(w.c.opens_on, w.c.id),
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
    """Released and spent per Solar Hijri month, every month from the first release to the
    as-of month (zeros where nothing happened), and the balance (released minus spent, carried
    over) at each month's end or at as-of: month, released_toman, spent_toman, balance_toman.
    Released: allocations whose opens_on falls in the month; spent: the credit of the month's
    purchases."""
    days = (
        credit_rollups.rows(conn, "daily", f)
        .group_by("day")
        .agg(pl.col("released_toman").sum(), spent_toman=pl.col("credit_toman").sum())
    )
    sums = (
        days.with_columns(month=pl.Series([sh_month(d) for d in days["day"]], dtype=pl.String))
        .group_by("month")
        .agg(pl.col("released_toman").sum(), pl.col("spent_toman").sum())
    )
    released = sums.filter(pl.col("released_toman") > 0)["month"]
    every = sh_months(released.min(), sh_month(f.as_of)) if released.len() else []
    months = (
        pl.DataFrame({"month": every}, schema={"month": pl.String})
        .join(sums, on="month", how="left")
        .with_columns(pl.col("released_toman", "spent_toman").fill_null(0).cast(pl.Int64))
    )
    return full_scale(conn, months).with_columns(
        balance_toman=(pl.col("released_toman") - pl.col("spent_toman")).cum_sum()
    )


def months_export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The uptake-months export: by_month with the balance as carried_toman."""
    return by_month(conn, f).rename({"balance_toman": "carried_toman"})


def waves_export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The uptake-waves export: wave_curves' rows (days 0 to the as-of date, at most
    WAVE_DAYS) as wave_id, opens_on, households, day, buyers, reach."""
    curves = wave_curves(conn, f).filter(pl.col("days_since") <= WAVE_DAYS)
    return curves.select("wave_id", "opens_on", "households", day="days_since", buyers="buyers",
                         reach="reach")  # fmt: skip


def basket_export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The basket export: item, name_fa, name_en, value_toman."""
    return basket(conn, f).select("item", "name_fa", "name_en", "value_toman")


def balance_age_export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The balance-age export: month, released_toman, unspent_toman."""
    return balance_age(conn, f).select("month", "released_toman", "unspent_toman")


def basket(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Basket value by item (credit and cash) up to as-of in the area: item, names, value_toman,
    share. Decile and group filters do not apply (the rollup has no such keys)."""
    i = s.items
    sums = (
        credit_rollups.rows(conn, "items", f)
        .group_by("item")
        .agg(permille=pl.col("value_toman_permille").sum())
    )
    names = read_rows(
        conn,
        sa.select(i.c.code, i.c.name_fa, i.c.name_en),
        {"item": pl.String, "name_fa": pl.String, "name_en": pl.String},
    )
    items = names.join(sums, on="item", how="left").with_columns(pl.col("permille").fill_null(0))
    whole = items["permille"].sum()
    return (
        full_scale(
            conn,
            items.with_columns(
                value_toman=pl.col("permille") / 1000,
                share=pl.col("permille") / whole if whole else pl.lit(None, pl.Float64),
            ).drop("permille"),
        )
        .with_columns(  # thousandths of a toman, without the float noise of the scaling
            pl.col("value_toman").round(3)
        )
        .sort(["value_toman", "item"], descending=[True, False])
    )


def balance_age(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Unspent credit by the programme month it was given, as of the date, spending each
    household's oldest credit first: month, released_toman, unspent_toman, unspent_share.
    Decile and group filters do not apply (the rollup has no such keys)."""
    months = (
        credit_rollups.rows(conn, "balance", f)
        .group_by("month")
        .agg(pl.col("released_toman").sum(), pl.col("consumed_toman").sum())
        .filter(pl.col("released_toman") > 0)
        .sort("month")
    )
    unspent = months.select(
        "month",
        "released_toman",
        unspent_toman=pl.col("released_toman") - pl.col("consumed_toman"),
    )
    return full_scale(conn, unspent).with_columns(
        unspent_share=pl.col("unspent_toman") / pl.col("released_toman")
    )
