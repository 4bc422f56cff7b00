"""Overview: the governor's one screen, every KPI with its change over 7 days."""

import streamlit as st

from dashboard import calendar, ui
from queries import meta, overview

f = ui.filters()
provinces = ui.run(meta.provinces)
counties = ui.run(meta.counties, f.province) if f.province else None

st.title(ui.t("overview.title"))
ui.caption(f, ui.area_name(f, provinces, counties))

kpis = ui.run(overview.kpis, f)
if kpis.filter(key="released_toman")["value"].item() == 0:
    first_wave = ui.run(meta.extent)[0]
    st.info(ui.t("overview.no_credit", date=calendar.format_date(first_wave, ui.language())))

ui.kpi_tiles(kpis)
st.caption(ui.t("overview.delta_note"))

st.subheader(ui.t("overview.table"))
st.dataframe(ui.kpi_table(kpis), hide_index=True)
ui.download_csv(kpis, "overview-kpis", f)
