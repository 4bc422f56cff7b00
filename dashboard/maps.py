"""Folium map builders for the stores page; they return maps and never call streamlit.

Leaflet is served from static/leaflet (npm leaflet 1.9.4, BSD-2-Clause), never from a CDN;
tiles come only from a configured tile server, else the background stays blank. Every text
that reaches a tooltip or popup is HTML-escaped: store and place names come from imported files.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Callable

import folium
import polars as pl
from branca.element import MacroElement
from jinja2 import Template

from dashboard import boundaries, calendar, i18n

LEAFLET_JS = [("leaflet", "/app/static/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", "/app/static/leaflet/leaflet.css")]
# stores are filled dots, villages rings; the two palettes share no hue, so a chain store and
# a village with a chain store near it cannot be taken for each other
KIND_COLOURS = {"chain": "#1d4ed8", "small_shop": "#9a3412", "cooperative": "#7c3aed"}
STATUS_COLOURS = {"suspended": "#64748b", "terminated": "#111827"}
COVERAGE_COLOURS = {"chain": "#16a34a", "small_shop_only": "#eab308", "none": "#dc2626"}
MAX_MARKERS = 1500  # beyond this, stores are drawn as cells (see cells)
# folium embeds a layer's data with Jinja's tojson, which writes every Persian letter as a
# six-byte \u escape; as UTF-8 a province's map is about half the size. This sets the policy
# of the Jinja environment that all of folium's own templates share (its tojson everywhere,
# not our Legend and Attribution); tojson still escapes <, >, & and ' (HTML-safe), and names
# are escaped again in _text.
folium.GeoJson._template.environment.policies["json.dumps_kwargs"] = {
    "sort_keys": True,
    "ensure_ascii": False,
}
CELL_DEG = 0.02
MAX_CELLS = 600


def _text(value: object) -> str:
    return html.escape(str(value), quote=True)


def base_map(bounds: list[list[float]], tiles_url: str, attribution: str, lang: str) -> folium.Map:
    """A map fitted to bounds, with local Leaflet, our look (_MAP_CSS), a scale bar in the
    page's language, its legends kept off the area (LegendRoom), and tiles only from tiles_url
    (if any)."""
    m = folium.Map(tiles=None, prefer_canvas=True, zoom_control=True)
    m.default_js = LEAFLET_JS
    m.default_css = LEAFLET_CSS
    m.get_root().header.add_child(folium.Element(_MAP_CSS))
    MetricScale(lang).add_to(m)
    if tiles_url:
        folium.TileLayer(tiles=tiles_url, attr=attribution or " ", name="tiles").add_to(m)
    m.fit_bounds(bounds)
    LegendRoom(bounds).add_to(m)
    return m


Label = tuple[str, tuple[str, ...]]


def label(words: str, *values: object) -> Label:
    """A tooltip: words, escaped HTML with {0}, {1}, ... where its values go, and the values
    (escaped here). The words of a layer are sent once and its features name them, so a
    province's thousand villages do not each carry the same sentences (Tooltips)."""
    return words, tuple(_text(v) for v in values)


def _feature(
    lat: float, lon: float, colour: str, tooltip: Label, radius: float = 4, ring: bool = False
) -> dict:
    """A point of a Points layer: where, its style (a filled dot, or a ring) and its tooltip
    (label)."""
    return {"lat": round(lat, 5), "lon": round(lon, 5), "colour": colour,
            "radius": round(radius, 1), "ring": int(ring), "tooltip": tooltip}  # fmt: skip


_JINJA = folium.GeoJson._template.environment  # folium's, with its UTF-8 tojson (above)


