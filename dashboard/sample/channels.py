"""The programme's other channels (issue 30), vectorised: method two's registrations, cancels
and deliveries, mothers' packages, and the new applications of the 15-day window.

Grounded in DOMAIN.md (seeds 001-003); the rates marked "assumed" are the sample's own (the
README lists them). Every moment falls before the end of the preset's last day.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from dashboard.sample.households import MEMBER_WEIGHTS, MEMBERS, random_hashes

DAY_S = 86_400
TOMAN_PER_MEMBER = 1_000_000  # one month's credit per member (DOMAIN.md)

# Method two (روش دوم): USSD registration from 28 Dey to 10 Bahman 1404, cancelling from
# 11 Bahman (seeds 002).
REGISTRATION = (dt.datetime(2026, 1, 18), dt.datetime(2026, 1, 31))  # [from, until)
CANCELS = (dt.datetime(2026, 1, 31), dt.datetime(2026, 2, 21))  # assumed: three weeks of them
DELIVERIES_FROM = dt.datetime(2026, 2, 1)  # assumed: the day after registration closes
METHOD_TWO_SHARE = 0.08  # assumed: of the households
CANCEL_SHARE = 0.15  # assumed: of the registrations, each before its package came
UNDELIVERED_SHARE = 0.03  # assumed: of the others, never delivered by the end
DELIVERY_MEDIAN_DAYS = 10  # assumed: after registration (the target is 14)
LATE_CREDIT = dt.datetime(2026, 1, 25)  # wave 5: the approved late applicants' credit opens

# Mothers' packages (seeds 003): about 1 million births a year for 24 million households.
MOTHER_RATES = {"infant": 0.03, "pregnancy": 0.015}  # assumed: of the households
MOTHERS_FROM = dt.date(2026, 1, 7)  # the first wave
ISSUE_DAYS = 10  # assumed: issued 0-10 days after eligibility
COLLECT_MEDIAN_DAYS = 7  # assumed: after issue (the target is 30)
UNCOLLECTED_SHARE = 0.05  # assumed: issued packages never collected

# New applications: online for 15 days from 20 Dey 1404 (seeds 001, 002), to 4 Bahman.
APPLICATIONS = (dt.datetime(2026, 1, 10), dt.datetime(2026, 1, 25))  # [from, until)
REJECTED_PER_APPROVED = 0.25  # assumed
PENDING_SHARE = 0.02  # assumed: of the applications, never decided
REJECT_MEDIAN_DAYS = 7  # assumed: after filing (the target is 15)


def _moments(start: dt.datetime, seconds: np.ndarray) -> pl.Series:
    """start plus whole seconds (floored), as Datetime('us')."""
    at = np.datetime64(start, "us") + np.floor(seconds).astype("timedelta64[s]")
    return pl.Series(at.astype("datetime64[us]"))


def _seconds(moments: pl.Series, start: dt.datetime) -> np.ndarray:
    return (moments - start).dt.total_seconds().to_numpy().astype(float)


def _day_and_hour(rng: np.random.Generator, at: pl.Series) -> pl.Series:
    """The day of each moment at a time of a store's day (09:00-21:00)."""
    hours = rng.uniform(9, 21, len(at)) * 3600
    days = at.dt.truncate("1d")
    return days + pl.Series(np.floor(hours).astype("timedelta64[s]").astype("timedelta64[us]"))


def _end_moment(end: dt.date) -> dt.datetime:
    return dt.datetime.combine(end + dt.timedelta(days=1), dt.time())


def _stores_of(
    rng: np.random.Generator,
    county_ids: pl.Series,
    stores: pl.DataFrame,
    by: dt.date,
    prefer_chain: bool,
) -> pl.Series:
    """A store for each of county_ids: of the county's stores, one that had joined by `by` and
    is active to the end (a chain store if prefer_chain and the county has one), else any of
    the county's stores; null when the county has none."""
    settled = (pl.col("joined_on") <= by) & (pl.col("status") == "active")
    chain = (pl.col("kind") == "chain") if prefer_chain else pl.lit(True)
    ranked = (
        stores.select(
            "id",
            "county_id",
            tier=pl.when(settled & chain).then(0).when(settled).then(1).otherwise(2),
        )
        .filter(pl.col("tier") == pl.col("tier").min().over("county_id"))
        .sort("county_id", "id")
        .with_row_index("pos")
    )
    spans = ranked.group_by("county_id").agg(start=pl.col("pos").min(), n=pl.len())
    rows = pl.DataFrame({"county_id": county_ids}).join(
        spans, on="county_id", how="left", maintain_order="left"
    )
    start = rows["start"].fill_null(0).to_numpy().astype(np.int64)
    n = rows["n"].fill_null(0).to_numpy().astype(np.int64)
    pos = start + np.floor(rng.random(len(rows)) * np.maximum(n, 1)).astype(np.int64)
    ids = np.append(ranked["id"].to_numpy(), 0)  # 0: no store (masked below)
    picked = pl.Series(ids[np.where(n > 0, pos, len(ids) - 1)], dtype=pl.Int32)
    return pl.select(pl.when(pl.Series(n > 0)).then(picked)).to_series().alias("store_id")


