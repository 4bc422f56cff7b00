"""A room full of sessions: the `make bench` load run.

    python -m bench.room [--db URL] [--sessions 30] [--minutes 3] [--after 150]
                         [--launch serve|streamlit]

One fresh server on 127.0.0.1 (started as bench.browse starts it) and one headless Chromium
with a browser context per session, each signed in on its own (as a person who signed in
earlier). Session i has its own view: a province of its own (the i-th with data), the as-of
date 2i days before the last, Persian or English in turn; it opens its own page first (by
address). Then rounds, all in the session: every page of the menu in turn, then its province's
capital county picked, the as-of date one day back, the other language, and back again the
same way, so that a round ends where it began and the next repeats views the server has
served. After every step the page must be drawn (bench.drawn) with the session's own view in
its URL and head: a session that shows another session's province or date saw another's view,
one that shows anything else lost its own; error boxes, lost connections and timeouts count
as errors too (and the session opens its own view again by address).

The first round (every session's, a barrier at its end) is reported apart from the repeat
rounds that follow until --minutes have passed since the start (at least one round; a hard
cap of --minutes plus 15 stops everything); a page not drawn in 300 s is an error. CPU
seconds come from /proc: the server's process tree, and the browser's (Chromium and
Playwright's driver) apart; per page view = CPU seconds of the part / the pages drawn in it.
Server memory: resident at idle, its peak (sampled each second, and VmHWM), and --after
seconds after the sessions closed (Streamlit keeps a disconnected session for
server.disconnectedSessionTTL, 120 s).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import functools
import json
import statistics
import time
from collections.abc import Awaitable, Callable

from bench import drawn, procs
from bench.browse import (
    CONFIGS,
    DEFAULT_LAUNCH,
    LAUNCH,
    PASSWORD,
    USER,
    capital,
    universe_of,
)
from bench.drawn import NotDrawn, Params
from dashboard import i18n
from dashboard.filters import Universe
from frame.pages import DATA_PAGES
from harness.browser import ARGS, CHROMIUM, ROOT, Server, cookie, session_token, streamlit_process

CAP_S = 900  # the hard cap beyond --minutes
STEP_MS = 300_000  # a page not drawn by then is an error (30 sessions share 2 cores)
TARGET_CPU_S = 0.15  # server CPU seconds per warm page view
TARGET_MB = 2048
OTHER = {"fa": "en", "en": "fa"}
PARTS = {"first": ("start", "barrier"), "repeat": ("barrier", "end")}  # between CPU readings


@dataclasses.dataclass(frozen=True)
class Person:
    """One session's own view, the county it picks and its first page."""

    params: Params
    county: int
    page: str
    token: str


@dataclasses.dataclass
class Tally:
    """What the sessions saw: (part, seconds) of drawn pages, and errors by kind."""

    drawn: list[tuple[str, float]] = dataclasses.field(default_factory=list)
    errors: dict[str, int] = dataclasses.field(default_factory=dict)
    examples: list[str] = dataclasses.field(default_factory=list)

    def error(self, kind: str, text: str) -> None:
        """Count an error of kind; keep the first two of each kind as examples."""
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if self.errors[kind] <= 2:
            said = " ".join(text.replace(f"{ROOT}/", "").split())  # paths from the repository
            self.examples.append(said[:300] if said.startswith(kind) else f"{kind}: {said[:300]}")


def people(universe: Universe, url: str, sessions: int) -> list[Person]:
    """The sessions' own views, each signed in on its own."""
    provinces = [a.code for a in universe.provinces]
    days = universe.days
    out = []
    for i in range(sessions):
        province = provinces[i % len(provinces)]
        as_of = days[-1 - (2 * i) % (len(days) - 2)]  # one day back stays inside the data
        params = Params(("fa", "en")[i % 2], as_of, province)
        token = session_token(url, USER, PASSWORD)
        out.append(
            Person(params, capital(universe, province), DATA_PAGES[i % len(DATA_PAGES)], token)
        )
    return out


@dataclasses.dataclass(frozen=True)
class Step:
    """Something a person does, and the page and view it must lead to; by_address: a page
    opened by its address (timed from the navigation's start, else from the input)."""

    page: str
    params: Params
    act: Callable[[], Awaitable[None]]
    by_address: bool = False


