"""The Committee tasks page through AppTest: live work as of the injected clock, edits that are
confirmed once and cleared, a second editor who is told what changed, Solar Hijri due dates,
history in the page's language, who answers which escalation, a save after an idle time-out
refused and on record, a committee member's own open tasks first, name columns pinned."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard import calendar, db, i18n, schema, text
from frame import grid
from queries import audit, task_writes
from tests.populate import EDGE_TOWN, EMPTY_COUNTY, PROVINCE, USERS
from tests.views.signing import opened, private_copy

NOW = dt.datetime(2026, 5, 12, 10, 30)  # the clock: a week after the test data's last day
TODAY = NOW.date()
AGENCIES = ("agriculture", "culture", "governorate", "guilds", "industry", "tazirat", "welfare")


@pytest.fixture
def url(sqlite_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of the test database for one test (the test writes to it), and the clock."""
    return private_copy(sqlite_path, tmp_path / "tasks.db", monkeypatch, NOW)


def _page(lang: str = "en", role: str = "governor", **query: str) -> AppTest:
    return opened("tasks", lang, role, **query)


def _by_label(widgets, key: str, lang: str = "en", **values: object):
    """The one widget labelled by translation key (in the edit form: the first such)."""
    return next(w for w in widgets if w.label == i18n.t(key, lang, **values))


def _buttons(at: AppTest, key: str) -> list:
    return [b for b in at.button if b.label == i18n.t(key, "en")]


def _tab(at: AppTest, view: str):
    name = i18n.t("col.overdue" if view == "overdue" else f"taskstatus.{view}", "en")
    return next(tab for tab in at.tabs if tab.label.startswith(f"{name} ("))


def _refs(tab) -> list[str]:
    return list(tab.dataframe[0].value["No."]) if tab.dataframe else []


def _task(url: str, task_id: int) -> dict:
    with db.make_engine(url).connect() as conn:
        t = schema.tasks
        return dict(conn.execute(sa.select(t).where(t.c.id == task_id)).mappings().one())


def _history(url: str, task_id: int) -> list[tuple]:
    """A task's history lines as stored: actor, new status, note (said in English)."""
    e = schema.task_events
    query = sa.select(e.c.actor, e.c.new_status, e.c.note).where(e.c.task_id == task_id)
    with db.make_engine(url).connect() as conn:
        rows = conn.execute(query.order_by(e.c.at, e.c.id)).all()
    return [(actor, status, audit.describe(note, "en")) for actor, status, note in rows]


def _table(at: AppTest, key: str, lang: str = "en"):
    """The one table with a column headed by translation key, its cells as plain text."""
    header = i18n.t(key, lang)
    tables = [d.value.rename(columns=text.plain).map(text.plain) for d in at.dataframe]
    return next(table for table in tables if header in table.columns)


def _save(at: AppTest):
    return _by_label(at.button, "tasks.save")


def _date_boxes(at: AppTest) -> tuple:
    """The day, month and year boxes of the edit form's due date (Persian page)."""
    field = i18n.t("col.due_on", "fa")
    return (
        _by_label(at.selectbox, "date.day", "fa", field=field),
        _by_label(at.selectbox, "date.month", "fa"),
        _by_label(at.selectbox, "date.year", "fa"),
    )


def test_the_page_says_it_is_live_and_names_both_days(url: str) -> None:
    at = _page(province=PROVINCE, as_of="2026-05-05")
    assert not at.exception
    live = i18n.t(
        "tasks.live",
        "en",
        today=calendar.format_date(TODAY, "en"),
        as_of=calendar.format_date(dt.date(2026, 5, 5), "en"),
    )
    assert live in [i.value for i in at.info]


