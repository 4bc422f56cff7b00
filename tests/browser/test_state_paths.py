"""The view survives every path a person takes (issue: the URL is the truth of a session's
view): a pasted link, a language switch, a page change, the back button, a click on the heat
map, and several people opening the dashboard at once on a freshly started server.

After each step the URL, the caption (area and as-of date) and figures on the page are
checked against the oracle.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest

from dashboard import calendar, i18n, kpi, setup
from dashboard.filters import Filters
from harness.browser import (
    DONE,
    nav,
    query_of,
    session_token,
    sessions_at_once,
    settle,
    streamlit_server,
)  # fmt: skip
from queries import overview
from tests import oracle
from tests.browser.conftest import TODAY, signed_in
from tests.conftest import copy_of
from tests.populate import PASSWORD, USERS

VIEW = Filters(as_of=dt.date(2026, 2, 10), province="IR-15", county=1279146, decile_min=1,
               decile_max=3)  # fmt: skip
REF = setup.reference_tables()
NAMES = {  # area -> (Persian name, English name), as the reference data has them
    **{r[0]: r[1:] for r in REF["provinces"].select("code", "name_fa", "name_en").iter_rows()},
    **{r[0]: r[1:] for r in REF["counties"].select("id", "name_fa", "name_en").iter_rows()},
}
OTHER = {"fa": "en", "en": "fa"}


def _caption(f: Filters, lang: str) -> str:
    """The caption a page shows under its title for f."""
    names = NAMES[f.county if f.county is not None else f.province]
    area = names[i18n.LANGS.index(lang)]
    text = f.describe(lambda key: i18n.t(key, lang), area, calendar.format_date(f.as_of, lang))
    return calendar.digits(text, lang)


def back_to_overview(tab, f: Filters, lang: str) -> None:
    """The back button until the overview: a page change may leave two history entries (the
    bare page the menu opens, then the page with its view); each step shows the same view."""
    for _ in range(3):
        tab.go_back()
        tab.wait_for_timeout(500)
        tab.wait_for_selector(DONE)
        if urlparse(tab.url).path.rstrip("/") == "":
            break
        settle(tab, "/complaints", _caption(f, lang), _kpi("compliance", lang))
    settle(tab, "", _caption(f, lang), _kpi("spent_toman", lang))


def pick(tab, label: str, option: str) -> None:
    """Choose option in the sidebar's selectbox labelled label (a combo box)."""
    sidebar = tab.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name=label, exact=True).click()
    tab.get_by_role("option", name=option, exact=True).click()


def _kpi(key: str, lang: str) -> str:
    """The label of a tile: an Overview KPI, or the complaints page's compliance."""
    return i18n.t("complaints.compliance" if key == "compliance" else f"kpi.{key}", lang)


def _rejection(lang: str) -> str:
    """The opening words of the notice that parts of the link were not valid."""
    return i18n.TABLE["sidebar.rejected"][i18n.LANGS.index(lang)].partition("{keys}")[0]


