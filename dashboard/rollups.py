"""Rebuild the additive rollups from the core tables (after an import, or edits to raw rows).

The rows are read back a batch of households at a time and summed by dashboard.rollup_rows,
the same code the sample seed runs over the frames it generates.
"""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import bulkload, derived, rollup_rows, store_rollups
from dashboard import schema as s
from dashboard.rows import ranges, read_raw, read_rows

DELTA_HOUSEHOLDS = 100_000  # households per batch when bringing the rollups up to date


def rebuild(conn: sa.Connection) -> dict[str, int]:
    """Replace every rollup table (the store rollups too) with sums over the core tables;
    returns rows per table."""
    shares = baskets(conn)
    blocks = ranges(conn, s.households.c.id, store_rollups.BATCH_HOUSEHOLDS) or [(0, 0)]
    parts = [rollup_rows.batch(*_batch(conn, first, last), shares) for first, last in blocks]
    return write(conn, rollup_rows.combine(parts)) | store_rollups.rebuild(conn)


def write(conn: sa.Connection, tables: dict[str, pl.DataFrame]) -> dict[str, int]:
    """Replace the rollup tables with the given frames, and rollup_to_date with rollup_daily's
    sums to date; returns rows per table."""
    for name, rows in tables.items():
        conn.execute(s.metadata.tables[name].delete())
        bulkload.insert(conn, name, rows)
    counts = {name: rows.height for name, rows in tables.items()}
    if "rollup_daily" in tables:
        counts[s.rollup_to_date.name] = _write_to_date(conn, tables["rollup_daily"])
    return counts


_TO_DATE_KEYS = ["province_code", "decile", "grp"]
_TO_DATE_SCHEMA = {"day": pl.Date, "province_code": pl.String, "decile": pl.Int64, "grp": pl.String,
                   **dict.fromkeys(rollup_rows.DAILY_MEASURES, pl.Int64)}  # fmt: skip


def to_date(daily: pl.DataFrame) -> pl.DataFrame:
    """rollup_daily's rows summed over counties and cumulated: for every day from the first
    to the last and every province x decile x group of the rows, the sums up to that day."""
    measures = rollup_rows.DAILY_MEASURES
    if daily.is_empty():
        return pl.DataFrame(schema=_TO_DATE_SCHEMA)
    sums = daily.group_by("day", *_TO_DATE_KEYS).agg(pl.col(measures).sum())
    days = pl.DataFrame({"day": pl.date_range(daily["day"].min(), daily["day"].max(), eager=True)})
    every = sums.select(_TO_DATE_KEYS).unique().join(days, how="cross")
    return (
        every.join(sums, on=["day", *_TO_DATE_KEYS], how="left")
        .with_columns(pl.col(measures).fill_null(0))
        .sort(*_TO_DATE_KEYS, "day")
        .with_columns(pl.col(measures).cum_sum().over(_TO_DATE_KEYS))
        .select("day", *_TO_DATE_KEYS, *measures)
    )


def _write_to_date(conn: sa.Connection, daily: pl.DataFrame) -> int:
    rows = to_date(daily)
    conn.execute(s.rollup_to_date.delete())
    bulkload.insert(conn, s.rollup_to_date.name, rows)
    derived.mark(conn, s.rollup_to_date.name)
    return rows.height


def refresh_to_date(conn: sa.Connection) -> int:
    """Rebuild rollup_to_date from the stored rollup_daily (inside conn's transaction)."""
    r = s.rollup_daily
    query = sa.select(*[r.c[c] for c in _TO_DATE_SCHEMA])
    return _write_to_date(conn, read_raw(conn, query, _TO_DATE_SCHEMA))


def _batch(conn: sa.Connection, low: int, high: int) -> tuple[pl.DataFrame, ...]:
    h, c, a, p = s.households, s.counties, s.allocations, s.purchases
    people = (
        sa.select(
            *[c.c.province_code if n == "province_code" else h.c[n] for n in rollup_rows.HOUSEHOLDS]
        )
        .join(c, c.c.id == h.c.county_id)
        .where(h.c.id.between(low, high))
    )
    allocations = sa.select(*[a.c[n] for n in rollup_rows.ALLOCATIONS]).where(
        a.c.household_id.between(low, high)
    )
    purchases = sa.select(*[p.c[n] for n in rollup_rows.PURCHASES]).where(
        p.c.household_id.between(low, high)
    )
    return (
        read_rows(conn, people, rollup_rows.HOUSEHOLDS),
        read_rows(conn, allocations, rollup_rows.ALLOCATIONS),
        read_rows(conn, purchases, rollup_rows.PURCHASES),
    )