def test_save_then_view_done_today_no_longer_overdue_in_the_done_list(url: str) -> None:
    at = _page(province=PROVINCE)
    task_id = at.selectbox(key="task-pick").value
    ref = f"#{task_id}"
    assert ref == _refs(_tab(at, "overdue"))[0], "the picker starts on the first overdue task"
    history = len(_history(url, task_id))
    _by_label(at.selectbox, "col.status").set_value("done")
    _by_label(at.text_area, "tasks.note").input("reported to the committee")
    _save(at).click().run()
    assert not at.exception
    status = i18n.t("taskstatus.done", "en")
    assert [s.value for s in at.success] == [
        i18n.t("tasks.saved", "en", task=task_id, status=status)
    ]
    assert ref not in _refs(_tab(at, "overdue"))
    done = _tab(at, "done").dataframe[0].value
    row = done[done["No."] == ref]
    assert list(row["Done on"]) == [calendar.format_date(TODAY, "en")]
    assert _task(url, task_id)["done_on"] == TODAY
    assert len(_history(url, task_id)) == history + 1
    assert _history(url, task_id)[-1] == ("gov.ilam", "done", "reported to the committee")
    assert _by_label(at.text_area, "tasks.note").value == "", "the form is cleared"
    assert _by_label(at.selectbox, "col.status").value == "done", "... and shows the task saved"
    assert at.selectbox(key="task-pick").value == task_id


def _twice(at: AppTest, button) -> None:
    """Click button and send that message twice, as a double click does (the second reaches
    the server after the first has saved)."""
    button.click()
    message = at._tree.get_widget_states()
    at._run(message)
    at._run(message)


def test_the_same_save_twice_files_it_once(url: str) -> None:
    at = _page(province=PROVINCE)
    task_id = at.selectbox(key="task-pick").value
    history, version = len(_history(url, task_id)), _task(url, task_id)["version"]
    _by_label(at.selectbox, "col.status").set_value("blocked")
    _by_label(at.text_area, "tasks.note").input("waiting for the budget")
    _twice(at, _save(at))
    assert not at.exception and not at.warning and not at.error
    assert len(_history(url, task_id)) == history + 1
    assert _task(url, task_id)["version"] == version + 1
    _by_label(at.text_input, "col.title").input("Inspect the new chain stores")
    _twice(at, _by_label(at.button, "tasks.create"))
    assert not at.exception and not at.error
    with db.make_engine(url).connect() as conn:
        t = schema.tasks
        query = sa.select(t.c.id).where(t.c.title == "Inspect the new chain stores")
        assert len(conn.execute(query).all()) == 1
    assert _by_label(at.text_input, "col.title").value == "", "the form is cleared"


def test_a_second_editor_is_told_what_changed_and_keeps_what_they_typed(url: str) -> None:
    at = _page(province=PROVINCE, role="director")
    task_id = at.selectbox(key="task-pick").value
    seen = _task(url, task_id)
    assert seen["owner"] != "معاون"
    # the first editor saves while the second has the task open
    task_writes.update_task(
        db.make_engine(url), task_id, seen["version"], {"owner": "معاون", "status": "in_progress"},
        actor="gov.ilam", today=TODAY,
    )  # fmt: skip
    at.run()
    changed = at.warning[0].value
    assert "since you opened it" in changed and "معاون" in changed
    mine = "blocked" if seen["status"] != "blocked" else "todo"  # neither theirs nor the first's
    _by_label(at.selectbox, "col.status").set_value(mine)
    _by_label(at.text_area, "tasks.note").input("waiting for the budget")
    _save(at).click().run()
    assert not at.exception and not at.success
    told = at.warning[0].value
    when = calendar.format_date(TODAY, "en") + f" {NOW:%H:%M}"
    assert told.startswith(
        i18n.t("tasks.stale_by", "en", who=USERS["governor"].display_name, when=when)
    )
    old_status = i18n.t(f"taskstatus.{seen['status']}", "en")
    owner = i18n.t("tasks.change", "en", field="Owner", old=seen["owner"], new="معاون")
    status = i18n.t("tasks.change", "en", field="Status", old=old_status, new="In progress")
    assert owner in told and status in told
    assert _task(url, task_id)["owner"] == "معاون", "the first change stands"
    assert _by_label(at.text_area, "tasks.note").value == "waiting for the budget"
    assert _by_label(at.selectbox, "col.status").value == mine, "their own choice stays"
    assert _by_label(at.text_input, "col.owner").value == "معاون", "untouched: the new value"
    _save(at).click().run()  # having seen the change, they save theirs over it
    assert at.success and not at.warning
    now = _task(url, task_id)
    assert (now["status"], now["owner"]) == (mine, "معاون")
    assert _history(url, task_id)[-2:] == [
        ("gov.ilam", "in_progress", f"Owner: {seen['owner']} → معاون"),
        ("dir.ilam", mine, "waiting for the budget"),
    ]