def _tiles(tab) -> dict[str, str]:
    tiles = {}
    for metric in tab.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        tiles[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return tiles


def _overview_tiles(raw: dict, f: Filters, lang: str) -> dict[str, str]:
    values = oracle.kpis(raw, f, TODAY)
    mark = dict.fromkeys(("households", "members", "released_toman", "spent_toman"), "≈ ")
    return {
        i18n.t(f"kpi.{k}", lang): mark.get(k, "") + kpi.value_text(k, values[k], lang)
        for k in overview.KEYS
    }


def _compliance(raw: dict, f: Filters, lang: str) -> str:
    states = oracle.complaint_states(raw, f)
    judged = states.filter(states["state"] != "open_within_target")
    return i18n.percent((judged["state"] == "on_time").mean() if judged.height else None, lang)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_one_session_keeps_its_view_on_every_path(server: str, browser, raw: dict, lang: str):
    other = OTHER[lang]
    want = VIEW.to_query()
    context = signed_in(browser, server, viewport={"width": 1280, "height": 900})
    tab = context.new_page()

    tab.goto(f"{server}/?{urlencode({'lang': lang, **want})}")  # a pasted link
    settle(tab, "", _caption(VIEW, lang), _kpi("spent_toman", lang))
    assert query_of(tab) == {"lang": lang, **want}
    assert _tiles(tab) == _overview_tiles(raw, VIEW, lang)

    tab.locator('[data-testid="stSidebar"]').get_by_text(
        {"fa": "فارسی", "en": "English"}[other], exact=True
    ).click()  # the language switch
    settle(tab, "", _caption(VIEW, other), _kpi("spent_toman", other))
    assert query_of(tab) == {"lang": other, **want}
    assert _tiles(tab) == _overview_tiles(raw, VIEW, other)

    nav(tab, i18n.t("nav.complaints", other))  # a page change
    settle(tab, "/complaints", _caption(VIEW, other), _kpi("compliance", other))
    assert query_of(tab) == {"lang": other, **want}
    assert _rejection(other) not in tab.locator('[data-testid="stMain"]').inner_text(), (
        "the sidebar sent the labels of the language before the switch as a change"
    )
    compliance = i18n.t("complaints.compliance", other)
    assert _tiles(tab)[compliance] == _compliance(raw, VIEW, other)

    back_to_overview(tab, VIEW, other)
    assert query_of(tab) == {"lang": other, **want}
    assert _tiles(tab) == _overview_tiles(raw, VIEW, other)

    ilam = Filters(as_of=VIEW.as_of, province="IR-16", decile_min=1, decile_max=3)
    pick(tab, i18n.t("sidebar.province", other), NAMES["IR-16"][i18n.LANGS.index(other)])
    settle(tab, "", _caption(ilam, other), _kpi("spent_toman", other))
    assert query_of(tab) == {"lang": other, **ilam.to_query()}, "a new province drops the county"
    assert _tiles(tab) == _overview_tiles(raw, ilam, other)

    tab.go_back()  # the back button after a widget change: the view before it
    settle(tab, "", _caption(VIEW, other), _kpi("spent_toman", other))
    assert query_of(tab) == {"lang": other, **want}
    assert _tiles(tab) == _overview_tiles(raw, VIEW, other)
    context.close()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_link_with_names_and_a_solar_hijri_date_is_understood(server: str, browser, lang: str):
    tab = signed_in(browser, server, viewport={"width": 1280, "height": 900}).new_page()
    link = {"lang": lang, "province": "  لرستان ", "as_of": "۱۴۰۴/۱۱/۲۱"}
    tab.goto(f"{server}/complaints?{urlencode(link)}")
    f = Filters(as_of=dt.date(2026, 2, 10), province="IR-15")
    settle(tab, "/complaints", _caption(f, lang), _kpi("compliance", lang))
    assert query_of(tab) == {"lang": lang, **f.to_query()}, "the link is rewritten to its meaning"
    tab.close()


def test_a_click_on_the_heat_map_narrows_the_page_and_keeps_the_rest_of_the_view(
    server: str, browser
) -> None:
    start = {"lang": "en", "as_of": "2026-03-01", "deciles": "1-3"}
    tab = signed_in(browser, server, viewport={"width": 1400, "height": 1600}).new_page()
    tab.goto(f"{server}/uptake?{urlencode(start)}")
    tab.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
    tab.wait_for_selector(DONE)
    tab.locator(".js-plotly-plot .scatterlayer .point").first.click(force=True)
    tab.wait_for_url("**province=IR-*", timeout=30_000)
    tab.wait_for_selector(DONE)
    query = query_of(tab)
    assert query["province"] in NAMES
    assert {k: query[k] for k in start} == start
    tab.get_by_text(i18n.t("uptake.ranked_counties", "en")).wait_for(timeout=30_000)
    assert tab.locator('[data-testid="stException"]').count() == 0
    tab.close()


def test_several_sessions_at_once_on_a_fresh_server(
    sqlite_template: str, tmp_path: Path, browser, raw
) -> None:
    """Sessions that click to another page while the fresh server's first runs are still
    under way keep the province and the as-of date of their link, and show its figures. Three
    at once, in Persian only: what is kept depends neither on the language nor on how many
    share the server beyond that: the rooms of many (`python -m bench.sessions`, 15 and 30 in
    both languages; `make bench`'s room of 30) are measurements, not checks."""
    lang = "fa"
    f = Filters(as_of=dt.date(2026, 2, 10), province="IR-15")
    compliance = _compliance(raw, f, lang)

    def shows_the_figures(tab) -> bool:
        return _tiles(tab)[_kpi("compliance", lang)] == compliance

    url = copy_of(sqlite_template, tmp_path / "fresh.db")  # nothing of the other tests' runs
    token = session_token(url, USERS["national"].username, PASSWORD)
    with streamlit_server(url) as base:
        link, caption = {"lang": lang, **f.to_query()}, _caption(f, lang)
        result = sessions_at_once(base, browser, 3, link, caption, token, shows_the_figures)
    assert result["kept"] == result["sessions"] == 3, "\n".join(result["lost"])
