"""The province and county polygons the maps draw (data/reference/*.geojson, OpenStreetMap,
ODbL), read once per process."""

from __future__ import annotations

import functools
import json

import shapely
import shapely.geometry

from dashboard import paths

ATTRIBUTION = "© OpenStreetMap contributors"


@functools.cache
def _features(name: str) -> tuple[dict, ...]:
    return tuple(json.loads((paths.REFERENCE / name).read_text())["features"])


def load() -> None:
    """Read every polygon now (a server's warming), not when the first map of a process is
    drawn (0.3 s then: the province map of a first province pick waited for it)."""
    for name in ("provinces.geojson", "counties.geojson"):
        _features(name)
    provinces_drawn()


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def counties(province: str) -> dict:
    """The county polygons of a province (properties id, province_code, name_fa, name_en, and
    lat, lon: the county's point, where its name is written)."""
    return _collection(
        [f for f in _features("counties.geojson") if f["properties"]["province_code"] == province]
    )


def provinces(code: str | None = None) -> dict:
    """The province polygons (properties code, name_fa, name_en, lat, lon: a point inside it):
    all, or the one of code."""
    return _collection(
        [f for f in _features("provinces.geojson") if code in (None, f["properties"]["code"])]
    )


COUNTRY_DETAIL_DEG = 0.01  # about 1 km: under a pixel on a map of the whole country


@functools.cache
def provinces_drawn() -> dict:
    """The province polygons as a map of the whole country draws them: simplified to
    COUNTRY_DETAIL_DEG, each border on its own (what is sent to every browser, a quarter of
    the detail)."""
    features = []
    for feature in _features("provinces.geojson"):
        shape = shapely.geometry.shape(feature["geometry"])
        simple = shapely.set_precision(shape.simplify(COUNTRY_DETAIL_DEG), 0.001)
        features.append({**feature, "geometry": shapely.geometry.mapping(simple)})
    return _collection(features)


def bounds(collection: dict) -> list[list[float]]:
    """[[south, west], [north, east]] of a FeatureCollection's polygons."""
    lons, lats = [], []
    for feature in collection["features"]:
        for ring in _rings(feature["geometry"]):
            lons += [point[0] for point in ring]
            lats += [point[1] for point in ring]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def label_point(feature: dict) -> list[float]:
    """[lat, lon] where a polygon's name is written: its point, inside it."""
    return [feature["properties"]["lat"], feature["properties"]["lon"]]
