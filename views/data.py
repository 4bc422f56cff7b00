"""Data (for the data officer): an extract judged first, then stored with one button; the
history of imports, each source's freshness, and the templates."""

import polars as pl
import streamlit as st

from dashboard import i18n
from dashboard.importer.kinds import KINDS
from frame import auth, cache, formatting, freshness, grid, import_form, notices
from frame.state import language, t
from queries import import_history, meta

st.title(t("data.title"))
settings = cache.run(meta.settings)
notices.sample_data(settings)
freshness.stale_warning(settings)
lang = language()
actor = auth.user().username

st.subheader(t("data.upload"))
left, middle, right = st.columns([2, 1, 1])
kind = left.selectbox(
    t("data.kind"), list(KINDS), format_func=lambda k: i18n.t(f"import.kind.{k}", lang)
)
unit = middle.segmented_control(
    t("data.unit"),
    ["toman", "rial"],
    default="toman",
    format_func=lambda u: i18n.t(f"data.unit.{u}", lang),
    required=True,
)
sheet = right.text_input(t("data.sheet"), placeholder=t("data.sheet_first"))
upload = st.file_uploader(t("data.file"), type=["csv", "xlsx"], key=f"upload-{kind}")

if upload is not None:
    key = import_form.upload_key(upload, kind, unit, sheet)
    if st.session_state.get("judged") != key:
        outcome = import_form.judge_upload(upload, kind, unit, sheet, actor, store=False)
        st.session_state["judged"], st.session_state["judgement"] = key, outcome
    outcome = st.session_state["judgement"]
    if isinstance(outcome, str):
        st.error(t("data.unreadable", reason=outcome), icon=":material/block:")
    else:
        import_form.judgement(outcome)
        counts = outcome.counts()
        if not outcome.judgement.refused and not (counts["inserted"] or counts["updated"]):
            st.info(t("data.nothing_new"), icon=":material/check:")
        elif not outcome.judgement.refused and st.button(
            t("data.store"), type="primary", icon=":material/save:"
        ):
            stored = import_form.judge_upload(upload, kind, unit, sheet, actor, store=True)
            st.session_state.pop("judged", None)
            if isinstance(stored, str) or not stored.stored:
                st.error(t("data.not_stored"), icon=":material/block:")
            else:
                cache.note_version()
                st.success(t("data.stored", id=stored.import_id), icon=":material/check:")

st.subheader(t("data.history"))
past = cache.run(import_history.history, auth.user().remit.province)
if past.is_empty():
    st.caption(t("data.no_history"))
else:
    names = {k: t(f"import.kind.{k}") for k in KINDS}
    shown = past.with_columns(
        pl.col("area_fa", "area_en").fill_null(t("filters.country")),
        source=pl.col("kind").replace_strict(names),
    )
    counts = dict.fromkeys(("read", "inserted", "updated", "unchanged"), "count")
    grid.table(
        formatting.screen_table(
            shown,
            {"started_at": "datetime", "source": "text", "file_name": "text", "area": "text"}
            | counts
            | {"actor": "text", "seconds": "decimal"},
        ),
    )

st.subheader(t("fresh.title"))
grid.table(freshness.screen_table(freshness.read(settings)))

st.subheader(t("data.templates"))
st.caption(t("data.templates_note"))
import_form.templates()
