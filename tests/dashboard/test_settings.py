"""Settings: typed, with their defaults from settings.csv (the rows a new database starts with)."""

from __future__ import annotations

import polars as pl

from dashboard import paths
from dashboard.settings import Settings, defaults


def test_every_setting_has_a_row_in_the_csv() -> None:
    rows = pl.read_csv(paths.PROGRAMME / "settings.csv")
    assert set(Settings.__dataclass_fields__) <= set(rows["key"])
    assert defaults()["dispatch_target_hours"] == "24"


def test_missing_rows_take_their_defaults() -> None:
    values = Settings.of({})
    assert (values.dispatch_target_hours, values.at_risk_hours) == (24.0, 18.0)
    assert (values.coverage_radius_km, values.three_reporter_min) == (5.0, 3)
    assert (values.household_fraction, values.data_source, values.is_sample) == (
        1.0,
        "empty",
        False,
    )
    assert (values.map_tiles_url, values.seed_seconds, values.seed_purchases) == ("", None, None)


def test_values_are_typed() -> None:
    rows = {"coverage_radius_km": "7.5", "three_reporter_min": "4.0", "household_fraction": "0.01",
            "data_source": "sample", "seed_seconds": "22.9", "seed_purchases": "1618816",
            "map_tiles_url": ""}  # fmt: skip
    values = Settings.of(rows)
    assert values.coverage_radius_km == 7.5 and isinstance(values.three_reporter_min, int)
    assert (values.three_reporter_min, values.household_fraction) == (4, 0.01)
    assert (values.seed_seconds, values.seed_purchases, values.is_sample) == (22.9, 1618816, True)
    assert values.map_tiles_url == ""