def _round(tab, person: Person, universe: Universe) -> list[Step]:
    """One round from the person's own page and view, back to them."""
    start = person.params
    picked = dataclasses.replace(start, county=person.county)
    back = dataclasses.replace(picked, as_of=start.as_of - dt.timedelta(days=1))
    other = dataclasses.replace(back, lang=OTHER[start.lang])
    first = DATA_PAGES.index(person.page)
    pages = [DATA_PAGES[(first + k) % len(DATA_PAGES)] for k in range(1, len(DATA_PAGES) + 1)]
    county = drawn.area_name(picked, universe, start.lang)
    all_counties = i18n.t("sidebar.all_counties", start.lang)
    label = i18n.t("sidebar.county", start.lang)
    here, act = person.page, functools.partial
    return [
        *[Step(p, start, act(drawn.go, tab, p, start.lang)) for p in pages],
        Step(here, picked, act(drawn.pick, tab, label, county)),
        Step(here, back, act(drawn.step_as_of, tab, start.lang, "ArrowLeft")),
        Step(here, other, act(drawn.switch_language, tab, other.lang)),
        Step(here, back, act(drawn.switch_language, tab, start.lang)),
        Step(here, picked, act(drawn.step_as_of, tab, start.lang, "ArrowRight")),
        Step(here, start, act(drawn.pick, tab, label, all_counties)),
    ]


class Room:
    """The sessions of one run, what they saw and the server's readings."""

    def __init__(self, server: Server, universe: Universe, everyone: list[Person],
                 deadline: float) -> None:  # fmt: skip
        self.base, self.server, self.universe = server.base, server.pid, universe
        self.everyone, self.deadline = everyone, deadline
        self.tally = Tally()
        self.barrier = asyncio.Barrier(len(everyone))
        self.marks: dict[str, tuple[float, float]] = {"start": self.cpu()}
        self.idle_mb = procs.rss_mb(procs.tree(self.server))
        self.peak_mb = self.idle_mb

    def cpu(self) -> tuple[float, float]:
        """(server, browser) CPU seconds so far."""
        return (
            procs.cpu_seconds(procs.tree(self.server)),
            procs.cpu_seconds(procs.browser_pids(self.server)),
        )

    async def session(self, browser, person: Person) -> None:
        """One person's session: the first round, the barrier, repeat rounds to the deadline
        (at least one)."""
        context = await drawn.watched(browser, self.base, cookie(self.base, person.token))
        context.set_default_timeout(STEP_MS)
        try:
            tab = await context.new_page()
            await self._round(tab, person, "first", opened=False)
            if await self.barrier.wait() == 0:
                self.marks["barrier"] = self.cpu()
            repeat = True
            while repeat:
                await self._round(tab, person, "repeat", opened=True)
                repeat = time.monotonic() < self.deadline
        finally:
            await context.close()

    async def _round(self, tab, person: Person, part: str, opened: bool) -> None:
        """A round; opened: the session is at its own page and view (else it opens them). After
        an error the session opens its own page and view again, and the round ends."""
        if not opened and not await self._step(tab, person, part, self._open(tab, person)):
            return
        for step in _round(tab, person, self.universe):
            if not await self._step(tab, person, part, step):
                await self._step(tab, person, part, self._open(tab, person))
                return

    def _open(self, tab, person: Person) -> Step:
        act = functools.partial(drawn.open_page, tab, self.base, person.page, person.params.query())
        return Step(person.page, person.params, act, by_address=True)

    async def _step(self, tab, person: Person, part: str, step: Step) -> bool:
        """Do one step and check its page: whether it was drawn as the session's own."""
        try:
            await drawn.forget_input(tab)
            await step.act()
            expect = step.params.expect(step.page, self.universe)
            done = await drawn.drawn(tab, expect, not step.by_address, timeout_ms=STEP_MS)
        except NotDrawn as error:
            self.tally.error(self._kind(person, step.params, error), f"{error} {error.shown}")
            return False
        except Exception as error:  # an action that could not be done (Playwright's timeout)
            self.tally.error("action", str(error).splitlines()[0])
            return False
        self.tally.drawn.append((part, done.seconds))
        return True

    def _kind(self, person: Person, params: Params, error: NotDrawn) -> str:
        """exception, connection, another's view, lost its own or timeout."""
        reason = str(error)
        if not reason.startswith("not drawn"):
            return reason.split(":")[0]
        shown = error.shown.get("query") or {}
        theirs = {
            (p.params.as_of - dt.timedelta(days=back)).isoformat()
            for p in self.everyone
            for back in (0, 1)
            if p != person
        }
        if shown.get("as_of") in theirs or (shown.get("province") not in (None, params.province)):
            return "another's view"
        own = shown == params.query() and error.shown.get("head") == params.head(self.universe)
        if error.shown.get("state") == "notRunning" and not own:
            return "lost its own"
        return "timeout"

    async def sample_memory(self) -> None:
        """Keep the server tree's peak resident memory, sampled each second."""
        while True:
            self.peak_mb = max(self.peak_mb, procs.rss_mb(procs.tree(self.server)))
            await asyncio.sleep(1)


