"""Storing a clean judgement in one transaction: new rows inserted, changed records replaced,
the rollups of the touched households brought up to date, and the import recorded."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import bulkload, nearest, rollups, store_rollups
from dashboard import schema as s
from dashboard.importer.balance import ROLLED, SIDES
from dashboard.importer.judging import Judgement

SOURCE = "imported"  # places.source of an imported place


def store(conn: sa.Connection, judgement: Judgement, record: dict) -> int:
    """Write judgement's rows inside conn's transaction; returns the new imports row's id.

    record holds the imports row's file_name, sha256, form, unit, actor, started_at, seconds,
    province_code.
    """
    kind = judgement.kind
    table = s.metadata.tables[kind.table]
    rows = _as_stored(judgement.rows, kind.name)
    updated = rows.filter(pl.col("fate") == "update")
    if updated.height:  # records only, keyed by id: facts never update
        _delete(conn, table, updated["id"])
    written = rows.filter(pl.col("fate").is_in(["insert", "update"]))
    if kind.name == "purchases":  # in the order of ix_purchases_household_time: 0.6 s of 3.3
        columns = [c.name for c in table.columns]
        written = written.select(columns).sort("household_id", "purchased_at")
    bulkload.insert(conn, kind.table, written)
    if kind.name in ROLLED and judgement.context:
        c = judgement.context
        before = tuple(c[f"before_{n}"] for n in SIDES)
        after = tuple(c[f"after_{n}"] for n in SIDES)
        rollups.apply(conn, before, after)
        store_rollups.apply(conn, before, after)
    if kind.name == "purchases":
        store_rollups.count_bursts_again(conn, written)
    if kind.name in ("stores", "places"):
        nearest.refresh(conn)
        store_rollups.refresh_stores(conn, _moved_stores(conn, kind.name, updated))
    import_id = _next_id(conn)
    counts = judgement.counts()
    latest = rows[kind.event].max() if kind.event and rows.height else None
    conn.execute(
        s.imports.insert().values(
            id=import_id,
            kind=kind.name,
            read=counts["read"],
            inserted=counts["inserted"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            latest_event=latest,
            **record,
        )
    )
    changes = updated.select(
        pl.lit(import_id).alias("import_id"),
        pl.concat_str([pl.col(k).cast(pl.String) for k in kind.key], separator="/").alias("record"),
        pl.col("changed"),
    )
    bulkload.insert(conn, "import_changes", changes)
    return import_id


def _moved_stores(conn: sa.Connection, kind: str, updated: pl.DataFrame) -> list[int]:
    """The stores whose purchases' distances an update of stores or places changed: the
    stores that moved, or those the households of a moved place bought at."""
    moved = updated.filter(pl.col("changed").str.contains(r"(^|,\s*)(lat|lon)(,|$)"))[
        "id"
    ].to_list()
    if kind == "stores" or not moved:
        return moved
    p, h = s.purchases, s.households
    buyers = sa.select(h.c.id).where(h.c.place_id.in_(moved))
    query = sa.select(p.c.store_id).where(p.c.household_id.in_(buyers)).distinct()
    return [row.store_id for row in conn.execute(query)]


def _as_stored(rows: pl.DataFrame, kind: str) -> pl.DataFrame:
    """The rows as the table stores them: an imported place is marked so."""
    return rows.with_columns(source=pl.lit(SOURCE)) if kind == "places" else rows


def _delete(conn: sa.Connection, table: sa.Table, ids: pl.Series) -> None:
    """Delete table's rows of ids, a thousand at a time."""
    ids = ids.unique().sort()
    for start in range(0, len(ids), 1000):
        conn.execute(table.delete().where(table.c.id.in_(ids.slice(start, 1000).to_list())))


def _next_id(conn: sa.Connection) -> int:
    return (
        conn.execute(sa.select(sa.func.coalesce(sa.func.max(s.imports.c.id), 0))).scalar_one() + 1
    )
