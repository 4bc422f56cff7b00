"""Every write to tasks, task_events and escalations: validated, one transaction each.

The writer is a signed-in user, named by username and read again inside the write's own
transaction: a write their role, area or agency does not allow (dashboard.people.User) is
refused (task.error.not_allowed) and changes nothing; each write that lands is audited.

Two people editing one task at once cannot overwrite each other: an update names the version
it was made from and changes nothing when the task has moved on (optimistic locking on
tasks.version). A rejected write raises TaskError with a translation key and changes nothing.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from dashboard import calendar, people
from dashboard import schema as s
from queries import accounts, audit

MAX_TITLE = 200
MAX_NOTE = 2000
MAX_NAME = 120
EDITABLE = ("status", "owner", "due_on", "title", "detail", "priority")
DUE_IN_DAYS = 14  # a new task's due date, by default: two weeks on, past the weekend
WEEKEND = (3, 4)  # Thursday and Friday (date.weekday()): government offices are closed


class TaskError(ValueError):
    """A write refused for a reason the user can fix; key is a translation-table key."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def default_due(today: dt.date) -> dt.date:
    """The due date a new task is offered: DUE_IN_DAYS on, moved on to the Saturday when that
    falls on the weekend."""
    due = today + dt.timedelta(days=DUE_IN_DAYS)
    while due.weekday() in WEEKEND:
        due += dt.timedelta(days=1)
    return due


def _next_id(conn: sa.Connection, table: sa.Table) -> int:
    return conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0) + 1)).scalar_one()


def _check_text(value: str | None, limit: int, key: str, required: bool = False) -> str | None:
    text = (value or "").strip()
    if required and not text:
        raise TaskError(f"task.error.{key}_empty")
    if len(text) > limit:
        raise TaskError(f"task.error.{key}_long", limit=limit)
    return text or None


def _writer(conn: sa.Connection, actor: str, allowed) -> people.User:
    """The active user named actor, when allowed(user) says they may make this write."""
    who = accounts.user(conn, actor or "")
    if who is None or not allowed(who):
        raise TaskError("task.error.not_allowed")
    return who


def _check_agency(conn: sa.Connection, agency: str) -> None:
    known = conn.execute(sa.select(s.agencies.c.code).where(s.agencies.c.code == agency)).first()
    if known is None:
        raise TaskError("task.error.agency", agency=agency)


def _check_status(status: str) -> None:
    if status not in s.TASK_STATUSES:
        raise TaskError("task.error.status", status=status)


def _event(conn, task_id: int, actor: str, at: dt.datetime, old, new, note) -> None:
    conn.execute(
        s.task_events.insert().values(
            id=_next_id(conn, s.task_events),
            task_id=task_id,
            at=at,
            actor=actor,
            old_status=old,
            new_status=new,
            note=note,
        )  # fmt: skip
    )


def create_task(
    engine: sa.Engine,
    *,
    province_code: str,
    county_id: int | None,
    agency: str,
    title: str,
    owner: str | None,
    due_on: dt.date,
    priority: int,
    actor: str,
    today: dt.date,
    indicator: str | None = None,
    detail: str | None = None,
) -> int:
    """Add a task (status todo, version 1) and its first history line for actor (a username
    who may edit tasks of that area and agency); returns its id."""
    title = _check_text(title, MAX_TITLE, "title", required=True)
    owner = _check_text(owner, MAX_NAME, "owner")
    detail = _check_text(detail, MAX_NOTE, "note")
    if due_on < today:
        raise TaskError("task.error.due_before_created")
    if priority not in (1, 2, 3):
        raise TaskError("task.error.priority")
    with engine.begin() as conn:
        who = _writer(conn, actor, lambda u: u.may_edit(province_code, county_id, agency))
        _check_agency(conn, agency)
        task_id = _next_id(conn, s.tasks)
        conn.execute(
            s.tasks.insert().values(
                id=task_id,
                province_code=province_code,
                county_id=county_id,
                agency=agency,
                title=title,
                detail=detail,
                owner=owner,
                due_on=due_on,
                status="todo",
                done_on=None,
                priority=priority,
                indicator=indicator,
                version=1,
                created_on=today,
            )  # fmt: skip
        )
        now = calendar.now()
        _event(conn, task_id, who.username, now, None, "todo", title)
        audit.record(conn, who.username, "task_write", now, f"task {task_id}: created",
                     province_code, county_id)  # fmt: skip
    return task_id


