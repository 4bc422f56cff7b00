"""Committee tasks: by agency, overdue first, updated by members; escalations by age."""

import datetime as dt

import streamlit as st

from dashboard import calendar, i18n, kpi, ui
from dashboard.filters import Filters
from queries import indicators, task_writes, tasks

f = ui.page_start("tasks.title")
lang = ui.language()
editor = ui.editor_name()
st.caption(ui.t("tasks.editor_note"))
today = task_writes.now().date()
engine = ui.engine()

st.subheader(ui.t("tasks.by_agency"))
agencies = ui.run(tasks.by_agency, f)
counts = dict.fromkeys(("open", "overdue", "done"), "count")
st.dataframe(
    ui.screen_table(agencies, {"agency_name": "text"} | counts | {"on_time_rate": "percent"}),
    hide_index=True,
)

st.subheader(ui.t("tasks.board"))
board = ui.run(tasks.board, f)
shown = {"title": "text", "agency_name": "text", "owner": "text", "due_on": "date"}
flags = {"status": "task_status", "priority": "count", "overdue": "yes_no"}
statuses = ["todo", "in_progress", "blocked", "done"]
for tab, status in zip(st.tabs([ui.t(f"taskstatus.{v}") for v in statuses]), statuses, strict=True):
    tab.dataframe(ui.screen_table(board.filter(status=status), shown | flags), hide_index=True)
ui.download_table(board.select(tasks.EXPORT_COLUMNS), "tasks", f)

if board.height:
    st.subheader(ui.t("tasks.edit"))
    labels = dict(zip(board["task_id"], board["title"], strict=True))
    task_id = st.selectbox(
        ui.t("tasks.pick"), board["task_id"].to_list(), key="task-pick",
        format_func=lambda i: calendar.digits(f"#{i} · {labels[i]}", lang),
    )  # fmt: skip
    task = board.filter(task_id=task_id).row(0, named=True)
    if task["indicator"] in indicators.INDICATORS:
        area = Filters(as_of=f.as_of, province=task["province_code"], county=task["county_id"])
        value = ui.run(indicators.current, task["indicator"], area)
        shown_value = kpi.value_text(task["indicator"], value, lang)
        st.metric(ui.t("tasks.indicator"), shown_value, border=True,
                  help=ui.t(f"indicator.{task['indicator']}"))  # fmt: skip
        st.caption(ui.t(f"indicator.{task['indicator']}"))
    history = ui.run(tasks.history, task_id)
    st.dataframe(
        ui.screen_table(
            history,
            {"at": "datetime", "actor": "text", "new_status": "task_status", "note": "text"},
        ),  # fmt: skip
        hide_index=True,
    )
    with st.form(f"edit-{task_id}-{task['version']}"):
        status = st.selectbox(
            ui.t("col.status"), statuses, index=statuses.index(task["status"]),
            format_func=lambda v: i18n.t(f"taskstatus.{v}", lang),
        )  # fmt: skip
        owner = st.text_input(ui.t("col.owner"), task["owner"] or "")
        due = st.date_input(ui.t("col.due_on"), task["due_on"], min_value=task["created_on"])
        note = st.text_area(ui.t("tasks.note"), max_chars=task_writes.MAX_NOTE)
        if st.form_submit_button(ui.t("tasks.save")):
            changes = {
                k: v
                for k, v in {"status": status, "owner": owner, "due_on": due}.items()
                if v != (task[k] or "")
            }
            if ui.write(lambda: task_writes.update_task(
                engine, task_id, task["version"], changes, actor=editor, note=note, today=today,
            )):  # fmt: skip
                st.rerun()

st.subheader(ui.t("tasks.escalations"))
escalations = ui.run(tasks.open_escalations, f)
raised = {"problem": "text", "raised_by": "text", "level": "level", "raised_on": "date"}
st.dataframe(ui.screen_table(escalations, raised | {"age_days": "count"}), hide_index=True)

if f.province is None:
    st.info(ui.t("tasks.need_province"))
else:
    agency_names = ui.agency_names()
    codes = list(agency_names)
    with st.expander(ui.t("tasks.add")), st.form("new-task"):
        agency = st.selectbox(ui.t("col.agency_name"), codes, format_func=agency_names.get)
        title = st.text_input(ui.t("col.title"), max_chars=task_writes.MAX_TITLE)
        owner = st.text_input(ui.t("col.owner"))
        due = st.date_input(ui.t("col.due_on"), today + dt.timedelta(days=7), min_value=today)
        priority = st.selectbox(ui.t("col.priority"), [1, 2, 3], index=1)
        if st.form_submit_button(ui.t("tasks.create")) and ui.write(lambda: task_writes.create_task(
            engine, province_code=f.province, county_id=f.county, agency=agency, title=title,
            owner=owner, due_on=due, priority=priority, actor=editor, today=today,
        )):  # fmt: skip
            st.rerun()
    with st.expander(ui.t("tasks.raise")), st.form("new-escalation"):
        problem = st.text_area(ui.t("col.problem"), max_chars=task_writes.MAX_NOTE)
        by = st.selectbox(ui.t("col.raised_by"), codes, format_func=agency_names.get)
        level = st.selectbox(ui.t("col.level"), ["provincial", "national"],
                             format_func=lambda v: i18n.t(f"level.{v}", lang))  # fmt: skip
        if st.form_submit_button(ui.t("tasks.raise_button")) and ui.write(
            lambda: task_writes.raise_escalation(
                engine, province_code=f.province, county_id=f.county, problem=problem,
                raised_by=by, level=level, today=today,
            )
        ):  # fmt: skip
            st.rerun()
    if escalations.height:
        with st.expander(ui.t("tasks.answer")), st.form("answer-escalation"):
            problems = dict(zip(escalations["escalation_id"], escalations["problem"], strict=True))
            picked = st.selectbox(
                ui.t("tasks.answer_pick"),
                list(problems),
                format_func=lambda i: calendar.digits(f"#{i} · {problems[i]}", lang),
            )
            answer = st.text_area(ui.t("tasks.answer_text"), max_chars=task_writes.MAX_NOTE)
            if st.form_submit_button(ui.t("tasks.answer")) and ui.write(
                lambda: task_writes.answer_escalation(engine, picked, answer, today)
            ):
                st.rerun()
