"""Folium maps sent to the browser through streamlit_folium's component, each rendered once
per (view, data version) and shared by every session; the area clicked on a map, and the
choice of the measure it shades.

st_folium renders the whole map to JavaScript on every run it is called in: 0.2-0.4 s of CPU
for a province's stores map, besides building it (0.1-0.3 s), on every rerun of the page,
however little changed. Here the map is built and rendered once, and each run sends what
st_folium would send (streamlit-folium 0.27.4, pinned): the same component, script, header
and links, so it draws and answers clicks as before (tests/browser/test_pages.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import folium
import streamlit as st
import streamlit_folium as component

from dashboard import db, i18n
from dashboard.filters import Filters
from frame import cache
from frame.state import language


@dataclasses.dataclass(frozen=True)
class Drawn:
    """A map as st_folium's component receives it; key changes with the map's content (as
    st_folium's does), so a different map starts with no click."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    key: str


def _elements(element: Any) -> Iterator[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _elements(child)


def render(m: folium.Map, key: str) -> Drawn:
    """The map m rendered as st_folium renders it (m is changed by it: render it once)."""
    m.get_root().render()
    m.render()
    html, header = component._get_html(m), component._get_header(m)  # before the script
    script = component._get_map_string(m)
    css = [href for e in _elements(m) for _, href in getattr(e, "default_css", [])]
    js = [src for e in _elements(m) for _, src in getattr(e, "default_js", [])]
    return Drawn(
        script, header, html, component.get_full_id(m), tuple(dict.fromkeys(css)),
        tuple(dict.fromkeys(js)), component.generate_js_hash(script, key),
    )  # fmt: skip


@st.cache_resource(ttl=cache.TTL_SECONDS, max_entries=100, show_spinner=False)
def _drawn(
    url: str, version: object, key: str, f: Filters, _build: Callable[[], folium.Map]
) -> Drawn:
    return render(_build(), key)


def show(build: Callable[[], folium.Map], key: str, f: Filters, height: int) -> dict | None:
    """The map build() makes for view f (key names everything else it depends on: the page,
    the measure shaded, the language), drawn; what the component returns (the last area
    clicked)."""
    drawn = _drawn(db.database_url(), cache.version(), key, cache.shared(f), build)
    return component._component_func(
        script=drawn.script, header=drawn.header, html=drawn.html, id=drawn.map_id,
        key=drawn.key, height=height, width=None, returned_objects=["last_active_drawing"],
        default={"last_active_drawing": None}, zoom=None, center=None, feature_group=None,
        return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(drawn.css_links), js_links=list(drawn.js_links), wrap_longitude=False,
    )  # fmt: skip


def area_map(build: Callable[[], Any], key: str, f: Filters, height: int = 520) -> list[str]:
    """Show the map of areas build() makes (dashboard.maps) for view f, built once per view
    and data version (show; key names what else it shows); the code of an area the user has
    just clicked on it, for frame.state.narrow_to (a click seen before is not returned again,
    so coming back to this map does not narrow again)."""
    event = show(build, key, f, height)
    drawing = (event or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("code")
    seen = st.session_state.get(f"{key}-seen")
    st.session_state[f"{key}-seen"] = code
    return [code] if code and code != seen else []


def measure(options: tuple[str, ...], key: str) -> str:
    """A choice between the measures a map can shade (labels: i18n 'measure.<option>')."""
    lang = language()
    chosen = st.segmented_control(
        i18n.t("map.measure", lang),
        options,
        default=options[0],
        format_func=lambda o: i18n.t(f"measure.{o}", lang),
        required=True,
        key=key,
    )
    return chosen or options[0]
