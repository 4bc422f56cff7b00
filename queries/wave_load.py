"""Wave-day store load: when a wave of credit opens, its households rush the stores in the
first three days. Per county, for each wave opened by the as-of date and for the next one:
the wave's households, their purchases in its first three days, the stores active then, the
purchases per store per day, and for the next wave the forecast from the last wave of the same
deciles, against a capacity per store per day by kind (settings; assumptions).

- A wave's households: those with an allocation the wave opened (allocations.wave_id); for a
  wave not yet in the allocations (the next, or one announced in the settings), the
  households with credit whose decile (and group, where the wave names one) it takes.
- first3d_purchases: their purchases from the opening day's 00:00 to the fourth day's 00:00
  (and before the as-of moment).
- active_stores: the county's stores active on the opening day (the next wave: on the as-of
  date), DESIGN.md section 5's active store.
- forecast_purchases: households x the first-three-day purchases per household of the most
  recent wave opened before this one with the same deciles and group in the county (null
  where there is none).
- per_store_day: the purchases (the forecast for the next wave) / active stores / 3;
  capacity_per_store_day: the mean capacity of the county's active stores by kind;
  load_ratio: per_store_day / capacity_per_store_day (null where no store is active).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import calendar, i18n
from dashboard import schema as s
from dashboard.filters import Filters
from dashboard.rows import read_rows
from queries import meta, scope

WAVE_DAYS = 3
COLUMNS = (
    "county_id", "county_name_fa", "county_name_en", "wave_id", "opens_on", "households",
    "active_stores", "first3d_purchases", "forecast_purchases", "per_store_day",
    "capacity_per_store_day", "load_ratio",
)  # fmt: skip
_WAVE = {
    "wave_id": pl.Int64, "month": pl.String, "grp": pl.String, "decile_min": pl.Int64,
    "decile_max": pl.Int64, "opens_on": pl.Date, "label_fa": pl.String, "label_en": pl.String,
}  # fmt: skip


def waves(conn: sa.Connection, as_of: dt.date) -> pl.DataFrame:
    """The waves opened by as_of and the next one (the next row of waves, else the one the
    settings announce, with a null wave_id), oldest first; next marks the next one."""
    w = s.waves
    query = sa.select(w.c.id, w.c.month, w.c.grp, w.c.decile_min, w.c.decile_max, w.c.opens_on,
                      w.c.label_fa, w.c.label_en).order_by(w.c.opens_on, w.c.id)  # fmt: skip
    every = read_rows(conn, query, _WAVE)
    opened = every.filter(pl.col("opens_on") <= as_of)
    later = every.filter(pl.col("opens_on") > as_of).head(1)
    if later.is_empty():
        later = _announced(conn, as_of)
    return pl.concat([opened.with_columns(next=pl.lit(False)),
                      later.with_columns(next=pl.lit(True))])  # fmt: skip


def _announced(conn: sa.Connection, as_of: dt.date) -> pl.DataFrame:
    """The wave the settings announce (next_wave_opens_on, next_wave_deciles, next_wave_grp),
    when it opens after as_of."""
    settings = meta.settings(conn)
    if not settings.next_wave_opens_on:
        return pl.DataFrame(schema=_WAVE)
    opens = dt.date.fromisoformat(settings.next_wave_opens_on)
    low, _, high = settings.next_wave_deciles.partition("-")
    if opens <= as_of:
        return pl.DataFrame(schema=_WAVE)
    deciles = {"low": int(low), "high": int(high or low)}
    label = {lang: i18n.t("wave_load.announced", lang, **deciles) for lang in i18n.LANGS}
    row = {"wave_id": None, "month": None, "grp": settings.next_wave_grp or None,
           "decile_min": deciles["low"], "decile_max": deciles["high"], "opens_on": opens,
           "label_fa": calendar.digits(label["fa"], "fa"), "label_en": label["en"]}  # fmt: skip
    return pl.DataFrame([row], schema=_WAVE)


def _households_where(f: Filters) -> list[sa.ColumnElement[bool]]:
    h = s.households
    where = scope.county_in_area(h.c.county_id, f)
    if not f.all_deciles:
        where.append(h.c.decile.between(f.decile_min, f.decile_max))
    if f.group:
        where.append(h.c.grp == f.group)
    return where


def _allocated(conn: sa.Connection, f: Filters, ids: list[int]) -> pl.DataFrame:
    """Per county and wave of ids: the households with an allocation the wave opened."""
    a, h = s.allocations, s.households
    query = (
        sa.select(h.c.county_id, a.c.wave_id, sa.func.count().label("households"))
        .select_from(a.join(h, h.c.id == a.c.household_id))
        .where(a.c.wave_id.in_(ids), *_households_where(f))
        .group_by(h.c.county_id, a.c.wave_id)
    )
    schema = {"county_id": pl.Int64, "wave_id": pl.Int64, "households": pl.Int64}
    return read_rows(conn, query, schema)


def _eligible(conn: sa.Connection, f: Filters, wave: dict) -> pl.DataFrame:
    """Per county: the households with credit whose decile (and group) the wave takes."""
    a, h = s.allocations, s.households
    where = [
        h.c.decile.between(wave["decile_min"], wave["decile_max"]),
        sa.exists().where(a.c.household_id == h.c.id),
        *_households_where(f),
    ]
    if wave["grp"]:
        where.append(h.c.grp == wave["grp"])
    query = sa.select(h.c.county_id, sa.func.count().label("households")).where(*where)
    query = query.group_by(h.c.county_id)
    return read_rows(conn, query, {"county_id": pl.Int64, "households": pl.Int64})


def _first_days(conn: sa.Connection, f: Filters, opened: pl.DataFrame) -> pl.DataFrame:
    """Per county and opened wave: its households' purchases in its first WAVE_DAYS days."""
    if opened.is_empty():
        return pl.DataFrame(schema={"county_id": pl.Int64, "wave_id": pl.Int64,
                                    "first3d_purchases": pl.Int64})  # fmt: skip
    a, h, p = s.allocations, s.households, s.purchases
    windows = sa.union_all(*[
        sa.select(sa.literal(row["wave_id"], sa.Integer).label("wave_id"),
                  sa.literal(start, sa.DateTime).label("start"),
                  sa.literal(min(start + dt.timedelta(days=WAVE_DAYS), f.moment),
                             sa.DateTime).label("end"))
        for row in opened.iter_rows(named=True)
        for start in [dt.datetime.combine(row["opens_on"], dt.time())]
    ]).cte("windows")  # fmt: skip
    query = (
        sa.select(h.c.county_id, a.c.wave_id, sa.func.count().label("first3d_purchases"))
        .select_from(
            a.join(windows, windows.c.wave_id == a.c.wave_id)
            .join(h, h.c.id == a.c.household_id)
            .join(
                p,
                sa.and_(
                    p.c.household_id == a.c.household_id,
                    p.c.purchased_at >= windows.c.start,
                    p.c.purchased_at < windows.c.end,
                ),
            )
        )  # fmt: skip
        .where(*_households_where(f))
        .group_by(h.c.county_id, a.c.wave_id)
    )
    schema = {"county_id": pl.Int64, "wave_id": pl.Int64, "first3d_purchases": pl.Int64}
    return read_rows(conn, query, schema)


