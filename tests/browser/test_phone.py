"""The Committee tasks page in headless Chromium as a committee member, on a phone (390x844)
and at a desk (1280x720), in Persian and English: their agency's open tasks come first, and
the tables whose first column is a name (their own tasks, the agencies, the board) keep that
column in view when the grid is scrolled sideways. Screenshots go to tests/artifacts/.

What a grid shows is read from glide-data-grid's accessible table (inside its canvas), which
lists the columns drawn in view: the pinned one and those the scroll position shows.
"""

from __future__ import annotations

import contextlib

import pytest

from dashboard import i18n, text
from harness.browser import DONE
from tests.browser.conftest import ARTIFACTS, signed_in

SCREENS = {"390x844": (390, 844), "1280x720": (1280, 720)}  # a phone, a projector
_HEADERS = "e => [...e.querySelectorAll('[role=columnheader]')].map(h => h.textContent)"
_SCROLL = """(e, end) => { const s = e.querySelector('.dvn-scroller'); const was = s.scrollLeft;
    s.scrollLeft = end ? s.scrollWidth : 0;
    return [s.scrollWidth > s.clientWidth + 1, s.scrollLeft !== was]; }"""
_REDRAWN = f"""([e, before]) => {{ const now = ({_HEADERS})(e);
    return now.length !== before.length || now.some((h, i) => h !== before[i]); }}"""


def _headers(grid) -> list[str]:
    """The grid's column headers in view, left to right as drawn."""
    return [text.plain(h) for h in grid.evaluate(_HEADERS)]


def _scrolled(tab, grid, end: bool) -> tuple[list[str], bool]:
    """The headers in view once the grid is scrolled to its left (end: right) edge, and
    whether the grid is wider than its box (it scrolls at all)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # a browser test's own

    before = grid.evaluate(_HEADERS)
    wide, moved = grid.evaluate(_SCROLL, end)
    if moved:  # the grid redraws its accessible table after the scroll (if other columns show)
        with contextlib.suppress(PlaywrightTimeout):
            tab.wait_for_function(_REDRAWN, arg=[grid.element_handle(), before], timeout=2_000)
        tab.wait_for_timeout(100)
    return _headers(grid), wide


def _grids(tab) -> dict[str, object]:
    """The page's own-tasks grid, agencies grid and the board's open tab's grid."""
    main = tab.locator('[data-testid="stMain"]')
    grids = main.locator('[data-testid="stDataFrame"]')
    board = main.locator('[data-testid="stTabs"] [role="tabpanel"]:visible')
    return {
        "mine": grids.nth(0),
        "agencies": grids.nth(1),
        "board": board.locator('[data-testid="stDataFrame"]').first,
    }


_TOP = """() => { window.scrollTo(0, 0);
    document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; }); }"""
_GRIDS_IN_VIEW = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .map(g => g.getBoundingClientRect()).every(b => b.left >= 0 && b.right <= innerWidth + 1)"""


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_committee_member_sees_their_tasks_first_and_every_name_in_view(
    server: str, browser, lang: str
) -> None:
    """On a phone, then on a projector: the same page widened (it reflows without a run)."""
    tab = signed_in(browser, server, "committee").new_page()
    for screen, (width, height) in SCREENS.items():
        tab.set_viewport_size({"width": width, "height": height})
        if tab.url == "about:blank":
            tab.goto(f"{server}/tasks?lang={lang}")
            tab.wait_for_selector(f"{DONE} h1", timeout=30_000)
        else:
            tab.evaluate(_TOP)
            tab.wait_for_function(_GRIDS_IN_VIEW, timeout=15_000)
        _their_tasks_first_and_every_name_in_view(tab, lang, screen, width, height)


def _their_tasks_first_and_every_name_in_view(
    tab, lang: str, screen: str, width: int, height: int
) -> None:
    """The checks at one screen size, the page at its top; screenshots of it (and, on a
    phone, of each grid scrolled to its end)."""
    grids = _grids(tab)
    for grid in grids.values():  # each drawn, with its headers
        grid.locator("[role=columnheader]").first.wait_for(state="attached", timeout=60_000)
    tab.wait_for_timeout(500)
    assert tab.locator('[data-testid="stException"]').count() == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"tasks-committee-{lang}-{screen}.png"))

    agency = i18n.t("tasks.mine", lang, agency="Guilds" if lang == "en" else "اصناف")
    mine = tab.get_by_role("heading", name=agency, exact=True)
    agencies = tab.get_by_role("heading", name=i18n.t("tasks.by_agency", lang), exact=True)
    top = mine.bounding_box()
    assert top["y"] < agencies.bounding_box()["y"], "their own tasks come before the agencies"
    assert top["y"] + top["height"] < height, "... and are on the first screen"
    assert tab.evaluate("document.documentElement.scrollWidth") <= width, "no page scrolls aside"

    names = {"mine": "title", "agencies": "agency_name", "board": "title"}
    for which, grid in grids.items():
        name = i18n.t(f"col.{names[which]}", lang)
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"{which}: cut by the screen"
        start, wide = _scrolled(tab, grid, end=False)
        end, _ = _scrolled(tab, grid, end=True)
        if screen == "390x844":
            assert wide, f"{which}: wider than a phone, so it scrolls"
            assert start != end, f"{which}: the scroll shows other columns"
            tab.screenshot(path=str(ARTIFACTS / f"tasks-committee-{lang}-{screen}-{which}.png"))
        assert start[0] == end[0] == name, f"{which}: {name} drawn first (pinned) at both edges"
        _scrolled(tab, grid, end=False)
