"""Stores: where beneficiaries can shop, and where they cannot (the village fallback), and
where the next wave's first days will crowd them."""

import polars as pl
import streamlit as st

from dashboard import boundaries, calendar, charts, i18n, maps
from frame import cache, downloads, drawn_charts, drawn_maps, formatting, grid, page_head, state
from frame.state import language, t
from queries import meta, scope, stores, wave_load

f = page_head.show("stores.title")
lang = language()
settings = cache.run(meta.settings)
radius = settings.coverage_radius_km
st.caption(t("stores.radius", r=i18n.number(radius, lang, 1)))
wave = cache.run(wave_load.forecast, f.province_wide())  # the next wave's load, per county

if f.province is None:
    provinces = cache.run(stores.by_province, f)
    st.subheader(t("stores.national_map"))
    shade_by = drawn_maps.measure(("stores_per_10k", "uncovered_share"), "stores-measure")
    country = boundaries.provinces_drawn()
    clicked = drawn_maps.area_map(
        lambda: formatting.shaded_map(country, provinces, "province_code", shade_by),
        f"stores-national-{shade_by}-{lang}", f,
    )  # fmt: skip
    state.narrow_to(f, clicked, provinces["province_code"])
    st.subheader(t("stores.national"), help=t("stores.national_help"))
    drawn_charts.filter_note(charts.province_store_bars, f)
    drawn_charts.show(st, charts.province_store_bars, (provinces,))
    columns = {"name": "text", "active": "count", "residents": "count"}
    shares = {"stores_per_10k": "decimal", "villages": "count", "uncovered_share": "percent"}
    grid.table(formatting.screen_table(provinces, columns | shares))
    downloads.table_buttons(provinces, "store-density-by-province", f)
else:
    wide = f.province_wide()  # the province's rows (its map, the peers); a county's among them
    shown = scope.in_county(cache.run(stores.points, wide), f)
    every_village = cache.run(stores.village_coverage, wide)
    every_county = cache.run(stores.density, wide)
    coverage, density = scope.in_county(every_village, f), scope.in_county(every_county, f)
    synthetic, total = stores.village_sources(coverage)
    if synthetic:
        st.caption(
            t("stores.synthetic", n=i18n.number(synthetic, lang), total=i18n.number(total, lang))
        )
    peers = stores.by_county(every_county, every_village).join(  # the map shades, narrows by all
        wave.select("county_id", "load_ratio"), on="county_id", how="left"
    )
    counties = scope.in_county(peers, f)
    st.subheader(t("stores.map"))
    if shown.filter(status="active").height > maps.MAX_MARKERS:
        st.caption(t("stores.map_cells", n=i18n.number(maps.MAX_MARKERS, lang)))
    shade_by = drawn_maps.measure(
        ("stores_per_10k", "uncovered_share", *(("load_ratio",) if wave.height else ())),
        "stores-measure",
    )
    clicked = drawn_maps.area_map(
        lambda: maps.stores_map(
            shown, coverage, density, scope.in_county(cache.run(stores.seats, wide), f), lang,
            radius, f.province, f.county, settings.map_tiles_url,
            settings.map_tiles_attribution, formatting.shading(peers, "county_id", shade_by),
        ),
        f"map-{f.province}-{f.county}-{shade_by}-{lang}", f, 560,
    )  # fmt: skip
    state.narrow_to(f, clicked, peers["county_id"])

    st.subheader(t("stores.by_county"))
    kinds = dict.fromkeys(("chain", "small_shop", "cooperative", "active"), "count")
    cut = dict.fromkeys(("suspended", "terminated"), "count")
    ratios = {"stores_per_10k": "decimal", "households_per_store": "count"}
    table = {"county_name": "text", **kinds, **cut, **ratios}
    grid.table(formatting.screen_table(counties, table))
    downloads.table_buttons(density, "store-density", f)

    st.subheader(t("stores.villages_by_county"))
    classes = dict.fromkeys(
        ("villages", "villages_chain", "villages_small_shop_only", "villages_none"), "count"
    )
    shares = {"county_name": "text", **classes, "uncovered_share": "percent"}
    grid.table(formatting.screen_table(counties, shares))

    st.subheader(t("stores.uncovered"))
    todo = stores.uncovered(coverage)
    village = {"name": "text", "county_name": "text", "population": "count"}
    grid.table(formatting.screen_table(todo, village | {"nearest_store_km": "km"}))
    downloads.table_buttons(todo.select(stores.VILLAGE_COLUMNS), "village-coverage-uncovered", f)

capacity = {k: i18n.number(v, lang) for k, v in settings.wave_capacities.items()}
st.subheader(t("wave_load.title"), help=t("wave_load.help", **capacity))
upcoming = scope.in_county(wave, f)
if upcoming.height:
    opening = calendar.format_date(upcoming["opens_on"][0], lang)
    over = i18n.number(wave_load.over_capacity(upcoming).height, lang)
    name = upcoming[i18n.local_column("wave", lang)][0]
    st.caption(t("wave_load.next", label=name, date=opening, over=over))
    if f.province is not None:  # the map above shades the counties by it, on request
        st.caption(t("wave_load.on_the_map", measure=t("measure.load_ratio")))
        upcoming = upcoming.join(counties.select("county_id", "villages_none"), on="county_id",
                                 how="left")  # fmt: skip
    st.markdown(f"**{t('wave_load.ranked')}**")
    forecast = {"county_name": "text", "households": "count", "active_stores": "count",
                "forecast_purchases": "count", "per_store_day": "decimal",
                "capacity_per_store_day": "count", "load_ratio": "percent"}  # fmt: skip
    if "villages_none" in upcoming.columns:
        forecast["villages_none"] = "count"
    grid.table(formatting.screen_table(upcoming, forecast))
else:
    st.info(t("wave_load.none"))
if st.toggle(t("wave_load.past"), key="wave-load-past", help=t("wave_load.past_help")):
    load = scope.in_county(cache.run(wave_load.load, f.province_wide()), f)  # when asked for
    past = {"county_name": "text", "wave": "text", "opens_on": "date", "households": "count",
            "active_stores": "count", "first3d_purchases": "count",
            "forecast_purchases": "count", "per_store_day": "decimal",
            "load_ratio": "percent"}  # fmt: skip
    grid.table(formatting.screen_table(load.filter(~pl.col("next")), past))
    downloads.table_buttons(load.select(wave_load.COLUMNS), "wave-load", f)
