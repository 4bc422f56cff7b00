"""Engines: SQLite in WAL mode by default, any SQLAlchemy URL through DATABASE_URL.

The lowest module of ours that reaches a database: it imports nothing of ours but paths. A
database's tables, reference data and migrations are dashboard.setup's.
"""

from __future__ import annotations

import os

import sqlalchemy as sa

from dashboard import paths


def database_url() -> str:
    """DATABASE_URL from the environment, else the SQLite file data/kalabarg.db."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{paths.DEFAULT_DB}"


def make_engine(url: str | None = None, journal: str = "WAL") -> sa.Engine:
    """An engine for url (default: database_url()); SQLite files get WAL and foreign keys off.

    journal="OFF" is for building a database from nothing (the seed): no page is written
    twice, and a failed build is thrown away whole anyway.
    """
    url = url or database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute(f"PRAGMA journal_mode={journal}")
            cursor.execute(
                "PRAGMA synchronous=NORMAL" if journal == "WAL" else "PRAGMA synchronous=OFF"
            )
            cursor.close()

    return engine
