"""New applications (issue 30) against the oracle over raw rows, on SQLite and PostgreSQL, with
the edges: a decision at the as-of moment itself, pending past the target, deciles and group
that do not narrow applicants."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest

from dashboard import db, schema
from dashboard.filters import Filters
from queries import applications
from tests import oracle
from tests.populate import CHANNEL_DAY, EDGE_TOWN, EMPTY_COUNTY, PROVINCE

LAST_DAY = dt.date(2026, 5, 5)
VIEWS = {
    "country": Filters(as_of=LAST_DAY),
    "during the window": Filters(as_of=dt.date(2026, 1, 18), province="IR-15"),
    "province at the edges": Filters(as_of=CHANNEL_DAY, province=PROVINCE),
    "province, the day before": Filters(
        as_of=CHANNEL_DAY - dt.timedelta(days=1), province=PROVINCE
    ),  # fmt: skip
    "edge town": Filters(as_of=CHANNEL_DAY, province=PROVINCE, county=EDGE_TOWN),
    "before the programme": Filters(as_of=dt.date(2025, 12, 20)),
}
COUNTS = ("filed", "decided", "approved", "rejected", "pending", "pending_overdue")


def _run(url: str, query, f: Filters):
    with db.make_engine(url).connect() as conn:
        return query(conn, f)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_by_county_matches_the_raw_rows(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, applications.by_county, view)
    assert got.columns == [
        "county_id",
        "county_name_fa",
        "county_name_en",
        *COUNTS,
        "median_decision_days",
    ]
    want = oracle.applications(raw, view)
    listed = oracle.counties_with_households(raw, view) | set(want)
    assert set(got["county_id"]) == listed, "the area's counties with households, and no other"
    for row in got.iter_rows(named=True):
        expected = want.get(row["county_id"], dict.fromkeys(COUNTS, 0))
        for column in COUNTS:
            assert row[column] == expected[column], (row["county_id"], column)
        median = expected.get("median_decision_days")
        assert row["median_decision_days"] == (None if median is None else pytest.approx(median))
    overdue = got["pending_overdue"].to_list()
    assert overdue == sorted(overdue, reverse=True)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_overdue_counts_the_applications_pending_past_the_target(
    db_url: str, raw: dict, view: Filters
) -> None:
    """The attention strip's number, counted in the database: the oracle's pending_overdue
    over the view."""
    want = oracle.applications(raw, view).values()
    assert _run(db_url, applications.overdue, view) == sum(v["pending_overdue"] for v in want)


def test_an_application_filed_at_midnight_is_overdue_only_after_its_fifteen_days(
    writable_url: str, raw: dict
) -> None:
    """Filed at 00:00 on 26 Jan and pending: exactly 15 days old at 10 Feb 00:00 (the moment
    of the 9th), not overdue; overdue at the moment of the 10th."""
    table = raw["applications"]
    added = pl.concat([table, pl.DataFrame({
        "id": [9_000_005], "applicant_hash": ["a5" * 16], "county_id": [EDGE_TOWN],
        "members": [2], "filed_at": [dt.datetime(2026, 1, 26)], "decided_at": [None],
        "outcome": [None], "household_id": [None],
    }, schema=table.schema)])  # fmt: skip
    engine = db.make_engine(writable_url)
    with engine.begin() as conn:
        conn.execute(schema.applications.insert(), added.tail(1).to_dicts())
    engine.dispose()

    def want(rows: pl.DataFrame, view: Filters) -> int:
        counts = oracle.applications({**raw, "applications": rows}, view).values()
        return sum(v["pending_overdue"] for v in counts)

    before, at = (
        Filters(as_of=day, province=PROVINCE)
        for day in (CHANNEL_DAY - dt.timedelta(1), CHANNEL_DAY)
    )
    assert _run(writable_url, applications.overdue, before) == want(added, before)
    assert want(added, before) == want(table, before), "exactly 15 days: not yet overdue"
    assert _run(writable_url, applications.overdue, at) == want(added, at)
    assert want(added, at) > want(table, at), "a day later: overdue"


def test_deciles_and_group_do_not_narrow_applicants(db_url: str) -> None:
    view = Filters(as_of=LAST_DAY, province=PROVINCE)
    narrowed = dataclasses.replace(view, decile_min=9, decile_max=10, group="retiree")
    assert _run(db_url, applications.by_county, narrowed).equals(
        _run(db_url, applications.by_county, view)
    )


def test_a_decision_at_the_moment_counts_that_day(db_url: str) -> None:
    def edge(as_of: dt.date) -> dict[int, dict]:
        rows = _run(db_url, applications.rows, Filters(as_of=as_of, province=PROVINCE))
        return {r["id"]: r for r in rows.filter(pl.col("id") >= 9_000_001).iter_rows(named=True)}

    at, before = edge(CHANNEL_DAY), edge(CHANNEL_DAY - dt.timedelta(days=1))
    assert at[9_000_001]["decided"] and at[9_000_001]["approved"]
    assert at[9_000_001]["decision_days"] == pytest.approx(29 + 15 / 24)
    assert before[9_000_001]["pending"] and before[9_000_001]["pending_overdue"]
    # filed 20 Jan 10:00, never decided: overdue once 4 Feb 10:00 has passed
    assert not edge(dt.date(2026, 2, 3))[9_000_002]["pending_overdue"]
    assert edge(dt.date(2026, 2, 4))[9_000_002]["pending_overdue"]
    assert at[9_000_003]["rejected"] and at[9_000_003]["decision_days"] == 1.0
    assert 9_000_004 in at and at[9_000_004]["county_id"] == EMPTY_COUNTY


def test_totals_over_the_area_are_the_counties_summed(db_url: str, raw: dict) -> None:
    view = Filters(as_of=CHANNEL_DAY, province=PROVINCE)
    got = _run(db_url, applications.totals, view)
    want = oracle.applications(raw, view)
    for column in COUNTS:
        assert got[column] == sum(v[column] for v in want.values()), column
