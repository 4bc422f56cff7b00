"""Sample-data presets (DESIGN.md section 6)."""

from __future__ import annotations

import dataclasses
import datetime as dt


@dataclasses.dataclass(frozen=True)
class Preset:
    """How much of the country a sample holds and at what scale.

    provinces: ISO codes, or () for all 31.
    household_fraction: share of households (and so purchases) generated.
    city_store_fraction: share of the real density of town stores (dashboard.sample.density;
    village shops stay real).
    village_fraction: share of the real density of villages (synthetic ones are added to
    GeoNames' list up to it; see dashboard.sample.villages).
    """

    name: str
    provinces: tuple[str, ...]
    household_fraction: float
    city_store_fraction: float
    village_fraction: float = 1.0
    end: dt.date = dt.date(2026, 5, 5)  # 15 Ordibehesht 1405: four programme months of purchases


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("tiny", ("IR-15", "IR-16"), 1 / 500, 1 / 20, village_fraction=1 / 20),
        Preset("sample", (), 1 / 100, 1.0),
        Preset("lorestan", ("IR-15",), 1.0, 1.0),
        Preset("tehran", ("IR-23",), 1.0, 1.0),
    )
}