class Points(folium.map.Layer):
    """A switchable layer of circle markers (dots, or rings), sent as columns and drawn by
    Leaflet on the map's canvas: a province's thousands of points in one small object, the
    words of their tooltips once (Tooltips)."""

    _template = _JINJA.from_string(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var d = {{ this.columns | tojson }}, group = L.featureGroup();
            for (var i = 0; i < d.lat.length; i++) {
                var colour = d.colours[d.c[i]], ring = d.ring[i] === 1;
                var marker = L.circleMarker([d.lat[i], d.lon[i]], {
                    radius: d.r[i], color: colour, fill: true,
                    fillColor: ring ? "#ffffff" : colour, weight: ring ? 3 : 1,
                    fillOpacity: ring ? 0.9 : 0.85});
                marker.feature = {properties: {t: d.t[i], v: d.v[i]}};
                group.addLayer(marker);
            }
            return group;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, name: str, points: list[dict], show: bool = True) -> None:
        super().__init__(name=name, overlay=True, show=show)
        self._name = "Points"
        colours = list(dict.fromkeys(p["colour"] for p in points))
        words = list(dict.fromkeys(p["tooltip"][0] for p in points))
        self.columns = {
            "lat": [p["lat"] for p in points],
            "lon": [p["lon"] for p in points],
            "r": [p["radius"] for p in points],
            "ring": [p["ring"] for p in points],
            "colours": colours,
            "c": [colours.index(p["colour"]) for p in points],
            "t": [words.index(p["tooltip"][0]) for p in points],
            "v": [p["tooltip"][1] for p in points],
        }
        self.add_child(Tooltips(words))


class Tooltips(MacroElement):
    """The tooltips of a layer's points, written in the browser: each point's words (by their
    number in this layer's list) with its values in their places."""

    _template = _JINJA.from_string(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var words = {{ this.words | tojson }};
            {{ this._parent.get_name() }}.bindTooltip(function (layer) {
                var p = layer.feature.properties;
                var text = words[p.t].replace(/\\{(\\d+)\\}/g, function (_, i) { return p.v[i]; });
                var div = L.DomUtil.create("div");
                div.innerHTML = "<table><tr><td>" + text + "</td></tr></table>";
                return div;
            }, {sticky: true, className: "foliumtooltip"});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, words: list[str]) -> None:
        super().__init__()
        self.words = words


def _layer(m: folium.Map, name: str, points: list[dict], show: bool = True) -> None:
    """One layer of circle markers (Points); an empty layer is left out."""
    if points:
        Points(_text(name), points, show).add_to(m)


BORDER_COLOUR = "#334155"


def _outline(m: folium.Map, province: str, lang: str) -> None:
    """The province's outline, thick."""
    folium.GeoJson(
        boundaries.provinces(province),
        name=_text(i18n.t("map.borders", lang)),
        control=False,
        interactive=False,
        style_function=lambda _: {"color": BORDER_COLOUR, "weight": 3, "fill": False},
    ).add_to(m)


def add_borders(
    m: folium.Map, province: str, counties: dict, lang: str, county_lines: bool = True
) -> None:
    """The province's outline, its county borders (unless the shaded counties draw them) and
    the county names at their points."""
    if county_lines:
        folium.GeoJson(
            counties,
            control=False,
            interactive=False,
            style_function=lambda _: {
                "color": BORDER_COLOUR, "weight": 1.2, "fill": False, "opacity": 0.9,
            },
        ).add_to(m)  # fmt: skip
    _outline(m, province, lang)
    add_names(m, counties, lang)


