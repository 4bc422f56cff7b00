"""The seed writes the rollups from its generated frames: the same rows a rebuild reads back."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa

from dashboard import db, rollup_rows, rollups, sample, schema, seeding, setup
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


def _missing_indexes(engine: sa.Engine) -> dict[str, set[str]]:
    """The schema's indexes of the big tables that the database lacks, by table."""
    inspector = sa.inspect(engine)
    missing = {}
    for table in seeding.BIG_TABLES:
        have = {i["name"] for i in inspector.get_indexes(table)}
        missing[table] = {i.name for i in schema.metadata.tables[table].indexes} - have
    return {table: names for table, names in missing.items() if names}


def test_seed_builds_the_indexes_it_dropped_for_the_load(seeded: str) -> None:
    engine = db.make_engine(seeded)
    assert _missing_indexes(engine) == {}
    assert setup.is_set_up(engine), "a finished seed is marked as set up"


def test_a_seed_stopped_half_way_is_set_up_again_by_the_next_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped while the purchases load (their indexes dropped), the seed leaves no mark of a
    set-up database: the next init builds the indexes again instead of taking it as set up."""
    generate = sample.generate

    def stopped_at_the_purchases(*args):
        for table, rows in generate(*args):
            if table == "purchases":
                raise RuntimeError("stopped")
            yield table, rows

    monkeypatch.setattr(sample, "generate", stopped_at_the_purchases)
    url = f"sqlite:///{tmp_path / 'stopped.db'}"
    with pytest.raises(RuntimeError, match="stopped"):
        seeding.seed(url, "tiny", 3, progress=False)
    engine = db.make_engine(url)
    assert "purchases" in _missing_indexes(engine)
    assert not setup.is_set_up(engine)
    setup.init(engine)
    assert _missing_indexes(engine) == {}
    assert setup.is_set_up(engine)


def test_a_seeded_sqlite_file_is_left_in_wal_mode(seeded: str) -> None:
    """The seed writes with no journal; the app's readers need WAL beside the writer."""
    path = seeded.removeprefix("sqlite:///")
    with contextlib.closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
