"""Uptake queries against the oracle over raw rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import db
from dashboard.filters import Filters
from queries import uptake
from tests import oracle
from tests.populate import EDGE_TOWN, EMPTY_COUNTY, PROVINCE, SAMPLE_FACTOR

LAST_DAY = dt.date(2026, 5, 5)
VIEWS = {
    "country": Filters(as_of=LAST_DAY),
    "province mid-wave": Filters(as_of=dt.date(2026, 1, 20), province="IR-15"),
    "county": Filters(as_of=dt.date(2026, 3, 1), province="IR-15", county=1279146),
    "deciles 4-7, subsidy": Filters(as_of=LAST_DAY, decile_min=4, decile_max=7, group="subsidy"),
    "before the programme": Filters(as_of=dt.date(2025, 12, 20)),
    "county with no purchases": Filters(as_of=LAST_DAY, province=PROVINCE, county=EMPTY_COUNTY),
}
RATIOS = ("uptake", "reach", "topup_share")
COUNTS = ("households", "released_toman", "spent_toman")


def _run(url: str, query, f: Filters) -> pl.DataFrame:
    with db.make_engine(url).connect() as conn:
        return query(conn, f)


def _close(got, want) -> bool:
    if want is None:
        return got is None
    return got is not None and got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_by_decile(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, uptake.by_decile, view)
    assert got.columns == [
        "decile", "households", "reach", "released_toman", "spent_toman", "uptake", "topup_share",
    ]  # fmt: skip
    assert got["decile"].to_list() == list(range(view.decile_min, view.decile_max + 1))
    want = {r["decile"]: r for r in oracle.uptake_rows(raw, view, "decile").iter_rows(named=True)}
    for row in got.iter_rows(named=True):
        expected = want.get(row["decile"])
        if expected is None or expected["households"] == 0:
            assert row["households"] == 0 and row["uptake"] is None and row["reach"] is None
            continue
        for column in COUNTS:
            assert row[column] == expected[column], (row["decile"], column)
        for column in RATIOS:
            assert _close(row[column], expected[column]), (row["decile"], column)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_by_area(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, uptake.by_area, view)
    level = "province_code" if view.province is None else "county_id"
    peers = Filters(as_of=view.as_of, province=view.province, decile_min=view.decile_min,
                    decile_max=view.decile_max, group=view.group)  # fmt: skip
    want = oracle.uptake_rows(raw, peers, level).filter(pl.col("households") > 0)
    want = {str(r[level]): r for r in want.iter_rows(named=True)}
    assert set(got["area_code"]) == set(want)
    for row in got.iter_rows(named=True):
        expected = want[row["area_code"]]
        for column in (*COUNTS, "members"):
            assert row[column] == expected[column], (row["area_code"], column)
        for column in RATIOS:
            assert _close(row[column], expected[column]), (row["area_code"], column)
    uptakes = [u for u in got["uptake"] if u is not None]
    assert uptakes == sorted(uptakes), "laggards first"
    assert got["area_name_en"].null_count() == 0


def test_a_county_with_no_purchases_ranks_first_with_zero_uptake(db_url: str) -> None:
    got = _run(db_url, uptake.by_area, Filters(as_of=LAST_DAY, province=PROVINCE))
    first = got.row(0, named=True)
    assert first["area_code"] == str(EMPTY_COUNTY)
    want = (3 * SAMPLE_FACTOR, 0, 0.0)  # full-scale estimates
    assert (first["households"], first["spent_toman"], first["uptake"]) == want


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_area_by_decile_adds_up_to_by_area(db_url: str, view: Filters) -> None:
    cells = _run(db_url, uptake.area_by_decile, view)
    areas = _run(db_url, uptake.by_area, view)
    released = cells.group_by("area_code").agg(pl.col("released_toman").sum())
    joined = areas.join(released, on="area_code", suffix="_cells")
    assert joined.height == areas.height
    assert (joined["released_toman"] == joined["released_toman_cells"]).all()


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_wave_curves(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, uptake.wave_curves, view)
    want = {w: v for w, v in oracle.wave_reach(raw, view).items() if v[0] > 0}
    assert set(got["wave_id"].unique()) == set(want)
    for wave, curve in got.group_by("wave_id"):
        households, buyers = want[wave[0]]
        last = curve.sort("days_since").row(-1, named=True)
        assert last["households"] == households
        assert last["buyers"] == buyers, "the curve ends at the reach as of the date"
        assert last["days_since"] == (view.as_of - last["opens_on"]).days
        assert curve.sort("days_since")["buyers"].diff().drop_nulls().min() >= 0


def test_wave_labels_carry_the_real_dates(db_url: str) -> None:
    got = _run(db_url, uptake.wave_curves, Filters(as_of=LAST_DAY))
    opened = dict(got.select("wave_id", "opens_on").unique().iter_rows())
    assert opened[1] == dt.date(2026, 1, 7)
    assert opened[4] == dt.date(2026, 1, 18)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_by_month(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, uptake.by_month, view)
    want = oracle.months(raw, view)
    first = min((m for m, (released, _) in want.items() if released), default=None)
    every = [] if first is None else oracle.sh_months_to(first, view.as_of)
    assert got["month"].to_list() == every, "every month from the first release to as-of"
    balance = 0
    for row in got.iter_rows(named=True):
        released, spent = want.get(row["month"], (0, 0))
        balance += released - spent
        assert (row["released_toman"], row["spent_toman"]) == (released, spent)
        assert row["balance_toman"] == balance


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_basket(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, uptake.basket, view)
    assert got.height == 11
    want = oracle.basket(raw, raw["basket_items"], view)
    for row in got.iter_rows(named=True):
        assert row["value_toman"] == pytest.approx(want.get(row["item"], 0), rel=1e-12)
    if sum(want.values()):
        assert got["share"].sum() == pytest.approx(1)
    else:
        assert got["share"].null_count() == 11


def test_before_the_programme_everything_is_empty_or_zero(db_url: str) -> None:
    view = VIEWS["before the programme"]
    deciles = _run(db_url, uptake.by_decile, view)
    assert deciles["households"].sum() == 0
    assert deciles["uptake"].null_count() == 10
    assert _run(db_url, uptake.by_area, view).height == 0
    assert _run(db_url, uptake.wave_curves, view).height == 0
    assert _run(db_url, uptake.by_month, view).height == 0


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_balance_age_spends_the_oldest_credit_first(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, uptake.balance_age, view)
    want = oracle.balance_age(raw, view)
    assert got["month"].to_list() == sorted(want)
    for row in got.iter_rows(named=True):
        released, unspent = want[row["month"]]
        assert (row["released_toman"], row["unspent_toman"]) == (released, unspent)
    if got.height > 1 and view.as_of == LAST_DAY:
        shares = got["unspent_share"].to_list()
        assert shares[0] < shares[-1], "older credit is more spent than newer credit"


# Issue 33: the four charts' tables as exports, with their edges (tests/populate.py MONTH_BUYER)
EXPORT_VIEWS = {
    **VIEWS,
    "edge town, end of Bahman": Filters(
        as_of=dt.date(2026, 2, 19), province=PROVINCE, county=EDGE_TOWN
    ),  # fmt: skip
    "edge town, 1 Esfand": Filters(as_of=dt.date(2026, 2, 20), province=PROVINCE, county=EDGE_TOWN),
}


@pytest.mark.parametrize("view", EXPORT_VIEWS.values(), ids=EXPORT_VIEWS.keys())
def test_waves_export(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, uptake.waves_export, view)
    assert got.columns == ["wave_id", "opens_on", "households", "day", "buyers", "reach"]
    want = oracle.wave_days(raw, view, uptake.WAVE_DAYS)
    want = {k: v for k, v in want.items() if v[1] > 0}
    assert {(r["wave_id"], r["day"]) for r in got.iter_rows(named=True)} == set(want)
    for row in got.iter_rows(named=True):
        opens_on, households, buyers = want[(row["wave_id"], row["day"])]
        assert (row["opens_on"], row["households"], row["buyers"]) == (opens_on, households, buyers)
        assert row["reach"] == pytest.approx(buyers / households, rel=1e-12)
    assert got["day"].max() is None or got["day"].max() <= uptake.WAVE_DAYS


def test_a_wave_curve_in_the_export_stops_at_its_last_day(
    db_url: str, raw: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export holds at most WAVE_DAYS days of a wave (the data spans fewer than 120 days:
    the cap is tried at 10)."""
    monkeypatch.setattr(uptake, "WAVE_DAYS", 10)
    view = Filters(as_of=LAST_DAY, province="IR-15")
    got = _run(db_url, uptake.waves_export, view)
    want = {k: v for k, v in oracle.wave_days(raw, view, 10).items() if v[1] > 0}
    assert got["day"].max() == 10
    assert {(r["wave_id"], r["day"]): r["buyers"] for r in got.iter_rows(named=True)} == {
        k: v[2] for k, v in want.items()
    }
    ordered = got.select("opens_on", "wave_id", "day").rows()
    assert ordered == sorted(ordered), "waves by opening day, then days"


