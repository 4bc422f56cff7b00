"""Build a database from a sample preset: schema, reference data, generated rows, rollups."""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import queue
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import polars as pl
import sqlalchemy as sa
from tqdm import tqdm

from dashboard import (
    bulkload,
    db,
    nearest,
    risk_marks,
    rollup_rows,
    rollups,
    sample,
    schema,
    setup,
    store_rollups,
)
from dashboard.settings import Settings, defaults

T = TypeVar("T")
# the tables the seed fills with many rows: their secondary indexes are dropped for the load
# and built once each is complete (a sort of the whole table beats a B-tree insert per row)
BIG_TABLES = (
    "places", "households", "allocations", "stores", "complaints", "purchases",
    *rollup_rows.KEYS, store_rollups.NAME,
)  # fmt: skip


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
    reference = setup.reference_tables()
    tables: dict[str, pl.DataFrame] = {}
    # generated from now on, while the database is emptied and set up
    generated = _ahead(_with_rollups(sample.generate(preset, seed, reference), reference, tables))
    reset(db.make_engine(url))
    engine = db.make_engine(url, journal="OFF")
    setup.init(engine)
    with engine.begin() as conn:  # marked at the end: a seed killed half-way is set up again
        setup.unmark(conn)
    counts: dict[str, int | float] = {}
    steps = 12 + sample.household_batches(preset) + 1
    with tqdm(total=steps, desc=f"seed {preset_name}", unit="step", disable=not progress) as bar:
        with bulkload.building(engine) as build:
            dropped = {t: list(schema.metadata.tables[t].indexes) for t in BIG_TABLES}
            build.execute([sa.schema.DropIndex(i) for i in itertools.chain(*dropped.values())])
            for table, batches in itertools.groupby(generated, key=operator.itemgetter(0)):
                for _, rows in batches:
                    bar.set_postfix_str(f"{table}: {rows.height:,} rows")
                    build.load(table, rows)
                    counts[table] = counts.get(table, 0) + rows.height
                    bar.update()
                build.execute(_creates(dropped.pop(table, [])))  # while the next is generated
            bar.set_postfix_str("rollups and indexes")
            store_days = tables.pop(store_rollups.NAME)
            build.load(store_rollups.NAME, store_days)
            with engine.begin() as conn:
                _record(conn, _settings(preset, seed))
                counts.update(rollups.write(conn, tables))
                nearest.refresh(conn)
            build.execute(_creates(itertools.chain(*dropped.values())))
        with engine.begin() as conn:  # the bursts read the purchases by store: indexed now
            counts.update(store_rollups.finish(conn, store_days))
        if engine.dialect.name == "postgresql":  # now, not by autovacuum during the first views
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        bar.update()
    counts["seconds"] = round(time.perf_counter() - started, 1)
    engine.dispose()
    engine = db.make_engine(url)  # opened as the app opens it: SQLite goes back to WAL
    with engine.begin() as conn:  # for make bench, which reuses databases
        _record(
            conn,
            {"seed_seconds": str(counts["seconds"]), "seed_purchases": str(counts["purchases"])},
        )
        setup.mark(conn)
    engine.dispose()
    return counts


def _creates(indexes: Iterable[sa.Index]) -> list[sa.ExecutableDDLElement]:
    return [sa.schema.CreateIndex(i) for i in indexes]


