"""Committee tasks: the board, per-agency figures (DESIGN.md section 5), history, escalations.

Tasks and escalations are live work: they are read as of a day D, today (Tehran) from the one
clock, and not as of the data's as-of date.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import calendar
from dashboard import schema as s
from dashboard.filters import Filters
from dashboard.rows import read_rows
from queries import accounts, scope
from queries.sql import count_if

TASK_SCHEMA = {
    "task_id": pl.Int64, "province_code": pl.String, "county_id": pl.Int64, "agency": pl.String,
    "title": pl.String, "detail": pl.String, "owner": pl.String, "due_on": pl.Date,
    "status": pl.String, "done_on": pl.Date, "priority": pl.Int64, "indicator": pl.String,
    "version": pl.Int64, "created_on": pl.Date, "overdue": pl.Boolean,
    "agency_name_fa": pl.String, "agency_name_en": pl.String,
    "province_name_fa": pl.String, "province_name_en": pl.String,
    "county_name_fa": pl.String, "county_name_en": pl.String,
}  # fmt: skip
ANSWERED_DAYS = 30  # the answered escalations the tasks page lists: those of the last 30 days
# what an edit can change and the stale-edit message compares (a task's fields on the page)
EDITED = ("status", "owner", "due_on")


def overdue(day: dt.date) -> sa.ColumnElement[bool]:
    """A task is overdue on day: due before it and not done by it."""
    t = s.tasks
    return (t.c.due_on < day) & (t.c.done_on.is_(None) | (t.c.done_on > day))


# The tasks export's columns, on the page and from the command line.
EXPORT_COLUMNS = (
    "task_id", "province_code", "county_id", "agency", "title", "owner", "due_on", "status",
    "done_on", "overdue",
)  # fmt: skip


def board(conn: sa.Connection, f: Filters, today: dt.date) -> pl.DataFrame:
    """The area's tasks created by today with their agency and area names, overdue today first,
    then by due date; days_overdue for the overdue ones."""
    t, a = s.tasks, s.agencies
    late = sa.case((overdue(today), True), else_=False)
    joined, names = scope.area_names(t)
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
            *names,
        )
        .select_from(joined.outerjoin(a, a.c.code == t.c.agency))
        .where(t.c.created_on <= today, *scope.area(t, f))
        .order_by(late.desc(), t.c.due_on, t.c.id)
    )
    rows = read_rows(conn, query, TASK_SCHEMA)
    return rows.with_columns(
        days_overdue=pl.when(pl.col("overdue")).then(
            (pl.lit(today) - pl.col("due_on")).dt.total_days()
        )
    )


def export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The task list as of today (as the page shows it) in the `tasks` export's columns."""
    return board(conn, f, calendar.now().date()).select(EXPORT_COLUMNS)


def task(conn: sa.Connection, f: Filters, task_id: int) -> dict | None:
    """A task's edited fields and version as stored now, with the actor (as shown: their
    display name) and time of its latest history line (None when none is recorded); None when
    there is no such task in f's area."""
    t, e = s.tasks, s.task_events
    query = sa.select(*[t.c[k] for k in EDITED], t.c.version).where(
        t.c.id == task_id, *scope.area(t, f)
    )
    row = conn.execute(query).mappings().first()
    if row is None:
        return None
    joined, actor = accounts.named(e, e.c.actor)
    latest = (
        sa.select(actor, e.c.at)
        .select_from(joined)
        .where(e.c.task_id == task_id)
        .order_by(e.c.at.desc(), e.c.id.desc())
        .limit(1)
    )
    actor, at = conn.execute(latest).first() or (None, None)
    return dict(row) | {"actor": actor, "at": at}


def by_agency(conn: sa.Connection, f: Filters, today: dt.date) -> pl.DataFrame:
    """Per agency, on day today: open (not done by today), overdue, done (by today) and the
    on-time rate (done by today on or before the due date / done by today); every agency is
    listed."""
    t, a = s.tasks, s.agencies
    done = t.c.done_on.is_not(None) & (t.c.done_on <= today)

    per = (
        sa.select(
            t.c.agency,
            count_if(~done).label("open"),
            count_if(overdue(today)).label("overdue"),
            count_if(done).label("done"),
            count_if(done & (t.c.done_on <= t.c.due_on)).label("done_on_time"),
        )
        .where(t.c.created_on <= today, *scope.area(t, f))
        .group_by(t.c.agency)
        .subquery()
    )
    query = (
        sa.select(
            a.c.code,
            a.c.name_fa,
            a.c.name_en,
            *[sa.func.coalesce(per.c[k], 0) for k in ("open", "overdue", "done", "done_on_time")],
        )
        .select_from(a.outerjoin(per, per.c.agency == a.c.code))
        .order_by(a.c.code)
    )
    schema = {"agency": pl.String, "agency_name_fa": pl.String, "agency_name_en": pl.String}
    schema |= dict.fromkeys(("open", "overdue", "done", "done_on_time"), pl.Int64)
    table = read_rows(conn, query, schema)
    return table.with_columns(
        on_time_rate=pl.when(pl.col("done") > 0).then(pl.col("done_on_time") / pl.col("done"))
    ).drop("done_on_time")


