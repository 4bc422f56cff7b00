"""The start-up warming fills the shared cache with what the pages read: after it, each of the
views it warms is answered with the database's tables gone, while a view it did not warm
still needs them. The cache is keyed by the area, not by the remit it lies in."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa
import streamlit as st

from dashboard import boundaries, calendar, db, paths
from dashboard.filters import Filters, Remit
from frame import cache, pages, warm
from queries import import_history, meta, overview, stores, tasks, uptake
from tests import oracle
from tests.conftest import copy_of


def test_the_warming_reads_the_maps_polygons(
    sqlite_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the warming, a first map needs no polygon file read (they are in memory). It
    clears the shared cache: it comes before the tests of the module's one warming."""
    url = copy_of(sqlite_path, tmp_path / "warm.db")
    boundaries._features.cache_clear()
    boundaries.provinces_drawn.cache_clear()
    monkeypatch.setenv(warm.SWITCH, "1")
    engine = db.make_engine(url)
    with engine.connect() as conn:
        version = import_history.data_version(conn)
    engine.dispose()
    st.cache_resource.clear()
    warm._warm(url, version)
    st.cache_resource.clear()
    monkeypatch.setattr(paths, "REFERENCE", tmp_path / "gone")
    assert boundaries.counties("IR-15")["features"]
    assert len(boundaries.provinces_drawn()["features"]) == 31


@pytest.fixture(scope="module")
def warmed(sqlite_path: str, tmp_path_factory: pytest.TempPathFactory):
    """A copy of the test database, warmed, then stripped of the tables the pages read; the
    module's tests only read (a view they answer is not one the others take as not warmed)."""
    tmp_path = tmp_path_factory.mktemp("warmed")
    url = copy_of(sqlite_path, tmp_path / "warm.db")
    st.cache_resource.clear()
    engine = db.make_engine(url)
    with engine.connect() as conn:
        version = import_history.data_version(conn)
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
    views = [
        Filters(as_of=day, province=province)
        for day in (universe.last_day, universe.last_day - dt.timedelta(days=1))
        for province in (None, *(p.code for p in universe.provinces))
    ]
    answered = 0
    for f in views:
        for read in pages.reads(f):
            args = (f, today) if read.work else (f,)
            assert cache.prime(url, work if read.work else version, read.query, *args) is not None
            answered += 1
    national = sum(f.province is None for f in views)  # 1 store read there, 4 in a province
    assert answered == len(views) * len(list(pages.reads(views[1]))) - 3 * national


def test_a_governors_view_is_the_national_viewers(warmed) -> None:
    url, _, work, universe = warmed
    code = universe.provinces[0].code
    governor = Filters(as_of=universe.last_day, province=code, remit=Remit(code))
    got = cache.prime(url, work, overview.kpis, governor, calendar.now().date())
    assert got.height == len(overview.KEYS)


def test_a_view_not_warmed_reads_the_database(warmed) -> None:
    url, version, _, universe = warmed
    earlier = Filters(as_of=universe.last_day - dt.timedelta(days=2))
    with pytest.raises(sa.exc.OperationalError, match="no such table"):
        cache.prime(url, version, stores.density, earlier)


def test_credit_figures_of_a_view_not_warmed_come_from_the_rollups_held(warmed, raw) -> None:
    """Any county, date, decile or group of a warmed area: its credit figures are sums over
    the area's rollups held in memory (rollup_daily is gone from the database), and equal the
    oracle's from raw rows."""
    url, version, _, _ = warmed
    f = Filters(as_of=dt.date(2026, 3, 1), province="IR-15", county=1279146, decile_min=2,
                decile_max=6)  # fmt: skip
    got = cache.prime(url, version, uptake.by_decile, f).filter(pl.col("households") > 0)
    want = oracle.uptake_rows(raw, f, "decile")
    assert got.height > 0
    for row in got.iter_rows(named=True):
        expected = want.filter(decile=row["decile"]).row(0, named=True)
        assert (row["households"], row["spent_toman"]) == (
            expected["households"], expected["spent_toman"]
        )  # fmt: skip
