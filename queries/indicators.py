"""The figures a task can be set to move, each computed by the page query that shows it."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from dashboard import calendar
from dashboard.filters import Filters
from queries import complaints, overview, stores, tasks


def _uncovered(conn: sa.Connection, f: Filters) -> float:
    return float(stores.county_coverage(conn, f)["villages_none"].sum())


def _credit_ratio(name: str) -> Callable[[sa.Connection, Filters], float | None]:
    return lambda conn, f: overview.ratios(overview.credit(conn, f))[name]


# Each code's query (how each reads on screen: dashboard.kpi.FORMATS).
INDICATORS: dict[str, Callable[[sa.Connection, Filters], float | None]] = {
    "uncovered_villages": _uncovered,
    "dispatch_compliance": complaints.compliance_at,
    "reach": _credit_ratio("reach"),
    "uptake": _credit_ratio("uptake"),
    "active_stores": lambda conn, f: float(overview.active_stores(conn, f)),
    "overdue_tasks": lambda conn, f: float(tasks.overdue_count(conn, f, calendar.now().date())),
}


def current(conn: sa.Connection, code: str | None, f: Filters) -> float | None:
    """The indicator's value for the task's area as of the date; None for no or unknown code."""
    query = INDICATORS.get(code or "")
    return None if query is None else query(conn, f)
