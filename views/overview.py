"""Overview: the governor's one screen, every KPI with its change over 7 days."""

import streamlit as st

from frame import cache, formatting, widgets
from frame.state import t
from queries import overview

f = widgets.page_start("overview.title")

kpis = cache.run(overview.kpis, f)
widgets.no_credit_notice(kpis.filter(key="released_toman")["value"].item())
widgets.kpi_tiles(kpis)
st.caption(t("overview.delta_note"))

st.subheader(t("overview.table"))
st.dataframe(formatting.kpi_table(kpis), hide_index=True)
widgets.download_table(kpis, "overview-kpis", f)
