"""Committee tasks: by agency, overdue first, updated by members; escalations by age."""

import datetime as dt
import functools

import streamlit as st

from dashboard import calendar, i18n, kpi
from dashboard.filters import Filters
from frame import cache, formatting, widgets
from frame.state import language, t
from queries import indicators, task_writes, tasks

f = widgets.page_start("tasks.title")
lang = language()
editor = widgets.editor_name()
st.caption(t("tasks.editor_note"))
today = task_writes.now().date()
engine = cache.engine()

st.subheader(t("tasks.by_agency"))
agencies = cache.run(tasks.by_agency, f)
counts = dict.fromkeys(("open", "overdue", "done"), "count")
st.dataframe(
    formatting.screen_table(
        agencies, {"agency_name": "text"} | counts | {"on_time_rate": "percent"}
    ),
    hide_index=True,
)

st.subheader(t("tasks.board"))
board = cache.run(tasks.board, f)
shown = {"title": "text", "agency_name": "text", "owner": "text", "due_on": "date"}
flags = {"status": "task_status", "priority": "count", "overdue": "yes_no"}
statuses = ["todo", "in_progress", "blocked", "done"]
for tab, status in zip(st.tabs([t(f"taskstatus.{v}") for v in statuses]), statuses, strict=True):
    tab.dataframe(
        formatting.screen_table(board.filter(status=status), shown | flags), hide_index=True
    )
widgets.download_table(board.select(tasks.EXPORT_COLUMNS), "tasks", f)

if board.height:
    st.subheader(t("tasks.edit"))
    labels = dict(zip(board["task_id"], board["title"], strict=True))
    task_id = st.selectbox(
        t("tasks.pick"), board["task_id"].to_list(), key="task-pick",
        format_func=lambda i: calendar.digits(f"#{i} · {labels[i]}", lang),
    )  # fmt: skip
    task = board.filter(task_id=task_id).row(0, named=True)
    if task["indicator"] in indicators.INDICATORS:
        area = Filters(as_of=f.as_of, province=task["province_code"], county=task["county_id"])
        value = cache.run(indicators.current, task["indicator"], area)
        shown_value = kpi.value_text(task["indicator"], value, lang)
        st.metric(t("tasks.indicator"), shown_value, border=True,
                  help=t(f"indicator.{task['indicator']}"))  # fmt: skip
        st.caption(t(f"indicator.{task['indicator']}"))
    history = cache.run(tasks.history, task_id)
    st.dataframe(
        formatting.screen_table(
            history,
            {"at": "datetime", "actor": "text", "new_status": "task_status", "note": "text"},
        ),  # fmt: skip
        hide_index=True,
    )
    with st.form(f"edit-{task_id}-{task['version']}"):
        status = st.selectbox(
            t("col.status"), statuses, index=statuses.index(task["status"]),
            format_func=lambda v: i18n.t(f"taskstatus.{v}", lang),
        )  # fmt: skip
        owner = st.text_input(t("col.owner"), task["owner"] or "")
        due = st.date_input(t("col.due_on"), task["due_on"], min_value=task["created_on"])
        note = st.text_area(t("tasks.note"), max_chars=task_writes.MAX_NOTE)
        if st.form_submit_button(t("tasks.save")):
            changes = {
                k: v
                for k, v in {"status": status, "owner": owner, "due_on": due}.items()
                if v != (task[k] or "")
            }
            if widgets.write(lambda: task_writes.update_task(
                engine, task_id, task["version"], changes, actor=editor, note=note, today=today,
            )):  # fmt: skip
                st.rerun()

st.subheader(t("tasks.escalations"))
escalations = cache.run(tasks.open_escalations, f)
raised = {"problem": "text", "raised_by": "text", "level": "level", "raised_on": "date"}
st.dataframe(formatting.screen_table(escalations, raised | {"age_days": "count"}), hide_index=True)

if f.province is None:
    st.info(t("tasks.need_province"))
else:
    agency_names = formatting.agency_names()
    codes = list(agency_names)
    with st.expander(t("tasks.add")), st.form("new-task"):
        agency = st.selectbox(t("col.agency_name"), codes, format_func=agency_names.get)
        title = st.text_input(t("col.title"), max_chars=task_writes.MAX_TITLE)
        owner = st.text_input(t("col.owner"))
        due = st.date_input(t("col.due_on"), today + dt.timedelta(days=7), min_value=today)
        priority = st.selectbox(t("col.priority"), [1, 2, 3], index=1)
        create = functools.partial(
            task_writes.create_task, engine, province_code=f.province, county_id=f.county,
            agency=agency, title=title, owner=owner, due_on=due, priority=priority, actor=editor,
            today=today,
        )  # fmt: skip
        if st.form_submit_button(t("tasks.create")) and widgets.write(create):
            st.rerun()
    with st.expander(t("tasks.raise")), st.form("new-escalation"):
        problem = st.text_area(t("col.problem"), max_chars=task_writes.MAX_NOTE)
        by = st.selectbox(t("col.raised_by"), codes, format_func=agency_names.get)
        level = st.selectbox(t("col.level"), ["provincial", "national"],
                             format_func=lambda v: i18n.t(f"level.{v}", lang))  # fmt: skip
        if st.form_submit_button(t("tasks.raise_button")) and widgets.write(
            lambda: task_writes.raise_escalation(
                engine, province_code=f.province, county_id=f.county, problem=problem,
                raised_by=by, level=level, today=today,
            )
        ):  # fmt: skip
            st.rerun()
    if escalations.height:
        with st.expander(t("tasks.answer")), st.form("answer-escalation"):
            problems = dict(zip(escalations["escalation_id"], escalations["problem"], strict=True))
            picked = st.selectbox(
                t("tasks.answer_pick"),
                list(problems),
                format_func=lambda i: calendar.digits(f"#{i} · {problems[i]}", lang),
            )
            answer = st.text_area(t("tasks.answer_text"), max_chars=task_writes.MAX_NOTE)
            if st.form_submit_button(t("tasks.answer")) and widgets.write(
                lambda: task_writes.answer_escalation(engine, picked, answer, today)
            ):
                st.rerun()
