"""Complaint figures against per-complaint classification over raw rows, with the edges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import polars as pl
import pytest
import sqlalchemy as sa

from dashboard import db
from dashboard import schema as s
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
        if query in (
        complaints.three_reporter, complaints.three_reporter_stores, complaints.by_county,
        complaints.watchlist_export,
    ):  # fmt: skip
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


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_compliance_counted_in_sql_is_the_headlines(db_url: str, raw: dict, view: Filters):
    """compliance_at (the Overview's tile, counted in SQL) and the headline (judged in polars)
    are two implementations of one classification: both equal the oracle's."""
    with db.make_engine(db_url).connect() as conn:
        counted = complaints.compliance_at(conn, view)
    want = oracle.complaint_states(raw, view)
    judged = want.filter(pl.col("state") != "open_within_target").height
    on_time = (want["state"] == "on_time").sum()
    assert _approx(counted, on_time / judged if judged else None)
    assert _approx(counted, _run(db_url, complaints.headline, view)["compliance"])


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_the_overviews_reading_is_the_complaints_pages(db_url: str, view: Filters) -> None:
    """The Overview reads only the open complaints' rows (open_found) and the headline in
    parts (summary): the same lists and the same headline as from every complaint's row."""
    with db.make_engine(db_url).connect() as conn:
        every = complaints.found(conn, view)
        open_rows = complaints.open_found(conn, view)
        summary = complaints.summary(conn, view, open_rows)
    assert summary == complaints.headline(every)
    for listing in (complaints.at_risk_now, complaints.overdue_backlog):
        assert listing(open_rows).equals(listing(every))
    assert open_rows.height < every.height or every.height == 0


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
    for listed in (complaints.watchlist, complaints.at_risk_now, complaints.overdue_backlog):
        assert _run(db_url, listed, view).height == 0


def _watched(states: pl.DataFrame) -> pl.DataFrame:
    """The oracle's complaints on either watch list: at risk now, or overdue."""
    return states.filter(pl.col("at_risk") | (pl.col("state") == "overdue"))


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_watchlist(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, complaints.watchlist, view)
    want = _watched(oracle.complaint_states(raw, view))
    assert sorted(got["complaint_id"]) == sorted(want["id"])
    states = dict(want.select("id", "state").iter_rows())
    for row in got.iter_rows(named=True):
        assert row["state"] == (
            "overdue" if states[row["complaint_id"]] == "overdue" else "at_risk"
        )
        assert row["age_h"] > 18
    assert got["filed_at"].is_sorted(), "oldest first"


def _check_lists(at_risk: pl.DataFrame, backlog: pl.DataFrame, want: pl.DataFrame) -> None:
    """The two lists against the oracle's classification want."""
    risky = want.filter("at_risk").sort("hours_left", "id")
    assert at_risk["complaint_id"].to_list() == risky["id"].to_list(), "least time left first"
    for got_h, want_h in zip(at_risk["hours_left"], risky["hours_left"], strict=True):
        assert _approx(got_h, want_h) and 0 <= got_h < 6
    overdue = want.filter(pl.col("state") == "overdue").sort("filed_at", "id")
    assert backlog["complaint_id"].to_list() == overdue["id"].to_list(), "oldest first"
    assert (backlog["age_h"] > 24).all()


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_at_risk_now_and_the_overdue_backlog(db_url: str, raw: dict, view: Filters) -> None:
    rows = _run(db_url, lambda found: found, view)
    at_risk, backlog = complaints.at_risk_now(rows), complaints.overdue_backlog(rows)
    _check_lists(at_risk, backlog, oracle.complaint_states(raw, view))
    head = complaints.headline(rows)
    assert (head["at_risk"], head["overdue"]) == (at_risk.height, backlog.height)
    if view == VIEWS["country"]:
        assert at_risk.height > 0 and backlog.height > 0, "the sample has both"


def test_watchlist_edge_states(db_url: str) -> None:
    first = _run(db_url, complaints.watchlist, VIEWS["edge town, 1 Feb"])
    assert first.select("state", "age_h").rows() == [("at_risk", 24.0)]
    second = _run(db_url, complaints.watchlist, VIEWS["edge town, 2 Feb"])
    assert second.select("state", "age_h").rows() == [("overdue", 48.0)]


HAND_AS_OF = dt.date(2026, 3, 10)
MOMENT = dt.datetime(2026, 3, 11)  # the end of HAND_AS_OF
TWINS = (9_100_001, 9_100_002)  # two stores of the edge town with one name
HOUR, MS = dt.timedelta(hours=1), dt.timedelta(milliseconds=1)
# complaint id: (store, filed this long before the moment, dispatched this long after it)
HAND_MADE = {
    9_100_001: (TWINS[0], 18 * HOUR, None),  # exactly 18 h old: not at risk yet
    9_100_002: (TWINS[0], 18 * HOUR + MS, None),  # at risk, a millisecond under 6 h left
    9_100_003: (TWINS[0], 24 * HOUR, None),  # exactly 24 h: still at risk, no time left
    9_100_004: (TWINS[0], 20 * HOUR, dt.timedelta(0)),  # dispatched at the moment: at risk
    9_100_005: (TWINS[1], 20 * HOUR, -MS),  # dispatched just before the moment: on time
    9_100_006: (TWINS[1], 24 * HOUR + MS, None),  # overdue by a millisecond
    9_100_007: (TWINS[1], 30 * HOUR, None),
    9_100_008: (TWINS[1], 72 * HOUR, 5 * HOUR),  # dispatched after the moment: overdue
    9_100_009: (TWINS[1], dt.timedelta(0), None),  # filed at the moment: not yet
    9_100_010: (TWINS[1], -HOUR, None),  # filed after the moment
}


def _hand_made_rows(raw: dict) -> dict[str, pl.DataFrame]:
    """The twin stores (one name, two terminals) and the complaints of HAND_MADE."""
    stores = pl.DataFrame(
        {
            "id": list(TWINS), "terminal_id": ["99100001", "99100002"],
            "name": ["سوپرمارکت همنام"] * 2, "kind": ["small_shop"] * 2, "chain": [None] * 2,
            "county_id": [EDGE_TOWN] * 2, "place_id": [None] * 2, "lat": [33.32, 33.33],
            "lon": [46.82, 46.83], "joined_on": [dt.date(2026, 1, 5)] * 2,
            "status": ["active"] * 2, "status_since": [dt.date(2026, 1, 5)] * 2,
        },
        schema=raw["stores"].schema,
    )  # fmt: skip
    n, made = len(HAND_MADE), HAND_MADE.values()
    filed = pl.DataFrame(
        {
            "id": list(HAND_MADE), "store_id": [store for store, _, _ in made],
            "channel": ["portal"] * n, "kind": ["overcharge"] * n,
            "reporter_hash": [f"{i:032d}" for i in HAND_MADE],
            "filed_at": [MOMENT - before for _, before, _ in made],
            "dispatched_at": [None if after is None else MOMENT + after for _, _, after in made],
            "inspected_at": [None] * n, "outcome": ["pending"] * n, "action": ["none"] * n,
            "closed_at": [None] * n,
        },
        schema=raw["complaints"].schema,
    )  # fmt: skip
    return {"stores": stores, "complaints": filed}


@pytest.fixture
def hand_made(db_url: str, raw: dict) -> Iterator[tuple[sa.Connection, dict]]:
    """A connection that sees the hand-made rows (rolled back afterwards) and the raw tables
    with them, for the oracle."""
    rows = _hand_made_rows(raw)
    engine = db.make_engine(db_url)
    with engine.connect() as conn:
        added = conn.begin()
        for name, frame in rows.items():
            conn.execute(sa.insert(s.metadata.tables[name]), frame.to_dicts())
        yield conn, {**raw, **{n: pl.concat([raw[n], f]) for n, f in rows.items()}}
        added.rollback()
    engine.dispose()


def test_the_lists_and_tiles_at_the_edges_on_hand_made_rows(hand_made: tuple) -> None:
    conn, raw_with = hand_made
    view = Filters(as_of=HAND_AS_OF, province=PROVINCE, county=EDGE_TOWN)
    rows = complaints.found(conn, view)
    at_risk, backlog = complaints.at_risk_now(rows), complaints.overdue_backlog(rows)
    _check_lists(at_risk, backlog, oracle.complaint_states(raw_with, view))
    assert at_risk.select("complaint_id", "hours_left").rows() == [
        (9_100_003, 0.0), (9_100_004, 4.0), (9_100_002, 21_599_999 / 3_600_000),
    ]  # fmt: skip
    assert backlog["complaint_id"].to_list() == [9_100_008, 9_100_007, 9_100_006]
    head = complaints.headline(rows)
    assert (head["at_risk"], head["overdue"], head["open_within_target"]) == (3, 3, 4)
    assert not rows["id"].is_in([9_100_009, 9_100_010]).any(), "filed at or after the moment"
    next_day = Filters(as_of=MOMENT.date(), province=PROVINCE, county=EDGE_TOWN)
    later = complaints.at_risk_now(complaints.found(conn, next_day))
    assert later.select("complaint_id", "hours_left").rows() == [(9_100_009, 0.0), (9_100_010, 1.0)]


def test_two_stores_with_one_name_are_told_apart(hand_made: tuple) -> None:
    conn, raw_with = hand_made
    view = Filters(as_of=HAND_AS_OF, province=PROVINCE, county=EDGE_TOWN)
    got = complaints.three_reporter_stores(conn, view)
    twins = got.filter(pl.col("store_id").is_in(TWINS))
    assert twins.select("name", "terminal_id", "county_name_en", "reporters").rows() == [
        ("سوپرمارکت همنام", "99100001", "Edge town", 4),
        ("سوپرمارکت همنام", "99100002", "Edge town", 4),
    ]
    assert got.select("name", "terminal_id").is_unique().all()
    stores = raw_with["stores"]
    for row in got.iter_rows(named=True):
        store = stores.filter(id=row["store_id"]).row(0, named=True)
        assert (row["name"], row["terminal_id"], row["county_id"]) == (
            store["name"], store["terminal_id"], store["county_id"],
        )  # fmt: skip
    export = complaints.three_reporter(conn, view)
    assert export.columns == list(complaints.THREE_REPORTER_COLUMNS)
    assert export.rows() == got.select(complaints.THREE_REPORTER_COLUMNS).rows()


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_three_reporter_rule(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, complaints.three_reporter_stores, view)
    moment = view.moment
    rows = oracle.complaint_states(raw, view).filter(
        ~((pl.col("outcome") == "unfounded") & pl.col("closed_at").is_not_null()
          & (pl.col("closed_at") < moment))
    )  # fmt: skip
    counts = rows.group_by("store_id").agg(pl.col("reporter_hash").n_unique().alias("n"))
    flagged = counts.filter(pl.col("n") >= 3)
    assert sorted(got["store_id"]) == sorted(flagged["store_id"])
    stores, counties = raw["stores"], raw["counties"]
    for row in got.iter_rows(named=True):
        store = stores.filter(id=row["store_id"]).row(0, named=True)
        cut = store["status"] == "terminated" and store["status_since"] <= view.as_of
        assert row["terminal_cut"] == cut
        county = counties.filter(id=store["county_id"]).row(0, named=True)
        assert (row["terminal_id"], row["county_id"], row["county_name_fa"]) == (
            store["terminal_id"], county["id"], county["name_fa"],
        )  # fmt: skip
    assert got["reporters"].is_sorted(descending=True), "most reporters first"
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
