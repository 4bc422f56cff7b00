"""The tasks page's board and forms: filters, tabs that say why they are empty, and writes
that are confirmed once, cleared after a save, and never lost to someone else's change.

Every form's widgets are keyed by a generation that grows with each save of that form: a save
clears the form, and a second click on the form just saved (a double click) is not read. An
edit starts from the task as the editor first saw it (the base) and names its version, so when
someone else has changed the task since, the save is refused (queries.task_writes); the editor
is told who changed what, the fields they had not touched take the new values and what they
typed stays in the form. Forms save in their submit callback, before the page is drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl
import streamlit as st

from dashboard import calendar, i18n
from dashboard.filters import Filters
from dashboard.schema import TASK_STATUSES
from frame import auth, cache, dates, formatting, grid
from frame.state import current, language, t
from queries import audit, indicators, meta, task_writes, tasks
from queries.task_writes import TaskError

ALL = ""  # the "every agency / owner / area" choice of a board filter
TABS = ("overdue", *TASK_STATUSES)  # the board's tabs: overdue (any status), then each status
_GENERATIONS = "task-form-generations"  # session: form name -> generation of its widgets
_BASE = "task-base"  # session: the task being edited as its editor first saw it
_NOTICES = "task-notices"  # session: form name -> (kind, text) to show once
_SHOW = {"success": st.success, "warning": st.warning, "error": st.error}
_ICONS = {"success": ":material/check_circle:", "warning": ":material/sync_problem:",
          "error": ":material/block:"}  # fmt: skip


def _prefix(form: str, *ids: object) -> str:
    generation = st.session_state.setdefault(_GENERATIONS, {}).get(form, 0)
    return "-".join(["task", form, *map(str, ids), str(generation)])


def _tell(form: str, kind: str, text: str) -> None:
    st.session_state.setdefault(_NOTICES, {})[form] = (kind, text)


def _saved(form: str, text: str) -> None:
    """After a save: clear the form (a new generation) and confirm it."""
    generations = st.session_state.setdefault(_GENERATIONS, {})
    generations[form] = generations.get(form, 0) + 1
    if form == "edit":
        st.session_state.pop(_BASE, None)
    _tell(form, "success", text)


def notice(form: str) -> None:
    """Show, once, what the last submit of form did."""
    kind, text = st.session_state.get(_NOTICES, {}).pop(form, (None, ""))
    if kind:
        _SHOW[kind](text, icon=_ICONS[kind])


def _write(write: Callable, *args: object, **kwargs: object):
    """write (one of queries.task_writes') on the app's engine with the arguments given, by the
    user whose session is checked again now: it may have ended since the page was drawn (idle,
    signed out in another tab, disabled). When it has, nothing is written: the refusal is
    recorded (who, what was tried, why) and TaskError(task.error.session_ended) raised."""
    username = auth.user().username  # as this run's page was drawn for them
    actor = auth.writer()
    if not actor:
        task_writes.refused_session(cache.engine(), username, write, *args, **kwargs)
        raise TaskError("task.error.session_ended")
    return write(cache.engine(), *args, actor=actor, **kwargs)


def _area(row: dict, lang: str) -> str:
    province = row[i18n.local_column("province_name", lang)]
    county = row[i18n.local_column("county_name", lang)] or i18n.t("tasks.province_wide", lang)
    return i18n.joined((province, county), lang)


# --- The board -----------------------------------------------------------------------------


def filtered(board: pl.DataFrame) -> pl.DataFrame:
    """Draw the agency, owner and area filters (their choices from the board); returns the
    board narrowed by them."""
    lang = language()
    agency = i18n.local_column("agency_name", lang)
    agencies = dict(board.select("agency", agency).unique().sort(agency).iter_rows())
    owners = sorted(board["owner"].drop_nulls().unique())
    rows = board.unique(["province_code", "county_id"]).iter_rows(named=True)
    areas = {f"{r['province_code']}:{r['county_id'] or ''}": _area(r, lang) for r in rows}
    areas = dict(sorted(areas.items(), key=lambda item: item[1]))
    everything = t("tasks.filter_all")
    left, middle, right = st.columns(3)
    chosen_agency = left.selectbox(
        t("col.agency_name"), [ALL, *agencies], key="task-filter-agency",
        format_func=lambda code: agencies.get(code, everything),
    )  # fmt: skip
    chosen_owner = middle.selectbox(
        t("col.owner"), [ALL, *owners], key="task-filter-owner",
        format_func=lambda owner: owner or everything,
    )  # fmt: skip
    chosen_area = right.selectbox(
        t("col.area_name"), [ALL, *areas], key="task-filter-area",
        format_func=lambda code: areas.get(code, everything),
    )  # fmt: skip
    shown = board  # a choice kept from an earlier view that this one does not offer is "all"
    if chosen_agency and chosen_agency in agencies:
        shown = shown.filter(agency=chosen_agency)
    if chosen_owner and chosen_owner in owners:
        shown = shown.filter(owner=chosen_owner)
    if chosen_area and chosen_area in areas:
        province, county = chosen_area.split(":")
        in_county = pl.col("county_id") == int(county) if county else pl.col("county_id").is_null()
        shown = shown.filter(pl.col("province_code") == province, in_county)
    return shown


def _named(rows: pl.DataFrame) -> pl.DataFrame:
    """Board rows with their reference (#id) and a province-wide task's county named so."""
    lang = language()
    county = i18n.local_column("county_name", lang)
    return rows.with_columns(
        pl.col(county).fill_null(t("tasks.province_wide")),
        task_ref=pl.Series(
            [calendar.digits(f"#{i}", lang) for i in rows["task_id"]], dtype=pl.String
        ),
    )


def _board_table(rows: pl.DataFrame, tab: str) -> pl.DataFrame:
    """A tab of the board for the screen, the title first (the grid keeps it in view)."""
    rows = _named(rows)
    columns = {"title": "text", "task_ref": "text", "agency_name": "text", "owner": "text"}
    if rows["province_code"].n_unique() > 1:  # nationally; inside a province it says nothing
        columns["province_name"] = "text"
    columns |= {"county_name": "text", "due_on": "date"}
    if tab == "done":
        columns["done_on"] = "date"
    elif tab == "overdue":  # every status: say which, and how late
        columns |= {"status": "task_status", "days_overdue": "count"}
    else:
        columns["priority"] = "count"
    return formatting.screen_table(rows, columns)


def board_tabs(board: pl.DataFrame, shown: pl.DataFrame) -> None:
    """The overdue tab (every status) and one tab per status, with their counts; an empty
    board, filter or tab says why it is empty."""
    if board.is_empty():
        st.info(t("tasks.none"))
        return
    if shown.is_empty():
        st.info(t("tasks.none_match"))
        return
    parts = {"overdue": shown.filter(pl.col("overdue"))}
    parts |= {status: shown.filter(status=status) for status in TASK_STATUSES}
    parts["done"] = parts["done"].sort("done_on", "task_id", descending=True)  # latest first
    lang = language()
    labels = [
        t("tasks.tab", name=t("col.overdue" if tab == "overdue" else f"taskstatus.{tab}"),
          count=calendar.digits(parts[tab].height, lang))
        for tab in TABS
    ]  # fmt: skip
    for drawn, tab in zip(st.tabs(labels), TABS, strict=True):
        if parts[tab].is_empty():
            drawn.info(t(f"tasks.empty.{tab}"))
        else:
            grid.table(_board_table(parts[tab], tab), drawn)


# a committee member's own open tasks: few columns, for a phone (the board has the rest)
MINE = {"title": "text", "task_ref": "text", "due_on": "date", "days_overdue": "count",
        "status": "task_status", "county_name": "text"}  # fmt: skip


def own_tasks(board: pl.DataFrame, today: dt.date) -> None:
    """A committee member's own work, first on the page: their agency's tasks of the board
    open today (not done by today, as the agencies table counts them), overdue first (the
    board's order), with how many and how many overdue; nothing for a user of no agency."""
    agency = auth.user().agency
    if agency is None:
        return
    done = pl.col("done_on").is_not_null() & (pl.col("done_on") <= today)
    mine = board.filter(pl.col("agency") == agency, ~done)
    lang = language()
    st.subheader(t("tasks.mine", agency=formatting.agency_names().get(agency, agency)))
    if mine.is_empty():
        st.info(t("tasks.mine_none"), icon=":material/task_alt:")
        return
    overdue = mine.filter(pl.col("overdue")).height
    st.caption(t("tasks.mine_count", open=i18n.number(mine.height, lang),
                 overdue=i18n.number(overdue, lang)))  # fmt: skip
    grid.table(formatting.screen_table(_named(mine), MINE))


def pick(shown: pl.DataFrame) -> dict:
    """The task picker (each task's id, area and title); returns the picked task's row."""
    lang = language()
    labels = {
        row["task_id"]: i18n.joined((f"#{row['task_id']}", _area(row, lang), row["title"]), lang)
        for row in shown.iter_rows(named=True)
    }
    task_id = st.selectbox(
        t("tasks.pick"), list(labels), key="task-pick",
        format_func=lambda i: calendar.digits(labels[i], lang),
    )  # fmt: skip
    return shown.filter(task_id=task_id).row(0, named=True)


def indicator_value(task: dict, f: Filters, today: dt.date) -> float | None:
    """The figure a task should move, in the task's area: overdue tasks are live work (on
    today), every other figure is data (as of the as-of date)."""
    area = Filters(
        as_of=f.as_of, province=task["province_code"], county=task["county_id"], remit=f.remit
    )
    if task["indicator"] == "overdue_tasks":
        return float(cache.run_work(tasks.overdue_count, area, today))
    return cache.run(indicators.current, task["indicator"], area)


OPEN_ESCALATIONS = {
    "problem": "text", "raised_by": "text", "level": "level", "province_name": "text",
    "county_name": "text", "raised_on": "date", "age_days": "count",
}  # fmt: skip
ANSWERED_ESCALATIONS = {
    "problem": "text", "answer": "text", "raised_by": "text", "level": "level",
    "county_name": "text", "raised_on": "date", "answered_on": "date",
}  # fmt: skip


def escalations_table(
    escalations: pl.DataFrame, columns: dict[str, str] = OPEN_ESCALATIONS
) -> pl.DataFrame:
    """Escalations for the screen in columns (the open ones': the raising agency by name, the
    area, the age), a province-wide one's county named so."""
    county = i18n.local_column("county_name", language())
    rows = escalations.with_columns(pl.col(county).fill_null(t("tasks.province_wide")))
    return formatting.screen_table(rows, columns)


HISTORY = {"at": "datetime", "actor": "text", "new_status": "task_status", "note": "text"}


def history_table(history: pl.DataFrame) -> pl.DataFrame:
    """A task's history (queries.tasks.history) for the screen, each line's changes and note in
    the page's language (queries.audit.describe: field labels, statuses, Solar Hijri dates and
    the page's digits); a line recorded as free text (before) as it is."""
    lang = language()
    notes = [audit.describe(note, lang) for note in history["note"]]
    return formatting.screen_table(
        history.with_columns(note=pl.Series(notes, dtype=pl.String)), HISTORY
    )


# --- Editing a task ------------------------------------------------------------------------


def _snapshot(task_id: int, row: dict) -> dict:
    return {"task_id": task_id, "version": row["version"]} | {k: row[k] for k in tasks.EDITED}


def _changes(old: dict, new: dict) -> str:
    """What differs between two states of a task, in words."""
    lang = language()
    shown = {
        "status": lambda v: i18n.t(f"taskstatus.{v}", lang),
        "owner": lambda v: v or i18n.t("kpi.no_value", lang),
        "due_on": lambda v: calendar.format_date(v, lang),
    }
    return t("list.separator").join(
        t("tasks.change", field=t(f"col.{k}"), old=shown[k](old[k]), new=shown[k](new[k]))
        for k in tasks.EDITED
        if old[k] != new[k]
    )


def edit_form(task: dict, today: dt.date) -> None:
    """The form that updates a task's status, owner and due date and adds a note. It shows the
    task as the editor first saw it, and says so when it has been changed since. A user whose
    role may not change the task is told so, and sees no form."""
    if not auth.user().may_edit(task["province_code"], task["county_id"], task["agency"]):
        st.caption(t("tasks.read_only"))
        return
    base = st.session_state.get(_BASE)
    if base is None or base["task_id"] != task["task_id"]:
        base = st.session_state[_BASE] = _snapshot(task["task_id"], task)
    notice("edit")
    if base["version"] != task["version"]:
        st.warning(t("tasks.changed", changes=_changes(base, task) or t("tasks.note_only")),
                   icon=":material/sync_problem:")  # fmt: skip
    prefix = _prefix("edit", task["task_id"])
    st.session_state.setdefault(f"{prefix}-status", base["status"])
    st.session_state.setdefault(f"{prefix}-owner", base["owner"] or "")
    lang = language()
    with st.form(prefix):
        st.selectbox(
            t("col.status"), TASK_STATUSES, key=f"{prefix}-status",
            format_func=lambda v: i18n.t(f"taskstatus.{v}", lang),
        )  # fmt: skip
        st.text_input(t("col.owner"), key=f"{prefix}-owner", max_chars=task_writes.MAX_NAME)
        dates.picker(t("col.due_on"), f"{prefix}-due", base["due_on"], task["created_on"])
        st.text_area(t("tasks.note"), key=f"{prefix}-note", max_chars=task_writes.MAX_NOTE)
        st.form_submit_button(
            t("tasks.save"), on_click=_save_edit, args=(task["task_id"], prefix, today)
        )


def _save_edit(task_id: int, prefix: str, today: dt.date) -> None:
    base = st.session_state.get(_BASE)
    if prefix != _prefix("edit", task_id) or base is None or base["task_id"] != task_id:
        return  # a click on a form already saved
    due = dates.picked(f"{prefix}-due")
    if due is None:
        return  # the picker names the day that does not exist
    typed = {
        "status": st.session_state[f"{prefix}-status"],
        "owner": st.session_state[f"{prefix}-owner"].strip() or None,
        "due_on": due,
    }
    changes = {k: v for k, v in typed.items() if v != base[k]}
    try:
        _write(
            task_writes.update_task, task_id, base["version"], changes,
            note=st.session_state[f"{prefix}-note"], today=today,
        )  # fmt: skip
    except TaskError as error:
        if error.key == "task.error.stale":
            _refuse_stale(task_id, prefix, typed)
        else:
            _tell("edit", "error", t(error.key, **error.values))
        return
    status = t(f"taskstatus.{typed['status']}")
    _saved("edit", calendar.digits(t("tasks.saved", task=task_id, status=status), language()))


def _refuse_stale(task_id: int, prefix: str, typed: dict) -> None:
    """Someone saved the task after the editor opened it: say who and what changed, show the
    new values in the fields the editor had not touched, and start again from the new state."""
    with cache.engine().connect() as conn:
        now = tasks.task(conn, current(), task_id)
    if now is None:
        _tell("edit", "error", t("task.error.missing", task=task_id))
        return
    base = st.session_state[_BASE]
    for field in tasks.EDITED:
        if typed[field] == base[field]:  # not touched: show the new value
            if field == "due_on":
                st.session_state.update(dates.values(f"{prefix}-due", now["due_on"]))
            else:
                st.session_state[f"{prefix}-{field}"] = now[field] or ""
    st.session_state[_BASE] = _snapshot(task_id, now)
    lang = language()
    if now["actor"]:
        when = calendar.format_date(now["at"].date(), lang) + f" {now['at']:%H:%M}"
        head = t("tasks.stale_by", who=now["actor"], when=calendar.digits(when, lang))
    else:
        head = t("tasks.stale")
    body = t("tasks.stale_changes", changes=_changes(base, now) or t("tasks.note_only"))
    _tell("edit", "warning", " ".join([head, body, t("tasks.stale_kept")]))


# --- New tasks and escalations -------------------------------------------------------------


def new_task_form(f: Filters, today: dt.date) -> None:
    """The form that adds a task to the view's area, for an agency the user may give tasks
    to, due by default on a sensible future day; nothing where the user may add none."""
    lang = language()
    prefix = _prefix("new")
    who = auth.user()
    names = {
        code: name
        for code, name in formatting.agency_names().items()
        if who.may_edit(f.province, f.county, code)
    }
    if not names:
        return
    notice("new")
    with st.expander(t("tasks.add")), st.form(prefix):
        area = formatting.area_name(f, cache.run(meta.universe), lang)
        st.caption(t("tasks.new_area", area=area))
        st.selectbox(t("col.agency_name"), list(names), key=f"{prefix}-agency",
                     format_func=names.get)  # fmt: skip
        st.text_input(t("col.title"), key=f"{prefix}-title", max_chars=task_writes.MAX_TITLE)
        st.text_input(t("col.owner"), key=f"{prefix}-owner", max_chars=task_writes.MAX_NAME)
        dates.picker(t("col.due_on"), f"{prefix}-due", task_writes.default_due(today), today)
        st.selectbox(t("col.priority"), [1, 2, 3], index=1, key=f"{prefix}-priority",
                     format_func=lambda p: calendar.digits(p, lang))  # fmt: skip
        st.form_submit_button(t("tasks.create"), on_click=_create, args=(f, prefix, today))


def _create(f: Filters, prefix: str, today: dt.date) -> None:
    if prefix != _prefix("new"):
        return  # a click on a form already saved
    due = dates.picked(f"{prefix}-due")
    if due is None:
        return
    state = st.session_state
    try:
        task_id = _write(
            task_writes.create_task, province_code=f.province, county_id=f.county,
            agency=state[f"{prefix}-agency"], title=state[f"{prefix}-title"],
            owner=state[f"{prefix}-owner"], due_on=due, priority=state[f"{prefix}-priority"],
            today=today,
        )  # fmt: skip
    except TaskError as error:
        _tell("new", "error", t(error.key, **error.values))
        return
    _saved("new", calendar.digits(t("tasks.created", task=task_id), language()))


def raise_form(f: Filters, today: dt.date) -> None:
    """The form that raises a problem to the levels the user's role raises to, for their
    agency (any agency for a governor or director); nothing where the role raises none."""
    lang = language()
    prefix = _prefix("raise")
    who = auth.user()
    levels = [level for level in who.rights.levels if who.may_raise(f.province, level)]
    if not levels:
        return
    names = {
        code: name for code, name in formatting.agency_names().items() if who.agency in (None, code)
    }
    notice("raise")
    with st.expander(t("tasks.raise")), st.form(prefix):
        st.text_area(t("col.problem"), key=f"{prefix}-problem", max_chars=task_writes.MAX_NOTE)
        st.selectbox(t("col.raised_by"), list(names), key=f"{prefix}-by", format_func=names.get)
        st.selectbox(t("col.level"), levels, key=f"{prefix}-level",
                     format_func=lambda v: i18n.t(f"level.{v}", lang))  # fmt: skip
        st.form_submit_button(t("tasks.raise_button"), on_click=_raise, args=(f, prefix, today))


def _raise(f: Filters, prefix: str, today: dt.date) -> None:
    if prefix != _prefix("raise"):
        return
    state = st.session_state
    try:
        _write(
            task_writes.raise_escalation, province_code=f.province, county_id=f.county,
            problem=state[f"{prefix}-problem"], raised_by=state[f"{prefix}-by"],
            level=state[f"{prefix}-level"], today=today,
        )  # fmt: skip
    except TaskError as error:
        _tell("raise", "error", t(error.key, **error.values))
        return
    _saved("raise", t("tasks.raised"))


def answer_form(escalations: pl.DataFrame, today: dt.date) -> None:
    """The form that records the answer to an open escalation (each named by id and area)
    among those the user answers (people.User.may_answer: a governor or director their
    province's provincial ones, the national role the national ones); where there are none,
    only the confirmation of the answer just recorded (it may have been the last one open)."""
    who = auth.user()
    mine = [who.may_answer(*row) for row in escalations.select("province_code", "level").rows()]
    escalations = escalations.filter(pl.Series(mine, dtype=pl.Boolean))
    notice("answer")
    if escalations.is_empty():
        return
    lang = language()
    prefix = _prefix("answer")
    problems = {
        row["escalation_id"]: i18n.joined(
            (f"#{row['escalation_id']}", _area(row, lang), row["problem"]), lang
        )
        for row in escalations.iter_rows(named=True)
    }
    with st.expander(t("tasks.answer")), st.form(prefix):
        st.selectbox(t("tasks.answer_pick"), list(problems), key=f"{prefix}-pick",
                     format_func=lambda i: calendar.digits(problems[i], lang))  # fmt: skip
        st.text_area(t("tasks.answer_text"), key=f"{prefix}-text", max_chars=task_writes.MAX_NOTE)
        st.form_submit_button(t("tasks.answer"), on_click=_answer, args=(prefix, today))


def _answer(prefix: str, today: dt.date) -> None:
    if prefix != _prefix("answer"):
        return
    state = st.session_state
    try:
        _write(
            task_writes.answer_escalation, state[f"{prefix}-pick"], state[f"{prefix}-text"], today
        )
    except TaskError as error:
        _tell("answer", "error", t(error.key, **error.values))
        return
    _saved("answer", t("tasks.answered"))


# --- An inspection task from the store-risk page -------------------------------------------


def inspection_form(store: dict, detail: str, today: dt.date) -> None:
    """A button that gives the store's inspection to an agency the user may give tasks to
    (Industry, Mine and Trade first), with the scan's reasons in its detail; a line that says
    why not where the user may give none."""
    who = auth.user()
    area = (store["province_code"], store["county_id"])
    names = {c: n for c, n in formatting.agency_names().items() if who.may_edit(*area, c)}
    if not names:
        st.caption(t("risk.task_none"))
        return
    prefix = _prefix("inspect", store["store_id"])
    notice("inspect")
    with st.form(prefix):
        codes = sorted(names, key=lambda c: c != INSPECTING_AGENCY)
        st.selectbox(t("risk.task_agency"), codes, key=f"{prefix}-agency", format_func=names.get)
        st.form_submit_button(
            t("risk.task"), on_click=_inspect, args=(store, detail, prefix, today)
        )


INSPECTING_AGENCY = "industry"  # Industry, Mine and Trade inspects stores (DOMAIN.md)


def _inspect(store: dict, detail: str, prefix: str, today: dt.date) -> None:
    if prefix != _prefix("inspect", store["store_id"]):
        return  # a click on a form already saved
    title = t("risk.task_title", name=store["name"], terminal=store["terminal_id"])
    try:
        task_id = _write(
            task_writes.create_task, province_code=store["province_code"],
            county_id=store["county_id"], agency=st.session_state[f"{prefix}-agency"],
            title=title, owner=None, due_on=task_writes.default_due(today), priority=1,
            today=today, detail=detail,
        )  # fmt: skip
    except TaskError as error:
        _tell("inspect", "error", t(error.key, **error.values))
        return
    _saved("inspect", calendar.digits(t("risk.task_created", task=task_id), language()))
