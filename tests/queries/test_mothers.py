"""The mothers' packages (issue 30) against the oracle over raw rows, on SQLite and PostgreSQL,
with the edges: collected exactly 30 days after the issue day's midnight (at the moment), a
package never collected, one not yet issued, a county with no mothers."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import db, schema
from dashboard.filters import Filters
from queries import mothers
from tests import oracle
from tests.populate import CHANNEL_DAY, EDGE_TOWN, EMPTY_COUNTY, PROVINCE

LAST_DAY = dt.date(2026, 5, 5)
VIEWS = {
    "country": Filters(as_of=LAST_DAY),
    "province at the edges": Filters(as_of=CHANNEL_DAY, province=PROVINCE),
    "province, the day before": Filters(
        as_of=CHANNEL_DAY - dt.timedelta(days=1), province=PROVINCE
    ),  # fmt: skip
    "edge town": Filters(as_of=dt.date(2026, 2, 14), province=PROVINCE, county=EDGE_TOWN),
    "edge town, a day before its package is overdue": Filters(
        as_of=dt.date(2026, 2, 13), province=PROVINCE, county=EDGE_TOWN
    ),  # fmt: skip
    "province": Filters(as_of=LAST_DAY, province="IR-15"),
    "deciles 4-10": Filters(as_of=LAST_DAY, province="IR-15", decile_min=4, decile_max=10),
    "before the programme": Filters(as_of=dt.date(2025, 12, 20), province="IR-15"),
}
COUNTS = ("eligible", "issued", "collected", "uncollected_overdue")


def _run(url: str, query, f: Filters):
    with db.make_engine(url).connect() as conn:
        return query(conn, f)


def _close(got, want) -> bool:
    return got is None if want is None else got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_by_county_matches_the_raw_rows(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, mothers.by_county, view)
    assert got.columns == [
        "county_id", "county_name_fa", "county_name_en", "eligible", "issued", "collected",
        "collection_rate", "uncollected_overdue", "median_collect_days",
    ]  # fmt: skip
    want = oracle.mothers(raw, view)
    listed = oracle.counties_with_households(raw, view) | set(want)
    assert set(got["county_id"]) == listed, "the area's counties with households, and no other"
    for row in got.iter_rows(named=True):
        expected = want.get(row["county_id"])
        if expected is None:  # a county with no mothers: zeros, no rate, no median
            assert [row[c] for c in COUNTS] == [0] * 4, row["county_id"]
            assert row["collection_rate"] is None and row["median_collect_days"] is None
            continue
        for column in COUNTS:
            assert row[column] == expected[column], (row["county_id"], column)
        assert _close(row["collection_rate"], expected["collection_rate"]), row["county_id"]
        assert _close(row["median_collect_days"], expected["median_collect_days"])
    rates = got["collection_rate"].drop_nulls().to_list()
    assert rates == sorted(rates)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_overdue_counts_the_packages_uncollected_past_the_target(
    db_url: str, raw: dict, view: Filters
) -> None:
    """The attention strip's number, counted in the database: the oracle's uncollected_overdue
    over the view (the package issued 15 Jan is overdue on 14 Feb, not on 13 Feb)."""
    want = oracle.mothers(raw, view).values()
    assert _run(db_url, mothers.overdue, view) == sum(v["uncollected_overdue"] for v in want)


def test_overdue_follows_a_target_with_part_of_a_day(writable_url: str, raw: dict) -> None:
    """mothers_collect_days at 29.5: the package issued 15 Jan is overdue from 13 Feb 12:00, so
    at the moment of the 13th and not at the moment of the 12th."""
    engine = db.make_engine(writable_url)
    with engine.begin() as conn:
        key = schema.settings.c.key == "mothers_collect_days"
        conn.execute(schema.settings.delete().where(key))
        conn.execute(schema.settings.insert().values(key="mothers_collect_days", value="29.5"))
    engine.dispose()
    others = raw["settings"].filter(pl.col("key") != "mothers_collect_days")
    half = pl.DataFrame({"key": ["mothers_collect_days"], "value": ["29.5"]})
    changed = {**raw, "settings": pl.concat([others, half], how="diagonal_relaxed")}
    counts = []
    for day in (12, 13):
        view = Filters(as_of=dt.date(2026, 2, day), province=PROVINCE, county=EDGE_TOWN)
        want = sum(v["uncollected_overdue"] for v in oracle.mothers(changed, view).values())
        assert _run(writable_url, mothers.overdue, view) == want
        counts.append(want)
    assert counts[0] < counts[1], "the package of 15 Jan falls due between the two moments"


def test_the_edges(db_url: str) -> None:
    def edge(as_of: dt.date) -> dict[int, dict]:
        rows = _run(db_url, mothers.rows, Filters(as_of=as_of, province=PROVINCE))
        return {r["id"]: r for r in rows.filter(pl.col("id") >= 9_000_001).iter_rows(named=True)}

    at, before = edge(CHANNEL_DAY), edge(CHANNEL_DAY - dt.timedelta(days=1))
    # collected at the moment, 30 days after the issue day's midnight: collected, in 30.0 days
    assert at[9_000_001]["collected"] and at[9_000_001]["collect_days"] == 30.0
    assert not before[9_000_001]["collected"] and before[9_000_001]["issued"]
    # issued 15 Jan, never collected: overdue once 15 Jan + 30 days (14 Feb 00:00) has passed
    assert not edge(dt.date(2026, 2, 13))[9_000_002]["uncollected_overdue"]
    assert edge(dt.date(2026, 2, 14))[9_000_002]["uncollected_overdue"]
    # eligible, not issued
    assert at[9_000_003]["eligible"] and not at[9_000_003]["issued"]
    assert 9_000_003 not in edge(dt.date(2026, 1, 31))  # not eligible before 1 Feb


def test_a_county_with_no_mothers_is_listed_with_zeros(db_url: str) -> None:
    view = Filters(as_of=LAST_DAY, province=PROVINCE, county=EMPTY_COUNTY)
    got = _run(db_url, mothers.by_county, view)
    assert got["county_id"].to_list() == [EMPTY_COUNTY]
    assert got["eligible"][0] == 0 and got["collection_rate"][0] is None


def test_totals_over_the_area_are_the_counties_summed(db_url: str, raw: dict) -> None:
    view = Filters(as_of=LAST_DAY, province="IR-15")
    got = _run(db_url, mothers.totals, view)
    want = oracle.mothers(raw, view)
    for column in COUNTS:
        assert got[column] == sum(v[column] for v in want.values()), column
    assert got["collection_rate"] == pytest.approx(got["collected"] / got["issued"])
