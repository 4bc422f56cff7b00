"""The figures a task can be set to move, each computed by the page query that shows it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import sqlalchemy as sa

from dashboard.filters import Filters
from queries import complaints, overview, stores


@dataclasses.dataclass(frozen=True)
class Indicator:
    """A named figure: its translation key, how it reads (count or ratio), and its query."""

    key: str
    kind: str
    value: Callable[[sa.Connection, Filters], float | None]


def _uncovered(conn: sa.Connection, f: Filters) -> float:
    return float((stores.village_coverage(conn, f)["coverage"] == "none").sum())


INDICATORS = {
    i.key: i
    for i in (
        Indicator("uncovered_villages", "count", _uncovered),
        Indicator(
            "dispatch_compliance", "ratio", lambda c, f: complaints.headline_at(c, f)["compliance"]
        ),
        Indicator("reach", "ratio", lambda c, f: overview.values(c, f)["reach"]),
        Indicator("uptake", "ratio", lambda c, f: overview.values(c, f)["uptake"]),
        Indicator("active_stores", "count", lambda c, f: float(overview.active_stores(c, f))),
        Indicator("overdue_tasks", "count", lambda c, f: float(overview.overdue_tasks(c, f))),
    )
}


def current(conn: sa.Connection, code: str | None, f: Filters) -> float | None:
    """The indicator's value for the task's area as of the date; None for no or unknown code."""
    indicator = INDICATORS.get(code or "")
    return None if indicator is None else indicator.value(conn, f)
