"""The seed writes the rollups from its generated frames: the same rows a rebuild reads back."""

from __future__ import annotations

import contextlib
import sqlite3

import polars as pl
import pytest
import sqlalchemy as sa

from dashboard import db, rollup_rows, rollups, schema, seeding
from dashboard.rows import read_rows


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('seed') / 'tiny.db'}"
    seeding.seed(url, "tiny", 3, progress=False)
    return url


def _rollups(conn: sa.Connection) -> dict[str, pl.DataFrame]:
    out = {}
    for name, keys in rollup_rows.KEYS.items():
        rows = read_rows(conn, sa.select(schema.metadata.tables[name]))
        out[name] = rows.with_columns(pl.col(keys).cast(pl.String)).sort(keys)
    return out


def test_seeded_rollups_equal_a_rebuild_from_raw_rows(seeded: str) -> None:
    engine = db.make_engine(seeded)
    with engine.begin() as conn:
        written = _rollups(conn)
        rollups.rebuild(conn)
        rebuilt = _rollups(conn)
    for name in rollup_rows.KEYS:
        assert written[name].height > 0, name
        assert written[name].equals(rebuilt[name]), name


def test_seed_builds_the_indexes_it_dropped_for_the_load(seeded: str) -> None:
    inspector = sa.inspect(db.make_engine(seeded))
    for table in seeding.BIG_TABLES:
        have = {i["name"] for i in inspector.get_indexes(table)}
        assert {i.name for i in schema.metadata.tables[table].indexes} <= have, table


def test_a_seeded_sqlite_file_is_left_in_wal_mode(seeded: str) -> None:
    """The seed writes with no journal; the app's readers need WAL beside the writer."""
    path = seeded.removeprefix("sqlite:///")
    with contextlib.closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
