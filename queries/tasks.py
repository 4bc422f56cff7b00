"""Committee tasks: the board, per-agency figures (DESIGN.md section 5), history, escalations."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.filters import Filters
from dashboard.rows import read_frame
from queries import scope
from queries.sql import count_if

TASK_SCHEMA = {
    "task_id": pl.Int64, "province_code": pl.String, "county_id": pl.Int64, "agency": pl.String,
    "title": pl.String, "detail": pl.String, "owner": pl.String, "due_on": pl.Date,
    "status": pl.String, "done_on": pl.Date, "priority": pl.Int64, "indicator": pl.String,
    "version": pl.Int64, "created_on": pl.Date, "overdue": pl.Boolean,
    "agency_name_fa": pl.String, "agency_name_en": pl.String,
}  # fmt: skip


def overdue(f: Filters) -> sa.ColumnElement[bool]:
    """A task is overdue at the as-of date: due before it and not done by it."""
    t = s.tasks
    return (t.c.due_on < f.as_of) & (t.c.done_on.is_(None) | (t.c.done_on > f.as_of))


# The tasks export's columns, on the page and from the command line.
EXPORT_COLUMNS = (
    "task_id", "province_code", "county_id", "agency", "title", "owner", "due_on", "status",
    "done_on", "overdue",
)  # fmt: skip


def board(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The area's tasks created by the as-of date, overdue first, then by due date."""
    t, a = s.tasks, s.agencies
    late = sa.case((overdue(f), True), else_=False)
    query = (
        sa.select(
            t.c.id,
            t.c.province_code,
            t.c.county_id,
            t.c.agency,
            t.c.title,
            t.c.detail,
            t.c.owner,
            t.c.due_on,
            t.c.status,
            t.c.done_on,
            t.c.priority,
            t.c.indicator,
            t.c.version,
            t.c.created_on,
            late.label("overdue"),
            a.c.name_fa,
            a.c.name_en,
        )
        .select_from(t.outerjoin(a, a.c.code == t.c.agency))
        .where(t.c.created_on <= f.as_of, *scope.area(t, f))
        .order_by(late.desc(), t.c.due_on, t.c.id)
    )
    return read_frame(conn, query, TASK_SCHEMA)


def export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The task list in the `tasks` export's columns."""
    return board(conn, f).select(EXPORT_COLUMNS)


def by_agency(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Per agency: open (not done by as-of), overdue, done (by as-of) and the on-time rate
    (done by as-of on or before the due date / done by as-of); every agency is listed."""
    t, a = s.tasks, s.agencies
    done = t.c.done_on.is_not(None) & (t.c.done_on <= f.as_of)

    per = (
        sa.select(
            t.c.agency,
            count_if(~done).label("open"),
            count_if(overdue(f)).label("overdue"),
            count_if(done).label("done"),
            count_if(done & (t.c.done_on <= t.c.due_on)).label("done_on_time"),
        )
        .where(t.c.created_on <= f.as_of, *scope.area(t, f))
        .group_by(t.c.agency)
        .subquery()
    )
    query = (
        sa.select(
            a.c.code,
            a.c.name_fa,
            a.c.name_en,
            *[sa.func.coalesce(per.c[k], 0) for k in ("open", "overdue", "done", "done_on_time")],
        )  # fmt: skip
        .select_from(a.outerjoin(per, per.c.agency == a.c.code))
        .order_by(a.c.code)
    )
    schema = {"agency": pl.String, "agency_name_fa": pl.String, "agency_name_en": pl.String}
    schema |= dict.fromkeys(("open", "overdue", "done", "done_on_time"), pl.Int64)
    table = read_frame(conn, query, schema)
    return table.with_columns(
        on_time_rate=pl.when(pl.col("done") > 0).then(pl.col("done_on_time") / pl.col("done"))
    ).drop("done_on_time")


def by_agency_export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Per-agency figures in the `tasks-by-agency` export's columns."""
    return by_agency(conn, f).select("agency", "open", "overdue", "done", "on_time_rate")


def history(conn: sa.Connection, task_id: int) -> pl.DataFrame:
    """Every recorded change of a task, oldest first."""
    e = s.task_events
    query = (
        sa.select(e.c.at, e.c.actor, e.c.old_status, e.c.new_status, e.c.note)
        .where(e.c.task_id == task_id)
        .order_by(e.c.at, e.c.id)
    )
    schema = {
        "at": pl.Datetime("us"), "actor": pl.String, "old_status": pl.String,
        "new_status": pl.String, "note": pl.String,
    }  # fmt: skip
    return read_frame(conn, query, schema)


def agencies(conn: sa.Connection) -> pl.DataFrame:
    """The agencies a task can be given to."""
    a = s.agencies
    return read_frame(
        conn,
        sa.select(a.c.code, a.c.name_fa, a.c.name_en).order_by(a.c.code),
        {"code": pl.String, "name_fa": pl.String, "name_en": pl.String},
    )


def open_escalations(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Escalations raised by the as-of date and not answered by then, oldest first."""
    e = s.escalations
    where = [
        e.c.raised_on <= f.as_of,
        e.c.answered_on.is_(None) | (e.c.answered_on > f.as_of),
        *scope.area(e, f),
    ]
    query = (
        sa.select(
            e.c.id,
            e.c.province_code,
            e.c.county_id,
            e.c.problem,
            e.c.raised_by,
            e.c.level,
            e.c.raised_on,
        )  # fmt: skip
        .where(*where)
        .order_by(e.c.raised_on, e.c.id)
    )
    schema = {
        "escalation_id": pl.Int64, "province_code": pl.String, "county_id": pl.Int64,
        "problem": pl.String, "raised_by": pl.String, "level": pl.String, "raised_on": pl.Date,
    }  # fmt: skip
    rows = read_frame(conn, query, schema)
    return rows.with_columns(age_days=(pl.lit(f.as_of) - pl.col("raised_on")).dt.total_days())
