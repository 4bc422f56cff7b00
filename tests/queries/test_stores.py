"""Store density and village coverage against brute force over raw rows, on both databases."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import sqlalchemy as sa
from polars.testing import assert_frame_equal

from dashboard import db, nearest, schema
from dashboard.filters import Filters
from queries import stores
from tests import oracle
from tests.populate import EDGE_TOWN, EDGE_VILLAGE, EMPTY_COUNTY, PROVINCE, REMOTE_VILLAGE

LAST_DAY = dt.date(2026, 5, 5)
VIEWS = {
    "country": Filters(as_of=LAST_DAY),
    "province": Filters(as_of=LAST_DAY, province="IR-15"),
    "edge province before a suspension": Filters(as_of=dt.date(2026, 1, 31), province=PROVINCE),
    "edge town": Filters(as_of=dt.date(2026, 2, 1), province=PROVINCE, county=EDGE_TOWN),
    "county with no stores": Filters(as_of=LAST_DAY, province=PROVINCE, county=EMPTY_COUNTY),
    "before any store joined": Filters(as_of=dt.date(2025, 12, 1), province="IR-15"),
}


def _run(url: str, query, f: Filters) -> pl.DataFrame:
    with db.make_engine(url).connect() as conn:
        return query(conn, f)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_village_coverage_matches_brute_force(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, stores.village_coverage, view).sort("place_id")
    want = oracle.village_coverage(raw, view, radius=5.0).sort("place_id")
    assert got["place_id"].to_list() == want["place_id"].to_list()
    assert got["coverage"].to_list() == want["coverage"].to_list()
    for column in ("nearest_store_km", "nearest_chain_km"):
        for g, w in zip(got[column], want[column], strict=True):
            assert (g is None and w is None) or g == pytest.approx(round(w, 3), abs=1e-9)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_county_coverage_counts_the_villages_of_village_coverage(db_url: str, view: Filters):
    """Counted in SQL from village_nearest (from the latest store change on) or from the
    villages measured afresh (before it), the counts are those of the villages' rows."""
    got = _run(db_url, stores.county_coverage, view)
    want = stores.coverage_counts(_run(db_url, stores.village_coverage, view))
    assert got.to_dicts() == want.to_dicts()


def test_a_village_exactly_r_km_from_a_chain_store_is_covered(db_url: str) -> None:
    got = _run(db_url, stores.village_coverage, VIEWS["edge town"])
    village = got.filter(place_id=EDGE_VILLAGE).row(0, named=True)
    assert village["nearest_chain_km"] == 5.0
    assert village["coverage"] == "chain"


def test_the_village_of_a_county_with_no_store_is_uncovered(db_url: str) -> None:
    got = _run(db_url, stores.village_coverage, VIEWS["county with no stores"])
    assert got.filter(place_id=REMOTE_VILLAGE)["coverage"].item() == "none"
    assert got.filter(place_id=REMOTE_VILLAGE)["nearest_store_km"].item() > 5


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_density_matches_the_raw_rows(db_url: str, raw: dict, view: Filters) -> None:
    got = _run(db_url, stores.density, view)
    assert got.columns == [
        "county_id", "county_name_fa", "county_name_en", "chain", "small_shop", "cooperative",
        "active", "suspended", "terminated", "residents", "stores_per_10k",
        "households_per_store",
    ]  # fmt: skip
    joined = raw["stores"].filter(pl.col("joined_on") <= view.as_of)
    cut = pl.col("status").is_in(["suspended", "terminated"]) & (
        pl.col("status_since") <= view.as_of
    )
    status = joined.with_columns(
        now=pl.when(cut).then(pl.col("status")).otherwise(pl.lit("active"))
    )
    counties = oracle._area_counties(raw, view).to_list()
    assert sorted(got["county_id"]) == sorted(counties)
    for row in got.iter_rows(named=True):
        own = status.filter(county_id=row["county_id"])
        active = own.filter(now="active")
        assert row["active"] == active.height
        assert row["suspended"] == own.filter(now="suspended").height
        assert row["terminated"] == own.filter(now="terminated").height
        for kind in ("chain", "small_shop", "cooperative"):
            assert row[kind] == active.filter(kind=kind).height
        residents = raw["counties"].filter(id=row["county_id"])["population"].item()
        assert row["residents"] == residents
        assert row["stores_per_10k"] == pytest.approx(active.height * 10_000 / residents)
        county_view = Filters(as_of=view.as_of, province=_province(raw, row["county_id"]),
                              county=row["county_id"])  # fmt: skip
        households = oracle.kpis(raw, county_view)["households"]  # full-scale, as on screen
        if active.height:
            assert row["households_per_store"] == pytest.approx(households / active.height)
        else:
            assert row["households_per_store"] is None


