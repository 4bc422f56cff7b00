"""The governor's one screen: the Overview KPIs as of a date and 7 days before."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.filters import Filters
from queries import scope
from queries.meta import settings
from queries.sql import millis_between, total

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
RATIOS = ("uptake", "reach", "dispatch_compliance")
CHANGE_DAYS = 7


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def credit(conn: sa.Connection, f: Filters) -> dict[str, int]:
    """Households and members with released credit, released, spent and buying households."""
    r = s.rollup_daily
    query = sa.select(
        total(r.c.new_households).label("households"),
        total(r.c.new_members).label("members"),
        total(r.c.released_toman).label("released_toman"),
        total(r.c.credit_toman).label("spent_toman"),
        total(r.c.new_buyers).label("buyers"),
    ).where(*scope.rollup(f))
    return dict(conn.execute(query).mappings().one())


def active_stores(conn: sa.Connection, f: Filters) -> int:
    """Stores joined by the as-of date and not suspended or terminated by then."""
    st = s.stores
    cut = st.c.status.in_(("suspended", "terminated")) & (st.c.status_since <= f.as_of)
    query = (
        sa.select(sa.func.count())
        .select_from(st)
        .where(st.c.joined_on <= f.as_of, sa.not_(cut), *scope.county_in_area(st.c.county_id, f))
    )
    return conn.execute(query).scalar_one()


def dispatch_classes(conn: sa.Connection, f: Filters, target_hours: float) -> dict[str, int]:
    """Complaints filed before the as-of moment by class: on_time, late, open, overdue."""
    c, st = s.complaints, s.stores
    moment = f.moment
    target_ms = round(target_hours * 3_600_000)
    dispatched = c.c.dispatched_at.is_not(None) & (c.c.dispatched_at < moment)
    took = millis_between(c.c.filed_at, c.c.dispatched_at)
    age = millis_between(c.c.filed_at, sa.literal(moment, sa.DateTime))

    def count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return total(sa.case((condition, 1), else_=0))

    query = (
        sa.select(
            count(dispatched & (took <= target_ms)).label("on_time"),
            count(dispatched & (took > target_ms)).label("late"),
            count(~dispatched & (age <= target_ms)).label("open"),
            count(~dispatched & (age > target_ms)).label("overdue"),
        )
        .select_from(c.join(st, st.c.id == c.c.store_id))
        .where(c.c.filed_at < moment, *scope.county_in_area(st.c.county_id, f))
    )
    return dict(conn.execute(query).mappings().one())


def overdue_tasks(conn: sa.Connection, f: Filters) -> int:
    """Tasks due before the as-of date and not done by it."""
    t = s.tasks
    not_done = t.c.done_on.is_(None) | (t.c.done_on > f.as_of)
    query = (
        sa.select(sa.func.count())
        .select_from(t)
        .where(t.c.due_on < f.as_of, not_done, *scope.tasks(f))
    )
    return conn.execute(query).scalar_one()


def values(conn: sa.Connection, f: Filters) -> dict[str, float | int | None]:
    """Every Overview KPI for one as-of date (ratios as fractions in 0..1, None when undefined)."""
    target = float(settings(conn).get("dispatch_target_hours", 24))
    money = credit(conn, f)
    classes = dispatch_classes(conn, f, target)
    judged = classes["on_time"] + classes["late"] + classes["overdue"]
    return {
        "households": money["households"],
        "members": money["members"],
        "released_toman": money["released_toman"],
        "spent_toman": money["spent_toman"],
        "uptake": _ratio(money["spent_toman"], money["released_toman"]),
        "reach": _ratio(money["buyers"], money["households"]),
        "active_stores": active_stores(conn, f),
        "dispatch_compliance": _ratio(classes["on_time"], judged),
        "overdue_tasks": overdue_tasks(conn, f),
    }


def kpis(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """One row per KPI: key, value, value_7_days_before (ratios in 0..1; null when undefined)."""
    now = values(conn, f)
    before = values(conn, f.shifted(-CHANGE_DAYS))
    return pl.DataFrame(
        {
            "key": list(KEYS),
            "value": [None if now[k] is None else float(now[k]) for k in KEYS],
            "value_7_days_before": [None if before[k] is None else float(before[k]) for k in KEYS],
        },
        schema={"key": pl.String, "value": pl.Float64, "value_7_days_before": pl.Float64},
    )
