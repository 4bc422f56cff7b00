"""Reading a statement's rows into a polars DataFrame: the one way queries and the rollup
rebuild read results."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import sqlalchemy as sa


def read_rows(
    conn: sa.Connection, statement: sa.Executable, schema: dict | None = None
) -> pl.DataFrame:
    """Run statement and return its rows as a polars DataFrame (typed by schema when given)."""
    result = conn.execute(statement)
    rows = result.fetchall()
    return pl.DataFrame(
        [tuple(r) for r in rows], schema=schema or list(result.keys()), orient="row"
    )


def ranges(conn: sa.Connection, column: sa.ColumnElement[int], size: int) -> list[tuple[int, int]]:
    """The ranges (first, last) of column's integer values, size wide and aligned on multiples
    of size, that hold any row, in order: a loop over them in batches reads no empty range,
    however sparse the ids (an imported household 8,000,001 beside ones under 10,000)."""
    blocks = conn.execute(sa.select(column // size).distinct()).scalars()
    return [(block * size, block * size + size - 1) for block in sorted(blocks)]


RAW_BATCH_ROWS = 250_000


def read_raw(conn: sa.Connection, statement: sa.Select, schema: dict) -> pl.DataFrame:
    """As read_rows, for large reads: the driver's own cursor and values (SQLAlchemy's row
    objects and type processing are most of the time of a million-row read), dates and times
    that SQLite keeps as text parsed by polars. schema is required."""
    if conn.dialect.name == "postgresql":
        return _copy_out(conn, statement, schema)
    compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    sqlite = conn.dialect.name == "sqlite"
    params = {k: _stored_text(v) if sqlite else v for k, v in compiled.params.items()}
    if compiled.positiontup is not None:
        params = tuple(params[name] for name in compiled.positiontup)
    as_read = {n: pl.String if sqlite and _temporal(k) else k for n, k in schema.items()}
    parts = [pl.DataFrame(schema=as_read)]
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        while rows := cursor.fetchmany(RAW_BATCH_ROWS):  # a batch of Python rows at a time
            parts.append(pl.DataFrame(rows, schema=as_read, orient="row"))
    finally:
        cursor.close()
    table = pl.concat(parts, rechunk=True)
    if not sqlite:
        return table
    return table.with_columns(
        pl.col(n).str.slice(0, 10).str.to_date("%Y-%m-%d")
        if k == pl.Date
        else pl.col(n).str.to_datetime(time_unit="us").cast(k)
        for n, k in schema.items()
        if _temporal(k)
    )


def _copy_out(conn: sa.Connection, statement: sa.Select, schema: dict) -> pl.DataFrame:
    """PostgreSQL: the rows as CSV through COPY, read by polars (no Python row at all)."""
    sql = statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    buffer = io.BytesIO()
    cursor = conn.connection.dbapi_connection.cursor()
    with cursor, cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:
        for chunk in copy:
            buffer.write(chunk)
    if not buffer.tell():
        return pl.DataFrame(schema=schema)
    buffer.seek(0)
    texts = {n: pl.String if _temporal(k) else k for n, k in schema.items()}
    table = pl.read_csv(buffer, has_header=False, new_columns=list(schema), schema=texts)
    return table.with_columns(
        pl.col(n).str.to_date("%Y-%m-%d") if k == pl.Date
        else pl.col(n).str.to_datetime(time_unit="us").cast(k)
        for n, k in schema.items() if _temporal(k)
    )  # fmt: skip


def _stored_text(value: object) -> object:
    """A bound value as SQLite holds it: a time as SQLAlchemy writes one (microseconds always:
    the driver's own '2026-02-01 00:00:00' sorts before the stored text of the same instant,
    '2026-02-01 00:00:00.000000', so <= and > would miss it)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _temporal(kind: object) -> bool:
    return kind == pl.Date or isinstance(kind, pl.Datetime) or kind == pl.Datetime
