"""The stores map builder: local Leaflet only, escaped names, aggregation at scale."""

from __future__ import annotations

import json
import re

import numpy as np
import polars as pl
import pytest
import shapely.geometry

from dashboard import boundaries, maps

HOSTILE = '<img src=x onerror="alert(1)">'


def _stores(n: int, name: str = "Shop") -> pl.DataFrame:
    rng = np.random.default_rng(1)
    return pl.DataFrame(
        {
            "id": range(n),
            "name": [name] * n,
            "kind": rng.choice(["chain", "small_shop", "cooperative"], n),
            "county_id": [1] * n,
            "county_name_fa": ["تهران"] * n,
            "county_name_en": ["Tehran"] * n,
            "lat": rng.uniform(35.5, 35.9, n),
            "lon": rng.uniform(51.2, 51.6, n),
            "status": rng.choice(["active"] * 30 + ["suspended", "terminated"], n),
        }
    )


VILLAGES = pl.DataFrame(
    {
        "place_id": [1, 2],
        "name_fa": ["روستا", HOSTILE],
        "name_en": ["Village", HOSTILE],
        "county_id": [1, 1],
        "population": [900, 400],
        "nearest_store_km": [2.5, None],
        "nearest_chain_km": [7.0, None],
        "coverage": ["small_shop_only", "none"],
        "lat": [35.7, 35.8],
        "lon": [51.3, 51.4],
    }
)
COUNTIES = pl.DataFrame(
    {
        "county_id": [1],
        "county_name_fa": ["تهران"],
        "county_name_en": ["Tehran"],
        "stores_per_10k": [31.5],
        "households_per_store": [96.0],
    }
)
SEATS = pl.DataFrame({"county_id": [1], "lat": [35.69], "lon": [51.42]})


def _html(stores: pl.DataFrame, lang: str = "en", tiles: str = "") -> str:
    """The rendered page with JSON's \\uXXXX escapes read back, as the browser reads them."""
    m = maps.stores_map(
        stores, VILLAGES, COUNTIES, SEATS, lang, 5.0, "IR-23", None, tiles, "© ours"
    )
    page = m.get_root().render()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda u: chr(int(u.group(1), 16)), page)


def _layers(m) -> list:
    """The map's layers of points (maps.Points)."""
    return [c for c in m._children.values() if isinstance(c, maps.Points)]


def _tooltips(m) -> list[str]:
    """Every point's tooltip as the browser writes it (maps.Tooltips: its layer's words,
    each point's values in their places)."""
    texts = []
    for layer in _layers(m):
        words = next(c.words for c in layer._children.values() if isinstance(c, maps.Tooltips))
        for chosen, values in zip(layer.columns["t"], layer.columns["v"], strict=True):
            texts.append(re.sub(r"\{(\d+)\}", lambda g, v=values: v[int(g[1])], words[chosen]))
    return texts


def _map(stores: pl.DataFrame, villages: pl.DataFrame = VILLAGES, lang: str = "en"):
    return maps.stores_map(stores, villages, COUNTIES, SEATS, lang, 5.0, "IR-23")


def test_tooltips_read_whole_with_their_words_sent_once() -> None:
    tips = _tooltips(_map(_stores(3)))
    village = (
        "<b>Village</b><br>Small shop only within 5.0 km (the fallback)<br>"
        "Nearest store: 2.5 km<br>Nearest chain store: 7.0 km"
    )
    assert village in tips
    hostile = "<br>".join([
        "<b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</b>", "No store within 5.0 km",
        "Nearest store: —", "Nearest chain store: —",
    ])  # fmt: skip
    assert hostile in tips
    assert "Tehran · 31.5 stores per 10,000 residents · 96 households per store" in tips
    alike = pl.concat([VILLAGES.head(1)] * 200).with_columns(place_id=pl.int_range(200))
    page = _map(_stores(300), alike).get_root().render()
    assert page.count("Nearest chain store") == 1, "the words once, not once per village"
    assert page.count('"Village"') == 200


