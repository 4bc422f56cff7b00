"""Stores: chain stores and shops in towns, small shops in villages, some villages uncovered."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

HOUSEHOLDS_PER_STORE = 90  # Lorestan: 509,025 households, over 6,000 stores (DOMAIN.md)
CHAIN_SHARE = 0.2
COOPERATIVE_SHARE = 0.05
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


def stores(
    rng: np.random.Generator,
    per_county: pl.DataFrame,
    places: pl.DataFrame,
    city_fraction: float,
    end: dt.date,
) -> pl.DataFrame:
    """The store table (status active for all; complaints later cut some terminals)."""
    villages = places.filter(pl.col("kind") == "village")
    pop = villages["population"].to_numpy()
    has_shop = rng.random(len(pop)) < np.clip(0.4 + pop / 4000, 0, 0.92)
    village_shops = np.where(has_shop, 1 + rng.poisson(pop / 1500), 0)
    village_rows = villages.select("id", "county_id", "population").with_columns(
        n=pl.Series(village_shops), kind=pl.lit("small_shop")
    )
    cities = places.filter(pl.col("kind") == "city")
    target = per_county.select(
        "county_id",
        city_total=(pl.col("full") / HOUSEHOLDS_PER_STORE * city_fraction).round().cast(pl.Int64),
    )
    village_count = village_rows.group_by("county_id").agg(pl.col("n").sum().alias("in_villages"))
    city_rows = (
        cities.join(target, on="county_id")
        .join(village_count, on="county_id", how="left")
        .with_columns(share=pl.col("population") / pl.col("population").sum().over("county_id"))
        .with_columns(
            n=(
                (pl.col("city_total") - pl.col("in_villages").fill_null(0)).clip(lower_bound=0)
                * pl.col("share")
            )
            .round()
            .cast(pl.Int64)
            .clip(lower_bound=1)
        )
    )
    n_city = city_rows["n"].to_numpy()
    kind_draw = rng.random(int(n_city.sum()))
    city_kind = np.where(
        kind_draw < CHAIN_SHARE,
        "chain",
        np.where(kind_draw < CHAIN_SHARE + COOPERATIVE_SHARE, "cooperative", "small_shop"),
    )
    # the first store of every town is a chain store, so each town has one
    first_of_town = np.r_[0, np.cumsum(n_city)[:-1]]
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
        places.select("id", "lat", "lon", "name_fa"), on="id", how="left"
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
    late = rng.integers(11, max(12, (end - start).days - 20), n)
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
