"""Complaints about stores, their inspection, and the terminals cut as a result."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from dashboard.sample.households import random_hashes
from dashboard.schema import CHANNELS, COMPLAINT_KINDS

COMPLAINTS_PER_STORE = 0.3  # over the four months; most stores none, a few many
CHANNEL_WEIGHTS = (0.4, 0.25, 0.25, 0.1)  # in the order of CHANNELS
KIND_WEIGHTS = (0.35, 0.2, 0.35, 0.1)
FIRST_WAVE = dt.datetime(2026, 1, 7)
HOUR_US = 3_600_000_000


def _hours(values: np.ndarray) -> pl.Series:
    return pl.Series((values * HOUR_US).astype(np.int64)).cast(pl.Duration("us"))


def complaints(rng: np.random.Generator, stores: pl.DataFrame, end: dt.date) -> pl.DataFrame:
    """Complaints filed up to the end of day end, with dispatch, inspection and outcome."""
    moment = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    counts = rng.negative_binomial(0.25, 0.25 / (0.25 + COMPLAINTS_PER_STORE), stores.height)
    rows = stores.select("id", "joined_on").with_columns(n=pl.Series(counts))
    rows = rows.select(pl.all().repeat_by("n").explode()).drop_nulls("id")
    n = rows.height
    opened = rows["joined_on"].cast(pl.Datetime("us")).clip(lower_bound=FIRST_WAVE)
    span_h = ((moment - opened).dt.total_seconds() / 3600).to_numpy()
    filed = opened + _hours(rng.random(n) * span_h)
    delay = rng.lognormal(np.log(9), 0.85, n)
    never = rng.random(n) < 0.03
    dispatched = filed + _hours(np.where(never, 0, delay))
    inspected = dispatched + _hours(rng.uniform(0.5, 8, n))
    closed = inspected + _hours(rng.uniform(0, 72, n))
    outcome_draw = rng.random(n)
    action_draw = rng.random(n)
    # the same reporter complains about the same store now and then
    reporters = random_hashes(rng, n)
    frame = pl.DataFrame(
        {
            "store_id": rows["id"],
            "channel": rng.choice(CHANNELS, n, p=CHANNEL_WEIGHTS),
            "kind": rng.choice(COMPLAINT_KINDS, n, p=KIND_WEIGHTS),
            "reporter_hash": reporters,
            "repeat": rng.random(n) < 0.15,
            "filed_at": filed.dt.truncate("1m"),
            "dispatched_at": dispatched.dt.truncate("1m"),
            "inspected_at": inspected.dt.truncate("1m"),
            "closed_at": closed.dt.truncate("1m"),
            "never": never,
            "outcome_draw": outcome_draw,
            "action_draw": action_draw,
        }
    ).sort("filed_at", "store_id")
    frame = frame.with_columns(
        reporter_hash=pl.when(pl.col("repeat") & (pl.col("store_id") == pl.col("store_id").shift()))
        .then(pl.col("reporter_hash").shift())
        .otherwise(pl.col("reporter_hash")),
        dispatched_at=pl.when(~pl.col("never") & (pl.col("dispatched_at") < moment)).then(
            "dispatched_at"
        ),
    )
    frame = frame.with_columns(
        inspected_at=pl.when(
            pl.col("dispatched_at").is_not_null() & (pl.col("inspected_at") < moment)
        ).then("inspected_at"),
    )
    frame = frame.with_columns(
        outcome=pl.when(pl.col("inspected_at").is_null())
        .then(pl.lit("pending"))
        .when(pl.col("outcome_draw") < 0.35)
        .then(pl.lit("unfounded"))
        .when(pl.col("outcome_draw") < 0.85)
        .then(pl.lit("violation"))
        .otherwise(pl.lit("pending")),
    )
    frame = frame.with_columns(
        action=pl.when(pl.col("outcome") != "violation")
        .then(pl.lit("none"))
        .when(pl.col("action_draw") < 0.5)
        .then(pl.lit("warning"))
        .when(pl.col("action_draw") < 0.75)
        .then(pl.lit("terminal_cut"))
        .otherwise(pl.lit("tazirat_referral")),
        closed_at=pl.when(
            pl.col("outcome").is_in(["unfounded", "violation"]) & (pl.col("closed_at") < moment)
        ).then("closed_at"),
    )
    return frame.with_row_index("id", offset=1).select(
        pl.col("id").cast(pl.Int64), "store_id", "channel", "kind", "reporter_hash", "filed_at",
        "dispatched_at", "inspected_at", "outcome", "action", "closed_at",
    )  # fmt: skip


def store_status(
    rng: np.random.Generator, stores: pl.DataFrame, complaints: pl.DataFrame, end: dt.date
) -> pl.DataFrame:
    """Stores with terminals cut: after a terminal_cut action, or (mostly) once three distinct
    reporters have complained (unfounded complaints aside). A few others are suspended."""
    cut_by_action = (
        complaints.filter(pl.col("action") == "terminal_cut")
        .group_by("store_id")
        .agg(cut_on=pl.col("closed_at").fill_null(pl.col("inspected_at")).min().dt.date())
    )
    third = (
        complaints.filter(pl.col("outcome") != "unfounded")
        .sort("filed_at")
        .unique(["store_id", "reporter_hash"], keep="first", maintain_order=True)
        .group_by("store_id", maintain_order=True)
        .agg(third_at=pl.col("filed_at").get(2, null_on_oob=True))
        .drop_nulls("third_at")
    )
    third = third.filter(pl.Series(rng.random(third.height) < 0.7)).select(
        "store_id", three_on=(pl.col("third_at") + pl.duration(days=2)).dt.date()
    )
    n = stores.height
    suspend = rng.random(n) < 0.01
    out = (
        stores.with_columns(
            suspend=pl.Series(suspend),
            suspend_on=pl.col("joined_on") + pl.duration(days=pl.Series(rng.integers(10, 90, n))),
        )
        .join(cut_by_action, left_on="id", right_on="store_id", how="left")
        .join(third, left_on="id", right_on="store_id", how="left")
        .with_columns(cut=pl.min_horizontal("cut_on", "three_on"))
        .with_columns(
            cut=pl.when(pl.col("cut") <= end).then("cut"),
            suspend_on=pl.when(pl.col("suspend") & (pl.col("suspend_on") <= end)).then(
                "suspend_on"
            ),
        )
    )
    return out.with_columns(
        status=pl.when(pl.col("cut").is_not_null())
        .then(pl.lit("terminated"))
        .when(pl.col("suspend_on").is_not_null())
        .then(pl.lit("suspended"))
        .otherwise(pl.lit("active")),
        status_since=pl.coalesce("cut", "suspend_on", "joined_on"),
    ).select(stores.columns)
