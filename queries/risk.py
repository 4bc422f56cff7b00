"""Store risk: the scan of the store-risk rollups as of a date (dashboard.risk), with the
complaints beside it, and one store's drill-down."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import risk
from dashboard import risk_marks as rm
from dashboard import schema as s
from dashboard.filters import Filters
from dashboard.rows import read_raw
from queries import scope
from queries.complaints import in_weeks, three_reporter_stores
from queries.meta import settings

EXPORT_COLUMNS = ("store_id", "name", "county_id", "kind", "score", "flags", "purchases",
                  "credit_toman")  # fmt: skip
SUMMED = (*rm.MEASURES, "burst")
_STORE = {"store_id": pl.Int64, "name": pl.String, "kind": pl.String, "setting": pl.String,
          "county_id": pl.Int64,
          "province_code": pl.String, "status": pl.String, "status_since": pl.Date,
          "terminal_id": pl.String, "lat": pl.Float64, "lon": pl.Float64,
          "first_day": pl.Date, "last_day": pl.Date,
          **dict.fromkeys(SUMMED, pl.Int64)}  # fmt: skip
_LATER = {"store_id": pl.Int64, **dict.fromkeys(SUMMED, pl.Int64)}
_CUT = {"store_id": pl.Int64, "cut_purchases": pl.Int64, "cut_credit_toman": pl.Int64}


def _sums(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Every store of f's province (all provinces nationally) with purchases by the as-of
    day, and its sums up to that day: the totals less the days after it."""
    store, t, c, place = s.stores, s.rollup_store_totals, s.counties, s.places
    provinces = scope.province_in_area(c.c.province_code, f)
    query = (
        sa.select(
            store.c.id.label("store_id"),
            store.c.name,
            store.c.kind,
            sa.func.coalesce(place.c.kind, "city").label("setting"),
            store.c.county_id,
            c.c.province_code,
            store.c.status,
            store.c.status_since,
            store.c.terminal_id,
            store.c.lat,
            store.c.lon,
            t.c.first_day,
            t.c.last_day,
            *[t.c[m] for m in SUMMED],
        )  # fmt: skip
        .select_from(
            t.join(store, store.c.id == t.c.store_id)
            .join(c, c.c.id == store.c.county_id)
            .outerjoin(place, place.c.id == store.c.place_id)
        )
        .where(t.c.first_day <= f.as_of, *provinces)
    )
    stores = read_raw(conn, query, _STORE)
    later = _after(conn, f, stores.filter(pl.col("last_day") > f.as_of)["store_id"])
    if not later.is_empty():
        stores = (
            stores.join(later, on="store_id", how="left", suffix="_later")
            .with_columns(pl.col(m) - pl.col(f"{m}_later").fill_null(0) for m in SUMMED)
            .drop([f"{m}_later" for m in SUMMED])
        )
    return stores.join(_cut_sales(conn, f), on="store_id", how="left").with_columns(
        pl.col("cut_purchases", "cut_credit_toman").fill_null(0)
    )


def _after(conn: sa.Connection, f: Filters, stores: pl.Series) -> pl.DataFrame:
    """The sums of the days after the as-of day of stores (those with such days)."""
    if stores.is_empty():
        return pl.DataFrame(schema=_LATER)
    d, b, store, c = s.rollup_store_days, s.rollup_store_bursts, s.stores, s.counties
    parts = []
    for table, measures in ((d, rm.MEASURES), (b, ("burst",))):
        query = (
            sa.select(table.c.store_id,
                      *[sa.cast(sa.func.sum(table.c[m]), sa.BigInteger).label(m) for m in measures])
            .select_from(table.join(store, store.c.id == table.c.store_id)
                         .join(c, c.c.id == store.c.county_id))
            .where(table.c.day > f.as_of, *scope.province_in_area(c.c.province_code, f))
            .group_by(table.c.store_id)
        )  # fmt: skip
        parts.append(
            read_raw(conn, query, {"store_id": pl.Int64, **{m: _LATER[m] for m in measures}})
        )
    return parts[0].join(parts[1], on="store_id", how="full", coalesce=True).fill_null(0)


