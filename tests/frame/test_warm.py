"""The start-up warming fills the shared cache with what the pages read: after it, each of the
views it warms is answered with the database's tables gone, while a view it did not warm
still needs them. The cache is keyed by the area, not by the remit it lies in."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st

from dashboard import calendar, db
from dashboard.filters import Filters, Remit
from frame import cache, warm
from queries import imports, meta, overview, stores, tasks
from tests.conftest import copy_of


@pytest.fixture()
def warmed(sqlite_path: str, tmp_path: Path):
    """A copy of the test database, warmed, then stripped of the tables the pages read."""
    url = copy_of(sqlite_path, tmp_path / "warm.db")
    st.cache_resource.clear()
    engine = db.make_engine(url)
    with engine.connect() as conn:
        version = imports.data_version(conn)
        work = (version, tasks.work_version(conn))
        universe = meta.universe(conn)
    engine.dispose()
    warm._warm(url, version)
    with sqlite3.connect(tmp_path / "warm.db") as raw:
        for table in ("rollup_daily", "complaints", "stores", "village_nearest", "tasks"):
            raw.execute(f"DROP TABLE {table}")
    yield url, version, work, universe
    st.cache_resource.clear()


def test_every_warmed_view_is_answered_from_the_cache(warmed) -> None:
    url, version, work, universe = warmed
    today = calendar.now().date()
    views = [Filters(as_of=universe.last_day)] + [
        Filters(as_of=universe.last_day, province=p.code) for p in universe.provinces
    ]
    answered = 0
    for f in views:
        for is_work, query in warm.reads(f):
            args = (f, today) if is_work else (f,)
            assert cache.prime(url, work if is_work else version, query, *args) is not None
            answered += 1
    assert answered == len(views) * len(list(warm.reads(views[1]))) - 3  # 4 store reads vs 1


def test_a_governors_view_is_the_national_viewers(warmed) -> None:
    url, _, work, universe = warmed
    code = universe.provinces[0].code
    governor = Filters(as_of=universe.last_day, province=code, remit=Remit(code))
    got = cache.prime(url, work, overview.kpis, governor, calendar.now().date())
    assert got.height == len(overview.KEYS)


def test_a_view_not_warmed_reads_the_database(warmed) -> None:
    url, version, _, universe = warmed
    earlier = Filters(as_of=universe.last_day - dt.timedelta(days=1))
    with pytest.raises(sa.exc.OperationalError, match="no such table"):
        cache.prime(url, version, stores.density, earlier)
