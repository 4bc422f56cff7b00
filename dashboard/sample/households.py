"""Households and their monthly allocations, vectorised."""

from __future__ import annotations

import numpy as np
import polars as pl

from dashboard.programme import assign_waves

# 2016 census: 79,926,270 people in 24,196,035 households.
NATIONAL_HOUSEHOLD_SIZE = 79_926_270 / 24_196_035
MEMBERS = np.arange(1, 9)
MEMBER_WEIGHTS = np.array([0.08, 0.2, 0.27, 0.26, 0.12, 0.05, 0.015, 0.005])


def random_hashes(rng: np.random.Generator, n: int) -> pl.Series:
    """n random 32-character hex strings, shaped like the keyed hashes of national IDs."""
    raw = np.frombuffer(rng.bytes(16 * n).hex().encode(), dtype="S32")
    return pl.Series(raw).cast(pl.String)


def county_households(
    provinces: pl.DataFrame, counties: pl.DataFrame, fraction: float
) -> pl.DataFrame:
    """Households per county at full scale and in the sample (at least one per county)."""
    return (
        counties.join(
            provinces.select("code", "households", pl.col("population").alias("ppop")),
            left_on="province_code",
            right_on="code",
        )
        .with_columns(
            prov_households=pl.coalesce("households", pl.col("ppop") / NATIONAL_HOUSEHOLD_SIZE)
        )
        .with_columns(full=(pl.col("prov_households") * pl.col("population") / pl.col("ppop")))
        .with_columns(
            full=pl.col("full").round().cast(pl.Int64),
            sampled=(pl.col("full") * fraction).round().cast(pl.Int64).clip(lower_bound=1),
        )
        .select(pl.col("id").alias("county_id"), "province_code", "full", "sampled")
    )


def households(
    rng: np.random.Generator, per_county: pl.DataFrame, places: pl.DataFrame
) -> pl.DataFrame:
    """The household table: county, place, members, decile, group and a hash of the head's ID."""
    county_ids = np.repeat(per_county["county_id"].to_numpy(), per_county["sampled"].to_numpy())
    provinces = np.repeat(per_county["province_code"].to_numpy(), per_county["sampled"].to_numpy())
    n = len(county_ids)
    # poorer and richer provinces: a per-province tilt of the decile distribution
    codes = np.unique(provinces)
    tilt = dict(zip(codes, rng.uniform(-0.35, 0.35, len(codes)), strict=True))
    exponent = np.exp(pl.Series(provinces).replace_strict(tilt).to_numpy())
    decile = np.clip(1 + np.floor(10 * rng.random(n) ** exponent), 1, 10).astype(np.int16)
    u = rng.random(n)
    grp = np.full(n, "subsidy", dtype=object)
    grp[(decile <= 3) & (u < 0.35)] = "support"
    grp[(decile >= 4) & (u < 0.09)] = "employee"
    grp[(decile >= 4) & (u >= 0.09) & (u < 0.16)] = "retiree"
    grp[(decile >= 8) & (u >= 0.16) & (u < 0.22)] = "removed"
    grp[(u >= 0.97)] = "late_applicant"
    frame = pl.DataFrame(
        {
            "id": np.arange(1, n + 1, dtype=np.int64),
            "county_id": county_ids,
            "members": rng.choice(MEMBERS, size=n, p=MEMBER_WEIGHTS).astype(np.int16),
            "decile": decile,
            "grp": pl.Series(grp, dtype=pl.String),
            "head_hash": random_hashes(rng, n),
            "u_place": rng.random(n),
        }
    )
    # each household lives in one of its county's places, drawn by population
    shares = (
        places.sort("county_id", "id")
        .with_columns(
            u_place=(pl.col("population").cum_sum() / pl.col("population").sum()).over("county_id")
        )
        .select("county_id", pl.col("id").alias("place_id"), "u_place")
    )
    return (
        frame.sort("u_place")
        .join_asof(
            shares.sort("u_place"),
            on="u_place",
            by="county_id",
            strategy="forward",
            check_sortedness=False,
        )
        .sort("id")
        .drop("u_place")
    )


def allocations(
    households: pl.DataFrame, waves: pl.DataFrame, amounts: pl.DataFrame
) -> pl.DataFrame:
    """One allocation per household and programme month: members x per-capita amount."""
    months = amounts.select("month").unique().sort("month")
    opening = assign_waves(
        waves, months.join(households.select("grp", "decile").unique(), how="cross")
    )
    return (
        households.select(pl.col("id").alias("household_id"), "members", "grp", "decile")
        .join(months, how="cross")
        .join(amounts, on=["month", "grp"])
        .join(opening, on=["month", "grp", "decile"])
        .filter(pl.col("opens_on").is_not_null())
        .select(
            "household_id",
            "month",
            (pl.col("members").cast(pl.Int64) * pl.col("per_capita_toman")).alias("amount_toman"),
            "opens_on",
            "wave_id",
        )
        .sort("household_id", "month")
    )