class MetricScale(MacroElement):
    """The scale bar in kilometres only (Leaflet's default adds miles), its label in the
    page's language: in Persian, Persian digits and words ('۵۰ کیلومتر'), right to left.
    Leaflet writes '50 km' or '500 m' (its _updateScale); the label is rewritten there."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var words = {{ this.words | tojson }};
            var Scale = L.Control.Scale.extend({
                _updateScale: function (scale, text, ratio) {
                    var part = text.split(" ");
                    var number = part[0].replace(/[0-9.]/g, function (c) { return words[c]; });
                    L.Control.Scale.prototype._updateScale.call(
                        this, scale, number + " " + words[part[1]], ratio);
                    scale.dir = {{ this.direction | tojson }};
                }
            });
            new Scale({imperial: false}).addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.direction = "rtl" if lang == "fa" else "ltr"
        self.words = dict(zip("0123456789", calendar.digits("0123456789", lang), strict=True))
        self.words |= {".": "٫" if lang == "fa" else ".", "m": i18n.t("map.m", lang),
                       "km": i18n.t("map.km", lang)}  # fmt: skip


class LegendRoom(MacroElement):
    """Legends that never hide the area (at 1280x720 as on a phone). Each legend (Legend) is a
    <details> that folds to its title. Once the map is drawn, the legends are tried open, then
    folded; the first way the area (bounds, as the map was fitted) fits beside them (the room
    they take kept free on the left and right), or above them, at the zoom it was fitted at is
    taken and the map fitted to it. Where none fits, the legends stay folded (the user opens
    them)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, bounds) {
            var GAP = 8;
            function room(legends, axis) {
                var box = map.getContainer().getBoundingClientRect();
                var left = 0, right = 0, bottom = 0;
                legends.forEach(function (legend) {
                    var r = legend.getBoundingClientRect();
                    if (r.left - box.left < box.width / 2) {
                        left = Math.max(left, r.right - box.left + GAP);
                    } else {
                        right = Math.max(right, box.right - r.left + GAP);
                    }
                    bottom = Math.max(bottom, box.bottom - r.top + GAP);
                });
                return axis === "x" ? [[left, 0], [right, 0]] : [[0, 0], [0, bottom]];
            }
            function arrange() {
                var legends = map.getContainer().querySelectorAll("details.kalabarg-legend");
                if (!legends.length) { return; }
                var zoom = map.getBoundsZoom(bounds);
                var ways = [[true, "x"], [true, "y"], [false, "x"], [false, "y"]];
                for (var i = 0; i < ways.length; i++) {
                    legends.forEach(function (legend) { legend.open = ways[i][0]; });
                    var pad = room(legends, ways[i][1]);
                    var total = L.point(pad[0]).add(L.point(pad[1]));
                    if (map.getBoundsZoom(bounds, false, total) >= zoom) {
                        map.fitBounds(bounds, {paddingTopLeft: pad[0], paddingBottomRight: pad[1]});
                        map.getContainer().dataset.legends = ways[i][0] ? "open" : "folded";
                        return;
                    }
                }
                map.fitBounds(bounds);
                map.getContainer().dataset.legends = "folded";
            }
            function styled() {  // Leaflet's stylesheet applied: the legends in their corners
                var corner = map.getContainer().querySelector(".leaflet-bottom");
                return corner && getComputedStyle(corner).position === "absolute";
            }
            function when(ready, then, tries) {
                if (ready() || tries <= 0) { then(); } else {
                    setTimeout(function () { when(ready, then, tries - 1); }, 50);
                }
            }
            map.whenReady(function () {
                (document.fonts ? document.fonts.ready : Promise.resolve()).then(function () {
                    when(styled, arrange, 200);
                });
            });
        })({{ this._parent.get_name() }}, {{ this.bounds | tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self.bounds = bounds


class Attribution(MacroElement):
    """Our own attribution line (no prefix: no third-party branding), naming the map data."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix(false);
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text | tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


_MAP_CSS = """<style>
.leaflet-container{background:#f1f5f9;}
.kalabarg-county{transform:translate(-50%,-50%);white-space:nowrap;color:#1e293b;
font:600 14px Vazirmatn,sans-serif;pointer-events:none;
text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;}
.leaflet-control-attribution{font:12px Vazirmatn,sans-serif;}
.leaflet-control-scale-line{font:12px Vazirmatn,sans-serif;}
.kalabarg-legend summary{cursor:pointer;font-weight:700;}
</style>"""


def add_stores(m: folium.Map, stores: pl.DataFrame, lang: str) -> None:
    """Active stores coloured by kind, and suspended or terminated terminals, as two layers;
    cells (store counts by kind) when a layer holds over MAX_MARKERS."""
    county = i18n.local_column("county_name", lang)
    active = stores.filter(status="active")
    cut = stores.filter(pl.col("status") != "active")
    for layer, rows, colour_of in (
        (i18n.t("map.stores", lang), active, lambda r: KIND_COLOURS[r["kind"]]),
        (i18n.t("map.cut", lang), cut, lambda r: STATUS_COLOURS[r["status"]]),
    ):
        if rows.height > MAX_MARKERS:
            _layer(m, layer, _cell_features(rows, lang))
            continue
        features = []
        for r in rows.iter_rows(named=True):
            kind = _text(i18n.t(f"kind.{r['kind']}", lang))
            status = _text(i18n.t(f"status.{r['status']}", lang))
            tip = label(i18n.joined(("{0}", kind, status, "{1}"), lang), r["name"], r[county])
            features.append(_feature(r["lat"], r["lon"], colour_of(r), tip))
        _layer(m, layer, features)


def cells(rows: pl.DataFrame, by: str = "kind", classes: tuple[str, ...] = ()) -> pl.DataFrame:
    """Rows (stores by kind, or villages by coverage) counted per class in square cells:
    CELL_DEG degrees, doubled until there are at most MAX_CELLS cells (each cell is one
    marker on the map). classes default to the store kinds."""
    classes = classes or tuple(KIND_COLOURS)
    size = CELL_DEG
    while True:
        grouped = (
            rows.with_columns(
                row=(pl.col("lat") / size).floor(), col=(pl.col("lon") / size).floor()
            )
            .group_by("row", "col")
            .agg(
                lat=pl.col("lat").mean(),
                lon=pl.col("lon").mean(),
                n=pl.len(),
                **{k: (pl.col(by) == k).sum() for k in classes},
            )
        )
        if grouped.height <= MAX_CELLS:
            return grouped
        size *= 2


def _cell_features(
    rows: pl.DataFrame, lang: str, by: str = "kind", radius_km: float | None = None
) -> list[dict]:
    """One marker per cell, in the colour of its commonest class, its counts in the tooltip:
    stores by kind (dots), or villages by coverage class (rings, by='coverage')."""
    colours = KIND_COLOURS if by == "kind" else COVERAGE_COLOURS
    r = None if radius_km is None else i18n.number(radius_km, lang, 1)

    def name(k: str) -> str:
        return i18n.t(f"kind.{k}", lang) if by == "kind" else i18n.t(f"coverage.{k}", lang, r=r)

    features = []
    for c in cells(rows, by, tuple(colours)).iter_rows(named=True):
        main = max(colours, key=lambda k: c[k])
        shown = [k for k in colours if c[k]]
        words = "<br>".join(f"{_text(name(k))}: {{{i}}}" for i, k in enumerate(shown))
        tip = label(words, *(i18n.number(c[k], lang) for k in shown))
        radius = min(3 + 2 * math.sqrt(c["n"]), 18)
        ring = by != "kind"
        features.append(_feature(c["lat"], c["lon"], colours[main], tip, radius, ring=ring))
    return features


def add_density(m: folium.Map, counties: pl.DataFrame, seats: pl.DataFrame, lang: str) -> None:
    """Per county, a circle at its point sized by active stores per 10,000 residents."""
    name = i18n.local_column("county_name", lang)
    features = []
    for r in counties.join(seats, on="county_id").iter_rows(named=True):
        per_10k = r["stores_per_10k"] or 0
        per_store = i18n.number(r["households_per_store"], lang)
        words = i18n.joined(
            (
                "{0}",
                f"{{1}} {_text(i18n.t('map.per_10k', lang))}",
                f"{{2}} {_text(i18n.t('map.hh_per_store', lang))}",
            ),
            lang,
        )
        tip = label(words, r[name], i18n.number(per_10k, lang, 1), per_store)
        features.append(_feature(r["lat"], r["lon"], "#2563eb", tip, 4 + per_10k / 2))
    _layer(m, i18n.t("map.density", lang), features, show=False)


def add_villages(m: folium.Map, villages: pl.DataFrame, lang: str, radius_km: float) -> None:
    """Villages coloured by coverage class, each with its name, class and distances in its
    tooltip (the nearest chain store's only where it is not the nearest store's class)."""
    name = i18n.local_column("name", lang)
    radius = i18n.number(radius_km, lang, 1)
    features = []
    one_by_one = villages
    if villages.height > MAX_MARKERS:  # the uncovered always one by one, the others in cells
        one_by_one = villages.filter(coverage="none")
        grouped = villages.filter(pl.col("coverage") != "none")
        features = _cell_features(grouped, lang, by="coverage", radius_km=radius_km)
    for r in one_by_one.iter_rows(named=True):
        lines = [
            "<b>{0}</b>",
            _text(i18n.t(f"coverage.{r['coverage']}", lang, r=radius)),
            f"{_text(i18n.t('map.nearest_store', lang))}: {_km(r['nearest_store_km'], 1, lang)}",
        ]
        values = [r[name], _km_value(r["nearest_store_km"], lang)]
        if r["coverage"] != "chain":
            chain = _km(r["nearest_chain_km"], 2, lang)
            lines.append(f"{_text(i18n.t('map.nearest_chain', lang))}: {chain}")
            values.append(_km_value(r["nearest_chain_km"], lang))
        if r.get("source") == "synthetic":
            lines.append(f"<i>{_text(i18n.t('map.synthetic', lang))}</i>")
        colour = COVERAGE_COLOURS[r["coverage"]]
        tip = label("<br>".join(lines), *values)
        features.append(_feature(r["lat"], r["lon"], colour, tip, 5, ring=True))
    # tooltips, not folium popups: those need jQuery, which is not served
    _layer(m, i18n.t("map.villages", lang), features)


def _km(value: float | None, place: int, lang: str) -> str:
    """A distance's words: the value's place ({place}) and the unit, or no value."""
    if value is None:
        return _text(i18n.t("kpi.no_value", lang))
    return f"{{{place}}} {_text(i18n.t('map.km', lang))}"


def _km_value(value: float | None, lang: str) -> str:
    return "" if value is None else i18n.number(value, lang, 1)


class Legend(MacroElement):
    """A Leaflet control listing the colours, in the page's language: a <details> under its
    summary, open or folded to it as there is room (LegendRoom)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var legend = L.control({position: {{ this.position | tojson }}});
        legend.onAdd = function () {
            var box = L.DomUtil.create("details", "kalabarg-legend");
            box.open = true;
            box.style.cssText = "background:#fff;padding:6px 10px;border-radius:6px;"
                + "max-width:300px;box-shadow:0 1px 5px rgba(0,0,0,0.4);"
                + "font:14px Vazirmatn,sans-serif;line-height:1.45;direction:{{ this.direction }}";
            box.innerHTML = "<summary>" + {{ this.summary | tojson }} + "</summary>"
                + {{ this.body | tojson }};
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            return box;
        };
        legend.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self, lang: str, radius_km: float, cells: bool = False, village_cells: bool = False
    ) -> None:
        super().__init__()
        self.direction = "rtl" if lang == "fa" else "ltr"
        self.position = "bottomright"
        self.summary = _text(i18n.t("map.legend", lang))
        dot, ring = "&#9679;", "&#9711;"
        rows = [(dot, KIND_COLOURS[k], i18n.t(f"kind.{k}", lang)) for k in KIND_COLOURS]
        rows += [(dot, STATUS_COLOURS[s], i18n.t(f"status.{s}", lang)) for s in STATUS_COLOURS]
        radius = i18n.number(radius_km, lang, 1)
        rows += [
            (ring, COVERAGE_COLOURS[c], i18n.t(f"coverage.{c}", lang, r=radius))
            for c in COVERAGE_COLOURS
        ]
        lines = [
            f'<span style="color:{colour};font-size:20px;vertical-align:middle">{mark}</span> '
            f"{_text(label)}"
            for mark, colour, label in rows
        ]
        if cells:
            lines.append(f"<i>{_text(i18n.t('map.cells_legend', lang))}</i>")
        if village_cells:
            lines.append(f"<i>{_text(i18n.t('map.village_cells_legend', lang))}</i>")
        self.body = "<br>".join(lines)


def _bounds(counties: dict, county: int | None) -> list[list[float]]:
    """The bounds a province's map is fitted to: its counties', or the one county's."""
    own = [f for f in counties["features"] if f["properties"]["id"] == county]
    return boundaries.bounds({"type": "FeatureCollection", "features": own or counties["features"]})


def in_cells(stores: pl.DataFrame) -> bool:
    """Whether a stores map draws some of these stores in cells (add_stores decides layer by
    layer: the active stores, the cut terminals)."""
    return any(
        stores.filter(active).height > MAX_MARKERS
        for active in (pl.col("status") == "active", pl.col("status") != "active")
    )


def stores_map(
    stores: pl.DataFrame,
    villages: pl.DataFrame,
    counties: pl.DataFrame,
    seats: pl.DataFrame,
    lang: str,
    radius_km: float,
    province: str,
    county: int | None = None,
    tiles_url: str = "",
    attribution: str = "",
    shading: Shading | None = None,
) -> folium.Map:
    """The stores page's map of a province (or one county of it): its counties shaded by
    shading (if given), its borders and county names, stores, cut terminals, density per
    county, villages by coverage, switchable layers, a legend and the map data's
    attribution."""
    province_counties = boundaries.counties(province)
    m = base_map(_bounds(province_counties, county), tiles_url, attribution, lang)
    if shading is not None:
        add_shading(m, province_counties, "id", shading, lang)
    add_borders(m, province, province_counties, lang, county_lines=shading is None)
    add_density(m, counties, seats, lang)
    add_stores(m, stores, lang)
    add_villages(m, villages, lang, radius_km)
    folium.LayerControl(collapsed=True).add_to(m)  # an icon: the legends need the room
    m.add_child(Legend(lang, radius_km, in_cells(stores), villages.height > MAX_MARKERS))
    m.add_child(Attribution(boundaries.ATTRIBUTION))
    return m


SHADES = ("#b91c1c", "#f97316", "#facc15", "#84cc16", "#15803d")  # worst to best, five classes
NO_VALUE = "#e2e8f0"
EVEN = "#93c5fd"  # every area has the same value


def classes(values: list[float | None]) -> list[float]:
    """The inner bounds of up to five classes (quintiles of the values that exist; equal
    quintiles merge, so many equal values make fewer classes)."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return []
    cuts = {known[min(len(known) - 1, round(len(known) * q / 5))] for q in range(1, 5)}
    return sorted(cut for cut in cuts if cut > known[0])


def palette(bounds: list[float], low_is_bad: bool = True) -> tuple[str, ...]:
    """The colour of each class, worst first, spread over the whole scale (two classes are red
    and green); one class (all values equal) is EVEN: nothing is worse than anything."""
    if not bounds:
        return (EVEN,)
    last = len(bounds)
    picked = tuple(SHADES[round(i * (len(SHADES) - 1) / last)] for i in range(last + 1))
    return picked if low_is_bad else tuple(reversed(picked))


def shade(value: float | None, bounds: list[float], low_is_bad: bool = True) -> str:
    """The class colour of value (red for the worst class)."""
    if value is None:
        return NO_VALUE
    return palette(bounds, low_is_bad)[sum(value >= b for b in bounds)]


@dataclasses.dataclass(frozen=True)
class Shading:
    """What a map's areas are shaded by: a value per area code (None: no value), how a value
    reads, the legend's title, whether a low value is the bad news, and fixed class bounds
    where a value has a meaning of its own (a load over capacity: 100% is full)."""

    values: dict[str, float | None]
    fmt: Callable[[float], str]
    title: str
    low_is_bad: bool = True
    bounds: tuple[float, ...] = ()  # fixed inner class bounds (else the values' quintiles)


def add_shading(m: folium.Map, areas: dict, key: str, shading: Shading, lang: str) -> None:
    """Areas (a FeatureCollection whose property `key` names each) filled by their value in up
    to five classes, worst red, each with its name and value in a tooltip, and the classes'
    legend. A click on an area is returned by st_folium (last_active_drawing)."""
    name = i18n.local_column("name", lang)
    bounds = list(shading.bounds) or classes(list(shading.values.values()))
    features = []
    for feature in areas["features"]:
        code = str(feature["properties"][key])
        value = shading.values.get(code)
        props = {
            "code": code,
            "label": f"<b>{_text(feature['properties'][name])}</b><br>"
            f"{_text(_value(shading.fmt, value, lang))}",
            "fill": shade(value, bounds, shading.low_is_bad),
        }
        features.append({**feature, "properties": props})
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=_text(shading.title),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"], "color": BORDER_COLOUR, "weight": 1,
            "fillOpacity": 0.6,
        },
        highlight_function=lambda f: {"weight": 3},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=True),
    ).add_to(m)  # fmt: skip
    m.add_child(ShadeLegend(shading.title, bounds, shading.fmt, lang, shading.low_is_bad))


def add_names(m: folium.Map, areas: dict, lang: str) -> None:
    """The areas' names at their points, readable on a projector (a switchable layer)."""
    name = i18n.local_column("name", lang)
    labels = folium.FeatureGroup(name=_text(i18n.t("map.county_names", lang)))
    for feature in areas["features"]:
        folium.Marker(
            boundaries.label_point(feature),
            icon=folium.DivIcon(
                html=f'<div class="kalabarg-county">{_text(feature["properties"][name])}</div>',
                icon_size=(0, 0),
                class_name="kalabarg-county-icon",
            ),
            interactive=False,
        ).add_to(labels)
    labels.add_to(m)


def choropleth(
    areas: dict, key: str, shading: Shading, lang: str, outline: str | None = None
) -> folium.Map:
    """A map of areas shaded by shading (add_shading), their names, the outline of a province
    (for its counties) and the map data's attribution."""
    m = base_map(boundaries.bounds(areas), "", "", lang)
    add_shading(m, areas, key, shading, lang)
    if outline is not None:
        _outline(m, outline, lang)
    add_names(m, areas, lang)
    m.add_child(Attribution(boundaries.ATTRIBUTION))
    return m


def _swatch(colour: str) -> str:
    """A legend's square of colour."""
    return (
        f'<span style="background:{colour};display:inline-block;width:18px;height:14px;'
        'vertical-align:middle"></span>'
    )


def _value(fmt: Callable[[float], str], value: float | None, lang: str) -> str:
    return i18n.t("kpi.no_value", lang) if value is None else fmt(value)


class ShadeLegend(Legend):
    """The five classes of a choropleth and what they mean."""

    def __init__(
        self,
        title: str,
        bounds: list[float],
        fmt: Callable[[float], str],
        lang: str,
        low_is_bad: bool,
    ) -> None:
        MacroElement.__init__(self)
        self.direction = "rtl" if lang == "fa" else "ltr"
        self.position = "bottomleft"
        self.summary = _text(title)
        shades = palette(bounds, low_is_bad)
        edges = [None, *bounds, None]
        lines = []
        for colour, low, high in zip(shades, edges[:-1], edges[1:], strict=False):
            lo = "" if low is None else fmt(low)
            hi = "" if high is None else fmt(high)
            lines.append(f"{_swatch(colour)} {lo} – {hi}")
        lines.append(f"{_swatch(NO_VALUE)} {_text(i18n.t('kpi.no_value', lang))}")
        self.body = "<br>".join(lines)


RISK_COLOURS = ("#be123c", "#f97316", "#facc15")  # two patterns or more, one strong, one


def risk_map(
    stores: pl.DataFrame,
    province: str,
    county: int | None,
    lang: str,
    tiles_url: str = "",
    attribution: str = "",
) -> folium.Map:
    """The stores raising a pattern (rows of queries.risk.scan with a score) over the
    province's (or the county's) borders, coloured by score, the bigger the higher."""
    counties = boundaries.counties(province)
    m = base_map(_bounds(counties, county), tiles_url, attribution, lang)
    add_borders(m, province, counties, lang)
    features = []
    for r in stores.iter_rows(named=True):
        colour = RISK_COLOURS[0 if r["raised"] >= 2 else 1 if r["score"] >= 1.5 else 2]
        patterns = [i18n.t(f"pattern.{c}", lang) for c in r["flags"].split(";")]
        words = i18n.t("list.separator", lang).join(patterns)
        tip = label(
            i18n.joined(("{0}", _text(words), f"{_text(i18n.t('col.score', lang))} {{1}}"), lang),
            r["name"],
            i18n.number(r["score"], lang, 2),
        )
        features.append(_feature(r["lat"], r["lon"], colour, tip, radius=4 + 2 * r["score"]))
    _layer(m, i18n.t("risk.map", lang), features)
    m.add_child(Attribution(boundaries.ATTRIBUTION))
    return m
