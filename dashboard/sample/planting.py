"""Stores planted with the store-risk patterns, so that the scan has something true to find.

plan() picks, from a seed of its own, about one store in PER_STORES for each pattern (at least
MIN_PER_PATTERN): which they are is not stored anywhere; the tests ask plan() again. plant()
then bends each batch's purchases at those stores to show the pattern, keeping the credit rules
(no purchase before its credit opens, none beyond the credit released): times move within their
day, amounts only go down, and a drained balance is exactly what was left.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from dashboard import geography
from dashboard.schema import CUT_STATUSES

PER_STORES = 5_000
MIN_PER_PATTERN = 2
PLAN_STREAM = 18  # the plan's own random stream, beside the seed
PATTERNS = ("drain", "round", "repeat", "burst", "volume", "far", "night", "cut_selling")
FAR_KM = 60.0  # donors for the far pattern live at least this far from the store
ROUND_TOMAN = 100_000


def plan(stores: pl.DataFrame, seed: int, first_wave: dt.date) -> dict[str, list[int]]:
    """Per pattern, the ids of the stores planted with it (disjoint): among the stores that
    joined by first_wave, active ones (small shops for volume), cut ones for cut_selling."""
    rng = np.random.default_rng([seed, PLAN_STREAM])
    open_early = stores.filter(pl.col("joined_on") <= first_wave).sort("id")
    active = open_early.filter(~pl.col("status").is_in(CUT_STATUSES))
    n = max(MIN_PER_PATTERN, round(open_early.height / PER_STORES))
    taken: set[int] = set()
    out = {}
    for pattern in PATTERNS:
        pool = (
            open_early.filter(pl.col("status").is_in(CUT_STATUSES))
            if pattern == "cut_selling"
            else active.filter(pl.col("kind") == "small_shop")
            if pattern == "volume"
            else active
        )
        ids = [i for i in pool["id"].to_list() if i not in taken]
        chosen = sorted(rng.choice(ids, size=min(n, len(ids)), replace=False).tolist())
        taken.update(chosen)
        out[pattern] = chosen
    return out


def plant(
    rng: np.random.Generator,
    frame: pl.DataFrame,
    households: pl.DataFrame,
    allocations: pl.DataFrame,
    stores: pl.DataFrame,
    places: pl.DataFrame,
    planted: dict[str, list[int]],
) -> pl.DataFrame:
    """frame (a batch's purchases: household_id, store_id, purchased_at, credit_toman,
    cash_toman, basket_id) with the planted stores' patterns; households: id, county_id,
    place_id of the batch."""
    frame = frame.with_row_index("row").with_columns(
        planted=pl.lit(None, pl.Int64),
        county_id=pl.col("household_id").replace_strict(
            households["id"], households["county_id"], default=None
        ),
    )
    where = stores.select("id", "county_id", "lat", "lon")
    by_county = frame.partition_by("county_id", as_dict=True)
    for pattern, planter in _PLANTERS.items():  # within a county; far and drain below
        for store_id in planted[pattern]:
            store = where.row(by_predicate=pl.col("id") == store_id, named=True)
            key = (store["county_id"],)
            if key in by_county:
                by_county[key] = planter(rng, by_county[key], store, households, places)
    frame = pl.concat(by_county.values(), how="diagonal").drop("row").with_row_index("row")
    located = households.join(places.select("id", "lat", "lon"), left_on="place_id", right_on="id")
    for store_id in planted["far"]:
        store = where.row(by_predicate=pl.col("id") == store_id, named=True)
        frame = _far(rng, frame, store, located)
    frame = _drain(frame, allocations, planted["drain"])
    return frame.drop("row", "county_id", "planted")


def _own_and_donors(rng, frame: pl.DataFrame, store: dict, n_extra: int | None = None):
    """The store's own rows and donors' rows of its county moved to it (as many as its own,
    at least 8): the frame with them at the store, and the rows' numbers."""
    own = frame.filter(pl.col("store_id") == store["id"])
    extra = max(8, own.height) if n_extra is None else n_extra
    donors = frame.filter(
        (pl.col("county_id") == store["county_id"]) & (pl.col("store_id") != store["id"])
        & pl.col("planted").is_null()
    )  # fmt: skip
    picked = donors["row"].sample(min(extra, donors.height), seed=int(rng.integers(2**31)))
    rows = pl.concat([own["row"], picked])
    return _moved(frame, rows, store["id"]), rows