def method_two(
    rng: np.random.Generator, households: pl.DataFrame, stores: pl.DataFrame, end: dt.date
) -> pl.DataFrame:
    """Registrations for the 9-item package inside the USSD window (a late applicant's not
    before its credit opens), a share cancelled from 11 Bahman before the package came, the
    rest delivered from 12 Bahman (1 February) on at a store of the household's county (a
    chain store where there is one), mostly within 14 days of registration; a few never."""
    moment = _end_moment(end)
    people = households.filter(pl.Series(rng.random(households.height) < METHOD_TWO_SHARE))
    n = people.height
    opens = np.where(
        people["grp"].to_numpy() == "late_applicant",
        (LATE_CREDIT - REGISTRATION[0]).total_seconds(),
        0,
    )
    window = (REGISTRATION[1] - REGISTRATION[0]).total_seconds()
    registered = _moments(REGISTRATION[0], opens + rng.random(n) * (window - opens))
    delay = rng.lognormal(np.log(DELIVERY_MEDIAN_DAYS), 0.4, n) * DAY_S
    first = rng.uniform(0, 3, n) * DAY_S  # the first deliveries take a few days
    planned = _moments(
        DELIVERIES_FROM, np.maximum(_seconds(registered, DELIVERIES_FROM) + delay, first)
    )
    planned = _day_and_hour(rng, planned)
    cancel = rng.random(n) < CANCEL_SHARE
    never = rng.random(n) < UNDELIVERED_SHARE
    # a cancel comes before the package would have: between 11 Bahman and its planned day
    last = np.minimum(_seconds(planned, CANCELS[0]), (CANCELS[1] - CANCELS[0]).total_seconds())
    cancelled = _moments(CANCELS[0], rng.random(n) * last)
    store = _stores_of(rng, people["county_id"], stores, DELIVERIES_FROM.date(), True)
    frame = pl.DataFrame(
        {
            "household_id": people["id"],
            "registered_at": registered,
            "cancelled_at": cancelled,
            "store_id": store,
            "delivered_at": planned,
            "package_toman": people["members"].cast(pl.Int64) * TOMAN_PER_MEMBER,
            "cancel": cancel,
            "never": never,
        }
    ).filter(pl.col("registered_at") < moment)
    frame = frame.with_columns(
        cancelled_at=pl.when(pl.col("cancel") & (pl.col("cancelled_at") < moment)).then(
            "cancelled_at"
        )
    ).with_columns(
        delivered_at=pl.when(
            pl.col("cancelled_at").is_null() & ~pl.col("never") & (pl.col("delivered_at") < moment)
        ).then("delivered_at"),
    )
    return (
        frame.with_columns(store_id=pl.when(pl.col("delivered_at").is_not_null()).then("store_id"))
        .sort("registered_at", "household_id")
        .with_row_index("id", offset=1)
        .select(
            pl.col("id").cast(pl.Int64),
            "household_id",
            "registered_at",
            "cancelled_at",
            "store_id",
            "delivered_at",
            "package_toman",
        )
    )


