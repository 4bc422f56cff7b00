"""Synthetic villages (dashboard.sample.villages): the country's real density, each inside its
county's polygon, marked synthetic."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest
from shapely.geometry import Point, shape

from dashboard import paths, setup
from dashboard.sample import villages

REF = setup.reference_tables()


@pytest.fixture(scope="module")
def counts() -> pl.DataFrame:
    return villages.village_counts(REF["counties"], REF["places"]).join(
        REF["counties"].select(pl.col("id").alias("county_id"), "province_code"), on="county_id"
    )


def test_about_sixty_thousand_villages_nationally(counts: pl.DataFrame) -> None:
    assert abs(counts["villages"].sum() - villages.NATIONAL_VILLAGES) <= counts.height / 2
    per_province = dict(counts.group_by("province_code").agg(pl.col("villages").sum()).rows())
    assert len(per_province) == 31 and min(per_province.values()) > 300
    assert per_province["IR-15"] > 1_000, "thousands in a province like Lorestan"
    listed = REF["places"].filter(kind="village").height
    assert counts["missing"].sum() >= villages.NATIONAL_VILLAGES - listed - counts.height


@pytest.fixture(scope="module")
def lorestan() -> pl.DataFrame:
    rng = np.random.default_rng(3)
    own = REF["counties"].filter(province_code="IR-15")
    return villages.villages(rng, own, REF["counties"], REF["places"], 1.0)


def test_every_village_lies_inside_its_county(lorestan: pl.DataFrame) -> None:
    features = json.loads((paths.REFERENCE / "counties.geojson").read_text())["features"]
    polygons = {f["properties"]["id"]: shape(f["geometry"]) for f in features}
    for row in lorestan.iter_rows(named=True):
        assert polygons[row["county_id"]].contains(Point(row["lon"], row["lat"]))
    assert set(lorestan["county_id"]) == set(REF["counties"].filter(province_code="IR-15")["id"])


def test_villages_are_marked_synthetic_with_plausible_people(lorestan, counts) -> None:
    assert set(lorestan["source"]) == {"synthetic"} and set(lorestan["kind"]) == {"village"}
    assert lorestan["population"].is_between(20, villages.MAX_PEOPLE).all()
    assert 100 < lorestan["population"].median() < 600
    assert lorestan["id"].n_unique() == lorestan.height and lorestan["id"].min() > 10**9
    assert lorestan.height == counts.filter(province_code="IR-15")["missing"].sum()
    assert lorestan["name_en"].str.starts_with("Sample village").all()


def test_a_fraction_scales_the_count(lorestan: pl.DataFrame) -> None:
    rng = np.random.default_rng(3)
    own = REF["counties"].filter(province_code="IR-15")
    tenth = villages.villages(rng, own, REF["counties"], REF["places"], 0.1)
    assert abs(tenth.height - lorestan.height / 10) <= own.height


def test_villages_keep_their_real_size_at_a_fraction(counts: pl.DataFrame) -> None:
    """At 1 in 10 villages, each is as big as at full density: a tenth of the people."""
    rng = np.random.default_rng(4)
    own = REF["counties"].filter(province_code="IR-15")
    full = villages.villages(rng, own, REF["counties"], REF["places"], 1.0)
    tenth = villages.villages(rng, own, REF["counties"], REF["places"], 0.1)
    assert 0.5 < tenth["population"].median() / full["population"].median() < 2
    assert tenth["population"].sum() < full["population"].sum() / 5


def test_ids_fit_a_postgresql_integer(lorestan: pl.DataFrame) -> None:
    limit = 2**31 - 1
    assert REF["counties"]["id"].max() < limit and REF["places"]["id"].max() < limit
    assert limit > villages.ID_BASE + villages.NATIONAL_VILLAGES
