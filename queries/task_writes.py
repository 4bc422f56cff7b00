"""Every write to tasks, task_events and escalations: validated, one transaction each.

The writer is a signed-in user, named by username and read again inside the write's own
transaction: a write their role, area or agency does not allow (dashboard.people.User) is
refused (task.error.not_allowed) and changes nothing; each write that lands is audited.

Two people editing one task at once cannot overwrite each other: an update names the version
it was made from and changes nothing when the task has moved on (optimistic locking on
tasks.version). A rejected write raises TaskError with a translation key and changes nothing
but the audit log: every refusal (a role or area without the right, a stale version, a value
rejected) is recorded there (action refused: who, what was tried and why) in the transaction
of the check that refused it, which commits with it while the write itself is rolled back.

What a write records is structured (queries.audit.structured): a task's history line holds its
changes as [field, old, new] and its note, shown in the reader's language (audit.describe).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import inspect
from collections.abc import Callable, Iterator

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


# --- Refusals on record ----------------------------------------------------------------------


@dataclasses.dataclass
class _Tried:
    """A write being tried, as its refusal names it: the audit action, what it was
    (queries.audit.structured parts, completed as the write learns them) and its area."""

    action: str
    parts: dict
    province_code: str | None = None
    county_id: int | None = None


def _refusal(conn: sa.Connection, actor: str, tried: _Tried, error: TaskError) -> None:
    detail = audit.structured(
        tried=tried.action, **tried.parts, why=error.key, values=error.values or None
    )
    audit.record(conn, actor, "refused", calendar.now(), detail,
                 tried.province_code, tried.county_id)  # fmt: skip


@contextlib.contextmanager
def _attempt(engine: sa.Engine, actor: str, tried: _Tried) -> Iterator[sa.Connection]:
    """The transaction of one write by actor. Its checks run first; a check that refuses
    (TaskError) has what was written undone (a savepoint: nothing, as the checks come first),
    its refusal recorded (who, tried, why) and committed with the reads it judged, and is then
    raised again."""
    with engine.connect() as conn, conn.begin() as transaction:
        write = conn.begin_nested()
        try:
            yield conn
        except TaskError as error:
            write.rollback()
            _refusal(conn, actor, tried, error)
            transaction.commit()
            raise


def refused_session(engine: sa.Engine, username: str, write: Callable, *args, **kwargs) -> None:
    """Record that username's write (create_task, update_task, raise_escalation or
    answer_escalation, with the arguments it was to be given but engine and actor) was refused
    because their session had ended before it reached the database (the frame found it so):
    who, what was tried and why (task.error.session_ended), in one transaction."""
    given = inspect.signature(write).bind(engine, *args, actor=username, **kwargs).arguments
    tried = _TRIED[write.__name__](given)
    with engine.begin() as conn:
        subject = tried.parts.get("task") or tried.parts.get("escalation")
        table = s.tasks if "task" in tried.parts else s.escalations
        row = None
        if subject is not None:  # the area of the task or escalation, a task's values as now
            row = conn.execute(sa.select(table).where(table.c.id == subject)).mappings().first()
        if row is not None:
            tried.province_code, tried.county_id = row["province_code"], row["county_id"]
            if table is s.tasks:
                tried.parts["changes"] = [[k, row.get(k), v] for k, _, v in tried.parts["changes"]]
        _refusal(conn, username, tried, TaskError("task.error.session_ended"))


def _given(values: dict, fields: tuple[str, ...]) -> list[list]:
    """The changes [field, None, value] of a new row's fields that are given."""
    return [[k, None, values[k]] for k in fields if values.get(k) is not None]


CREATED = ("title", "owner", "due_on", "priority")  # what a new task's history line names
_TRIED: dict[str, Callable[[dict], _Tried]] = {
    "create_task": lambda a: _Tried(
        "task_write", {"changes": _given(a, ("agency", *CREATED))},
        a["province_code"], a["county_id"],
    ),
    "update_task": lambda a: _Tried(
        "task_write",
        {"task": a["task_id"], "changes": [[k, None, v] for k, v in a["changes"].items()],
         "note": a.get("note")},
    ),
    "raise_escalation": lambda a: _Tried(
        "escalation", {"changes": _given(a, ("level", "raised_by")), "note": a["problem"]},
        a["province_code"], a["county_id"],
    ),
    "answer_escalation": lambda a: _Tried(
        "escalation_answer", {"escalation": a["escalation_id"], "note": a["answer"]}
    ),
}  # fmt: skip


# --- Checks ----------------------------------------------------------------------------------


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


def _event(conn, task_id: int, actor: str, at: dt.datetime, old, new, note: str | None) -> None:
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


