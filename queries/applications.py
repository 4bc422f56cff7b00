"""New applications: people not covered automatically apply online in a 15-day window; an approved
application becomes a household with credit. Their figures per county (README, "The programme's
other channels"). Applicants are not households yet: deciles and group do not narrow them, their
own county does."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.filters import Filters
from dashboard.rows import read_raw
from queries import channel_rows, scope
from queries.meta import full_scale, settings

COUNTS = ("filed", "decided", "approved", "rejected", "pending", "pending_overdue")


def rows(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Every application of f's area filed by the as-of moment D, with its state at D: decided
    (decided_at <= D), approved and rejected (among the decided), pending (not decided),
    pending_overdue (pending and filed_at + applications_decision_days < D), decision_days (of
    the decided)."""
    a = s.applications
    query = sa.select(a.c.id, a.c.county_id, a.c.members, a.c.filed_at, a.c.decided_at,
                      a.c.outcome).where(a.c.filed_at <= f.moment,
                                         *scope.county_in_area(a.c.county_id, f))  # fmt: skip
    read = read_raw(
        conn,
        query,
        {"id": pl.Int64, "county_id": pl.Int64, "members": pl.Int64,
         "filed_at": pl.Datetime("us"), "decided_at": pl.Datetime("us"), "outcome": pl.String},
    )  # fmt: skip
    target = dt.timedelta(days=settings(conn).applications_decision_days)
    decided = channel_rows.at_or_before("decided_at", f)
    return read.with_columns(
        filed=pl.lit(True),
        decided=decided,
        approved=decided & (pl.col("outcome") == "approved"),
        rejected=decided & (pl.col("outcome") == "rejected"),
        pending=~decided,
        pending_overdue=~decided & (pl.col("filed_at") + target < f.moment),
        decision_days=pl.when(decided).then(channel_rows.days("decided_at", "filed_at")),
    )


def _figures() -> list[pl.Expr]:
    """The counts and the median of a group of applications."""
    return [
        *[pl.col(c).sum().cast(pl.Int64) for c in COUNTS],
        channel_rows.median_days("decision_days").alias("median_decision_days"),
    ]


def totals(conn: sa.Connection, f: Filters) -> dict:
    """by_county's figures over the whole of f's area (one median over every application)."""
    return full_scale(conn, rows(conn, f).select(_figures())).row(0, named=True)


def by_county(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The applications-by-county table: the counties of f's area (channel_rows.counties, and
    any other with applications) with the COUNTS and median_decision_days; most overdue
    first."""
    counts = rows(conn, f).group_by("county_id").agg(_figures())
    table = full_scale(conn, channel_rows.per_county(conn, f, counts, COUNTS))
    return table.sort(["pending_overdue", "county_id"], descending=[True, False]).select(
        "county_id", "county_name_fa", "county_name_en", *COUNTS, "median_decision_days"
    )


def overdue(conn: sa.Connection, f: Filters) -> int:
    """The applications of f's area pending past the decision target at the as-of moment (a
    full-scale estimate on a sample)."""
    a = s.applications  # rows' pending_overdue, counted in the database
    target = dt.timedelta(days=settings(conn).applications_decision_days)
    query = sa.select(a.c.id).where(
        a.c.filed_at < f.moment - target, channel_rows.not_by(a.c.decided_at, f),
        *scope.county_in_area(a.c.county_id, f),
    )  # fmt: skip
    return channel_rows.counted(conn, query)
