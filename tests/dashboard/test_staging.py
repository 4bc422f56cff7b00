"""Rows held on disk in buckets of key ranges (dashboard.staging)."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import staging


def test_buckets_are_ranges_of_whole_keys_holding_every_row_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(staging, "BUCKET_ROWS", 100)
    keys = [k % 97 * 3 if k % 11 else None for k in range(1_000)]  # 3 to 10 rows a key
    batches = [
        pl.DataFrame({"line": range(start, start + 250), "key": keys[start : start + 250]})
        for start in range(0, 1_000, 250)
    ]
    with staging.Staging("key") as held:
        for batch in batches:
            held.add(batch)
        buckets = list(held.buckets())
        assert held.count == len(buckets)
        threes = held.rows(pl.col("key") == 3, ["line", "key"])
    assert sorted(threes["line"].to_list()) == [n for n, k in enumerate(keys) if k == 3]
    assert len(buckets) >= 8
    assert all(b.height <= 100 + 10 for b in buckets)
    assert sorted(pl.concat(buckets)["line"].to_list()) == list(range(1_000))
    ranges = [(b["key"].fill_null(-1).min(), b["key"].fill_null(-1).max()) for b in buckets]
    assert all(
        high < next_low for (_, high), (next_low, _) in zip(ranges, ranges[1:], strict=False)
    )
    assert buckets[0]["key"].null_count() == keys.count(None)


def test_nothing_added_is_no_bucket() -> None:
    with staging.Staging("key") as held:
        assert list(held.buckets()) == []
        assert held.count == 0
