"""Session fixtures: one tiny database on SQLite and one on a real PostgreSQL server."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest

from frame import warm
from tests import oracle
from tests.populate import populate

ROOT = Path(__file__).resolve().parents[1]
# No warming in the background of the tests' apps and servers: a test reads what it checks
# (tests/frame/test_warm.py warms on purpose).
os.environ[warm.SWITCH] = "0"


@pytest.fixture(scope="session")
def sqlite_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Path of the populated SQLite test database."""
    path = tmp_path_factory.mktemp("sqlite") / "tiny.db"
    populate(f"sqlite:///{path}")
    return str(path)


def copy_of(sqlite_path: str, target: Path) -> str:
    """A copy of the SQLite test database at target, for one test that writes; its URL."""
    with (
        contextlib.closing(sqlite3.connect(sqlite_path)) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def sqlite_url(sqlite_path: str) -> str:
    """SQLAlchemy URL of the populated SQLite test database."""
    return f"sqlite:///{sqlite_path}"


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of a throwaway PostgreSQL server (pgserver), populated like the SQLite one."""
    pgserver = pytest.importorskip("pgserver")
    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp_path_factory.mktemp("xdg")))
    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    url = server.get_uri()
    populate(url)
    yield url
    server.cleanup()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test database in turn."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture(scope="session")
def raw(sqlite_path: str) -> dict:
    """The raw tables, read independently of queries/, for the oracle."""
    return oracle.raw_tables(sqlite_path)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def writable_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database of its own for tests that write (the session databases stay as built)."""
    name = f"w{abs(hash(request.node.nodeid)) % 10**8}"
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('writes') / 'tiny.db'}"
    else:
        import sqlalchemy as sa

        admin = request.getfixturevalue("pg_url")
        engine = sa.create_engine(admin.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        engine.dispose()
        url = admin.replace("/postgres?", f"/{name}?")
    populate(url)
    return url
