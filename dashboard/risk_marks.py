"""What each purchase shows of the store-risk patterns, summed per store and day (the inputs
of the store-risk scan, kept in rollup_store_days and rollup_store_bursts).

A purchase's marks depend on it and its household's past only (the credit opened by its day,
the household's earlier purchases), on where the household lives and where the store is:
    drained       it left at most risk_drain_left_toman of the credit available to the household
                  (and that credit was at least risk_drain_min_toman): the whole balance at once
    round_credit  no cash was added and its credit is a multiple of risk_round_toman
    repeated      the household bought at the same store within risk_repeat_minutes before
    far           the household's place is more than risk_far_km from the store (located: both
                  are known, the share's denominator)
    night         it was made before risk_open_hour or from risk_close_hour on (Tehran time)
A store's bursts are its purchases in the clock slots of risk_burst_minutes (from midnight) in
which risk_burst_cards or more different households' cards were used there: they depend on
the store's other purchases of that day, so they are counted from the store's rows (bursts).
"""

from __future__ import annotations

import dataclasses

import polars as pl

from dashboard import geography
from dashboard.settings import Settings

MARKS = ("drained", "round_credit", "repeated", "far", "night")
MEASURES = ("purchases", "credit_toman", "cash_toman", "located", *MARKS)
KEYS = ["store_id", "day"]
# the columns marks() reads, with their types
HOUSEHOLDS = {"id": pl.Int64, "place_id": pl.Int64}
ALLOCATIONS = {"household_id": pl.Int64, "opens_on": pl.Date, "amount_toman": pl.Int64}
PURCHASES = {"id": pl.Int64, "household_id": pl.Int64, "store_id": pl.Int64,
             "purchased_at": pl.Datetime("us"), "credit_toman": pl.Int64,
             "cash_toman": pl.Int64}  # fmt: skip
LOCATIONS = {"id": pl.Int64, "lat": pl.Float64, "lon": pl.Float64}
SCHEMA = {"store_id": pl.Int64, "day": pl.Date, **dict.fromkeys(MEASURES, pl.Int64)}
BURSTS = {"store_id": pl.Int64, "day": pl.Date, "burst": pl.Int64}


@dataclasses.dataclass(frozen=True)
class Rules:
    """The settings that mark a purchase (read when the rollups are built)."""

    drain_left_toman: int
    drain_min_toman: int
    round_toman: int
    repeat_minutes: float
    far_km: float
    open_hour: int
    close_hour: int
    burst_minutes: int
    burst_cards: int

    @classmethod
    def of(cls, settings: Settings) -> Rules:
        """The rules in settings (its risk_* fields)."""
        return cls(**{f.name: getattr(settings, f"risk_{f.name}") for f in dataclasses.fields(cls)})


def marks(
    households: pl.DataFrame,
    allocations: pl.DataFrame,
    purchases: pl.DataFrame,
    stores: pl.DataFrame,
    places: pl.DataFrame,
    rules: Rules,
) -> pl.DataFrame:
    """Per store and day, the purchases of whole households and their marks (SCHEMA).

    purchases may hold rows that stand for several earlier purchases (store_id null): they
    count for the balance, not as purchases. stores and places: id, lat, lon."""
    ordered = purchases.select(list(PURCHASES)).sort("household_id", "purchased_at", "id")
    spent_before = pl.col("credit_toman").cum_sum().over("household_id") - pl.col("credit_toman")
    released = (
        allocations.group_by("household_id", "opens_on")
        .agg(pl.col("amount_toman").sum())
        .sort("household_id", "opens_on")
        .select("household_id", "opens_on", released=pl.col("amount_toman").cum_sum().over(
            "household_id"))
        .sort("opens_on")
    )  # fmt: skip
    judged = (
        ordered.with_columns(spent_before=spent_before, day=pl.col("purchased_at").dt.date())
        .sort("day")
        .join_asof(
            released,
            left_on="day",
            right_on="opens_on",
            by="household_id",
            strategy="backward",
            check_sortedness=False,
        )  # fmt: skip
        .filter(pl.col("store_id").is_not_null())
    )
    available = pl.col("released").fill_null(0) - pl.col("spent_before")
    gap = pl.col("purchased_at") - pl.col("purchased_at").shift(1).over(
        "household_id", "store_id", order_by=["purchased_at", "id"]
    )
    hour = pl.col("purchased_at").dt.hour()
    home = households.select(pl.col("id").alias("household_id"), "place_id").join(
        places.select(pl.col("id").alias("place_id"), p_lat="lat", p_lon="lon"), on="place_id"
    )
    shops = stores.select(pl.col("id").alias("store_id"), s_lat="lat", s_lon="lon")
    located = judged.join(home, on="household_id", how="left").join(
        shops, on="store_id", how="left"
    )
    distance = geography.haversine_km(
        located["p_lat"].to_numpy(), located["p_lon"].to_numpy(),
        located["s_lat"].to_numpy(), located["s_lon"].to_numpy(),
    )  # fmt: skip
    marked = located.with_columns(
        km=pl.Series(distance, dtype=pl.Float64).fill_nan(None),
        drained=(available >= rules.drain_min_toman)
        & (available - pl.col("credit_toman") <= rules.drain_left_toman),
        round_credit=(pl.col("cash_toman") == 0)
        & (pl.col("credit_toman") % rules.round_toman == 0),
        repeated=gap <= pl.duration(seconds=round(rules.repeat_minutes * 60)),
        night=(hour < rules.open_hour) | (hour >= rules.close_hour),
    )
    return (
        marked.group_by(KEYS)
        .agg(
            purchases=pl.len(),
            credit_toman=pl.col("credit_toman").sum(),
            cash_toman=pl.col("cash_toman").sum(),
            located=pl.col("km").is_not_null().sum(),
            drained=pl.col("drained").sum(),
            round_credit=pl.col("round_credit").sum(),
            repeated=pl.col("repeated").fill_null(False).sum(),
            far=(pl.col("km") > rules.far_km).sum(),
            night=pl.col("night").sum(),
        )
        .cast(SCHEMA)
        .select(list(SCHEMA))
    )


def combine(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """The sums of parts (frames of SCHEMA, some negative) per store and day; rows that come
    to nothing are dropped."""
    stacked = pl.concat([pl.DataFrame(schema=SCHEMA), *parts], how="vertical_relaxed")
    return (
        stacked.group_by(KEYS)
        .agg(pl.col(MEASURES).sum())
        .filter(pl.any_horizontal(pl.col(m) != 0 for m in MEASURES))
        .sort(KEYS)
        .cast(SCHEMA)
    )


def bursts(purchases: pl.DataFrame, rules: Rules) -> pl.DataFrame:
    """Per store and day, the purchases made in bursts (BURSTS; days without any left out),
    from every purchase of those stores and days (store_id, household_id, purchased_at)."""
    slot = pl.col("purchased_at").dt.truncate(f"{rules.burst_minutes}m")
    slots = (
        purchases.group_by("store_id", slot.alias("slot"))
        .agg(cards=pl.col("household_id").n_unique(), n=pl.len())
        .filter(pl.col("cards") >= rules.burst_cards)
    )
    return (
        slots.group_by("store_id", day=pl.col("slot").dt.date())
        .agg(burst=pl.col("n").sum())
        .cast(BURSTS)
        .sort(KEYS)
    )
