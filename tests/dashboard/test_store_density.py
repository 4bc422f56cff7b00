"""Stores of the sample (dashboard.sample.stores and .density): DOMAIN.md's reported figures per
province, a real spread between provinces, towns denser than villages, uncovered villages in
every province."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from dashboard import geography, sample, settings, setup
from dashboard.sample import households, stores, villages

REF = setup.reference_tables()
RADIUS_KM = float(settings.defaults()["coverage_radius_km"])
# DOMAIN.md, "Figures reported elsewhere" (Tehran: DESIGN.md section 6), stores per province
REPORTED = {
    "IR-01": 1_847 + 423,  # Gilan: small shops and chain stores
    "IR-07": 5_000,  # Fars
    "IR-11": 4_000,  # Sistan and Baluchestan
    "IR-15": 6_000,  # Lorestan
    "IR-17": 1_220,  # Kohgiluyeh and Boyer-Ahmad
    "IR-23": 40_000,  # Tehran
}
GILAN_CHAINS = 423
NATIONAL_STORES = 260_000  # more than 260,000 chain stores and guild shops


def _generated(preset: sample.Preset, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(stores, places of the preset's provinces) as the generator makes them."""
    for name, rows in sample.generate(preset, seed, REF):
        if name == "places":
            added = rows
        if name == "stores":
            counties = rows["county_id"].unique().implode()
            reference = REF["places"].filter(pl.col("county_id").is_in(counties))
            return rows, pl.concat([reference, added])
    raise AssertionError("no stores")


