"""Rows of the database that an extract's values name, fetched by those values: a short list
inline, a long one through a temporary table joined in the database (one transaction)."""

from __future__ import annotations

import itertools

import polars as pl
import sqlalchemy as sa

from dashboard import bulkload
from dashboard.rows import read_frame

INLINE_KEYS = 1000
_names = itertools.count()


def matching(
    conn: sa.Connection,
    columns: list[sa.ColumnElement],
    on: sa.ColumnElement,
    keys: pl.Series,
    schema: dict,
    where: sa.ColumnElement[bool] | None = None,
    select_from: sa.FromClause | None = None,
    group_by: list[sa.ColumnElement] | None = None,
) -> pl.DataFrame:
    """The rows (columns, typed by schema) whose `on` is one of keys (nulls and repeats aside),
    grouped by group_by when given."""
    keys = keys.drop_nulls().unique()
    query = sa.select(*columns)
    if select_from is not None:
        query = query.select_from(select_from)
    if where is not None:
        query = query.where(where)
    if group_by:
        query = query.group_by(*group_by)
    if keys.is_empty():
        return pl.DataFrame(schema=schema)
    if len(keys) <= INLINE_KEYS:
        return read_frame(conn, query.where(on.in_(keys.to_list())), schema)
    kind = sa.String() if keys.dtype == pl.String else sa.BigInteger()
    temporary = sa.Table(
        f"import_keys_{next(_names)}",
        sa.MetaData(),
        sa.Column("k", kind, primary_key=True),
        prefixes=["TEMPORARY"],
    )
    temporary.create(conn)
    try:
        bulkload.insert(conn, temporary, keys.to_frame("k"))
        return read_frame(conn, query.join(temporary, temporary.c.k == on), schema)
    finally:
        temporary.drop(conn)
