"""Credit uptake: by decile, area x decile, wave curves, months, basket, ranked areas."""

import streamlit as st

from dashboard import boundaries, charts
from frame import cache, formatting, grid, state, widgets
from frame.state import language, t
from queries import uptake

f = widgets.page_start("uptake.title")
lang = language()

deciles = cache.run(uptake.by_decile, f)
widgets.no_credit_notice(deciles["released_toman"].sum(), f)

left, right = st.columns(2)
left.subheader(t("uptake.by_decile"))
widgets.chart(left, charts.decile_bars, (deciles,))
right.subheader(t("uptake.topup"), help=t("uptake.topup_help"))
widgets.chart(right, charts.topup_bars, (deciles,))

level = "provinces" if f.province is None else "counties"
areas = cache.run(uptake.by_area, f)
cells = cache.run(uptake.area_by_decile, f)
st.subheader(t(f"uptake.heat_{level}"))
st.caption(t("uptake.heat_help"))
picked = widgets.chart(
    st, charts.heatmap, (cells, areas), on_select="rerun", selection_mode="points",
    key=f"heat-{f.province}-{f.county}-{lang}",
)  # fmt: skip
state.narrow_to(f, state.selection_codes(picked), areas["area_code"])

st.subheader(t("uptake.map"))
shade_by = widgets.measure(("uptake", "reach"), "uptake-measure")
shapes = boundaries.provinces() if f.province is None else boundaries.counties(f.province)
clicked = widgets.area_map(
    lambda: formatting.shaded_map(shapes, areas, "area_code", shade_by, f.province),
    f"uptake-map-{f.province}-{f.county}-{shade_by}-{lang}", f,
)  # fmt: skip
state.narrow_to(f, clicked, areas["area_code"])

st.subheader(t("uptake.waves"), help=t("uptake.waves_help"))
curves = cache.run(uptake.wave_curves, f)
widgets.chart(st, charts.wave_lines, (curves,))

left, right = st.columns(2)
left.subheader(t("uptake.months"), help=t("uptake.months_help"))
months = cache.run(uptake.by_month, f)
widgets.chart(left, charts.month_bars, (months,))
right.subheader(t("uptake.balance_age"), help=t("uptake.balance_age_help"))
widgets.filter_note(charts.balance_bars, f, right)
ages = cache.run(uptake.balance_age, f)
widgets.chart(right, charts.balance_bars, (ages,))

st.subheader(t("uptake.basket"), help=t("uptake.basket_help"))
widgets.filter_note(charts.basket_bars, f)
basket = cache.run(uptake.basket, f)
widgets.chart(st, charts.basket_bars, (basket,))

st.subheader(t(f"uptake.ranked_{level}"))
chosen = grid.table(
    formatting.area_table(areas),
    on_select="rerun",
    selection_mode="single-row",
    key=f"ranked-{f.province}-{f.county}-{lang}",
)
state.narrow_to(f, state.selection_codes(chosen, areas), areas["area_code"])
widgets.download_table(areas, "uptake-by-area", f)