async def run(
    url: str, sessions: int, minutes: float, after_s: float, launch: str = DEFAULT_LAUNCH
) -> dict:
    """One room on a new server: the figures of bench/results.md's room section."""
    from playwright.async_api import async_playwright

    universe = universe_of(url)
    everyone = people(universe, url, sessions)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            with streamlit_process(url, launch=LAUNCH[launch]) as server:
                room = Room(server, universe, everyone, time.monotonic() + 60 * minutes)
                sampler = asyncio.create_task(room.sample_memory())
                started = time.monotonic()
                try:
                    await _all_sessions(room, browser, 60 * minutes + CAP_S)
                    elapsed = time.monotonic() - started
                    after = await _after(server.pid, after_s)
                finally:
                    sampler.cancel()
                peak = max(room.peak_mb, procs.peak_mb(server.pid))
        finally:
            await browser.close()
    return _figures(room, sessions, elapsed, peak, after, after_s)


async def _all_sessions(room: Room, browser, cap_s: float) -> None:
    """Every session to its end, or to the hard cap (an error)."""
    try:
        async with asyncio.timeout(cap_s):
            await asyncio.gather(*(room.session(browser, x) for x in room.everyone))
    except TimeoutError:
        room.tally.error("hard cap", f"stopped after {cap_s:.0f} s")
    room.marks["end"] = room.cpu()


async def _after(pid: int, after_s: float) -> dict[str, float]:
    """The server's resident memory 5 s and after_s after the sessions closed."""
    out = {}
    for wait, at in ((5, "5"), (max(after_s - 5, 0), "after")):
        await asyncio.sleep(wait)
        out[at] = procs.rss_mb(procs.tree(pid))
    return out


def _figures(room: Room, sessions: int, elapsed: float, peak: float, after: dict,
             after_s: float) -> dict:  # fmt: skip
    """The room's figures per part (first round, repeat rounds) and overall."""
    out: dict = {"sessions": sessions, "seconds": round(elapsed), "errors": room.tally.errors,
                 "examples": room.tally.examples, "idle_mb": round(room.idle_mb),
                 "peak_mb": round(peak), "after_5s_mb": round(after["5"]),
                 "after_mb": round(after["after"]), "after_s": after_s}  # fmt: skip
    for part, (since, until) in PARTS.items():
        if since in room.marks and until in room.marks:
            (s0, b0), (s1, b1) = room.marks[since], room.marks[until]
            out[part] = _part([t for p, t in room.tally.drawn if p == part], s1 - s0, b1 - b0)
    out["all"] = _quantiles([s for _, s in room.tally.drawn])
    return out


def _part(times: list[float], server: float, browser: float) -> dict:
    """A part's pages drawn, their p50 and p95, and CPU seconds (per page view)."""
    views = len(times) or None
    return {
        "views": len(times),
        **_quantiles(times),
        "server_cpu_s": round(server, 1),
        "browser_cpu_s": round(browser, 1),
        "server_per_view_s": views and server / views,
        "browser_per_view_s": views and browser / views,
        "server_share": server / (server + browser) if server + browser else None,
    }


