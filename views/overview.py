"""Overview: the governor's one screen: what changed since their last visit, every KPI with its
change over 7 days, and what needs attention."""

import streamlit as st

from dashboard import calendar
from frame import attention, cache, formatting, grid, since_visit, widgets
from frame.state import t
from queries import attention as late
from queries import meta, overview, scope, wave_load

f = widgets.page_start("overview.title")
since_visit.show()

today = calendar.now().date()  # tasks are live work: counted today, not at the as-of date
kpis = cache.run_work(overview.kpis, f, today)
widgets.no_credit_notice(kpis.filter(key="released_toman")["value"].item(), f)
widgets.kpi_tiles(kpis)
st.caption(t("overview.delta_note"))
widgets.brief_button(f)

wave = scope.in_county(cache.run(wave_load.forecast, f.province_wide()), f)  # the Stores page's
attention.show(cache.run_work(late.strip, f, today), wave_load.over_capacity(wave), f,
               cache.run(meta.settings))  # fmt: skip

with st.expander(t("overview.kpi_table"), icon=":material/table:"):
    grid.table(formatting.kpi_table(kpis))
    widgets.download_table(kpis, "overview-kpis", f)