def test_a_committee_member_edits_their_agencys_tasks_and_reads_the_others(url: str) -> None:
    at = _page(province=PROVINCE, role="committee")
    assert not at.exception
    with db.make_engine(url).connect() as conn:
        t = schema.tasks
        query = sa.select(t.c.id, t.c.agency).where(t.c.province_code == PROVINCE)
        agencies = dict(conn.execute(query).all())
    other = next(i for i, agency in agencies.items() if agency != "guilds")
    own = next(i for i, agency in agencies.items() if agency == "guilds")
    at.selectbox(key="task-pick").set_value(other).run()
    assert i18n.t("tasks.read_only", "en") in [c.value for c in at.caption]
    assert not _buttons(at, "tasks.save")
    at.selectbox(key="task-pick").set_value(own).run()
    assert _buttons(at, "tasks.save")
    assert at.selectbox(key="task-new-0-agency").options == ["Guilds"]
    assert not _buttons(at, "tasks.answer")


def _agency_open(url: str, agency: str) -> list[str]:
    """An agency's tasks in the province open today (not done by today), as the page refers
    to them (#id), overdue first, then by due date and id."""
    t = schema.tasks
    query = sa.select(t.c.id, t.c.due_on, t.c.done_on).where(
        t.c.province_code == PROVINCE, t.c.agency == agency, t.c.created_on <= TODAY
    )
    with db.make_engine(url).connect() as conn:
        rows = [r for r in conn.execute(query) if r.done_on is None or r.done_on > TODAY]
    rows.sort(key=lambda r: (r.due_on >= TODAY, r.due_on, r.id))
    return [f"#{r.id}" for r in rows]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_committee_member_sees_their_agencys_open_tasks_first(url: str, lang: str) -> None:
    at = _page(lang, role="committee", province=PROVINCE)
    assert not at.exception
    agency = "Guilds" if lang == "en" else "اصناف"
    mine_first = [i18n.t("tasks.mine", lang, agency=agency), i18n.t("tasks.by_agency", lang)]
    assert [s.value for s in at.subheader][:2] == mine_first, "their own tasks come first"
    mine = at.dataframe[0].value.rename(columns=text.plain).map(text.plain)
    want = _agency_open(url, "guilds")
    assert len(want) >= 2
    assert list(mine[i18n.t("col.task_ref", lang)]) == [calendar.digits(r, lang) for r in want]
    days = list(mine[i18n.t("col.days_overdue", lang)])
    late = [d != i18n.t("kpi.no_value", lang) for d in days]
    assert late == sorted(late, reverse=True) and any(late), "overdue first"
    count = i18n.t("tasks.mine_count", lang, open=i18n.number(len(want), lang),
                   overdue=i18n.number(sum(late), lang))  # fmt: skip
    assert count in [c.value for c in at.caption]


def test_other_roles_see_the_page_as_before_and_an_agency_without_open_tasks_is_told(
    url: str,
) -> None:
    governor = _page(province=PROVINCE)
    assert governor.subheader[0].value == i18n.t("tasks.by_agency", "en")
    assert not [s for s in governor.subheader if s.value.startswith("Open tasks of")]
    empty = _page(role="committee", province=PROVINCE, county=str(EMPTY_COUNTY))
    assert not empty.exception
    assert empty.subheader[0].value == i18n.t("tasks.mine", "en", agency="Guilds")
    assert empty.info[0].value == i18n.t("tasks.mine_none", "en")


def _pinned(table) -> dict[str, object]:
    """A grid's pinned columns (plain headers) -> their width (None: sized to their text)."""
    config = json.loads(table.proto.columns)
    return {text.plain(c): v.get("width") for c, v in config.items() if v.get("pinned")}


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_name_first_keeps_its_column_in_view_on_a_narrow_screen(url: str, lang: str) -> None:
    """The first column, when it names the row (the agency, the task's title, the escalation's
    problem), is pinned: the grid keeps it in view when scrolled sideways. In Persian it is the
    frame's last column (the first stands rightmost). A long one is drawn PINNED_WIDTH wide, so
    that it stays pinned on a phone; tables that start with a time are not pinned."""
    at = _page(lang, province=PROVINCE)
    assert not at.exception
    first = -1 if lang == "fa" else 0

    def header(key: str) -> str:
        return i18n.t(f"col.{key}", lang)

    def grid_of(key: str):
        return next(d for d in at.dataframe if header(key) in map(text.plain, d.value.columns))

    agencies = grid_of("on_time_rate")
    assert _pinned(agencies) == {header("agency_name"): grid.PINNED_WIDTH}  # a long name
    assert text.plain(agencies.value.columns[first]) == header("agency_name")
    board = [tab.dataframe[0] for tab in at.tabs if tab.dataframe]
    assert len(board) >= 4
    for table in board:
        assert _pinned(table) == {header("title"): grid.PINNED_WIDTH}
        assert text.plain(table.value.columns[first]) == header("title")
    assert _pinned(grid_of("problem")) == {header("problem"): grid.PINNED_WIDTH}
    assert _pinned(grid_of("actor")) == {}, "a task's history starts with a time, not a name"


