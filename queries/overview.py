"""The governor's one screen: the Overview KPIs as of a date and 7 days before."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import calendar
from dashboard import schema as s
from dashboard.filters import Filters
from queries import complaints, credit_rollups, scope, stores, tasks, uptake
from queries.meta import full_scale

KEYS = (
    "households",
    "members",
    "released_toman",
    "spent_toman",
    "uptake",
    "reach",
    "active_stores",
    "dispatch_compliance",
    "overdue_tasks",
)
CHANGE_DAYS = 7


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def credit(conn: sa.Connection, f: Filters) -> dict[str, int]:
    """Households and members with released credit, released, spent and buying households."""
    sums = uptake.credit_sums(credit_rollups.totals(conn, f)).drop("cash_toman")
    return full_scale(conn, sums.cast(pl.Int64)).row(0, named=True)


def ratios(money: dict[str, int]) -> dict[str, float | None]:
    """Uptake (spent / released) and reach (buying households / households with credit) of
    credit()'s sums; None when the denominator is zero."""
    return {
        "uptake": _ratio(money["spent_toman"], money["released_toman"]),
        "reach": _ratio(money["buyers"], money["households"]),
    }


def active_stores(conn: sa.Connection, f: Filters) -> int:
    """Stores joined by the as-of date and not suspended or terminated by then."""
    store = s.stores
    query = (
        sa.select(sa.func.count())
        .select_from(store)
        .where(
            store.c.joined_on <= f.as_of,
            stores.status(f) == "active",
            *scope.county_in_area(store.c.county_id, f),
        )
    )
    return conn.execute(query).scalar_one()


def values(conn: sa.Connection, f: Filters, today: dt.date) -> dict[str, float | int | None]:
    """Every Overview KPI for one as-of date (ratios as fractions in 0..1, None when undefined);
    tasks are live work, counted on day today (DESIGN.md section 5, overdue task)."""
    money = credit(conn, f)
    return {
        "households": money["households"],
        "members": money["members"],
        "released_toman": money["released_toman"],
        "spent_toman": money["spent_toman"],
        **ratios(money),
        "active_stores": active_stores(conn, f),
        "dispatch_compliance": complaints.compliance_at(conn, f),
        "overdue_tasks": tasks.overdue_count(conn, f, today),
    }


def kpis(conn: sa.Connection, f: Filters, today: dt.date | None = None) -> pl.DataFrame:
    """One row per KPI: key, value, value_7_days_before (ratios in 0..1; null when undefined):
    the data as of the date and 7 days before it, the tasks on day today (default: today in
    Tehran, dashboard.calendar.now) and 7 days before."""
    today = today or calendar.now().date()
    now = values(conn, f, today)
    before = values(conn, f.shifted(-CHANGE_DAYS), today - dt.timedelta(days=CHANGE_DAYS))
    return pl.DataFrame(
        {
            "key": list(KEYS),
            "value": [None if now[k] is None else float(now[k]) for k in KEYS],
            "value_7_days_before": [None if before[k] is None else float(before[k]) for k in KEYS],
        },
        schema={"key": pl.String, "value": pl.Float64, "value_7_days_before": pl.Float64},
    )
