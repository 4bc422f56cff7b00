"""Method two (روش دوم): the fixed 9-item package a household registers for, may cancel, and
collects at a store; its figures by area and decile, and the pending ones by age (README, "The
programme's other channels")."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.filters import Filters
from queries import channel_rows, credit_rollups, uptake
from queries.meta import full_scale, settings

COUNTS = ("registered", "cancelled", "delivered", "pending", "pending_overdue")
AGE_BANDS = (7, 14, 21, 28)  # pending registrations by days since registering: up to 7, ...


def rows(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Every registration of f's households made by the as-of moment D, with its state at D:
    cancelled (cancelled_at <= D), registered (not cancelled), delivered (registered and
    delivered_at <= D), pending (registered, not delivered), pending_overdue (pending and
    registered_at + method_two_delivery_days < D), delivery_days (of the delivered), age_days
    (of the pending: days since registering); and the household's area, decile and group."""
    m = s.method_two
    columns = {"id": pl.Int64, "registered_at": pl.Datetime("us"),
               "cancelled_at": pl.Datetime("us"), "delivered_at": pl.Datetime("us")}  # fmt: skip
    read = channel_rows.of_households(conn, m, columns, f, m.c.registered_at <= f.moment)
    target = dt.timedelta(days=settings(conn).method_two_delivery_days)
    cancelled = channel_rows.at_or_before("cancelled_at", f)
    delivered = ~cancelled & channel_rows.at_or_before("delivered_at", f)
    pending = ~cancelled & ~delivered
    return read.with_columns(
        cancelled=cancelled,
        registered=~cancelled,
        delivered=delivered,
        pending=pending,
        pending_overdue=pending & (pl.col("registered_at") + target < f.moment),
        delivery_days=pl.when(delivered).then(channel_rows.days("delivered_at", "registered_at")),
        age_days=pl.when(pending).then(channel_rows.days(pl.lit(f.moment), "registered_at")),
    )


def _counts(states: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """The counts of COUNTS and the median delivery days per value of by."""
    return states.group_by(by).agg(
        *[pl.col(c).sum().cast(pl.Int64) for c in COUNTS],
        median_delivery_days=channel_rows.median_days("delivery_days"),
    )


def _with_rate(table: pl.DataFrame) -> pl.DataFrame:
    """registration_rate = registered / households with credit (null where there are none)."""
    return table.with_columns(
        registration_rate=pl.when(pl.col("households_with_credit") > 0)
        .then(pl.col("registered") / pl.col("households_with_credit"))
        .cast(pl.Float64)
    )


def by_area(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The method-two-by-area table: provinces (or a province's counties, a chosen county among
    its peers) with households_with_credit, the COUNTS, registration_rate and
    median_delivery_days; most overdue first."""
    wide, level = uptake.area_level(f)
    states = rows(conn, wide).with_columns(area_code=pl.col(level).cast(pl.String))
    credit = uptake.area_sums(conn, f).select("area_code", households_with_credit="households")
    counts = _counts(states, ["area_code"])
    table = (
        credit.join(counts, on="area_code", how="full", coalesce=True)
        .join(uptake.area_names(conn, f), on="area_code", how="left")
        .with_columns(pl.col("households_with_credit", *COUNTS).fill_null(0).cast(pl.Int64))
    )
    return _with_rate(full_scale(conn, table)).sort(
        ["pending_overdue", "area_code"], descending=[True, False]
    ).select(
        "area_code", "area_name_fa", "area_name_en", "households_with_credit", *COUNTS,
        "registration_rate", "median_delivery_days",
    )  # fmt: skip


def by_decile(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """One row per decile of f's range: households_with_credit, the COUNTS, registration_rate
    and median_delivery_days (zeros for a decile with none)."""
    credit = credit_rollups.totals(conn, f, ("decile",)).select(
        "decile", households_with_credit="new_households"
    )
    deciles = pl.DataFrame({"decile": range(f.decile_min, f.decile_max + 1)}, {"decile": pl.Int64})
    table = (
        deciles.join(credit, on="decile", how="left")
        .join(_counts(rows(conn, f), ["decile"]), on="decile", how="left")
        .with_columns(pl.col("households_with_credit", *COUNTS).fill_null(0).cast(pl.Int64))
    )
    return _with_rate(full_scale(conn, table)).select(
        "decile", "households_with_credit", *COUNTS, "registration_rate", "median_delivery_days"
    )


def pending_by_age(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The registrations pending at the as-of moment by days since registering, in AGE_BANDS
    (band k holds ages in (bound k-1, bound k]; the last band, beyond the last bound):
    band (0..len(AGE_BANDS)), low_days, high_days (null for the last), pending,
    pending_overdue (past method_two_delivery_days)."""
    pending = rows(conn, f).filter("pending")
    ages = pending.with_columns(
        band=pl.sum_horizontal(*[(pl.col("age_days") > b).cast(pl.Int64) for b in AGE_BANDS])
    )
    counts = ages.group_by("band").agg(
        pending=pl.len().cast(pl.Int64),
        pending_overdue=pl.col("pending_overdue").sum().cast(pl.Int64),
    )
    lows = (0, *AGE_BANDS)
    highs = (*AGE_BANDS, None)
    bands = pl.DataFrame(
        {"band": range(len(lows)), "low_days": lows, "high_days": highs},
        {"band": pl.Int64, "low_days": pl.Int64, "high_days": pl.Int64},
    )
    table = bands.join(counts, on="band", how="left").with_columns(
        pl.col("pending", "pending_overdue").fill_null(0)
    )
    return full_scale(conn, table)


def overdue(conn: sa.Connection, f: Filters) -> int:
    """The registrations of f's area, deciles and group pending past the delivery target at
    the as-of moment (a full-scale estimate on a sample)."""
    m = s.method_two  # rows' pending_overdue, counted in the database
    target = dt.timedelta(days=settings(conn).method_two_delivery_days)
    return channel_rows.households_counted(
        conn, m, f, m.c.registered_at < f.moment - target,
        channel_rows.not_by(m.c.cancelled_at, f), channel_rows.not_by(m.c.delivered_at, f),
    )  # fmt: skip
