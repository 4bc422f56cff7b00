"""Method two (issue 30) against the oracle over raw rows, on SQLite and PostgreSQL, with the
edges: registered and cancelled the same day, delivered exactly at the target, pending exactly
the target's length at the moment, delivered at the moment itself."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest

from dashboard import db
from dashboard.filters import Filters
from queries import method_two
from tests import oracle
from tests.populate import CHANNEL_DAY, EDGE_TOWN, EMPTY_COUNTY, PROVINCE

LAST_DAY = dt.date(2026, 5, 5)
VIEWS = {
    "country": Filters(as_of=LAST_DAY),
    "country at the edges": Filters(as_of=CHANNEL_DAY),
    "province, the day before": Filters(
        as_of=CHANNEL_DAY - dt.timedelta(days=1), province=PROVINCE
    ),  # fmt: skip
    "province at the edges": Filters(as_of=CHANNEL_DAY, province=PROVINCE),
    "edge town among its peers": Filters(as_of=CHANNEL_DAY, province=PROVINCE, county=EDGE_TOWN),
    "deciles 1-3, subsidy": Filters(
        as_of=LAST_DAY, province="IR-15", decile_min=1, decile_max=3, group="subsidy"
    ),  # fmt: skip
    "during registration": Filters(as_of=dt.date(2026, 1, 25), province="IR-15"),
    "before the programme": Filters(as_of=dt.date(2025, 12, 20)),
}
COUNTS = ("registered", "cancelled", "delivered", "pending", "pending_overdue")


def _run(url: str, query, f: Filters):
    with db.make_engine(url).connect() as conn:
        return query(conn, f)


def _close(got, want) -> bool:
    return got is None if want is None else got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_by_area_matches_the_raw_rows(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, method_two.by_area, view)
    assert got.columns == [
        "area_code", "area_name_fa", "area_name_en", "households_with_credit", *COUNTS,
        "registration_rate", "median_delivery_days",
    ]  # fmt: skip
    wide = view if view.province is None else dataclasses.replace(view, county=None)
    level = "province_code" if view.province is None else "county_id"
    want = oracle.method_two(raw, wide, level)
    credit = {
        str(r[level]): r["households"]
        for r in oracle.uptake_rows(raw, wide, level).iter_rows(named=True)
    }
    assert {k for k, v in credit.items() if v} <= set(got["area_code"])
    assert {str(k) for k in want} <= set(got["area_code"]), "every area with registrations"
    for row in got.iter_rows(named=True):
        key = row["area_code"] if level == "province_code" else int(row["area_code"])
        expected = want.get(key, dict.fromkeys(COUNTS, 0) | {"median_delivery_days": None})
        for column in COUNTS:
            assert row[column] == expected[column], (key, column)
        assert _close(row["median_delivery_days"], expected["median_delivery_days"]), key
        households = credit.get(row["area_code"], 0)
        assert row["households_with_credit"] == households, key
        rate = row["registered"] / households if households else None
        assert _close(row["registration_rate"], rate), key
    overdue = got["pending_overdue"].to_list()
    assert overdue == sorted(overdue, reverse=True)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_by_decile_matches_the_raw_rows(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, method_two.by_decile, view)
    assert got["decile"].to_list() == list(range(view.decile_min, view.decile_max + 1))
    want = oracle.method_two(raw, view, "decile")
    credit = {
        r["decile"]: r["households"]
        for r in oracle.uptake_rows(raw, view, "decile").iter_rows(named=True)
    }
    for row in got.iter_rows(named=True):
        expected = want.get(row["decile"], dict.fromkeys(COUNTS, 0))
        for column in COUNTS:
            assert row[column] == expected[column], (row["decile"], column)
        assert row["households_with_credit"] == credit.get(row["decile"], 0)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_overdue_counts_the_registrations_pending_past_the_target(
    db_url: str, raw: dict, view: Filters
) -> None:
    """The attention strip's number, counted in the database: the oracle's pending_overdue
    over the view (the day before the edges holds one pending exactly 14 days, not overdue;
    the edges' day one delivered at the moment itself, not pending)."""
    want = oracle.method_two(raw, view, "province_code").values()
    assert _run(db_url, method_two.overdue, view) == sum(v["pending_overdue"] for v in want)


def _edge_rows(url: str, as_of: dt.date) -> dict[int, dict]:
    view = Filters(as_of=as_of, province=PROVINCE)
    rows = _run(url, method_two.rows, view).filter(pl.col("id") >= 9_000_001)
    return {r["id"]: r for r in rows.iter_rows(named=True)}


def test_the_edges_at_the_moment(db_url: str) -> None:
    at, before = _edge_rows(db_url, CHANNEL_DAY), _edge_rows(db_url, CHANNEL_DAY - dt.timedelta(1))
    # registered and cancelled the same day: cancelled, not among the registered
    assert at[9_000_001]["cancelled"] and not at[9_000_001]["registered"]
    assert not at[9_000_001]["pending"]
    # delivered exactly 14 days after registering: delivered, in 14.0 days
    assert at[9_000_002]["delivered"] and at[9_000_002]["delivery_days"] == 14.0
    # pending exactly 14 days at the moment before: not yet overdue; a day later, overdue
    assert before[9_000_003]["pending"] and not before[9_000_003]["pending_overdue"]
    assert at[9_000_003]["pending_overdue"]
    # delivered at the as-of moment itself: delivered at that as-of date, pending the day before
    assert at[9_000_004]["delivered"] and before[9_000_004]["pending"]


def test_pending_by_age_sums_to_the_pending(db_url: str, raw: dict) -> None:
    view = Filters(as_of=CHANNEL_DAY, province=PROVINCE)
    bands = _run(db_url, method_two.pending_by_age, view)
    assert bands["band"].to_list() == list(range(len(method_two.AGE_BANDS) + 1))
    want = oracle.method_two(raw, view, "province_code")[PROVINCE]
    assert bands["pending"].sum() == want["pending"]
    assert bands["pending_overdue"].sum() == want["pending_overdue"]
    # nothing is overdue below the 14-day target
    assert bands.filter(pl.col("high_days") <= 14)["pending_overdue"].sum() == 0
    assert _run(db_url, method_two.overdue, view) == want["pending_overdue"]


def test_a_county_without_registrations_shows_zeros(db_url: str) -> None:
    view = Filters(as_of=dt.date(2026, 1, 24), province=PROVINCE, county=EMPTY_COUNTY)
    got = _run(db_url, method_two.by_area, view).filter(pl.col("area_code") == str(EMPTY_COUNTY))
    assert got["households_with_credit"][0] > 0
    assert got["registered"][0] == 0 and got["registration_rate"][0] == 0.0
    assert got["median_delivery_days"][0] is None