def _seconds(values: np.ndarray) -> pl.Series:
    return pl.Series(values * 1_000_000).cast(pl.Duration("us"))


def _moved(frame: pl.DataFrame, rows: pl.Series, store_id: int) -> pl.DataFrame:
    hit = pl.col("row").is_in(rows.implode())
    return frame.with_columns(
        store_id=pl.when(hit).then(pl.lit(store_id)).otherwise("store_id"),
        planted=pl.when(hit).then(pl.lit(store_id)).otherwise("planted"),
    )


def _round(rng, frame, store, households, places):
    frame, rows = _own_and_donors(rng, frame, store)
    hit = pl.col("row").is_in(rows.implode()) & (pl.col("credit_toman") >= ROUND_TOMAN)
    return frame.with_columns(
        credit_toman=pl.when(hit).then(pl.col("credit_toman") // ROUND_TOMAN * ROUND_TOMAN)
        .otherwise("credit_toman"),
        cash_toman=pl.when(hit).then(0).otherwise("cash_toman"),
    )  # fmt: skip


def _repeat(rng, frame, store, households, places):
    """Each purchase split into two or three swipes a few minutes apart."""
    frame, rows = _own_and_donors(rng, frame, store)
    hit = frame.filter(pl.col("row").is_in(rows.implode()) & (pl.col("credit_toman") >= 300))
    split = (
        hit.with_columns(parts=pl.Series(rng.integers(2, 4, hit.height)))
        .with_columns(k=pl.int_ranges(0, "parts"))
        .explode("k")
    )
    gap = _seconds(rng.integers(60, 300, split.height))
    split = (
        split.with_columns(
            share=pl.col("credit_toman") // pl.col("parts") // 100 * 100,
            purchased_at=pl.col("purchased_at") + gap * pl.col("k"),
        )
        .with_columns(
            credit_toman=pl.when(pl.col("k") == 0)
            .then(pl.col("credit_toman") - pl.col("share") * (pl.col("parts") - 1))
            .otherwise("share"),
            cash_toman=pl.when(pl.col("k") == 0).then("cash_toman").otherwise(0),
        )
        .select(frame.columns)
    )
    kept = frame.filter(~pl.col("row").is_in(hit["row"].implode()))
    return pl.concat([kept, split]).drop("row").with_row_index("row")


def _burst(rng, frame, store, households, places):
    """Three days on which eight to twelve cards of the county are swiped within minutes."""
    county = frame.filter(
        (pl.col("county_id") == store["county_id"]) & (pl.col("store_id") != store["id"])
    ).with_columns(day=pl.col("purchased_at").dt.date())
    busiest = county.group_by("day").len().sort("len", "day", descending=True).head(3)["day"]
    for day in busiest:
        cards = county.filter(pl.col("day") == day).unique(
            "household_id", keep="first", maintain_order=True
        )
        picked = cards["row"].sample(min(int(rng.integers(8, 13)), cards.height),
                                     seed=int(rng.integers(2**31)))  # fmt: skip
        hit = pl.col("row").is_in(picked.implode())
        at = dt.datetime.combine(day, dt.time(13, 0))
        offsets = _seconds(rng.integers(0, 9 * 60, frame.height))
        frame = _moved(frame, picked, store["id"]).with_columns(
            purchased_at=pl.when(hit)
            .then(pl.lit(at, pl.Datetime("us")) + offsets)
            .otherwise("purchased_at")
        )
    return frame


def _volume(rng, frame, store, households, places):
    """A small shop selling like a chain store: the purchases of the county's households
    living nearest to it move to it, fifteen times its own."""
    own = frame.filter(pl.col("store_id") == store["id"]).height
    located = households.join(places.select("id", "lat", "lon"), left_on="place_id", right_on="id")
    km = geography.haversine_km(located["lat"].to_numpy(), located["lon"].to_numpy(),
                                store["lat"], store["lon"])  # fmt: skip
    distance = located.select(household_id="id", km=pl.Series(km))
    donors = (
        frame.filter(pl.col("county_id") == store["county_id"])
        .filter(pl.col("store_id") != store["id"])
        .join(distance, on="household_id")
        .sort("km", "row")
    )
    return _moved(frame, donors["row"].head(15 * max(own, 5)), store["id"])


def _far(rng, frame, store, located: pl.DataFrame):
    """Buyers from far away: purchases of households (located: id, lat, lon) living FAR_KM
    to five times that from the store, a few households' whole purchases."""
    lat, lon = located["lat"].to_numpy(), located["lon"].to_numpy()
    near = (abs(lat - store["lat"]) < 5 * FAR_KM / 100) & (abs(lon - store["lon"]) < 0.07 * FAR_KM)
    ids = located["id"].to_numpy()[near]
    km = geography.haversine_km(lat[near], lon[near], store["lat"], store["lon"])
    far = ids[(km >= FAR_KM) & (km <= 5 * FAR_KM)]
    own = frame.filter(pl.col("store_id") == store["id"]).height
    need = max(8, own)
    chosen = rng.choice(far, size=min(len(far), 2 * need), replace=False) if len(far) else far
    donors = frame.filter(pl.col("household_id").is_in(pl.Series(chosen).implode()))["row"]
    picked = donors.sample(min(need, donors.len()), seed=int(rng.integers(2**31)))
    return _moved(frame, picked, store["id"])


def _night(rng, frame, store, households, places):
    """Most of the store's purchases at night (between midnight and five), on their day."""
    frame, rows = _own_and_donors(rng, frame, store)
    hit = pl.col("row").is_in(rows.implode()) & pl.Series(rng.random(frame.height) < 0.8)
    night = _seconds(rng.integers(0, 5 * 3600, frame.height))
    return frame.with_columns(
        purchased_at=pl.when(hit)
        .then(pl.col("purchased_at").dt.truncate("1d") + night)
        .otherwise("purchased_at")
    )


def _drain(frame: pl.DataFrame, allocations: pl.DataFrame, stores: list[int]) -> pl.DataFrame:
    """At each drain store, its households' last purchase takes all the credit they have left
    (no cash), and as many of the county's households' last purchases move to it."""
    if not stores:
        return frame
    last = (
        frame.sort("purchased_at", "row")
        .group_by("household_id")
        .agg(pl.col("row").last(), county_id=pl.col("county_id").first())
        .sort("household_id")
    )
    rows = []
    for store_id in stores:
        county = frame.filter(pl.col("store_id") == store_id)["county_id"]
        own = frame.filter(pl.col("store_id") == store_id)["household_id"].unique()
        lasts = last.filter(pl.col("household_id").is_in(own.implode()))["row"]
        if county.is_empty():
            continue
        others = last.filter(
            (pl.col("county_id") == county[0]) & ~pl.col("household_id").is_in(own.implode())
        )["row"].head(max(8, lasts.len()))
        picked = pl.concat([lasts, others])
        frame = _moved(frame, picked, store_id)
        rows.append(picked)
    if not rows:
        return frame
    chosen = pl.concat(rows)
    released = allocations.group_by("household_id").agg(
        pl.col("amount_toman").sum().alias("released")
    )
    spent = frame.group_by("household_id").agg(pl.col("credit_toman").sum().alias("spent"))
    # the last purchase takes what every allocation left: each opened by the purchase's day
    opened = (
        frame.filter(pl.col("row").is_in(chosen.implode()))
        .select("row", "household_id", day=pl.col("purchased_at").dt.date())
        .join(allocations.select("household_id", "opens_on", "amount_toman"), on="household_id")
        .filter(pl.col("opens_on") <= pl.col("day"))
        .group_by("row", "household_id")
        .agg(opened=pl.col("amount_toman").sum())
        .join(released, on="household_id")
        .join(spent, on="household_id")
    )
    frame = frame.join(opened.select("row", "opened", "spent"), on="row", how="left")
    left = pl.col("opened") - pl.col("spent")
    return frame.with_columns(
        credit_toman=pl.when(pl.col("opened").is_not_null() & (left > 0))
        .then(pl.col("credit_toman") + left)
        .otherwise("credit_toman"),
        cash_toman=pl.when(pl.col("opened").is_not_null()).then(0).otherwise("cash_toman"),
    ).drop("opened", "spent")


_PLANTERS = {"round": _round, "repeat": _repeat, "burst": _burst, "volume": _volume,
             "night": _night}  # fmt: skip