def _stores(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    store = s.stores
    columns = ("county_id", "kind", "joined_on", "status", "status_since")
    query = sa.select(*[store.c[c] for c in columns]).where(
        *scope.county_in_area(store.c.county_id, f)
    )
    types = (pl.Int64, pl.String, pl.Date, pl.String, pl.Date)
    return read_rows(conn, query, dict(zip(columns, types, strict=True)))


def _active(stores: pl.DataFrame, day: dt.date, capacity: dict[str, float]) -> pl.DataFrame:
    """Per county: the stores active on day and their mean capacity per day by kind."""
    cut = pl.col("status").is_in(s.CUT_STATUSES) & (pl.col("status_since") <= day)
    active = stores.filter(pl.col("joined_on") <= day, ~cut)
    return active.group_by("county_id").agg(
        active_stores=pl.len().cast(pl.Int64),
        capacity_per_store_day=pl.col("kind").replace_strict(capacity, default=0.0).mean(),
    )


def _households(conn: sa.Connection, f: Filters, every: pl.DataFrame) -> pl.DataFrame:
    """Each wave of every (waves) per county with its households and, for an opened wave,
    their first-three-day purchases."""
    opened, upcoming = every.filter(~pl.col("next")), every.filter(pl.col("next"))
    allocated = _allocated(conn, f, every["wave_id"].drop_nulls().to_list())
    parts = [opened.join(allocated, on="wave_id")]
    if upcoming.height:
        wave = upcoming.row(0, named=True)
        given = allocated.filter(pl.col("wave_id") == (wave["wave_id"] or -1))
        counts = given if given.height else _eligible(conn, f, wave)
        parts.append(upcoming.join(counts.select("county_id", "households"), how="cross"))
    rows = pl.concat(parts, how="diagonal").join(
        _first_days(conn, f, opened), on=["county_id", "wave_id"], how="left"
    )
    first = pl.when(~pl.col("next")).then(pl.col("first3d_purchases").fill_null(0))
    return rows.with_columns(first3d_purchases=first)


def _table(conn: sa.Connection, f: Filters, counted: pl.DataFrame) -> pl.DataFrame:
    """The rows of the waves counted (_households' rows) per county of f's area: COLUMNS
    with the wave's name (wave_fa, wave_en) and next, highest load ratio first (none last),
    then by opening
    and county; household figures full-scale on a sample."""
    settings = meta.settings(conn)
    capacity = settings.wave_capacities
    rows = _forecast(meta.full_scale(conn, counted))
    stores = _stores(conn, f)
    active = [
        _active(stores, f.as_of if upcoming else day, capacity).with_columns(opens_on=pl.lit(day))
        for day, upcoming in rows.select("opens_on", "next").unique().iter_rows()
    ]
    if active:
        rows = rows.join(pl.concat(active), on=["county_id", "opens_on"], how="left")
    else:
        rows = rows.with_columns(active_stores=None, capacity_per_store_day=None)
    served = pl.when(pl.col("next")).then("forecast_purchases").otherwise("first3d_purchases")
    rows = rows.with_columns(
        active_stores=pl.col("active_stores").fill_null(0).cast(pl.Int64),
        per_store_day=pl.when(pl.col("active_stores") > 0).then(
            served / pl.col("active_stores") / WAVE_DAYS
        ),
    ).with_columns(load_ratio=pl.col("per_store_day") / pl.col("capacity_per_store_day"))
    return (
        rows.join(_county_names(conn, f), on="county_id", how="left")
        .sort(
            ["load_ratio", "opens_on", "county_id"],
            descending=[True, False, False],
            nulls_last=True,
        )  # fmt: skip
        .select(
            *COLUMNS,
            pl.col("label_fa").alias("wave_fa"),
            pl.col("label_en").alias("wave_en"),
            "next",
        )  # fmt: skip
    )


def load(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Every wave opened by the as-of date and the next, per county of f's area (_table)."""
    return _table(conn, f, _households(conn, f, waves(conn, f.as_of)))


def forecast(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """load's rows of the next wave alone, read from it and, latest first, the opened waves of
    its deciles and group until each of its counties has one to forecast from (most often
    the latest alone): a fraction of load's reads."""
    every = waves(conn, f.as_of)
    upcoming = every.filter(pl.col("next"))
    counted = [_households(conn, f, upcoming)]
    if upcoming.is_empty():
        return _table(conn, f, counted[0])
    wave = upcoming.row(0, named=True)
    same = every.filter(
        ~pl.col("next"),
        pl.col("decile_min") == wave["decile_min"],
        pl.col("decile_max") == wave["decile_max"],
        pl.col("grp").fill_null("") == (wave["grp"] or ""),
    )
    waiting = set(counted[0]["county_id"])
    for i in reversed(range(same.height)):
        if not waiting:
            break
        earlier = _households(conn, f, same.slice(i, 1))
        counted.append(earlier)
        waiting -= set(earlier.filter(pl.col("households") > 0)["county_id"])
    return _table(conn, f, pl.concat(counted, how="diagonal")).filter(pl.col("next"))


def _forecast(rows: pl.DataFrame) -> pl.DataFrame:
    """rows with forecast_purchases: households x the first-three-day purchases per
    household of the latest wave opened before each row's, of the same deciles and group, in
    the same county."""
    key = ["county_id", "decile_min", "decile_max", "_grp"]
    rows = rows.with_columns(_grp=pl.col("grp").fill_null(""))
    past = (
        rows.filter(~pl.col("next"), pl.col("households") > 0)
        .select(*key, pl.col("opens_on").alias("before"),
                (pl.col("first3d_purchases") / pl.col("households")).alias("rate"))
        .sort("before")
    )  # fmt: skip
    rows = rows.sort("opens_on").with_columns(
        pl.col("opens_on").sub(pl.duration(days=1)).alias("_day_before")
    )
    matched = rows.join_asof(  # both sorted by day above; polars cannot check it within groups
        past, left_on="_day_before", right_on="before", by=key, strategy="backward",
        check_sortedness=False,
    )  # fmt: skip
    return matched.with_columns(forecast_purchases=pl.col("households") * pl.col("rate")).drop(
        "_day_before", "before", "rate", "_grp"
    )


def _county_names(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    c = s.counties
    query = sa.select(c.c.id, c.c.name_fa, c.c.name_en).where(
        *scope.province_in_area(c.c.province_code, f)
    )
    schema = {"county_id": pl.Int64, "county_name_fa": pl.String, "county_name_en": pl.String}
    return read_rows(conn, query, schema)


def export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The `wave-load` export: COLUMNS, highest load ratio first."""
    return load(conn, f).select(COLUMNS)


def over_capacity(load: pl.DataFrame) -> pl.DataFrame:
    """The counties (load's or forecast's rows) forecast over capacity when the next wave
    opens, most loaded first."""
    return load.filter(pl.col("next"), pl.col("load_ratio") > 1)