def test_a_short_pinned_name_is_sized_to_its_text_and_a_long_one_fits_a_phone() -> None:
    counties = pl.Series("\u2067شهرستان\u2069", ["\u2067ایلام\u2069", "مهران", None])
    assert grid._pinned_width(counties) is None
    title = pl.Series("Title", ["Recruit small stores in villages without a chain store"])
    assert grid._pinned_width(title) == grid.PINNED_WIDTH
    assert grid.PINNED_WIDTH <= 0.6 * (360 - 32), "Streamlit pins up to 60% of a phone's grid"


def test_due_dates_are_solar_hijri_and_a_day_that_does_not_exist_is_refused(url: str) -> None:
    at = _page("fa", province=PROVINCE, county=str(EDGE_TOWN))
    task_id = at.selectbox(key="task-pick").value
    before = _task(url, task_id)
    day, month, year = _date_boxes(at)
    shown = calendar.to_jalali(before["due_on"])
    assert (day.value, month.value, year.value) == (shown.day, shown.month, shown.year)
    assert month.options == list(calendar.MONTHS_FA) and day.options[:3] == ["۱", "۲", "۳"]
    assert year.options[0] == calendar.digits(calendar.to_jalali(before["created_on"]).year, "fa")
    day.set_value(30)
    month.set_value(12)
    year.set_value(1404)  # Esfand 1404 has 29 days
    _by_label(at.button, "tasks.save", "fa").click().run()
    assert [e.value for e in at.error] == [
        i18n.t("date.no_such_day", "fa", day="۳۰", month="اسفند", year="۱۴۰۴", days="۲۹")
    ]
    assert _task(url, task_id) == before
    _date_boxes(at)[1].set_value(11)  # 30 Bahman 1404 is 19 February 2026
    _by_label(at.button, "tasks.save", "fa").click().run()
    assert not at.error and at.success
    assert _task(url, task_id)["due_on"] == dt.date(2026, 2, 19)
    history = _table(at, "col.note", "fa")  # the history, in Persian
    old = calendar.format_date(before["due_on"], "fa")
    assert list(history[i18n.t("col.note", "fa")])[-1] == f"مهلت: از {old} به ۳۰ بهمن ۱۴۰۴"


def test_a_new_task_is_due_on_a_working_day_two_weeks_on(url: str) -> None:
    at = _page(province=PROVINCE)
    due = calendar.to_jalali(task_writes.default_due(TODAY))
    boxes = [at.selectbox(key=f"task-new-0-due-{part}").value for part in ("day", "month", "year")]
    assert boxes == [due.day, due.month, due.year]
    assert i18n.t("tasks.new_area", "en", area="Ilam") in [c.value for c in at.caption]