def test_a_first_purchase_on_the_opening_day_is_day_0(db_url: str, raw: dict) -> None:
    view = Filters(as_of=dt.date(2026, 1, 9), province=PROVINCE, county=EDGE_TOWN, decile_min=1,
                   decile_max=3)  # fmt: skip
    got = _run(db_url, uptake.waves_export, view).filter(wave_id=2)
    assert got["day"].to_list() == [0]
    assert got["buyers"][0] == SAMPLE_FACTOR, "the household that bought at 08:00 that day"


@pytest.mark.parametrize("view", EXPORT_VIEWS.values(), ids=EXPORT_VIEWS.keys())
def test_months_export(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, uptake.months_export, view)
    assert got.columns == ["month", "released_toman", "spent_toman", "carried_toman"]
    want = oracle.months(raw, view)
    first = min((m for m, (released, _) in want.items() if released), default=None)
    assert got["month"].to_list() == (
        [] if first is None else oracle.sh_months_to(first, view.as_of)
    )
    carried = 0
    for row in got.iter_rows(named=True):
        released, spent = want.get(row["month"], (0, 0))
        carried += released - spent
        assert (row["released_toman"], row["spent_toman"], row["carried_toman"]) == (
            released, spent, carried,
        )  # fmt: skip


def test_a_purchase_at_23_59_of_a_month_and_one_at_00_00_of_the_next(db_url: str) -> None:
    end = _run(db_url, uptake.months_export, EXPORT_VIEWS["edge town, end of Bahman"])
    first = _run(db_url, uptake.months_export, EXPORT_VIEWS["edge town, 1 Esfand"])
    assert end["month"].to_list()[-1] == "1404-11"
    assert first["month"].to_list()[-1] == "1404-12"
    bahman = dict(zip(end["month"], end["spent_toman"], strict=True))["1404-11"]
    assert dict(zip(first["month"], first["spent_toman"], strict=True))["1404-11"] == bahman
    # 1 Esfand's only purchase in the edge town is the one at 00:00
    assert first.filter(month="1404-12")["spent_toman"][0] == 2_011_450 * SAMPLE_FACTOR


