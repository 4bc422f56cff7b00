"""The Overview's "needs attention" strip against the oracle over raw rows, on both databases."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import db
from dashboard.filters import Filters
from queries import attention_figures
from tests import oracle
from tests.populate import EDGE_TOWN, PROVINCE

LAST_DAY = dt.date(2026, 5, 5)
TODAY = dt.date(2026, 5, 20)  # the clock: tasks and escalations are live work
VIEWS = {
    "country": Filters(as_of=LAST_DAY),
    "province": Filters(as_of=LAST_DAY, province="IR-15"),
    "edge town": Filters(as_of=dt.date(2026, 2, 2), province=PROVINCE, county=EDGE_TOWN),
    "before the programme": Filters(as_of=dt.date(2025, 12, 1)),
}


def _strip(url: str, f: Filters) -> dict:
    with db.make_engine(url).connect() as conn:
        return attention_figures.strip(conn, f, TODAY)


def _in_area(rows: pl.DataFrame, f: Filters) -> pl.DataFrame:
    if f.county is not None:
        return rows.filter(pl.col("county_id") == f.county)
    return rows.filter(pl.col("province_code") == f.province) if f.province else rows


@pytest.mark.parametrize("view", VIEWS)
def test_lagging_areas_are_the_lowest_in_uptake_and_reach(db_url: str, raw: dict, view: str):
    f = VIEWS[view]
    got = _strip(db_url, f)
    by = "province_code" if f.province is None else "county_id"
    peers = f.province_wide() if f.county is not None else f  # a county among its province's
    want = oracle.uptake_rows(raw, peers, by).filter(pl.col("released_toman") > 0)
    for measure in ("uptake", "reach"):
        lowest = want.with_columns(code=pl.col(by).cast(pl.String)).sort(measure, "code").head(3)
        shown = got[f"lagging_{measure}"]
        assert shown["area_code"].to_list() == lowest["code"].to_list(), measure
        assert shown[measure].to_list() == pytest.approx(lowest[measure].to_list(), rel=1e-12)
    if view == "before the programme":
        assert got["lagging_uptake"].height == 0, "no area is lagging before any credit"


@pytest.mark.parametrize("view", VIEWS)
def test_complaints_at_risk_now_and_overdue(db_url: str, raw: dict, view: str) -> None:
    f = VIEWS[view]
    got = _strip(db_url, f)
    states = oracle.complaint_states(raw, f)
    at_risk = states.filter(pl.col("at_risk")).sort("hours_left", "id")
    assert got["at_risk"]["complaint_id"].to_list() == at_risk["id"].to_list()
    overdue = states.filter(state="overdue")
    assert sorted(got["overdue"]["complaint_id"]) == sorted(overdue["id"])


@pytest.mark.parametrize("view", VIEWS)
def test_overdue_tasks_by_agency_and_open_escalations_today(
    db_url: str, raw: dict, view: str
) -> None:
    f = VIEWS[view]
    got = _strip(db_url, f)
    tasks = _in_area(raw["tasks"], f)
    late = tasks.filter(
        pl.col("created_on") <= TODAY,
        pl.col("due_on") < TODAY,
        pl.col("done_on").is_null() | (pl.col("done_on") > TODAY),
    )
    want = dict(late.group_by("agency").len().iter_rows())
    shown = got["overdue_tasks"]
    assert dict(zip(shown["agency"], shown["overdue"], strict=True)) == want
    assert got["overdue_tasks"]["overdue"].to_list() == sorted(want.values(), reverse=True)
    escalations = _in_area(raw["escalations"], f)
    open_ = escalations.filter(
        pl.col("raised_on") <= TODAY,
        pl.col("answered_on").is_null() | (pl.col("answered_on") > TODAY),
    )
    ages = [(TODAY - day).days for day in open_["raised_on"]]
    if view == "country":
        assert want and ages, "the sample has overdue tasks and open escalations today"
    assert got["escalations"].height == open_.height
    assert got["escalation_ages"] == [
        sum(a <= 7 for a in ages),
        sum(7 < a <= 30 for a in ages),
        sum(a > 30 for a in ages),
    ]


@pytest.mark.parametrize("view", ["province", "edge town"])
def test_uncovered_villages(db_url: str, raw: dict, view: str) -> None:
    f = VIEWS[view]
    want = oracle.village_coverage(raw, f, 5.0).filter(coverage="none").height
    assert _strip(db_url, f)["uncovered"] == want


@pytest.mark.parametrize("view", VIEWS)
def test_the_other_channels_past_their_targets(db_url: str, raw: dict, view: str) -> None:
    f = VIEWS[view]
    got = _strip(db_url, f)
    assert got["method_two_overdue"] == sum(
        v["pending_overdue"] for v in oracle.method_two(raw, f, "province_code").values()
    )
    assert got["mothers_overdue"] == sum(
        v["uncollected_overdue"] for v in oracle.mothers(raw, f).values()
    )
    assert got["applications_overdue"] == sum(
        v["pending_overdue"] for v in oracle.applications(raw, f).values()
    )
