"""The benchmark's databases: SQLite files and a local PostgreSQL server in data/bench/."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

BENCH = Path(__file__).resolve().parents[1] / "data" / "bench"


def postgres() -> str:
    """A local PostgreSQL server for the benchmark (pgserver), kept in data/bench/pg."""
    import pgserver

    os.environ.setdefault("XDG_RUNTIME_DIR", str(BENCH / "xdg"))
    server = pgserver.get_server(BENCH / "pg", cleanup_mode=None)
    return server.get_uri()


def url_of(database: str, preset: str) -> str:
    """The URL of a preset's benchmark database (a PostgreSQL database made when missing)."""
    if database == "sqlite":
        return f"sqlite:///{BENCH / f'{preset}.db'}"
    admin = postgres()
    engine = sa.create_engine(admin.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": preset}
        )
        if exists.first() is None:
            conn.exec_driver_sql(f"CREATE DATABASE {preset}")
    engine.dispose()
    return admin.replace("/postgres?", f"/{preset}?")
