"""The shipped reference data: 31 provinces, census totals, places inside Iran."""

from __future__ import annotations

import polars as pl

from dashboard import db

REF = db.reference_frames()


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
