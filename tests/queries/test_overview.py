"""Overview KPIs against the oracle over raw rows, on SQLite and PostgreSQL, with the edges."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import db
from dashboard.filters import Filters
from queries import overview
from tests import oracle
from tests.populate import EDGE_TOWN, EMPTY_COUNTY, PROVINCE, SAMPLE_FACTOR, SUSPENDED_ON

LAST_DAY = dt.date(2026, 5, 5)
VIEWS = {
    "country, last day": Filters(as_of=LAST_DAY),
    "province": Filters(as_of=LAST_DAY, province="IR-15"),
    "province, mid-wave": Filters(as_of=dt.date(2026, 1, 15), province="IR-16"),
    "county": Filters(as_of=dt.date(2026, 3, 1), province="IR-15", county=1279146),
    "deciles 1-3": Filters(as_of=dt.date(2026, 2, 10), decile_min=1, decile_max=3),
    "group retiree": Filters(as_of=dt.date(2026, 4, 1), group="retiree"),
    "deciles and group": Filters(as_of=LAST_DAY, decile_min=8, decile_max=10, group="removed"),
    "before the programme": Filters(as_of=dt.date(2025, 12, 1)),
    "first wave day": Filters(as_of=dt.date(2026, 1, 7)),
    "county with no stores": Filters(as_of=LAST_DAY, province=PROVINCE, county=EMPTY_COUNTY),
    "edge town": Filters(as_of=dt.date(2026, 2, 1), province=PROVINCE, county=EDGE_TOWN),
}


def _kpis(url: str, f: Filters) -> dict[str, dict[str, float | None]]:
    with db.make_engine(url).connect() as conn:
        frame = overview.kpis(conn, f, f.as_of)  # the tasks on the as-of day, as the oracle
    return {row["key"]: row for row in frame.iter_rows(named=True)}


def _same(got: float | None, want: float | None) -> bool:
    if want is None:
        return got is None
    return got is not None and got == pytest.approx(want, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_kpis_match_the_oracle(db_url: str, raw: dict, view: Filters) -> None:
    got = _kpis(db_url, view)
    now, before = oracle.kpis(raw, view), oracle.kpis(raw, view.shifted(-7))
    assert list(got) == list(overview.KEYS)
    for key in overview.KEYS:
        assert _same(got[key]["value"], now[key]), key
        assert _same(got[key]["value_7_days_before"], before[key]), key


def test_views_are_not_trivial(raw: dict) -> None:
    """The data behind the oracle comparison has substance: spending, late complaints, overdue."""
    last = oracle.kpis(raw, VIEWS["country, last day"])
    assert last["spent_toman"] > 0
    assert 0 < last["uptake"] < 1
    assert 0 < last["reach"] < 1
    assert 0 < last["dispatch_compliance"] < 1
    assert last["overdue_tasks"] > 0


def test_before_the_programme_everything_is_zero(db_url: str) -> None:
    got = _kpis(db_url, VIEWS["before the programme"])
    for key in ("households", "members", "released_toman", "spent_toman"):
        assert got[key]["value"] == 0
    for key in ("uptake", "reach", "dispatch_compliance"):
        assert got[key]["value"] is None


def test_county_with_no_stores(db_url: str) -> None:
    got = _kpis(db_url, VIEWS["county with no stores"])
    assert got["households"]["value"] == 3 * SAMPLE_FACTOR  # full-scale estimates
    assert got["members"]["value"] == 10 * SAMPLE_FACTOR
    assert got["released_toman"]["value"] == 10_000_000 * SAMPLE_FACTOR
    assert got["spent_toman"]["value"] == 0
    assert got["uptake"]["value"] == 0
    assert got["reach"]["value"] == 0
    assert got["active_stores"]["value"] == 0
    assert got["dispatch_compliance"]["value"] is None


@pytest.mark.parametrize(
    ("as_of", "compliance"),
    [
        # exactly 24 h is on time, 24 h 1 min late; the third, filed at 00:00 on 1 Feb, is
        # exactly 24 h old at the as-of moment (2 Feb 00:00): open within target, not judged
        (dt.date(2026, 2, 1), 1 / 2),
        # a day later it is overdue: dispatched only at 3 Feb 00:00, which is the moment itself
        (dt.date(2026, 2, 2), 1 / 3),
        # on 30 Jan only the first two were filed (10:00), not yet dispatched at 31 Jan 00:00:
        # 14 h old, open within target, so nothing is judged yet
        (dt.date(2026, 1, 30), None),
        # the fourth is late by 0.8 s: one on time out of four
        (dt.date(2026, 2, 6), 1 / 4),
    ],
)
def test_dispatch_target_edges(db_url: str, as_of: dt.date, compliance: float | None) -> None:
    got = _kpis(db_url, Filters(as_of=as_of, province=PROVINCE, county=EDGE_TOWN))
    assert _same(got["dispatch_compliance"]["value"], compliance)


def test_store_suspended_on_the_as_of_day_is_not_active(db_url: str) -> None:
    town = Filters(as_of=SUSPENDED_ON, province=PROVINCE, county=EDGE_TOWN)
    got = _kpis(db_url, town)
    assert got["active_stores"]["value"] == 1
    assert got["active_stores"]["value_7_days_before"] == 2


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [
        (dt.date(2026, 2, 1), 0),  # due today: not yet overdue
        (dt.date(2026, 2, 2), 1),  # one done on its due day, one not done until 3 Feb
        (dt.date(2026, 2, 3), 0),  # done on the as-of day
    ],
)
def test_overdue_task_edges(db_url: str, as_of: dt.date, overdue: int) -> None:
    got = _kpis(db_url, Filters(as_of=as_of, province=PROVINCE, county=EDGE_TOWN))
    assert got["overdue_tasks"]["value"] == overdue


def test_overdue_tasks_follow_the_clock_not_the_as_of_date(db_url: str) -> None:
    town = Filters(as_of=dt.date(2026, 1, 20), province=PROVINCE, county=EDGE_TOWN)
    with db.make_engine(db_url).connect() as conn:
        on = {day: overview.kpis(conn, town, day) for day in (dt.date(2026, 2, 2), LAST_DAY)}
    assert on[dt.date(2026, 2, 2)].filter(key="overdue_tasks")["value"].item() == 1
    assert (
        on[LAST_DAY]
        .filter(key="released_toman")
        .equals(on[dt.date(2026, 2, 2)].filter(key="released_toman"))
    ), "the data figures stay those of the as-of date"


def test_a_purchase_at_the_last_instant_counts_and_midnight_does_not(db_url: str) -> None:
    town = Filters(as_of=dt.date(2026, 2, 1), province=PROVINCE, county=EDGE_TOWN)
    spent = [_kpis(db_url, town.shifted(d))["spent_toman"]["value"] for d in (-1, 0, 1)]
    assert spent[1] - spent[0] == 1_000_000 * SAMPLE_FACTOR, "23:59:59.999 of 1 Feb: 1 Feb"
    assert spent[2] - spent[1] == 700_000 * SAMPLE_FACTOR, "00:00 of 2 Feb: 2 Feb"
