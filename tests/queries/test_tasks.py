"""Task figures against the raw rows (DESIGN.md section 5), as of a day D, on SQLite and
PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from unittest import mock

import polars as pl
import pytest
import sqlalchemy as sa

from dashboard import calendar, db, schema
from dashboard.filters import Filters
from queries import audit, complaints, indicators, overview, stores, task_writes, tasks
from tests.populate import BUILT_AT, EDGE_TOWN, PROVINCE

FEB_2 = dt.date(2026, 2, 2)  # the edge town's two tasks, due 1 Feb: one done then, one on 3 Feb

# (area, today): tasks are read as of today; the as-of date (a fixed, unrelated day) is ignored
AS_OF = dt.date(2026, 3, 1)
VIEWS = {
    "country, the build day": (Filters(as_of=AS_OF), BUILT_AT.date()),
    "province, a week on": (Filters(as_of=AS_OF, province="IR-15"), dt.date(2026, 5, 12)),
    "edge town 2 Feb": (Filters(as_of=AS_OF, province=PROVINCE, county=EDGE_TOWN), FEB_2),
    "edge town 3 Feb": (
        Filters(as_of=AS_OF, province=PROVINCE, county=EDGE_TOWN),
        dt.date(2026, 2, 3),
    ),
    "before any task": (Filters(as_of=AS_OF), dt.date(2025, 12, 1)),
}


def _run(url: str, query, *args) -> pl.DataFrame:
    with db.make_engine(url).connect() as conn:
        return query(conn, *args)


def _own(raw: dict, f: Filters, today: dt.date) -> pl.DataFrame:
    t = raw["tasks"].filter(pl.col("created_on") <= today)
    if f.county is not None:
        return t.filter(county_id=f.county)
    return t.filter(province_code=f.province) if f.province else t


def _overdue(tasks: pl.DataFrame, today: dt.date) -> pl.DataFrame:
    return tasks.filter(
        (pl.col("due_on") < today) & (pl.col("done_on").is_null() | (pl.col("done_on") > today))
    )


@pytest.mark.parametrize(("view", "today"), VIEWS.values(), ids=VIEWS.keys())
def test_by_agency(db_url: str, raw: dict, view: Filters, today: dt.date) -> None:
    got = _run(db_url, tasks.by_agency, view, today)
    assert got.height == 7, "every agency is listed"
    own = _own(raw, view, today)
    done = own.filter(pl.col("done_on").is_not_null() & (pl.col("done_on") <= today))
    overdue = _overdue(own, today)
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


@pytest.mark.parametrize(("view", "today"), VIEWS.values(), ids=VIEWS.keys())
def test_board_puts_overdue_first(db_url: str, raw: dict, view: Filters, today: dt.date) -> None:
    got = _run(db_url, tasks.board, view, today)
    assert sorted(got["task_id"]) == sorted(_own(raw, view, today)["id"])
    assert set(got.filter(pl.col("overdue"))["task_id"]) == set(
        _overdue(_own(raw, view, today), today)["id"]
    )
    flags = got["overdue"].to_list()
    assert flags == sorted(flags, reverse=True)
    late = got.filter(pl.col("overdue"))
    assert late["days_overdue"].to_list() == [(today - d).days for d in late["due_on"]]
    assert got.filter(~pl.col("overdue"))["days_overdue"].is_null().all()


def test_the_board_is_as_of_today_whatever_the_as_of_date(db_url: str) -> None:
    town = Filters(as_of=dt.date(2026, 2, 3), province=PROVINCE, county=EDGE_TOWN)
    assert _run(db_url, tasks.board, town, FEB_2)["overdue"].to_list() == [True, False]
    assert not _run(db_url, tasks.board, town, dt.date(2026, 2, 3))["overdue"].any()
    early = dataclasses.replace(town, as_of=dt.date(2026, 1, 25))
    assert _run(db_url, tasks.board, early, FEB_2).equals(_run(db_url, tasks.board, town, FEB_2))


def test_the_board_names_agencies_and_areas(db_url: str, raw: dict) -> None:
    got = _run(db_url, tasks.board, Filters(as_of=AS_OF, province=PROVINCE), BUILT_AT.date())
    counties = raw["counties"].select("id", "name_en")
    named = got.join(counties, left_on="county_id", right_on="id", how="left")
    assert named["county_name_en"].to_list() == named["name_en"].to_list()
    assert got.filter(pl.col("county_id").is_null())["county_name_fa"].is_null().all()
    assert set(got["province_name_en"]) == {"Ilam"}
    assert got["agency_name_en"].is_not_null().all()
    assert not set(got["agency_name_en"]) & set(got["agency"]), "names, not codes"


def test_the_export_is_as_of_the_clock(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    town = Filters(as_of=AS_OF, province=PROVINCE, county=EDGE_TOWN)
    monkeypatch.setattr(calendar, "now", lambda: dt.datetime(2026, 2, 2, 10))
    assert _run(db_url, tasks.export, town)["overdue"].to_list() == [True, False]
    assert list(_run(db_url, tasks.export, town).columns) == list(tasks.EXPORT_COLUMNS)
    by_agency = _run(db_url, tasks.by_agency_export, town)
    assert by_agency.filter(agency="welfare")["overdue"].item() == 1


def test_open_escalations_name_the_agency_and_the_area(db_url: str) -> None:
    today = BUILT_AT.date()
    got = _run(db_url, tasks.open_escalations, Filters(as_of=AS_OF), today)
    assert got.height > 0
    with db.make_engine(db_url).connect() as conn:
        names = dict(
            conn.execute(sa.select(schema.agencies.c.code, schema.agencies.c.name_en)).all()
        )
        rows = conn.execute(sa.select(schema.escalations)).mappings().all()
    wanted = [
        r["id"]
        for r in rows
        if r["raised_on"] <= today and (r["answered_on"] is None or r["answered_on"] > today)
    ]
    assert sorted(got["escalation_id"]) == sorted(wanted)
    assert got["raised_by_en"].to_list() == [names[c] for c in got["raised_by"]]
    assert got["province_name_en"].is_not_null().all()
    assert got["age_days"].to_list() == [(today - d).days for d in got["raised_on"]]
    assert _run(
        db_url, tasks.open_escalations, Filters(as_of=AS_OF), dt.date(2025, 1, 1)
    ).is_empty()


@pytest.mark.parametrize("today", [dt.date(2026, 4, 23), dt.date(2026, 4, 24), BUILT_AT.date()])
def test_escalations_show_an_answer_only_once_given(db_url: str, today: dt.date) -> None:
    got = _run(db_url, tasks.escalations, Filters(as_of=AS_OF), today)
    with db.make_engine(db_url).connect() as conn:
        rows = conn.execute(sa.select(schema.escalations)).mappings().all()
    raised = {r["id"]: r for r in rows if r["raised_on"] <= today}
    assert sorted(got["escalation_id"]) == sorted(raised)
    for row in got.iter_rows(named=True):
        stored = raised[row["escalation_id"]]
        given = stored["answered_on"] is not None and stored["answered_on"] <= today
        assert row["answered_on"] == (stored["answered_on"] if given else None)
        assert row["answer"] == (stored["answer"] if given else None)
    since = today - dt.timedelta(days=tasks.ANSWERED_DAYS)
    recent = tasks.answered_since(got, since)
    want = [i for i, r in raised.items() if r["answered_on"] and since <= r["answered_on"] <= today]
    assert sorted(recent["escalation_id"]) == sorted(want)
    assert recent["answered_on"].is_sorted(descending=True)
    assert tasks.unanswered(got).height == len(raised) - sum(
        1 for r in raised.values() if r["answered_on"] and r["answered_on"] <= today
    )


@pytest.mark.parametrize("code", ["reach", "uptake", "active_stores", "overdue_tasks"])
def test_indicators_are_the_overview_figures(db_url: str, code: str) -> None:
    view = Filters(as_of=dt.date(2026, 3, 1), province="IR-15", county=1279146)
    clock = dt.datetime.combine(FEB_2, dt.time(10))
    with (
        db.make_engine(db_url).connect() as conn,
        mock.patch.object(calendar, "now", return_value=clock),
    ):
        assert indicators.current(conn, code, view) == pytest.approx(
            overview.values(conn, view, FEB_2)[code]
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


OLD_LINE = "owner: دبیر کمیته → معاون; due_on: 2026-02-20 → 2026-03-01"  # as lines were written


def test_history_is_stored_as_changes_and_read_in_the_readers_language(writable_url: str):
    engine = db.make_engine(writable_url)
    task_id = task_writes.create_task(
        engine, province_code=PROVINCE, county_id=None, agency="guilds", title="پیگیری فروشگاه",
        owner="رئیس اداره", due_on=dt.date(2026, 2, 20), priority=2, actor="gov.ilam",
        today=FEB_2,
    )  # fmt: skip
    task_writes.update_task(
        engine, task_id, 1, {"owner": "معاون", "due_on": dt.date(2026, 3, 1),
                             "status": "in_progress"},
        actor="dir.ilam", note="بودجه دیر رسید", today=FEB_2,
    )  # fmt: skip
    e = schema.task_events
    with engine.begin() as conn:  # a line from before history was structured
        top = conn.execute(sa.select(sa.func.max(e.c.id))).scalar_one()
        conn.execute(e.insert().values(id=top + 1, task_id=task_id, at=dt.datetime(2026, 1, 1),
                                       actor="gov.ilam", old_status="todo",
                                       new_status="todo", note=OLD_LINE))  # fmt: skip
    with engine.connect() as conn:
        history = tasks.history(conn, Filters(as_of=AS_OF, province=PROVINCE), task_id)
    engine.dispose()
    old, created, changed = history["note"].to_list()
    assert audit.parsed(changed) == {
        "v": 1,
        "changes": [["owner", "رئیس اداره", "معاون"], ["due_on", "2026-02-20", "2026-03-01"]],
        "note": "بودجه دیر رسید",
    }, "the status is the line's own columns"
    assert audit.describe(changed, "fa") == (
        "مسئول: از رئیس اداره به معاون؛ مهلت: از ۱ اسفند ۱۴۰۴ به ۱۰ اسفند ۱۴۰۴؛ بودجه دیر رسید"
    )
    assert audit.describe(changed, "en") == (
        "Owner: رئیس اداره → معاون; Due: 1 Esfand 1404 → 10 Esfand 1404; بودجه دیر رسید"
    )
    assert audit.describe(created, "fa") == (
        "عنوان: پیگیری فروشگاه؛ مسئول: رئیس اداره؛ مهلت: ۱ اسفند ۱۴۰۴؛ اولویت: ۲"
    )
    assert audit.describe(created, "en") == (
        "Title: پیگیری فروشگاه; Owner: رئیس اداره; Due: 1 Esfand 1404; Priority: 2"
    )
    assert audit.parsed(old) is None
    assert audit.describe(old, "fa") == audit.describe(old, "en") == OLD_LINE
    assert history["new_status"].to_list() == ["todo", "todo", "in_progress"]
