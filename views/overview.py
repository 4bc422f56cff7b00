"""Overview: the governor's one screen: what changed since their last visit, every KPI with its
change over 7 days, and what needs attention."""

import streamlit as st

from dashboard import calendar
from frame import (
    attention,
    cache,
    downloads,
    formatting,
    grid,
    notices,
    page_head,
    since_visit,
    tiles,
)
from frame.state import t
from queries import attention_figures, meta, overview, scope, wave_load

f = page_head.show("overview.title")
since_visit.show()

today = calendar.now().date()  # tasks are live work: counted today, not at the as-of date
kpis = cache.run_work(overview.kpis, f, today)
notices.no_credit(kpis.filter(key="released_toman")["value"].item(), f)
tiles.kpis(kpis)
st.caption(t("overview.delta_note"))
downloads.brief_button(f)

wave = scope.in_county(cache.run(wave_load.forecast, f.province_wide()), f)  # the Stores page's
strip = cache.run_work(attention_figures.strip, f, today)
attention.show(strip, wave_load.over_capacity(wave), f, cache.run(meta.settings))

with st.expander(t("overview.kpi_table"), icon=":material/table:"):
    grid.table(formatting.kpi_table(kpis))
    downloads.table_buttons(kpis, "overview-kpis", f)
