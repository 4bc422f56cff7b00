"""`make bench`: build (or reuse) the presets on SQLite and PostgreSQL, time every page cold and
warm against an empty page (and nationally on the sample), measure memory and the map's size,
the seeding and an import, time the pages in a real browser and run a room full of sessions;
write bench/results.md.

    python -m bench.run [--parts seed server imports browser room]
                        [--presets lorestan tehran] [--databases sqlite postgresql]

Databases live in data/bench/ (git-ignored) and are reused when present: delete them to
measure seeding again. Each part rewrites its own sections of bench/results.md (dated, with
the machine) and leaves the others as they were. Nothing here asserts anything about time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import browse, import_speed, room
from bench.databases import url_of
from frame.pages import DATA_PAGES, script

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "data" / "bench"
PROVINCE = {"lorestan": "IR-15", "tehran": "IR-23"}
PARTS = ("seed", "server", "imports", "browser", "room")
RESULTS = ROOT / "bench" / "results.md"
SECTIONS = ("Server runs", "Meeting brief", "Seeding", "Imports", "Browser", "Room")


def _seed(url: str, preset: str) -> tuple[float, int]:
    """Seed when the database holds no finished seed yet, and give it the sample's demo
    accounts (the pages are timed signed in); (seconds, purchases) of the seed that built it,
    read back from its settings when it is reused."""
    from dashboard import calendar, db, setup
    from queries import accounts, meta

    engine = db.make_engine(url)
    setup.init(engine)  # tables added since the data was built are created, not a reason to reseed
    accounts.add_demo_accounts(engine, calendar.now())
    if not setup.missing_columns(engine):
        with engine.connect() as conn:
            values, has_data = meta.settings(conn), meta.has_data(conn)
        # a seed records its time last: without it the seed was stopped half-way (or ran
        # before seeds recorded it), and the database is built again, not measured half-built
        if has_data and values.seed_seconds is not None and values.seed_purchases is not None:
            return values.seed_seconds, values.seed_purchases
    from dashboard import seeding

    seeded = seeding.seed(url, preset, progress=True)
    accounts.add_demo_accounts(db.make_engine(url), calendar.now())
    return float(seeded["seconds"]), int(seeded["purchases"])


def _page(url: str, page: str, province: str | None, repeat: int) -> dict:
    """bench.page in a process of its own (province None: nationally)."""
    target = "floor" if page == "floor" else script(page)
    where = ["--province", province] if province else []
    out = subprocess.run(
        [sys.executable, "-m", "bench.page", target, *where, "--repeat", str(repeat)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:  # the row says so instead of a time
        said = (out.stderr.strip().splitlines() or ["no output"])[-1]
        return {"page": target, "error": said}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _map_bytes(url: str, province: str) -> int:
    from dashboard import db, maps
    from dashboard.filters import Filters
    from queries import meta, stores

    with db.make_engine(url).connect() as conn:
        f = Filters(as_of=meta.extent(conn)[1], province=province)
        m = maps.stores_map(
            stores.points(conn, f), stores.village_coverage(conn, f), stores.density(conn, f),
            stores.seats(conn, f), "fa", stores.radius_km(conn), province,
        )  # fmt: skip
    return len(m.get_root().render().encode())


def _brief(url: str, province: str, repeat: int) -> dict:
    """The meeting brief of the province in Persian, read and typeset: median seconds, KB."""
    from dashboard import brief, calendar, db
    from dashboard.filters import Filters
    from queries import brief_figures, meta

    seconds, size = [], 0
    engine = db.make_engine(url)
    for _ in range(repeat):
        started = time.perf_counter()
        with engine.connect() as conn:
            universe = meta.universe(conn)
            f = Filters(as_of=universe.last_day, province=province)
            now = calendar.now()
            contents = brief_figures.contents(conn, f, now)
        size = len(brief.pdf(contents, brief.head(f, universe, "fa"), "fa", now, "bench"))
        seconds.append(time.perf_counter() - started)
    return {"seconds": statistics.median(seconds), "kb": size / 1024}


def main() -> None:
    """Run the parts asked for and rewrite their sections of bench/results.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--parts", nargs="+", default=list(PARTS), choices=PARTS)
    parser.add_argument("--presets", nargs="+", default=["lorestan", "tehran"])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=5, help="server runs of each page")
    parser.add_argument(
        "--imports", nargs="*", default=["lorestan", "tehran"],
        help="presets whose last purchases (tehran: 10,000,000; else 800,000) are cut and "
        "imported back",
    )  # fmt: skip
    parser.add_argument("--browser-repeat", type=int, default=3, help="browser runs of each page")
    parser.add_argument("--sessions", type=int, default=30, help="sessions in the room")
    parser.add_argument("--room-minutes", type=float, default=3)
    parser.add_argument(
        "--launch", choices=list(browse.LAUNCH), default=browse.DEFAULT_LAUNCH,
        help="how the browser and room parts start the app's server",
    )  # fmt: skip
    args = parser.parse_args()
    BENCH.mkdir(parents=True, exist_ok=True)
    sections: dict[str, list[str]] = {}
    if {"seed", "server"} & set(args.parts):
        sections |= _presets(args)
    if "imports" in args.parts:
        for preset in args.imports:  # built when missing (the seed part may not have run)
            for database in args.databases:
                _seed(url_of(database, preset), preset)
        sections["Imports"] = _imports_section(
            [import_speed.measure(p, d) for p in args.imports for d in args.databases]
        )
    if "browser" in args.parts:
        _ready(browse.CONFIGS)
        rows = [
            row
            for pinned in (True, False)
            for row in asyncio.run(browse.measure(list(browse.CONFIGS), list(DATA_PAGES),
                                                  args.browser_repeat, args.launch, pinned))
        ]  # fmt: skip
        sections["Browser"] = browse.markdown(rows, args.launch)
    if "room" in args.parts:
        url = browse.CONFIGS["sample"].url
        _ready({"sample": browse.CONFIGS["sample"]})
        figures = asyncio.run(room.run(url, args.sessions, args.room_minutes, 150, args.launch))
        sections["Room"] = room.markdown(figures, room.described("sample", args.launch))
    _write(sections)


