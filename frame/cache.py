"""One engine per process and query results cached per (query, arguments, database, data
version). The data version grows with every stored import and is read once per script run,
so that an import is seen at once by every session (not a clear-all). Results about tasks and
escalations (live work) are keyed by the work version too, read once per run of the tasks
page: a task write makes them, and only them, be read afresh.

Results are resources, shared by every session for TTL_SECONDS (the same object, not a copy
unpickled on each run: a third to a half of a warm page's run): never mutate one. A view is
keyed by its area, dates and households, not by whose remit it lies in (a national viewer's
Lorestan is the governor's), except under a county remit, where Filters.province_wide
answers differently.

The credit rollups and the complaints of each province are held too, whole, once per data
version (queries.held): a query run through this module reads them from memory, so that any
county, as-of date, decile or group of a province is a filter and a sum in polars, not a
round trip to the database, cache miss or not.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import polars as pl
import sqlalchemy as sa
import streamlit as st

from dashboard import db, setup
from dashboard.filters import Filters, Remit
from queries import held, import_history, tasks

TTL_SECONDS = 600
HELD_ENTRIES = 5 * 40  # the kinds held (queries.held) for 31 provinces, and room


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> sa.Engine:
    engine = db.make_engine(url)
    setup.init(engine)
    return engine


def engine() -> sa.Engine:
    """The process's engine for DATABASE_URL; the schema is created on first use."""
    return _engine(db.database_url())


def connect(url: str) -> sa.Connection:
    """A connection from the process's engine for url."""
    return _engine(url).connect()


@st.cache_resource(ttl=TTL_SECONDS, max_entries=2000, show_spinner=False)
def _cached(url: str, version: object, name: str, args: tuple, _query: Callable[..., Any]) -> Any:
    data_version = version[0] if isinstance(version, tuple) else version
    with _engine(url).connect() as conn:
        conn.execution_options(**{held.HELD: functools.partial(_held, url, data_version)})
        return _query(conn, *args)


@st.cache_resource(max_entries=HELD_ENTRIES, show_spinner=False)
def _held(url: str, version: int, kind: str, province: str) -> pl.DataFrame:
    """Every row of kind (queries.held: a credit rollup, the complaints) of a province, held
    for the data version: what each figure of the province filters and sums."""
    with _engine(url).connect() as conn:
        return held.read(conn, kind, province)


_VERSION = "data-version"


def note_version() -> None:
    """Read the data version for this script run (app.py, first thing)."""
    with engine().connect() as conn:
        st.session_state[_VERSION] = import_history.data_version(conn)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _missing_columns(url: str) -> list[str]:
    return setup.missing_columns(_engine(url))


def version() -> int:
    """This script run's data version (note_version)."""
    if _VERSION not in st.session_state:
        note_version()
    return st.session_state[_VERSION]


def missing_columns() -> list[str]:
    """The database's missing columns (setup.missing_columns), looked up as often as the data."""
    return _missing_columns(db.database_url())


def run(query: Callable[..., Any], *args: Any) -> Any:
    """query(conn, *args), cached; the result must not be mutated."""
    return _run(query, args, version())


_WORK_VERSION = "work-version"


def note_work_version() -> None:
    """Read the work version (queries.tasks.work_version) for this script run (the tasks page,
    first thing)."""
    with engine().connect() as conn:
        st.session_state[_WORK_VERSION] = tasks.work_version(conn)


def run_work(query: Callable[..., Any], *args: Any) -> Any:
    """As run, for a query of tasks or escalations: cached until the next write to them."""
    if _WORK_VERSION not in st.session_state:
        note_work_version()
    if _VERSION not in st.session_state:
        note_version()
    version = (st.session_state[_VERSION], st.session_state[_WORK_VERSION])
    return _run(query, args, version)


def _run(query: Callable[..., Any], args: tuple, version: object) -> Any:
    return prime(db.database_url(), version, query, *args)


def shared(value: Any) -> Any:
    """A Filters value as every remit that reaches its area sees it (the national remit),
    unless a county remit changes what it means; anything else as it is."""
    if isinstance(value, Filters) and value.remit.county is None:
        return dataclasses.replace(value, remit=Remit())
    return value


def prime(url: str, version: object, query: Callable[..., Any], *args: Any) -> Any:
    """query(conn, *args) on the database at url, cached under version (the data version, or
    (data version, work version) for run_work's queries): what run does inside a script run,
    for the start-up warming, which runs outside one."""
    name = f"{query.__module__}.{query.__qualname__}"
    return _cached(url, version, name, tuple(shared(a) for a in args), query)
