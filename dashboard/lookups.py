"""Rows of the database fetched by a set of values (an extract's, or the stores an import
touched): a short list inline, a long one through a temporary table joined in the database
(one transaction)."""

from __future__ import annotations

import itertools

import polars as pl
import sqlalchemy as sa

from dashboard import bulkload
from dashboard.rows import read_raw

INLINE_KEYS = 1000
_names = itertools.count()


class Keys:
    """A set of keys to look rows up by, held in the database for the lookups that share it
    (a temporary table while open; a short list inline)."""

    def __init__(self, conn: sa.Connection, keys: pl.Series) -> None:
        self.conn, self.keys = conn, keys.drop_nulls().unique()
        self.table: sa.Table | None = None

    def __enter__(self) -> Keys:
        if len(self.keys) > INLINE_KEYS:
            kind = sa.String() if self.keys.dtype == pl.String else sa.BigInteger()
            self.table = sa.Table(
                f"import_keys_{next(_names)}", sa.MetaData(),
                sa.Column("k", kind, primary_key=True), prefixes=["TEMPORARY"],
            )  # fmt: skip
            self.table.create(self.conn)
            bulkload.insert(self.conn, self.table, self.keys.to_frame("k"))
        return self

    def __exit__(self, *_: object) -> None:
        if self.table is not None:
            self.table.drop(self.conn)

    def among(self, column: sa.ColumnElement) -> sa.ColumnElement[bool]:
        """Whether column is one of the keys (for a statement that cannot join: a delete)."""
        if self.table is None:
            return column.in_(self.keys.to_list())
        return column.in_(sa.select(self.table.c.k)) & self._span(column)

    def narrow(self, query: sa.Select, on: sa.ColumnElement) -> sa.Select:
        """query restricted to the rows whose `on` is one of the keys."""
        if self.table is None:
            return query.where(on.in_(self.keys.to_list()))
        return query.join(self.table, self.table.c.k == on).where(self._span(on))

    def _span(self, column: sa.ColumnElement) -> sa.ColumnElement[bool]:
        """column between the least and the greatest key: without it SQLite scans the whole
        table or index and looks each row up among the keys (Tehran: 2.7 s for 100,000
        households' purchases, 0.2 s with it; the keys of an import's bucket are a range)."""
        return column.between(self.keys.min(), self.keys.max())


def matching(
    conn: sa.Connection,
    columns: list[sa.ColumnElement],
    on: sa.ColumnElement,
    keys: pl.Series | Keys,
    schema: dict,
    where: sa.ColumnElement[bool] | None = None,
    select_from: sa.FromClause | None = None,
    group_by: list[sa.ColumnElement] | None = None,
) -> pl.DataFrame:
    """The rows (columns, typed by schema) whose `on` is one of keys (a series, nulls and
    repeats aside, or Keys already held), grouped by group_by when given."""
    query = sa.select(*columns)
    if select_from is not None:
        query = query.select_from(select_from)
    if where is not None:
        query = query.where(where)
    if isinstance(keys, Keys):
        query = keys.narrow(query, on)
        return read_raw(conn, query.group_by(*group_by) if group_by else query, schema)
    with Keys(conn, keys) as held:
        if held.keys.is_empty():
            return pl.DataFrame(schema=schema)
        return matching(conn, columns, on, held, schema, where, select_from, group_by)
