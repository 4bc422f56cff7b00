"""The programme settings, read once and typed; their defaults are data/reference/programme/
settings.csv, the rows a new database starts with."""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Mapping

import polars as pl

from dashboard import paths


@dataclasses.dataclass(frozen=True)
class Settings:
    """The settings table as typed values (DESIGN.md section 4: programme settings are data)."""

    dispatch_target_hours: float
    at_risk_hours: float
    coverage_radius_km: float
    three_reporter_min: int
    household_fraction: float
    data_source: str
    map_tiles_url: str
    map_tiles_attribution: str
    stale_after_days: float
    idle_minutes: float
    seed_seconds: float | None
    seed_purchases: int | None

    @property
    def is_sample(self) -> bool:
        """True for generated sample data."""
        return self.data_source == "sample"

    @classmethod
    def of(cls, rows: Mapping[str, str | None]) -> Settings:
        """Settings from key -> text rows; a missing or empty row takes its default."""
        values = {}
        for name, kind in typing.get_type_hints(cls).items():
            text = rows.get(name)
            values[name] = _typed(kind, defaults()[name] if text in (None, "") else text)
        return cls(**values)


def _typed(kind: object, text: str | None) -> object:
    """text as a field's type (float, int or str, or one of them or None); empty is None for
    an optional field, else ''."""
    types = [t for t in typing.get_args(kind) if t is not type(None)] or [kind]
    if not text:
        return None if type(None) in typing.get_args(kind) else ""
    if types[0] is int:
        return int(float(text))
    return types[0](text)


@functools.cache
def defaults() -> dict[str, str | None]:
    """The default of every setting, from settings.csv."""
    table = pl.read_csv(paths.PROGRAMME / "settings.csv", schema_overrides={"value": pl.String})
    return dict(zip(table["key"], table["value"], strict=True))
