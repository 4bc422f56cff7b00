"""The shipped reference data: 31 provinces, census totals, places inside Iran."""

from __future__ import annotations

import json

import polars as pl
import pytest
import shapely

from dashboard import paths, setup
from tests.conftest import ROOT

REF = setup.reference_tables()


def test_31_provinces_with_new_and_old_codes() -> None:
    p = REF["provinces"]
    assert p.height == 31
    assert sorted(p["code"]) == [f"IR-{i:02d}" for i in range(31)]
    old = sorted(p["old_code"])
    assert old == sorted(f"IR-{i:02d}" for i in range(1, 33) if i != 9)
    assert p.filter(code="IR-23")["name_en"].item() == "Tehran"
    assert p.filter(code="IR-15")["old_code"].item() == "IR-20"


def test_census_totals() -> None:
    p = REF["provinces"]
    assert p["population"].sum() == 79_926_270  # 2016 census (DOMAIN.md)
    lorestan = p.filter(code="IR-15")
    assert lorestan["population"].item() == 1_760_649
    assert lorestan["households"].item() == 509_025


def test_counties_add_up_to_their_province() -> None:
    sums = REF["counties"].group_by("province_code").agg(pl.col("population").sum())
    joined = sums.join(REF["provinces"], left_on="province_code", right_on="code")
    assert joined.height == 31
    assert (joined["population"] == joined["population_right"]).all()


def test_places_are_in_iran_and_in_a_county() -> None:
    places = REF["places"]
    assert places.height > 2000
    assert places["lat"].is_between(25, 40).all()
    assert places["lon"].is_between(44, 64).all()
    assert places["county_id"].is_in(REF["counties"]["id"].implode()).all()
    assert set(places["kind"]) == {"city", "village"}
    assert places["name_fa"].str.contains("[\u0600-\u06ff]").mean() > 0.95


GEO = ROOT.parent / "shared" / "geo"


def _shapes(name: str, key: str) -> dict:
    features = json.loads((paths.REFERENCE / name).read_text())["features"]
    return {f["properties"][key]: shapely.geometry.shape(f["geometry"]) for f in features}


def test_every_county_has_a_polygon_and_says_where_it_came_from() -> None:
    counties = REF["counties"]
    shapes = _shapes("counties.geojson", "id")
    assert set(shapes) == set(counties["id"])
    assert all(shape.is_valid and shape.area > 0 for shape in shapes.values())
    made = counties.filter(pl.col("boundary") != "osm")
    assert dict(made.select("name_en", "boundary").iter_rows()) == {
        "Mamulan": "osm, less the part split off for Poldokhtar",
        "Poldokhtar": "no OSM polygon: split from Mamulan between the seats",
    }
    assert counties["id"].n_unique() == counties.height
    assert counties["name_en"].str.len_chars().min() > 0


@pytest.mark.skipif(not GEO.exists(), reason="../shared/geo is not beside the checkout")
def test_one_county_per_osm_polygon_and_poldokhtar() -> None:
    features = json.loads((GEO / "iran_adm2_counties.geojson").read_text())["features"]
    osm = pl.DataFrame([f["properties"] for f in features]).group_by("province_iso").len()
    ours = REF["counties"].group_by("province_code").len()
    joined = osm.join(ours, left_on="province_iso", right_on="province_code")
    extra = {r["province_iso"]: r["len_right"] - r["len"] for r in joined.iter_rows(named=True)}
    assert extra == {code: int(code == "IR-15") for code in extra} and len(extra) == 31


def test_every_place_lies_in_its_county() -> None:
    """Inside its county's polygon, or (coastal places off the simplified coastline) within
    COAST_KM of it."""
    shapes = _shapes("counties.geojson", "id")
    outside = []
    for place in REF["places"].iter_rows(named=True):
        point = shapely.geometry.Point(place["lon"], place["lat"])
        county = shapes[place["county_id"]]
        if not county.contains(point):
            assert county.distance(point) * 111.2 <= 5.0, place["name_en"]
            outside.append(place["name_en"])
    assert len(outside) < 20, outside


def test_a_county_s_point_is_inside_it() -> None:
    shapes = _shapes("counties.geojson", "id")
    for row in REF["counties"].iter_rows(named=True):
        assert shapes[row["id"]].contains(shapely.geometry.Point(row["lon"], row["lat"]))


def test_every_county_has_a_place_and_synthetic_ones_say_so() -> None:
    places = REF["places"]
    assert set(places["county_id"]) == set(REF["counties"]["id"])
    assert set(places["source"]) == {"geonames", "synthetic"}
    assert places.filter(source="synthetic").height < 30


def test_provinces_have_polygons() -> None:
    assert set(_shapes("provinces.geojson", "code")) == set(REF["provinces"]["code"])
