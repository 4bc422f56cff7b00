"""Bulk loading of polars frames into existing tables (executemany, or COPY on PostgreSQL)."""

from __future__ import annotations

import io

import polars as pl
import sqlalchemy as sa

from dashboard import schema

CHUNK_ROWS = 500_000
# SQLAlchemy's own SQLite text formats, so that bound parameters compare correctly as text.
_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%6f"
_SQLITE_DATE = "%Y-%m-%d"


def load(engine: sa.Engine, table: str, frame: pl.DataFrame) -> None:
    """Append frame to table (columns in the table's order); one transaction per call."""
    with engine.begin() as conn:
        insert(conn, table, frame)


def insert(conn: sa.Connection, table: str | sa.Table, frame: pl.DataFrame) -> None:
    """Append frame to table (one of the schema's by name, or a temporary one) inside conn's
    transaction (committed or rolled back with it)."""
    table = schema.metadata.tables[table] if isinstance(table, str) else table
    columns = [c.name for c in table.columns]
    frame = frame.select([c for c in columns if c in frame.columns])
    table = table.name
    if frame.is_empty():
        return
    dialect = conn.dialect.name
    if dialect == "sqlite":
        _insert_sqlite(conn, table, frame)
    elif dialect == "postgresql":
        _copy_postgresql(conn, table, frame)
    else:
        conn.execute(schema.metadata.tables[table].insert(), frame.to_dicts())


def _insert_sqlite(conn: sa.Connection, table: str, frame: pl.DataFrame) -> None:
    frame = frame.with_columns(
        [
            pl.col(n).dt.strftime(_SQLITE_DATETIME)
            for n, t in frame.schema.items()
            if t == pl.Datetime
        ]
        + [pl.col(n).dt.strftime(_SQLITE_DATE) for n, t in frame.schema.items() if t == pl.Date]
    )
    cursor = conn.connection.dbapi_connection.cursor()
    names = ", ".join(frame.columns)
    marks = ", ".join("?" for _ in frame.columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    for chunk in frame.iter_slices(CHUNK_ROWS):
        cursor.executemany(sql, zip(*(c.to_list() for c in chunk.get_columns()), strict=True))
    cursor.close()


def _copy_postgresql(conn: sa.Connection, table: str, frame: pl.DataFrame) -> None:
    names = ", ".join(frame.columns)
    with conn.connection.dbapi_connection.cursor() as cursor:
        for chunk in frame.iter_slices(CHUNK_ROWS):
            buffer = io.BytesIO()
            chunk.write_csv(buffer, include_header=False, null_value="")
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
