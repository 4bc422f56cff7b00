"""Complaints against the dispatch target (DESIGN.md section 5), the watch list, sanctions.

At the as-of moment a complaint filed later does not exist yet; one dispatched later is still
open and judged by its age then. Exactly the target (24 h) is on time. Times are compared in
whole milliseconds on both databases.
"""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.filters import Filters
from queries import scope
from queries.meta import settings
from queries.sql import day_of, frame, millis_between, total

HOUR_MS = 3_600_000
STATES = ("on_time", "late", "open_within_target", "overdue")
DIMENSIONS = {"county": "county_id", "channel": "channel", "kind": "kind"}


def targets(conn: sa.Connection) -> tuple[float, float]:
    """(dispatch target, at-risk mark) in hours, from the settings (24 and 18)."""
    values = settings(conn)
    return float(values.get("dispatch_target_hours", 24)), float(values.get("at_risk_hours", 18))


def classified(f: Filters, target_h: float, at_risk_h: float) -> sa.Subquery:
    """Complaints of the area filed before the as-of moment, each with took_ms (dispatch time,
    null when not dispatched by the moment), age_ms at the moment, its state and at_risk."""
    c, st = s.complaints, s.stores
    moment = f.moment
    dispatched = c.c.dispatched_at.is_not(None) & (c.c.dispatched_at < moment)
    took = millis_between(c.c.filed_at, c.c.dispatched_at)
    age = millis_between(c.c.filed_at, sa.literal(moment, sa.DateTime))
    target = round(target_h * HOUR_MS)
    state = sa.case(
        (dispatched & (took <= target), "on_time"),
        (dispatched, "late"),
        (age <= target, "open_within_target"),
        else_="overdue",
    )
    return (
        sa.select(
            c.c.id,
            c.c.store_id,
            st.c.county_id,
            c.c.channel,
            c.c.kind,
            c.c.filed_at,
            sa.case((dispatched, took), else_=None).label("took_ms"),
            age.label("age_ms"),
            state.label("state"),
            (~dispatched & (age > round(at_risk_h * HOUR_MS))).label("at_risk"),
        )  # fmt: skip
        .select_from(c.join(st, st.c.id == c.c.store_id))
        .where(c.c.filed_at < moment, *scope.county_in_area(st.c.county_id, f))
        .subquery()
    )


def _state_counts(q: sa.Subquery) -> list[sa.ColumnElement]:
    return [total(sa.case((q.c.state == v, 1), else_=0)).label(v) for v in STATES]


def _with_compliance(table: pl.DataFrame) -> pl.DataFrame:
    judged = pl.col("on_time") + pl.col("late") + pl.col("overdue")
    return table.with_columns(
        complaints=pl.sum_horizontal(STATES),
        compliance=pl.when(judged > 0).then(pl.col("on_time") / judged).cast(pl.Float64),
    )


def _quantiles(conn: sa.Connection, q: sa.Subquery, key: str | None) -> pl.DataFrame:
    """Median and 90th percentile of dispatch hours (linear interpolation) per key value."""
    columns = [q.c[key]] if key else []
    rows = frame(
        conn,
        sa.select(*columns, q.c.took_ms).where(q.c.took_ms.is_not(None)),
        {**({key: pl.Int64 if key == "county_id" else pl.String} if key else {}),
         "took_ms": pl.Int64},
    )  # fmt: skip
    hours = pl.col("took_ms") / HOUR_MS
    stats = [
        hours.quantile(0.5, "linear").alias("median_dispatch_h"),
        hours.quantile(0.9, "linear").alias("p90_dispatch_h"),
    ]
    return rows.group_by(key).agg(stats) if key else rows.select(stats)


def headline(conn: sa.Connection, f: Filters) -> dict[str, float | int | None]:
    """Complaints by state, compliance, median and p90 dispatch hours, at risk now."""
    q = classified(f, *targets(conn))
    counts = frame(
        conn,
        sa.select(*_state_counts(q), total(sa.case((q.c.at_risk, 1), else_=0)).label("at_risk")),
    )
    row = _with_compliance(counts).row(0, named=True)
    return row | _quantiles(conn, q, None).row(0, named=True)


