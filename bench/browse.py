"""Page timings in headless Chromium against `streamlit run`: the `make bench` browser rows.

    python -m bench.browse [--configs sample tehran] [--pages overview stores] [--repeat 3]
                           [--launch serve|streamlit] [--cores pinned shared]

The app's server is started as `make run` starts it: `python -m frame.serve` (`streamlit run
app.py` with the caches warmed in the background as it starts), or plain `streamlit run
app.py` with --launch streamlit (or where frame.serve does not exist).

Configurations: `sample` nationally (data/kalabarg.db, no province) and `tehran`
(data/bench/tehran.db, province IR-23), signed in as the national viewer (a session opened
through the app's own sign-in, as bench.sessions does). For each page and run, on a new server
process of its own:

- cold: the first view after the server started (a new session, as soon as it is healthy);
- first: the first visit of a new session (a new browser context) on that warm server;
- warm: the same page again in that session, away to another page of the menu and back;
- province (nationally only: Tehran), county (the province's capital county), as_of (one day
  back on the slider) and language (Persian to English): filter changes one after another.

The floor is an empty Streamlit page (bench/floor.py) served by `streamlit run` the same way:
cold, first, and warm as a rerun (the R key), which is also the floor of the filter changes.
"Drawn" and how the time is taken: bench.drawn. Medians of the runs; a scenario that met an
error in any run says so instead of a time. Nothing here asserts anything about time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime as dt
import functools
import importlib.util
import json
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from bench import drawn, timed_serve
from bench.drawn import Expect, Params
from dashboard import calendar, db, i18n, setup
from dashboard.filters import Universe
from frame.pages import DATA_PAGES
from harness.browser import (
    ARGS,
    ROOT,
    STREAMLIT_RUN,
    Server,
    cookie,
    cores,
    session_token,
    streamlit_process,
)
from queries import accounts, meta

CHANGE = {"seconds": 1.0, "ran_s": 0.3}  # a filter change: drawn, and the server's run over
TARGETS = {"cold": {"seconds": 3.0}, "first": {"first_s": 1.5, "seconds": 2.5},
           "warm": {"seconds": 0.5}, "province": CHANGE, "county": CHANGE, "as_of": CHANGE,
           "language": CHANGE}  # fmt: skip
FLOOR_OF = {"cold": "cold", "first": "first"}  # the floor's scenario for each; else warm
FLOOR_PAGE = Expect("", "floor")
FLOOR = ("streamlit", "run", "bench/floor.py")  # the empty page
TIMED = ("bench.timed_serve",)  # `make run`'s server, each script run's time written down
LAUNCH = {"serve": TIMED, "streamlit": STREAMLIT_RUN}  # how the app's server is started:
# as `make run` starts it (frame.serve: caches warmed as the server starts) where it can, its
# script runs timed (bench.timed_serve)
DEFAULT_LAUNCH = "serve" if importlib.util.find_spec("frame.serve") else "streamlit"
USER, PASSWORD = "national.viewer", "demo-national-1405"
TIMEOUT_MS = 60_000  # a page not drawn by then is an error


@dataclasses.dataclass(frozen=True)
class Config:
    """A database and the province its views open at (None: nationally)."""

    name: str
    url: str
    province: str | None


CONFIGS = {
    "sample": Config("sample", f"sqlite:///{ROOT / 'data' / 'kalabarg.db'}", None),
    "tehran": Config("tehran", f"sqlite:///{ROOT / 'data' / 'bench' / 'tehran.db'}", "IR-23"),
}


def universe_of(url: str) -> Universe:
    """The database's universe, once its tables are up to date (`dashboard db init`) and it
    has the sample's demo accounts if it had no users."""
    engine = db.make_engine(url)
    setup.init(engine)
    accounts.add_demo_accounts(engine, calendar.now())
    with engine.connect() as conn:
        universe = meta.universe(conn)
    engine.dispose()
    return universe


def capital(universe: Universe, province: str) -> int:
    """The county named like its province (its capital, usually its largest), else the first."""
    counties = universe.counties[province]
    name = next(a.name_en for a in universe.provinces if a.code == province)
    return int(next((a for a in counties if a.name_en == name), counties[0]).code)


