"""Great-circle distances and the nearest-target search behind village coverage.

The index is a latitude/longitude grid (numpy only): targets are bucketed into cells of CELL_DEG
degrees; for each point, rings of cells around it are scanned outward until the nearest target
found so far is provably nearer than anything in the unscanned rings. Exact haversine
distances are computed only for the candidates in scanned cells. Chosen over H3 and a KD-tree
because it needs no extra library, handles a few hundred thousand stores in one pass of
sorting, and the proof of nearness is one line (ring k is at least k cell-widths away).
"""

from __future__ import annotations

import functools

import numpy as np
import polars as pl

from dashboard import paths

EARTH_RADIUS_KM = 6371.0088
CELL_DEG = 0.05
KM_PER_DEG_LAT = np.pi * EARTH_RADIUS_KM / 180
MAX_RINGS = 6  # beyond about 25 km, scan every target for that point (vectorised)


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (numpy broadcasting)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


class Grid:
    """Targets bucketed by grid cell, for nearest-target queries."""

    def __init__(self, lat: np.ndarray, lon: np.ndarray) -> None:
        self.lat, self.lon = np.asarray(lat, float), np.asarray(lon, float)
        rows = np.floor(self.lat / CELL_DEG).astype(np.int64)
        cols = np.floor(self.lon / CELL_DEG).astype(np.int64)
        self.keys = rows * 100_000 + cols
        self.order = np.argsort(self.keys, kind="stable")
        self.sorted_keys = self.keys[self.order]
        # the narrowest cell (longitude shrinks with latitude) bounds what a ring can hold
        widest_lat = np.abs(self.lat).max() if len(self.lat) else 0.0
        self.cell_km = CELL_DEG * KM_PER_DEG_LAT * np.cos(np.radians(min(widest_lat + 1, 89)))

    def _cells(self, keys: np.ndarray) -> np.ndarray:
        lo = np.searchsorted(self.sorted_keys, keys, side="left")
        hi = np.searchsorted(self.sorted_keys, keys, side="right")
        return np.concatenate(
            [self.order[a:b] for a, b in zip(lo, hi, strict=True) if b > a] or [[]]
        ).astype(int)

    def nearest_km(self, lat: float, lon: float) -> float:
        """Distance in km to the nearest target (inf when there is none)."""
        if len(self.lat) == 0:
            return float("inf")
        row, col = int(np.floor(lat / CELL_DEG)), int(np.floor(lon / CELL_DEG))
        best = float("inf")
        for ring in range(MAX_RINGS + 1):
            steps = np.arange(-ring, ring + 1)
            dr, dc = np.meshgrid(steps, steps, indexing="ij")
            edge = np.maximum(np.abs(dr), np.abs(dc)) == ring
            found = self._cells((row + dr[edge]) * 100_000 + (col + dc[edge]))
            if len(found):
                d = haversine_km(lat, lon, self.lat[found], self.lon[found])
                best = min(best, float(d.min()))
            if best <= ring * self.cell_km:
                return best
        return float(haversine_km(lat, lon, self.lat, self.lon).min())


def nearest_km(lat: np.ndarray, lon: np.ndarray, grid: Grid) -> np.ndarray:
    """For each point, the distance in km to the nearest target of grid."""
    return np.array([grid.nearest_km(a, b) for a, b in zip(lat, lon, strict=True)], dtype=float)


@functools.cache
def county_aliases() -> dict[int, tuple[str, ...]]:
    """County id -> the other spellings it is known by (data/reference/county_aliases.csv)."""
    table = pl.read_csv(paths.REFERENCE / "county_aliases.csv")
    grouped = table.group_by("county_id", maintain_order=True).agg("alias")
    return {row["county_id"]: tuple(row["alias"]) for row in grouped.iter_rows(named=True)}
