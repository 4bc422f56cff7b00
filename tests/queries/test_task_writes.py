"""Writes to tasks: validation, history, and two editors at once (optimistic locking)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from dashboard import calendar, db, schema
from dashboard.filters import Filters
from queries import task_writes, tasks
from queries.task_writes import TaskError

TODAY = dt.date(2026, 2, 1)


@pytest.fixture(scope="module")
def engine(writable_url: str) -> sa.Engine:
    return db.make_engine(writable_url)


def _task(engine: sa.Engine, task_id: int) -> dict:
    with engine.connect() as conn:
        t = schema.tasks
        return dict(conn.execute(sa.select(t).where(t.c.id == task_id)).mappings().one())


def _new(engine: sa.Engine, **changes) -> int:
    fields = {
        "province_code": "IR-16", "county_id": None, "agency": "guilds",
        "title": "جذب فروشگاه خرد", "owner": "رئیس اداره", "due_on": dt.date(2026, 2, 20),
        "priority": 2, "actor": "مریم", "today": TODAY,
    }  # fmt: skip
    return task_writes.create_task(engine, **(fields | changes))


def test_a_sequence_of_edits_is_all_in_the_history(engine: sa.Engine) -> None:
    task_id = _new(engine)
    version = task_writes.update_task(
        engine, task_id, 1, {"status": "in_progress"}, actor="مریم", today=TODAY
    )
    version = task_writes.update_task(
        engine, task_id, version, {"owner": "معاون"}, actor="علی", note="واگذار شد", today=TODAY
    )
    version = task_writes.update_task(
        engine, task_id, version, {"status": "done"}, actor="مریم", today=dt.date(2026, 2, 5)
    )
    task = _task(engine, task_id)
    assert (task["status"], task["owner"], task["version"]) == ("done", "معاون", 4)
    assert task["done_on"] == dt.date(2026, 2, 5)
    with engine.connect() as conn:
        history = tasks.history(conn, task_id)
    assert history["actor"].to_list() == ["مریم", "مریم", "علی", "مریم"]
    assert history["new_status"].to_list() == ["todo", "in_progress", "in_progress", "done"]
    assert history["old_status"].to_list() == [None, "todo", "in_progress", "in_progress"]
    assert "رئیس اداره → معاون" in history["note"][2] and "واگذار شد" in history["note"][2]


def test_two_editors_the_second_fails_cleanly_and_nothing_is_lost(engine: sa.Engine) -> None:
    task_id = _new(engine)
    first_seen = second_seen = _task(engine, task_id)["version"]
    task_writes.update_task(
        engine, task_id, first_seen, {"status": "blocked"}, actor="مریم", note="منتظر بودجه",
        today=TODAY,
    )  # fmt: skip
    with pytest.raises(TaskError) as refused:
        task_writes.update_task(
            engine, task_id, second_seen, {"status": "done"}, actor="علی", today=TODAY
        )
    assert refused.value.key == "task.error.stale"
    task = _task(engine, task_id)
    assert (task["status"], task["version"]) == ("blocked", first_seen + 1)
    with engine.connect() as conn:
        assert tasks.history(conn, task_id)["actor"].to_list() == ["مریم", "مریم"]


def test_two_connections_racing_on_one_version(engine: sa.Engine, writable_url: str) -> None:
    """Both read version v; the conditional update lets exactly one of them through."""
    task_id = _new(engine)
    other = db.make_engine(writable_url)
    version = _task(engine, task_id)["version"]
    outcomes = []
    for eng, status in ((engine, "in_progress"), (other, "blocked")):
        try:
            task_writes.update_task(
                eng, task_id, version, {"status": status}, actor="x", today=TODAY
            )
            outcomes.append(status)
        except TaskError as error:
            outcomes.append(error.key)
    assert outcomes == ["in_progress", "task.error.stale"]
    assert _task(engine, task_id)["status"] == "in_progress"


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"title": "  "}, "task.error.title_empty"),
        ({"status": "finished"}, "task.error.status"),
        ({"due_on": dt.date(2026, 1, 1)}, "task.error.due_before_created"),
        ({"version": 9}, "task.error.field"),
    ],
)
def test_bad_edits_change_nothing(engine: sa.Engine, changes: dict, key: str) -> None:
    task_id = _new(engine)
    before = _task(engine, task_id)
    with pytest.raises(TaskError) as refused:
        task_writes.update_task(engine, task_id, 1, changes, actor="مریم", today=TODAY)
    assert refused.value.key == key
    assert _task(engine, task_id) == before


def test_a_long_note_and_a_missing_name_are_refused(engine: sa.Engine) -> None:
    task_id = _new(engine)
    with pytest.raises(TaskError, match="task.error.note_long"):
        task_writes.update_task(engine, task_id, 1, {}, actor="مریم", note="x" * 2001, today=TODAY)
    with pytest.raises(TaskError, match="task.error.actor_empty"):
        task_writes.update_task(engine, task_id, 1, {"status": "done"}, actor=" ", today=TODAY)
    assert _task(engine, task_id)["version"] == 1


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"title": ""}, "task.error.title_empty"),
        ({"agency": "police"}, "task.error.agency"),
        ({"due_on": dt.date(2026, 1, 31)}, "task.error.due_before_created"),
        ({"priority": 7}, "task.error.priority"),
    ],
)
def test_bad_new_tasks_are_not_created(engine: sa.Engine, fields: dict, key: str) -> None:
    with engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(schema.tasks)).scalar_one()
    with pytest.raises(TaskError) as refused:
        _new(engine, **fields)
    assert refused.value.key == key
    with engine.connect() as conn:
        assert (
            conn.execute(sa.select(sa.func.count()).select_from(schema.tasks)).scalar_one() == count
        )


def test_escalations_raise_and_answer(engine: sa.Engine) -> None:
    view = Filters(as_of=dt.date(2026, 5, 5), province="IR-16")
    with engine.connect() as conn:
        before = tasks.open_escalations(conn, view, TODAY).height
    new = task_writes.raise_escalation(
        engine, province_code="IR-16", county_id=None, problem="کمبود مرغ", raised_by="welfare",
        level="national", today=TODAY,
    )  # fmt: skip
    with engine.connect() as conn:
        assert tasks.open_escalations(conn, view, TODAY).height == before + 1
    task_writes.answer_escalation(engine, new, "تأمین شد", dt.date(2026, 2, 3))
    with pytest.raises(TaskError, match="task.error.answered"):
        task_writes.answer_escalation(engine, new, "دوباره", dt.date(2026, 2, 4))
    with engine.connect() as conn:
        assert new in tasks.open_escalations(conn, view, dt.date(2026, 2, 2))["escalation_id"]
        assert new not in tasks.open_escalations(conn, view, dt.date(2026, 2, 3))["escalation_id"]


def test_every_write_moves_the_work_version(engine: sa.Engine) -> None:
    """Cached task results are keyed by it: each kind of write must move it."""

    def version() -> tuple:
        with engine.connect() as conn:
            return tasks.work_version(conn)

    seen = [version()]
    task_id = _new(engine)
    seen.append(version())
    task_writes.update_task(engine, task_id, 1, {}, actor="مریم", note="یادداشت", today=TODAY)
    seen.append(version())
    raised = task_writes.raise_escalation(
        engine, province_code="IR-16", county_id=None, problem="کمبود روغن", raised_by="guilds",
        level="provincial", today=TODAY,
    )  # fmt: skip
    seen.append(version())
    task_writes.answer_escalation(engine, raised, "تأمین شد", TODAY)
    seen.append(version())
    assert len(set(seen)) == len(seen)


def test_the_current_task_names_its_last_editor(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calendar, "now", lambda: dt.datetime(2026, 2, 1, 10, 30))
    task_id = _new(engine)
    task_writes.update_task(
        engine, task_id, 1, {"owner": "معاون", "status": "blocked"}, actor="علی", today=TODAY
    )
    with engine.connect() as conn:
        now = tasks.task(conn, task_id)
        assert tasks.task(conn, 10**9) is None
    assert now == {
        "status": "blocked", "owner": "معاون", "due_on": dt.date(2026, 2, 20), "version": 2,
        "actor": "علی", "at": dt.datetime(2026, 2, 1, 10, 30),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (dt.date(2026, 5, 12), dt.date(2026, 5, 26)),  # a Tuesday, two weeks on
        (dt.date(2026, 5, 14), dt.date(2026, 5, 30)),  # two weeks on is a Thursday: Saturday
        (dt.date(2026, 5, 15), dt.date(2026, 5, 30)),  # ... or a Friday
    ],
)
def test_a_new_task_is_due_two_weeks_on_past_the_weekend(today: dt.date, due: dt.date) -> None:
    assert task_writes.default_due(today) == due
    assert due.weekday() not in task_writes.WEEKEND
