"""When is a page drawn, and how long did it take: timings taken in the browser itself.

A page counts as fully drawn when all of these hold at once, checked every 100 ms:

- the app's run is over: `stApp` has `data-test-script-state="notRunning"`;
- nothing is still on its way: no `stSpinner`, no `stSkeleton` (Streamlit's placeholder while
  an element's code, plotly's or the data grid's, is still loading), no status widget
  ("Running...");
- every plotly chart (`stPlotlyChart`) has drawn its svg (`.main-svg`);
- every iframe has fired its load event, its document is complete, it has a height, and the
  folium map's (streamlit-folium) holds its Leaflet container;
- the page is the one asked for: its path, its URL query (exactly: the language and filters
  of the view), its title (h1) and its head (the area and as-of line) in that language;
- the DOM, the iframes' documents included, has had no mutation for a quiet window (1 s).

The time reported is that of the LAST mutation before the quiet window, not the moment the
window closed: from the navigation's start (performance.timeOrigin) for a page opened by
address, from the last trusted pointer or key press for a click or a key in the page. The
moment `stApp` last turned notRunning is noted too (ran_s: the app's last run over, as the
browser saw it): what follows it is the browser's own drawing (charts, grid, the map); and so
is the last mutation on the first screen (first_s: an element, or an iframe, whose box starts
in the top 720 px of the page, the window being 1280 x 720), which is when what a meeting
sees without scrolling stopped changing.

An error box (`stException`), a lost connection or an iframe the server answered 'Component
not found' ends the wait with an error, and so does a page not drawn in time: NotDrawn says
which, and what the page was still waiting for.

The watcher (WATCH) is added to every browser context before its first page: a
MutationObserver on the document and on each iframe's document when that iframe loads
(streamlit-folium's iframe reuses the window of its first blank document, so a script added
to each frame would watch the wrong document), and the time of the last input.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from dashboard import calendar, i18n
from dashboard.filters import Universe
from frame.pages import DATA_PAGES

QUIET_MS = 1000
SCREEN_PX = 720  # the first screen: a projector's 1280 x 720, the window the pages are timed in
TIMEOUT_MS = 180_000
TITLES = {page: f"{page}.title" for page in DATA_PAGES}
WATCH = """(() => {
    if (window.top !== window || window.__bench) return;
    const bench = window.__bench = {last: performance.now(), input: null, ran: null, top: 0};
    const seen = () => { bench.last = performance.now(); };
    const inFirstScreen = node => {  // on the first screen: the top SCREEN_PX of the page
        const element = node.nodeType === 1 ? node : node.parentElement;
        const frame = element?.ownerDocument.defaultView.frameElement;
        const box = (frame || element)?.getBoundingClientRect();
        return box && box.height > 0 && box.top + window.scrollY < SCREEN_PX;
    };
    const options = {subtree: true, childList: true, attributes: true, characterData: true};
    const observer = new MutationObserver(records => {
        seen();
        const changed = r => r.type === 'childList' && r.addedNodes.length
            ? [...r.addedNodes] : [r.target];  // what was added, else what changed
        if (records.some(r => changed(r).some(inFirstScreen))) bench.top = bench.last;
        if (records.some(r => r.attributeName === 'data-test-script-state'
                         && r.target.dataset.testScriptState === 'notRunning')) {
            bench.ran = bench.last;
        }
    });
    observer.observe(document, options);
    document.addEventListener('load', event => {
        const frame = event.target;
        if (frame.tagName !== 'IFRAME') return;
        seen();
        try { observer.observe(frame.contentDocument, options); frame.__benchLoaded = true; }
        catch (error) { frame.__benchLoaded = 'cross-origin'; }
    }, true);
    for (const type of ['pointerdown', 'keydown']) {
        window.addEventListener(type, e => { if (e.isTrusted) bench.input = performance.now(); },
                                true);
    }
})();"""
_DRAWN = """({quiet, expect}) => {
    const all = selector => [...document.querySelectorAll(selector)];
    const one = selector => document.querySelector(selector);
    const boxes = all('[data-testid="stException"]').map(e => e.innerText.slice(0, 300));
    if (boxes.length) return {error: 'exception: ' + boxes[0]};
    const lost = all('[role="dialog"]').map(d => d.innerText).find(t => /connect/i.test(t));
    if (lost) return {error: 'connection: ' + lost.slice(0, 200)};
    const missing = all('iframe').find(f => f.__benchLoaded === true
        && f.contentDocument?.body?.innerText.trim() === 'Component not found');
    if (missing) return {error: `component: ${missing.title} not found (404)`};
    const bench = window.__bench;
    if (!bench) return false;
    const waiting = (() => {
        const app = one('[data-testid="stApp"]');
        if (!app || app.dataset.testScriptState !== 'notRunning') return 'the run';
        for (const id of ['stSpinner', 'stSkeleton', 'stStatusWidget']) {
            if (one(`[data-testid="${id}"]`)) return id;
        }
        const charts = all('[data-testid="stPlotlyChart"]');
        const bare = charts.filter(c => !c.querySelector('.main-svg')).length;
        if (bare) return `${bare} of ${charts.length} charts without their svg`;
        for (const frame of all('iframe')) {
            const doc = frame.__benchLoaded === true && frame.contentDocument;
            if (!doc || doc.readyState !== 'complete') return `iframe ${frame.title} loading`;
            if (frame.offsetHeight === 0) return `iframe ${frame.title} without a height`;
            if (frame.title.includes('folium') && !doc.querySelector('.leaflet-container')) {
                return 'the Leaflet map';
            }
        }
        const query = JSON.stringify(Object.fromEntries(
            [...new URLSearchParams(location.search)].sort()));
        const h1 = one('[data-testid="stMain"] h1');
        const head = one('[data-testid="stMain"] .as-of');
        if (location.pathname.replace(/\\/$/, '') !== expect.path) return 'the path';
        if (expect.query !== null && query !== expect.query) return 'the query';
        if (!h1 || h1.innerText.trim() !== expect.title) return 'the title';
        if (expect.head !== null && (!head || head.innerText.trim() !== expect.head)) {
            return 'the head';
        }
        const still = performance.now() - bench.last;
        return still < quiet ? `quiet (${Math.round(still)} ms)` : null;
    })();
    bench.waiting = waiting;
    return !waiting && {last: bench.last, input: bench.input, ran: bench.ran, top: bench.top};
}"""
_SHOWN = """() => ({
    waiting: window.__bench?.waiting,
    state: document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState,
    path: location.pathname, query: Object.fromEntries(new URLSearchParams(location.search)),
    title: document.querySelector('[data-testid="stMain"] h1')?.innerText.trim(),
    head: document.querySelector('[data-testid="stMain"] .as-of')?.innerText.trim(),
})"""


class NotDrawn(RuntimeError):
    """The page showed an error, or was not drawn as expected in time; shown: what it showed."""

    def __init__(self, reason: str, shown: dict | None = None) -> None:
        super().__init__(reason)
        self.shown = shown or {}


@dataclasses.dataclass(frozen=True)
class Expect:
    """What a drawn page shows: path ('' at the root), exact URL query (None: any), title and
    head (None: none checked)."""

    path: str
    title: str
    query: dict[str, str] | None = None
    head: str | None = None


@dataclasses.dataclass(frozen=True)
class Params:
    """A session's URL parameters: language and filters, as the URL and the page head show
    them."""

    lang: str
    as_of: dt.date
    province: str | None = None
    county: int | None = None

    def query(self) -> dict[str, str]:
        """The URL query the app writes for these parameters."""
        query = {"lang": self.lang, "as_of": self.as_of.isoformat()}
        if self.province:
            query["province"] = self.province
        if self.county is not None:
            query["county"] = str(self.county)
        return query

    def head(self, universe: Universe) -> str:
        """The page head for these parameters: area and as-of date (frame.page_head.show)."""
        as_of = i18n.t("filters.as_of", self.lang, date=calendar.format_date(self.as_of, self.lang))
        return i18n.joined((area_name(self, universe, self.lang), as_of), self.lang)

    def expect(self, page: str, universe: Universe) -> Expect:
        """What page shows for these parameters."""
        path = "" if page == "overview" else f"/{page}"
        title = i18n.t(TITLES[page], self.lang)
        return Expect(path, title, self.query(), self.head(universe))


def area_name(params: Params, universe: Universe, lang: str) -> str:
    """The area of params in lang, as the page names it."""
    if params.province is None:
        return i18n.t("filters.country", lang)
    if params.county is None:
        areas, code = universe.provinces, params.province
    else:
        areas, code = universe.counties[params.province], str(params.county)
    return next(getattr(a, f"name_{lang}") for a in areas if a.code == code)


async def watched(browser, base: str, cookies: list[dict]) -> Any:
    """A new browser context (a new session) holding cookies, its pages watched (WATCH)."""
    context = await browser.new_context(viewport={"width": 1280, "height": SCREEN_PX})
    await context.add_cookies(cookies)
    await context.add_init_script(WATCH.replace("SCREEN_PX", str(SCREEN_PX)))
    return context


@dataclasses.dataclass(frozen=True)
class Drawn:
    """seconds: to the drawn page's last mutation; ran_s: to the end of the app's last run as
    the browser saw it (the rest is drawing in the browser); first_s: to the last mutation on
    the first screen (what a 1280 x 720 window shows without scrolling)."""

    seconds: float
    ran_s: float
    first_s: float


async def drawn(
    tab, expect: Expect, since_input: bool, quiet_ms: int = QUIET_MS, timeout_ms: int = TIMEOUT_MS
) -> Drawn:
    """Times from the navigation's start (since_input: from the last input) to the drawn page;
    NotDrawn on an error or a timeout."""
    arg = {
        "quiet": quiet_ms,
        "expect": {**dataclasses.asdict(expect), "query": _as_json(expect.query)},
    }
    try:
        handle = await tab.wait_for_function(_DRAWN, arg=arg, polling=100, timeout=timeout_ms)
    except Exception as error:  # Playwright's TimeoutError, or the page went away
        shown = {"expected": expect.query, **await shown_by(tab)}
        raise NotDrawn(f"not drawn in {timeout_ms / 1000:.0f} s", shown) from error
    result = await handle.json_value()
    if "error" in result:
        raise NotDrawn(result["error"], await shown_by(tab))
    start = result["input"] if since_input else 0.0
    if start is None:
        raise NotDrawn("no input was seen")
    ran = max(result["ran"] or start, start)
    top = max(result["top"] or start, start)
    return Drawn((result["last"] - start) / 1000, (ran - start) / 1000, (top - start) / 1000)


def _as_json(query: dict[str, str] | None) -> str | None:
    """The query as the page's check writes it (sorted pairs, JSON)."""
    if query is None:
        return None
    return json.dumps(dict(sorted(query.items())), separators=(",", ":"), ensure_ascii=False)