def by(conn: sa.Connection, f: Filters, dimension: str) -> pl.DataFrame:
    """Per county, channel or violation kind: complaints, on_time, late, overdue,
    open_within_target, compliance, median and p90 dispatch hours; worst compliance first,
    groups not yet judged last. Only groups with complaints appear."""
    key = DIMENSIONS[dimension]
    q = classified(f, *targets(conn))
    key_type = pl.Int64 if key == "county_id" else pl.String
    counts = frame(
        conn,
        sa.select(q.c[key], *_state_counts(q)).group_by(q.c[key]),
        {key: key_type, **dict.fromkeys(STATES, pl.Int64)},
    )
    table = _with_compliance(counts)
    table = table.join(_quantiles(conn, q, key), on=key, how="left")
    if key == "county_id":
        c = s.counties
        names = frame(
            conn,
            sa.select(c.c.id, c.c.name_fa, c.c.name_en),
            {"county_id": pl.Int64, "county_name_fa": pl.String, "county_name_en": pl.String},
        )
        table = table.join(names, on="county_id", how="left")
    return table.sort("compliance", key, nulls_last=True)


def by_county(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The complaints-by-county table in the export's columns."""
    return by(conn, f, "county").select(
        "county_id", "county_name_fa", "county_name_en", "complaints", "on_time", "late",
        "overdue", "open_within_target", "compliance", "median_dispatch_h", "p90_dispatch_h",
    )  # fmt: skip


def _weeks(days: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Daily counts summed into weeks that start on Saturday, as in Iran."""
    # polars weeks start on Monday; shift by two days so that they start on Saturday
    start = (pl.col("day") + pl.duration(days=2)).dt.truncate("1w") - pl.duration(days=2)
    return days.with_columns(week=start).group_by("week").agg(pl.col(columns).sum()).sort("week")


def sanctions_weekly(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Complaints closed by the moment per week of closing, by outcome and action."""
    c, st = s.complaints, s.stores
    day = day_of(c.c.closed_at)
    kinds = {"unfounded": c.c.outcome == "unfounded", "violation": c.c.outcome == "violation"}
    kinds |= {a: c.c.action == a for a in ("warning", "terminal_cut", "tazirat_referral")}
    query = (
        sa.select(
            day.label("day"),
            *[total(sa.case((cond, 1), else_=0)).label(k) for k, cond in kinds.items()],
        )
        .select_from(c.join(st, st.c.id == c.c.store_id))
        .where(
            c.c.closed_at.is_not(None),
            c.c.closed_at < f.moment,
            *scope.county_in_area(st.c.county_id, f),
        )
        .group_by(day)
    )
    days = frame(conn, query, {"day": pl.Date, **dict.fromkeys(kinds, pl.Int64)})
    return _weeks(days, list(kinds))


def weekly(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Compliance as of the date for the complaints filed in each week (weeks start on
    Saturday, as in Iran): week, complaints, on_time, late, overdue, compliance."""
    q = classified(f, *targets(conn))
    day = day_of(q.c.filed_at)
    days = frame(
        conn,
        sa.select(day.label("day"), *_state_counts(q)).group_by(day),
        {"day": pl.Date, **dict.fromkeys(STATES, pl.Int64)},
    )
    return _with_compliance(_weeks(days, list(STATES)))


def histogram(conn: sa.Connection, f: Filters, cap_h: int = 72) -> pl.DataFrame:
    """Complaints dispatched by the moment per whole hour of dispatch time (hour h holds
    times in [h, h+1) hours; the last bucket holds cap_h and beyond)."""
    q = classified(f, *targets(conn))
    bucket = sa.case((q.c.took_ms >= cap_h * HOUR_MS, cap_h), else_=q.c.took_ms // HOUR_MS)
    query = (
        sa.select(bucket.label("hour"), sa.func.count().label("complaints"))
        .where(q.c.took_ms.is_not(None))
        .group_by(bucket)
        .order_by(bucket)
    )
    return frame(conn, query, {"hour": pl.Int64, "complaints": pl.Int64})


def watchlist(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Complaints not dispatched at the as-of moment and older than the at-risk mark, oldest
    first: complaint_id, store_id, store name, county, channel, kind, filed_at, age_h, state
    (at_risk, or overdue past the target)."""
    q = classified(f, *targets(conn))
    st, c = s.stores, s.counties
    query = (
        sa.select(
            q.c.id,
            q.c.store_id,
            st.c.name,
            q.c.county_id,
            c.c.name_fa,
            c.c.name_en,
            q.c.channel,
            q.c.kind,
            q.c.filed_at,
            q.c.age_ms,
            q.c.state,
        )  # fmt: skip
        .select_from(q.join(st, st.c.id == q.c.store_id).join(c, c.c.id == q.c.county_id))
        .where(q.c.at_risk)
        .order_by(q.c.filed_at, q.c.id)
    )
    schema = {
        "complaint_id": pl.Int64, "store_id": pl.Int64, "store_name": pl.String,
        "county_id": pl.Int64, "county_name_fa": pl.String, "county_name_en": pl.String,
        "channel": pl.String, "kind": pl.String, "filed_at": pl.Datetime("us"), "age_ms": pl.Int64,
        "state": pl.String,
    }  # fmt: skip
    rows = frame(conn, query, schema)
    return rows.with_columns(
        age_h=pl.col("age_ms") / HOUR_MS,
        state=pl.when(pl.col("state") == "overdue")
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("at_risk")),
    ).drop("age_ms")


def watchlist_export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The watch list in the complaints-watchlist export's columns."""
    return watchlist(conn, f).select(
        "complaint_id", "store_id", "county_id", "channel", "kind", "filed_at", "age_h", "state"
    )


def sanctions(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Per county with complaints, those closed by the moment by outcome and action."""
    c, counties = s.complaints, s.counties
    q = classified(f, *targets(conn))
    closed = c.c.closed_at.is_not(None) & (c.c.closed_at < f.moment)
    outcomes = {o: c.c.outcome == o for o in ("unfounded", "violation")}
    actions = {a: c.c.action == a for a in ("warning", "terminal_cut", "tazirat_referral")}
    columns = [
        total(sa.case((closed & cond, 1), else_=0)).label(k)
        for k, cond in (outcomes | actions).items()
    ]
    query = (
        sa.select(q.c.county_id, counties.c.name_fa, counties.c.name_en, *columns)
        .select_from(q.join(c, c.c.id == q.c.id).join(counties, counties.c.id == q.c.county_id))
        .group_by(q.c.county_id, counties.c.name_fa, counties.c.name_en)
        .order_by(q.c.county_id)
    )
    schema = {"county_id": pl.Int64, "county_name_fa": pl.String, "county_name_en": pl.String}
    return frame(conn, query, schema | dict.fromkeys(outcomes | actions, pl.Int64))


def three_reporter(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Stores with complaints from at least three distinct reporters filed by the moment, not
    counting complaints found unfounded by then; with whether the terminal is cut by then."""
    c, st = s.complaints, s.stores
    found_unfounded = (
        (c.c.outcome == "unfounded") & c.c.closed_at.is_not(None) & (c.c.closed_at < f.moment)
    )
    threshold = int(float(settings(conn).get("three_reporter_min", 3)))
    reporters = sa.func.count(sa.distinct(c.c.reporter_hash))
    cut = (st.c.status == "terminated") & (st.c.status_since <= f.as_of)
    query = (
        sa.select(
            st.c.id,
            st.c.name,
            st.c.county_id,
            reporters.label("reporters"),
            sa.case((cut, True), else_=False).label("terminal_cut"),
        )  # fmt: skip
        .select_from(c.join(st, st.c.id == c.c.store_id))
        .where(
            c.c.filed_at < f.moment,
            sa.not_(found_unfounded),
            *scope.county_in_area(st.c.county_id, f),
        )
        .group_by(st.c.id, st.c.name, st.c.county_id, st.c.status, st.c.status_since)
        .having(reporters >= threshold)
        .order_by(reporters.desc(), st.c.id)
    )
    schema = {
        "store_id": pl.Int64, "name": pl.String, "county_id": pl.Int64, "reporters": pl.Int64,
        "terminal_cut": pl.Boolean,
    }  # fmt: skip
    return frame(conn, query, schema)
