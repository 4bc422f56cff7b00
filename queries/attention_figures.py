"""The Overview's "needs attention" strip: what is late in the area at the date, each item
taken from the query of the page that explains it, or (complaints) from a narrower read that
tests hold equal to it: only the open complaints' rows (complaints.open_found, summary)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import sqlalchemy as sa

from dashboard.filters import Filters
from queries import applications, complaints, method_two, mothers, stores, tasks, uptake

LAGGING = 3  # areas named as lagging furthest
AGE_BANDS = (7, 30)  # open escalations by age: up to a week, up to a month, older


def lagging(areas: pl.DataFrame, measure: str, n: int = LAGGING) -> pl.DataFrame:
    """The n areas (uptake.by_area rows) with credit released that are lowest in measure
    (uptake or reach), lowest first."""
    rows = areas.filter(pl.col("released_toman") > 0, pl.col(measure).is_not_null())
    return rows.sort(measure, "area_code").head(n)


def escalation_ages(escalations: pl.DataFrame) -> list[int]:
    """Open escalations counted by age band: up to 7 days, 8 to 30 days, over 30 days."""
    low, high = AGE_BANDS
    age = escalations["age_days"]
    return [(age <= low).sum(), ((age > low) & (age <= high)).sum(), (age > high).sum()]


def strip(conn: sa.Connection, f: Filters, today: dt.date) -> dict[str, Any]:
    """The items for the area and date of f; tasks and escalations are live work, on day
    today: lagging_uptake and lagging_reach (area rows), complaints (the complaints headline),
    at_risk and overdue (complaint lists), overdue_tasks (agencies with overdue tasks, most
    first), escalations (open, oldest first), escalation_ages, uncovered (villages with no
    store within R km), method_two_overdue, mothers_overdue and applications_overdue (the
    other channels' counts past their targets)."""
    areas = uptake.by_area(conn, f)
    open_rows = complaints.open_found(conn, f)
    agencies = tasks.by_agency(conn, f, today)
    escalations = tasks.open_escalations(conn, f, today)
    return {
        "lagging_uptake": lagging(areas, "uptake"),
        "lagging_reach": lagging(areas, "reach"),
        "complaints": complaints.summary(conn, f, open_rows),
        "at_risk": complaints.at_risk_now(open_rows),
        "overdue": complaints.overdue_backlog(open_rows),
        "overdue_tasks": agencies.filter(pl.col("overdue") > 0).sort(
            "overdue", "agency", descending=[True, False]
        ),
        "escalations": escalations,
        "escalation_ages": escalation_ages(escalations),
        "uncovered": int(stores.county_coverage(conn, f)["villages_none"].sum()),
        "method_two_overdue": method_two.overdue(conn, f),
        "mothers_overdue": mothers.overdue(conn, f),
        "applications_overdue": applications.overdue(conn, f),
    }