def _quantiles(times: list[float]) -> dict:
    if len(times) < 2:
        return {"p50_s": times[0] if times else None, "p95_s": times[0] if times else None}
    return {"p50_s": statistics.median(times), "p95_s": statistics.quantiles(times, n=20)[18]}


def markdown(r: dict, where: str) -> list[str]:
    """The room section of bench/results.md; where: the database and the server's command."""
    first, repeat = r.get("first", {}), r.get("repeat", {})
    errors = sum(r["errors"].values())
    crossed = r["errors"].get("another's view", 0) + r["errors"].get("lost its own", 0)
    warm_cpu = repeat.get("server_per_view_s")
    grew, kept = r["peak_mb"] - r["idle_mb"], r["after_mb"] - r["idle_mb"]
    released = kept <= grew / 2
    lines = [
        f"{r['sessions']} sessions at once for {r['seconds']} s on a new server ({where}), "
        "each a browser context of one headless Chromium with its own province, as-of date and "
        "language, going through every page and changing county, date and language and back "
        "(bench/room.py); after every step its URL and page head must show its own view. "
        "first: every session's first round; repeat: the rounds after it (views the server has "
        "served). CPU from /proc: the server's process apart from Chromium's.",
        "",
        "| measure | first round | repeat rounds | target | verdict |",
        "|---|---|---|---|---|",
        f"| pages drawn | {first.get('views', '')} | {repeat.get('views', '')} | | |",
        f"| time to a drawn page, p50 / p95 s | {_pair(first)} | {_pair(repeat)} | | |",
        f"| server CPU s per page view | {_num(first.get('server_per_view_s'))} | "
        f"{_num(warm_cpu)} | repeat under {TARGET_CPU_S} | "
        f"{_met(warm_cpu is not None and warm_cpu < TARGET_CPU_S)} |",
        f"| browser CPU s per page view | {_num(first.get('browser_per_view_s'))} | "
        f"{_num(repeat.get('browser_per_view_s'))} | | |",
        f"| server's share of the CPU | {_share(first)} | {_share(repeat)} | | |",
        f"| errors, whole run (steps) | {errors} | | none | {_met(errors == 0)} "
        f"{'; '.join(f'{k}: {n}' for k, n in r['errors'].items())} |",
        f"| steps that showed another session's view or lost their own | {crossed} | | none | "
        f"{_met(crossed == 0)} |",
        f"| server memory MB: idle / peak / 5 s after / {r['after_s']:.0f} s after | "
        f"{r['idle_mb']} / {r['peak_mb']} / {r['after_5s_mb']} / {r['after_mb']} | | "
        f"peak under {TARGET_MB}; released: half the growth given back | "
        f"{_met(r['peak_mb'] < TARGET_MB and released)}"
        f"{'' if released else f' (kept {kept} of {grew} MB)'} |",
    ]
    return lines + [f"- {e}" for e in r["examples"]]


def _pair(part: dict) -> str:
    if part.get("p50_s") is None:
        return ""
    return f"{part['p50_s']:.2f} / {part['p95_s']:.2f}"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _share(part: dict) -> str:
    return "" if part.get("server_share") is None else f"{100 * part['server_share']:.0f}%"


def _met(ok: bool) -> str:
    return "met" if ok else "missed"


def described(database: str, launch: str) -> str:
    """The room's database and the command that started its server, in words."""
    return f"{database}, `python -m {' '.join(LAUNCH[launch])}`"


def main() -> None:
    """Run one room and print its figures as a JSON line, then as the results' table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=CONFIGS["sample"].url, help="default: data/kalabarg.db")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=3, help="from start to the last round")
    parser.add_argument("--after", type=float, default=150, help="seconds, for memory after")
    parser.add_argument("--launch", choices=list(LAUNCH), default=DEFAULT_LAUNCH)
    args = parser.parse_args()
    figures = asyncio.run(run(args.db, args.sessions, args.minutes, args.after, args.launch))
    print(json.dumps(figures, ensure_ascii=False))
    print("\n".join(markdown(figures, described(args.db.rpartition("/")[2], args.launch))))


if __name__ == "__main__":
    main()