def _cut_sales(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Stores cut by the as-of day (suspended or terminated): their sales on and after the
    day of the cut, up to the as-of day."""
    d, store, c = s.rollup_store_days, s.stores, s.counties
    query = (
        sa.select(
            d.c.store_id,
            sa.cast(sa.func.sum(d.c.purchases), sa.BigInteger).label("cut_purchases"),
            sa.cast(sa.func.sum(d.c.credit_toman), sa.BigInteger).label("cut_credit_toman"),
        )
        .select_from(d.join(store, store.c.id == d.c.store_id).join(c, c.c.id == store.c.county_id))
        .where(
            store.c.status.in_(s.CUT_STATUSES),
            store.c.status_since <= f.as_of,
            d.c.day >= store.c.status_since,
            d.c.day <= f.as_of,
            *scope.province_in_area(c.c.province_code, f),
        )
        .group_by(d.c.store_id)
    )
    return read_raw(conn, query, _CUT)


def scan(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The stores of f's area with purchases by the as-of day, scanned against their peers
    (dashboard.risk.scan), highest score first, with the complaints filed by the moment
    (complaints), the three-reporter flag (reporters, three_reporter) and whether the
    terminal is cut (cut: suspended or terminated by the as-of day)."""
    scanned = risk.scan(_sums(conn, f), settings(conn), f.as_of)
    if f.county is not None:
        scanned = scanned.filter(pl.col("county_id") == f.county)
    three = three_reporter_stores(conn, f).select("store_id", "reporters")
    c = s.counties
    names = read_raw(
        conn,
        sa.select(c.c.id, c.c.name_fa, c.c.name_en).where(
            *scope.province_in_area(c.c.province_code, f)
        ),
        {"county_id": pl.Int64, "county_name_fa": pl.String, "county_name_en": pl.String},
    )
    return (
        scanned.join(names, on="county_id", how="left")
        .join(_complaints(conn, f), on="store_id", how="left")
        .join(three, on="store_id", how="left")
        .with_columns(
            complaints=pl.col("complaints").fill_null(0),
            three_reporter=pl.col("reporters").is_not_null(),
            cut=pl.col("status").is_in(s.CUT_STATUSES) & (pl.col("status_since") <= f.as_of),
        )
        .sort(["score", "store_id"], descending=[True, False])
    )


def listed(conn: sa.Connection, f: Filters) -> set[int]:
    """The stores the page lists for f (a score above 0), scanned as the page scans them (a
    county with its province) without what the page shows beside them."""
    scanned = risk.scan(_sums(conn, f.province_wide()), settings(conn), f.as_of)
    return set(scope.in_county(scanned, f).filter(pl.col("score") > 0)["store_id"])


def _complaints(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Complaints filed by the moment per store of f's area."""
    c, store = s.complaints, s.stores
    query = (
        sa.select(c.c.store_id, sa.func.count().label("complaints"))
        .select_from(c.join(store, store.c.id == c.c.store_id))
        .where(c.c.filed_at < f.moment, *scope.county_in_area(store.c.county_id, f))
        .group_by(c.c.store_id)
    )
    return read_raw(conn, query, {"store_id": pl.Int64, "complaints": pl.Int64})


def export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The store-risk export: EXPORT_COLUMNS, highest score first (then store id)."""
    return scan(conn, f).select(EXPORT_COLUMNS)


def store_days(conn: sa.Connection, store_id: int, f: Filters) -> pl.DataFrame:
    """One store's days up to the as-of day: day, purchases, credit_toman and each mark."""
    d, b = s.rollup_store_days, s.rollup_store_bursts
    days = read_raw(
        conn,
        sa.select(*[d.c[c] for c in rm.SCHEMA]).where(d.c.store_id == store_id, d.c.day <= f.as_of),
        rm.SCHEMA,
    )
    bursts = read_raw(
        conn,
        sa.select(b.c.store_id, b.c.day, b.c.burst).where(b.c.store_id == store_id,
                                                          b.c.day <= f.as_of),
        rm.BURSTS,
    )  # fmt: skip
    return (
        days.join(bursts, on=["store_id", "day"], how="left")
        .with_columns(pl.col("burst").fill_null(0))
        .sort("day")
    )


def peer_days(conn: sa.Connection, store_ids: tuple[int, ...], f: Filters) -> pl.DataFrame:
    """The peers' (store_ids) average sales per day up to the as-of day: day, credit_toman
    (a day a peer did not sell counts as 0: with few sales a store's median day is 0)."""
    d = s.rollup_store_days
    rows = read_raw(
        conn,
        sa.select(d.c.store_id, d.c.day, d.c.credit_toman).where(
            d.c.store_id.in_(list(store_ids)), d.c.day <= f.as_of
        ),
        {"store_id": pl.Int64, "day": pl.Date, "credit_toman": pl.Int64},
    )
    if rows.is_empty():
        return rows.select("day", "credit_toman")
    every = pl.DataFrame({"store_id": list(store_ids)}).join(
        pl.DataFrame({"day": pl.date_range(rows["day"].min(), f.as_of, eager=True)}), how="cross"
    )
    return (
        every.join(rows, on=["store_id", "day"], how="left")
        .with_columns(pl.col("credit_toman").fill_null(0))
        .group_by("day")
        .agg(pl.col("credit_toman").mean())
        .sort("day")
    )


def by_hour(conn: sa.Connection, store_id: int, f: Filters) -> pl.DataFrame:
    """One store's purchases by hour of the day (0-23, Tehran time) up to the moment."""
    p = s.purchases
    rows = read_raw(
        conn,
        sa.select(p.c.purchased_at).where(p.c.store_id == store_id, p.c.purchased_at < f.moment),
        {"purchased_at": pl.Datetime("us")},
    )
    counted = rows.group_by(hour=pl.col("purchased_at").dt.hour().cast(pl.Int64)).agg(
        purchases=pl.len()
    )
    return (
        pl.DataFrame({"hour": list(range(24))})
        .join(counted, on="hour", how="left")
        .with_columns(pl.col("purchases").fill_null(0).cast(pl.Int64))
    )


def store_weeks(days: pl.DataFrame) -> pl.DataFrame:
    """A store's days (store_days) summed into weeks from Saturday: week, purchases and each
    mark; the weeks between without a sale are there, at 0."""
    columns = ["purchases", *rm.MARKS, "burst"]
    weeks = in_weeks(days, columns)
    if weeks.is_empty():
        return weeks
    every = pl.DataFrame(
        {"week": pl.date_range(weeks["week"].min(), weeks["week"].max(), "1w", eager=True)}
    )
    return every.join(weeks, on="week", how="left").with_columns(pl.col(columns).fill_null(0))


def peer_ids(scanned: pl.DataFrame, store: dict) -> list[int]:
    """The ids of store's peers in scanned (a scan of its province or wider): same kind and
    setting, in its county or its province as its peer_area says, itself left out."""
    where = "county_id" if store["peer_area"] == "county" else "province_code"
    peers = scanned.filter(
        pl.col(where) == store[where],
        pl.col("kind") == store["kind"],
        pl.col("setting") == store["setting"],
        pl.col("store_id") != store["store_id"],
    )
    return peers["store_id"].to_list()


def row_of(scanned: pl.DataFrame, store_id: int) -> dict:
    """The scan's row of one store."""
    return scanned.row(by_predicate=pl.col("store_id") == store_id, named=True)


PEER_SAMPLE = 200  # peers a store's daily chart is drawn against at most


def peer_sample(ids: list[int]) -> tuple[int, ...]:
    """At most PEER_SAMPLE of ids, spread evenly over them (the same ones on every view)."""
    step = max(1, -(-len(ids) // PEER_SAMPLE))
    return tuple(sorted(ids)[::step])
