"""Every village's distance to its nearest active store, kept in village_nearest: measured
once when stores or places change (the seed, an import), not on every view of the map.

The stores measured are those active today: joined and not suspended or terminated. They are
the stores active as of any date from the latest joining or cut on (derived.valid_from), so
the table answers every such date; an earlier date is measured afresh (queries.stores).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import sqlalchemy as sa

from dashboard import bulkload, derived, geography
from dashboard import schema as s
from dashboard.rows import read_raw

NAME = "village_nearest"


def km(distances: np.ndarray) -> pl.Series:
    """Distances rounded to the metre; null where there is no store at all."""
    rounded = np.round(distances, 3)
    return pl.Series(rounded, dtype=pl.Float64).set(pl.Series(np.isinf(rounded)), None)


def _valid_from(conn: sa.Connection) -> dt.date | None:
    """The latest day a store joined or was cut: from then on today's active stores are the
    active stores of the date (None when there are no stores)."""
    store = s.stores
    cut = store.c.status.in_(s.CUT_STATUSES) & store.c.status_since.is_not(None)
    latest = sa.select(
        sa.func.max(store.c.joined_on), sa.func.max(sa.case((cut, store.c.status_since)))
    )
    days = [d for d in conn.execute(latest).one() if d is not None]
    return max(days) if days else None


def refresh(conn: sa.Connection) -> int:
    """Measure every village against today's active stores and replace village_nearest, inside
    conn's transaction; returns the villages measured."""
    store, place = s.stores, s.places
    active = ~(store.c.status.in_(s.CUT_STATUSES) & store.c.status_since.is_not(None))
    stores = read_raw(
        conn,
        sa.select(store.c.kind, store.c.lat, store.c.lon).where(active),
        {"kind": pl.String, "lat": pl.Float64, "lon": pl.Float64},
    )
    villages = read_raw(
        conn,
        sa.select(place.c.id, place.c.lat, place.c.lon).where(place.c.kind == "village"),
        {"place_id": pl.Int64, "lat": pl.Float64, "lon": pl.Float64},
    )
    lat, lon = villages["lat"].to_numpy(), villages["lon"].to_numpy()
    chains = stores.filter(kind="chain")
    rows = villages.select("place_id").with_columns(
        nearest_store_km=km(geography.nearest_km(lat, lon, stores["lat"], stores["lon"])),
        nearest_chain_km=km(geography.nearest_km(lat, lon, chains["lat"], chains["lon"])),
    )
    conn.execute(s.village_nearest.delete())
    bulkload.insert(conn, NAME, rows)
    derived.mark(conn, NAME, _valid_from(conn))
    return rows.height


def holds(conn: sa.Connection, as_of: dt.date) -> bool:
    """Whether village_nearest answers for the date: refreshed, and the date on or after the
    latest store joining or cut."""
    return derived.holds(conn, NAME, as_of)
