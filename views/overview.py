"""Overview: the governor's one screen, every KPI with its change over 7 days."""

import streamlit as st

from dashboard import ui
from queries import overview

f = ui.page_start("overview.title")

kpis = ui.run(overview.kpis, f)
ui.no_credit_notice(kpis.filter(key="released_toman")["value"].item())
ui.kpi_tiles(kpis)
st.caption(ui.t("overview.delta_note"))

st.subheader(ui.t("overview.table"))
st.dataframe(ui.kpi_table(kpis), hide_index=True)
ui.download_table(kpis, "overview-kpis", f)
