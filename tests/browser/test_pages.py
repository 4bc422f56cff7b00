"""Every page in headless Chromium through `streamlit run`, in Persian and English.

Fails on an error box, on a missing title, and on any request to a host other than 127.0.0.1.
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path
from urllib.parse import urlencode, urlparse

import polars as pl
import pypdf
import pytest

from dashboard import boundaries, db, i18n
from dashboard.filters import Filters
from frame.pages import DATA_PAGES
from harness.browser import DONE
from queries import audit
from tests import oracle
from tests.browser.conftest import ARTIFACTS, CHROMIUM, signed_in

PAGES = (*DATA_PAGES, "data")  # the Data page as a data officer sees it


SCREENS = {"1280x720": (1280, 720), "1440x1000": (1440, 1000)}  # a projector, a desk


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders(server: str, browser, page: str, lang: str) -> None:
    """Drawn at the first screen size, checked, and photographed at each (the page reflows
    to a new size without running again); a page with a national map is then clicked on it."""
    width, height = next(iter(SCREENS.values()))
    role = "data_officer" if page == "data" else "national"
    context = signed_in(browser, server, role, viewport={"width": width, "height": height})
    tab = context.new_page()
    hosts: set[str] = set()
    tab.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    path = "" if page == "overview" else page  # the default page lives at the root
    tab.goto(f"{server}/{path}?lang={lang}")
    tab.wait_for_selector(f"{DONE} h1", timeout=30_000)
    tab.wait_for_timeout(500)
    title = i18n.t(f"{page}.title", lang)
    assert tab.locator("h1").first.inner_text().strip() == title
    assert tab.locator('[data-testid="stException"]').count() == 0
    assert tab.locator('[role="dialog"]').count() == 0, "no 'page not found' or other dialog"
    sidebar = tab.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(i18n.t("fresh.title", lang)).first.wait_for(timeout=15_000)
    filters = sidebar.get_by_text(i18n.t("sidebar.province", lang))
    if page == "data":  # the Data page takes no filters
        assert filters.count() == 0
    else:
        filters.first.wait_for(timeout=15_000)  # the frame (filters) is there
    main = tab.locator('[data-testid="stMain"]')
    direction = main.evaluate("e => getComputedStyle(e).direction")
    assert direction == ("rtl" if lang == "fa" else "ltr")
    if page == "overview":
        tiles = "document.querySelectorAll('[data-testid=\"stMetric\"]').length >= 9"
        tab.wait_for_function(tiles, timeout=15_000)
        assert tab.locator('[data-testid="stMetric"]').count() == 9
        if lang == "fa":
            _persian_tiles_read_number_then_unit_right_to_left(tab)
    if page == "risk":  # the list, and one store's three charts
        tab.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        tab.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot').length >= 3", timeout=15_000
        )
        assert main.locator('[data-testid="stDataFrame"]').count() == 1
    if page == "uptake":  # deciles, top-up, the heat map, the open tab's chart, method two's two
        tab.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        charts = "document.querySelectorAll('.js-plotly-plot').length >= 6"
        tab.wait_for_function(charts, timeout=15_000)  # drawn one after another
        assert tab.locator(".js-plotly-plot").count() == 6
        assert main.locator('[data-testid="stDataFrame"]').count() == 2  # areas, method two
    if page == "channels":  # the mothers' and the applications' tiles and tables
        tiles = "document.querySelectorAll('[data-testid=\"stMetric\"]').length >= 12"
        tab.wait_for_function(tiles, timeout=15_000)
        assert tab.locator('[data-testid="stMetric"]').count() == 12
        tables = "document.querySelectorAll('[data-testid=\"stDataFrame\"]').length >= 2"
        tab.wait_for_function(tables, timeout=15_000)  # drawn after the tiles
        assert main.locator('[data-testid="stDataFrame"]').count() == 2
    font = tab.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "Vazirmatn" in font
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for screen, size in SCREENS.items():
        if size != (tab.viewport_size["width"], tab.viewport_size["height"]):
            tab.set_viewport_size({"width": size[0], "height": size[1]})
            tab.wait_for_timeout(300)  # charts and maps redrawn to the new width
        assert tab.locator("h1").first.inner_text().strip() == title
        tab.screenshot(path=str(ARTIFACTS / f"{page}-{lang}-{screen}.png"))
    if page in ("stores", "uptake"):  # the country's view of a page with a map
        _national_map_shades_provinces_and_a_click_narrows(tab, page, lang)
    context.close()
    assert hosts == {"127.0.0.1"}, f"requests left the server: {sorted(hosts)}"


def _national_map_shades_provinces_and_a_click_narrows(tab, page: str, lang: str) -> None:
    """The national map shades the 31 provinces (a legend for those without a value, our
    attribution only), and a click on Ilam narrows the page to it."""
    frame = tab.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    frame.locator(".leaflet-container").wait_for(timeout=30_000)
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert attribution.strip() == boundaries.ATTRIBUTION
    names = frame.locator(".kalabarg-county").all_inner_texts()
    assert len(names) == 31 and i18n.t("kpi.no_value", lang) in frame.locator(
        ".kalabarg-legend").text_content()  # fmt: skip
    frame.locator(".leaflet-container").scroll_into_view_if_needed()
    tab.screenshot(path=str(ARTIFACTS / f"{page}-national-map-{lang}.png"))
    inner = next(f for f in tab.frames if "streamlit_folium" in f.url)
    point = inner.evaluate(
        "() => { const l = Object.values(window.map._layers).find(l => l.feature"
        " && l.feature.properties.code === 'IR-16' && l.getLatLngs);"
        " const p = window.map.latLngToContainerPoint(l.getCenter()); return [p.x, p.y]; }"
    )
    # the component binds its click handler after the map draws: wait for the run to settle
    tab.wait_for_selector(DONE)
    tab.wait_for_timeout(1_000)
    frame.locator(".leaflet-container").click(position={"x": point[0], "y": point[1]})
    tab.wait_for_url("**province=IR-16**", timeout=30_000)


PERSIAN_AMOUNT = re.compile(
    "^(≈ )?[۰-۹٬٫]+[٪]?( (هزار میلیارد|میلیارد|میلیون|هزار))?$"
)  # a number first, then its unit, in logical order


def _persian_tiles_read_number_then_unit_right_to_left(tab) -> None:
    """Each Overview tile (at 1280x720) reads a Persian number, then its unit, right to left,
    uncut; a change is a signed number isolated left to right, its arrow its direction."""
    values = tab.locator('[data-testid="stMetricValue"]')
    assert values.count() == 9
    for i in range(values.count()):
        value = values.nth(i)
        shown = value.inner_text().strip()
        assert PERSIAN_AMOUNT.match(shown), f"tile {i}: {shown!r} is not number then unit"
        assert value.evaluate("e => getComputedStyle(e).direction") == "rtl"
        box = value.bounding_box()
        assert box["width"] >= value.evaluate("e => e.scrollWidth") - 1, f"tile {i} is cut"
    deltas = tab.locator('[data-testid="stMetricDelta"]')
    for i in range(deltas.count()):
        delta = deltas.nth(i)
        shown = delta.inner_text().strip()
        assert delta.evaluate("e => getComputedStyle(e).direction") == "rtl"
        if shown != i18n.t("kpi.no_change", "fa"):  # a signed number isolated left to right
            assert re.match("^\u2066[+-][۰-۹٬٫]+\u2069( .+)?$", shown), shown
            arrow = delta.locator("svg").get_attribute("data-testid")
            assert arrow == ("stMetricDeltaIcon-Down" if "-" in shown else "stMetricDeltaIcon-Up")
        else:
            assert delta.locator("svg").count() == 0, "no arrow for no change"
    heading = tab.locator("h1").first
    assert heading.evaluate("e => getComputedStyle(e).textAlign") == "right"


def test_chromium_is_debians() -> None:
    assert shutil.which("chromium") == CHROMIUM


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_stores_map_renders_from_our_own_server(server: str, browser, lang: str) -> None:
    """Ilam's stores, villages and counties from our own server, in Persian on a projector
    (where the legends keep off the province, and none of Streamlit's English shows) and in
    English at a desk."""
    size = (1280, 720) if lang == "fa" else (1400, 1400)
    tab = signed_in(browser, server, viewport={"width": size[0], "height": size[1]}).new_page()
    hosts: set[str] = set()
    tab.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    tab.goto(f"{server}/stores?lang={lang}&province=IR-16")
    tab.wait_for_selector(f"{DONE} h1")
    maps = tab.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame = maps.first
    frame.locator(".leaflet-container").wait_for(timeout=30_000)
    tab.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].some(f => f.offsetHeight > 400)"
    )
    inner = next(f for f in tab.frames if "streamlit_folium" in f.url)
    layers = inner.evaluate("Object.keys(window.map._layers).length")
    assert layers > 20, "stores, villages and county circles are on the map"
    legend = " ".join(frame.locator(".kalabarg-legend").all_text_contents())  # open or folded
    assert i18n.t("kind.chain", lang) in legend
    assert i18n.t("measure.stores_per_10k", lang) in legend, "the counties' shading explained"
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert attribution.strip() == boundaries.ATTRIBUTION, "ours only: no Leaflet flag"
    counties = boundaries.counties("IR-16")["features"]
    names = sorted(frame.locator(".kalabarg-county").all_inner_texts())
    assert names == sorted(c["properties"][f"name_{lang}"] for c in counties)
    shaded = inner.evaluate(
        "Object.values(window.map._layers).filter(l => l.feature"
        " && l.feature.properties.fill && l.getLatLngs).map(l => l.feature.properties.code)"
    )
    assert sorted(shaded) == sorted(str(c["properties"]["id"]) for c in counties), (
        "every county is drawn, shaded, with its border"
    )
    if lang == "fa":
        _legends_keep_off_the_province_and_the_scale_reads_persian(tab, "stores")
    else:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"stores-map-{lang}.png"))
    tab.get_by_role("radio", name=i18n.t("measure.load_ratio", lang)).click()  # next wave
    load = i18n.t("measure.load_ratio", lang)
    frame.locator(".kalabarg-legend", has_text=load).wait_for(timeout=30_000)
    assert sorted(frame.locator(".kalabarg-county").all_inner_texts()) == names
    if lang == "fa":
        _none_of_streamlit_s_english(tab)
    tab.close()
    assert hosts == {"127.0.0.1"}, f"requests left the server: {sorted(hosts)}"


def test_the_watch_list_downloads_as_csv_and_excel(
    server: str, sqlite_url: str, browser, raw: dict
) -> None:
    """The files are written when a button is clicked, and the audit log says who took which;
    the CSV holds both of the page's watch lists (at risk now and overdue)."""
    view = Filters(as_of=dt.date(2026, 5, 5), province="IR-15")  # has both
    tab = signed_in(browser, server, viewport={"width": 1400, "height": 1400}).new_page()
    tab.goto(f"{server}/complaints?lang=en&{urlencode(view.to_query())}")
    tab.wait_for_selector(f"{DONE} h1")
    buttons = tab.locator('[data-testid="stDownloadButton"] button')
    buttons.nth(1).wait_for(timeout=30_000)
    tab.wait_for_timeout(500)  # as test_page_renders: let the page settle before clicking
    files, names = [], []
    for index in (0, 1):  # the watch list's CSV and Excel buttons come first
        with tab.expect_download(timeout=30_000) as download:
            buttons.nth(index).click()
        files.append(Path(download.value.path()).read_bytes())
        names.append(download.value.suggested_filename)
    tab.close()
    engine = db.make_engine(sqlite_url)
    with engine.connect() as conn:
        log = audit.entries(conn, limit=2).filter(action="download")
    engine.dispose()
    assert sorted(log["detail"]) == sorted(names) and names[0].startswith("complaints-watchlist")
    assert set(log["username"]) == {"national"} and set(log["province_code"]) == {"IR-15"}
    csv = pl.read_csv(io.BytesIO(files[0]))
    want = oracle.complaint_states(raw, view).filter(
        pl.col("at_risk") | (pl.col("state") == "overdue")
    )
    assert set(csv["state"]) == {"at_risk", "overdue"}
    assert sorted(csv["complaint_id"]) == sorted(want["id"])
    assert files[1][:2] == b"PK" and b"xl/worksheets/sheet1.xml" in files[1]


def test_the_overview_downloads_its_meeting_brief(server: str, sqlite_url: str, browser) -> None:
    """The brief of the view in force, made on the click: one A4 page naming the area, and an
    audit row for it."""
    tab = signed_in(browser, server, viewport={"width": 1280, "height": 900}).new_page()
    tab.goto(f"{server}/?lang=en&province=IR-16&as_of=2026-03-01")
    button = tab.get_by_role("button", name=i18n.t("brief.download", "en"))
    button.wait_for(timeout=30_000)
    tab.wait_for_selector(DONE)
    with tab.expect_download(timeout=60_000) as download:
        button.click()
    data = Path(download.value.path()).read_bytes()
    name = download.value.suggested_filename
    tab.close()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1 and name == "brief-2026-03-01-IR-16-en.pdf"
    assert reader.pages[0].extract_text().startswith("Ilam · as of the end of 10 Esfand 1404")
    engine = db.make_engine(sqlite_url)
    with engine.connect() as conn:
        last = audit.entries(conn, limit=1).row(0, named=True)
    engine.dispose()
    assert (last["action"], last["detail"], last["username"]) == ("download", name, "national")


def test_uptake_tabs_draw_their_chart_when_opened(server: str, browser) -> None:
    """The second-rank charts are read and drawn only in their open tab: each tab, opened,
    shows its own heading and one chart (the others' are not on the page)."""
    tab = signed_in(browser, server).new_page()
    tab.goto(f"{server}/uptake?lang=en&province=IR-15")
    tab.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    panel = tab.locator('[data-testid="stTabs"] [role="tabpanel"]:visible')
    outside = []  # the page's charts outside the tabs: the same whichever tab is open
    for name in ("waves", "months", "balance_age", "basket"):
        tab.get_by_role("tab", name=i18n.t(f"uptake.tab_{name}", "en"), exact=True).click()
        heading = panel.get_by_text(i18n.t(f"uptake.{name}", "en"), exact=True)
        heading.wait_for(timeout=30_000)
        tab.wait_for_selector(DONE, timeout=30_000)
        panel.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
        assert panel.locator(".js-plotly-plot").count() == 1
        outside.append(tab.locator(".js-plotly-plot").count() - 1)
        assert outside[-1] == outside[0] >= 3  # deciles, top-up, the heat map, method two's
        assert tab.locator('[data-testid="stException"]').count() == 0


# the legends whose box meets the box of the shaded areas (the province's counties), in the
# map's pixels: none may
_COVERING = """() => {
    const shaded = Object.values(window.map._layers).filter(
        l => l.feature && l.feature.properties.fill && l.getLatLngs);
    const area = shaded.reduce((b, l) => b.extend(l.getBounds()), L.latLngBounds([]));
    const nw = window.map.latLngToContainerPoint(area.getNorthWest());
    const se = window.map.latLngToContainerPoint(area.getSouthEast());
    const box = window.map.getContainer().getBoundingClientRect();
    return [...document.querySelectorAll('.kalabarg-legend')]
        .map(l => l.getBoundingClientRect())
        .filter(r => r.left - box.left < se.x && r.right - box.left > nw.x
            && r.top - box.top < se.y && r.bottom - box.top > nw.y)
        .map(r => [r.left, r.top, r.width, r.height]);
}"""


def test_the_persian_uptake_map_at_1280x720_keeps_its_legends_off_the_province(
    server: str, browser
) -> None:
    tab = signed_in(browser, server, viewport={"width": 1280, "height": 720}).new_page()
    tab.goto(f"{server}/uptake?lang=fa&province=IR-16")
    tab.wait_for_selector(f"{DONE} h1")
    _legends_keep_off_the_province_and_the_scale_reads_persian(tab, "uptake")
    tab.close()


def _legends_keep_off_the_province_and_the_scale_reads_persian(tab, page: str) -> None:
    """On a projector's 1280x720 the legends sit beside the province or above it, or stay
    folded to their titles: none covers the shaded counties. The scale bar reads in Persian
    digits and words ('۲۰ کیلومتر')."""
    frame = tab.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    frame.locator(".leaflet-container[data-legends]").wait_for(timeout=30_000)
    inner = next(f for f in tab.frames if "streamlit_folium" in f.url)
    assert inner.evaluate("document.querySelectorAll('.kalabarg-legend').length") >= 1
    assert inner.evaluate(_COVERING) == [], "a legend covers the province"
    scale = frame.locator(".leaflet-control-scale-line").inner_text().strip()
    assert re.fullmatch("[۰-۹]+ (کیلومتر|متر)", scale), scale
    frame.locator(".leaflet-container").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{page}-map-fa-1280x720.png"))


def _none_of_streamlit_s_english(tab) -> None:
    """A selectbox's 'No results' reads in Persian (Streamlit's words hidden, ours shown in
    their place), and headings carry no 'Link to heading' anchor."""
    tab.wait_for_selector(DONE)
    tab.locator("h3").first.hover()  # a section's heading, where the anchor showed
    hidden = """() => {
        const anchors = [...document.querySelectorAll(
            '[data-testid="stHeaderActionElements"] a[href^="#"]')];
        return anchors.length >= 1 && anchors.every(a => a.offsetParent === null);
    }"""  # the style is sent again with each run: judged once the page has settled
    tab.wait_for_function(hidden, timeout=15_000)
    province = tab.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    province.click()
    tab.keyboard.type("zzz")
    empty = tab.locator('[role="listbox"][data-empty="true"] [role="option"] > span')
    empty.wait_for(timeout=15_000)
    shown = empty.evaluate(
        "e => [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content]"
    )
    assert shown == ["0px", f'"{i18n.t("select.no_results", "fa")}"']
    tab.keyboard.press("Escape")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_national_viewer_opening_the_data_page_is_told_whose_page_it_is(
    server: str, browser, lang: str
) -> None:
    tab = signed_in(browser, server, viewport={"width": 1280, "height": 720}).new_page()
    tab.goto(f"{server}/data?lang={lang}")
    tab.wait_for_selector(f"{DONE} h1")
    assert tab.locator("h1").first.inner_text().strip() == i18n.t("notfound.not_yours_title", lang)
    said = tab.locator('[data-testid="stAlert"]').first.inner_text()
    assert i18n.t("role.data_officer", lang) in said and i18n.t("role.national", lang) in said
    assert "«data»" not in said
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"data-national-{lang}.png"))
    tab.close()
