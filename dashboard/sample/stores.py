"""Stores: chain stores and shops in towns, small shops in villages, some villages uncovered.

How many: dashboard.sample.density gives each province its stores. Its villages draw small
shops at the village density (a Poisson count per village: many small ones have none); its
towns share the rest by population, chain stores among them so that chains make CHAIN_SHARE of
the province's stores. A preset's village_fraction leaves villages out but not their share of
the stores: the towns hold the rest of the full density's stores, times city_store_fraction.
A county without towns has a small shop at least in its most populous village.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from dashboard.sample.density import CHAIN_SHARE, province_density
from dashboard.sample.presets import Preset

COOPERATIVE_SHARE = 0.05  # of the town stores
CHAINS = (
    "جانبو", "افق کوروش", "دیلی مارکت", "مینو مارت", "رفاه",
    "هفت", "گندم طلایی", "هایپر فامیلی", "اتکا", "وال مارکت",
)  # fmt: skip
SURNAMES = (
    "احمدی", "محمدی", "حسینی", "رضایی", "موسوی", "کریمی", "رحیمی", "جعفری", "قاسمی", "صادقی",
    "کاظمی", "نوری", "بهرامی", "امیری", "مرادی", "حیدری", "یوسفی", "عباسی", "نظری", "فرهادی",
)  # fmt: skip
KM_PER_DEGREE = 111.2


def _jitter(rng: np.random.Generator, lat: np.ndarray, lon: np.ndarray, km: np.ndarray):
    angle = rng.uniform(0, 2 * np.pi, len(lat))
    radius = km * np.sqrt(rng.random(len(lat)))
    dlat = radius * np.sin(angle) / KM_PER_DEGREE
    dlon = radius * np.cos(angle) / (KM_PER_DEGREE * np.cos(np.radians(lat)))
    return lat + dlat, lon + dlon


def _village_shops(
    rng: np.random.Generator, villages: pl.DataFrame, townless: pl.Series
) -> np.ndarray:
    """Small shops per village (columns county_id, population, village_per_10k): a Poisson
    count at its province's village density, at least one in the most populous village of each
    county of townless (a county without towns), so that its households can buy."""
    people = villages["population"].to_numpy()
    shops = rng.poisson(people * villages["village_per_10k"].to_numpy() / 10_000)
    first = (
        villages.with_row_index("row")
        .filter(pl.col("county_id").is_in(townless.implode()))
        .sort("population", "row", descending=[True, False])
        .unique("county_id", keep="first")["row"]
        .to_numpy()
    )
    shops[first] = np.maximum(shops[first], 1)
    return shops


def stores(
    rng: np.random.Generator,
    provinces: pl.DataFrame,
    per_county: pl.DataFrame,
    places: pl.DataFrame,
    preset: Preset,
) -> pl.DataFrame:
    """The store table of the counties of per_county at preset's scale (status active for all;
    complaints later cut some terminals); provinces is the reference table of all 31."""
    density = province_density(provinces).select(
        "province_code",
        "stores",
        village_per_10k=pl.col("per_10k") * pl.col("village_ratio"),
    )
    located = places.join(
        per_county.select("county_id", "province_code"), on="county_id", maintain_order="left"
    ).join(density, on="province_code", maintain_order="left")
    villages = located.filter(pl.col("kind") == "village")
    towns = located.filter(pl.col("kind") == "city")
    townless = per_county.filter(~pl.col("county_id").is_in(towns["county_id"].implode()))
    village_rows = villages.select("id", "county_id", "population").with_columns(
        n=pl.Series(_village_shops(rng, villages, townless["county_id"])),
        kind=pl.lit("small_shop"),
    )
    # a province's town stores: its stores less its villages' at full density
    in_villages = villages.group_by("province_code").agg(
        in_villages=(
            pl.col("population")
            * pl.col("village_per_10k")
            / 10_000
            / pl.when(pl.col("source") == "synthetic").then(preset.village_fraction).otherwise(1)
        ).sum()
    )
    city_rows = (
        towns.join(in_villages, on="province_code", how="left", maintain_order="left")
        .with_columns(
            in_towns=pl.col("stores") - pl.col("in_villages").fill_null(0),
            share=pl.col("population") / pl.col("population").sum().over("province_code"),
        )
        .with_columns(
            n=(preset.city_store_fraction * pl.col("in_towns") * pl.col("share"))
            .round()
            .cast(pl.Int64)
            .clip(lower_bound=1),
            towns=pl.len().over("province_code"),
        )
        .with_columns(  # the chance of the town stores after each town's first (a chain store)
            chain_p=(
                (CHAIN_SHARE * preset.city_store_fraction * pl.col("stores") - pl.col("towns"))
                / (pl.col("n").sum().over("province_code") - pl.col("towns"))
            )
            .fill_nan(0)
            .clip(0, 1)
        )
    )
    n_city = city_rows["n"].to_numpy()
    kind_draw = rng.random(int(n_city.sum()))
    chain_p = np.repeat(city_rows["chain_p"].to_numpy(), n_city)
    city_kind = np.where(
        kind_draw < chain_p,
        "chain",
        np.where(kind_draw < chain_p + COOPERATIVE_SHARE, "cooperative", "small_shop"),
    )
    # the first store of every town is a chain store, so each town has one
    first_of_town = np.cumsum(n_city) - n_city
    city_kind[first_of_town] = "chain"
    expanded = pl.concat(
        [
            city_rows.select("id", "county_id", "population", "n")
            .select(pl.all().repeat_by("n").explode())
            .with_columns(kind=pl.Series(city_kind), town=pl.lit(True)),
            village_rows.select("id", "county_id", "population", "n", "kind")
            .select(pl.all().repeat_by("n").explode())
            .drop_nulls("kind")
            .with_columns(town=pl.lit(False)),
        ],
        how="diagonal",
    ).drop("n")
    expanded = expanded.join(
        places.select("id", "lat", "lon", "name_fa"), on="id", how="left", maintain_order="left"
    ).rename({"id": "place_id"})
    n = expanded.height
    radius = np.where(
        expanded["town"].to_numpy(),
        0.4 + 0.003 * np.sqrt(expanded["population"].to_numpy()),
        0.3,
    )
    lat, lon = _jitter(rng, expanded["lat"].to_numpy(), expanded["lon"].to_numpy(), radius)
    start = dt.date(2025, 12, 28)
    early = rng.integers(0, 11, n)
    late = rng.integers(11, max(12, (preset.end - start).days - 20), n)
    joined = np.where(rng.random(n) < 0.85, early, late)
    chain = pl.Series(rng.choice(CHAINS, n))
    surname = pl.Series(rng.choice(SURNAMES, n))
    return (
        expanded.with_columns(
            id=pl.Series(np.arange(1, n + 1, dtype=np.int32)),
            terminal_id=pl.Series(rng.permutation(n) + 10_000_000).cast(pl.String),
            chain=pl.when(pl.col("kind") == "chain").then(chain),
            lat=pl.Series(lat),
            lon=pl.Series(lon),
            joined_on=pl.lit(start) + pl.duration(days=pl.Series(joined)),
        )
        .with_columns(
            name=pl.when(pl.col("kind") == "chain")
            .then(pl.format("فروشگاه {} {}", "chain", "name_fa"))
            .when(pl.col("kind") == "cooperative")
            .then(pl.format("تعاونی مصرف {}", "name_fa"))
            .otherwise(pl.format("سوپرمارکت {}", surname)),
            status=pl.lit("active"),
            status_since=pl.col("joined_on"),
        )
        .select(
            "id",
            "terminal_id",
            "name",
            "kind",
            "chain",
            "county_id",
            "place_id",
            "lat",
            "lon",
            "joined_on",
            "status",
            "status_since",
        )  # fmt: skip
    )