def _by_province(shops: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """Per province: census residents, stores, chain stores; town and village stores and the
    residents of the towns and villages."""
    province = REF["counties"].select(pl.col("id").alias("county_id"), "province_code")
    kind = places.select(pl.col("id").alias("place_id"), pl.col("kind").alias("place_kind"))
    counts = (
        shops.join(province, on="county_id")
        .join(kind, on="place_id")
        .group_by("province_code")
        .agg(
            stores=pl.len(),
            chains=(pl.col("kind") == "chain").sum(),
            town_stores=(pl.col("place_kind") == "city").sum(),
            village_stores=(pl.col("place_kind") == "village").sum(),
            village_chains=(
                (pl.col("place_kind") == "village") & (pl.col("kind") == "chain")
            ).sum(),
        )
    )
    people = (
        places.join(province, on="county_id")
        .group_by("province_code")
        .agg(
            town_people=pl.col("population").filter(pl.col("kind") == "city").sum(),
            village_people=pl.col("population").filter(pl.col("kind") == "village").sum(),
        )
    )
    census = REF["provinces"].select(pl.col("code").alias("province_code"), "population")
    return (
        counts.join(people, on="province_code")
        .join(census, on="province_code")
        .with_columns(per_10k=pl.col("stores") / pl.col("population") * 10_000)
        .sort("province_code")
    )


@pytest.fixture(scope="module")
def country() -> tuple[pl.DataFrame, pl.DataFrame]:
    return _generated(sample.PRESETS["sample"], 3)


@pytest.fixture(scope="module")
def provinces(country: tuple[pl.DataFrame, pl.DataFrame]) -> pl.DataFrame:
    return _by_province(*country)


def test_the_country_holds_about_the_reported_number_of_stores(provinces: pl.DataFrame) -> None:
    assert provinces.height == 31
    assert abs(provinces["stores"].sum() - NATIONAL_STORES) < 0.02 * NATIONAL_STORES


@pytest.mark.parametrize("code", REPORTED)
def test_a_province_with_a_reported_figure_has_its_density(
    provinces: pl.DataFrame, code: str
) -> None:
    """Within 5 % of DOMAIN.md's stores per 10,000 residents (Gilan about 9, Lorestan 34)."""
    row = provinces.filter(province_code=code).row(0, named=True)
    reported = REPORTED[code] / row["population"] * 10_000
    assert row["per_10k"] == pytest.approx(reported, rel=0.05)


def test_gilans_chain_stores_are_its_reported_share(provinces: pl.DataFrame) -> None:
    gilan = provinces.filter(province_code="IR-01").row(0, named=True)
    assert gilan["chains"] == pytest.approx(GILAN_CHAINS, rel=0.15)


def test_density_varies_between_provinces(provinces: pl.DataFrame) -> None:
    per_10k = provinces["per_10k"]
    assert per_10k.max() / per_10k.min() > 2
    national = provinces["stores"].sum() / provinces["population"].sum() * 10_000
    near_mean = ((per_10k / national - 1).abs() < 0.1).sum()
    assert near_mean < provinces.height / 2, "not the national mean everywhere"
    unreported = provinces.filter(~pl.col("province_code").is_in(list(REPORTED)))["per_10k"]
    assert unreported.std() / unreported.mean() > 0.1, "the provinces without a figure vary too"


def test_towns_have_more_stores_per_resident_than_villages(provinces: pl.DataFrame) -> None:
    town = provinces["town_stores"] / provinces["town_people"]
    village = provinces["village_stores"] / provinces["village_people"]
    assert (town > village).all()
    assert (village > town / 5).all(), "villages are served, if more thinly"
    assert provinces["village_chains"].sum() == 0
    assert (provinces["chains"] / provinces["town_stores"] > 0.1).all()


def test_every_province_has_uncovered_villages(country: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    """Some village of each province has no store within the coverage radius, most have one."""
    shops, places = country
    village = places.filter(kind="village").join(
        REF["counties"].select(pl.col("id").alias("county_id"), "province_code"), on="county_id"
    )
    nearest = geography.nearest_km(village["lat"], village["lon"], shops["lat"], shops["lon"])
    share = (
        village.with_columns(uncovered=pl.Series(nearest > RADIUS_KM))
        .group_by("province_code")
        .agg(pl.col("uncovered").mean())
    )
    assert share.height == 31
    assert share["uncovered"].min() > 0
    assert share["uncovered"].max() < 0.9
    assert share["uncovered"].median() < 0.5


@pytest.mark.parametrize("seed", [3, 4])
def test_the_lorestan_preset_has_its_six_thousand_stores(seed: int) -> None:
    shops, _ = _generated(sample.PRESETS["lorestan"], seed)
    assert shops.height == pytest.approx(REPORTED["IR-15"], rel=0.03)


def test_a_preset_scales_town_stores_and_keeps_village_density(
    provinces: pl.DataFrame,
) -> None:
    tiny = sample.PRESETS["tiny"]
    small = _by_province(*_generated(tiny, 3))
    full = provinces.filter(pl.col("province_code").is_in(list(tiny.provinces)))
    assert small["province_code"].to_list() == full["province_code"].to_list()
    towns = small["town_stores"] / full["town_stores"]
    assert ((towns / tiny.city_store_fraction - 1).abs() < 0.2).all()
    per_villager = (small["village_stores"] / small["village_people"]) / (
        full["village_stores"] / full["village_people"]
    )
    assert ((per_villager - 1).abs() < 0.3).all()


def test_a_county_without_towns_still_has_a_store() -> None:
    rng = np.random.default_rng(5)
    preset = sample.PRESETS["sample"]
    towns = REF["places"].filter(kind="city")["county_id"].unique().implode()
    townless = REF["counties"].filter(~pl.col("id").is_in(towns))
    added = villages.villages(rng, townless, REF["counties"], REF["places"], 1.0)
    places = pl.concat(
        [REF["places"].filter(pl.col("county_id").is_in(townless["id"].implode())), added]
    )
    per_county = households.county_households(REF["provinces"], townless, 1.0)
    shops = stores.stores(rng, REF["provinces"], per_county, places, preset)
    assert townless.height > 0
    assert set(shops["county_id"]) == set(townless["id"])