Outcome = dict | str  # seconds, ran_s, first_s and kb of a drawn page, or what went wrong


@dataclasses.dataclass(frozen=True)
class Step:
    """An act in a session and the page it must lead to; name None: done, checked, not timed.
    by_address: timed from the navigation's start, else from the act's input."""

    name: str | None
    act: Callable[[], Awaitable[None]]
    expect: Expect
    by_address: bool = False


class Session:
    """A tab of a new browser context (a new Streamlit session), counting the bytes its
    websocket receives (Streamlit's messages: the page's elements and figures); run_log: its
    server's script runs (bench.timed_serve)."""

    def __init__(self, tab, run_log: Path) -> None:
        self.tab, self.received, self.run_log = tab, 0, run_log
        tab.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        self.received += len(payload)

    async def run(self, steps: list[Step]) -> dict[str, Outcome]:
        """Do steps in turn; at an error (a page not drawn, an act that could not be done) the
        next timed step says what it was and the rest say they were not done."""
        out: dict[str, Outcome] = {}
        for i, step in enumerate(steps):
            try:
                timed = await self._do(step)
            except Exception as error:  # NotDrawn, or Playwright's error for an act
                failed, *rest = [s.name for s in steps[i:] if s.name] or [""]
                said = f"{type(error).__name__}: {error} {getattr(error, 'shown', '')}"
                out[failed] = said.replace(f"{ROOT}/", "")  # paths from the repository
                out |= dict.fromkeys(rest, f"not run: {failed} failed")
                break
            if step.name:
                out[step.name] = timed
        return out

    async def _do(self, step: Step) -> dict:
        self.received = 0
        await drawn.forget_input(self.tab)
        since = time.time()
        await step.act()
        done = await drawn.drawn(self.tab, step.expect, not step.by_address, timeout_ms=TIMEOUT_MS)
        return {
            "seconds": done.seconds,
            "ran_s": done.ran_s,
            "first_s": done.first_s,
            "server_s": timed_serve.seconds_since(self.run_log, since),
            "kb": self.received / 1024,
        }


@contextlib.asynccontextmanager
async def session(browser, server: Server, cookies: list[dict]) -> AsyncIterator[Session]:
    """A Session on server, closed afterwards."""
    context = await drawn.watched(browser, server.base, cookies)
    try:
        yield Session(await context.new_page(), server.run_log)
    finally:
        await context.close()


async def _page_run(
    browser, config: Config, universe: Universe, page: str, launch: str
) -> dict[str, Outcome]:
    """Every scenario of page once, on a new server."""
    params = Params("fa", universe.last_day, config.province)
    token = session_token(config.url, USER, PASSWORD)
    with streamlit_process(config.url, launch=LAUNCH[launch]) as server:
        cookies = cookie(server.base, token)
        async with session(browser, server, cookies) as cold:
            out = await cold.run([_opening("cold", cold.tab, server.base, page, params, universe)])
        async with session(browser, server, cookies) as fresh:
            national = config.province is None
            out |= await fresh.run(_steps(fresh.tab, server.base, page, params, universe, national))
    return out


def _opening(name: str, tab, base: str, page: str, params: Params, universe: Universe) -> Step:
    """Open page with view by its address."""
    act = functools.partial(drawn.open_page, tab, base, page, params.query())
    return Step(name, act, params.expect(page, universe), by_address=True)