async def forget_input(tab) -> None:
    """Forget the tab's last input, before an act (drawn then times from the act's own)."""
    with contextlib.suppress(Exception):  # a page on its way out: its input goes with it
        await tab.evaluate("() => { if (window.__bench) window.__bench.input = null; }")


async def shown_by(tab) -> dict:
    """What the tab shows now (run state, path, query, title, head); empty if it cannot say."""
    try:
        return await tab.evaluate(_SHOWN)
    except Exception:  # a closed or crashed page
        return {}


async def open_page(tab, base: str, page: str, query: dict[str, str]) -> None:
    """Open page of the server at base by its address, with query."""
    path = "" if page in ("overview", "floor") else page
    await tab.goto(f"{base}/{path}?{urlencode(query)}", wait_until="commit")


async def go(tab, page: str, lang: str) -> None:
    """Click page in the sidebar's menu (its title in lang)."""
    menu = tab.locator('[data-testid="stSidebarNav"]')
    await menu.get_by_text(i18n.t(f"nav.{page}", lang), exact=True).click()


async def pick(tab, label: str, option: str) -> None:
    """Choose option in the sidebar's selectbox labelled label: typed in, then clicked."""
    box = tab.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label, exact=True)
    await box.click()
    await box.fill(option)
    await tab.get_by_role("option", name=option, exact=True).click()


async def step_as_of(tab, lang: str, key: str = "ArrowLeft") -> None:
    """Move the sidebar's as-of slider one day (ArrowLeft: back, ArrowRight: forward)."""
    label = i18n.t("sidebar.as_of", lang)
    thumb = tab.locator('[data-testid="stSidebar"]').get_by_role("slider", name=label)
    await thumb.focus()
    await thumb.press(key)


async def switch_language(tab, to: str) -> None:
    """Click the language switch's button for to ('fa' or 'en')."""
    name = {"fa": "فارسی", "en": "English"}[to]
    await tab.locator('[data-testid="stSidebar"]').get_by_text(name, exact=True).click()


async def rerun(tab) -> None:
    """Run the page again (Streamlit's R key)."""
    await tab.locator("body").press("r")
