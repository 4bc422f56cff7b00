"""village_nearest: the villages' nearest stores kept in a table, against brute force over raw
rows; the dates it answers for; an imported store measured at once."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa

import cli
from dashboard import db, geography, nearest
from dashboard import schema as s
from dashboard.filters import Filters
from dashboard.rows import read_rows
from queries import stores
from tests import oracle
from tests.conftest import copy_of
from tests.populate import EMPTY_COUNTY, PROVINCE, REMOTE_VILLAGE

LAST_DAY = dt.date(2026, 5, 5)


def _latest_change(raw: dict) -> dt.date:
    """The latest day a store joined or was cut, from the raw rows."""
    shops = raw["stores"]
    cut = shops.filter(pl.col("status").is_in(["suspended", "terminated"]))
    return max(shops["joined_on"].max(), cut["status_since"].max())


def test_the_table_holds_every_village_brute_force_measures(db_url: str, raw: dict) -> None:
    with db.make_engine(db_url).connect() as conn:
        table = read_rows(conn, sa.select(s.village_nearest), None).sort("place_id")
    want = oracle.village_coverage(raw, Filters(as_of=LAST_DAY), radius=5.0).sort("place_id")
    assert table["place_id"].to_list() == want["place_id"].to_list()
    for column in ("nearest_store_km", "nearest_chain_km"):
        for got, brute in zip(table[column], want[column], strict=True):
            assert (got is None and brute is None) or got == pytest.approx(round(brute, 3))


def test_it_answers_from_the_latest_store_change_on(db_url: str, raw: dict) -> None:
    latest = _latest_change(raw)
    with db.make_engine(db_url).connect() as conn:
        assert nearest.holds(conn, latest)
        assert nearest.holds(conn, LAST_DAY)
        assert not nearest.holds(conn, latest - dt.timedelta(days=1))


def test_an_imported_store_is_measured_at_once(sqlite_path: str, raw: dict, tmp_path: Path):
    """A store imported beside the remote village (no store in its county) is its nearest
    store from then on, and the map's coverage says so."""
    url = copy_of(sqlite_path, tmp_path / "copy.db")
    village = raw["places"].filter(id=REMOTE_VILLAGE).row(0, named=True)
    lat, lon = village["lat"] + 0.01, village["lon"]
    header = ["id", "terminal_id", "name", "kind", "county_id", "lat", "lon", "joined_on",
              "status", "status_since"]  # fmt: skip
    row = [7_100_001, "T7100001", "فروشگاه تازه", "chain", EMPTY_COUNTY, lat, lon,
           "2026-05-04", "active", ""]  # fmt: skip
    path = tmp_path / "stores.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([header, row])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["import", "stores", str(path), "--db", url]) == 0
    assert json.loads(out.getvalue().strip().splitlines()[-1])["inserted"] == 1
    km = round(float(geography.haversine_km(village["lat"], village["lon"], lat, lon)), 3)
    with db.make_engine(url).connect() as conn:
        measured = conn.execute(
            sa.select(s.village_nearest).where(s.village_nearest.c.place_id == REMOTE_VILLAGE)
        ).one()
        assert (measured.nearest_store_km, measured.nearest_chain_km) == (km, km)
        assert not nearest.holds(conn, dt.date(2026, 5, 3))  # the store joined on the 4th
        coverage = stores.village_coverage(
            conn, Filters(as_of=LAST_DAY, province=PROVINCE, county=EMPTY_COUNTY)
        )
    assert coverage.filter(place_id=REMOTE_VILLAGE)["coverage"].item() == "chain"
