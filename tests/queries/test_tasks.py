"""Task figures against the raw rows (DESIGN.md section 5), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import db
from dashboard.filters import Filters
from queries import complaints, indicators, overview, stores, tasks
from tests.populate import EDGE_TOWN, PROVINCE

VIEWS = {
    "country": Filters(as_of=dt.date(2026, 5, 5)),
    "province early": Filters(as_of=dt.date(2026, 2, 2), province="IR-15"),
    "edge town 2 Feb": Filters(as_of=dt.date(2026, 2, 2), province=PROVINCE, county=EDGE_TOWN),
    "edge town 3 Feb": Filters(as_of=dt.date(2026, 2, 3), province=PROVINCE, county=EDGE_TOWN),
    "before the programme": Filters(as_of=dt.date(2025, 12, 1)),
}


def _run(url: str, query, f: Filters) -> pl.DataFrame:
    with db.make_engine(url).connect() as conn:
        return query(conn, f)


def _own(raw: dict, f: Filters) -> pl.DataFrame:
    t = raw["tasks"].filter(pl.col("created_on") <= f.as_of)
    if f.county is not None:
        return t.filter(county_id=f.county)
    return t.filter(province_code=f.province) if f.province else t


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_by_agency(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, tasks.by_agency, view)
    assert got.height == 7, "every agency is listed"
    own = _own(raw, view)
    done = own.filter(pl.col("done_on").is_not_null() & (pl.col("done_on") <= view.as_of))
    overdue = own.filter(
        (pl.col("due_on") < view.as_of)
        & (pl.col("done_on").is_null() | (pl.col("done_on") > view.as_of))
    )
    for row in got.iter_rows(named=True):
        agency = row["agency"]
        mine = done.filter(agency=agency)
        assert row["done"] == mine.height
        assert row["overdue"] == overdue.filter(agency=agency).height
        assert row["open"] == own.filter(agency=agency).height - mine.height
        on_time = mine.filter(pl.col("done_on") <= pl.col("due_on")).height
        assert row["on_time_rate"] == (
            pytest.approx(on_time / mine.height) if mine.height else None
        )


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_board_puts_overdue_first(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, tasks.board, view)
    assert sorted(got["task_id"]) == sorted(_own(raw, view)["id"])
    flags = got["overdue"].to_list()
    assert flags == sorted(flags, reverse=True)


def test_overdue_edges(db_url: str) -> None:
    assert _run(db_url, tasks.export, VIEWS["edge town 2 Feb"])["overdue"].to_list() == [
        True,
        False,
    ]
    assert not _run(db_url, tasks.export, VIEWS["edge town 3 Feb"])["overdue"].any()


@pytest.mark.parametrize("code", ["reach", "uptake", "active_stores", "overdue_tasks"])
def test_indicators_are_the_overview_figures(db_url: str, code: str) -> None:
    view = Filters(as_of=dt.date(2026, 3, 1), province="IR-15", county=1279146)
    with db.make_engine(db_url).connect() as conn:
        assert indicators.current(conn, code, view) == pytest.approx(
            overview.values(conn, view)[code]
        )


def test_uncovered_villages_and_compliance_indicators(db_url: str) -> None:
    view = Filters(as_of=dt.date(2026, 3, 1), province=PROVINCE)
    with db.make_engine(db_url).connect() as conn:
        coverage = stores.village_coverage(conn, view)
        assert (
            indicators.current(conn, "uncovered_villages", view)
            == (coverage["coverage"] == "none").sum()
        )
        compliance = complaints.headline(complaints.found(conn, view))["compliance"]
        assert indicators.current(conn, "dispatch_compliance", view) == compliance
        assert indicators.current(conn, None, view) is None
