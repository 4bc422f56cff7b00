"""Stores per province for the sample: the reported figures where there are some, a synthetic
draw elsewhere.

ANCHORS holds every reported figure the sample honours, with its source. The provinces without
one share out what NATIONAL_STORES leaves, each in proportion to its census population times a
log-normal draw (DENSITY_SPREAD): a made-up density around their mean, not a reported one.
Villages are served by small shops at village_ratio (drawn from VILLAGE_RATIO) times their
province's density; its towns hold the rest of its stores. The draws use their own generator
(DENSITY_SEED), so a province has the same density in every preset and for every seed.
"""

from __future__ import annotations

import numpy as np
import polars as pl

# DOMAIN.md, "Figures reported elsewhere": more than 260,000 chain stores and guild shops took
# part nationally; Gilan (an earlier phase) had 1,847 small shops and 423 chain stores.
NATIONAL_STORES = 260_000
GILAN_SMALL_SHOPS, GILAN_CHAINS = 1_847, 423
ANCHORS: dict[str, int] = {
    "IR-01": GILAN_SMALL_SHOPS + GILAN_CHAINS,  # Gilan (DOMAIN.md, Figures)
    "IR-07": 5_000,  # Fars: over 5,000 (DOMAIN.md, Figures)
    "IR-11": 4_000,  # Sistan and Baluchestan: over 4,000 (DOMAIN.md, Figures)
    "IR-15": 6_000,  # Lorestan: more than 6,000 (DOMAIN.md, Stores and Figures)
    "IR-17": 1_220,  # Kohgiluyeh and Boyer-Ahmad: 1,220 for 189,000 households (DOMAIN.md)
    "IR-23": 40_000,  # Tehran: about 40,000 (DESIGN.md section 6, the tehran preset)
}
CHAIN_SHARE = GILAN_CHAINS / (GILAN_SMALL_SHOPS + GILAN_CHAINS)  # of a province's stores
DENSITY_SEED = 1404
DENSITY_SPREAD = 0.25  # sigma of the log-normal draw for the provinces without a figure
VILLAGE_RATIO = (0.4, 0.9)  # a village resident's small shops over the province's density


def province_density(provinces: pl.DataFrame) -> pl.DataFrame:
    """Per province of provinces (the reference table: all 31, for the national total):
    province_code, population (census), stores (at full scale), per_10k (stores per 10,000
    residents) and village_ratio."""
    table = provinces.select(pl.col("code").alias("province_code"), "population").sort(
        "province_code"
    )
    rng = np.random.default_rng(DENSITY_SEED)
    spread = rng.lognormal(0.0, DENSITY_SPREAD, table.height)
    ratio = rng.uniform(*VILLAGE_RATIO, table.height)
    codes, people = table["province_code"].to_list(), table["population"].to_numpy()
    fixed = np.array([ANCHORS.get(code, 0) for code in codes], dtype=float)
    free = np.array([code not in ANCHORS for code in codes])
    weight = np.where(free, spread * people, 0.0)
    count = np.where(free, (NATIONAL_STORES - fixed.sum()) * weight / weight.sum(), fixed)
    return table.with_columns(
        stores=pl.Series(count),
        per_10k=pl.Series(count / people * 10_000),
        village_ratio=pl.Series(ratio),
    )