def _province(raw: dict, county: int) -> str:
    return raw["counties"].filter(id=county)["province_code"].item()


def test_the_county_with_no_stores(db_url: str) -> None:
    row = _run(db_url, stores.density, VIEWS["county with no stores"]).row(0, named=True)
    assert (row["active"], row["stores_per_10k"], row["households_per_store"]) == (0, 0.0, None)


def test_by_province_shares_of_uncovered_villages(db_url: str, raw: dict) -> None:
    got = _run(db_url, stores.by_province, VIEWS["country"])
    assert got.height == 31
    want = oracle.village_coverage(raw, VIEWS["country"], radius=5.0).join(
        raw["counties"].select(pl.col("id").alias("county_id"), "province_code"), on="county_id"
    )
    for row in got.iter_rows(named=True):
        own = want.filter(province_code=row["province_code"])
        assert row["villages"] == own.height
        assert row["uncovered_share"] == pytest.approx((own["coverage"] == "none").mean())


@pytest.mark.parametrize("view", [VIEWS["province"], VIEWS["edge town"]], ids=["province", "edge"])
def test_by_county_villages_and_uncovered_share(db_url: str, raw: dict, view: Filters) -> None:
    with db.make_engine(db_url).connect() as conn:
        got = stores.by_county(stores.density(conn, view), stores.village_coverage(conn, view))
    want = oracle.village_coverage(raw, view, radius=5.0)
    assert got.height > 0
    for row in got.iter_rows(named=True):
        own = want.filter(county_id=row["county_id"])
        assert (row["villages"], row["villages_none"]) == (
            own.height,
            (own["coverage"] == "none").sum(),
        )
        expected = (own["coverage"] == "none").mean() if own.height else None
        assert row["uncovered_share"] == (pytest.approx(expected) if expected is not None else None)


def test_village_sources_count_the_synthetic_villages(db_url: str, raw: dict) -> None:
    view = VIEWS["province"]
    coverage = _run(db_url, stores.village_coverage, view)
    lorestan = raw["counties"].filter(province_code="IR-15")["id"].implode()
    villages = raw["places"].filter(pl.col("county_id").is_in(lorestan), kind="village")
    synthetic = villages.filter(source="synthetic").height
    assert synthetic > 0
    assert stores.village_sources(coverage) == (synthetic, villages.height)


@pytest.mark.parametrize(
    "back", [1, 7, 40, 120], ids=lambda days: f"{days} days before village_nearest holds"
)
@pytest.mark.parametrize("province", [PROVINCE, "IR-15"])
def test_distances_from_today_s_are_those_measured_afresh(
    db_url: str, monkeypatch: pytest.MonkeyPatch, province: str, back: int
) -> None:
    """Before village_nearest holds, the distances are today's corrected by the stores opened
    or cut since the date (stores._from_today): the very distances measured afresh."""
    with db.make_engine(db_url).connect() as conn:
        valid_from = conn.execute(
            sa.select(schema.derived.c.valid_from).where(schema.derived.c.name == nearest.NAME)
        ).scalar_one()
        f = Filters(as_of=valid_from - dt.timedelta(days=back), province=province)
        assert stores._from_today(conn, f, stores.villages(conn, f)) is not None
        assert stores._changed_since(conn, f).height > 0, "stores did change since the date"
        corrected = stores.village_coverage(conn, f)
        monkeypatch.setattr(stores, "CHANGED_MAX", -1)  # measured afresh
        afresh = stores.village_coverage(conn, f)
    assert corrected.height > 0
    assert_frame_equal(corrected, afresh)
