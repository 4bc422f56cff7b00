"""Credit uptake: by decile, area x decile, wave curves, months, basket, ranked areas."""

import streamlit as st

from dashboard import boundaries, charts
from frame import cache, formatting, state, widgets
from frame.state import language, t
from queries import uptake

f = widgets.page_start("uptake.title")
lang = language()

deciles = cache.run(uptake.by_decile, f)
widgets.no_credit_notice(deciles["released_toman"].sum())

left, right = st.columns(2)
left.subheader(t("uptake.by_decile"))
left.plotly_chart(charts.decile_bars(deciles, lang))
right.subheader(t("uptake.topup"), help=t("uptake.topup_help"))
right.plotly_chart(charts.topup_bars(deciles, lang))

level = "provinces" if f.province is None else "counties"
areas = cache.run(uptake.by_area, f)
cells = cache.run(uptake.area_by_decile, f)
st.subheader(t(f"uptake.heat_{level}"))
st.caption(t("uptake.heat_help"))
picked = st.plotly_chart(
    charts.heatmap(cells, areas, lang),
    on_select="rerun",
    selection_mode="points",
    key=f"heat-{f.province}-{f.county}-{lang}",
)
state.narrow_to(f, state.selection_codes(picked), areas["area_code"])

st.subheader(t("uptake.map"))
shade_by = widgets.measure(("uptake", "reach"), "uptake-measure")
shapes = boundaries.provinces() if f.province is None else boundaries.counties(f.province)
area_map = formatting.shaded_map(shapes, areas, "area_code", shade_by, f.province)
clicked = widgets.area_map(area_map, f"uptake-map-{f.province}-{f.county}-{shade_by}-{lang}")
state.narrow_to(f, clicked, areas["area_code"])

st.subheader(t("uptake.waves"), help=t("uptake.waves_help"))
st.plotly_chart(charts.wave_lines(cache.run(uptake.wave_curves, f), lang))

left, right = st.columns(2)
left.subheader(t("uptake.months"), help=t("uptake.months_help"))
left.plotly_chart(charts.month_bars(cache.run(uptake.by_month, f), lang))
right.subheader(t("uptake.balance_age"), help=t("uptake.balance_age_help"))
right.plotly_chart(charts.balance_bars(cache.run(uptake.balance_age, f), lang))

st.subheader(t("uptake.basket"), help=t("uptake.basket_help"))
st.plotly_chart(charts.basket_bars(cache.run(uptake.basket, f), lang))

st.subheader(t(f"uptake.ranked_{level}"))
chosen = st.dataframe(
    formatting.area_table(areas),
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    key=f"ranked-{f.province}-{f.county}-{lang}",
)
state.narrow_to(f, state.selection_codes(chosen, areas), areas["area_code"])
widgets.download_table(areas, "uptake-by-area", f)
