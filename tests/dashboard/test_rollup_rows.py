"""The rollup arithmetic on hand-made households: FIFO spending and first occurrences."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import rollup_rows


def _household(hid: int) -> dict:
    return {"id": hid, "county_id": 1, "province_code": "IR-01", "members": 3,
            "decile": 2, "grp": "general", "place_id": 7}  # fmt: skip


def _parts() -> dict[str, pl.DataFrame]:
    households = pl.DataFrame([_household(1), _household(2)], schema=rollup_rows.HOUSEHOLDS)
    allocations = pl.DataFrame(
        {"household_id": [1, 1, 2], "month": ["1404-10", "1404-11", "1404-11"],
         "amount_toman": [100, 100, 50], "opens_on": [dt.date(2026, 1, 7), dt.date(2026, 2, 7),
         dt.date(2026, 2, 7)], "wave_id": [1, 2, None]},
        schema=rollup_rows.ALLOCATIONS,
    )  # fmt: skip
    at = dt.datetime
    purchases = pl.DataFrame(
        {"id": [1, 2, 3], "household_id": [1, 1, 1],
         "purchased_at": [at(2026, 1, 9, 23, 59, 59), at(2026, 2, 8), at(2026, 2, 8)],
         "credit_toman": [60, 80, 50], "cash_toman": [5, 0, 0], "basket_id": [1, 1, 1],
         "store_id": [4, 4, 5]},
        schema=rollup_rows.PURCHASES,
    )  # fmt: skip
    baskets = pl.DataFrame(
        {"basket_id": [1, 1], "item": ["rice", "eggs"], "share_permille": [600, 400]},
        schema=rollup_rows.BASKETS,
    )
    return rollup_rows.combine([rollup_rows.batch(households, allocations, purchases, baskets)])


def test_purchases_spend_the_oldest_credit_first() -> None:
    balance = _parts()["rollup_balance"]
    consumed = balance.group_by("month").agg(pl.col("consumed_toman").sum()).sort("month")
    # 60 and then 40 of the second purchase from month 10; 40 + 50 from month 11
    assert consumed.rows() == [("1404-10", 100), ("1404-11", 90)]
    assert balance["released_toman"].sum() == 250


def test_first_occurrences_are_counted_once_on_their_day() -> None:
    daily = _parts()["rollup_daily"]
    by_day = {r["day"]: r for r in daily.iter_rows(named=True)}
    assert by_day[dt.date(2026, 1, 7)]["new_households"] == 1
    assert by_day[dt.date(2026, 2, 7)]["new_households"] == 1  # household 2 opens later
    assert by_day[dt.date(2026, 1, 9)]["new_buyers"] == 1
    assert by_day[dt.date(2026, 2, 8)]["new_buyers"] == 0
    assert by_day[dt.date(2026, 2, 8)]["purchases"] == 2
    assert daily["credit_toman"].sum() == 190 and daily["cash_toman"].sum() == 5


def test_waves_and_items() -> None:
    parts = _parts()
    waves = parts["rollup_waves"].sort("days_since")
    # household 2 has no wave; household 1 opens in wave 1 and first buys 2 days later
    assert waves.select("wave_id", "days_since", "households", "buyers").rows() == [
        (1, 0, 1, 0),
        (1, 2, 0, 1),
    ]
    items = parts["rollup_items"].group_by("item").agg(pl.col("value_toman_permille").sum())
    assert dict(items.rows()) == {"rice": 195 * 600, "eggs": 195 * 400}