@pytest.mark.parametrize("view", EXPORT_VIEWS.values(), ids=EXPORT_VIEWS.keys())
def test_balance_age_export(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, uptake.balance_age_export, view)
    assert got.columns == ["month", "released_toman", "unspent_toman"]
    want = oracle.balance_age(raw, view)
    assert {r["month"]: (r["released_toman"], r["unspent_toman"]) for r in got.iter_rows(
        named=True)} == {m: v for m, v in want.items() if v[0] > 0}  # fmt: skip


def test_one_purchase_spends_two_months_of_credit(db_url: str, raw: dict) -> None:
    """At 00:00 of 1 Esfand the month buyer spends the rest of its Dey credit and part of its
    Bahman credit: oldest first, Dey is then spent whole and Bahman in part."""
    got = _run(db_url, uptake.balance_age_export, EXPORT_VIEWS["edge town, 1 Esfand"])
    unspent = dict(zip(got["month"], got["unspent_toman"], strict=True))
    spent_before = 512_340 + 1_003_210  # of its 2,000,000 of Dey
    assert unspent["1404-11"] == (2_000_000 - (2_011_450 - (2_000_000 - spent_before))) * (
        SAMPLE_FACTOR
    )


@pytest.mark.parametrize("view", EXPORT_VIEWS.values(), ids=EXPORT_VIEWS.keys())
def test_basket_export(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, uptake.basket_export, view)
    assert got.columns == ["item", "name_fa", "name_en", "value_toman"]
    want = oracle.basket(raw, raw["basket_items"], view)
    for row in got.iter_rows(named=True):
        assert row["value_toman"] == pytest.approx(want.get(row["item"], 0), rel=1e-12)


def test_a_purchase_without_a_basket_adds_no_item(db_url: str) -> None:
    """The month buyer's purchase at 23:59 of 30 Bahman has no basket: the edge town's basket
    is the same at the end of that day as the day before, though its spending is not."""
    day = EXPORT_VIEWS["edge town, end of Bahman"]
    before = _run(db_url, uptake.basket_export, day.shifted(-1))
    assert _run(db_url, uptake.basket_export, day).equals(before)
    spent = [
        _run(db_url, uptake.months_export, v)["spent_toman"].sum() for v in (day.shifted(-1), day)
    ]
    assert spent[1] - spent[0] == 1_003_210 * SAMPLE_FACTOR
