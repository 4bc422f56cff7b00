"""Complaints against the dispatch target (DESIGN.md section 5), the watch list, sanctions.

At the as-of moment a complaint filed later does not exist yet; one dispatched later is still
open and judged by its age then. Exactly the target (24 h) is on time. Times are compared in
whole milliseconds on both databases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.filters import Filters
from dashboard.rows import read_raw, read_rows
from queries import held, scope
from queries.meta import settings
from queries.sql import millis_between

HOUR_MS = 3_600_000
STATES = ("on_time", "late", "open_within_target", "overdue")
# The complaints-watchlist export's columns, on the page and from the command line.
WATCHLIST_COLUMNS = (
    "complaint_id", "store_id", "county_id", "channel", "kind", "filed_at", "age_h", "state",
)  # fmt: skip
# What the watch lists show of each complaint, after complaint_id.
LISTED = (
    "store_id", "store_name", "terminal_id", "county_id", "county_name_fa", "county_name_en",
    "channel", "kind", "filed_at",
)  # fmt: skip
# The three-reporter-stores export's columns (the page shows the county and terminal too).
THREE_REPORTER_COLUMNS = ("store_id", "name", "county_id", "reporters", "terminal_cut")
HISTOGRAM_CAP_H = 72  # the last bucket of the dispatch histogram holds this many hours and more
DIMENSIONS = {"county": "county_id", "channel": "channel", "kind": "kind"}


def targets(conn: sa.Connection) -> tuple[float, float]:
    """(dispatch target, at-risk mark) in hours, from the settings (24 and 18)."""
    values = settings(conn)
    return values.dispatch_target_hours, values.at_risk_hours


def _states(f: Filters, target_h: float) -> sa.Select:
    """The state of each complaint of the area filed before the as-of moment (as classify
    judges it), in SQL: the one column _counts counts. Stores are read only to narrow to an
    area."""
    c = s.complaints
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
    return sa.select(state.label("state")).where(c.c.filed_at < moment, *_of_area(f))


def _of_area(f: Filters) -> list[sa.ColumnElement[bool]]:
    """Conditions that put a complaint in f's area, through its store (none nationally)."""
    if f.province is None:
        return []
    store = s.stores
    stores = sa.select(store.c.id).where(*scope.county_in_area(store.c.county_id, f))
    return [s.complaints.c.store_id.in_(stores)]


ROWS = {
    "id": pl.Int64, "store_id": pl.Int64, "store_name": pl.String, "terminal_id": pl.String,
    "county_id": pl.Int64, "channel": pl.String, "kind": pl.String,
    "filed_at": pl.Datetime("us"), "took_ms": pl.Int64, "age_h": pl.Float64, "state": pl.String,
    "at_risk": pl.Boolean, "hours_left": pl.Float64,
    "closed_at": pl.Datetime("us"), "outcome": pl.String, "action": pl.String,
    "county_name_fa": pl.String, "county_name_en": pl.String,
}  # fmt: skip


STORED = {
    "id": pl.Int64, "store_id": pl.Int64, "store_name": pl.String, "terminal_id": pl.String,
    "county_id": pl.Int64, "channel": pl.String, "kind": pl.String,
    "filed_at": pl.Datetime("us"), "dispatched_at": pl.Datetime("us"),
    "closed_at": pl.Datetime("us"), "outcome": pl.String, "action": pl.String,
    "county_name_fa": pl.String, "county_name_en": pl.String,
}  # fmt: skip


def _stored_query(where: list[sa.ColumnElement[bool]]) -> sa.Select:
    """The complaints as stored (STORED) with their store and county, oldest first."""
    c, store, county = s.complaints, s.stores, s.counties
    return (
        sa.select(
            c.c.id,
            c.c.store_id,
            store.c.name,
            store.c.terminal_id,
            store.c.county_id,
            c.c.channel,
            c.c.kind,
            c.c.filed_at,
            c.c.dispatched_at,
            c.c.closed_at,
            c.c.outcome,
            c.c.action,
            county.c.name_fa,
            county.c.name_en,
        )  # fmt: skip
        .select_from(
            c.join(store, store.c.id == c.c.store_id).join(county, county.c.id == store.c.county_id)
        )
        .where(*where)
        .order_by(c.c.filed_at, c.c.id)
    )


