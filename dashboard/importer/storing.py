"""Storing a clean judgement in one transaction: new rows inserted, changed records replaced,
the rollups of the touched households brought up to date, and the import recorded (and
audited: audit). A staged kind's rows (purchases) are stored a bucket at a time while they are
judged (Staged)."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import sqlalchemy as sa

from dashboard import bulkload, nearest, rollups, store_rollups
from dashboard import risk_marks as rm
from dashboard import schema as s
from dashboard.importer.balance import ROLLED, SIDES
from dashboard.importer.judging import Judgement
from dashboard.staging import Staging

SOURCE = "imported"  # places.source of an imported place


class Staged:
    """The sink of a staged judgement (judging.Sink): each clean bucket's new rows inserted as
    it comes, its rollup changes summed, its store-day marks and purchases put aside by store;
    finish() writes the sums and the store rollups a range of stores at a time. A context
    manager: what was put aside is removed on exit."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn, self.baskets = conn, rollups.baskets(conn)
        self.rollups: dict[str, pl.DataFrame] = {}
        self.marked, self.sold = Staging("store_id"), Staging("store_id")
        self.days: list = []  # the least and greatest day of the marks put aside

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *_: object) -> None:
        self.marked.__exit__()
        self.sold.__exit__()

    def __call__(self, rows: pl.DataFrame, context: dict[str, pl.DataFrame]) -> None:
        new = _in_key_order(rows.filter(pl.col("fate") == "insert"))
        bulkload.insert(self.conn, "purchases", new)
        before, after = _sides(context)
        self.rollups = rollups.summed([self.rollups, rollups.change(before, after, self.baskets)])
        marks = store_rollups.change(self.conn, before, after)
        if not marks.is_empty():
            self.marked.add(marks)
            self.days += [marks["day"].min(), marks["day"].max()]
        self.sold.add(new.select("store_id", "household_id", "purchased_at"))

    def finish(self) -> None:
        """Write the rollup changes of every bucket stored."""
        rollups.add(self.conn, self.rollups)
        if not self.days:
            return
        before = store_rollups.stored_days(self.conn, min(self.days), max(self.days))
        sums = []
        for part in self.marked.buckets():
            marks = rm.combine([part])
            store_rollups.merge_days(self.conn, marks, before)
            sums.append(store_rollups.store_sums(marks))
        bursts = store_rollups.count_bursts(self.conn, self.sold, before)
        sums.append(store_rollups.store_sums(bursts))
        store_rollups.add_sums(self.conn, pl.concat(sums, how="diagonal"))


def store(conn: sa.Connection, judgement: Judgement, record: dict,
          staged: Staged | None = None) -> int:  # fmt: skip
    """Write judgement's rows inside conn's transaction (staged: the sink that stored them
    already while they were judged); returns the new imports row's id.

    record holds the imports row's file_name, sha256, form, unit, actor, started_at, seconds,
    province_code.
    """
    kind = judgement.kind
    rows = _as_stored(judgement.rows, kind.name)
    updated = rows.filter(pl.col("fate") == "update")
    if staged is not None:
        staged.finish()
    else:
        _write(conn, judgement, rows, updated)
    import_id = _next_id(conn)
    counts = judgement.counts()
    conn.execute(
        s.imports.insert().values(
            id=import_id,
            kind=kind.name,
            read=counts["read"],
            inserted=counts["inserted"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            latest_event=judgement.latest,
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


def audit(conn: sa.Connection, actor: str, action: str, at: dt.datetime, detail: dict,
          province: str | None = None) -> None:  # fmt: skip
    """Add an import's audit row (action import; refused for a refused one) in the import's
    own transaction: who, when, the area, and detail as the structured record queries.audit
    reads back in the reader's language ({"v": 1, ...}: kind, file, counts, ...)."""
    conn.execute(
        s.audit.insert().values(
            at=at,
            username=(actor or "unknown")[:80],
            action=action,
            detail=json.dumps(
                {"v": 1, **{k: v for k, v in detail.items() if v is not None}},
                ensure_ascii=False,
                separators=(",", ":"),
            ),
            province_code=province,
        )
    )


def _write(conn: sa.Connection, judgement: Judgement, rows: pl.DataFrame,
           updated: pl.DataFrame) -> None:  # fmt: skip
    """Store the rows of a judgement held whole (any kind but purchases: judging.STAGED), and
    bring the rollups up to date."""
    kind = judgement.kind
    table = s.metadata.tables[kind.table]
    if updated.height:  # records only, keyed by id: facts never update
        _delete(conn, table, updated["id"])
    written = rows.filter(pl.col("fate").is_in(["insert", "update"]))
    bulkload.insert(conn, kind.table, written)
    if kind.name in ROLLED and judgement.context:
        before, after = _sides(judgement.context)
        rollups.apply(conn, before, after)
        store_rollups.apply(conn, before, after)
    if kind.name in ("stores", "places"):
        nearest.refresh(conn)
        store_rollups.refresh_stores(conn, _moved_stores(conn, kind.name, updated))


def _in_key_order(purchases: pl.DataFrame) -> pl.DataFrame:
    """Purchases as stored, in the order of ix_purchases_household_time (faster to insert)."""
    columns = [c.name for c in s.purchases.columns]
    return purchases.select(columns).sort("household_id", "purchased_at")


def _sides(context: dict[str, pl.DataFrame]) -> tuple[tuple, tuple]:
    """(before, after) of a judgement's rollup context."""
    return tuple(tuple(context[f"{side}_{n}"] for n in SIDES) for side in ("before", "after"))


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
