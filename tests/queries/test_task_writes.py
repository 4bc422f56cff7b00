"""Writes to tasks: validation, history, and two editors at once (optimistic locking); every
refusal on record (the database as it was plus one audit row); who answers which escalation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from dashboard import calendar, db, i18n, people, schema
from dashboard.filters import Filters
from queries import audit, task_writes, tasks
from queries.task_writes import TaskError
from tests.populate import EDGE_TOWN, USERS

TODAY = dt.date(2026, 2, 1)
NATIONAL = Filters(as_of=TODAY)


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
        "priority": 2, "actor": "gov.ilam", "today": TODAY,
    }  # fmt: skip
    return task_writes.create_task(engine, **(fields | changes))


def test_a_sequence_of_edits_is_all_in_the_history(engine: sa.Engine) -> None:
    task_id = _new(engine)
    version = task_writes.update_task(
        engine, task_id, 1, {"status": "in_progress"}, actor="gov.ilam", today=TODAY
    )
    version = task_writes.update_task(
        engine,
        task_id,
        version,
        {"owner": "معاون"},
        actor="dir.ilam",
        note="واگذار شد",
        today=TODAY,
    )
    version = task_writes.update_task(
        engine, task_id, version, {"status": "done"}, actor="gov.ilam", today=dt.date(2026, 2, 5)
    )
    task = _task(engine, task_id)
    assert (task["status"], task["owner"], task["version"]) == ("done", "معاون", 4)
    assert task["done_on"] == dt.date(2026, 2, 5)
    with engine.connect() as conn:
        history = tasks.history(conn, NATIONAL, task_id)
    maryam, ali = USERS["governor"].display_name, USERS["director"].display_name
    assert history["actor"].to_list() == [maryam, maryam, ali, maryam]
    assert history["new_status"].to_list() == ["todo", "in_progress", "in_progress", "done"]
    assert history["old_status"].to_list() == [None, "todo", "in_progress", "in_progress"]
    assert audit.parsed(history["note"][2]) == {
        "v": 1, "changes": [["owner", "رئیس اداره", "معاون"]], "note": "واگذار شد",
    }  # fmt: skip
    assert history["note"][1] is None, "a change of status alone: its columns say it"
    assert audit.describe(history["note"][2], "en") == "Owner: رئیس اداره → معاون; واگذار شد"


def test_two_editors_the_second_fails_cleanly_and_nothing_is_lost(engine: sa.Engine) -> None:
    task_id = _new(engine)
    first_seen = second_seen = _task(engine, task_id)["version"]
    task_writes.update_task(
        engine, task_id, first_seen, {"status": "blocked"}, actor="gov.ilam", note="منتظر بودجه",
        today=TODAY,
    )  # fmt: skip
    before = _state(engine)
    with pytest.raises(TaskError) as refused:
        task_writes.update_task(
            engine, task_id, second_seen, {"status": "done"}, actor="dir.ilam", today=TODAY
        )
    assert refused.value.key == "task.error.stale"
    tried = _refused_once(engine, before, "dir.ilam", "task_write", "task.error.stale")
    assert (tried["task"], tried["changes"]) == (task_id, [["status", "blocked", "done"]])
    assert tried["area"] == ("IR-16", None)
    task = _task(engine, task_id)
    assert (task["status"], task["version"]) == ("blocked", first_seen + 1)
    with engine.connect() as conn:
        shown = tasks.history(conn, NATIONAL, task_id)["actor"].to_list()
    assert shown == [USERS["governor"].display_name] * 2


def test_two_connections_racing_on_one_version(engine: sa.Engine, writable_url: str) -> None:
    """Both read version v; the conditional update lets exactly one of them through."""
    task_id = _new(engine)
    other = db.make_engine(writable_url)
    version = _task(engine, task_id)["version"]
    outcomes = []
    for eng, status in ((engine, "in_progress"), (other, "blocked")):
        try:
            task_writes.update_task(
                eng, task_id, version, {"status": status}, actor="gov.ilam", today=TODAY
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
    before = _state(engine)
    with pytest.raises(TaskError) as refused:
        task_writes.update_task(engine, task_id, 1, changes, actor="gov.ilam", today=TODAY)
    assert refused.value.key == key
    tried = _refused_once(engine, before, "gov.ilam", "task_write", key)
    assert tried["task"] == task_id and [c[0] for c in tried["changes"]] == list(changes)


def test_a_long_note_and_a_writer_who_is_no_user_are_refused(engine: sa.Engine) -> None:
    task_id = _new(engine)
    before = _state(engine)
    with pytest.raises(TaskError, match="task.error.note_long"):
        task_writes.update_task(
            engine, task_id, 1, {}, actor="gov.ilam", note="x" * 2001, today=TODAY
        )
    tried = _refused_once(engine, before, "gov.ilam", "task_write", "task.error.note_long")
    assert tried["values"] == {"limit": 2000} and tried["note"].startswith("xxx")
    before = _state(engine)
    with pytest.raises(TaskError, match="task.error.not_allowed"):
        task_writes.update_task(engine, task_id, 1, {"status": "done"}, actor=" ", today=TODAY)
    _refused_once(engine, before, " ", "task_write", "task.error.not_allowed")
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
    before = _state(engine)
    with pytest.raises(TaskError) as refused:
        _new(engine, **fields)
    assert refused.value.key == key
    tried = _refused_once(engine, before, "gov.ilam", "task_write", key)
    assert tried["area"] == ("IR-16", None) and "task" not in tried
    given = {field: new for field, _, new in tried["changes"]}
    assert given["agency"] == fields.get("agency", "guilds")


def test_escalations_raise_and_answer(engine: sa.Engine) -> None:
    view = Filters(as_of=dt.date(2026, 5, 5), province="IR-16")
    with engine.connect() as conn:
        before = tasks.open_escalations(conn, view, TODAY).height
    new = task_writes.raise_escalation(
        engine, province_code="IR-16", county_id=None, problem="کمبود مرغ", raised_by="welfare",
        level="provincial", today=TODAY, actor="gov.ilam",
    )  # fmt: skip
    with engine.connect() as conn:
        assert tasks.open_escalations(conn, view, TODAY).height == before + 1
    task_writes.answer_escalation(engine, new, "تأمین شد", dt.date(2026, 2, 3), "dir.ilam")
    state = _state(engine)
    with pytest.raises(TaskError, match="task.error.answered"):
        task_writes.answer_escalation(engine, new, "دوباره", dt.date(2026, 2, 4), "gov.ilam")
    tried = _refused_once(engine, state, "gov.ilam", "escalation_answer", "task.error.answered")
    assert (tried["escalation"], tried["note"]) == (new, "دوباره")
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
    task_writes.update_task(engine, task_id, 1, {}, actor="gov.ilam", note="یادداشت", today=TODAY)
    seen.append(version())
    raised = task_writes.raise_escalation(
        engine, province_code="IR-16", county_id=None, problem="کمبود روغن", raised_by="guilds",
        level="provincial", today=TODAY, actor="guilds.ilam",
    )  # fmt: skip
    seen.append(version())
    task_writes.answer_escalation(engine, raised, "تأمین شد", TODAY, "gov.ilam")
    seen.append(version())
    assert len(set(seen)) == len(seen)


def test_the_current_task_names_its_last_editor(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calendar, "now", lambda: dt.datetime(2026, 2, 1, 10, 30))
    task_id = _new(engine)
    task_writes.update_task(
        engine, task_id, 1, {"owner": "معاون", "status": "blocked"}, actor="dir.ilam", today=TODAY
    )
    with engine.connect() as conn:
        now = tasks.task(conn, NATIONAL, task_id)
        assert tasks.task(conn, NATIONAL, 10**9) is None
    assert now == {
        "status": "blocked", "owner": "معاون", "due_on": dt.date(2026, 2, 20), "version": 2,
        "actor": USERS["director"].display_name, "at": dt.datetime(2026, 2, 1, 10, 30),
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


WATCHED = (schema.tasks, schema.task_events, schema.escalations)


def _state(engine: sa.Engine) -> dict[str, list]:
    """Every row of tasks, task_events and escalations, and the audit log in its order."""
    with engine.connect() as conn:
        state = {
            t.name: sorted((tuple(r) for r in conn.execute(sa.select(t))), key=repr)
            for t in WATCHED
        }
        a = schema.audit
        columns = (a.c.username, a.c.action, a.c.detail, a.c.province_code, a.c.county_id)
        state["audit"] = [tuple(r) for r in conn.execute(sa.select(*columns).order_by(a.c.id))]
    return state


def _refused_once(engine: sa.Engine, before: dict, actor: str, tried: str, why: str) -> dict:
    """Assert the database is as it was before plus exactly one audit row: actor's refusal of
    a write (the action tried) for why; returns its detail (with area: the row's)."""
    after = _state(engine)
    for table in WATCHED:
        assert after[table.name] == before[table.name], table.name
    assert after["audit"][: len(before["audit"])] == before["audit"]
    added = after["audit"][len(before["audit"]) :]
    assert len(added) == 1, added
    username, action, detail, province, county = added[0]
    record = audit.parsed(detail)
    assert record is not None, detail
    assert (username, action, record["tried"], record["why"]) == (actor, "refused", tried, why)
    return record | {"area": (province, county)}


@pytest.mark.parametrize(
    ("actor", "task", "allowed"),
    [
        ("gov.ilam", {}, True),
        ("dir.ilam", {"county_id": EDGE_TOWN}, True),
        ("guilds.ilam", {"agency": "guilds"}, True),
        ("guilds.ilam", {"agency": "welfare"}, False),  # another agency's task
        ("edge.town", {"county_id": EDGE_TOWN}, True),
        ("edge.town", {}, False),  # province-wide: not the county's
        ("national", {}, False),
        ("data.ilam", {}, False),
        ("admin", {}, False),
        ("nobody", {}, False),
    ],
)
def test_each_role_edits_only_its_own_tasks_and_a_refusal_changes_nothing(
    engine: sa.Engine, actor: str, task: dict, allowed: bool
) -> None:
    task_id = _new(engine, actor="gov.ilam", **task)
    before = _state(engine)
    change = {"status": "in_progress"}
    if allowed:
        task_writes.update_task(engine, task_id, 1, change, actor=actor, today=TODAY)
        assert _task(engine, task_id)["status"] == "in_progress"
        with engine.connect() as conn:
            last = audit.entries(conn, limit=1).row(0, named=True)
        assert (last["username"], last["action"]) == (actor, "task_write")
        assert last["province_code"] == "IR-16"
        assert audit.parsed(last["detail"]) == {
            "v": 1, "task": task_id, "changes": [["status", "todo", "in_progress"]],
        }  # fmt: skip
        return
    with pytest.raises(TaskError, match="task.error.not_allowed"):
        task_writes.update_task(engine, task_id, 1, change, actor=actor, today=TODAY)
    tried = _refused_once(engine, before, actor, "task_write", "task.error.not_allowed")
    assert tried["task"] == task_id and tried["changes"] == [["status", "todo", "in_progress"]]
    assert tried["area"] == ("IR-16", task.get("county_id"))


def test_a_committee_member_adds_tasks_only_for_their_agency(engine: sa.Engine) -> None:
    before = _state(engine)
    with pytest.raises(TaskError, match="task.error.not_allowed"):
        _new(engine, actor="guilds.ilam", agency="welfare")
    tried = _refused_once(engine, before, "guilds.ilam", "task_write", "task.error.not_allowed")
    assert ["agency", None, "welfare"] in tried["changes"]
    task_id = _new(engine, actor="guilds.ilam", agency="guilds")
    with engine.connect() as conn:
        shown = tasks.history(conn, NATIONAL, task_id)["actor"].to_list()
    assert shown == [USERS["committee"].display_name]


def test_a_governor_of_one_province_cannot_add_tasks_in_another(engine: sa.Engine) -> None:
    before = _state(engine)
    with pytest.raises(TaskError, match="task.error.not_allowed"):
        _new(engine, actor="gov.ilam", province_code="IR-15")
    tried = _refused_once(engine, before, "gov.ilam", "task_write", "task.error.not_allowed")
    assert tried["area"] == ("IR-15", None), "the area the write was tried in"


@pytest.mark.parametrize(
    ("actor", "raised_by", "level", "allowed"),
    [
        ("gov.ilam", "welfare", "national", True),
        ("guilds.ilam", "guilds", "provincial", True),
        ("guilds.ilam", "guilds", "national", False),  # committees raise to the province
        ("guilds.ilam", "welfare", "provincial", False),  # not in another agency's name
        ("edge.town", "guilds", "provincial", False),
        ("national", "guilds", "national", False),
    ],
)
def test_who_raises_escalations(engine, actor: str, raised_by: str, level: str, allowed: bool):
    before = _state(engine)
    fields = {
        "province_code": "IR-16", "county_id": None, "problem": "کمبود برنج",
        "raised_by": raised_by, "level": level, "today": TODAY, "actor": actor,
    }  # fmt: skip
    if not allowed:
        with pytest.raises(TaskError, match="task.error.not_allowed"):
            task_writes.raise_escalation(engine, **fields)
        tried = _refused_once(engine, before, actor, "escalation", "task.error.not_allowed")
        assert tried["note"] == "کمبود برنج"
        assert tried["changes"] == [["level", None, level], ["raised_by", None, raised_by]]
        return
    new = task_writes.raise_escalation(engine, **fields)
    e = schema.escalations
    with engine.connect() as conn:
        row = conn.execute(sa.select(e).where(e.c.id == new)).mappings().one()
        last = audit.entries(conn, limit=1).row(0, named=True)
    assert row["raised_by_user"] == actor and row["raised_by"] == raised_by
    assert (last["username"], last["action"]) == (actor, "escalation")


def test_only_the_provinces_governor_or_director_answers(engine: sa.Engine) -> None:
    new = task_writes.raise_escalation(
        engine, province_code="IR-16", county_id=None, problem="کمبود شکر", raised_by="guilds",
        level="provincial", today=TODAY, actor="guilds.ilam",
    )  # fmt: skip
    for refused in ("guilds.ilam", "edge.town", "national"):  # national: a provincial one
        before = _state(engine)
        with pytest.raises(TaskError, match="task.error.not_allowed"):
            task_writes.answer_escalation(engine, new, "پاسخ", TODAY, refused)
        tried = _refused_once(
            engine, before, refused, "escalation_answer", "task.error.not_allowed"
        )
        assert tried["escalation"] == new and tried["changes"] == [["level", None, "provincial"]]
    task_writes.answer_escalation(engine, new, "تأمین شد", TODAY, "dir.ilam")
    e = schema.escalations
    with engine.connect() as conn:
        row = conn.execute(sa.select(e).where(e.c.id == new)).mappings().one()
    assert (row["answer"], row["answered_by_user"]) == ("تأمین شد", "dir.ilam")


def _raise_national(engine: sa.Engine, problem: str) -> int:
    return task_writes.raise_escalation(
        engine, province_code="IR-16", county_id=None, problem=problem, raised_by="welfare",
        level="national", today=TODAY, actor="gov.ilam",
    )  # fmt: skip


def test_the_national_role_answers_national_escalations(engine: sa.Engine) -> None:
    new = _raise_national(engine, "کمبود روغن در کل استان")
    task_writes.answer_escalation(engine, new, "سهمیه افزوده شد", TODAY, "national")
    e = schema.escalations
    with engine.connect() as conn:
        row = conn.execute(sa.select(e).where(e.c.id == new)).mappings().one()
        last = audit.entries(conn, limit=1).row(0, named=True)
    assert (row["answer"], row["answered_on"], row["answered_by_user"]) == (
        "سهمیه افزوده شد", TODAY, "national",
    )  # fmt: skip
    assert (last["username"], last["action"], last["province_code"]) == (
        "national", "escalation_answer", "IR-16",
    )  # fmt: skip
    assert audit.parsed(last["detail"]) == {
        "v": 1, "escalation": new, "changes": [["level", None, "national"]],
        "note": "سهمیه افزوده شد",
    }  # fmt: skip


@pytest.mark.parametrize("actor", ["gov.ilam", "dir.ilam", "guilds.ilam", "edge.town"])
def test_nobody_below_national_answers_a_national_escalation(engine: sa.Engine, actor: str):
    new = _raise_national(engine, "کمبود برنج در کل استان")
    before = _state(engine)
    with pytest.raises(TaskError, match="task.error.not_allowed"):
        task_writes.answer_escalation(engine, new, "پاسخ استان", TODAY, actor)
    tried = _refused_once(engine, before, actor, "escalation_answer", "task.error.not_allowed")
    assert tried["escalation"] == new and tried["changes"] == [["level", None, "national"]]
    assert tried["area"] == ("IR-16", None)
    assert audit.describe(json.dumps(tried), "en") == (
        f"Answering an escalation: Escalation #{new}; Level: National; پاسخ استان — refused: "
        + i18n.t("task.error.not_allowed", "en")
    )


def test_the_national_role_only_answers(engine: sa.Engine) -> None:
    """No task of any area is the national role's to add or change, and it raises nothing."""
    task_id = _new(engine)
    before = _state(engine)
    with pytest.raises(TaskError, match="task.error.not_allowed"):
        task_writes.update_task(
            engine, task_id, 1, {"owner": "ناظر"}, actor="national", today=TODAY
        )
    _refused_once(engine, before, "national", "task_write", "task.error.not_allowed")
    before = _state(engine)
    with pytest.raises(TaskError, match="task.error.not_allowed"):
        _new(engine, actor="national")
    _refused_once(engine, before, "national", "task_write", "task.error.not_allowed")
    assert not people.ROLES["national"].edits and not people.ROLES["national"].levels


def test_a_refusal_is_said_in_the_readers_language(engine: sa.Engine) -> None:
    task_id = _new(engine)
    before = _state(engine)
    with pytest.raises(TaskError, match="task.error.stale"):
        task_writes.update_task(
            engine, task_id, 7, {"due_on": dt.date(2026, 3, 1)}, actor="gov.ilam", today=TODAY
        )
    tried = _refused_once(engine, before, "gov.ilam", "task_write", "task.error.stale")
    detail = json.dumps(tried)
    old, new = (calendar.format_date(d, "fa") for d in (dt.date(2026, 2, 20), dt.date(2026, 3, 1)))
    assert audit.describe(detail, "fa") == (
        f"تغییر وظیفه: وظیفه #{calendar.digits(task_id, 'fa')}؛ مهلت: از {old} به {new}"
        f" — دلیل رد: {i18n.t('task.error.stale', 'fa')}"
    )
    assert "۱۴۰۴" in new and "2026" not in audit.describe(detail, "fa")
