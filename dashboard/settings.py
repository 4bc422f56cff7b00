"""The programme settings, read once and typed; their defaults are data/reference/programme/
settings.csv, the rows a new database starts with."""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Mapping

import polars as pl
import sqlalchemy as sa

from dashboard import paths
from dashboard import schema as s


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
    risk_drain_left_toman: int
    risk_drain_min_toman: int
    risk_round_toman: int
    risk_repeat_minutes: float
    risk_far_km: float
    risk_open_hour: int
    risk_close_hour: int
    risk_burst_minutes: int
    risk_burst_cards: int
    risk_peer_min: int
    risk_mad_k: float
    risk_rate_floor: float
    risk_chance: float
    risk_min_events: int
    risk_volume_ratio: float
    wave_capacity_chain: float
    wave_capacity_small_shop: float
    wave_capacity_cooperative: float
    next_wave_opens_on: str
    next_wave_deciles: str
    next_wave_grp: str
    method_two_delivery_days: float
    mothers_collect_days: float
    applications_decision_days: float
    session_hours: float
    cookie_secure: str
    publish_min_cell: int

    @property
    def wave_capacities(self) -> dict[str, float]:
        """The purchases a store of each kind is assumed to serve in a day (wave-day load)."""
        return {kind: getattr(self, f"wave_capacity_{kind}") for kind in s.STORE_KINDS}

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


def read(conn: sa.Connection) -> Settings:
    """The settings table, typed (missing rows take their defaults)."""
    t = s.settings
    return Settings.of(dict(conn.execute(sa.select(t.c.key, t.c.value)).all()))
