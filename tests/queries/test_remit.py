"""Every query that takes a Filters keeps a signed-in user inside their remit, on SQLite and
PostgreSQL: a link asking for another area is clamped by parse, and no result holds a row of
an area outside the remit."""

from __future__ import annotations

import datetime as dt
import inspect
import sqlite3
import typing
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl
import pytest
import sqlalchemy as sa

from dashboard import db, people
from dashboard import schema as s
from dashboard.filters import Filters, Remit, parse
from queries import (
    applications,
    attention_figures,
    channel_rows,
    complaints,
    exports,
    indicators,
    meta,
    method_two,
    mothers,
    overview,
    stores,
    tasks,
    uptake,
    wave_load,
)
from tests.populate import BUILT_AT, EDGE_TOWN, PROVINCE, USERS

MODULES = (uptake, overview, stores, complaints, tasks, attention_figures, indicators, exports,
           wave_load, method_two, mothers, applications, channel_rows)  # fmt: skip
TODAY = BUILT_AT.date()
OTHER_PROVINCE, OTHER_COUNTY = "IR-15", 1279146  # Lorestan, Khorramabad
PEER_COUNTY = 1291845  # Ilam county, in PROVINCE with EDGE_TOWN
EXTRA = {"today": TODAY, "target_h": 24.0, "at_risk_h": 18.0,  # the other arguments
         "since": BUILT_AT - dt.timedelta(days=30), "now": BUILT_AT}  # fmt: skip
# build a SQL column expression, or choose the level of a view: read no rows by themselves
EXPRESSIONS = {
    "stores.status",
    "uptake.area_level",
    "channel_rows.at_or_before",
    "channel_rows.not_by",
}
SUMMED = ...  # the county of a row summed over the part of a province in view
Area = tuple[str | None, Any]

# remit: (the links that try to look outside it, the area each is clamped to, the keys parse
# should reject)
CASES = {
    "national": (
        Remit(),
        [({"province": OTHER_PROVINCE, "county": str(OTHER_COUNTY)}, set())],
        (OTHER_PROVINCE, OTHER_COUNTY),
    ),
    "province": (
        Remit(PROVINCE),
        [
            ({"province": OTHER_PROVINCE}, {"province"}),
            ({"province": OTHER_PROVINCE, "county": str(OTHER_COUNTY)}, {"province", "county"}),
            ({"county": str(OTHER_COUNTY)}, {"county"}),
        ],
        (PROVINCE, None),
    ),
    "county": (
        Remit(PROVINCE, EDGE_TOWN),
        [
            ({"province": OTHER_PROVINCE}, {"province"}),
            ({"province": PROVINCE, "county": str(PEER_COUNTY)}, {"county"}),
            ({"province": PROVINCE}, set()),
        ],
        (PROVINCE, EDGE_TOWN),
    ),
    "another county": (
        Remit(PROVINCE, PEER_COUNTY),
        [
            ({"province": PROVINCE, "county": str(EDGE_TOWN)}, {"county"}),
            ({"province": OTHER_PROVINCE, "county": str(OTHER_COUNTY)}, {"province", "county"}),
        ],
        (PROVINCE, PEER_COUNTY),
    ),
}
ATTACKS = [
    pytest.param(remit, query, rejected, area, id=f"{name}-{i}")
    for name, (remit, attacks, area) in CASES.items()
    for i, (query, rejected) in enumerate(attacks)
]


def _takes_filters(function: Callable) -> bool:
    return Filters in typing.get_type_hints(function).values()


def _discovered() -> dict[str, Callable]:
    """Every public function of MODULES with a Filters parameter, by module.name."""
    return {
        f"{module.__name__.removeprefix('queries.')}.{name}": function
        for module in MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and _takes_filters(function)
    }


def _task_ids(conn: sa.Connection) -> list[int]:
    return list(conn.execute(sa.select(s.tasks.c.id).order_by(s.tasks.c.id)).scalars())