def _with_rollups(
    generated: Iterator[tuple[str, pl.DataFrame]],
    reference: dict[str, pl.DataFrame],
    tables: dict[str, pl.DataFrame],
) -> Iterator[tuple[str, pl.DataFrame]]:
    """generated, unchanged; on the way, the rollup parts of each purchases batch are computed
    once the next item is handed on (while the two are loaded, not before the next is made),
    and once generated is exhausted their sums are put in tables (rollup name -> rows; the
    store-day marks as store_rollups.NAME)."""
    kept: dict[str, pl.DataFrame] = {}
    bought: list[pl.DataFrame] = []
    parts: list[rollup_rows.Parts] = []
    marked: list[pl.DataFrame] = []
    rules = risk_marks.Rules.of(Settings.of(defaults()))
    waiting: list[tuple[pl.DataFrame, pl.DataFrame]] = []  # (households, purchases)
    for table, rows in generated:
        yield table, rows
        parts += [_rollup_batch(kept, *batch) for batch in waiting]
        marked += [_marks(kept, purchases, rules) for _, purchases in waiting]
        waiting = []
        if table == "places":
            kept[table] = pl.concat([reference["places"], rows], how="diagonal_relaxed")
        if table == "households":
            areas = reference["counties"].select(pl.col("id").alias("county_id"), "province_code")
            kept[table] = rows.join(areas, on="county_id")
        if table in ("allocations", "basket_items", "stores"):
            kept[table] = rows
        if table == "purchases":  # the sample's purchase batches hold whole households
            ids = rows.select(pl.col("household_id").unique().alias("id"))
            waiting.append((ids, rows))
            bought.append(ids)
    parts += [_rollup_batch(kept, *batch) for batch in waiting]
    marked += [_marks(kept, purchases, rules) for _, purchases in waiting]
    idle = kept["households"].select("id").join(pl.concat(bought), on="id", how="anti")
    parts.append(_rollup_batch(kept, idle, pl.DataFrame(schema=rollup_rows.PURCHASES)))
    tables.update(rollup_rows.combine(parts))
    tables[store_rollups.NAME] = risk_marks.combine(marked)


def _ahead(items: Iterator[T]) -> Iterator[T]:
    """items, produced in a thread from this call on, each while the one before is consumed:
    generating the next batch (numpy and polars, which release the GIL) overlaps loading
    this one."""
    ready: queue.Queue = queue.Queue(maxsize=1)
    done = object()

    def produce() -> None:
        try:
            for item in items:
                ready.put(item)
        except BaseException as error:  # handed to the consumer, raised there
            ready.put(error)
        ready.put(done)

    def consume() -> Iterator[T]:
        while (item := ready.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item

    threading.Thread(target=produce, daemon=True).start()
    return consume()


def _rollup_batch(
    kept: dict[str, pl.DataFrame], households: pl.DataFrame, purchases: pl.DataFrame
) -> rollup_rows.Parts:
    """Rollup parts of the given households (ids) and their purchases, from the frames kept
    while seeding."""
    people = kept["households"].join(households, on="id", how="semi")
    allocations = kept["allocations"].join(
        households.rename({"id": "household_id"}), on="household_id", how="semi"
    )
    return rollup_rows.batch(people, allocations, purchases, kept["basket_items"])


def _marks(
    kept: dict[str, pl.DataFrame], purchases: pl.DataFrame, rules: risk_marks.Rules
) -> pl.DataFrame:
    """The store-day marks of a purchases batch (whole households), from the frames kept."""
    buyers = purchases.select(pl.col("household_id").unique())
    return risk_marks.marks(
        kept["households"].join(buyers, left_on="id", right_on="household_id", how="semi"),
        kept["allocations"].join(buyers, on="household_id", how="semi"),
        purchases,
        kept["stores"].select(list(risk_marks.LOCATIONS)),
        kept["places"].select(list(risk_marks.LOCATIONS)),
        rules,
    )


def _settings(preset: sample.Preset, seed: int) -> dict[str, str]:
    return {
        "household_fraction": str(preset.household_fraction),
        "data_source": "sample",
        "sample_preset": preset.name,
        "sample_seed": str(seed),
        "data_end": preset.end.isoformat(),
        # the next month's first wave (deciles 1-3), announced for the day after the data ends
        # (an assumption of the sample: the waves table holds the months it has credit for)
        "next_wave_opens_on": (preset.end + dt.timedelta(days=1)).isoformat(),
        "next_wave_deciles": "1-3",
    }


def _record(conn: sa.Connection, values: dict[str, str]) -> None:
    table = schema.settings
    for key, value in values.items():
        conn.execute(table.delete().where(table.c.key == key))
        conn.execute(table.insert().values(key=key, value=value, note="set by the sample seed"))
