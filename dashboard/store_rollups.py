"""The store-risk rollups (schema.rollup_store_days, _bursts, _totals): built by the seed and
a rebuild, brought up to date by each import for the stores and days it touches only.

Marks are additive over households (dashboard.risk_marks.marks): an import that changes some
households takes their marks before away and adds those after. Bursts depend on a store's
other purchases of the day: the days a purchases import touches are counted again from the
store's stored rows of those days and the new ones.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import bulkload, derived
from dashboard import risk_marks as rm
from dashboard import schema as s
from dashboard.lookups import Keys
from dashboard.rows import ranges, read_raw
from dashboard.settings import read as read_settings
from dashboard.staging import Staging

NAME = "rollup_store_days"
IDS_PER_QUERY = 900  # ids bound in one IN list
BATCH_HOUSEHOLDS = 250_000  # households a rebuild reads at once (rollups.rebuild's too)
STORES_PER_READ = 20_000  # stores whose purchases the burst count reads at once
TOTALS = {"store_id": pl.Int64, "first_day": pl.Date, "last_day": pl.Date,
          **dict.fromkeys((*rm.MEASURES, "burst"), pl.Int64)}  # fmt: skip
_PURCHASES = {"store_id": pl.Int64, "household_id": pl.Int64, "purchased_at": pl.Datetime("us")}


def rules(conn: sa.Connection) -> rm.Rules:
    """The marking rules in the settings table."""
    return rm.Rules.of(read_settings(conn))


def locations(conn: sa.Connection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(stores, places) as id, lat, lon."""
    return tuple(
        read_raw(conn, sa.select(t.c.id, t.c.lat, t.c.lon), rm.LOCATIONS)
        for t in (s.stores, s.places)
    )


def write(conn: sa.Connection, days: pl.DataFrame) -> dict[str, int]:
    """Replace the store rollups with days (rm.SCHEMA: every store-day of the data) and the
    bursts counted from the stored purchases; returns rows per table."""
    conn.execute(s.rollup_store_days.delete())
    bulkload.insert(conn, NAME, days)
    return finish(conn, days)


def finish(conn: sa.Connection, days: pl.DataFrame) -> dict[str, int]:
    """With days stored in rollup_store_days (the seed loads them itself), count the bursts
    from the stored purchases and replace the totals; returns rows per table."""
    conn.execute(s.rollup_store_bursts.delete())
    burst = _count_bursts(conn, rules(conn))
    bulkload.insert(conn, "rollup_store_bursts", burst)
    totals = _totals(days, burst)
    conn.execute(s.rollup_store_totals.delete())
    bulkload.insert(conn, "rollup_store_totals", totals)
    derived.mark(conn, NAME)
    return {NAME: days.height, "rollup_store_bursts": burst.height,
            "rollup_store_totals": totals.height}  # fmt: skip


def rebuild(conn: sa.Connection) -> dict[str, int]:
    """Replace the store rollups with sums over the core tables (inside conn's transaction)."""
    h = s.households
    stores, places = locations(conn)
    found = rules(conn)
    parts = [
        rm.marks(*_households(conn, h.c.id.between(first, last)), stores, places, found)
        for first, last in ranges(conn, h.c.id, BATCH_HOUSEHOLDS)
    ]
    return write(conn, rm.combine(parts))


def _households(conn: sa.Connection, where: sa.ColumnElement) -> tuple[pl.DataFrame, ...]:
    """(households, allocations, purchases) of the households where holds (on households.id)."""
    h, a, p = s.households, s.allocations, s.purchases
    ids = sa.select(h.c.id).where(where)
    return (
        read_raw(conn, sa.select(h.c.id, h.c.place_id).where(where), rm.HOUSEHOLDS),
        read_raw(
            conn,
            sa.select(*[a.c[n] for n in rm.ALLOCATIONS]).where(a.c.household_id.in_(ids)),
            rm.ALLOCATIONS,
        ),  # fmt: skip
        read_raw(
            conn,
            sa.select(*[p.c[n] for n in rm.PURCHASES]).where(p.c.household_id.in_(ids)),
            rm.PURCHASES,
        ),  # fmt: skip
    )


def apply(conn: sa.Connection, before: tuple, after: tuple) -> None:
    """Bring the store rollups up to date for a change to some whole households: before and
    after are (households, allocations, purchases) as stored and as they become (the
    rollups' import context)."""
    add(conn, change(conn, before, after))


def change(conn: sa.Connection, before: tuple, after: tuple) -> pl.DataFrame:
    """What a change to some whole households (see apply) changes in the store-day rows:
    their marks after less those before (rm.SCHEMA; rows that come to nothing dropped)."""
    stores, places = _locations_of(conn, before, after)
    found = rules(conn)
    old = rm.marks(*before, stores, places, found)
    new = rm.marks(*after, stores, places, found)
    return rm.combine([new, old.with_columns(pl.col(rm.MEASURES) * -1)])