def test_leaflet_comes_from_our_static_folder_only() -> None:
    page = _html(_stores(50))
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources, "the page loads Leaflet"
    assert all(s.startswith("/app/static/leaflet/") for s in sources), sources
    assert "openstreetmap" not in page and "cdn." not in page


def _scale(m) -> maps.MetricScale:
    return next(c for c in m._children.values() if isinstance(c, maps.MetricScale))


def test_the_scale_is_in_kilometres_only_and_in_persian_digits_in_persian() -> None:
    scales = re.findall(r"new Scale\(([^)]*)\)", _html(_stores(5)))
    assert scales == ["{imperial: false}"], "one scale bar, without miles"
    fa, en = _scale(_map(_stores(5), lang="fa")), _scale(_map(_stores(5)))
    # Leaflet's '50 km' and '500 m', each character rewritten: '۵۰ کیلومتر', '۵۰۰ متر'
    assert [fa.words[c] for c in "0123456789."] == list("۰۱۲۳۴۵۶۷۸۹٫")
    assert (fa.words["km"], fa.words["m"], fa.direction) == ("کیلومتر", "متر", "rtl")
    assert [en.words[c] for c in "0123456789."] == list("0123456789.")
    assert (en.words["km"], en.words["m"], en.direction) == ("km", "m", "ltr")
    assert "_updateScale" in _html(_stores(5), "fa")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_legends_fold_and_make_room_so_they_never_hide_the_province(lang: str) -> None:
    """Each legend a <details> under its title (the shading's measure, or 'Legend'); the map's
    LegendRoom, fitted to the same bounds as the map, opens them only where the province fits
    beside or above them at its zoom, else leaves them folded (tests/browser/test_pages.py
    looks at it at 1280x720)."""
    counties = boundaries.counties("IR-23")["features"]
    shading = maps.Shading({str(c["properties"]["id"]): 1.0 for c in counties}, str, "Density")
    m = maps.stores_map(_stores(5), VILLAGES, COUNTIES, SEATS, lang, 5.0, "IR-23",
                        shading=shading)  # fmt: skip
    legends = [c for c in m._children.values() if isinstance(c, maps.Legend)]
    assert [lg.summary for lg in legends] == [
        "Density",
        {"fa": "راهنمای نقشه", "en": "Legend"}[lang],
    ]
    room = [c for c in m._children.values() if isinstance(c, maps.LegendRoom)]
    assert len(room) == 1 and room[0].bounds == boundaries.bounds(boundaries.counties("IR-23"))
    page = m.get_root().render()
    assert page.count('L.DomUtil.create("details", "kalabarg-legend")') == 2
    assert "getBoundsZoom(bounds, false, total) >= zoom" in page


def test_persian_tooltips_join_their_parts_with_an_em_dash() -> None:
    """'·' is drawn as the Persian digit zero: Persian tooltips use parts.separator."""
    tips = _tooltips(_map(_stores(40), lang="fa"))
    assert "تهران — ۳۱٫۵ فروشگاه در هر ۱۰ هزار نفر — ۹۶ خانوار برای هر فروشگاه" in tips
    assert any(t.startswith("Shop — فروشگاه") and t.endswith(" — فعال — تهران") for t in tips)
    assert not [t for t in tips if "\u00b7" in t]
    flagged = {"raised": pl.lit(2), "score": pl.lit(2.5), "flags": pl.lit("night;cut_selling")}
    stores = _stores(3).with_columns(**flagged)
    page = maps.risk_map(stores, "IR-23", None, "fa").get_root().render()
    page = re.sub(r"\\u([0-9a-fA-F]{4})", lambda u: chr(int(u[1], 16)), page)
    assert "{0} — ساعت تعطیل، فروش با پایانه قطع — " in page and "\u00b7" not in page


def test_tiles_only_from_the_configured_server() -> None:
    page = _html(_stores(5), tiles="https://tiles.example.ir/{z}/{x}/{y}.png")
    assert "https://tiles.example.ir/{z}/{x}/{y}.png" in page
    assert "openstreetmap" not in page


def test_names_are_escaped_in_tooltips() -> None:
    page = _html(_stores(20, name=HOSTILE))
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=" in page


def _points(m) -> int:
    return sum(len(layer.columns["lat"]) for layer in _layers(m))


