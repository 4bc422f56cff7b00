"""Stores: density per area, and village coverage by the nearest active (chain) store.

Statuses are as of the date: a store counts from joined_on; it is suspended or terminated
from status_since when its status says so (DESIGN.md section 5, active store).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import sqlalchemy as sa

from dashboard import derived, geography, nearest
from dashboard import schema as s
from dashboard.filters import Filters
from dashboard.rows import read_raw, read_rows
from queries import scope
from queries.meta import full_scale, settings
from queries.sql import count_if, total

COVERAGE = ("chain", "small_shop_only", "none")
MARGIN_DEG = 0.5  # stores read this far around the villages (about 45 km)
VILLAGE_COLUMNS = (
    "place_id", "name_fa", "name_en", "county_id", "population",
    "nearest_store_km", "nearest_chain_km", "coverage",
)  # fmt: skip


def status(f: Filters) -> sa.ColumnElement[str]:
    """A store's status as of the date: suspended or terminated from status_since on, else
    active."""
    store = s.stores
    cut = store.c.status.in_(s.CUT_STATUSES) & (store.c.status_since <= f.as_of)
    return sa.case((cut, store.c.status), else_="active")


def radius_km(conn: sa.Connection) -> float:
    """The coverage radius R (a setting, default 5 km)."""
    return settings(conn).coverage_radius_km


def points(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Stores of the area joined by the as-of date: id, name, kind, county, lat, lon, status
    as of the date (for the map)."""
    store, c = s.stores, s.counties
    query = (
        sa.select(
            store.c.id,
            store.c.name,
            store.c.kind,
            store.c.county_id,
            c.c.name_fa,
            c.c.name_en,
            store.c.lat,
            store.c.lon,
            status(f).label("status"),
        )  # fmt: skip
        .select_from(store.join(c, c.c.id == store.c.county_id))
        .where(store.c.joined_on <= f.as_of, *scope.county_in_area(store.c.county_id, f))
    )
    schema = {
        "id": pl.Int64, "name": pl.String, "kind": pl.String, "county_id": pl.Int64,
        "county_name_fa": pl.String, "county_name_en": pl.String, "lat": pl.Float64,
        "lon": pl.Float64, "status": pl.String,
    }  # fmt: skip
    return read_raw(conn, query, schema)