@held.reader("complaints")
def _every(conn: sa.Connection, province: str) -> pl.DataFrame:
    """Every complaint of a province as stored: what a caller holds."""
    return read_raw(conn, _stored_query([s.counties.c.province_code == province]), STORED)


def _stored(
    conn: sa.Connection,
    f: Filters,
    open_only: bool = False,
    filed: tuple[dt.datetime, dt.datetime] | None = None,
) -> pl.DataFrame:
    """The complaints of the area filed before the as-of moment as stored, with their store
    and county, oldest first; open_only: those not dispatched by the moment; filed: those
    filed after its first time and by its second instead. From the province's held in memory
    where the connection holds them (queries.held)."""
    c = s.complaints
    first, last = filed or (None, None)
    whole = held.area(conn, "complaints", f.province)
    if whole is not None:
        kept = [pl.col("filed_at") < f.moment] if filed is None else [
            pl.col("filed_at") > first, pl.col("filed_at") <= last]  # fmt: skip
        if f.county is not None:
            kept.append(pl.col("county_id") == f.county)
        if open_only:
            kept.append(pl.col("dispatched_at").is_null() | (pl.col("dispatched_at") >= f.moment))
        return whole.filter(*kept)
    where = [c.c.filed_at < f.moment] if filed is None else [
        c.c.filed_at > first, c.c.filed_at <= last]  # fmt: skip
    where += scope.county_in_area(s.stores.c.county_id, f)
    if open_only:
        where.append(sa.or_(c.c.dispatched_at.is_(None), c.c.dispatched_at >= f.moment))
    return read_raw(conn, _stored_query(where), STORED)


