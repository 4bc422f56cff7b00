"""The sample-data generator: deterministic for a seed (tasks and escalations, live work dated
around the day of the build, for a seed and that day), vectorised, grounded in DOMAIN.md."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from dashboard import calendar
from dashboard.sample import (
    channels,
    complaints,
    households,
    planting,
    purchases,
    stores,
    tasks,
    villages,
)
from dashboard.sample.presets import PRESETS, Preset

__all__ = ["PRESETS", "Preset", "generate", "household_batches"]
TASK_STREAM = 2
CHANNEL_STREAM = 3  # method two, mothers' packages, applications: beside the rest


def household_batches(preset: Preset) -> int:
    """How many purchase batches generate() yields for preset (for a progress bar)."""
    return 1 if preset.household_fraction < 1 else 8 if "IR-23" in preset.provinces else 2


def generate(
    preset: Preset, seed: int, reference: dict[str, pl.DataFrame]
) -> Iterator[tuple[str, pl.DataFrame]]:
    """Yield (table, rows) in load order; purchases come in several batches."""
    rng = np.random.default_rng(seed)
    wanted = list(preset.provinces) or reference["provinces"]["code"].to_list()
    counties = reference["counties"].filter(pl.col("province_code").is_in(wanted))
    added = villages.villages(
        rng, counties, reference["counties"], reference["places"], preset.village_fraction
    )
    yield "places", added
    places = pl.concat(
        [reference["places"].filter(pl.col("county_id").is_in(counties["id"].implode())), added]
    )
    per_county = households.county_households(
        reference["provinces"], counties, preset.household_fraction
    )
    people = households.households(rng, per_county, places)
    yield "households", people
    granted = households.allocations(people, reference["waves"], reference["amounts"])
    yield "allocations", granted
    shops = stores.stores(rng, reference["provinces"], per_county, places, preset)
    filed = complaints.complaints(rng, shops, preset.end)
    shops = complaints.store_status(rng, shops, filed, preset.end)
    yield "stores", shops
    yield "complaints", filed
    yield "basket_items", purchases.baskets(rng)
    planted = planting.plan(shops, seed, purchases.FIRST_WAVE)
    batches = household_batches(preset)
    bounds = np.linspace(0, people.height, batches + 1).astype(int)
    next_id = 1
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        part = people.slice(lo, hi - lo)
        bought = purchases.purchases(
            rng,
            part,
            granted.filter(pl.col("household_id").is_between(lo + 1, hi)),
            shops,
            preset.end,
            next_id,
            places,
            planted,
        )
        next_id += bought.height
        yield "purchases", bought
    rng = np.random.default_rng([seed, CHANNEL_STREAM])  # the tables above stay as they were
    yield "method_two", channels.method_two(rng, people, shops, preset.end)
    yield "mother_packages", channels.mother_packages(rng, people, granted, shops, preset.end)
    yield "applications", channels.applications(rng, people, preset.end)
    built = calendar.now().date()
    rng = np.random.default_rng([seed, TASK_STREAM])  # live work does not move with purchases
    work, history = tasks.tasks(rng, wanted, counties, built)
    yield "tasks", work
    yield "task_events", history
    yield "escalations", tasks.escalations(rng, wanted, counties, built)