def villages(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Villages of the area: place_id, names, county_id, population, lat, lon, county names,
    source (geonames, or synthetic: made up by the sample)."""
    p, c = s.places, s.counties
    query = (
        sa.select(
            p.c.id,
            p.c.name_fa,
            p.c.name_en,
            p.c.county_id,
            p.c.population,
            p.c.lat,
            p.c.lon,
            c.c.name_fa,
            c.c.name_en,
            p.c.source,
        )  # fmt: skip
        .select_from(p.join(c, c.c.id == p.c.county_id))
        .where(p.c.kind == "village", *scope.county_in_area(p.c.county_id, f))
        .order_by(p.c.id)
    )
    schema = {
        "place_id": pl.Int64, "name_fa": pl.String, "name_en": pl.String, "county_id": pl.Int64,
        "population": pl.Int64, "lat": pl.Float64, "lon": pl.Float64,
        "county_name_fa": pl.String, "county_name_en": pl.String, "source": pl.String,
    }  # fmt: skip
    return read_raw(conn, query, schema)


def _active(conn: sa.Connection, f: Filters, box: tuple[float, ...] | None) -> pl.DataFrame:
    """Active stores as of the date inside box (south, north, west, east), whatever their area:
    a store across a border still serves a village. No box: every active store."""
    store = s.stores
    where = [store.c.joined_on <= f.as_of, status(f) == "active"]
    if box is not None:
        south, north, west, east = box
        where += [store.c.lat.between(south, north), store.c.lon.between(west, east)]
    query = sa.select(store.c.kind, store.c.lat, store.c.lon).where(*where)
    return read_raw(conn, query, {"kind": pl.String, "lat": pl.Float64, "lon": pl.Float64})


def _nearest(conn: sa.Connection, f: Filters, places: pl.DataFrame) -> tuple[np.ndarray, ...]:
    """Distances from each village to its nearest active store and nearest chain store.

    Stores are read within the villages' box widened by MARGIN_DEG; a distance found there
    that is longer than the margin could hide a nearer store outside, so those villages are
    measured again against every store (rare: only villages far from any store).
    """
    lat, lon = places["lat"].to_numpy(), places["lon"].to_numpy()
    box = None
    if f.province is not None:  # nationally every store is near some village anyway
        box = (lat.min() - MARGIN_DEG, lat.max() + MARGIN_DEG, lon.min() - MARGIN_DEG,
               lon.max() + MARGIN_DEG)  # fmt: skip
    safe_km = MARGIN_DEG * geography.KM_PER_DEG_LAT * np.cos(np.radians(np.abs(lat).max() + 1))
    near = _active(conn, f, box)
    everything = near if box is None else None
    results = []
    for chains_only in (False, True):
        pool = near.filter(kind="chain") if chains_only else near
        found = geography.nearest_km(lat, lon, pool["lat"], pool["lon"])
        far = found > safe_km
        if far.any() and box is not None:
            everything = _active(conn, f, None) if everything is None else everything
            pool = everything.filter(kind="chain") if chains_only else everything
            found[far] = geography.nearest_km(lat[far], lon[far], pool["lat"], pool["lon"])
        results.append(found)
    return tuple(results)


CHANGED_MAX = 2_000  # stores opened or cut since the date beyond which it is measured afresh


def _changed_since(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The stores active on the as-of date or today but not both, wherever they are: kind,
    lat, lon, then (True: active then, cut since; False: active today, joined since)."""
    store = s.stores
    cut = store.c.status.in_(s.CUT_STATUSES) & store.c.status_since.is_not(None)
    joined = ~cut & (store.c.joined_on > f.as_of)
    cut_since = cut & (store.c.status_since > f.as_of) & (store.c.joined_on <= f.as_of)
    then = sa.case((cut_since, 1), else_=0).label("then")  # a number: COPY writes t and f
    query = sa.select(store.c.kind, store.c.lat, store.c.lon, then).where(joined | cut_since)
    schema = {"kind": pl.String, "lat": pl.Float64, "lon": pl.Float64, "then": pl.Int64}
    return read_raw(conn, query, schema).with_columns(pl.col("then") == 1)


def _from_today(
    conn: sa.Connection, f: Filters, places: pl.DataFrame
) -> tuple[np.ndarray, ...] | None:
    """The distances of _nearest on a date before village_nearest holds, from today's: a
    store cut since the date is measured from every village, and a village whose nearest
    store today may have joined since the date is measured again against the date's stores.
    None when village_nearest was never built or over CHANGED_MAX stores changed since."""
    if not derived.built(conn, nearest.NAME):
        return None
    changed = _changed_since(conn, f)
    if changed.height > CHANGED_MAX:
        return None
    today = places.select("place_id").join(_measured(conn, f), on="place_id", how="left")
    lat, lon = places["lat"].to_numpy(), places["lon"].to_numpy()
    found, again = [], np.zeros(places.height, dtype=bool)
    for column, pool in (
        ("nearest_store_km", changed),
        ("nearest_chain_km", changed.filter(kind="chain")),
    ):
        now = today[column].fill_null(np.inf).to_numpy()
        then, since = pool.filter("then"), pool.filter(~pl.col("then"))
        if since.height:  # its nearest today may not have been open yet
            again |= np.round(geography.nearest_km(lat, lon, since["lat"], since["lon"]), 3) <= now
        found.append(np.minimum(now, geography.nearest_km(lat, lon, then["lat"], then["lon"])))
    if again.any():
        measured = _nearest(conn, f, places.filter(pl.Series(again)))
        for distances, redone in zip(found, measured, strict=True):
            distances[again] = redone
    return tuple(found)


def _measured(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The distances village_nearest holds for the area's villages."""
    v, p = s.village_nearest, s.places
    query = (
        sa.select(v.c.place_id, v.c.nearest_store_km, v.c.nearest_chain_km)
        .select_from(v.join(p, p.c.id == v.c.place_id))
        .where(*scope.county_in_area(p.c.county_id, f))
    )
    schema = {"place_id": pl.Int64, "nearest_store_km": pl.Float64, "nearest_chain_km": pl.Float64}
    return read_raw(conn, query, schema)


def village_coverage(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Every village of the area with the great-circle distance to its nearest active store
    and nearest active chain store, and its class for R: chain (a chain store within R km),
    small_shop_only (the fallback: a store within R km, no chain store), none. Distances are
    rounded to the metre before the comparison, so a village exactly R km away is covered."""
    places = villages(conn, f)
    if nearest.holds(conn, f.as_of):
        places = places.join(_measured(conn, f), on="place_id", how="left")
    else:
        far = _from_today(conn, f, places) if places.height else (np.array([]),) * 2
        if far is None:
            far = _nearest(conn, f, places)
        places = places.with_columns(
            nearest_store_km=nearest.km(far[0]), nearest_chain_km=nearest.km(far[1])
        )
    radius = radius_km(conn)
    return (
        places.with_columns(
            coverage=pl.when(pl.col("nearest_chain_km") <= radius)
            .then(pl.lit("chain"))
            .when(pl.col("nearest_store_km") <= radius)
            .then(pl.lit("small_shop_only"))
            .otherwise(pl.lit("none"))
        )
        .select(*VILLAGE_COLUMNS, "lat", "lon", "county_name_fa", "county_name_en", "source")
        .sort("place_id")
    )


def seats(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Where each county of the area is drawn: county_id, lat, lon (its representative point,
    inside its polygon)."""
    c = s.counties
    query = sa.select(c.c.id, c.c.lat, c.c.lon).where(*scope.county_in_area(c.c.id, f))
    return read_rows(conn, query, {"county_id": pl.Int64, "lat": pl.Float64, "lon": pl.Float64})


def village_export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """village_coverage in the columns of the village-coverage export."""
    return village_coverage(conn, f).select(VILLAGE_COLUMNS)


def village_sources(coverage: pl.DataFrame) -> tuple[int, int]:
    """(synthetic villages, all villages) of a village_coverage frame."""
    return coverage.filter(source="synthetic").height, coverage.height


def uncovered(coverage: pl.DataFrame) -> pl.DataFrame:
    """The villages with no store within R km, most populous first: the guilds' to-do list."""
    return coverage.filter(coverage="none").sort("population", "place_id", descending=[True, False])


def density(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Per county of the area: active stores by kind, active, suspended and terminated as of
    the date, residents (census), stores per 10,000 residents and households per active store
    (households with credit, full-scale estimates on a sample)."""
    store, c, r = s.stores, s.counties, s.rollup_daily
    state = status(f)

    per_county = (
        sa.select(
            store.c.county_id,
            *[count_if((state == "active") & (store.c.kind == k)).label(k) for k in s.STORE_KINDS],
            *[count_if(state == v).label(v) for v in ("active", "suspended", "terminated")],
        )
        .where(store.c.joined_on <= f.as_of, *scope.county_in_area(store.c.county_id, f))
        .group_by(store.c.county_id)
        .subquery()
    )
    households = (
        sa.select(r.c.county_id, total(r.c.new_households).label("households"))
        .where(r.c.day <= f.as_of, *scope.area(r, f))
        .group_by(r.c.county_id)
        .subquery()
    )
    columns = ["chain", "small_shop", "cooperative", "active", "suspended", "terminated"]
    query = (
        sa.select(
            c.c.id,
            c.c.name_fa,
            c.c.name_en,
            *[sa.func.coalesce(per_county.c[k], 0) for k in columns],
            c.c.population,
            sa.func.coalesce(households.c.households, 0),
        )  # fmt: skip
        .select_from(
            c.outerjoin(per_county, per_county.c.county_id == c.c.id).outerjoin(
                households, households.c.county_id == c.c.id
            )
        )
        .where(*scope.county_in_area(c.c.id, f))
        .order_by(c.c.id)
    )
    schema = {
        "county_id": pl.Int64, "county_name_fa": pl.String, "county_name_en": pl.String,
        **dict.fromkeys(columns, pl.Int64), "residents": pl.Int64, "households": pl.Int64,
    }  # fmt: skip
    table = full_scale(conn, read_rows(conn, query, schema))
    return table.with_columns(
        stores_per_10k=pl.when(pl.col("residents") > 0).then(
            pl.col("active") * 10_000 / pl.col("residents")
        ),
        households_per_store=pl.when(pl.col("active") > 0).then(
            pl.col("households") / pl.col("active")
        ),
    ).drop("households")


def coverage_counts(coverage: pl.DataFrame, by: str = "county_id") -> pl.DataFrame:
    """Villages per class (chain, small_shop_only, none) for each value of by."""
    return (
        coverage.group_by(by)
        .agg(
            villages=pl.len(),
            **{f"villages_{k}": (pl.col("coverage") == k).sum() for k in COVERAGE},
        )
        .sort(by)
    )


def county_coverage(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Villages per coverage class for each county of the area with villages (as
    coverage_counts of village_coverage), counted in SQL from village_nearest where it holds
    for the date: the figures that need no village's row."""
    counts = [f"villages_{k}" for k in COVERAGE]
    if not nearest.holds(conn, f.as_of):
        return coverage_counts(village_coverage(conn, f)).cast(
            dict.fromkeys(["villages", *counts], pl.Int64)
        )
    v, p = s.village_nearest, s.places
    radius = radius_km(conn)
    chain = v.c.nearest_chain_km <= radius
    shop = ~chain & (v.c.nearest_store_km <= radius)
    classes = {"chain": chain, "small_shop_only": shop}
    query = (
        sa.select(
            p.c.county_id,
            sa.func.count().label("villages"),
            *[count_if(c).label(f"villages_{k}") for k, c in classes.items()],
        )
        .select_from(p.join(v, v.c.place_id == p.c.id))
        .where(p.c.kind == "village", *scope.county_in_area(p.c.county_id, f))
        .group_by(p.c.county_id)
        .order_by(p.c.county_id)
    )
    schema = {"county_id": pl.Int64, "villages": pl.Int64, "villages_chain": pl.Int64,
              "villages_small_shop_only": pl.Int64}  # fmt: skip
    none = pl.col("villages") - pl.col("villages_chain") - pl.col("villages_small_shop_only")
    return (
        read_rows(conn, query, schema)
        .with_columns(villages_none=none)
        .select("county_id", "villages", *counts)
    )


def by_county(density: pl.DataFrame, coverage: pl.DataFrame) -> pl.DataFrame:
    """The density table with the villages of each county by coverage class (0 where none)
    and the share of them with no store within R km (null for a county with no village)."""
    counts = coverage_counts(coverage)
    villages = [c for c in counts.columns if c != "county_id"]
    return (
        density.join(counts, on="county_id", how="left")
        .with_columns(pl.col(villages).fill_null(0))
        .with_columns(
            uncovered_share=pl.when(pl.col("villages") > 0).then(
                pl.col("villages_none") / pl.col("villages")
            )
        )
    )


def by_province(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The national view: per province of the area, active stores, residents, stores per
    10,000 residents, villages and the share of villages with no store within R km."""
    counties = density(conn, f)
    coverage = county_coverage(conn, f)
    county_province = read_rows(
        conn,
        sa.select(s.counties.c.id, s.counties.c.province_code),
        {"county_id": pl.Int64, "province_code": pl.String},
    )
    names = read_rows(
        conn,
        sa.select(s.provinces.c.code, s.provinces.c.name_fa, s.provinces.c.name_en).where(
            *scope.province_in_area(s.provinces.c.code, f)
        ),
        {"province_code": pl.String, "name_fa": pl.String, "name_en": pl.String},
    )
    stores = (
        counties.join(county_province, on="county_id")
        .group_by("province_code")
        .agg(pl.col("active").sum(), pl.col("residents").sum())
    )
    villages = [c for c in coverage.columns if c != "county_id"]
    villages_per = (
        coverage.join(county_province, on="county_id")
        .group_by("province_code")
        .agg(pl.col(villages).sum())
    )
    return (
        names.join(stores, on="province_code", how="left")
        .join(villages_per, on="province_code", how="left")
        .with_columns(
            stores_per_10k=pl.when(pl.col("residents") > 0).then(
                pl.col("active") * 10_000 / pl.col("residents")
            ),
            uncovered_share=pl.when(pl.col("villages") > 0).then(
                pl.col("villages_none") / pl.col("villages")
            ),
        )
        .sort("province_code")
    )