def test_every_store_is_a_point_below_the_limit() -> None:
    stores = _stores(300)
    m = _map(stores)
    assert _points(m) == stores.height + VILLAGES.height + SEATS.height
    assert len(_tooltips(m)) == _points(m)


def test_beyond_the_limit_stores_become_cells_and_the_page_stays_small() -> None:
    stores = _stores(45_000)
    m = _map(stores, lang="fa")
    assert _points(m) <= 2 * maps.MAX_CELLS + VILLAGES.height + SEATS.height
    assert len(m.get_root().render().encode()) < 500_000


def test_points_are_drawn_in_their_colours_with_their_tooltips() -> None:
    """Each point's colour and tooltip, as the browser builds them from the columns."""
    m = _map(_stores(300))
    stores = next(layer for layer in _layers(m) if layer.layer_name == "Active stores")
    colours = [stores.columns["colours"][c] for c in stores.columns["c"]]
    assert set(colours) <= set(maps.KIND_COLOURS.values()) and len(set(colours)) == 3
    assert all(t.startswith("Shop · ") and t.endswith(" · Active · Tehran") for t in
               _tooltips(m) if "· Active ·" in t)  # fmt: skip


def test_the_legend_is_in_the_page_language() -> None:
    assert "فروشگاه زنجیره‌ای" in _html(_stores(5), lang="fa")
    assert "Small shop only within 5.0 km" in _html(_stores(5), lang="en")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_map_draws_the_borders_and_names_of_the_province_s_counties(lang: str) -> None:
    page = _html(_stores(50), lang)
    counties = boundaries.counties("IR-23")["features"]
    assert len(counties) == 16
    names = [c["properties"][f"name_{lang}"] for c in counties]
    assert all(f'<div class=\\"kalabarg-county\\">{name}</div>' in page for name in names)
    assert page.count('"code": "IR-23"') == 1, "the province outline is on the map"
    assert page.count('"province_code": "IR-23"') == 16, "every county polygon, once"
    assert "© OpenStreetMap contributors" in page and "setPrefix(false)" in page


def test_a_county_s_map_is_fitted_to_that_county() -> None:
    county = boundaries.counties("IR-23")["features"][0]
    m = maps.stores_map(_stores(5), VILLAGES, COUNTIES, SEATS, "en", 5.0, "IR-23",
                        county["properties"]["id"])  # fmt: skip
    whole = boundaries.bounds(boundaries.counties("IR-23"))
    own = boundaries.bounds({"features": [county]})
    fitted = re.findall(r"fitBounds\(\s*(\[\[.*?\]\])", m.get_root().render(), re.S)
    assert [json.loads(b) for b in fitted] == [own] and own != whole


def test_a_choropleth_shades_the_worst_fifth_red_and_names_every_area() -> None:
    areas = boundaries.provinces()
    values = {f["properties"]["code"]: i / 30 for i, f in enumerate(areas["features"])}
    values["IR-05"] = None
    m = maps.choropleth(areas, "code", maps.Shading(values, lambda v: f"{v:.0%}", "Uptake"), "en")
    page = m.get_root().render()
    worst = min((v, c) for c, v in values.items() if v is not None)[1]
    best = max((v, c) for c, v in values.items() if v is not None)[1]
    fills = dict(re.findall(r'"code": "(IR-\d\d)", "fill": "(#[0-9a-f]{6})"', page))
    assert (fills[worst], fills[best], fills["IR-05"]) == (maps.SHADES[0], maps.SHADES[-1],
                                                           maps.NO_VALUE)  # fmt: skip
    assert len(fills) == 31 and page.count('class=\\"kalabarg-county\\"') == 31
    assert "\\u00a9 OpenStreetMap contributors" in page and "Uptake" in page


