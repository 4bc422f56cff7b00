"""Complaint figures against per-complaint classification over raw rows, with the edges."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import db
from dashboard.filters import Filters
from queries import complaints
from tests import oracle
from tests.populate import EDGE_TOWN, EMPTY_COUNTY, PROVINCE

LAST_DAY = dt.date(2026, 5, 5)
VIEWS = {
    "country": Filters(as_of=LAST_DAY),
    "province mid-way": Filters(as_of=dt.date(2026, 2, 20), province="IR-15"),
    "county": Filters(as_of=LAST_DAY, province="IR-15", county=1279146),
    "edge town, 1 Feb": Filters(as_of=dt.date(2026, 2, 1), province=PROVINCE, county=EDGE_TOWN),
    "edge town, 2 Feb": Filters(as_of=dt.date(2026, 2, 2), province=PROVINCE, county=EDGE_TOWN),
    "before the programme": Filters(as_of=dt.date(2025, 12, 1)),
    "county with no complaints": Filters(as_of=LAST_DAY, province=PROVINCE, county=EMPTY_COUNTY),
}
STATES = ("on_time", "late", "open_within_target", "overdue")


def _run(url: str, query, view: Filters, *args):
    """query over the complaints found at view (three_reporter and the exports read the
    database themselves)."""
    with db.make_engine(url).connect() as conn:
        if query in (complaints.three_reporter, complaints.by_county, complaints.watchlist_export):
            return query(conn, view, *args)
        return query(complaints.found(conn, view), *args)


def _quantile(values: list[float], q: float) -> float | None:
    return pl.Series(values, dtype=pl.Float64).quantile(q, "linear") if values else None


def _approx(got, want) -> bool:
    return (got is None and want is None) or got == pytest.approx(want, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_headline(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, complaints.headline, view)
    want = oracle.complaint_states(raw, view)
    for state in STATES:
        assert got[state] == (want["state"] == state).sum(), state
    judged = want.filter(pl.col("state") != "open_within_target").height
    on_time = (want["state"] == "on_time").sum()
    assert _approx(got["compliance"], on_time / judged if judged else None)
    took = want["took_h"].drop_nulls().to_list()
    assert _approx(got["median_dispatch_h"], _quantile(took, 0.5))
    assert _approx(got["p90_dispatch_h"], _quantile(took, 0.9))
    assert got["at_risk"] == want["at_risk"].sum()


@pytest.mark.parametrize("dimension", ["county", "channel", "kind"])
@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_by_dimension(db_url: str, raw: dict, view: Filters, dimension: str) -> None:
    got = _run(db_url, complaints.by, view, dimension)
    key = complaints.DIMENSIONS[dimension]
    want = oracle.complaint_states(raw, view)
    assert sorted(got[key]) == sorted(want[key].unique())
    for row in got.iter_rows(named=True):
        own = want.filter(pl.col(key) == row[key])
        for state in STATES:
            assert row[state] == (own["state"] == state).sum()
        took = own["took_h"].drop_nulls().to_list()
        assert _approx(row["median_dispatch_h"], _quantile(took, 0.5))
        assert _approx(row["p90_dispatch_h"], _quantile(took, 0.9))
    shown = [c for c in got["compliance"] if c is not None]
    assert shown == sorted(shown), "worst first"


def test_the_edges_on_hand_made_rows(db_url: str) -> None:
    first = _run(db_url, complaints.headline, VIEWS["edge town, 1 Feb"])
    # exactly 24 h is on time; 24 h 1 min is late; filed at 00:00 on 1 Feb: 24 h old, open
    assert (first["on_time"], first["late"], first["open_within_target"]) == (1, 1, 1)
    assert first["compliance"] == 0.5
    second = _run(db_url, complaints.headline, VIEWS["edge town, 2 Feb"])
    # dispatched only at 3 Feb 00:00, after the moment: judged by its age, so overdue
    assert (second["overdue"], second["compliance"]) == (1, pytest.approx(1 / 3))
    before = Filters(as_of=dt.date(2026, 1, 31), province=PROVINCE, county=EDGE_TOWN)
    assert _run(db_url, complaints.headline, before)["complaints"] == 2, "filed later: not yet"


def test_a_county_with_no_complaints_shows_none(db_url: str) -> None:
    view = VIEWS["county with no complaints"]
    head = _run(db_url, complaints.headline, view)
    assert head["complaints"] == 0
    assert head["compliance"] is None and head["median_dispatch_h"] is None
    assert _run(db_url, complaints.by_county, view).height == 0
    assert _run(db_url, complaints.watchlist, view).height == 0


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_watchlist(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, complaints.watchlist, view)
    want = oracle.complaint_states(raw, view).filter("at_risk")
    assert sorted(got["complaint_id"]) == sorted(want["id"])
    states = dict(want.select("id", "state").iter_rows())
    for row in got.iter_rows(named=True):
        assert row["state"] == (
            "overdue" if states[row["complaint_id"]] == "overdue" else "at_risk"
        )
        assert row["age_h"] > 18
    assert got["filed_at"].is_sorted(), "oldest first"


def test_watchlist_edge_states(db_url: str) -> None:
    first = _run(db_url, complaints.watchlist, VIEWS["edge town, 1 Feb"])
    assert first.select("state", "age_h").rows() == [("at_risk", 24.0)]
    second = _run(db_url, complaints.watchlist, VIEWS["edge town, 2 Feb"])
    assert second.select("state", "age_h").rows() == [("overdue", 48.0)]


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_three_reporter_rule(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, complaints.three_reporter, view)
    moment = view.moment
    rows = oracle.complaint_states(raw, view).filter(
        ~((pl.col("outcome") == "unfounded") & pl.col("closed_at").is_not_null()
          & (pl.col("closed_at") < moment))
    )  # fmt: skip
    counts = rows.group_by("store_id").agg(pl.col("reporter_hash").n_unique().alias("n"))
    flagged = counts.filter(pl.col("n") >= 3)
    assert sorted(got["store_id"]) == sorted(flagged["store_id"])
    stores = raw["stores"]
    for row in got.iter_rows(named=True):
        store = stores.filter(id=row["store_id"]).row(0, named=True)
        cut = store["status"] == "terminated" and store["status_since"] <= view.as_of
        assert row["terminal_cut"] == cut
    if view == VIEWS["country"]:
        assert got.height > 0 and got["terminal_cut"].any() and not got["terminal_cut"].all()


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_weekly_histogram_and_sanctions_add_up(db_url: str, raw: dict, view: Filters) -> None:
    want = oracle.complaint_states(raw, view)
    weeks = _run(db_url, complaints.weekly, view)
    assert weeks["complaints"].sum() == want.height
    if weeks.height:
        assert (weeks["week"].dt.weekday() == 6).all(), "weeks start on Saturday"
    hours = _run(db_url, complaints.histogram, view)
    took = want["took_h"].drop_nulls()
    assert hours["complaints"].sum() == took.len()
    expected = took.floor().clip(upper_bound=72).cast(pl.Int64).value_counts()
    assert dict(hours.iter_rows()) == dict(expected.iter_rows())
    sanctions = _run(db_url, complaints.sanctions, view)
    closed = want.filter(pl.col("closed_at").is_not_null() & (pl.col("closed_at") < view.moment))
    assert sanctions["unfounded"].sum() == (closed["outcome"] == "unfounded").sum()
    assert sanctions["violation"].sum() == (closed["outcome"] == "violation").sum()


def _saturday(day: dt.date) -> dt.date:
    """The Saturday that starts day's week (Iranian weeks run Saturday to Friday)."""
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_weekly_compliance(db_url: str, raw: dict, view: Filters) -> None:
    want: dict[dt.date, dict[str, int]] = {}
    for row in oracle.complaint_states(raw, view).iter_rows(named=True):
        week = want.setdefault(_saturday(row["filed_at"].date()), dict.fromkeys(STATES, 0))
        week[row["state"]] += 1
    got = _run(db_url, complaints.weekly, view)
    assert sorted(got["week"]) == sorted(want)
    for row in got.iter_rows(named=True):
        counts = want[row["week"]]
        for state in STATES:
            assert row[state] == counts[state], (row["week"], state)
        judged = counts["on_time"] + counts["late"] + counts["overdue"]
        assert _approx(row["compliance"], counts["on_time"] / judged if judged else None)


