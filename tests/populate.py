"""The one function that builds the test database: the tiny preset plus named edge cases."""

from __future__ import annotations

import datetime as dt
import math
from unittest import mock

import polars as pl
import sqlalchemy as sa

from dashboard import bulkload, calendar, db, nearest, rollups, schema, seeding, setup
from dashboard.geography import EARTH_RADIUS_KM
from dashboard.people import User
from dashboard.sample.presets import PRESETS

SEED = 7
PROVINCE = "IR-16"  # Ilam: the edge county and edge town are added here
EMPTY_COUNTY = 9_000_001  # households with credit, no stores, no purchases
EDGE_TOWN = 9_000_002  # one store and hand-made complaints and tasks at the 24-hour edges
EDGE_STORE = 9_000_001
SUSPENDED_STORE = 9_000_002
SUSPENDED_ON = dt.date(2026, 2, 1)
EDGE_VILLAGE = 9_000_001  # exactly 5 km from the edge store
REMOTE_VILLAGE = 9_000_002  # in the county with no stores
# the tiny preset holds 1 in 500 households: every household count and sum reads x500
SAMPLE_FACTOR = round(1 / PRESETS["tiny"].household_fraction)
EDGE_BUYER = 9_000_004  # a household of the edge town that buys on both sides of midnight
# a household of the edge town that first buys on its wave's opening day, then at 23:59 of the
# last day of Bahman 1404 (no basket) and at 00:00 of 1 Esfand, that purchase spending the rest
# of its Dey credit and part of its Bahman credit
MONTH_BUYER = 9_000_005
# the other channels' edges (channel_rows) fall at the end of this as-of day: its moment
CHANNEL_DAY = dt.date(2026, 2, 10)
CHANNEL_MOMENT = dt.datetime(2026, 2, 11)
# the clock while seeding: the sample's tasks and escalations are dated around its day
BUILT_AT = dt.datetime(2026, 5, 5, 8)


PASSWORD = "test-password-1405"  # every test user's
USERS = {  # one user per role, in the province of the edge cases
    "governor": User("gov.ilam", "Maryam (governor, Ilam)", "governor", PROVINCE),
    "director": User("dir.ilam", "Ali (director, Ilam)", "director", PROVINCE),
    "county": User("edge.town", "Edge-town officer", "county", PROVINCE, EDGE_TOWN),
    "committee": User("guilds.ilam", "Guilds, Ilam", "committee", PROVINCE, agency="guilds"),
    "national": User("national", "National viewer", "national"),
    "data_officer": User("data.ilam", "Data officer, Ilam", "data_officer", PROVINCE),
    "admin": User("admin", "Administrator", "admin"),
}


def store_an_import(conn, import_id: int, at: dt.datetime, province: str | None = None) -> None:
    """Record a stored extract (an imports row, no data), as an import leaves one: a database
    that holds imported data; province: the area of its rows (None: national)."""
    conn.execute(
        schema.imports.insert().values(
            id=import_id,
            kind="stores",
            file_name=f"stores-{import_id}.csv",
            sha256=f"{import_id:064d}",
            form="CSV",
            unit="toman",
            read=1,
            inserted=1,
            updated=0,
            unchanged=0,
            actor="data.ilam",
            started_at=at,
            seconds=0.1,
            province_code=province,
        )  # fmt: skip
    )


def older_code_set_it_up(conn: sa.Connection) -> None:
    """Make a database read as set up by an earlier version of the code (another schema)."""
    derived = schema.derived
    conn.execute(derived.update().where(derived.c.name == setup.schema_mark()),
                 {"name": "schema:an-earlier-one"})  # fmt: skip


