"""The figures from areas held in memory (the app's way, queries.held: the credit rollups and
the complaints) equal those read from the database for the view (the way tested against the
oracle in test_uptake, test_overview and test_complaints), on SQLite and PostgreSQL: whole
areas held, then narrowed to any county, date, decile and group, give the very same tables."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import db
from dashboard.filters import Filters, Remit
from queries import attention_figures, complaints, credit_rollups, held, overview, uptake
from tests.populate import EMPTY_COUNTY, PROVINCE

LAST_DAY = dt.date(2026, 5, 5)
VIEWS = {
    "country": Filters(as_of=LAST_DAY),
    "country a day back": Filters(as_of=LAST_DAY - dt.timedelta(days=1)),
    "province mid-wave": Filters(as_of=dt.date(2026, 1, 20), province="IR-15"),
    "county": Filters(as_of=dt.date(2026, 3, 1), province="IR-15", county=1279146),
    "deciles 4-7, subsidy": Filters(as_of=LAST_DAY, decile_min=4, decile_max=7, group="subsidy"),
    "county, decile 10": Filters(as_of=LAST_DAY, province="IR-15", county=1279146, decile_min=10),
    "before the programme": Filters(as_of=dt.date(2025, 12, 20)),
    "county with no purchases": Filters(as_of=LAST_DAY, province=PROVINCE, county=EMPTY_COUNTY),
    "under a county remit": Filters(
        as_of=LAST_DAY, province="IR-15", county=1279146, remit=Remit("IR-15", 1279146)
    ),
}
QUERIES = (
    uptake.by_decile, uptake.by_area, uptake.area_by_decile, uptake.wave_curves,
    uptake.by_month, uptake.balance_age, uptake.basket, overview.credit,
)  # fmt: skip


def _whole_areas(url: str):
    """A HELD function as the app's: every row of an area, read once, whole."""
    kept: dict[tuple[str, str], pl.DataFrame] = {}

    def rows(kind: str, province: str) -> pl.DataFrame:
        if (kind, province) not in kept:
            with db.make_engine(url).connect() as conn:
                kept[kind, province] = held.read(conn, kind, province)
        return kept[kind, province]

    return rows, kept


def _same(got: object, want: object) -> None:
    if isinstance(want, pl.DataFrame):
        assert_frame_equal(got, want)
    else:
        assert got == want


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_held_rollups_give_the_figures_read_for_the_view(db_url: str, view: Filters) -> None:
    rows, kept = _whole_areas(db_url)
    with db.make_engine(db_url).connect() as conn:
        direct = {q.__qualname__: q(conn, view) for q in QUERIES}
        conn.execution_options(**{held.HELD: rows})
        for query in QUERIES:
            _same(query(conn, view), direct[query.__qualname__])
    # only the view's province is held; the country's figures are read from the database
    assert {province for _, province in kept} == ({view.province} if view.province else set())


def test_the_strip_and_its_lagging_areas_from_held_rollups(db_url: str) -> None:
    rows, _ = _whole_areas(db_url)
    view = Filters(as_of=LAST_DAY, province="IR-15")
    today = dt.date(2026, 5, 12)
    with db.make_engine(db_url).connect() as conn:
        direct = attention_figures.strip(conn, view, today)
        conn.execution_options(**{held.HELD: rows})
        from_held = attention_figures.strip(conn, view, today)
    for key in ("lagging_uptake", "lagging_reach", "at_risk", "overdue"):
        assert_frame_equal(from_held[key], direct[key])
    assert from_held["lagging_uptake"].height > 0
    assert from_held["complaints"] == direct["complaints"]


def test_a_county_is_read_for_itself_from_the_database(db_url: str) -> None:
    """Read for a view, the rows are narrowed to it; the area's others are not read."""
    view = VIEWS["county"]
    with db.make_engine(db_url).connect() as conn:
        narrowed = credit_rollups.read(conn, "daily", view.province, view)
        whole = credit_rollups.read(conn, "daily", view.province)
    assert set(narrowed["county_id"]) == {view.county}
    assert narrowed["day"].max() <= view.as_of
    assert len(set(whole["county_id"])) > 1
    kept = whole.filter(pl.col("county_id") == view.county, pl.col("day") <= view.as_of)
    assert_frame_equal(narrowed.sort(pl.all()), kept.sort(pl.all()))


def test_the_country_is_read_summed_to_provinces(db_url: str) -> None:
    with db.make_engine(db_url).connect() as conn:
        country = credit_rollups.read(conn, "daily", None)
        province = credit_rollups.read(conn, "daily", "IR-15")
    assert country["county_id"].is_null().all()
    measures = ["released_toman", "credit_toman", "new_buyers"]
    in_country = country.filter(province_code="IR-15").select(pl.col(measures).sum())
    assert_frame_equal(in_country, province.select(pl.col(measures).sum()))
    assert in_country["released_toman"].item() > 0


COMPLAINTS = (complaints.found, complaints.open_found, complaints.compliance_at)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_held_complaints_give_the_figures_read_for_the_view(db_url: str, view: Filters) -> None:
    rows, kept = _whole_areas(db_url)
    with db.make_engine(db_url).connect() as conn:
        direct = [q(conn, view) for q in COMPLAINTS]
        figures = complaints.figures(conn, view)
        summary = complaints.summary(conn, view, direct[1])
        conn.execution_options(**{held.HELD: rows})
        for query, want in zip(COMPLAINTS, direct, strict=True):
            _same(query(conn, view), want)
        for name, table in complaints.figures(conn, view).items():
            _same(table, figures[name])
        assert complaints.summary(conn, view, direct[1]) == summary
    assert {kind for kind, _ in kept} == ({"complaints"} if view.province else set())