def _ready(configs: dict[str, browse.Config]) -> None:
    """Build the browser part's databases that are missing (the sample, a preset)."""
    for name, config in configs.items():
        _seed(config.url, name)


def _presets(args: argparse.Namespace) -> dict[str, list[str]]:
    """The seed and server parts over the presets and databases (and nationally, the sample
    on SQLite): their sections."""
    pages, seeds, briefs = [], [], []
    for preset in args.presets:
        for database in args.databases:
            url = url_of(database, preset)
            seconds, purchases = _seed(url, preset)
            seeds.append((preset, database, seconds, purchases, purchases / seconds))
            if "server" in args.parts:
                pages += _server_rows(preset, database, url, PROVINCE[preset], args.repeat)
                map_kb = _map_bytes(url, PROVINCE[preset]) / 1024
                pages.append((preset, database, {"page": "map HTML (KB)", "size": map_kb}, None))
                briefs.append((preset, database, _brief(url, PROVINCE[preset], args.repeat)))
    sections = {}
    if "server" in args.parts:
        url = browse.CONFIGS["sample"].url
        _seed(url, "sample")
        pages += _server_rows("sample", "sqlite", url, None, args.repeat)
        sections["Server runs"] = _server_section(pages)
        sections["Meeting brief"] = _brief_section(briefs)
    if "seed" in args.parts:
        sections["Seeding"] = _seed_section([_sample_seed(), *seeds])
    return sections


def _server_rows(preset: str, database: str, url: str, province: str | None,
                 repeat: int) -> list[tuple]:  # fmt: skip
    """The floor and every page through AppTest: (preset, database, result, floor) rows."""
    floor = _page(url, "floor", province, repeat)
    rows = [(preset, database, floor, floor)]
    for page in DATA_PAGES:
        result = _page(url, page, province, repeat)
        rows.append((preset, database, result, floor))
        print(preset, database, result, flush=True)
    return rows