def _steps(
    tab, base: str, page: str, params: Params, universe: Universe, national: bool
) -> list[Step]:
    """The scenarios after cold, in the order they are done in one session."""
    away = "overview" if page == "tasks" else "tasks"
    lang = params.lang
    picked = dataclasses.replace(params, province="IR-23")
    county = dataclasses.replace(picked if national else params, county=capital(universe, "IR-23"))
    day_back = dataclasses.replace(county, as_of=params.as_of - dt.timedelta(days=1))
    english = dataclasses.replace(day_back, lang="en")
    label = {k: i18n.t(f"sidebar.{k}", lang) for k in ("province", "county")}

    def pick(key: str, to: Params) -> Callable[[], Awaitable[None]]:
        return functools.partial(drawn.pick, tab, label[key], drawn.area_name(to, universe, lang))

    steps = [
        _opening("first", tab, base, page, params, universe),
        Step(None, functools.partial(drawn.go, tab, away, lang), params.expect(away, universe)),
        Step("warm", functools.partial(drawn.go, tab, page, lang), params.expect(page, universe)),
    ]
    if national:
        steps.append(Step("province", pick("province", picked), picked.expect(page, universe)))
    back = functools.partial(drawn.step_as_of, tab, lang)
    switch = functools.partial(drawn.switch_language, tab, "en")
    return steps + [
        Step("county", pick("county", county), county.expect(page, universe)),
        Step("as_of", back, day_back.expect(page, universe)),
        Step("language", switch, english.expect(page, universe)),
    ]


async def _floor_run(browser) -> dict[str, Outcome]:
    """The floor's scenarios once, on a new server."""
    with streamlit_process(CONFIGS["sample"].url, launch=FLOOR) as server:
        out: dict[str, Outcome] = {}
        for name in ("cold", "first"):
            async with session(browser, server, []) as fresh:
                opened = functools.partial(drawn.open_page, fresh.tab, server.base, "floor", {})
                steps = [Step(name, opened, FLOOR_PAGE, by_address=True)]
                if name == "first":
                    steps.append(
                        Step("warm", functools.partial(drawn.rerun, fresh.tab), FLOOR_PAGE)
                    )
                out |= await fresh.run(steps)
    return out


async def measure(
    configs: list[str],
    pages: list[str],
    repeat: int,
    launch: str = DEFAULT_LAUNCH,
    pinned: bool = False,
) -> list[dict]:
    """The rows: one per configuration, page and scenario (and the floor's), each with every
    run's times and received KB, or their errors. pinned: the server and Chromium on a core
    each (harness.browser.cores), else sharing both."""
    with cores(pinned) as chromium:
        rows = await _measure(configs, pages, repeat, launch, chromium)
    return [{**row, "cores": "pinned" if pinned else "shared"} for row in rows]


async def _measure(
    configs: list[str], pages: list[str], repeat: int, launch: str, chromium: str
) -> list[dict]:
    from playwright.async_api import async_playwright

    samples: dict[tuple[str, str, str], list[Outcome]] = {}

    def note(config: str, page: str, outcomes: dict[str, Outcome]) -> None:
        for scenario, outcome in outcomes.items():
            samples.setdefault((config, page, scenario), []).append(outcome)
        print(config, page, json.dumps(outcomes, ensure_ascii=False), flush=True)

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            for _ in range(repeat):
                note("floor", "empty page", await _floor_run(browser))
            for name in configs:
                universe = universe_of(CONFIGS[name].url)
                for page in pages:
                    for _ in range(repeat):
                        outcomes = await _page_run(browser, CONFIGS[name], universe, page, launch)
                        note(name, page, outcomes)
        finally:
            await browser.close()
    return [_row(*key, outcomes) for key, outcomes in samples.items()]


def _row(config: str, page: str, scenario: str, outcomes: list[Outcome]) -> dict:
    """A row of the runs of one scenario: medians, or None if any run met an error."""
    errors = [o for o in outcomes if isinstance(o, str)]
    done = [o for o in outcomes if not isinstance(o, str)]
    row = {"config": config, "page": page, "scenario": scenario, "errors": errors,
           "seconds": [o["seconds"] for o in done]}  # fmt: skip
    for key in ("seconds", "ran_s", "first_s", "server_s", "kb"):
        values = [o[key] for o in done]
        row[f"median_{key}"] = None if errors or None in values else statistics.median(values)
    return row