def _tasks_seen(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The task ids tasks.task answers for."""
    seen = [i for i in _task_ids(conn) if tasks.task(conn, f, i) is not None]
    return pl.DataFrame({"task_id": seen}, schema={"task_id": pl.Int64})


def _histories_seen(conn: sa.Connection, f: Filters) -> pl.DataFrame:
    """The task ids tasks.history has lines for."""
    seen = [i for i in _task_ids(conn) if tasks.history(conn, f, i).height]
    return pl.DataFrame({"task_id": seen}, schema={"task_id": pl.Int64})


SPECIAL: dict[str, Callable[[sa.Connection, Filters], Any]] = {
    "complaints.summary": lambda conn, f: complaints.summary(
        conn, f, complaints.open_found(conn, f)
    ),
    "indicators.current": lambda conn, f: {
        code: indicators.current(conn, code, f) for code in indicators.INDICATORS
    },
    "tasks.task": _tasks_seen,
    "tasks.history": _histories_seen,
    "uptake.area_sums": lambda conn, f: uptake.area_sums(conn, f),
    "exports.published": lambda conn, f: exports.published(
        conn, "uptake-by-area", uptake.by_area(conn, f), f
    ),
    "channel_rows.of_households": lambda conn, f: channel_rows.of_households(
        conn, s.mother_packages, {"id": pl.Int64}, f, sa.true()
    ),
    "channel_rows.households_counted": lambda conn, f: channel_rows.households_counted(
        conn, s.mother_packages, f
    ),
    "channel_rows.per_county": lambda conn, f: channel_rows.per_county(
        conn, f, pl.DataFrame(schema={"county_id": pl.Int64}), ()
    ),
}


def _plain(function: Callable) -> Callable[[sa.Connection, Filters], Any] | None:
    """function(conn, f, ...) with its other arguments from EXTRA; None when one is not there."""
    names = [p for p in inspect.signature(function).parameters if p not in ("conn", "f")]
    if not set(names) <= set(EXTRA):
        return None
    return lambda conn, f: function(conn, f, **{n: EXTRA[n] for n in names})


def _runners() -> dict[str, Callable[[sa.Connection, Filters], Any]]:
    runners = {}
    for name, function in _discovered().items():
        runner = SPECIAL.get(name) or _plain(function)
        if runner is not None and name not in EXPRESSIONS:
            runners[name] = runner
    return runners


RUNNERS = _runners()


def test_every_query_taking_filters_is_exercised() -> None:
    assert set(_discovered()) == set(RUNNERS) | EXPRESSIONS
    assert {"uptake.by_area", "stores.by_province", "tasks.task", "attention_figures.strip"} <= set(
        RUNNERS
    )


@pytest.fixture(scope="module")
def lookups(raw: dict, sqlite_path: str) -> dict[str, dict[Any, Area]]:
    """For each id column a result may hold, the area (province, county) of every id."""
    counties = {r["id"]: (r["province_code"], r["id"]) for r in raw["counties"].to_dicts()}
    stores_at = {r["id"]: counties[r["county_id"]] for r in raw["stores"].to_dicts()}
    with sqlite3.connect(sqlite_path) as conn:
        escalations = pl.read_database("SELECT id, province_code, county_id FROM escalations", conn)
    return {
        "county_id": counties,
        "store_id": stores_at,
        "place_id": {r["id"]: counties[r["county_id"]] for r in raw["places"].to_dicts()},
        "complaint_id": {r["id"]: stores_at[r["store_id"]] for r in raw["complaints"].to_dicts()},
        "task_id": {r["id"]: (r["province_code"], r["county_id"]) for r in raw["tasks"].to_dicts()},
        "escalation_id": {
            r["id"]: (r["province_code"], r["county_id"]) for r in escalations.to_dicts()
        },
    }


def _frames(result: Any) -> Iterator[pl.DataFrame]:
    """Every frame in a result (a frame, or dicts and lists holding frames)."""
    if isinstance(result, pl.DataFrame):
        yield result
    elif isinstance(result, dict):
        for value in result.values():
            yield from _frames(value)
    elif isinstance(result, list | tuple):
        for value in result:
            yield from _frames(value)


def _areas(frame: pl.DataFrame, lookups: dict[str, dict[Any, Area]]) -> set[Area]:
    """The areas the rows of a frame lie in, by every id column it has: a province code with
    a county id is that area (a null county: province-wide), a province code alone a row
    SUMMED over the part of the province in view."""
    columns = set(frame.columns)
    areas: set[Area] = set()
    if {"province_code", "county_id"} <= columns:
        areas |= set(frame.select("province_code", "county_id").unique().iter_rows())
    elif "province_code" in columns:
        areas |= {(code, SUMMED) for code in frame["province_code"].unique()}
    for column, areas_of in lookups.items():
        if column in columns and not (column == "county_id" and "province_code" in columns):
            areas |= {areas_of.get(i, (None, None)) for i in frame[column].unique()}
    if "area_code" in columns:
        for code in frame["area_code"].unique():
            province = code.startswith("IR-")
            areas.add((code, SUMMED) if province else lookups["county_id"][int(code)])
    return areas


def _inside(remit: Remit, area: Area) -> bool:
    province, county = area
    if county is SUMMED:
        return remit.province in (None, province)
    return remit.contains(province, county)


@pytest.fixture(scope="module")
def results(db_url: str) -> dict[Filters, dict[str, Any]]:
    """Every query's results for a view, computed once per database: they depend on the view
    alone, so the attacks that land on the same area (asserted equal to the area asked for
    directly) share them."""
    return {}


def _results(url: str, f: Filters) -> dict[str, Any]:
    with db.make_engine(url).connect() as conn:
        return {name: run(conn, f) for name, run in RUNNERS.items()}


def test_every_roles_area_is_among_those_attacked() -> None:
    """Each role's test user (one per role) has one of the remits below: the attacks cover
    every role."""
    assert {user.role for user in USERS.values()} == set(people.ROLES)
    assert {user.remit for user in USERS.values()} <= {remit for remit, _, _ in CASES.values()}


@pytest.mark.parametrize(("remit", "query", "rejected", "area"), ATTACKS)
def test_a_link_outside_the_remit_sees_only_the_remit(
    db_url: str,
    lookups: dict,
    results: dict,
    remit: Remit,
    query: dict,
    rejected: set,
    area: Area,
) -> None:
    with db.make_engine(db_url).connect() as conn:
        universe = meta.universe(conn)
    f, why = parse(query, universe, remit)
    own = Filters(as_of=universe.last_day, province=area[0], county=area[1], remit=remit)
    assert (f, set(why)) == (own, rejected)
    if f not in results:
        results[f] = _results(db_url, f)
    got = results[f]
    seen: set[Area] = set()
    for name, result in got.items():
        for frame in _frames(result):
            areas = _areas(frame, lookups)
            assert all(_inside(remit, a) for a in areas), (name, areas)
            seen |= areas
    assert area in seen or remit.province is None


@pytest.mark.parametrize("county", [EDGE_TOWN, PEER_COUNTY])
def test_a_county_remit_ranks_only_its_county(db_url: str, county: int) -> None:
    f = Filters(as_of=TODAY, province=PROVINCE, county=county)
    kept = Filters(as_of=TODAY, province=PROVINCE, county=county, remit=Remit(PROVINCE, county))
    with db.make_engine(db_url).connect() as conn:
        peers = uptake.by_area(conn, f)
        areas = uptake.by_area(conn, kept)
        heat = uptake.area_by_decile(conn, kept)
    assert peers.height > 1
    assert areas["area_code"].to_list() == [str(county)]
    assert heat["area_code"].unique().to_list() == [str(county)]


def test_a_remit_names_only_its_provinces(db_url: str) -> None:
    f = Filters(as_of=TODAY, province=PROVINCE, remit=Remit(PROVINCE))
    with db.make_engine(db_url).connect() as conn:
        table = stores.by_province(conn, f)
        national = stores.by_province(conn, Filters(as_of=TODAY))
    assert table["province_code"].to_list() == [PROVINCE]
    assert national.height == 31


@pytest.mark.parametrize(
    "remit", [Remit(PROVINCE), Remit(PROVINCE, EDGE_TOWN)], ids=["province", "county"]
)
def test_a_task_of_another_area_is_not_read(db_url: str, raw: dict, remit: Remit) -> None:
    f = Filters(as_of=TODAY, province=remit.province, county=remit.county, remit=remit)
    ids = raw["tasks"].group_by("province_code").agg(pl.col("id").min())
    theirs = ids.filter(pl.col("province_code") == OTHER_PROVINCE)["id"].item()
    ours = raw["tasks"].filter(
        pl.col("province_code") == PROVINCE, pl.col("county_id") == (remit.county or EDGE_TOWN)
    )["id"][0]
    with db.make_engine(db_url).connect() as conn:
        assert tasks.task(conn, Filters(as_of=TODAY), theirs) is not None
        assert tasks.history(conn, Filters(as_of=TODAY), theirs).height > 0
        assert tasks.task(conn, f, theirs) is None
        assert tasks.history(conn, f, theirs).is_empty()
        assert tasks.task(conn, f, ours) is not None
