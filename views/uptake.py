"""Credit uptake: by decile, area x decile, wave curves, months, basket, ranked areas, and
method two (registrations by decile and area, the pending by age)."""

import streamlit as st

from dashboard import boundaries, charts, i18n
from frame import (
    cache,
    downloads,
    drawn_charts,
    drawn_maps,
    formatting,
    grid,
    notices,
    page_head,
    state,
)
from frame.state import language, t
from queries import meta, method_two, uptake
from queries.exports import EXPORTS

f = page_head.show("uptake.title")
lang = language()

deciles = cache.run(uptake.by_decile, f)
notices.no_credit(deciles["released_toman"].sum(), f)

left, right = st.columns(2)
left.subheader(t("uptake.by_decile"))
drawn_charts.show(left, charts.decile_bars, (deciles,))
right.subheader(t("uptake.topup"), help=t("uptake.topup_help"))
drawn_charts.show(right, charts.topup_bars, (deciles,))

level = "provinces" if f.province is None else "counties"
areas = cache.run(uptake.by_area, f)
cells = cache.run(uptake.area_by_decile, f)
st.subheader(t(f"uptake.heat_{level}"))
st.caption(t("uptake.heat_help"))
picked = drawn_charts.show(
    st, charts.heatmap, (cells, areas), on_select="rerun", selection_mode="points",
    key=f"heat-{f.province}-{f.county}-{lang}",
)  # fmt: skip
state.narrow_to(f, state.selection_codes(picked), areas["area_code"])

st.subheader(t("uptake.map"))
shade_by = drawn_maps.measure(("uptake", "reach"), "uptake-measure")
shapes = boundaries.provinces_drawn() if f.province is None else boundaries.counties(f.province)
clicked = drawn_maps.area_map(  # the same map for every county of the province: none drawn anew
    lambda: formatting.shaded_map(shapes, areas, "area_code", shade_by, f.province),
    f"uptake-map-{f.province}-{shade_by}-{lang}", f.province_wide(),
)  # fmt: skip
state.narrow_to(f, clicked, areas["area_code"])

# the second rank in tabs: only the open one is read and drawn
# (the chart's query, its figure, the export of its table: the same figures as a file)
second = {
    "waves": (uptake.wave_curves, charts.wave_lines, "uptake-waves"),
    "months": (uptake.by_month, charts.month_bars, "uptake-months"),
    "balance_age": (uptake.balance_age, charts.balance_bars, "balance-age"),
    "basket": (uptake.basket, charts.basket_bars, "basket"),
}
tabs = st.tabs([t(f"uptake.tab_{n}") for n in second], key=f"uptake-more-{lang}", on_change="rerun")
for (name, (query, builder, export)), tab in zip(second.items(), tabs, strict=True):
    if tab.open:
        tab.subheader(t(f"uptake.{name}"), help=t(f"uptake.{name}_help"))
        drawn_charts.filter_note(builder, f, tab)
        drawn_charts.show(tab, builder, (cache.run(query, f),))
        with tab:
            downloads.table_buttons(cache.run(EXPORTS[export].query, f), export, f)

st.subheader(t(f"uptake.ranked_{level}"))
chosen = grid.table(
    formatting.area_table(areas),
    on_select="rerun",
    selection_mode="single-row",
    key=f"ranked-{f.province}-{f.county}-{lang}",
)
state.narrow_to(f, state.selection_codes(chosen, areas), areas["area_code"])
downloads.table_buttons(areas, "uptake-by-area", f)

# method two: the fixed 9-item package households register for and collect at a store
target = cache.run(meta.settings).method_two_delivery_days
st.subheader(t("method_two.title"), help=t("method_two.help", days=i18n.number(target, lang)))
registrations = cache.run(method_two.by_decile, f)
left, right = st.columns(2)
left.markdown(f"**{t('method_two.by_decile')}**")
drawn_charts.show(left, charts.method_two_bars, (registrations,))
right.markdown(f"**{t('method_two.pending_by_age')}**")
drawn_charts.show(right, charts.pending_age_bars, (cache.run(method_two.pending_by_age, f),))
by_area = cache.run(method_two.by_area, f)
grid.table(formatting.method_two_table(by_area))
downloads.table_buttons(by_area, "method-two-by-area", f)
