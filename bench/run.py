"""`make bench`: build (or reuse) the presets on SQLite and PostgreSQL, time every page cold and
warm against an empty page, measure memory and the map's size, and write bench/results.md.

    python -m bench.run [--presets lorestan tehran] [--databases sqlite postgresql]

Databases live in data/bench/ (git-ignored) and are reused when present: delete them to
measure seeding again. Nothing here asserts anything about time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import imports
from bench.databases import url_of

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "data" / "bench"
PAGES = ("overview", "uptake", "stores", "complaints", "tasks")
PROVINCE = {"lorestan": "IR-15", "tehran": "IR-23"}


def _seed(url: str, preset: str) -> tuple[float, int] | None:
    """Seed when the database holds no data yet, and give it the sample's demo accounts (the
    pages are timed signed in); (seconds, purchases) of the seed that built it, read back from
    its settings when it is reused (None if it does not say)."""
    from dashboard import calendar, db
    from queries import accounts, meta

    engine = db.make_engine(url)
    db.init(engine)  # tables added since the data was built are created, not a reason to reseed
    accounts.add_demo_accounts(engine, calendar.now())
    if not db.missing_columns(engine):
        with engine.connect() as conn:
            if meta.has_data(conn):
                values = meta.settings(conn)
                if values.seed_seconds is None or values.seed_purchases is None:
                    return None
                return values.seed_seconds, values.seed_purchases
    from dashboard import seeding

    seeded = seeding.seed(url, preset, progress=True)
    accounts.add_demo_accounts(db.make_engine(url), calendar.now())
    return float(seeded["seconds"]), int(seeded["purchases"])


def _page(url: str, page: str, province: str, repeat: int) -> dict:
    target = "floor" if page == "floor" else f"views/{page}.py"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.page",
            target,
            "--province",
            province,
            "--repeat",
            str(repeat),
        ],  # fmt: skip
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
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
    from queries import brief as briefing
    from queries import meta

    seconds, size = [], 0
    engine = db.make_engine(url)
    for _ in range(repeat):
        started = time.perf_counter()
        with engine.connect() as conn:
            universe = meta.universe(conn)
            f = Filters(as_of=universe.last_day, province=province)
            now = calendar.now()
            contents = briefing.contents(conn, f, now)
        size = len(brief.pdf(contents, brief.head(f, universe, "fa"), "fa", now, "bench"))
        seconds.append(time.perf_counter() - started)
    return {"seconds": statistics.median(seconds), "kb": size / 1024}


def main() -> None:
    """Run the benchmark and write bench/results.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--presets", nargs="+", default=["lorestan", "tehran"])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--imports", nargs="*", default=["lorestan"],
        help="presets whose last 30 days of purchases are cut and imported back",
    )  # fmt: skip
    args = parser.parse_args()
    BENCH.mkdir(parents=True, exist_ok=True)
    pages, seeds, briefs = [], [], []
    for preset in args.presets:
        for database in args.databases:
            url = url_of(database, preset)
            seeded = _seed(url, preset)
            if seeded:
                seconds, purchases = seeded
                seeds.append((preset, database, seconds, purchases, purchases / seconds))
            floor = _page(url, "floor", PROVINCE[preset], args.repeat)
            pages.append((preset, database, floor, floor))
            for page in PAGES:
                result = _page(url, page, PROVINCE[preset], args.repeat)
                pages.append((preset, database, result, floor))
                print(preset, database, result)
            map_kb = _map_bytes(url, PROVINCE[preset]) / 1024
            pages.append((preset, database, {"page": "map HTML (KB)", "size": map_kb}, floor))
            briefs.append((preset, database, _brief(url, PROVINCE[preset], args.repeat)))
    loads = [imports.measure(p, d) for p in args.imports for d in args.databases]
    _write(pages, seeds, loads, briefs)


def _write(pages: list, seeds: list, loads: list, briefs: list) -> None:
    lines = [
        f"# Benchmark results ({dt.date.today().isoformat()}, this machine: "
        f"{os.cpu_count()} cores)",
        "",
        "Server run of each page through AppTest over app.py, median of the runs; cold = caches "
        "cleared. The floor is an empty Streamlit page. Peak memory is the measuring process's.",
        "",
        "Targets: cold under 1 s (the stores page, with the map, under 2 s), warm under 0.3 s, "
        "memory under 1.5 GB, map HTML under 2 MB, seeding 300,000 purchases per second.",
        "",
        "| preset | database | page | cold s | warm s | cold / floor | peak MB | targets |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for preset, database, r, floor in pages:
        if "size" in r:
            met = "met" if r["size"] < 2048 else "missed"
            lines.append(f"| {preset} | {database} | {r['page']} | {r['size']:.0f} | | | | {met} |")
            continue
        ratio = r["cold_s"] / floor["cold_s"]
        lines.append(
            f"| {preset} | {database} | {r['page']} | {r['cold_s']:.3f} | {r['warm_s']:.3f} | "
            f"{ratio:.1f} | {r['peak_rss_mb']} | {_verdict(r)} |"
        )
    if briefs:
        lines += [
            "",
            "The meeting brief of the province in Persian (`python -m dashboard brief`): its "
            "figures read and the page typeset, median of the runs. Targets: under 1 s, 300 KB.",
            "",
            "| preset | database | seconds | KB | targets |",
            "|---|---|---|---|---|",
        ]
        for preset, database, r in briefs:
            missed = [
                n for n, ok in (("time", r["seconds"] < 1), ("size", r["kb"] < 300)) if not ok
            ]
            verdict = "missed: " + ", ".join(missed) if missed else "met"
            lines.append(
                f"| {preset} | {database} | {r['seconds']:.2f} | {r['kb']:.0f} | {verdict} |"
            )
    if seeds:
        lines += [
            "",
            "| preset | database | seed s | purchases | purchases / s | target |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {p} | {d} | {s:.0f} | {n:,} | {r:,.0f} | {'met' if r >= 300_000 else 'missed'} |"
            for p, d, s, n, r in seeds
        ]
    if loads:
        lines += [
            "",
            "Imports: the last 30 days of purchases cut from a copy of the preset and imported "
            "back with `python -m dashboard import purchases` (checked and rolled up), in a "
            "process of its own. Targets: under 10 s for a month of Lorestan (~800,000 rows), "
            "memory under 1.5 GB.",
            "",
            "| preset | database | since | rows | seconds | rows / s | peak MB | targets |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in loads:
            missed = [n for n, ok in (("time", r["seconds"] < 10), ("memory",
                      r["peak_rss_mb"] < 1536)) if not ok]  # fmt: skip
            verdict = "missed: " + ", ".join(missed) if missed else "met"
            lines.append(
                f"| {r['preset']} | {r['database']} | {r['since']} | {r['rows']:,} | "
                f"{r['seconds']:.1f} | {r['rows'] / r['seconds']:,.0f} | {r['peak_rss_mb']:.0f} "
                f"| {verdict} |"
            )
    (ROOT / "bench" / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def _verdict(r: dict) -> str:
    """Which of the page targets this row meets (the floor has none)."""
    if r["page"] == "floor":
        return ""
    cold = 2.0 if r["page"].endswith("stores.py") else 1.0
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


if __name__ == "__main__":
    main()