def populate(url: str) -> None:
    """Seed preset tiny (seed SEED, built at BUILT_AT) into url, add the edge rows, rebuild the
    rollups and the villages' nearest stores, add USERS (password PASSWORD)."""
    from queries import accounts  # queries sit above dashboard; the tests' database uses both

    with mock.patch.object(calendar, "now", return_value=BUILT_AT):
        seeding.seed(url, "tiny", SEED, progress=False)
    engine = db.make_engine(url)
    for table, rows in edge_rows().items():
        bulkload.load(engine, table, rows)
    with engine.begin() as conn:
        rollups.rebuild(conn)
        nearest.refresh(conn)
    for user in USERS.values():
        accounts.add_user(engine, user, PASSWORD, BUILT_AT, "populate")
    engine.dispose()


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def edge_rows() -> dict[str, pl.DataFrame]:
    """Rows for the edges DESIGN.md section 8 names: a county with no stores, exactly 24 hours."""
    counties = pl.DataFrame(
        {
            "id": [EMPTY_COUNTY, EDGE_TOWN],
            "province_code": [PROVINCE, PROVINCE],
            "name_fa": ["شهرستان بی‌فروشگاه", "شهر آزمون"],
            "name_en": ["No-store county", "Edge town"],
            "lat": [33.2, 33.3],
            "lon": [46.9, 46.8],
            "population": [12_000, 30_000],
            "boundary": ["test county, no polygon", "test county, no polygon"],
        }
    )
    households = pl.DataFrame(
        {
            "id": [9_000_001, 9_000_002, 9_000_003, EDGE_BUYER, MONTH_BUYER],
            "county_id": [EMPTY_COUNTY] * 3 + [EDGE_TOWN] * 2,
            "place_id": [None] * 5,
            "members": [2, 5, 3, 4, 2],
            "decile": [2, 5, 9, 1, 3],
            "grp": ["support", "subsidy", "retiree", "subsidy", "subsidy"],
            "head_hash": ["e1" * 16, "e2" * 16, "e3" * 16, "e4" * 16, "e5" * 16],
        },
        schema_overrides={"place_id": pl.Int64},
    )
    allocations = pl.DataFrame(
        {
            "household_id": [9_000_001, 9_000_002, 9_000_003, EDGE_BUYER, MONTH_BUYER, MONTH_BUYER],
            "month": ["1404-10"] * 5 + ["1404-11"],
            "amount_toman": [2_000_000, 5_000_000, 3_000_000, 4_000_000, 2_000_000, 2_000_000],
            "opens_on": [
                dt.date(2026, 1, 7),
                dt.date(2026, 1, 12),
                dt.date(2026, 1, 18),
                dt.date(2026, 1, 9),
                dt.date(2026, 1, 9),
                dt.date(2026, 2, 4),
            ],
            "wave_id": [1, 3, 4, 2, 2, 6],
        }
    )
    # the last instant of 1 Feb counts for as-of 1 Feb; midnight belongs to 2 Feb
    purchases = pl.DataFrame(
        {
            "id": [9_000_001, 9_000_002, 9_000_003, 9_000_004, 9_000_005],
            "household_id": [EDGE_BUYER, EDGE_BUYER, MONTH_BUYER, MONTH_BUYER, MONTH_BUYER],
            "store_id": [EDGE_STORE] * 5,
            "purchased_at": [
                _at("2026-02-01 23:59:59.999"),
                _at("2026-02-02 00:00:00"),
                _at("2026-01-09 08:00"),
                _at("2026-02-19 23:59:00"),
                _at("2026-02-20 00:00:00"),
            ],
            "credit_toman": [1_000_000, 700_000, 512_340, 1_003_210, 2_011_450],
            "cash_toman": [0, 50_000, 0, 25_000, 0],
            "basket_id": [1, 2, 1, 0, 2],  # 0: no basket
        }
    )
    stores = pl.DataFrame(
        {
            "id": [EDGE_STORE, SUSPENDED_STORE],
            "terminal_id": ["99000001", "99000002"],
            "name": ["فروشگاه آزمون", "سوپرمارکت تعلیقی"],
            "kind": ["chain", "small_shop"],
            "chain": ["رفاه", None],
            "county_id": [EDGE_TOWN, EDGE_TOWN],
            "place_id": [None, None],
            "lat": [33.3, 33.31],
            "lon": [46.8, 46.81],
            "joined_on": [dt.date(2026, 1, 5), dt.date(2026, 1, 5)],
            "status": ["active", "suspended"],
            "status_since": [dt.date(2026, 1, 5), SUSPENDED_ON],
        },
        schema_overrides={"place_id": pl.Int64},
    )
    complaints = pl.DataFrame(
        {
            "id": [9_000_001, 9_000_002, 9_000_003, 9_000_004],
            "store_id": [EDGE_STORE] * 4,
            "channel": ["shamim", "portal", "bale", "call_centre"],
            "kind": ["overcharge", "forced_purchase", "other", "overcharge"],
            "reporter_hash": ["r1" * 16, "r2" * 16, "r3" * 16, "r4" * 16],
            # on time at exactly 24 h; late by a minute; open exactly 24 h at 2026-02-02 00:00;
            # late by 0.8 s (fractions of a second count)
            "filed_at": [
                _at("2026-01-30 10:00:00"),
                _at("2026-01-30 10:00:00"),
                _at("2026-02-01 00:00:00"),
                _at("2026-02-05 10:00:00.100"),
            ],
            "dispatched_at": [
                _at("2026-01-31 10:00:00"),
                _at("2026-01-31 10:01:00"),
                _at("2026-02-03 00:00:00"),
                _at("2026-02-06 10:00:00.900"),
            ],
            "inspected_at": [None] * 4,
            "outcome": ["pending"] * 4,
            "action": ["none"] * 4,
            "closed_at": [None] * 4,
        },
        schema_overrides={"inspected_at": pl.Datetime("us"), "closed_at": pl.Datetime("us")},
    )
    tasks = pl.DataFrame(
        {
            "id": [9_000_001, 9_000_002],
            "province_code": [PROVINCE, PROVINCE],
            "county_id": [EDGE_TOWN, EDGE_TOWN],
            "agency": ["guilds", "welfare"],
            "title": ["جذب فروشگاه خرد", "گزارش هفتگی"],
            "detail": [None, None],
            "owner": ["دبیر کمیته", "کارشناس مسئول"],
            "due_on": [dt.date(2026, 2, 1), dt.date(2026, 2, 1)],
            "status": ["done", "done"],
            "done_on": [dt.date(2026, 2, 1), dt.date(2026, 2, 3)],
            "priority": [1, 2],
            "indicator": [None, None],
            "version": [1, 1],
            "created_on": [dt.date(2026, 1, 20), dt.date(2026, 1, 20)],
        },
        schema_overrides={"detail": pl.String, "indicator": pl.String},
    )
    # a village exactly R (5 km) north of the edge town's chain store; one in the county with
    # no stores
    places = pl.DataFrame(
        {
            "id": [EDGE_VILLAGE, REMOTE_VILLAGE],
            "county_id": [EDGE_TOWN, EMPTY_COUNTY],
            "name_fa": ["روستای مرزی", "روستای دور"],
            "name_en": ["Edge village", "Remote village"],
            "kind": ["village", "village"],
            "lat": [33.3 + math.degrees(5 / EARTH_RADIUS_KM), 33.2],
            "lon": [46.8, 46.9],
            "population": [800, 1200],
            "source": ["synthetic", "synthetic"],
        }
    )
    frames = {
        **channel_rows(),
        "counties": counties,
        "places": places,
        "households": households,
        "allocations": allocations,
        "purchases": purchases,
        "stores": stores,
        "complaints": complaints,
        "tasks": tasks,
    }
    assert set(frames) <= set(schema.metadata.tables)
    return frames