def by_agency_export(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """Per-agency figures as of today in the `tasks-by-agency` export's columns."""
    rows = by_agency(conn, f, calendar.now().date())
    return rows.select("agency", "open", "overdue", "done", "on_time_rate")


def overdue_count(conn: sa.Connection, f: Filters, today: dt.date) -> int:
    """The area's tasks overdue on day today."""
    t = s.tasks
    query = sa.select(sa.func.count()).select_from(t).where(overdue(today), *scope.area(t, f))
    return conn.execute(query).scalar_one()


def history(conn: sa.Connection, f: Filters, task_id: int) -> pl.DataFrame:
    """Every recorded change of a task, oldest first, each actor as shown (their display name);
    none when the task is not in f's area. note: the line's changes ([field, old, new]) and
    note as recorded, structured (queries.audit.describe says it in the reader's language); a
    line recorded before that, free text."""
    t, e = s.tasks, s.task_events
    in_area = sa.exists().where(t.c.id == task_id, *scope.area(t, f))
    joined, actor = accounts.named(e, e.c.actor)
    query = (
        sa.select(e.c.at, actor.label("actor"), e.c.old_status, e.c.new_status, e.c.note)
        .select_from(joined)
        .where(e.c.task_id == task_id, in_area)
        .order_by(e.c.at, e.c.id)
    )
    schema = {
        "at": pl.Datetime("us"), "actor": pl.String, "old_status": pl.String,
        "new_status": pl.String, "note": pl.String,
    }  # fmt: skip
    return read_rows(conn, query, schema)


def agencies(conn: sa.Connection) -> pl.DataFrame:
    """The agencies a task can be given to."""
    a = s.agencies
    return read_rows(
        conn,
        sa.select(a.c.code, a.c.name_fa, a.c.name_en).order_by(a.c.code),
        {"code": pl.String, "name_fa": pl.String, "name_en": pl.String},
    )


def escalations(conn: sa.Connection, f: Filters, today: dt.date) -> pl.DataFrame:
    """The area's escalations raised by today, with the raising agency's and the area's
    names, oldest first: answered_on and answer (null unless answered by today), age_days on
    day today."""
    e, a = s.escalations, s.agencies
    joined, names = scope.area_names(e)
    answered = e.c.answered_on <= today
    query = (
        sa.select(
            e.c.id,
            e.c.province_code,
            e.c.county_id,
            e.c.problem,
            e.c.raised_by,
            a.c.name_fa,
            a.c.name_en,
            e.c.level,
            e.c.raised_on,
            sa.case((answered, e.c.answered_on)),
            sa.case((answered, e.c.answer)),
            *names,
        )
        .select_from(joined.outerjoin(a, a.c.code == e.c.raised_by))
        .where(e.c.raised_on <= today, *scope.area(e, f))
        .order_by(e.c.raised_on, e.c.id)
    )
    schema = {
        "escalation_id": pl.Int64, "province_code": pl.String, "county_id": pl.Int64,
        "problem": pl.String, "raised_by": pl.String, "raised_by_fa": pl.String,
        "raised_by_en": pl.String, "level": pl.String, "raised_on": pl.Date,
        "answered_on": pl.Date, "answer": pl.String,
        "province_name_fa": pl.String, "province_name_en": pl.String,
        "county_name_fa": pl.String, "county_name_en": pl.String,
    }  # fmt: skip
    rows = read_rows(conn, query, schema)
    return rows.with_columns(age_days=(pl.lit(today) - pl.col("raised_on")).dt.total_days())


def answered_since(escalations: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """The escalations (escalations' rows) answered on day or after, latest answer first."""
    answered = escalations.filter(pl.col("answered_on") >= day)
    return answered.sort("answered_on", "escalation_id", descending=[True, False])


def unanswered(escalations: pl.DataFrame) -> pl.DataFrame:
    """The escalations (escalations' rows) not answered by their day, oldest first."""
    return escalations.filter(pl.col("answered_on").is_null())


def open_escalations(conn: sa.Connection, f: Filters, today: dt.date) -> pl.DataFrame:
    """escalations not answered by today, oldest first."""
    return unanswered(escalations(conn, f, today))


def work_version(conn: sa.Connection) -> tuple[int, int, int]:
    """A stamp that moves with every write to tasks and escalations (each task write adds a
    history line; an escalation is raised or answered): part of the key of cached task
    results."""
    e = s.escalations
    query = sa.select(
        sa.select(sa.func.coalesce(sa.func.max(s.task_events.c.id), 0)).scalar_subquery(),
        sa.func.coalesce(sa.func.max(e.c.id), 0),
        sa.func.count(e.c.answered_on),
    )
    events, raised, answered = conn.execute(query).one()
    return int(events), int(raised), int(answered)
