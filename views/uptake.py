"""Credit uptake: by decile, area x decile, wave curves, months, basket, ranked areas."""

import streamlit as st

from dashboard import charts, ui
from queries import uptake

f = ui.page_start("uptake.title")
lang = ui.language()

deciles = ui.run(uptake.by_decile, f)
ui.no_credit_notice(deciles["released_toman"].sum())

left, right = st.columns(2)
left.subheader(ui.t("uptake.by_decile"))
left.plotly_chart(charts.decile_bars(deciles, lang))
right.subheader(ui.t("uptake.topup"), help=ui.t("uptake.topup_help"))
right.plotly_chart(charts.topup_bars(deciles, lang))

level = "provinces" if f.province is None else "counties"
areas = ui.run(uptake.by_area, f)
cells = ui.run(uptake.area_by_decile, f)
st.subheader(ui.t(f"uptake.heat_{level}"))
st.caption(ui.t("uptake.heat_help"))
picked = st.plotly_chart(
    charts.heatmap(cells, areas, lang),
    on_select="rerun",
    selection_mode="points",
    key=f"heat-{f.province}-{lang}",
)
ui.narrow_to(f, ui.selection_codes(picked), areas["area_code"])

st.subheader(ui.t("uptake.waves"), help=ui.t("uptake.waves_help"))
st.plotly_chart(charts.wave_lines(ui.run(uptake.wave_curves, f), lang))

left, right = st.columns(2)
left.subheader(ui.t("uptake.months"), help=ui.t("uptake.months_help"))
left.plotly_chart(charts.month_bars(ui.run(uptake.by_month, f), lang))
right.subheader(ui.t("uptake.balance_age"), help=ui.t("uptake.balance_age_help"))
right.plotly_chart(charts.balance_bars(ui.run(uptake.balance_age, f), lang))

st.subheader(ui.t("uptake.basket"), help=ui.t("uptake.basket_help"))
st.plotly_chart(charts.basket_bars(ui.run(uptake.basket, f), lang))

st.subheader(ui.t(f"uptake.ranked_{level}"))
chosen = st.dataframe(
    ui.area_table(areas),
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    key=f"ranked-{f.province}-{lang}",
)
ui.narrow_to(f, ui.selection_codes(chosen, areas), areas["area_code"])
ui.download_table(areas, "uptake-by-area", f)
