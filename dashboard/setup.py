"""A database's set-up: the schema's tables created, the columns and indexes an older database
lacks added (its migrations), the shipped reference and programme tables loaded into empty
tables, and the derived tables built where the database was made before they existed. Run by
`python -m dashboard db init`, the seed, an import, and the app's engine on first use;
engines themselves are dashboard.db's. A database set up by this code carries its schema's
mark (in the derived table): set up again, it is recognised by one read.
"""

from __future__ import annotations

import functools
import hashlib
import os

import polars as pl
import sqlalchemy as sa

from dashboard import bulkload, derived, nearest, paths, rollups, schema, store_rollups

_SET_UP = "schema:"  # derived names a database set up by this code as _SET_UP + a digest


def is_initialised(engine: sa.Engine) -> bool:
    """True when every table of the schema exists."""
    existing = set(sa.inspect(engine).get_table_names())
    return set(schema.metadata.tables) <= existing


def missing_columns(engine: sa.Engine) -> list[str]:
    """Columns of the schema that the database lacks ('table.column'): a database built by an
    older version of the code, to be rebuilt (seed) rather than read wrongly."""
    inspector = sa.inspect(engine)
    existing = set(inspector.get_table_names())
    missing = []
    for name, table in schema.metadata.tables.items():
        if name not in existing:
            continue
        have = {c["name"] for c in inspector.get_columns(name)}
        missing += [f"{name}.{c.name}" for c in table.columns if c.name not in have]
    return missing


@functools.cache
def schema_mark() -> str:
    """The name derived records for a database set up by this code: a digest of the schema's
    tables, columns, indexes and migrations (another version of the code has another)."""
    parts = [repr((schema.ADDED_COLUMNS, schema.OBSOLETE_INDEXES))]
    for table in schema.metadata.sorted_tables:
        parts += [table.name, *(f"{c.name} {c.type!r} {c.nullable}" for c in table.columns)]
        parts += sorted(f"{i.name} {[c.name for c in i.columns]}" for i in table.indexes)
    return _SET_UP + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def is_set_up(engine: sa.Engine) -> bool:
    """Whether init has run on the database with this code's schema (one read)."""
    try:
        with engine.connect() as conn:
            return derived.built(conn, schema_mark())
    except sa.exc.DBAPIError:  # no derived table: a new database, or one older than it
        return False


def init(engine: sa.Engine) -> bool:
    """Create missing tables and load reference data and default settings into empty tables;
    nothing to do (one read) on a database init already set up with this code's schema.

    Returns True when anything was created or loaded. Existing rows are never touched.
    """
    if is_set_up(engine):
        return False
    if engine.dialect.name == "sqlite":
        db_file = engine.url.database
        if db_file and db_file != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(db_file)), exist_ok=True)
    changed = not is_initialised(engine)
    schema.metadata.create_all(engine)
    changed = _migrate_columns(engine) or changed
    _migrate_indexes(engine)
    for table, rows in reference_tables().items():
        with engine.connect() as conn:
            empty = (
                conn.execute(
                    sa.select(sa.func.count()).select_from(schema.metadata.tables[table])
                ).scalar_one()
                == 0
            )
        if empty:
            bulkload.load(engine, table, rows)
            changed = True
    with engine.begin() as conn:  # a database built before these derived tables existed
        if not derived.built(conn, nearest.NAME):
            nearest.refresh(conn)
            changed = True
        if not derived.built(conn, schema.rollup_to_date.name):
            rollups.refresh_to_date(conn)
            changed = True
        if not derived.built(conn, store_rollups.NAME):
            store_rollups.rebuild(conn)
            changed = True
        mark(conn)
    return changed


def mark(conn: sa.Connection) -> None:
    """Name the database set up by this code's schema (inside conn's transaction)."""
    unmark(conn)
    derived.mark(conn, schema_mark())


def unmark(conn: sa.Connection) -> None:
    """Take the mark away (while the set-up is undone for a while, as a seed drops indexes):
    until it is marked again, init sets the database up in full."""
    conn.execute(schema.derived.delete().where(schema.derived.c.name.startswith(_SET_UP)))


def _migrate_columns(engine: sa.Engine) -> bool:
    """Add the columns of schema.ADDED_COLUMNS an older database lacks (null in its rows means
    "recorded before that column existed"); returns True when any was added. Any other missing
    column needs a rebuild (missing_columns)."""
    added = False
    with engine.begin() as conn:
        for name in set(missing_columns(engine)) & set(schema.ADDED_COLUMNS):
            table, column = name.split(".")
            kind = schema.metadata.tables[table].c[column].type.compile(engine.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
            added = True
    return added


def _migrate_indexes(engine: sa.Engine) -> None:
    """Create the schema's indexes that an older database lacks, and drop obsolete ones."""
    inspector = sa.inspect(engine)
    with engine.begin() as conn:
        for table in schema.metadata.tables.values():
            have = {i["name"] for i in inspector.get_indexes(table.name)}
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            for index in table.indexes:
                # a column an older database lacks is named by missing_columns, not indexed
                if index.name not in have and {c.name for c in index.columns} <= columns:
                    index.create(conn)
            for name in have & set(schema.OBSOLETE_INDEXES):
                conn.exec_driver_sql(f"DROP INDEX {name}")


def reference_tables() -> dict[str, pl.DataFrame]:
    """The shipped reference and programme tables, as DataFrames keyed by table name."""
    ref, prog = paths.REFERENCE, paths.PROGRAMME
    return {
        "provinces": pl.read_csv(ref / "provinces.csv", schema_overrides={"households": pl.Int64}),
        "counties": pl.read_csv(ref / "counties.csv"),
        "places": pl.read_csv(ref / "places.csv"),
        "waves": pl.read_csv(prog / "waves.csv", try_parse_dates=True),
        "amounts": pl.read_csv(prog / "amounts.csv"),
        "settings": pl.read_csv(
            prog / "settings.csv", schema_overrides={"value": pl.String}
        ).with_columns(pl.col("value").fill_null("")),
        "items": pl.read_csv(prog / "items.csv"),
        "agencies": pl.read_csv(prog / "agencies.csv"),
    }
