"""The pages' list (frame.pages) is what the pages do: the menu has every page's script, and
each page, opened through AppTest, reads with its view exactly the queries READS lists for it
(the ones behind a closed tab aside), nationally and in a province; the warming reads them."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.filters import Filters
from frame import cache, pages
from queries import changes, tasks
from tests.conftest import ROOT
from tests.views.signing import as_user, use_database

APP = str(ROOT / "app.py")
TODAY = dt.date(2026, 5, 12)
# a read for a task picked on the page, not the view: the figure its indicator should move
PICKED = {tasks.overdue_count}


@pytest.fixture(autouse=True)
def _database(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(sqlite_url, monkeypatch, dt.datetime.combine(TODAY, dt.time(10, 30)))


def test_every_page_has_its_script_and_icon() -> None:
    for page in pages.PAGES:
        assert (ROOT / pages.script(page)).is_file(), page
    assert set(pages.ICONS) == set(pages.PAGES)
    assert set(pages.READS) <= set(pages.DATA_PAGES)
    assert set(changes.PAGES.values()) <= set(pages.PAGES), "the since-visit links' pages"


def _view_reads(page: str, monkeypatch: pytest.MonkeyPatch, **query: str) -> set:
    """The queries page reads with a view (and the day, for live work), opened as the national
    viewer with the URL's query, after a first run of the app (the Overview, whose
    since-your-last-visit strip reads the user's area once a session)."""
    at = as_user(AppTest.from_file(APP, default_timeout=30), "national")
    at.query_params.update({"lang": "en", **query})
    at.run()
    seen: set = set()
    prime = cache.prime

    def spy(url: str, version: object, read, *args):
        if args and isinstance(args[0], Filters) and all(isinstance(a, dt.date) for a in args[1:]):
            seen.add(read)
        return prime(url, version, read, *args)

    monkeypatch.setattr(cache, "prime", spy)
    at.switch_page(pages.script(page)).run()
    assert not at.exception, at.exception
    return seen - PICKED


# every page in a province's view, and the one page that reads otherwise for the country's
VIEWS = [*((page, "IR-15") for page in pages.DATA_PAGES), ("stores", None)]


@pytest.mark.parametrize(("page", "province"), VIEWS)
def test_each_page_reads_what_it_lists(
    page: str, province: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = {} if province is None else {"province": province}
    f = Filters(as_of=TODAY, province=province)
    listed = {r.query for r in pages.READS[page] if r.applies(f) and not r.tab}
    assert _names(_view_reads(page, monkeypatch, **query)) == _names(listed)


def _names(queries: set) -> set[str]:
    return {f"{q.__module__}.{q.__qualname__}" for q in queries}


def test_the_warming_reads_every_listed_read() -> None:
    for province in (None, "IR-15"):
        f = Filters(as_of=TODAY, province=province)
        warmed = {r.query for r in pages.reads(f)}
        assert warmed == {r.query for reads in pages.READS.values() for r in reads if r.applies(f)}


def test_a_read_takes_the_view_and_for_live_work_the_day() -> None:
    """frame.warm gives each read the view, and the day for live work: nothing else."""
    for reads in pages.READS.values():
        for read in reads:
            code = read.query.__code__
            arguments = code.co_varnames[: code.co_argcount]
            assert arguments[:2] == ("conn", "f"), read.query
            assert len(arguments) == (3 if read.work else 2), read.query