def _millis(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Whole milliseconds from start to end, rounded half away from zero (as millis_between
    in SQL)."""
    us = (end - start).dt.total_microseconds()
    return pl.when(us >= 0).then((us + 500) // 1000).otherwise(-((500 - us) // 1000))


def _hours(millis: pl.Series) -> pl.Series:
    """Milliseconds as hours, divided exactly (polars divides by a number through its
    reciprocal, which makes 4 h come out as 3.9999999999999996)."""
    hours = millis.cast(pl.Float64).to_numpy() / HOUR_MS
    return pl.Series(hours, dtype=pl.Float64, nan_to_null=True)


def classify(
    rows: pl.DataFrame, moment: dt.datetime, target_h: float, at_risk_h: float
) -> pl.DataFrame:
    """Stored complaints (_stored's rows) judged at moment: took_ms (dispatch time, null when
    not dispatched by the moment), age_h at the moment, state, at_risk (open within the
    target and past the at-risk mark) and, when at risk, hours_left to the target; closed_at,
    outcome and action are null unless closed by the moment (the columns of ROWS)."""
    target = round(target_h * HOUR_MS)
    dispatched = pl.col("dispatched_at").is_not_null() & (pl.col("dispatched_at") < moment)
    closed = pl.col("closed_at").is_not_null() & (pl.col("closed_at") < moment)
    judged = rows.with_columns(
        took_ms=pl.when(dispatched).then(_millis(pl.col("filed_at"), pl.col("dispatched_at"))),
        age_ms=_millis(pl.col("filed_at"), pl.lit(moment, pl.Datetime("us"))),
        dispatched=dispatched,
        **{k: pl.when(closed).then(pl.col(k)) for k in ("closed_at", "outcome", "action")},
    ).with_columns(
        state=pl.when(pl.col("dispatched") & (pl.col("took_ms") <= target))
        .then(pl.lit("on_time"))
        .when(pl.col("dispatched"))
        .then(pl.lit("late"))
        .when(pl.col("age_ms") <= target)
        .then(pl.lit("open_within_target"))
        .otherwise(pl.lit("overdue")),
        at_risk=~pl.col("dispatched")
        & (pl.col("age_ms") > round(at_risk_h * HOUR_MS))
        & (pl.col("age_ms") <= target),
    )
    left = judged.select(pl.when("at_risk").then(target - pl.col("age_ms"))).to_series()
    return judged.with_columns(age_h=_hours(judged["age_ms"]), hours_left=_hours(left)).select(
        list(ROWS)
    )


def found(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Every complaint of the area filed before the as-of moment, classified, in one read:
    the rows the page's figures are summed from (closed_at, outcome and action are null
    unless closed by the moment). The stored times are read and judged here, not in SQL,
    where each comparison recomputed the times of every complaint."""
    return classify(_stored(conn, f), f.moment, *targets(conn))


def went_overdue(
    conn: sa.Connection, f: Filters, since: dt.datetime, now: dt.datetime
) -> pl.DataFrame:
    """The complaints of f's area whose dispatch deadline (filed_at + the target) fell after
    since and by now without a dispatch by then (a dispatch at the deadline itself is on
    time), as stored, with their deadline; soonest deadline first."""
    late = dt.timedelta(hours=targets(conn)[0])
    rows = _stored(conn, f, filed=(since - late, now - late))  # deadlines in the window
    undispatched = pl.col("dispatched_at").is_null() | (
        pl.col("dispatched_at") > pl.col("deadline")
    )
    return (
        rows.with_columns(deadline=pl.col("filed_at") + late)
        .filter(undispatched)
        .sort("deadline", "id")
    )


def _counts(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Complaints per state at f (one row, a column per state), counted in SQL, or among the
    complaints held in memory (queries.held)."""
    if held.area(conn, "complaints", f.province) is not None:
        return _state_counts(found(conn, f), [])
    q = _states(f, targets(conn)[0]).subquery()
    counts = dict(conn.execute(sa.select(q.c.state, sa.func.count()).group_by(q.c.state)).all())
    return pl.DataFrame(
        {state: [counts.get(state, 0)] for state in STATES}, schema=dict.fromkeys(STATES, pl.Int64)
    )


def compliance_at(conn: sa.Connection, f: Filters) -> float | None:
    """Dispatch compliance at f, counted in SQL without reading the complaints (the overview's
    KPI and a task indicator), or among the complaints held in memory; None while no
    complaint is judged."""
    return _with_compliance(_counts(conn, f))["compliance"].item()


def open_found(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """found's rows of the complaints not dispatched by the as-of moment: those the at-risk
    list and the overdue backlog are drawn from."""
    return classify(_stored(conn, f, open_only=True), f.moment, *targets(conn))


def _dispatch_times(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """took_ms of each complaint of the area dispatched by the as-of moment."""
    if held.area(conn, "complaints", f.province) is not None:
        return found(conn, f).select("took_ms").drop_nulls()
    c = s.complaints
    query = sa.select(c.c.filed_at, c.c.dispatched_at).where(
        c.c.filed_at < f.moment, c.c.dispatched_at < f.moment, *_of_area(f)
    )
    times = read_raw(conn, query, {k: STORED[k] for k in ("filed_at", "dispatched_at")})
    return times.select(took_ms=_millis(pl.col("filed_at"), pl.col("dispatched_at")))


def summary(conn: sa.Connection, f: Filters, open_rows: pl.DataFrame) -> dict[str, Any]:
    """headline(found(conn, f)) without reading every complaint's row: states counted in
    SQL, dispatch times read alone, at risk counted among open_rows (open_found's)."""
    at_risk = pl.lit(int(open_rows["at_risk"].sum()), pl.Int64)
    counts = _with_compliance(_counts(conn, f)).with_columns(at_risk=at_risk)
    return counts.row(0, named=True) | _quantiles(_dispatch_times(conn, f), []).row(0, named=True)


def _state_counts(rows: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    counts = [(pl.col("state") == v).sum().cast(pl.Int64).alias(v) for v in STATES]
    return rows.group_by(key).agg(counts) if key else rows.select(counts)


def _with_compliance(table: pl.DataFrame) -> pl.DataFrame:
    judged = pl.col("on_time") + pl.col("late") + pl.col("overdue")
    return table.with_columns(
        complaints=pl.sum_horizontal(STATES),
        compliance=pl.when(judged > 0).then(pl.col("on_time") / judged).cast(pl.Float64),
    )


def _quantiles(rows: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """Median and 90th percentile of dispatch hours (linear interpolation) per key value."""
    hours = pl.col("took_ms").drop_nulls() / HOUR_MS
    stats = [
        hours.quantile(0.5, "linear").alias("median_dispatch_h"),
        hours.quantile(0.9, "linear").alias("p90_dispatch_h"),
    ]
    return rows.group_by(key).agg(stats) if key else rows.select(stats)


def headline(rows: pl.DataFrame) -> dict[str, float | int | None]:
    """Complaints by state, compliance, median and p90 dispatch hours, at risk now."""
    counts = _with_compliance(_state_counts(rows, [])).with_columns(
        at_risk=pl.lit(int(rows["at_risk"].sum()), pl.Int64)
    )
    return counts.row(0, named=True) | _quantiles(rows, []).row(0, named=True)


def by(rows: pl.DataFrame, dimension: str) -> pl.DataFrame:
    """Per county, channel or violation kind: complaints, on_time, late, overdue,
    open_within_target, compliance, median and p90 dispatch hours; worst compliance first,
    groups not yet judged last. Only groups with complaints appear."""
    key = [DIMENSIONS[dimension]]
    if dimension == "county":
        key += ["county_name_fa", "county_name_en"]
    table = _with_compliance(_state_counts(rows, key)).join(_quantiles(rows, key), on=key)
    return table.sort("compliance", key[0], nulls_last=True)


def by_county(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The complaints-by-county table in the export's columns."""
    return by(found(conn, f), "county").select(
        "county_id", "county_name_fa", "county_name_en", "complaints", "on_time", "late",
        "overdue", "open_within_target", "compliance", "median_dispatch_h", "p90_dispatch_h",
    )  # fmt: skip


def in_weeks(days: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Daily counts summed into weeks that start on Saturday, as in Iran."""
    # polars weeks start on Monday; shift by two days so that they start on Saturday
    start = (pl.col("day") + pl.duration(days=2)).dt.truncate("1w") - pl.duration(days=2)
    return days.with_columns(week=start).group_by("week").agg(pl.col(columns).sum()).sort("week")


SANCTIONS = {
    "unfounded": pl.col("outcome") == "unfounded",
    "violation": pl.col("outcome") == "violation",
    **{a: pl.col("action") == a for a in ("warning", "terminal_cut", "tazirat_referral")},
}


def _sanction_counts() -> list[pl.Expr]:
    return [cond.fill_null(False).sum().cast(pl.Int64).alias(k) for k, cond in SANCTIONS.items()]


def sanctions_weekly(rows: pl.DataFrame) -> pl.DataFrame:
    """Complaints closed by the moment per week of closing, by outcome and action."""
    closed = rows.filter(pl.col("closed_at").is_not_null())
    days = closed.group_by(day=pl.col("closed_at").dt.date()).agg(_sanction_counts())
    return in_weeks(days, list(SANCTIONS))


def weekly(rows: pl.DataFrame) -> pl.DataFrame:
    """Compliance as of the date for the complaints filed in each week (weeks start on
    Saturday, as in Iran): week, complaints, on_time, late, overdue, compliance."""
    days = _state_counts(rows.with_columns(day=pl.col("filed_at").dt.date()), ["day"])
    return _with_compliance(in_weeks(days, list(STATES)))


def histogram(rows: pl.DataFrame, cap_h: int = HISTOGRAM_CAP_H) -> pl.DataFrame:
    """Complaints dispatched by the moment per whole hour of dispatch time (hour h holds
    times in [h, h+1) hours; the last bucket holds cap_h and beyond)."""
    hour = (pl.col("took_ms") // HOUR_MS).clip(upper_bound=cap_h).alias("hour")
    return (
        rows.filter(pl.col("took_ms").is_not_null())
        .group_by(hour)
        .agg(complaints=pl.len().cast(pl.Int64))
        .sort("hour")
    )


def _listed(rows: pl.DataFrame, *extra: str | pl.Expr) -> pl.DataFrame:
    """A list's columns: complaint_id, the store (id, name, terminal), the county, channel,
    kind, filed_at, age_h, then extra."""
    return rows.select(pl.col("id").alias("complaint_id"), *LISTED, "age_h", *extra)


def at_risk_now(rows: pl.DataFrame) -> pl.DataFrame:
    """Complaints an inspector can still reach within the target: not dispatched at the as-of
    moment, past the at-risk mark and not past the target; least time left first, with
    hours_left."""
    return _listed(rows.filter(pl.col("at_risk")).sort("hours_left", "id"), "hours_left")


def overdue_backlog(rows: pl.DataFrame) -> pl.DataFrame:
    """Complaints not dispatched at the as-of moment and past the target, oldest first."""
    return _listed(rows.filter(pl.col("state") == "overdue"))


def watchlist(rows: pl.DataFrame) -> pl.DataFrame:
    """Both lists in one, oldest first, each complaint with its state (at_risk or overdue):
    the complaints-watchlist export's rows."""
    watched = rows.filter(pl.col("at_risk") | (pl.col("state") == "overdue"))
    state = pl.when(pl.col("at_risk")).then(pl.lit("at_risk")).otherwise(pl.lit("overdue"))
    return _listed(watched, state.alias("state"))


def watchlist_export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The watch list in the complaints-watchlist export's columns."""
    return watchlist(found(conn, f)).select(WATCHLIST_COLUMNS)


def sanctions(rows: pl.DataFrame) -> pl.DataFrame:
    """Per county with complaints, those closed by the moment by outcome and action."""
    key = ["county_id", "county_name_fa", "county_name_en"]
    return rows.group_by(key).agg(_sanction_counts()).sort("county_id")


def figures(conn: sa.Connection, f: Filters) -> dict[str, Any]:
    """Every figure of the complaints page from one read of the complaints found at f:
    headline, weekly, histogram, at_risk_now, overdue_backlog, watchlist (both lists, for the
    download), sanctions, sanctions_weekly and by_<dimension>."""
    rows = found(conn, f)
    return {
        "headline": headline(rows),
        "weekly": weekly(rows),
        "histogram": histogram(rows),
        "at_risk_now": at_risk_now(rows),
        "overdue_backlog": overdue_backlog(rows),
        "watchlist": watchlist(rows),
        "sanctions": sanctions(rows),
        "sanctions_weekly": sanctions_weekly(rows),
        **{f"by_{d}": by(rows, d) for d in DIMENSIONS},
    }


def three_reporter_stores(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Stores with complaints from at least three distinct reporters filed by the moment, not
    counting complaints found unfounded by then, most reporters first: store_id, name,
    terminal_id, county (id and names), reporters and whether the terminal is cut by then."""
    c, store, county = s.complaints, s.stores, s.counties
    found_unfounded = (
        (c.c.outcome == "unfounded") & c.c.closed_at.is_not(None) & (c.c.closed_at < f.moment)
    )
    threshold = settings(conn).three_reporter_min
    reporters = sa.func.count(sa.distinct(c.c.reporter_hash))
    cut = (store.c.status == "terminated") & (store.c.status_since <= f.as_of)
    query = (
        sa.select(
            store.c.id,
            store.c.name,
            store.c.terminal_id,
            store.c.county_id,
            county.c.name_fa.label("county_name_fa"),
            county.c.name_en.label("county_name_en"),
            reporters.label("reporters"),
            sa.case((cut, True), else_=False).label("terminal_cut"),
        )  # fmt: skip
        .select_from(
            c.join(store, store.c.id == c.c.store_id).join(county, county.c.id == store.c.county_id)
        )
        .where(
            c.c.filed_at < f.moment,
            sa.not_(found_unfounded),
            *scope.county_in_area(store.c.county_id, f),
        )
        .group_by(
            store.c.id,
            store.c.name,
            store.c.terminal_id,
            store.c.county_id,
            county.c.name_fa,
            county.c.name_en,
            store.c.status,
            store.c.status_since,
        )
        .having(reporters >= threshold)
        .order_by(reporters.desc(), store.c.id)
    )
    schema = {
        "store_id": pl.Int64, "name": pl.String, "terminal_id": pl.String, "county_id": pl.Int64,
        "county_name_fa": pl.String, "county_name_en": pl.String, "reporters": pl.Int64,
        "terminal_cut": pl.Boolean,
    }  # fmt: skip
    return read_rows(conn, query, schema)


def three_reporter(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The three-reporter stores in the three-reporter-stores export's columns."""
    return three_reporter_stores(conn, f).select(THREE_REPORTER_COLUMNS)