def test_agencies_by_name_areas_and_filters(url: str) -> None:
    at = _page(province=PROVINCE)
    tables = [d.value for d in at.dataframe]
    for table in tables:
        for column in table.columns:
            assert not set(table[column].astype(str)) & set(AGENCIES), column
    board = _tab(at, "todo").dataframe[0].value
    assert {"County", "Agency"} <= set(board.columns)
    assert "Province" not in board.columns, "inside one province its column says nothing"
    assert "Province-wide" in set(board["County"])
    national = _tab(_page(role="national"), "todo").dataframe[0].value
    assert national["Province"].nunique() > 1, "nationally the board names each task's province"
    picked = at.selectbox(key="task-pick")
    assert picked.options[picked.index].startswith(f"#{picked.value} · Ilam · ")
    agency = at.selectbox(key="task-filter-agency")
    assert not set(agency.options) & set(AGENCIES)
    agency.set_value("welfare").run()
    with db.make_engine(url).connect() as conn:
        a = schema.agencies
        welfare = conn.execute(sa.select(a.c.name_en).where(a.c.code == "welfare")).scalar_one()
    shown = [tab.dataframe[0].value for tab in at.tabs if tab.dataframe]
    assert shown and all(set(t["Agency"]) == {welfare} for t in shown)
    at.selectbox(key="task-filter-area").set_value(f"{PROVINCE}:{EDGE_TOWN}").run()
    shown = [tab.dataframe[0].value for tab in at.tabs if tab.dataframe]
    assert all(set(t["County"]) == {"Edge town"} for t in shown)
    at.selectbox(key="task-filter-owner").set_value("مدیرکل").run()
    assert i18n.t("tasks.none_match", "en") in [i.value for i in at.info]


def test_empty_lists_say_why(url: str) -> None:
    town = _page(province=PROVINCE, county=str(EDGE_TOWN))
    assert _tab(town, "overdue").info[0].value == i18n.t("tasks.empty.overdue", "en")
    assert _tab(town, "done").label == "Done (2)"
    empty = _page(province=PROVINCE, county=str(EMPTY_COUNTY))
    shown = [i.value for i in empty.info]
    assert i18n.t("tasks.none", "en") in shown
    assert i18n.t("tasks.no_escalations", "en") in shown
    assert not empty.tabs and "task-pick" not in [box.key for box in empty.selectbox]


def test_an_area_chosen_on_a_wider_view_that_this_one_does_not_offer_counts_as_all(
    url: str,
) -> None:
    """The room benchmark's error: the area box kept a county chosen on the province's board
    after the view narrowed to another county, and the page failed on it."""
    with db.make_engine(url).connect() as conn:
        c = schema.counties
        mehran = conn.execute(sa.select(c.c.id).where(c.c.name_en == "Mehran")).scalar_one()
    at = _page(province=PROVINCE)
    at.selectbox(key="task-filter-area").set_value(f"{PROVINCE}:{mehran}").run()
    assert all(set(t.dataframe[0].value["County"]) == {"Mehran"} for t in at.tabs if t.dataframe)
    at.query_params["county"] = str(EDGE_TOWN)
    at.run()
    assert not at.exception
    town = _page(province=PROVINCE, county=str(EDGE_TOWN))
    assert [tab.label for tab in at.tabs] == [tab.label for tab in town.tabs]
    assert _refs(_tab(at, "done")) == _refs(_tab(town, "done")) != []


def _rows(url: str) -> dict[str, list]:
    """Every row of tasks, task_events and escalations, and the audit log in its order."""
    with db.make_engine(url).connect() as conn:
        rows = {
            t.name: sorted((tuple(r) for r in conn.execute(sa.select(t))), key=repr)
            for t in (schema.tasks, schema.task_events, schema.escalations)
        }
        a = schema.audit
        query = sa.select(a.c.username, a.c.action, a.c.detail, a.c.province_code)
        rows["audit"] = [tuple(r) for r in conn.execute(query.order_by(a.c.id))]
    return rows


def _open(url: str, level: str, province: str | None = None) -> dict[int, str]:
    """The open escalations of a level (of a province), by id: their problem."""
    e = schema.escalations
    query = sa.select(e.c.id, e.c.problem).where(
        e.c.level == level, e.c.raised_on <= TODAY,
        e.c.answered_on.is_(None) | (e.c.answered_on > TODAY),
        *([e.c.province_code == province] if province else []),
    )  # fmt: skip
    with db.make_engine(url).connect() as conn:
        return dict(conn.execute(query).all())


