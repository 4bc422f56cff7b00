"""Bulk loading of polars frames into existing tables (executemany, or COPY on PostgreSQL), and
the writes of a database build (the seed), through ADBC into a SQLite file."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import itertools
import sqlite3
from collections.abc import Callable, Iterator

import adbc_driver_sqlite.dbapi
import polars as pl
import sqlalchemy as sa

from dashboard import schema

CHUNK_ROWS = 500_000
# rows per SQLite INSERT statement (within the connection's limit of bound parameters): one
# statement per row costs the driver more than the values it binds
_SQLITE_STATEMENT_ROWS = 100
# SQLAlchemy's own SQLite text formats, so that bound parameters compare correctly as text.
_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%6f"
_SQLITE_DATE = "%Y-%m-%d"
# a SQLite file built from nothing: no page written twice, nothing synced (a failed build is
# thrown away whole), CHECK constraints judged once per load (_check) rather than row by row
# (SQLite makes an IN list's lookup table again for every row)
_BUILDING_PRAGMAS = ("journal_mode=OFF", "synchronous=OFF", "ignore_check_constraints=ON")


@dataclasses.dataclass(frozen=True)
class Build:
    """The writes of a database build, each call one transaction: load(table, frame) appends
    rows (columns in the table's order), execute(statements) runs DDL (index builds)."""

    load: Callable[[str, pl.DataFrame], None]
    execute: Callable[[list[sa.ExecutableDDLElement]], None]


def load(engine: sa.Engine, table: str, frame: pl.DataFrame) -> None:
    """Append frame to table (columns in the table's order); one transaction per call."""
    with engine.begin() as conn:
        insert(conn, table, frame)


@contextlib.contextmanager
def building(engine: sa.Engine) -> Iterator[Build]:
    """The writes of a build of the database of engine, from nothing (the seed). A SQLite file
    gets a connection of its own, ADBC's (values bound from Arrow in C, the GIL released so
    that Python work goes on beside it) under _BUILDING_PRAGMAS; the engine's pooled
    connections, whose schema predates the build's DDL, are let go at the end. Elsewhere,
    the engine's connections."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or path in (None, "", ":memory:"):
        yield Build(functools.partial(load, engine), functools.partial(_execute, engine))
        return
    with (
        contextlib.closing(adbc_driver_sqlite.dbapi.connect(path, autocommit=True)) as conn,
        conn.cursor() as cursor,
    ):
        for pragma in _BUILDING_PRAGMAS:
            cursor.execute(f"PRAGMA {pragma}")
            cursor.fetchall()
        yield Build(
            functools.partial(_ingest_sqlite, cursor),
            functools.partial(_execute_sqlite, cursor, engine.dialect),
        )
    engine.dispose()


def insert(conn: sa.Connection, table: str | sa.Table, frame: pl.DataFrame) -> None:
    """Append frame to table (one of the schema's by name, or a temporary one) inside conn's
    transaction (committed or rolled back with it)."""
    table = schema.metadata.tables[table] if isinstance(table, str) else table
    frame = _in_table_order(table, frame)
    if frame.is_empty():
        return
    dialect = conn.dialect.name
    if dialect == "sqlite":
        _insert_sqlite(conn, table.name, frame)
    elif dialect == "postgresql":
        _copy_postgresql(conn, table.name, frame)
    else:
        conn.execute(schema.metadata.tables[table.name].insert(), frame.to_dicts())


def _in_table_order(table: sa.Table, frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select([c.name for c in table.columns if c.name in frame.columns])


def _sqlite_text(frame: pl.DataFrame) -> pl.DataFrame:
    """frame with its dates and times as the text SQLite keeps them as."""
    return frame.with_columns(
        [
            pl.col(n).dt.strftime(_SQLITE_DATETIME)
            for n, t in frame.schema.items()
            if t == pl.Datetime
        ]
        + [pl.col(n).dt.strftime(_SQLITE_DATE) for n, t in frame.schema.items() if t == pl.Date]
    )


def _insert_sqlite(conn: sa.Connection, table: str, frame: pl.DataFrame) -> None:
    frame = _sqlite_text(frame)
    dbapi = conn.connection.dbapi_connection
    limit = dbapi.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(_SQLITE_STATEMENT_ROWS, limit // frame.width))
    head = f"INSERT INTO {table} ({', '.join(frame.columns)}) VALUES "
    row = "(" + ", ".join("?" * frame.width) + ")"
    step = per * frame.width
    whole = frame.height - frame.height % per
    cursor = dbapi.cursor()
    try:
        for chunk in frame.slice(0, whole).iter_slices(CHUNK_ROWS // per * per):
            values = _flat(chunk)
            statements = (values[i : i + step] for i in range(0, len(values), step))
            cursor.executemany(head + ", ".join([row] * per), statements)
        if whole < frame.height:
            cursor.execute(head + ", ".join([row] * (frame.height - whole)), _flat(frame[whole:]))
    finally:
        cursor.close()


def _flat(frame: pl.DataFrame) -> list:
    """frame's values row after row, as Python objects."""
    columns = (c.to_list() for c in frame.get_columns())
    return list(itertools.chain.from_iterable(zip(*columns, strict=True)))


def _ingest_sqlite(
    cursor: adbc_driver_sqlite.dbapi.Cursor, table: str, frame: pl.DataFrame
) -> None:
    """Append frame to table, its CHECK constraints judged before the commit."""
    target = schema.metadata.tables[table]
    frame = _sqlite_text(_in_table_order(target, frame))
    if frame.is_empty():
        return
    cursor.execute("BEGIN")
    rows = frame.to_arrow(compat_level=pl.CompatLevel.newest())  # strings as they are held
    cursor.adbc_ingest(table, rows, mode="append")
    _check(cursor, target)
    cursor.execute("COMMIT")


def _execute_sqlite(
    cursor: adbc_driver_sqlite.dbapi.Cursor,
    dialect: sa.Dialect,
    statements: list[sa.ExecutableDDLElement],
) -> None:
    if not statements:
        return
    cursor.execute("BEGIN")
    for statement in statements:
        cursor.execute(str(statement.compile(dialect=dialect)))
    cursor.execute("COMMIT")


def _execute(engine: sa.Engine, statements: list[sa.ExecutableDDLElement]) -> None:
    if not statements:
        return
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # index builds sort in memory, not in temporary files
            conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '1GB'")
        for statement in statements:
            conn.execute(statement)


def _check(cursor: adbc_driver_sqlite.dbapi.Cursor, table: sa.Table) -> None:
    """Raise when rows of table break its CHECK constraints (which SQLite was told to skip)."""
    checks = [str(c.sqltext) for c in table.constraints if isinstance(c, sa.CheckConstraint)]
    if not checks:
        return
    cursor.execute(f"SELECT count(*) FROM {table.name} WHERE NOT ({') OR NOT ('.join(checks)})")
    (broken,) = cursor.fetchone()
    if broken:
        raise ValueError(f"{broken} rows of {table.name} break its CHECK constraints")


def _copy_postgresql(conn: sa.Connection, table: str, frame: pl.DataFrame) -> None:
    names = ", ".join(frame.columns)
    with conn.connection.dbapi_connection.cursor() as cursor:
        for chunk in frame.iter_slices(CHUNK_ROWS):
            buffer = io.BytesIO()
            chunk.write_csv(buffer, include_header=False, null_value="")
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