def baskets(conn: sa.Connection) -> pl.DataFrame:
    """The baskets' item shares (rollup_rows.BASKETS)."""
    return read_rows(
        conn, sa.select(*[s.basket_items.c[n] for n in rollup_rows.BASKETS]), rollup_rows.BASKETS
    )


def apply(
    conn: sa.Connection, before: tuple[pl.DataFrame, ...], after: tuple[pl.DataFrame, ...]
) -> None:
    """Bring the rollups up to date for a change to some households: before and after are
    (households with province_code, allocations, purchases) of those households as stored and
    as they become (see change and add)."""
    add(conn, change(before, after, baskets(conn)))


def change(
    before: tuple[pl.DataFrame, ...], after: tuple[pl.DataFrame, ...], baskets: pl.DataFrame
) -> dict[str, pl.DataFrame]:
    """Per rollup table, what a change to some households changes: their rollup parts after
    less those before, keyed as the table is (rows that come to nothing dropped)."""
    ids = pl.concat([before[0]["id"], after[0]["id"]]).unique().sort()
    old_parts, new_parts = [], []
    for start in range(0, len(ids), DELTA_HOUSEHOLDS):  # a batch at a time: less memory
        chunk = ids.slice(start, DELTA_HOUSEHOLDS).implode()
        for frames, parts in ((before, old_parts), (after, new_parts)):
            people, allocations, purchases = frames
            parts.append(rollup_rows.batch(
                people.filter(pl.col("id").is_in(chunk)),
                allocations.filter(pl.col("household_id").is_in(chunk)),
                purchases.filter(pl.col("household_id").is_in(chunk)),
                baskets,
            ))  # fmt: skip
    if not new_parts:
        return {}
    old, new = rollup_rows.combine(old_parts), rollup_rows.combine(new_parts)
    return summed(
        [new, {n: f.with_columns(pl.exclude(rollup_rows.KEYS[n]) * -1) for n, f in old.items()}]
    )


def summed(changes: list[dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """The sum of changes (of change()), table by table; rows that come to nothing dropped."""
    out = {}
    for name, keys in rollup_rows.KEYS.items():
        frames = [c[name] for c in changes if name in c]
        if not frames:
            continue
        stacked = pl.concat(frames, how="vertical_relaxed")
        measures = [c for c in stacked.columns if c not in keys]
        out[name] = (
            stacked.group_by(keys)
            .agg(pl.col(measures).sum())
            .filter(pl.any_horizontal(pl.col(m) != 0 for m in measures))
        )
    return out


def add(conn: sa.Connection, change: dict[str, pl.DataFrame]) -> None:
    """Add change (of change() or summed()) to the stored rollups, rewriting only the rollup
    rows of the counties (and days) that change; rows that come to nothing are dropped."""
    for name, keys in rollup_rows.KEYS.items():
        if name not in change or change[name].is_empty():
            continue
        table, part = s.metadata.tables[name], change[name]
        measures = [c for c in part.columns if c not in keys]
        where = [table.c.county_id.in_(part["county_id"].unique().to_list())]
        if "day" in keys:  # only the days that change
            where.append(table.c.day.between(part["day"].min(), part["day"].max()))
        stored = read_rows(conn, sa.select(table).where(*where), dict(part.schema))
        merged = (
            pl.concat([stored.select(part.columns), part])
            .group_by(keys)
            .agg(pl.col(measures).sum())
            .filter(pl.any_horizontal(pl.col(m) != 0 for m in measures))
            .sort(keys)
        )
        conn.execute(table.delete().where(*where))
        bulkload.insert(conn, name, merged)
        if name == "rollup_daily":
            refresh_to_date(conn)