def test_the_national_role_answers_the_national_escalations(url: str) -> None:
    at = _page(role="national")
    assert not at.exception
    national = _open(url, "national")
    assert national, "the sample has open national escalations"
    pick = at.selectbox(key="task-answer-0-pick")
    assert set(pick.options) and {int(o.split(" · ")[0].lstrip("#")) for o in pick.options} == set(
        national
    ), "every open national escalation, and no provincial one"
    assert not _buttons(at, "tasks.save") and not _buttons(at, "tasks.create")
    assert not _buttons(at, "tasks.raise_button"), "the national role only answers"
    chosen = pick.value
    at.text_area(key="task-answer-0-text").input("The ministry adds to the quota")
    _by_label(at.button, "tasks.answer").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [i18n.t("tasks.answered", "en")]
    e = schema.escalations
    with db.make_engine(url).connect() as conn:
        row = conn.execute(sa.select(e).where(e.c.id == chosen)).mappings().one()
        answers = audit.entries(conn, limit=None).filter(pl.col("action") == "escalation_answer")
    last = answers.row(0, named=True)  # the newest answer (the sign-in ran on the real clock)
    assert (row["answer"], row["answered_on"], row["answered_by_user"]) == (
        "The ministry adds to the quota", TODAY, "national",
    )  # fmt: skip
    assert last["username"] == "national"
    assert audit.parsed(last["detail"])["escalation"] == chosen


def test_a_governor_answers_only_the_provinces_provincial_escalations(url: str) -> None:
    at = _page(province=PROVINCE)
    provincial = _open(url, "provincial", PROVINCE)
    boxes = [box for box in at.selectbox if box.key == "task-answer-0-pick"]
    offered = {int(o.split(" · ")[0].lstrip("#")) for o in boxes[0].options} if boxes else set()
    assert offered == set(provincial)
    assert not offered & set(_open(url, "national")), "no national one"


def test_a_save_after_an_idle_time_out_is_refused_and_on_record(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page(province=PROVINCE)
    task_id = at.selectbox(key="task-pick").value
    before = _rows(url)
    mine = "blocked" if _task(url, task_id)["status"] != "blocked" else "todo"
    _by_label(at.selectbox, "col.status").set_value(mine)
    _by_label(at.text_area, "tasks.note").input("left open over lunch")
    monkeypatch.setattr(calendar, "now", lambda: NOW + dt.timedelta(minutes=31))
    _save(at).click().run()
    assert not at.exception
    assert [i.value for i in at.info] == [i18n.t("signin.ended.idle", "en", minutes="30")]
    after = _rows(url)
    for table in ("tasks", "task_events", "escalations"):
        assert after[table] == before[table], table
    assert after["audit"][: len(before["audit"])] == before["audit"]
    ended, refused = after["audit"][len(before["audit"]) :]  # the session's end, the refusal
    assert ended[:2] == ("gov.ilam", "idle_sign_out")
    username, action, detail, province = refused
    assert (username, action, province) == ("gov.ilam", "refused", PROVINCE)
    tried = audit.parsed(detail)
    assert (tried["tried"], tried["task"], tried["why"]) == (
        "task_write", task_id, "task.error.session_ended",
    )  # fmt: skip
    assert tried["note"] == "left open over lunch"
    assert ["status", _task(url, task_id)["status"], mine] in tried["changes"]


def test_the_audit_log_says_a_task_change_in_the_readers_language(url: str) -> None:
    """The administrator's audit log (/people) says a task write in Persian: field labels, the
    status by name, the due date in Solar Hijri and Persian digits; older free text as it is."""
    engine = db.make_engine(url)
    task_id = next(iter(_open_tasks(url)))
    before = _task(url, task_id)
    task_writes.update_task(
        engine, task_id, before["version"], {"due_on": dt.date(2026, 6, 1)}, actor="gov.ilam",
        today=TODAY,
    )  # fmt: skip
    written = f"task {task_id}: todo → todo; due_on: 2026-02-20 → 2026-03-01"  # as rows were
    with engine.begin() as conn:
        audit.record(conn, "dir.ilam", "task_write", NOW, written, PROVINCE)
    at = opened("people", "fa", "admin")
    assert not at.exception
    details = set(_table(at, "col.audit_detail", "fa")[i18n.t("col.audit_detail", "fa")])
    old = calendar.format_date(before["due_on"], "fa")
    ref = calendar.digits(task_id, "fa")
    assert f"وظیفه #{ref}؛ مهلت: از {old} به ۱۱ خرداد ۱۴۰۵" in details
    assert written in details


def _open_tasks(url: str) -> list[int]:
    """The edge town's province's tasks not done, by id."""
    t = schema.tasks
    query = sa.select(t.c.id).where(t.c.province_code == PROVINCE, t.c.status != "done")
    with db.make_engine(url).connect() as conn:
        return list(conn.execute(query.order_by(t.c.id)).scalars())
