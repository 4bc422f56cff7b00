"""Every table a page shows, by name, for `python -m dashboard export`: the page's own queries."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import polars as pl
import sqlalchemy as sa

from dashboard.filters import Filters
from queries import overview, stores, uptake


@dataclasses.dataclass(frozen=True)
class Export:
    """A named table: what it holds and the query function that produces it."""

    name: str
    description: str
    query: Callable[[sa.Connection, Filters], pl.DataFrame]


EXPORTS = {
    e.name: e
    for e in (
        Export(
            "overview-kpis",
            "Overview KPIs: key, value, value_7_days_before (ratios as fractions in 0..1)",
            overview.kpis,
        ),
        Export(
            "uptake-by-decile",
            "Uptake page: decile, households, reach, released_toman, spent_toman, uptake, "
            "topup_share",
            uptake.by_decile,
        ),
        Export(
            "uptake-by-area",
            "Uptake page, ranked areas (provinces, or a province's counties): area_code, "
            "area_name_fa, area_name_en, households, members, released_toman, spent_toman, "
            "uptake, reach, topup_share",
            uptake.by_area,
        ),
        Export(
            "store-density",
            "Stores page, per county: county_id, county_name_fa, county_name_en, chain, "
            "small_shop, cooperative, active, suspended, terminated, residents, stores_per_10k, "
            "households_per_store",
            stores.density,
        ),
        Export(
            "village-coverage",
            "Stores page, per village: place_id, name_fa, name_en, county_id, population, "
            "nearest_store_km, nearest_chain_km, coverage (chain|small_shop_only|none)",
            stores.village_export,
        ),
    )
}
