"""Stores: where beneficiaries can shop, and where they cannot (the village fallback)."""

import streamlit as st
from streamlit_folium import st_folium

from dashboard import charts, i18n, maps, ui
from queries import stores

f = ui.page_start("stores.title")
lang = ui.language()
settings = ui.run(stores.map_settings)
radius = float(settings["radius_km"])
st.caption(ui.t("stores.radius", r=i18n.number(radius, lang, 1)))

if f.province is None:
    provinces = ui.run(stores.by_province, f)
    st.subheader(ui.t("stores.national"), help=ui.t("stores.national_help"))
    st.plotly_chart(charts.province_store_bars(provinces, lang))
    columns = {"name": "text", "active": "count", "residents": "count"}
    shares = {"stores_per_10k": "decimal", "villages": "count", "uncovered_share": "percent"}
    st.dataframe(ui.screen_table(provinces, columns | shares), hide_index=True)
    ui.download_table(provinces, "store-density-by-province", f)
else:
    points = ui.run(stores.points, f)
    coverage = ui.run(stores.village_coverage, f)
    density = ui.run(stores.density, f)
    st.subheader(ui.t("stores.map"))
    if points.filter(status="active").height > maps.MAX_MARKERS:
        st.caption(ui.t("stores.map_cells", n=i18n.number(maps.MAX_MARKERS, lang)))
    st_folium(
        maps.stores_map(
            points,
            coverage,
            density,
            ui.run(stores.seats, f),
            lang,
            radius,
            settings["tiles_url"],
            settings["attribution"],
        ),  # fmt: skip
        height=560,
        use_container_width=True,
        returned_objects=[],
        key=f"map-{f.province}-{f.county}-{lang}",
    )

    st.subheader(ui.t("stores.by_county"))
    counties = stores.by_county(density, coverage)
    kinds = dict.fromkeys(("chain", "small_shop", "cooperative", "active"), "count")
    cut = dict.fromkeys(("suspended", "terminated"), "count")
    ratios = {"stores_per_10k": "decimal", "households_per_store": "count"}
    classes = dict.fromkeys(
        ("villages_chain", "villages_small_shop_only", "villages_none"), "count"
    )
    table = {"county_name": "text", **kinds, **cut, **ratios, **classes}
    st.dataframe(ui.screen_table(counties, table), hide_index=True)
    ui.download_table(density, "store-density", f)

    st.subheader(ui.t("stores.uncovered"))
    todo = stores.uncovered(coverage)
    village = {"name": "text", "county_name": "text", "population": "count"}
    st.dataframe(ui.screen_table(todo, village | {"nearest_store_km": "km"}), hide_index=True)
    ui.download_table(todo.select(stores.VILLAGE_COLUMNS), "village-coverage-uncovered", f)
