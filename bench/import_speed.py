"""`make bench` rows for the importer: the last whole days of purchases that hold rows_of(preset)
rows (issue 28: 10,000,000 for tehran) cut from a preset's database and imported back (checked
and rolled up), timed and its peak memory measured in a process of its own (`python -m
bench.import_speed one URL FILE` prints one JSON line), beside the machine's floor for the same
rows (`python -m bench.import_speed floor URL FILE`: a plain load into an unindexed table; the
import's ratio to it survives a noisy machine).

    python -m bench.import_speed lorestan [--databases sqlite postgresql]

Nothing here asserts anything about time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "data" / "bench"


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return float("nan")


def one(url: str, path: Path, kind: str = "purchases", dry_run: bool = False) -> dict:
    """Import path into url in this process: seconds, counts and peak memory."""
    from dashboard import db
    from dashboard.importer.run import run

    started = time.perf_counter()
    outcome = run(db.make_engine(url), kind, path, dry_run=dry_run, actor="bench")
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "peak_rss_mb": _peak_mb(), **outcome.counts()}


def floor(url: str, path: Path) -> float:
    """The machine's floor for the same rows: the seconds a plain load of the file's rows into
    an unindexed table of the purchases' columns takes (SQLite: executemany of the rows read
    already; PostgreSQL: COPY of the CSV), in the same run as the import it is set beside."""
    import polars as pl

    from dashboard import db
    from dashboard import schema as s

    columns = [c.name for c in s.purchases.columns]
    engine = db.make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS floor_purchases")
        conn.exec_driver_sql("CREATE TABLE floor_purchases AS SELECT * FROM purchases WHERE 1 = 0")
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            started = time.perf_counter()
            with (
                path.open("rb") as data,
                cursor.copy(
                    f"COPY floor_purchases ({', '.join(columns)}) FROM STDIN (FORMAT csv, HEADER)"
                ) as copy,
            ):
                while chunk := data.read(1 << 20):
                    copy.write(chunk)
        else:
            rows = pl.read_csv(path, columns=columns).select(columns).rows()
            marks = ", ".join("?" * len(columns))
            started = time.perf_counter()
            cursor.executemany(f"INSERT INTO floor_purchases VALUES ({marks})", rows)
        raw.commit()
        seconds = time.perf_counter() - started
    finally:
        raw.close()
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE floor_purchases")
    engine.dispose()
    return round(seconds, 2)


def table_floor(url: str, path: Path) -> float:
    """What storing alone costs: the seconds the file's rows take to go into the purchases
    table itself, with its indexes, in household order (the cheapest for them) and nothing
    else done (no judging, no rollups, no commit: rolled back), SQLite by executemany,
    PostgreSQL by COPY. No import can be faster; issue 28's 150,000 rows/s is set beside it."""
    import polars as pl

    from dashboard import db
    from dashboard import schema as s

    columns = [c.name for c in s.purchases.columns]
    rows = pl.read_csv(path, columns=columns).select(columns).sort("household_id", "id")
    engine = db.make_engine(url)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            data = rows.write_csv().encode()
            started = time.perf_counter()
            with cursor.copy(
                f"COPY purchases ({', '.join(columns)}) FROM STDIN (FORMAT csv, HEADER)"
            ) as copy:
                copy.write(data)
        else:
            rows = rows.rows()
            marks = ", ".join("?" * len(columns))
            started = time.perf_counter()
            cursor.executemany(f"INSERT INTO purchases VALUES ({marks})", rows)
        seconds = time.perf_counter() - started
        raw.rollback()
    finally:
        raw.close()
    engine.dispose()
    return round(seconds, 2)


def cut_rows(url: str, path: Path, rows: int) -> tuple[int, str]:
    """Move the last whole days of purchases that hold at least `rows` rows out of the
    database into a CSV at path (the rollups rebuilt without them); returns the rows and the
    first day cut."""
    from dashboard import db, rollups, setup
    from dashboard import schema as s
    from dashboard.rows import read_rows

    engine = db.make_engine(url)
    setup.init(engine)  # indexes added since the preset was built
    p = s.purchases
    day = sa.func.date(p.c.purchased_at)
    with engine.begin() as conn:
        per_day = conn.execute(sa.select(day, sa.func.count()).group_by(day).order_by(day.desc()))
        total, first = 0, None
        for day_cut, n in per_day:
            total, first = total + n, day_cut
            if total >= rows:
                break
        first = first if isinstance(first, dt.date) else dt.date.fromisoformat(str(first))
        start = dt.datetime.combine(first, dt.time())
        cut = read_rows(conn, sa.select(p).where(p.c.purchased_at >= start))
        cut.write_csv(path)
        conn.execute(p.delete().where(p.c.purchased_at >= start))
        rollups.rebuild(conn)
    engine.dispose()
    return cut.height, first.isoformat()


def _admin() -> tuple[str, sa.Engine]:
    """The benchmark's PostgreSQL server: its URL for a database NAME, and an engine on it."""
    from bench.databases import postgres

    url = postgres()
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    return url.replace("/postgres?", "/NAME?"), engine