def markdown(rows: list[dict], launch: str = DEFAULT_LAUNCH) -> list[str]:
    """The browser section of bench/results.md; launch: how the servers were started."""
    floor = {
        (r["cores"], r["scenario"]): r["median_seconds"] for r in rows if r["config"] == "floor"
    }
    lines = [
        "Headless Chromium (Playwright) against `streamlit run`, from the navigation's start "
        "(or the click or key) to the last change of a fully drawn page (bench/drawn.py: run "
        "over, nothing loading, charts and the map's iframe drawn, then 1 s without a change), "
        "in a 1280 x 720 window. cold: the first view after a server start; first: a new "
        "session on that server; warm: the page again in the session (away and back); then a "
        "province pick (nationally), a county pick, the as-of date one day back and Persian to "
        "English, in turn. Median of the runs, each page on a new server "
        f"(`python -m {' '.join(LAUNCH[launch])}`); the floor is an empty Streamlit page. "
        "cores: pinned = the server (and the driver) on one core and Chromium on the other, as "
        "a user's own computer and the server would be (the verdict's figure); shared = both "
        "on both cores. first screen: when what the window shows without scrolling last "
        "changed. run over: when the browser saw the app's last run end (drawing what came "
        "before delays it). server: the seconds the server's script runs took from the act on "
        "(bench.timed_serve; none for the floor); the rest is the browser's. KB: received over "
        "the websocket.",
        "",
        "Targets (issue 27): cold under 3 s; first: the first screen under 1.5 s and the whole "
        "page under 2.5 s; warm under 0.5 s; a filter change under 1 s drawn with the run over "
        "under 0.3 s.",
        "",
        "| cores | config | page | scenario | median s | first screen s | run over s | server s "
        "| KB | runs s | x floor | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(rows, key=lambda r: r["cores"] != "pinned"):
        head = f"| {r['cores']} | {r['config']} | {r['page']} | {r['scenario']} | {_cells(r)} |"
        if r["config"] == "floor":
            lines.append(f"{head} | |")
            continue
        base = floor.get((r["cores"], FLOOR_OF.get(r["scenario"], "warm")))
        ratio = f"{r['median_seconds'] / base:.1f}" if base and not r["errors"] else ""
        lines.append(f"{head} {ratio} | {_verdict(r)} |")
    return lines


def _cells(row: dict) -> str:
    """median s, first screen s, run over s, server s, KB and runs s."""
    runs = " ".join(f"{s:.2f}" for s in row["seconds"])
    if row["errors"]:
        return f"error | | | | | {runs}"
    server = "" if row["median_server_s"] is None else f"{row['median_server_s']:.2f}"
    return (
        f"{row['median_seconds']:.2f} | {row['median_first_s']:.2f} | "
        f"{row['median_ran_s']:.2f} | {server} | {row['median_kb']:.0f} | {runs}"
    )


def missed(row: dict) -> list[str]:
    """The targets a row's medians miss (TARGETS; issue 27)."""
    scenario, limits = row["scenario"], TARGETS[row["scenario"]]
    figures = {"seconds": row["median_seconds"], "first_s": row["median_first_s"],
               "ran_s": row["median_ran_s"]}  # fmt: skip
    return [f"{scenario} {name}" for name, limit in limits.items() if figures[name] >= limit]


def _verdict(row: dict) -> str:
    if row["errors"]:
        runs = len(row["errors"]) + len(row["seconds"])
        first = " ".join(row["errors"][0].replace("|", "/").split())[:200]
        return f"error in {len(row['errors'])} of {runs}: {first}"
    failed = missed(row)
    return "met" if not failed else "missed: " + ", ".join(failed)


def main() -> None:
    """Measure and print the rows as JSON lines, then as the results' table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--pages", nargs="+", default=list(DATA_PAGES), choices=DATA_PAGES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--launch", choices=list(LAUNCH), default=DEFAULT_LAUNCH)
    parser.add_argument(
        "--cores", nargs="+", choices=["pinned", "shared"], default=["pinned", "shared"],
        help="pinned: the server on one core and Chromium on the other; shared: both on both",
    )  # fmt: skip
    args = parser.parse_args()
    rows = [
        row
        for cores in args.cores
        for row in asyncio.run(
            measure(args.configs, args.pages, args.repeat, args.launch, cores == "pinned")
        )
    ]
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))
    print("\n".join(markdown(rows, args.launch)))


if __name__ == "__main__":
    main()
