"""What changed in a user's area between two moments (queries.changes: the since-last-visit
strip and the digest) against an independent computation over raw rows, on both databases, at
fixed clocks: deadlines at the second, days' ends, areas, agencies and levels."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import db
from dashboard.filters import Filters
from dashboard.people import User
from queries import audit, changes, risk
from tests import oracle
from tests.populate import EDGE_TOWN, PROVINCE, USERS, store_an_import

WINDOWS = {  # (user, since, now)
    "edge town, a deadline at since": (
        "county", dt.datetime(2026, 1, 31, 10), dt.datetime(2026, 2, 2)),
    "edge town, a second earlier": (
        "county", dt.datetime(2026, 1, 31, 9, 59, 59), dt.datetime(2026, 2, 2)),
    "governor, a month": (
        "governor", dt.datetime(2026, 4, 1, 8), dt.datetime(2026, 5, 3, 6, 30)),
    "director, a fortnight": (
        "director", dt.datetime(2026, 4, 20, 10, 40), dt.datetime(2026, 5, 4, 9)),
    "committee, six weeks": (
        "committee", dt.datetime(2026, 4, 1), dt.datetime(2026, 5, 12, 10, 30)),
    "national, spring": ("national", dt.datetime(2026, 3, 1), dt.datetime(2026, 5, 5, 8)),
    "national, a day": (
        "national", dt.datetime(2026, 4, 29, 6, 30), dt.datetime(2026, 4, 30, 6, 30)),
    "governor, credit's first weeks": (
        "governor", dt.datetime(2026, 1, 10), dt.datetime(2026, 1, 25)),
    "governor, from before the programme": (
        "governor", dt.datetime(2025, 12, 20), dt.datetime(2026, 2, 15)),
    "before the programme": (
        "national", dt.datetime(2025, 11, 1), dt.datetime(2025, 12, 1, 12)),
}  # fmt: skip


def _changes(url: str, user: User, since: dt.datetime, now: dt.datetime) -> dict[str, int]:
    with db.make_engine(url).connect() as conn:
        found = changes.changes(conn, user, since, now)
    assert [c.item for c in found] == list(changes.ITEMS)
    return {c.item: c.count for c in found}


def _in_area(rows: pl.DataFrame, user: User) -> pl.DataFrame:
    if user.county_id is not None:
        rows = rows.filter(pl.col("county_id") == user.county_id)
    return (
        rows.filter(pl.col("province_code") == user.province_code) if user.province_code else rows
    )


def _day_passed(day: dt.date, since: dt.datetime, now: dt.datetime) -> bool:
    """Did the end of day (the midnight after it) fall after since and by now?"""
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    return since < end <= now


def _data_day(raw: dict, moment: dt.datetime) -> dt.date:
    """The last day whose end had come by moment, at most the last day with purchases."""
    last = raw["purchases"]["purchased_at"].max().date()
    return min(moment.date() - dt.timedelta(days=1), last)


def _overdue_complaints(raw: dict, user: User, since: dt.datetime, now: dt.datetime) -> int:
    settings = dict(raw["settings"].select("key", "value").iter_rows())
    target = dt.timedelta(hours=float(settings["dispatch_target_hours"]))
    counties = _in_area(raw["counties"].rename({"id": "county_id"}), user)["county_id"]
    stores = raw["stores"].filter(pl.col("county_id").is_in(counties.implode()))["id"]
    n = 0
    for row in (
        raw["complaints"].filter(pl.col("store_id").is_in(stores.implode())).iter_rows(named=True)
    ):
        deadline = row["filed_at"] + target
        dispatched = row["dispatched_at"]
        n += since < deadline <= now and (dispatched is None or dispatched > deadline)
    return n


def _lagging(raw: dict, f: Filters) -> set[str]:
    by = "province_code" if f.province is None else "county_id"
    rows = oracle.uptake_rows(raw, f.province_wide(), by).filter(pl.col("released_toman") > 0)
    rows = rows.with_columns(code=pl.col(by).cast(pl.String))
    return {c for m in ("uptake", "reach") for c in rows.sort(m, "code").head(3)["code"]}


def _flagged(url: str, f: Filters) -> set[int]:
    """The stores the risk page lists (its own query: the scan is tested in test_risk)."""
    with db.make_engine(url).connect() as conn:
        scanned = risk.scan(conn, f.province_wide())
    if f.county is not None:
        scanned = scanned.filter(pl.col("county_id") == f.county)
    return set(scanned.filter(pl.col("score") > 0)["store_id"])


@pytest.mark.parametrize("window", WINDOWS)
def test_each_item_is_what_changed_in_the_raw_rows(db_url: str, raw: dict, window: str) -> None:
    role, since, now = WINDOWS[window]
    user = USERS[role]
    got = _changes(db_url, user, since, now)

    assert got["complaints_overdue"] == _overdue_complaints(raw, user, since, now)

    tasks = _in_area(raw["tasks"], user)
    tasks = tasks.filter(pl.col("created_on") <= now.date())
    if user.agency:
        tasks = tasks.filter(pl.col("agency") == user.agency)
    went_overdue = [
        r for r in tasks.iter_rows(named=True)
        if _day_passed(r["due_on"], since, now)
        and (r["done_on"] is None or r["done_on"] > r["due_on"])
    ]  # fmt: skip
    done = [
        r
        for r in tasks.iter_rows(named=True)
        if r["done_on"] and _day_passed(r["done_on"], since, now)
    ]
    assert got["tasks_overdue"] == len(went_overdue)
    assert got["tasks_done"] == len(done)

    raised = _in_area(raw["escalations"], user)
    raised = raised.filter(pl.col("raised_on") <= now.date())
    if user.agency:
        raised = raised.filter(pl.col("raised_by") == user.agency)
    levels = {"governor": {"provincial"}, "director": {"provincial"}, "national": {"national"}}
    to_them = [r for r in raised.iter_rows(named=True)
               if r["level"] in levels.get(role, {r["level"]})
               and _day_passed(r["raised_on"], since, now)]  # fmt: skip
    answered = [r for r in raised.iter_rows(named=True)
                if r["answered_on"] and _day_passed(r["answered_on"], since, now)]  # fmt: skip
    assert got["escalations_raised"] == len(to_them)
    assert got["escalations_answered"] == len(answered)

    area = {"province": user.province_code, "county": user.county_id, "remit": user.remit}
    before = Filters(_data_day(raw, since), **area)
    after = Filters(_data_day(raw, now), **area)
    assert got["areas_lagging"] == len(_lagging(raw, after) - _lagging(raw, before))
    assert got["stores_flagged"] == len(_flagged(db_url, after) - _flagged(db_url, before))
    assert got["imports"] == 0  # the test database holds no import


def test_the_windows_reach_the_edges_they_name(db_url: str) -> None:
    """The deadline edges of the edge town's complaints and tasks, by hand: a complaint
    dispatched at its deadline is on time; one whose deadline is since itself is before the
    window, one whose deadline is now is in it; a task done on its due day never went overdue,
    one done two days later did at the end of its due day."""
    edge = _changes(db_url, USERS["county"], *WINDOWS["edge town, a deadline at since"][1:])
    earlier = _changes(db_url, USERS["county"], *WINDOWS["edge town, a second earlier"][1:])
    assert (edge["complaints_overdue"], earlier["complaints_overdue"]) == (1, 2)
    assert (edge["tasks_overdue"], edge["tasks_done"]) == (1, 1)
    assert (
        sum(_changes(db_url, USERS["national"], *WINDOWS["before the programme"][1:]).values()) == 0
    )
    assert USERS["county"].county_id == EDGE_TOWN and USERS["county"].province_code == PROVINCE


def test_data_figures_are_read_as_of_the_last_whole_day() -> None:
    last = dt.date(2026, 5, 5)
    assert changes.data_as_of(dt.datetime(2026, 5, 3, 0, 0), last) == dt.date(2026, 5, 2)
    assert changes.data_as_of(dt.datetime(2026, 5, 3, 23, 59), last) == dt.date(2026, 5, 2)
    assert changes.data_as_of(dt.datetime(2026, 12, 7, 6, 30), last) == last


def test_links_carry_the_area_and_the_data_s_as_of_date(db_url: str) -> None:
    with db.make_engine(db_url).connect() as conn:
        found = changes.changes(conn, USERS["county"], *WINDOWS["governor, a month"][1:])
    links = {c.item: c.link for c in found}
    area = f"as_of=2026-05-02&province={PROVINCE}&county={EDGE_TOWN}"
    assert links["complaints_overdue"] == f"/complaints?{area}"
    assert links["stores_flagged"] == f"/risk?{area}"
    assert links["areas_lagging"] == f"/uptake?{area}"
    assert links["imports"] == "/data"


def test_imports_and_the_last_visit(writable_url: str) -> None:
    """Imports stored in the window that the user's area sees (theirs and national ones); the
    strip starts at the sign-in before the latest, or 7 days back on a first sign-in."""
    now = dt.datetime(2026, 5, 12, 10, 30)
    engine = db.make_engine(writable_url)
    with engine.begin() as conn:
        store_an_import(conn, 1, dt.datetime(2026, 5, 11, 12), PROVINCE)
        store_an_import(conn, 2, dt.datetime(2026, 5, 11, 13), None)
        store_an_import(conn, 3, dt.datetime(2026, 5, 11, 14), "IR-15")
        store_an_import(conn, 4, dt.datetime(2026, 5, 11, 10, 30), PROVINCE)  # at since: out
        store_an_import(conn, 5, now, PROVINCE)  # at now: in
    since = now - changes.DIGEST_WINDOW
    governor = _changes(writable_url, USERS["governor"], since, now)
    national = _changes(writable_url, USERS["national"], since, now)
    assert (governor["imports"], national["imports"]) == (3, 4)

    name = USERS["governor"].username
    with engine.begin() as conn:
        assert changes.last_visit(conn, name, now) == now - changes.FIRST_VISIT
        audit.record(conn, name, "sign_in", dt.datetime(2026, 5, 4, 10, 40), "password")
        assert changes.last_visit(conn, name, now) == now - changes.FIRST_VISIT  # this one
        audit.record(conn, name, "sign_in", dt.datetime(2026, 5, 12, 9), "password")
        assert changes.last_visit(conn, name, now) == dt.datetime(2026, 5, 4, 10, 40)
        audit.record(conn, name, "sign_in", dt.datetime(2026, 5, 12, 9), "password")  # 2 tabs
        assert changes.last_visit(conn, name, now) == dt.datetime(2026, 5, 4, 10, 40)
        audit.record(conn, name, "sign_in", dt.datetime(2026, 12, 7, 4, 33), "password")
        assert changes.last_visit(conn, name, now) == dt.datetime(2026, 5, 4, 10, 40), (
            "a sign-in after the clock (set back for a rehearsal) is not a last visit"
        )
    engine.dispose()
