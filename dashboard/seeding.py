"""Build a database from a sample preset: schema, reference data, generated rows, rollups."""

from __future__ import annotations

import time
from pathlib import Path

import sqlalchemy as sa
from tqdm import tqdm

from dashboard import bulkload, db, sample, schema
from queries import rollups


def reset(engine: sa.Engine) -> None:
    """Empty the database: delete a SQLite file, or drop our tables elsewhere."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(engine.url.database + suffix).unlink(missing_ok=True)
    else:
        schema.metadata.drop_all(engine)


def seed(
    url: str, preset_name: str, seed: int = 1, progress: bool = True
) -> dict[str, int | float]:
    """Replace the database at url with the sample preset; returns rows per table and seconds."""
    preset = sample.PRESETS[preset_name]
    started = time.perf_counter()
    engine = db.make_engine(url)
    reset(engine)
    db.init(engine)
    reference = db.reference_frames()
    counts: dict[str, int | float] = {}
    steps = 8 + sample.household_batches(preset) + 1
    with tqdm(total=steps, desc=f"seed {preset_name}", unit="step", disable=not progress) as bar:
        for table, rows in sample.generate(preset, seed, reference):
            bar.set_postfix_str(f"{table}: {rows.height:,} rows")
            bulkload.load(engine, table, rows)
            counts[table] = counts.get(table, 0) + rows.height
            bar.update()
        bar.set_postfix_str("settings and rollups")
        with engine.begin() as conn:
            db.tune_for_rollups(conn)  # before the first write opens a transaction
            _record(conn, preset, seed)
            counts.update(rollups.rebuild(conn))
        bar.update()
    engine.dispose()
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _record(conn: sa.Connection, preset: sample.Preset, seed: int) -> None:
    values = {
        "household_fraction": str(preset.household_fraction),
        "data_source": "sample",
        "sample_preset": preset.name,
        "sample_seed": str(seed),
        "data_end": preset.end.isoformat(),
    }
    table = schema.settings
    for key, value in values.items():
        conn.execute(table.delete().where(table.c.key == key))
        conn.execute(table.insert().values(key=key, value=value, note="set by the sample seed"))