def add(conn: sa.Connection, change: pl.DataFrame) -> None:
    """Add change (of change()) to the store-day rows and the stores' totals."""
    merge_days(conn, change)
    add_to_totals(conn, change)


def _locations_of(conn, before: tuple, after: tuple) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The stores and places the households of before and after buy at and live in."""
    store_ids = pl.concat([before[2]["store_id"], after[2]["store_id"]]).drop_nulls().unique()
    place_ids = pl.concat([before[0]["place_id"], after[0]["place_id"]]).drop_nulls().unique()
    return _by_ids(conn, s.stores, store_ids), _by_ids(conn, s.places, place_ids)


def _by_ids(conn: sa.Connection, table: sa.Table, ids: pl.Series) -> pl.DataFrame:
    query = sa.select(table.c.id, table.c.lat, table.c.lon)
    return pl.concat(
        [pl.DataFrame(schema=rm.LOCATIONS)]
        + [
            read_raw(conn, query.where(table.c.id.in_(chunk)), rm.LOCATIONS)
            for chunk in _chunks(ids)
        ]  # fmt: skip
    )


def _chunks(ids: pl.Series | list) -> list[list]:
    values = pl.Series(ids).unique().sort().to_list()
    return [values[i : i + IDS_PER_QUERY] for i in range(0, len(values), IDS_PER_QUERY)]


def merge_days(
    conn: sa.Connection, change: pl.DataFrame, before: pl.DataFrame | None = None
) -> None:
    """Add change (rm.SCHEMA) to the stored store-day rows (before, when known: the store-days
    stored; the others are new rows)."""
    t = s.rollup_store_days
    if before is not None:
        bulkload.insert(conn, NAME, change.join(before, on=rm.KEYS, how="anti"))
        change = change.join(before, on=rm.KEYS, how="semi")
    if change.is_empty():
        return
    with Keys(conn, change["store_id"]) as stores:
        where = [stores.among(t.c.store_id),
                 t.c.day.between(change["day"].min(), change["day"].max())]  # fmt: skip
        stored = read_raw(conn, sa.select(*[t.c[c] for c in rm.SCHEMA]).where(*where), rm.SCHEMA)
        conn.execute(t.delete().where(*where))
    bulkload.insert(conn, NAME, rm.combine([stored, change]))


def add_to_totals(conn: sa.Connection, change: pl.DataFrame) -> None:
    """Add change (per store and day: any of the measures and burst) to the stores' totals."""
    add_sums(conn, store_sums(change))


def store_sums(change: pl.DataFrame) -> pl.DataFrame:
    """change (per store and day: any of the measures and burst) per store: its first and last
    day and the sums."""
    return change.group_by("store_id").agg(
        pl.col("day").min().alias("first_day"),
        pl.col("day").max().alias("last_day"),
        pl.exclude("store_id", "day").sum(),
    )


def add_sums(conn: sa.Connection, sums: pl.DataFrame) -> None:
    """Add sums (of store_sums; a store may have several rows) to the stores' totals."""
    t = s.rollup_store_totals
    if sums.is_empty():
        return
    with Keys(conn, sums["store_id"]) as stores:
        where = stores.among(t.c.store_id)
        stored = read_raw(conn, sa.select(*[t.c[c] for c in TOTALS]).where(where), TOTALS)
        conn.execute(t.delete().where(where))
    measures = [c for c in TOTALS if c not in ("store_id", "first_day", "last_day")]
    merged = (
        pl.concat([stored, sums], how="diagonal_relaxed")
        .with_columns(pl.col(measures).fill_null(0))
        .group_by("store_id")
        .agg(pl.col("first_day").min(), pl.col("last_day").max(), pl.col(measures).sum())
        .filter(pl.col("purchases") > 0)
    )
    bulkload.insert(conn, "rollup_store_totals", merged.cast(TOTALS).select(list(TOTALS)))


def stored_days(conn: sa.Connection, low: dt.date, high: dt.date) -> pl.DataFrame:
    """The store-days (store_id, day) between low and high that have stored purchases."""
    t = s.rollup_store_days
    query = sa.select(t.c.store_id, t.c.day).where(t.c.day.between(low, high))
    return read_raw(conn, query, {"store_id": pl.Int64, "day": pl.Date})


def count_bursts(conn: sa.Connection, sold: Staging, before: pl.DataFrame) -> pl.DataFrame:
    """Count the bursts on the store-days of new purchases, once they are stored (sold: the
    new purchases, store_id, household_id and purchased_at, in buckets by store; before: the
    store-days that had purchases before them): from the new purchases alone where a
    store-day had none, else again from every stored purchase of the store-day. Returns the
    change in bursts (rm.BURSTS), for the totals."""
    found = rules(conn)
    fresh, again = [pl.DataFrame(schema=rm.BURSTS)], [before.clear()]
    for rows in sold.buckets():
        rows = rows.with_columns(day=pl.col("purchased_at").dt.date())
        days = rows.select(rm.KEYS).unique()
        new = days.join(before, on=rm.KEYS, how="anti")
        fresh.append(rm.bursts(rows.join(new, on=rm.KEYS, how="semi"), found))
        again.append(days.join(before, on=rm.KEYS, how="semi"))
    counted = pl.concat(fresh).sort(rm.KEYS)
    bulkload.insert(conn, "rollup_store_bursts", counted)  # a store-day without purchases
    return pl.concat([counted, recount_bursts(conn, pl.concat(again))])  # had no bursts