# --- Writes ----------------------------------------------------------------------------------


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
    given = {"province_code": province_code, "county_id": county_id, "agency": agency,
             "title": title, "owner": owner, "due_on": due_on, "priority": priority}  # fmt: skip
    with _attempt(engine, actor, _TRIED["create_task"](given)) as conn:
        who = _writer(conn, actor, lambda u: u.may_edit(province_code, county_id, agency))
        title = _check_text(title, MAX_TITLE, "title", required=True)
        owner = _check_text(owner, MAX_NAME, "owner")
        detail = _check_text(detail, MAX_NOTE, "note")
        if due_on < today:
            raise TaskError("task.error.due_before_created")
        if priority not in (1, 2, 3):
            raise TaskError("task.error.priority")
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
        now, stored = calendar.now(), given | {"title": title, "owner": owner}
        _event(conn, task_id, who.username, now, None, "todo",
               audit.structured(changes=_given(stored, CREATED)))  # fmt: skip
        what = audit.structured(task=task_id, event="created",
                                changes=_given(stored, ("agency", *CREATED)))  # fmt: skip
        audit.record(conn, who.username, "task_write", now, what, province_code, county_id)
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
    tried = _TRIED["update_task"]({"task_id": task_id, "changes": changes, "note": note})
    t = s.tasks
    with _attempt(engine, actor, tried) as conn:
        current = conn.execute(sa.select(t).where(t.c.id == task_id)).mappings().first()
        if current is None:
            raise TaskError("task.error.missing", task=task_id)
        area = (current["province_code"], current["county_id"])
        tried.province_code, tried.county_id = area
        tried.parts["changes"] = [[k, current.get(k), v] for k, v in changes.items()]
        who = _writer(conn, actor, lambda u: u.may_edit(*area, current["agency"]))
        changes = _checked(changes)
        note = _check_text(note, MAX_NOTE, "note")
        if not changes and not note:
            raise TaskError("task.error.nothing")
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
        moved = [[k, current[k], v] for k, v in changes.items() if current[k] != v]
        fields = [change for change in moved if change[0] != "status"]
        now = calendar.now()
        line = audit.structured(changes=fields or None, note=note) if fields or note else None
        _event(conn, task_id, who.username, now, current["status"], status, line)
        what = audit.structured(task=task_id, changes=moved or None, note=note)
        audit.record(conn, who.username, "task_write", now, what, *area)
    return version + 1


def _checked(changes: dict[str, object]) -> dict[str, object]:
    """The changes of an update as they are stored; TaskError for one that cannot be."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TaskError("task.error.field", field=", ".join(sorted(unknown)))
    checked = dict(changes)
    if "status" in checked:
        _check_status(str(checked["status"]))
    if "title" in checked:
        checked["title"] = _check_text(str(checked["title"]), MAX_TITLE, "title", required=True)
    if "owner" in checked:
        checked["owner"] = _check_text(checked["owner"], MAX_NAME, "owner")
    return checked


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
    given = {"province_code": province_code, "county_id": county_id, "problem": problem,
             "raised_by": raised_by, "level": level}  # fmt: skip
    with _attempt(engine, actor, _TRIED["raise_escalation"](given)) as conn:
        who = _writer(
            conn, actor,
            lambda u: u.may_raise(province_code, level) and u.agency in (None, raised_by),
        )  # fmt: skip
        problem = _check_text(problem, MAX_NOTE, "problem", required=True)
        if level not in people.LEVELS:
            raise TaskError("task.error.level", level=level)
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
        what = audit.structured(escalation=escalation_id, note=problem,
                                changes=_given(given, ("level", "raised_by")))  # fmt: skip
        audit.record(
            conn, who.username, "escalation", calendar.now(), what, province_code, county_id
        )
    return escalation_id


def answer_escalation(
    engine: sa.Engine, escalation_id: int, answer: str, today: dt.date, actor: str
) -> None:
    """Record the answer to an open escalation, by actor (a username who answers that
    province's escalations of its level: people.User.may_answer)."""
    tried = _TRIED["answer_escalation"]({"escalation_id": escalation_id, "answer": answer})
    e = s.escalations
    with _attempt(engine, actor, tried) as conn:
        row = conn.execute(
            sa.select(e.c.province_code, e.c.county_id, e.c.level, e.c.answered_on).where(
                e.c.id == escalation_id
            )
        ).first()
        if row is None:
            raise TaskError("task.error.answered")
        tried.province_code, tried.county_id = row.province_code, row.county_id
        tried.parts["changes"] = [["level", None, row.level]]
        who = _writer(conn, actor, lambda u: u.may_answer(row.province_code, row.level))
        answer = _check_text(answer, MAX_NOTE, "answer", required=True)
        if row.answered_on is not None:
            raise TaskError("task.error.answered")
        updated = conn.execute(
            e.update()
            .where(e.c.id == escalation_id, e.c.answered_on.is_(None))
            .values(answered_on=today, answer=answer, answered_by_user=who.username)
        )
        if updated.rowcount != 1:
            raise TaskError("task.error.answered")
        what = audit.structured(escalation=escalation_id, changes=tried.parts["changes"],
                                note=answer)  # fmt: skip
        audit.record(conn, who.username, "escalation_answer", calendar.now(), what,
                     row.province_code, row.county_id)  # fmt: skip
