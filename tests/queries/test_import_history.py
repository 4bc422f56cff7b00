"""queries.import_history for a user of an area, on SQLite and PostgreSQL: the history and the
freshness of a provincial user hold their province's imports and the national ones, never
another province's, and its latest events are those of their province's raw rows."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import sqlalchemy as sa

from dashboard import db
from dashboard import schema as s
from queries import import_history
from tests.populate import PROVINCE, store_an_import

OTHER = "IR-15"  # Lorestan (PROVINCE is Ilam)
AREAS = {901: None, 902: PROVINCE, 903: OTHER}  # import id (and order) -> area (None: national)


@pytest.fixture(scope="module")
def engine(writable_url: str):
    engine = db.make_engine(writable_url)
    with engine.begin() as conn:
        for import_id, area in AREAS.items():
            at = dt.datetime(2026, 5, 1, 9) + dt.timedelta(hours=import_id - 900)
            store_an_import(conn, import_id, at, area)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("area", [PROVINCE, OTHER, None])
def test_the_history_holds_the_area_s_imports_and_the_national_ones(engine, area) -> None:
    with engine.connect() as conn:
        shown = import_history.history(conn, area)
    seen = {i for i in shown["id"] if i in AREAS}
    expected = {i for i, a in AREAS.items() if area is None or a in (area, None)}
    assert seen == expected
    recorded = dict(zip(shown["id"], shown["province_code"], strict=True))
    assert {i: recorded[i] for i in seen} == {i: AREAS[i] for i in seen}, "each with its area"


@pytest.mark.parametrize("area", [PROVINCE, OTHER])
def test_freshness_of_an_area_is_its_own(engine, area) -> None:
    """The last import seen is the newest of the area's and the national ones; the latest
    events are the latest of the area's raw rows (purchases, complaints, stores)."""
    with engine.connect() as conn:
        fresh = import_history.freshness(conn, area)
        c, h, p, t = s.counties, s.households, s.purchases, s.stores
        in_area = sa.select(c.c.id).where(c.c.province_code == area)
        bought = conn.execute(
            sa.select(sa.func.max(p.c.purchased_at))
            .select_from(p.join(h, h.c.id == p.c.household_id))
            .where(h.c.county_id.in_(in_area))
        ).scalar_one()
        filed = conn.execute(
            sa.select(sa.func.max(s.complaints.c.filed_at))
            .select_from(s.complaints.join(t, t.c.id == s.complaints.c.store_id))
            .where(t.c.county_id.in_(in_area))
        ).scalar_one()
        everywhere = conn.execute(sa.select(sa.func.max(s.complaints.c.filed_at))).scalar_one()
        changed = conn.execute(
            sa.select(sa.func.max(sa.func.coalesce(t.c.status_since, t.c.joined_on))).where(
                t.c.county_id.in_(in_area)
            )
        ).scalar_one()
    row = {r["kind"]: r for r in fresh.iter_rows(named=True)}
    newest = max(i for i, a in AREAS.items() if a in (area, None))
    assert row["stores"]["file_name"] == f"stores-{newest}.csv", "never another province's"
    assert row["purchases"]["latest_event"] == _day(bought)
    assert row["complaints"]["latest_event"] == _day(filed)
    assert row["stores"]["latest_event"] == _day(changed)
    with engine.connect() as conn:
        national = import_history.freshness(conn)
    complaints = national.filter(pl.col("kind") == "complaints")["latest_event"].item()
    assert complaints == _day(everywhere)


def _day(value: object) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


@pytest.mark.parametrize("area", [PROVINCE, OTHER, None])
def test_the_other_channels_latest_events_are_their_last_moments(raw: dict, engine, area) -> None:
    """Method two, mothers' packages and applications: the latest of any of their moments in
    the area (a household's county, an application's own), from the raw rows."""
    with engine.connect() as conn:
        row = {
            r["kind"]: r["latest_event"]
            for r in import_history.freshness(conn, area).iter_rows(named=True)
        }
    counties = raw["counties"].filter(pl.col("province_code") == area)["id"] if area else None
    homes = raw["households"]
    if counties is not None:
        homes = homes.filter(pl.col("county_id").is_in(counties.implode()))
    for kind, moments in import_history.CHANNEL_MOMENTS.items():
        rows = raw[kind]
        if counties is not None and kind == "applications":
            rows = rows.filter(pl.col("county_id").is_in(counties.implode()))
        elif counties is not None:
            rows = rows.filter(pl.col("household_id").is_in(homes["id"].implode()))
        days = [_day(v) for m in moments for v in rows[m].drop_nulls()]
        assert row[kind] == (max(days) if days else None), kind