def recount_bursts(conn: sa.Connection, touched: pl.DataFrame) -> pl.DataFrame:
    """Count the bursts again on the store-days touched (store_id, day) by new purchases, once
    they are stored, from every stored purchase of those store-days; returns the change in
    bursts (rm.BURSTS)."""
    p, b = s.purchases, s.rollup_store_bursts
    if touched.is_empty():
        return pl.DataFrame(schema=rm.BURSTS)
    found = rules(conn)
    low, high = touched["day"].min(), touched["day"].max()
    moments = (dt.datetime.combine(low, dt.time()),
               dt.datetime.combine(high + dt.timedelta(days=1), dt.time()))  # fmt: skip
    changes = [pl.DataFrame(schema=rm.BURSTS)]
    for chunk in _chunks(touched["store_id"]):
        mine = touched.filter(pl.col("store_id").is_in(chunk))
        query = sa.select(*[p.c[c] for c in _PURCHASES]).where(
            p.c.store_id.in_(chunk), p.c.purchased_at >= moments[0], p.c.purchased_at < moments[1]
        )
        rows = read_raw(conn, query, _PURCHASES).with_columns(day=pl.col("purchased_at").dt.date())
        counted = rm.bursts(rows.join(mine, on=["store_id", "day"], how="semi"), found)
        where = [b.c.store_id.in_(chunk), b.c.day.between(low, high)]
        stored = read_raw(conn, sa.select(b.c.store_id, b.c.day, b.c.burst).where(*where),
                          rm.BURSTS)  # fmt: skip
        keep = stored.join(mine, on=["store_id", "day"], how="anti")
        conn.execute(b.delete().where(*where))
        bulkload.insert(conn, "rollup_store_bursts", pl.concat([keep, counted]).sort(rm.KEYS))
        replaced = stored.join(mine, on=["store_id", "day"], how="semi")
        changes.append(pl.concat([counted, replaced.with_columns(pl.col("burst") * -1)]))
    change = pl.concat(changes).group_by(rm.KEYS).agg(pl.col("burst").sum())
    return change.filter(pl.col("burst") != 0)


def refresh_stores(conn: sa.Connection, store_ids: list[int]) -> None:
    """Mark every purchase of the stores again (after a store or a place moved): their
    store-day rows replaced and their totals counted again."""
    p, d, t = s.purchases, s.rollup_store_days, s.rollup_store_totals
    if not store_ids:
        return
    stores, places = locations(conn)
    found = rules(conn)
    for chunk in _chunks(store_ids):
        buyers = sa.select(p.c.household_id).where(p.c.store_id.in_(chunk)).distinct()
        days = rm.marks(*_households(conn, s.households.c.id.in_(buyers)), stores, places, found)
        days = days.filter(pl.col("store_id").is_in(chunk))
        conn.execute(d.delete().where(d.c.store_id.in_(chunk)))
        bulkload.insert(conn, NAME, days)
        b = s.rollup_store_bursts
        burst = read_raw(conn, sa.select(b.c.store_id, b.c.day, b.c.burst)
                         .where(b.c.store_id.in_(chunk)), rm.BURSTS)  # fmt: skip
        conn.execute(t.delete().where(t.c.store_id.in_(chunk)))
        bulkload.insert(conn, "rollup_store_totals", _totals(days, burst))


def _count_bursts(conn: sa.Connection, found: rm.Rules) -> pl.DataFrame:
    """Every store's bursts, from its stored purchases, a range of stores at a time."""
    p = s.purchases
    parts = [pl.DataFrame(schema=rm.BURSTS)]
    for first, last in ranges(conn, s.stores.c.id, STORES_PER_READ):  # purchases' stores
        query = sa.select(*[p.c[c] for c in _PURCHASES]).where(p.c.store_id.between(first, last))
        parts.append(rm.bursts(read_raw(conn, query, _PURCHASES), found))
    return pl.concat(parts)


def _totals(days: pl.DataFrame, burst: pl.DataFrame) -> pl.DataFrame:
    """Each store's sums over its days (TOTALS)."""
    sums = days.group_by("store_id").agg(
        pl.col(rm.MEASURES).sum(), first_day=pl.col("day").min(), last_day=pl.col("day").max()
    )
    bursts = burst.group_by("store_id").agg(pl.col("burst").sum())
    return (
        sums.join(bursts, on="store_id", how="left")
        .with_columns(pl.col("burst").fill_null(0))
        .filter(pl.col("purchases") > 0)
        .cast(TOTALS)
        .select(list(TOTALS))
        .sort("store_id")
    )
