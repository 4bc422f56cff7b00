"""The nearest-target search: exact against a brute-force scan of every target."""

from __future__ import annotations

import numpy as np

from dashboard.geography import haversine_km, nearest_km


def test_nearest_is_the_brute_force_minimum() -> None:
    rng = np.random.default_rng(5)
    lat, lon = rng.uniform(25, 40, 500), rng.uniform(44, 64, 500)
    target_lat, target_lon = rng.uniform(25, 40, 3000), rng.uniform(44, 64, 3000)
    got = nearest_km(lat, lon, target_lat, target_lon)
    want = haversine_km(lat[:, None], lon[:, None], target_lat[None, :], target_lon[None, :])
    assert np.allclose(got, want.min(axis=1), rtol=0, atol=1e-9)


def test_no_targets_is_infinitely_far_and_no_points_is_empty() -> None:
    assert np.isinf(nearest_km(np.array([35.0]), np.array([51.0]), [], [])).all()
    assert nearest_km(np.array([]), np.array([]), [35.0], [51.0]).size == 0


def test_a_target_exactly_five_km_north() -> None:
    north = 35.0 + np.degrees(5 / 6371.0088)
    assert (
        round(float(nearest_km(np.array([35.0]), np.array([51.0]), [north], [51.0])[0]), 3) == 5.0
    )