def _server_section(pages: list) -> list[str]:
    lines = [
        "Server run of each page through AppTest over app.py, median of the runs; cold = caches "
        "cleared (start-up warming off). The floor is an empty Streamlit page. Peak memory is "
        "the measuring process's. `sample` is the sample database nationally (no province).",
        "",
        "Targets: cold under 1 s (the stores page, with the map, under 2 s; nationally every "
        "page under 1 s), warm under 0.3 s, memory under 1.5 GB, map HTML under 2 MB.",
        "",
        "| preset | database | page | cold s | warm s | cold / floor | peak MB | targets |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for preset, database, r, floor in pages:
        if "size" in r:
            met = "met" if r["size"] < 2048 else "missed"
            lines.append(f"| {preset} | {database} | {r['page']} | {r['size']:.0f} | | | | {met} |")
        elif "error" in r or "error" in floor:
            said = r.get("error") or f"floor: {floor['error']}"
            lines.append(f"| {preset} | {database} | {r['page']} | error | | | | {said} |")
        else:
            ratio = r["cold_s"] / floor["cold_s"]
            lines.append(
                f"| {preset} | {database} | {r['page']} | {r['cold_s']:.3f} | "
                f"{r['warm_s']:.3f} | {ratio:.1f} | {r['peak_rss_mb']} | "
                f"{_verdict(r, preset == 'sample')} |"
            )
    return lines


def _brief_section(briefs: list) -> list[str]:
    lines = [
        "The meeting brief of the province in Persian (`python -m dashboard brief`): its "
        "figures read and the page typeset, median of the runs. Targets: under 1 s, 300 KB.",
        "",
        "| preset | database | seconds | KB | targets |",
        "|---|---|---|---|---|",
    ]
    for preset, database, r in briefs:
        missed = [n for n, ok in (("time", r["seconds"] < 1), ("size", r["kb"] < 300)) if not ok]
        verdict = "missed: " + ", ".join(missed) if missed else "met"
        lines.append(f"| {preset} | {database} | {r['seconds']:.2f} | {r['kb']:.0f} | {verdict} |")
    return lines


def _sample_seed() -> tuple[str, str, float, int, float]:
    """The sample built afresh in a new SQLite file, as `make run` builds it on a new machine:
    a seed row."""
    from dashboard import seeding

    path = BENCH / "sample-seed.db"
    for old in BENCH.glob("sample-seed.db*"):
        old.unlink()
    seeded = seeding.seed(f"sqlite:///{path}", "sample")
    for made in BENCH.glob("sample-seed.db*"):
        made.unlink()
    seconds, purchases = float(seeded["seconds"]), int(seeded["purchases"])
    return "sample", "sqlite", seconds, purchases, purchases / seconds


def _seed_verdict(preset: str, seconds: float, rate: float) -> str:
    checks = (("rate", rate >= 300_000), ("time", preset != "sample" or seconds < 20))
    missed = [name for name, ok in checks if not ok]
    return "met" if not missed else "missed: " + ", ".join(missed)


def _seed_section(seeds: list) -> list[str]:
    return [
        "Seeding each preset (read back from the database when it was reused; the sample is "
        "built afresh each run). Targets: 300,000 purchases per second; the sample in under "
        "20 s.",
        "",
        "| preset | database | seed s | purchases | purchases / s | targets |",
        "|---|---|---|---|---|---|",
        *(
            f"| {p} | {d} | {s:.1f} | {n:,} | {r:,.0f} | {_seed_verdict(p, s, r)} |"
            for p, d, s, n, r in seeds
        ),
    ]


def _imports_section(loads: list) -> list[str]:
    lines = [
        "Imports: the last whole days holding 10,000,000 purchases (tehran; 800,000 else) cut "
        "from a copy of the preset and imported back with `python -m dashboard import "
        "purchases` (judged, stored, rolled up; one transaction), in a process of its own; "
        "floor: the same rows loaded plainly into an unindexed table in the same run (SQLite: "
        "executemany; PostgreSQL: COPY); table: the same rows put into the purchases table "
        "itself, with its indexes, in household order and nothing else (rolled back): no "
        "import can be faster. Targets (issue 28): at least 150,000 rows/s end to "
        "end, peak memory under 1.5 GB. Refused: the same file first with its last line's "
        "credit spoiled (12.5): seconds, peak, rows rejected, and whether nothing was stored.",
        "",
        "| preset | database | since | rows | seconds | rows / s | floor s | x floor | table s "
        "| table rows / s | peak MB | targets | refused: s, peak MB, rejected, nothing stored |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in loads:
        rate = r["rows"] / r["seconds"]
        peak = max(r["peak_rss_mb"], r.get("refused_peak_rss_mb", 0))  # either run's
        missed = [n for n, ok in (("rate", rate >= 150_000), ("memory", peak < 1536)) if not ok]
        verdict = "missed: " + ", ".join(missed) if missed else "met"
        refused = (
            f"{r['refused_seconds']:.1f}, {r['refused_peak_rss_mb']:.0f}, "
            f"{r['refused_rejected']}, {'yes' if r['refused_stored_nothing'] else 'NO'}"
            if "refused_seconds" in r
            else ""
        )
        lines.append(
            f"| {r['preset']} | {r['database']} | {r['since']} | {r['rows']:,} | "
            f"{r['seconds']:.1f} | {rate:,.0f} | {r['floor_seconds']:.1f} | "
            f"{r['seconds'] / r['floor_seconds']:.1f} | {r['table_seconds']:.1f} | "
            f"{r['rows'] / r['table_seconds']:,.0f} | {r['peak_rss_mb']:.0f} | {verdict} "
            f"| {refused} |"
        )
    return lines


def _verdict(r: dict, national: bool) -> str:
    """Which of the page targets this row meets (the floor has none)."""
    if r["page"] == "floor":
        return ""
    cold = 2.0 if r["page"].endswith("stores.py") and not national else 1.0
    missed = [
        name
        for name, ok in (
            ("cold", r["cold_s"] < cold),
            ("warm", r["warm_s"] < 0.3),
            ("memory", r["peak_rss_mb"] < 1536),
        )
        if not ok
    ]
    return "missed: " + ", ".join(missed) if missed else "met"


def _machine() -> str:
    """This machine in a few words: cores, processor, memory, system."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", info)
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores{f' {model.group(1).strip()}' if model else ''}, "
        f"{memory:.0f} GB, {platform.system()} {platform.release()}, Python "
        f"{platform.python_version()}"
    )


def _write(sections: dict[str, list[str]]) -> None:
    """Rewrite the sections that ran in bench/results.md, dated and with the machine; keep the
    others."""
    kept = _sections(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    stamp = f"({dt.date.today().isoformat()}; {_machine()})"
    kept |= {name: [f"## {name} {stamp}", "", *lines] for name, lines in sections.items()}
    lines = [
        "# Benchmark results",
        "",
        "`make bench` (`python -m bench.run`); each section is rewritten by its part "
        "(`--parts seed server imports browser room`), with the day and the machine it ran on.",
    ]
    for name in sorted(kept, key=lambda n: SECTIONS.index(n) if n in SECTIONS else len(SECTIONS)):
        lines += ["", *kept[name]]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def _sections(text: str) -> dict[str, list[str]]:
    """The `## ` sections of a results file by name (the heading up to its date), with their
    heading line and without the blank lines at their end."""
    out: dict[str, list[str]] = {}
    name = None
    for line in text.splitlines():
        if line.startswith("## "):
            name = line[3:].split(" (")[0]
            out[name] = []
        if name is not None:
            out[name].append(line)
    for lines in out.values():
        while lines and not lines[-1].strip():
            lines.pop()
    return out


if __name__ == "__main__":
    main()
