"""Committee tasks: live work as of today (Tehran): a committee member's own open tasks, by agency,
the board, edits, escalations."""

import datetime as dt

import streamlit as st

from dashboard import calendar, i18n, kpi
from frame import auth, cache, downloads, formatting, grid, page_head, task_forms
from frame.state import language, t
from queries import indicators, tasks

f = page_head.show("tasks.title")
lang = language()
today = calendar.now().date()
cache.note_work_version()
board = cache.run_work(tasks.board, f, today)
task_forms.own_tasks(board, today)  # a committee member's own open tasks first
st.info(
    t("tasks.live", today=calendar.format_date(today, lang),
      as_of=calendar.format_date(f.as_of, lang)),
    icon=":material/schedule:",
)  # fmt: skip

st.subheader(t("tasks.by_agency"))
agencies = cache.run_work(tasks.by_agency, f, today)
counts = dict.fromkeys(("open", "overdue", "done"), "count")
grid.table(
    formatting.screen_table(
        agencies, {"agency_name": "text"} | counts | {"on_time_rate": "percent"}
    )
)

st.subheader(t("tasks.board"))
shown = task_forms.filtered(board) if board.height else board
task_forms.board_tabs(board, shown)
downloads.table_buttons(board.select(tasks.EXPORT_COLUMNS), "tasks", f)

if shown.height:
    st.subheader(t("tasks.edit"))
    task = task_forms.pick(shown)
    if task["indicator"] in indicators.INDICATORS:
        value = task_forms.indicator_value(task, f, today)
        st.metric(t("tasks.indicator"), kpi.value_text(task["indicator"], value, lang),
                  border=True, help=t(f"indicator.{task['indicator']}"))  # fmt: skip
        st.caption(t(f"indicator.{task['indicator']}"))
    st.caption(t("tasks.history"))
    history = cache.run_work(tasks.history, f, task["task_id"])
    if history.height:
        grid.table(task_forms.history_table(history))
    else:
        st.info(t("tasks.no_history"))
    task_forms.edit_form(task, today)

st.subheader(t("tasks.escalations"))
raised = cache.run_work(tasks.escalations, f, today)
escalations = tasks.unanswered(raised)
if escalations.height:
    grid.table(task_forms.escalations_table(escalations))
else:
    st.info(t("tasks.no_escalations"))
answered = tasks.answered_since(raised, today - dt.timedelta(days=tasks.ANSWERED_DAYS))
if answered.height:
    with st.expander(t("tasks.answered_recently", days=i18n.number(tasks.ANSWERED_DAYS, lang)),
                     icon=":material/mark_chat_read:"):  # fmt: skip
        grid.table(task_forms.escalations_table(answered, task_forms.ANSWERED_ESCALATIONS))

if f.province is not None:
    task_forms.new_task_form(f, today)
    task_forms.raise_form(f, today)
elif auth.user().rights.edits or auth.user().rights.levels:
    st.info(t("tasks.need_province"))
task_forms.answer_form(escalations, today)  # those the user answers, if any
