"""db init (dashboard.setup): the stable core schema, WAL mode, reference rows loaded once;
engines (dashboard.db) from the lowest module of ours."""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys

import pytest
import sqlalchemy as sa

from dashboard import db, schema, setup
from tests.conftest import ROOT
from tests.populate import older_code_set_it_up

CORE = {
    "provinces": "code old_code name_fa name_en capital_fa capital_en lat lon population "
    "households",
    "counties": "id province_code name_fa name_en lat lon population",
    "places": "id county_id name_fa name_en kind lat lon population",
    "households": "id county_id place_id members decile grp head_hash",
    "allocations": "household_id month amount_toman opens_on",
    "purchases": "id household_id store_id purchased_at credit_toman cash_toman",
    "stores": "id terminal_id name kind chain county_id place_id lat lon joined_on status "
    "status_since",
    "complaints": "id store_id channel kind reporter_hash filed_at dispatched_at inspected_at "
    "outcome action closed_at",
    "tasks": "id province_code county_id agency title detail owner due_on status done_on "
    "priority indicator version",
    "task_events": "id task_id at actor old_status new_status note",
    "escalations": "id province_code county_id problem raised_by level raised_on answered_on "
    "answer",
    "method_two": "id household_id registered_at cancelled_at store_id delivered_at package_toman",
    "mother_packages": "id household_id kind eligible_on issued_on collected_at store_id",
    "applications": "id applicant_hash county_id members filed_at decided_at outcome household_id",
}


def test_db_init_creates_the_core_schema(tmp_path) -> None:
    path = tmp_path / "new.db"
    command = [sys.executable, "-m", "dashboard", "db", "init", "--db", f"sqlite:///{path}"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "database initialised" in first.stdout
    conn = sqlite3.connect(path)
    for table, columns in CORE.items():
        have = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        assert set(columns.split()) <= set(have), table
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT count(*) FROM provinces").fetchone()[0] == 31
    waves = conn.execute("SELECT opens_on FROM waves ORDER BY opens_on").fetchall()
    assert waves[0][0] == "2026-01-07"
    target = conn.execute("SELECT value FROM settings WHERE key='dispatch_target_hours'")
    assert target.fetchone()[0] == "24"
    conn.close()
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "already initialised" in second.stdout
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM provinces").fetchone()[0] == 31
    conn.close()


def test_core_names_are_in_the_schema() -> None:
    assert set(CORE) == set(schema.CORE_TABLES)


def test_the_schema_refuses_values_outside_the_data_model(tmp_path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'checks.db'}")
    setup.init(engine)
    row = {
        "id": 1, "county_id": 1, "members": 3, "decile": 11, "grp": "subsidy", "head_hash": "x",
    }  # fmt: skip
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(schema.households.insert(), row)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(schema.households.insert(), {**row, "decile": 4, "grp": "vip"})
    with engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(schema.households))
        assert count.scalar_one() == 0


def test_db_init_brings_an_older_database_to_todays_indexes(tmp_path) -> None:
    """A database built before ix_purchases_household_time and ix_purchases_store_time gets
    them, and loses the index the first replaced."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    setup.init(engine)
    with engine.begin() as conn:
        older_code_set_it_up(conn)
        conn.exec_driver_sql("DROP INDEX ix_purchases_household_time")
        conn.exec_driver_sql("DROP INDEX ix_purchases_store_time")
        conn.exec_driver_sql("CREATE INDEX ix_purchases_household_id ON purchases (household_id)")
    setup.init(engine)
    names = {i["name"]: i["column_names"] for i in sa.inspect(engine).get_indexes("purchases")}
    assert names == {
        "ix_purchases_household_time": ["household_id", "purchased_at", "credit_toman"],
        "ix_purchases_store_time": ["store_id", "purchased_at", "household_id"],
    }


def test_init_again_is_one_read_and_changes_nothing(tmp_path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'again.db'}")
    assert setup.init(engine) and setup.is_set_up(engine)
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert setup.init(engine) is False
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("SELECT")
    with engine.begin() as conn:
        older_code_set_it_up(conn)
    assert not setup.is_set_up(engine)
    assert setup.init(engine) is False and setup.is_set_up(engine), "set up again, one mark"
    with engine.connect() as conn:
        marks = conn.execute(sa.select(schema.derived.c.name)).scalars().all()
    assert [m for m in marks if m.startswith("schema:")] == [setup.schema_mark()]
    engine.dispose()


def test_the_schema_mark_changes_with_the_schema() -> None:
    mark = setup.schema_mark()
    table = schema.metadata.tables["stores"]
    index = sa.Index("ix_stores_mark_test", table.c.name)
    try:
        setup.schema_mark.cache_clear()
        assert setup.schema_mark() != mark
    finally:
        table.indexes.discard(index)
        setup.schema_mark.cache_clear()
    assert setup.schema_mark() == mark


def test_the_engine_module_imports_nothing_of_ours_but_paths() -> None:
    """dashboard.db is what a hundred modules import for an engine: it stays the lowest (the
    set-up, which reads the schema and builds the rollups, is dashboard.setup)."""
    tree = ast.parse((ROOT / "dashboard" / "db.py").read_text())
    ours = {"dashboard", "queries", "frame", "views", "cli", "app", "bench"}
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module.split(".")[0] in ours:
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {a.name for a in node.names if a.name.split(".")[0] in ours}
    assert imported == {"dashboard.paths"}