def mother_packages(
    rng: np.random.Generator,
    households: pl.DataFrame,
    allocations: pl.DataFrame,
    stores: pl.DataFrame,
    end: dt.date,
) -> pl.DataFrame:
    """Mothers' packages (pregnancy, infant: households of two or more) at MOTHER_RATES, varied
    by county; eligible from the household's first credit (and the first wave) to the end,
    issued 0-10 days later, mostly collected within 30 days of issue at a store of the county,
    some later, some never; those not yet issued or collected by the end left so."""
    moment = _end_moment(end)
    counties, county_index = np.unique(households["county_id"].to_numpy(), return_inverse=True)
    factor = rng.lognormal(-0.045, 0.3, len(counties))[county_index]  # mean about 1
    members = households["members"].to_numpy()
    picked = []
    for kind, rate in MOTHER_RATES.items():
        chosen = rng.random(households.height) < rate * factor
        if kind == "infant":
            chosen &= members >= 2
        picked.append(households.filter(pl.Series(chosen)).with_columns(kind=pl.lit(kind)))
    rows = pl.concat(picked).join(
        allocations.group_by("household_id").agg(first=pl.col("opens_on").min()),
        left_on="id",
        right_on="household_id",
        how="left",
        maintain_order="left",
    )
    n = rows.height
    dates = (
        pl.DataFrame(
            {
                "start": rows["first"].fill_null(MOTHERS_FROM).clip(lower_bound=MOTHERS_FROM),
                "u": rng.random(n),
                "issue": rng.integers(0, ISSUE_DAYS + 1, n),
                "delay": rng.lognormal(np.log(COLLECT_MEDIAN_DAYS), 0.9, n) * DAY_S,
            }
        )
        .with_columns(
            eligible=pl.col("start")
            + pl.duration(
                days=(pl.col("u") * ((pl.lit(end) - pl.col("start")).dt.total_days() + 1))
                .floor()
                .clip(lower_bound=0)
                .cast(pl.Int64)
            )
        )
        .with_columns(issued=pl.col("eligible") + pl.duration(days="issue"))
        .with_columns(
            collected=pl.col("issued").cast(pl.Datetime("us"))
            + pl.duration(seconds=pl.col("delay").floor().cast(pl.Int64))
        )
    )
    eligible, issued = dates["eligible"], dates["issued"]
    collected = _day_and_hour(rng, dates["collected"])
    never = rng.random(n) < UNCOLLECTED_SHARE
    store = _stores_of(rng, rows["county_id"], stores, MOTHERS_FROM, False)
    frame = pl.DataFrame(
        {
            "household_id": rows["id"],
            "kind": rows["kind"],
            "eligible_on": eligible,
            "issued_on": issued,
            "collected_at": collected,
            "store_id": store,
            "never": never,
        }
    ).with_columns(issued_on=pl.when(pl.col("issued_on") <= end).then("issued_on"))
    frame = frame.with_columns(
        collected_at=pl.when(
            pl.col("issued_on").is_not_null() & ~pl.col("never") & (pl.col("collected_at") < moment)
        ).then("collected_at")
    )
    return (
        frame.with_columns(store_id=pl.when(pl.col("collected_at").is_not_null()).then("store_id"))
        .sort("eligible_on", "household_id", "kind")
        .with_row_index("id", offset=1)
        .select(
            pl.col("id").cast(pl.Int64),
            "household_id",
            "kind",
            "eligible_on",
            "issued_on",
            "collected_at",
            "store_id",
        )
    )


def applications(rng: np.random.Generator, households: pl.DataFrame, end: dt.date) -> pl.DataFrame:
    """Applications filed online in the 15-day window: one approved per late_applicant
    household (its county, members and head's hash), decided before its credit opens with
    wave 5; a quarter as many rejected (new applicants), mostly within 15 days; a few pending."""
    moment = _end_moment(end)
    window = (APPLICATIONS[1] - APPLICATIONS[0]).total_seconds()
    late = households.filter(pl.col("grp") == "late_applicant")
    n_ok = late.height
    filed_ok = rng.random(n_ok) * window
    # decided before wave 5 opens (the end of the window): a share of the time left
    decided_ok = filed_ok + rng.beta(1.5, 3, n_ok) * (
        (LATE_CREDIT - APPLICATIONS[0]).total_seconds() - filed_ok
    )
    n_no = round(n_ok * REJECTED_PER_APPROVED)
    n_wait = max(1, round((n_ok + n_no) * PENDING_SHARE))
    m = n_no + n_wait
    filed_no = rng.random(m) * window
    decided_no = filed_no + rng.lognormal(np.log(REJECT_MEDIAN_DAYS), 0.5, m) * DAY_S
    filed = np.floor(np.concatenate([filed_ok, filed_no]))
    decided = np.floor(np.concatenate([decided_ok, decided_no]))
    outcome = np.array(["approved"] * n_ok + ["rejected"] * n_no + [""] * n_wait, dtype=object)
    frame = pl.DataFrame(
        {
            "applicant_hash": pl.concat([late["head_hash"], random_hashes(rng, m)]),
            "county_id": pl.concat(
                [late["county_id"], pl.Series(rng.choice(households["county_id"].to_numpy(), m))]
            ),
            "members": pl.concat(
                [
                    late["members"],
                    pl.Series(rng.choice(MEMBERS, m, p=MEMBER_WEIGHTS)).cast(late["members"].dtype),
                ]
            ),
            "filed_at": _moments(APPLICATIONS[0], filed),
            "decided_at": _moments(APPLICATIONS[0], decided),
            "outcome": pl.Series(outcome, dtype=pl.String),
            "household_id": pl.concat([late["id"], pl.Series([None] * m, dtype=late["id"].dtype)]),
        }
    ).filter(pl.col("filed_at") < moment)
    frame = frame.with_columns(
        decided_at=pl.when((pl.col("outcome") != "") & (pl.col("decided_at") < moment)).then(
            "decided_at"
        )
    )
    return (
        frame.with_columns(outcome=pl.when(pl.col("decided_at").is_not_null()).then("outcome"))
        .with_columns(household_id=pl.when(pl.col("outcome") == "approved").then("household_id"))
        .sort("filed_at", "applicant_hash")
        .with_row_index("id", offset=1)
        .select(
            pl.col("id").cast(pl.Int64),
            "applicant_hash",
            "county_id",
            "members",
            "filed_at",
            "decided_at",
            "outcome",
            "household_id",
        )
    )
