"""Wave-day store load (queries.wave_load) against the oracle over raw rows on both databases,
and its edges: a purchase at 23:59:59 of a wave's third day and one at 00:00 of the fourth, a
county with no store, a wave with no earlier wave of its deciles, a wave announced in the
settings, an as-of date inside a wave's first days and before the programme."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import sqlalchemy as sa

from dashboard import db
from dashboard import schema as s
from dashboard.filters import Filters
from queries import exports, wave_load
from tests import oracle
from tests.populate import EDGE_BUYER, EDGE_STORE, EDGE_TOWN, EMPTY_COUNTY, PROVINCE

VIEWS = {
    "country": Filters(as_of=dt.date(2026, 3, 20)),
    "province inside a wave's first days": Filters(as_of=dt.date(2026, 1, 10), province=PROVINCE),
    "province, deciles 1-3": Filters(
        as_of=dt.date(2026, 4, 10), province="IR-15", decile_min=1, decile_max=3
    ),
    "edge town": Filters(as_of=dt.date(2026, 2, 20), province=PROVINCE, county=EDGE_TOWN),
    "before the programme": Filters(as_of=dt.date(2025, 12, 1)),
}


def _load(url: str, f: Filters) -> pl.DataFrame:
    with db.make_engine(url).connect() as conn:
        return wave_load.load(conn, f)


def _approx(value: float | None) -> object:
    return None if value is None else pytest.approx(value, rel=1e-9)


@pytest.mark.parametrize("view", VIEWS)
def test_every_row_is_the_raw_rows(db_url: str, raw: dict, view: str) -> None:
    f = VIEWS[view]
    got = _load(db_url, f)
    want = oracle.wave_load(raw, f)
    assert {(r["county_id"], r["wave_id"]) for r in got.iter_rows(named=True)} == set(want)
    assert got.height > 0
    for row in got.iter_rows(named=True):
        expected = want[(row["county_id"], row["wave_id"])]
        assert row["opens_on"] == expected["wave"]["opens_on"]
        assert row["next"] == expected.get("next", False)
        assert row["households"] == expected["households"]
        assert row["first3d_purchases"] == expected["first3d"]
        assert row["forecast_purchases"] == _approx(expected["forecast"])
        assert row["active_stores"] == expected["active_stores"]
        assert row["capacity_per_store_day"] == _approx(expected["capacity"])
        assert row["per_store_day"] == _approx(expected["per_store_day"])
        assert row["load_ratio"] == _approx(expected["load_ratio"])
    ratios = got["load_ratio"].drop_nulls()
    assert ratios.to_list() == sorted(ratios.to_list(), reverse=True)
    assert got["load_ratio"].is_null().arg_true().min() in (None, ratios.len())  # none last


@pytest.mark.parametrize("view", VIEWS)
def test_the_forecast_alone_is_load_s_next_wave(db_url: str, view: str) -> None:
    """What the Overview and the Stores page read first, from the waves it needs only."""
    with db.make_engine(db_url).connect() as conn:
        alone = wave_load.forecast(conn, VIEWS[view])
    whole = _load(db_url, VIEWS[view]).filter("next")
    assert alone.height and alone.equals(whole)


@pytest.mark.parametrize("view", VIEWS)
def test_the_counties_over_capacity_are_the_next_wave_s_above_100_percent(
    db_url: str, raw: dict, view: str
) -> None:
    """What the Overview's tile and the Stores page's caption count."""
    f = VIEWS[view]
    with db.make_engine(db_url).connect() as conn:
        over = wave_load.over_capacity(wave_load.forecast(conn, f))
    want = {county for (county, _), row in oracle.wave_load(raw, f).items()
            if row.get("next") and (row["load_ratio"] or 0) > 1}  # fmt: skip
    assert set(over["county_id"]) == want
    if view == "country":
        assert want, "the country has counties over capacity then"


def test_the_export_has_the_contract_s_columns(db_url: str) -> None:
    f = VIEWS["country"]
    with db.make_engine(db_url).connect() as conn:
        table = exports.EXPORTS["wave-load"].query(conn, f)
    assert list(table.columns) == list(wave_load.COLUMNS)
    assert table.height == _load(db_url, f).height


def test_views_name_the_next_wave_and_the_edges(db_url: str) -> None:
    before = _load(db_url, VIEWS["before the programme"])
    assert set(before["wave_id"]) == {1} and before["next"].all()
    assert before["first3d_purchases"].is_null().all()
    inside = _load(db_url, VIEWS["province inside a wave's first days"])
    assert set(inside.filter("next")["wave_id"]) == {3}
    first = inside.filter(pl.col("wave_id").is_in([1, 2]))
    assert first["forecast_purchases"].is_null().all(), "no earlier wave of deciles 1-3"
    empty = inside.filter(county_id=EMPTY_COUNTY)
    assert empty.height and (empty["active_stores"] == 0).all()
    assert empty["per_store_day"].is_null().all() and empty["load_ratio"].is_null().all()


def test_the_third_day_ends_at_midnight(writable_url: str, raw: dict) -> None:
    """Two purchases of the edge buyer (wave 2, opening 9 Jan): at 23:59:59 of the third day,
    counted; at 00:00 of the fourth, not; the as-of moment cuts the window short."""
    f = Filters(as_of=dt.date(2026, 2, 20), province=PROVINCE, county=EDGE_TOWN)
    n = oracle.sample_factor(raw)
    engine = db.make_engine(writable_url)
    before = _first3d(engine, f)
    rows = [(9_100_001, "2026-01-11 23:59:59"), (9_100_002, "2026-01-12 00:00:00")]
    with engine.begin() as conn:
        for purchase_id, at in rows:
            conn.execute(s.purchases.insert().values(
                id=purchase_id, household_id=EDGE_BUYER, store_id=EDGE_STORE,
                purchased_at=dt.datetime.fromisoformat(at), credit_toman=10_000, cash_toman=0,
                basket_id=1,
            ))  # fmt: skip
    assert _first3d(engine, f) == before + n
    inside = Filters(as_of=dt.date(2026, 1, 10), province=PROVINCE, county=EDGE_TOWN)
    assert _first3d(engine, inside) == before, "the 11th is after the as-of moment"


def _first3d(engine: sa.Engine, f: Filters) -> int:
    with engine.connect() as conn:
        rows = wave_load.load(conn, f).filter(wave_id=2)
    return int(rows["first3d_purchases"].item())


def test_a_wave_announced_in_the_settings_is_the_next(writable_url: str, raw: dict) -> None:
    f = Filters(as_of=dt.date(2026, 5, 5), province=PROVINCE)
    engine = db.make_engine(writable_url)
    with engine.connect() as conn:
        seeded = wave_load.load(conn, f).filter("next")  # the sample announces one
    assert set(seeded["opens_on"]) == {dt.date(2026, 5, 6)} and seeded["wave_id"].is_null().all()
    values = {"next_wave_opens_on": "2026-05-10", "next_wave_deciles": "4-7"}
    with engine.begin() as conn:
        for key, value in values.items():
            conn.execute(s.settings.delete().where(s.settings.c.key == key))
            conn.execute(s.settings.insert().values(key=key, value=value, note="test"))
        got = wave_load.load(conn, f)
        raw_now = {**raw, "settings": pl.DataFrame(
            conn.execute(sa.select(s.settings.c.key, s.settings.c.value)).all(),
            schema=["key", "value"], orient="row")}  # fmt: skip
    upcoming = got.filter("next")
    assert upcoming.height and upcoming["wave_id"].is_null().all()
    assert set(upcoming["opens_on"]) == {dt.date(2026, 5, 10)}
    want = oracle.wave_load(raw_now, f)
    for row in upcoming.iter_rows(named=True):
        expected = want[(row["county_id"], None)]
        assert row["households"] == expected["households"]
        assert row["forecast_purchases"] == _approx(expected["forecast"])
        assert row["load_ratio"] == _approx(expected["load_ratio"])
    assert upcoming["forecast_purchases"].is_not_null().any(), "deciles 4-7 waves came before"
    with engine.begin() as conn:
        conn.execute(s.settings.update().where(s.settings.c.key == "next_wave_opens_on")
                     .values(value=""))  # fmt: skip
        assert not wave_load.load(conn, f)["next"].any(), "none after the table's last wave"
        assert wave_load.forecast(conn, f).is_empty()


def test_a_county_missing_from_the_latest_wave_forecasts_from_the_one_before(
    writable_url: str,
) -> None:
    """The forecast read alone falls back, county by county, to an earlier wave of the same
    deciles where the latest has none of the county's households, as load does."""
    f = Filters(as_of=dt.date(2026, 4, 1), province="IR-15")  # next: wave 12, deciles 1-3
    engine = db.make_engine(writable_url)
    with engine.connect() as conn:
        county = wave_load.forecast(conn, f)["county_id"][0]
    a, h = s.allocations, s.households
    in_county = sa.select(h.c.id).where(h.c.county_id == county)
    with engine.begin() as conn:  # wave 9 (deciles 1-3, the latest before 12) leaves it out
        conn.execute(a.delete().where(a.c.wave_id == 9, a.c.household_id.in_(in_county)))
        alone = wave_load.forecast(conn, f)
        whole = wave_load.load(conn, f)
    assert whole.filter(county_id=county, wave_id=9).is_empty()
    assert alone.equals(whole.filter("next"))
    assert alone.filter(county_id=county)["forecast_purchases"].is_not_null().all()
