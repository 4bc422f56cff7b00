"""The sample generator: deterministic, and shaped like the programme it imitates."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import db, sample

REF = db.reference_frames()


def _tables(seed: int) -> dict[str, pl.DataFrame]:
    tables: dict[str, list[pl.DataFrame]] = {}
    for name, rows in sample.generate(sample.PRESETS["tiny"], seed, REF):
        tables.setdefault(name, []).append(rows)
    return {name: pl.concat(parts) for name, parts in tables.items()}


FIRST = _tables(3)


def test_same_seed_same_data() -> None:
    again = _tables(3)
    for name, rows in FIRST.items():
        assert rows.equals(again[name]), name


def test_other_seed_other_data() -> None:
    assert not FIRST["purchases"].equals(_tables(4)["purchases"])


def test_purchases_respect_credit_and_waves() -> None:
    buys, alloc = FIRST["purchases"], FIRST["allocations"]
    first_open = alloc.group_by("household_id").agg(pl.col("opens_on").min())
    early = buys.join(first_open, on="household_id").filter(
        pl.col("purchased_at") < pl.col("opens_on").cast(pl.Datetime("us"))
    )
    assert early.height == 0, "nobody buys before their wave opens"
    spent = buys.group_by("household_id").agg(pl.col("credit_toman").sum())
    over = spent.join(
        alloc.group_by("household_id").agg(pl.col("amount_toman").sum()), on="household_id"
    ).filter(pl.col("credit_toman") > pl.col("amount_toman"))
    assert over.height == 0, "nobody spends more credit than was released"
    assert buys["purchased_at"].max() < dt.datetime(2026, 5, 6)


def test_poorer_deciles_buy_more() -> None:
    buyers = FIRST["purchases"]["household_id"].unique().implode()
    reach = FIRST["households"].group_by("decile").agg(pl.col("id").is_in(buyers).mean())
    low = reach.filter(pl.col("decile") <= 3)["id"].mean()
    high = reach.filter(pl.col("decile") >= 8)["id"].mean()
    assert low > high


def test_chain_stores_in_towns_small_shops_in_villages() -> None:
    kinds = FIRST["stores"].join(
        REF["places"].select("id", pl.col("kind").alias("place_kind")),
        left_on="place_id",
        right_on="id",
    )
    assert set(kinds.filter(kind="chain")["place_kind"]) == {"city"}
    assert "village" in set(kinds.filter(kind="small_shop")["place_kind"])
    villages = REF["places"].filter(
        pl.col("kind") == "village",
        pl.col("county_id").is_in(FIRST["households"]["county_id"].unique().implode()),
    )
    uncovered = villages.filter(~pl.col("id").is_in(FIRST["stores"]["place_id"].implode()))
    assert 0 < uncovered.height < villages.height


def test_most_complaints_meet_the_target_some_miss() -> None:
    c = FIRST["complaints"].drop_nulls("dispatched_at")
    hours = (c["dispatched_at"] - c["filed_at"]).dt.total_minutes() / 60
    late = (hours > 24).mean()
    assert 0.02 < late < 0.4
