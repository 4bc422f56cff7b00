"""The mothers' packages (بسته‌های ویژه مادران): food, hygiene and nappy packages for pregnant
women and mothers of infants; their figures per county (README, "The programme's other
channels")."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.filters import Filters
from queries import channel_rows
from queries.meta import full_scale, settings

COUNTS = ("eligible", "issued", "collected", "uncollected_overdue")


def rows(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Every package of f's households eligible by the as-of day, with its state at the as-of
    moment D: issued (issued_on <= the as-of day), collected (issued and collected_at <= D),
    uncollected_overdue (issued, not collected, issued_on's midnight + mothers_collect_days
    < D), collect_days (of the collected, from issued_on's midnight); and the household's
    area, decile and group."""
    m = s.mother_packages
    columns = {"id": pl.Int64, "kind": pl.String, "eligible_on": pl.Date, "issued_on": pl.Date,
               "collected_at": pl.Datetime("us")}  # fmt: skip
    read = channel_rows.of_households(conn, m, columns, f, m.c.eligible_on <= f.as_of)
    target = dt.timedelta(days=settings(conn).mothers_collect_days)
    issued = pl.col("issued_on").is_not_null() & (pl.col("issued_on") <= f.as_of)
    collected = issued & channel_rows.at_or_before("collected_at", f)
    issued_at = channel_rows.midnight("issued_on")
    return read.with_columns(
        eligible=pl.lit(True),
        issued=issued,
        collected=collected,
        uncollected_overdue=issued & ~collected & (issued_at + target < f.moment),
        collect_days=pl.when(collected).then(channel_rows.days("collected_at", issued_at)),
    )


def _figures() -> list[pl.Expr]:
    """The counts and the median of a group of packages."""
    return [
        *[pl.col(c).sum().cast(pl.Int64) for c in COUNTS],
        channel_rows.median_days("collect_days").alias("median_collect_days"),
    ]


def _with_rate(table: pl.DataFrame) -> pl.DataFrame:
    rate = pl.when(pl.col("issued") > 0).then(pl.col("collected") / pl.col("issued"))
    return table.with_columns(collection_rate=rate.cast(pl.Float64))


def totals(conn: sa.Connection, f: Filters) -> dict:
    """by_county's figures over the whole of f's area (one median over every package)."""
    return _with_rate(full_scale(conn, rows(conn, f).select(_figures()))).row(0, named=True)


def by_county(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The mothers-by-county table: the counties of f's area (channel_rows.counties) with
    eligible, issued, collected, collection_rate (collected / issued), uncollected_overdue and
    median_collect_days; lowest collection rate first, counties with none issued last."""
    counts = rows(conn, f).group_by("county_id").agg(_figures())
    table = full_scale(conn, channel_rows.per_county(conn, f, counts, COUNTS))
    rate = pl.when(pl.col("issued") > 0).then(pl.col("collected") / pl.col("issued"))
    return (
        table.with_columns(collection_rate=rate.cast(pl.Float64))
        .sort("collection_rate", "county_id", nulls_last=True)
        .select("county_id", "county_name_fa", "county_name_en", "eligible", "issued",
                "collected", "collection_rate", "uncollected_overdue", "median_collect_days")
    )  # fmt: skip


def overdue(conn: sa.Connection, f: Filters) -> int:
    """The packages of f's area, deciles and group issued and not collected past the target
    at the as-of moment (a full-scale estimate on a sample)."""
    m = s.mother_packages  # rows' uncollected_overdue, counted in the database
    target = dt.timedelta(days=settings(conn).mothers_collect_days)
    # overdue: the issue day's midnight before D - target (a day's part where target has one)
    last_overdue = (f.moment - target - dt.timedelta(microseconds=1)).date()
    return channel_rows.households_counted(
        conn, m, f, m.c.eligible_on <= f.as_of, m.c.issued_on <= f.as_of,
        m.c.issued_on <= last_overdue, channel_rows.not_by(m.c.collected_at, f),
    )  # fmt: skip