def test_fixed_bounds_shade_by_what_a_value_means_not_by_rank() -> None:
    """A load over capacity: every area under half is green however they rank, one over 100%
    red; the legend's classes are the fixed ones."""
    areas = boundaries.counties("IR-15")
    codes = [str(f["properties"]["id"]) for f in areas["features"]]
    values = {code: 0.01 * i for i, code in enumerate(codes)}  # all under half
    values[codes[0]] = 1.2
    shading = maps.Shading(values, lambda v: f"{v:.0%}", "Load", False, (0.5, 0.8, 1.0))
    page = maps.choropleth(areas, "id", shading, "en").get_root().render()
    fills = dict(re.findall(r'"code": "(\d+)", "fill": "(#[0-9a-f]{6})"', page))
    assert fills[codes[0]] == maps.SHADES[0], "over capacity: red"
    assert {fills[c] for c in codes[1:]} == {maps.SHADES[-1]}, "under half: green, all"
    assert maps.shade(0.9, [0.5, 0.8, 1.0], False) not in (maps.SHADES[0], maps.SHADES[-1])


def test_a_choropleth_with_no_values_still_draws() -> None:
    areas = boundaries.counties("IR-15")
    m = maps.choropleth(areas, "id", maps.Shading({}, str, "Reach"), "fa", outline="IR-15")
    page = m.get_root().render()
    assert page.count(maps.NO_VALUE) >= len(areas["features"])
    assert page.count('"code": "IR-15"') == 1, "the province's outline around its counties"
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert all(s.startswith("/app/static/leaflet/") for s in sources), "no outside host"


def test_the_province_map_shades_its_counties_under_the_stores() -> None:
    counties = boundaries.counties("IR-23")["features"]
    values = {str(c["properties"]["id"]): i for i, c in enumerate(counties)}
    shading = maps.Shading(values, str, "Stores per 10,000 residents")
    m = maps.stores_map(_stores(5), VILLAGES, COUNTIES, SEATS, "en", 5.0, "IR-23",
                        shading=shading)  # fmt: skip
    page = m.get_root().render()
    fills = re.findall(r'"fill": "(#[0-9a-f]{6})"', page)
    assert len(fills) == 16 and fills.count(maps.SHADES[0]) >= 3 and maps.SHADES[-1] in fills


def test_beyond_the_limit_villages_become_cells_but_the_uncovered_stay_one_by_one() -> None:
    rng = np.random.default_rng(2)
    n = maps.MAX_MARKERS + 500
    coverage = rng.choice(["chain", "small_shop_only", "none"], n, p=[0.2, 0.7, 0.1])
    many = pl.DataFrame(
        {
            "place_id": range(n), "name_fa": ["روستا"] * n, "name_en": [f"V{i}" for i in range(n)],
            "county_id": [1] * n, "population": [300] * n, "nearest_store_km": [3.0] * n,
            "nearest_chain_km": [9.0] * n, "coverage": coverage,
            "lat": rng.uniform(35.5, 35.9, n), "lon": rng.uniform(51.2, 51.6, n),
        }
    )  # fmt: skip
    m = maps.stores_map(_stores(50), many, COUNTIES, SEATS, "en", 5.0, "IR-23")
    page = re.sub(r"\\u([0-9a-fA-F]{4})", lambda u: chr(int(u.group(1), 16)), m.get_root().render())
    uncovered = int((coverage == "none").sum())
    tips = "".join(_tooltips(m))
    assert sum(f"<b>V{i}</b>" in tips for i in range(n)) == uncovered
    assert "Large rings: several villages" in page
    grouped = maps.cells(many.filter(pl.col("coverage") != "none"), "coverage",
                         tuple(maps.COVERAGE_COLOURS))  # fmt: skip
    assert grouped["n"].sum() == n - uncovered and grouped.height <= maps.MAX_CELLS


def test_the_country_is_drawn_with_less_detail_but_every_province() -> None:
    drawn, whole = boundaries.provinces_drawn(), boundaries.provinces()
    codes = [f["properties"]["code"] for f in drawn["features"]]
    assert codes == [f["properties"]["code"] for f in whole["features"]] and len(codes) == 31
    assert len(json.dumps(drawn)) < len(json.dumps(whole)) / 2
    for simple, full in zip(drawn["features"], whole["features"], strict=True):
        a, b = (shapely.geometry.shape(f["geometry"]) for f in (simple, full))
        assert a.is_valid and a.symmetric_difference(b).area < 0.02 * b.area