def channel_rows() -> dict[str, pl.DataFrame]:
    """The other channels' edges (issue 30), around CHANNEL_DAY: a method-two registration
    cancelled the day it was made, one delivered exactly 14 days (the target) after it, one
    pending exactly 14 days at CHANNEL_MOMENT and one delivered at that moment; a mothers'
    package collected exactly 30 days after its issue day's midnight (at CHANNEL_MOMENT), one
    never collected, one not yet issued (none in the county with no stores); an application
    decided at CHANNEL_MOMENT, one rejected after a day, two pending."""
    moment = pl.Datetime("us")
    ids = [9_000_001, 9_000_002, 9_000_003, 9_000_004]
    method_two = pl.DataFrame(
        {
            "id": ids,
            "household_id": [EDGE_BUYER, EDGE_BUYER, 9_000_001, 9_000_002],
            "registered_at": [_at("2026-01-20 10:00"), _at("2026-01-21 10:00"),
                              _at("2026-01-27 00:00"), _at("2026-01-25 12:00")],
            "cancelled_at": [_at("2026-01-20 18:30"), None, None, None],
            "store_id": [None, EDGE_STORE, None, EDGE_STORE],
            "delivered_at": [None, _at("2026-02-04 10:00"), None, CHANNEL_MOMENT],
            "package_toman": [4_000_000, 4_000_000, 2_000_000, 5_000_000],
        },
        schema_overrides={"store_id": pl.Int64, "cancelled_at": moment, "delivered_at": moment},
    )  # fmt: skip
    mothers = pl.DataFrame(
        {
            "id": ids[:3],
            "household_id": [EDGE_BUYER] * 3,
            "kind": ["infant", "pregnancy", "infant"],
            "eligible_on": [dt.date(2026, 1, 10), dt.date(2026, 1, 15), dt.date(2026, 2, 1)],
            "issued_on": [dt.date(2026, 1, 12), dt.date(2026, 1, 15), None],
            "collected_at": [CHANNEL_MOMENT, None, None],
            "store_id": [EDGE_STORE, None, None],
        },
        schema_overrides={"store_id": pl.Int64, "collected_at": moment},
    )
    applications = pl.DataFrame(
        {
            "id": ids,
            "applicant_hash": ["a1" * 16, "a2" * 16, "a3" * 16, "a4" * 16],
            "county_id": [EDGE_TOWN, EDGE_TOWN, EDGE_TOWN, EMPTY_COUNTY],
            "members": [3, 2, 5, 1],
            "filed_at": [_at("2026-01-12 09:00"), _at("2026-01-20 10:00"),
                         _at("2026-01-15 08:00"), _at("2026-01-24 23:59:59")],
            "decided_at": [CHANNEL_MOMENT, None, _at("2026-01-16 08:00"), None],
            "outcome": ["approved", None, "rejected", None],
            "household_id": [None] * 4,
        },
        schema_overrides={"household_id": pl.Int64, "decided_at": moment},
    )  # fmt: skip
    return {"method_two": method_two, "mother_packages": mothers, "applications": applications}
