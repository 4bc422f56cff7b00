"""Warming in the background: once per server process and data version, the pages' queries
(frame.pages.READS, the tabs' too) for the views people open first (the country, then each
province, at the latest date and then the day before it) are read into the shared cache, and
the maps' polygons into memory, so that the first person to open a page does not wait for
them. Reading them holds every province's credit rollups and complaints in memory too
(frame.cache, queries.held), which answer every other county, date, decile and group of those
figures.

frame.serve starts it with the server; app.py starts it again when an import moves the data
version. It runs in a thread of its own and never fails a page: an error is logged and ends
the warming. It gives way to people: it reads only when no page's run has begun for three
seconds (a read can take half a second, and a click landing in it would wait).
KALABARG_WARM=0 turns it off (the tests, and the benchmark's cold runs).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time

import streamlit as st

from dashboard import boundaries, calendar, db
from dashboard.filters import Filters, Universe
from frame import cache, pages
from queries import import_history, meta, tasks

SWITCH = "KALABARG_WARM"
DAYS_BACK = 1  # the days before the latest warmed too
QUIET_S = 3.0  # the warming reads only when no person's run has begun for this long
_LAST_RUN = [-QUIET_S]  # time.monotonic() when the latest run began (app.py: start)
LOG = logging.getLogger(__name__)


def start() -> None:
    """Start the warming for this process and this run's data version, unless it has
    started (inside a script run); note that a person's run has begun (the warming gives
    way to it)."""
    _LAST_RUN[0] = time.monotonic()
    if os.environ.get(SWITCH, "1") != "0":
        _started(db.database_url(), cache.version())


def _wait_for_quiet() -> None:
    """Give way to people: wait until no run has begun for QUIET_S (a page's run is over by
    then), so that the warming takes the server's core only when nobody waits for it."""
    while (left := _LAST_RUN[0] + QUIET_S - time.monotonic()) > 0:
        time.sleep(left)


def start_with_server() -> None:
    """Start the warming for the data version of the database now, outside a script run
    (frame.serve, once the Streamlit runtime whose cache it fills exists)."""
    if os.environ.get(SWITCH, "1") == "0":
        return
    url = db.database_url()
    with cache.connect(url) as conn:
        version = import_history.data_version(conn)
    _started(url, version)


@st.cache_resource(show_spinner=False)
def _started(url: str, version: int) -> threading.Thread:
    thread = threading.Thread(target=_warm, args=(url, version), name="warm", daemon=True)
    thread.start()
    return thread


def warmed_days(universe: Universe) -> list[dt.date]:
    """The as-of dates warmed, in turn: the latest, and the day before it (the slider's first
    step back)."""
    return universe.days[::-1][: DAYS_BACK + 1]


def _warm(url: str, version: int) -> None:
    try:
        boundaries.load()
        with cache.connect(url) as conn:
            if not meta.has_data(conn):
                return
            universe = meta.universe(conn)
            work = (version, tasks.work_version(conn))
        if not universe.days:
            return
        today = calendar.now().date()
        warmed = [
            Filters(as_of=day, province=province)
            for day in warmed_days(universe)
            for province in (None, *(p.code for p in universe.provinces))
        ]
        started, count = time.perf_counter(), 0
        for f in warmed:
            for read in pages.reads(f):
                _wait_for_quiet()
                if read.work:
                    cache.prime(url, work, read.query, f, today)
                else:
                    cache.prime(url, version, read.query, f)
                count += 1
        LOG.warning("warmed %d reads in %.1f s", count, time.perf_counter() - started)
    except Exception:  # the warming must never take the server down
        LOG.exception("warming the caches stopped")