def _copy(database: str, source: str, target: str) -> str:
    """A fresh copy of a benchmark database (SQLite: data/bench/SOURCE.db; PostgreSQL: the
    database SOURCE), named target; returns its URL."""
    if database == "sqlite":
        copy = BENCH / f"{target}.db"
        for suffix in ("-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(BENCH / f"{source}.db", copy)
        return f"sqlite:///{copy}"
    url, engine = _admin()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {target}")
        conn.exec_driver_sql(f"CREATE DATABASE {target} TEMPLATE {source}")
    engine.dispose()
    return url.replace("NAME", target)


def rows_of(preset: str) -> int:
    """The rows cut from a preset: issue 28's 10,000,000 for tehran, else 800,000."""
    return 10_000_000 if preset == "tehran" else 800_000


def _identity(url: str) -> list:
    """What a database holds, in brief (to tell a cut made from it still stands)."""
    from dashboard import db
    from dashboard import schema as s

    engine = db.make_engine(url)
    with engine.connect() as conn:
        p = s.purchases
        found = conn.execute(sa.select(sa.func.count(), sa.func.max(p.c.id))).one()
    engine.dispose()
    return list(found)


def _cut(preset: str, database: str) -> tuple[str, Path, dict]:
    """The preset with its last rows_of(preset) purchases cut out (kept between runs: cutting
    Tehran takes 10 to 18 minutes) and the CSV of them: (name, path, facts)."""
    name = f"cut_{preset}" if database == "postgresql" else f"cut-{preset}"
    path, facts_path = BENCH / f"{name}.csv", BENCH / f"{name}.json"
    if database == "postgresql":
        from bench.databases import url_of

        identity = _identity(url_of("postgresql", preset))
    else:
        identity = _identity(f"sqlite:///{BENCH / f'{preset}.db'}")
    if facts_path.exists() and path.exists():
        facts = json.loads(facts_path.read_text())
        if facts["source"] == identity and facts["asked"] == rows_of(preset):
            return name, path, facts
    url = _copy(database, preset, name)
    rows, since = cut_rows(url, path, rows_of(preset))
    if database == "sqlite":  # a file whole in itself, to copy
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
    facts = {"source": identity, "asked": rows_of(preset), "rows": rows, "since": since}
    facts_path.write_text(json.dumps(facts))
    return name, path, facts


def _in_process(url: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.import_speed", "one", url, str(path)],
        cwd=ROOT,
        env={**os.environ, "KALABARG_ID_KEY": "bench"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _bad_last_line(path: Path) -> Path:
    """A copy of the CSV at path whose last line's credit is not a whole number."""
    bad = path.with_name(f"{path.stem}-bad-last-line.csv")
    shutil.copyfile(path, bad)
    with bad.open("r+b") as out:
        end = out.seek(0, 2)
        out.seek(max(0, end - 4096))
        tail = out.read()
        last = tail.rstrip(b"\n").split(b"\n")[-1]
        cells = last.split(b",")
        cells[4] = b"12.5"  # credit_toman (the table's column order)
        out.seek(end - len(tail) + tail.rstrip(b"\n").rindex(last))
        out.write(b",".join(cells) + b"\n")
        out.truncate()
    return bad


def _purchases(url: str) -> int:
    return _identity(url)[0]


def measure(preset: str, database: str, bad_last_line: bool = True) -> dict:
    """Import the last rows_of(preset) purchases back into a copy of the cut preset, in a
    process of its own, beside the floor for the same rows; with bad_last_line, first the
    same file with its last line spoiled: refused with that line named, nothing stored."""
    name, path, facts = _cut(preset, database)
    url = _copy(database, name, f"import_{preset}" if database == "postgresql" else
                f"import-{preset}")  # fmt: skip
    table_s = table_floor(url, path)
    refused = {}
    if bad_last_line:
        held = _purchases(url)
        bad = _bad_last_line(path)
        refused = _in_process(url, bad)
        refused = {"refused_seconds": refused["seconds"], "refused_peak_rss_mb":
                   refused["peak_rss_mb"], "refused_rejected": refused["rejected"],
                   "refused_stored_nothing": _purchases(url) == held}  # fmt: skip
        bad.unlink()
    result = _in_process(url, path)
    floor_s = floor(url, path)
    return {"preset": preset, "database": database, "since": facts["since"],
            "rows": facts["rows"], "floor_seconds": floor_s, "table_seconds": table_s, **result,
            **refused}  # fmt: skip


def main() -> None:
    """`one URL FILE`: import one file; else measure the presets and print the rows."""
    if sys.argv[1:2] == ["one"]:
        print(json.dumps(one(sys.argv[2], Path(sys.argv[3]))))
        return
    if sys.argv[1:2] == ["floor"]:
        print(json.dumps({"floor_seconds": floor(sys.argv[2], Path(sys.argv[3]))}))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("presets", nargs="+")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    for preset in args.presets:
        for database in args.databases:
            print(json.dumps(measure(preset, database)))


if __name__ == "__main__":
    main()