def update_task(
    engine: sa.Engine,
    task_id: int,
    version: int,
    changes: dict[str, object],
    *,
    actor: str,
    note: str | None = None,
    today: dt.date,
) -> int:
    """Apply changes (status, owner, due_on, title, detail, priority) and a note to the task
    as it was at version; returns the new version. Refused, with nothing written, when the task
    has been changed since (task.error.stale), when actor may not edit it
    (task.error.not_allowed) or when an input is not valid."""
    note = _check_text(note, MAX_NOTE, "note")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TaskError("task.error.field", field=", ".join(sorted(unknown)))
    if "status" in changes:
        _check_status(str(changes["status"]))
    if "title" in changes:
        changes["title"] = _check_text(str(changes["title"]), MAX_TITLE, "title", required=True)
    if "owner" in changes:
        changes["owner"] = _check_text(changes["owner"], MAX_NAME, "owner")
    if not changes and not note:
        raise TaskError("task.error.nothing")
    t = s.tasks
    with engine.begin() as conn:
        current = conn.execute(sa.select(t).where(t.c.id == task_id)).mappings().first()
        if current is None:
            raise TaskError("task.error.missing", task=task_id)
        area = (current["province_code"], current["county_id"])
        who = _writer(conn, actor, lambda u: u.may_edit(*area, current["agency"]))
        if current["version"] != version:
            raise TaskError("task.error.stale")
        if "due_on" in changes and changes["due_on"] < current["created_on"]:
            raise TaskError("task.error.due_before_created")
        values = dict(changes)
        status = values.get("status", current["status"])
        if status == "done" and current["status"] != "done":
            values["done_on"] = today
        elif status != "done":
            values["done_on"] = None
        updated = conn.execute(
            t.update()
            .where(t.c.id == task_id, t.c.version == version)
            .values(**values, version=version + 1)
        )
        if updated.rowcount != 1:  # another writer got in between the read and this update
            raise TaskError("task.error.stale")
        described = [
            f"{k}: {current[k]} → {v}"
            for k, v in changes.items()
            if k != "status" and current[k] != v
        ]
        text = "; ".join([*described, *([note] if note else [])]) or None
        now = calendar.now()
        _event(conn, task_id, who.username, now, current["status"], status, text)
        what = f"task {task_id}: {current['status']} → {status}; {text or ''}"
        audit.record(conn, who.username, "task_write", now, what, *area)
    return version + 1


def raise_escalation(
    engine: sa.Engine,
    *,
    province_code: str,
    county_id: int | None,
    problem: str,
    raised_by: str,
    level: str,
    today: dt.date,
    actor: str,
) -> int:
    """Record a problem raised by an agency (raised_by) to the provincial or national level,
    by actor (a username whose role raises to that level, for their own agency if they have
    one); returns its id."""
    problem = _check_text(problem, MAX_NOTE, "problem", required=True)
    if level not in ("provincial", "national"):
        raise TaskError("task.error.level", level=level)
    with engine.begin() as conn:
        who = _writer(
            conn, actor,
            lambda u: u.may_raise(province_code, level) and u.agency in (None, raised_by),
        )  # fmt: skip
        _check_agency(conn, raised_by)
        escalation_id = _next_id(conn, s.escalations)
        conn.execute(
            s.escalations.insert().values(
                id=escalation_id,
                province_code=province_code,
                county_id=county_id,
                problem=problem,
                raised_by=raised_by,
                level=level,
                raised_on=today,
                raised_by_user=who.username,
            )  # fmt: skip
        )
        what = f"escalation {escalation_id} ({level}): {problem}"
        audit.record(
            conn, who.username, "escalation", calendar.now(), what, province_code, county_id
        )
    return escalation_id


def answer_escalation(
    engine: sa.Engine, escalation_id: int, answer: str, today: dt.date, actor: str
) -> None:
    """Record the answer to an open escalation, by actor (a username who answers that
    province's escalations)."""
    answer = _check_text(answer, MAX_NOTE, "answer", required=True)
    e = s.escalations
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(e.c.province_code, e.c.county_id).where(e.c.id == escalation_id)
        ).first()
        if row is None:
            raise TaskError("task.error.answered")
        who = _writer(conn, actor, lambda u: u.may_answer(row[0]))
        updated = conn.execute(
            e.update()
            .where(e.c.id == escalation_id, e.c.answered_on.is_(None))
            .values(answered_on=today, answer=answer, answered_by_user=who.username)
        )
        if updated.rowcount != 1:
            raise TaskError("task.error.answered")
        audit.record(conn, who.username, "escalation_answer", calendar.now(),
                     f"escalation {escalation_id}: {answer}", *row)  # fmt: skip