STEPS = {"unfounded": ("outcome", "unfounded"), "violation": ("outcome", "violation"),
         "warning": ("action", "warning"), "terminal_cut": ("action", "terminal_cut"),
         "tazirat_referral": ("action", "tazirat_referral")}  # fmt: skip


def _closed(raw: dict, view: Filters) -> list[dict]:
    rows = oracle.complaint_states(raw, view).iter_rows(named=True)
    return [r for r in rows if r["closed_at"] is not None and r["closed_at"] < view.moment]


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_sanctions_per_county_and_week(db_url: str, raw: dict, view: Filters) -> None:
    counties = set(oracle.complaint_states(raw, view)["county_id"])
    by_county = {c: dict.fromkeys(STEPS, 0) for c in counties}
    by_week: dict[dt.date, dict[str, int]] = {}
    for row in _closed(raw, view):
        week = by_week.setdefault(_saturday(row["closed_at"].date()), dict.fromkeys(STEPS, 0))
        for step, (column, value) in STEPS.items():
            by_county[row["county_id"]][step] += row[column] == value
            week[step] += row[column] == value
    per_county = _run(db_url, complaints.sanctions, view)
    assert sorted(per_county["county_id"]) == sorted(counties)
    for row in per_county.iter_rows(named=True):
        assert {k: row[k] for k in STEPS} == by_county[row["county_id"]]
    per_week = _run(db_url, complaints.sanctions_weekly, view)
    assert {r["week"]: {k: r[k] for k in STEPS} for r in per_week.iter_rows(named=True)} == (
        by_week
    )
    if view == VIEWS["country"]:
        assert all(sum(w[k] for w in by_week.values()) > 0 for k in STEPS), "every step occurs"
