"""Session fixtures: one tiny database on SQLite and one on a real PostgreSQL server.

Each is populated once per session (per worker under `pytest -n`) into a template that no test
opens; the session databases and the databases of tests that write are copies of it (SQLite:
the backup API; PostgreSQL: CREATE DATABASE ... TEMPLATE), as built, far faster than a new
populate."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import people
from frame import warm
from tests import oracle
from tests.populate import populate

ROOT = Path(__file__).resolve().parents[1]
# No warming in the background of the tests' apps and servers: a test reads what it checks
# (tests/frame/test_warm.py warms on purpose).
os.environ[warm.SWITCH] = "0"
PG_TEMPLATE = "tiny_template"  # the populated PostgreSQL database every other one copies
PRODUCT_PASSWORD_COST = people.PASSWORD_COST  # held to RFC 9106 by tests/dashboard/test_people.py
# The tests hash passwords at argon2id's lowest cost (0.1 ms, not 0.15 s: a run signs in and
# adds users hundreds of times); the servers they start verify the test users at that cost
# too, since a hash carries its own.
TEST_PASSWORD_COST = dataclasses.replace(
    PRODUCT_PASSWORD_COST, time_cost=1, memory_cost=8, parallelism=1
)


@pytest.fixture(scope="session", autouse=True)
def _cheap_passwords() -> Iterator[None]:
    """Every test's passwords hashed at TEST_PASSWORD_COST (the decoy of unknown users too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(people, "PASSWORD_COST", TEST_PASSWORD_COST)
        people._hasher.cache_clear()
        people._decoy.cache_clear()
        yield
    people._hasher.cache_clear()
    people._decoy.cache_clear()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Path of the populated SQLite database as built: copied, never opened by a test."""
    path = tmp_path_factory.mktemp("template") / "tiny.db"
    populate(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def sqlite_path(sqlite_template: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Path of the populated SQLite test database."""
    path = tmp_path_factory.mktemp("sqlite") / "tiny.db"
    copy_of(sqlite_template, path)
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


def _database(url: str, name: str) -> str:
    """url (of a database on the server) pointed at the database name."""
    head, _, query = url.partition("?")
    return f"{head.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


def _admin(url: str, *statements: str) -> None:
    """Run statements outside a transaction (CREATE DATABASE) on the server of url."""
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of the maintenance database of a throwaway PostgreSQL server (pgserver) that holds
    PG_TEMPLATE, populated like the SQLite one. Its data directory is the session's (one per
    worker); it listens on a socket there."""
    # before the import: pgserver reads it then (its lock file; the socket is in the data dir)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp_path_factory.mktemp("xdg")))
    pgserver = pytest.importorskip("pgserver")
    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    admin = server.get_uri()
    _admin(admin, f"DROP DATABASE IF EXISTS {PG_TEMPLATE}", f"CREATE DATABASE {PG_TEMPLATE}")
    populate(_database(admin, PG_TEMPLATE))
    # a template is copied only while nobody is connected to it: nobody may connect from now on
    _admin(
        admin,
        f"ALTER DATABASE {PG_TEMPLATE} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{PG_TEMPLATE}' AND pid <> pg_backend_pid()",
    )
    yield admin
    server.cleanup()


def pg_copy(admin: str, name: str) -> str:
    """A new database name on the server of admin, a copy of PG_TEMPLATE; its URL."""
    _admin(
        admin, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name} TEMPLATE {PG_TEMPLATE}"
    )
    return _database(admin, name)


@pytest.fixture(scope="session")
def pg_url(pg_server: str) -> str:
    """URL of the populated PostgreSQL test database (pgserver)."""
    return pg_copy(pg_server, "tiny")


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
    """A database of its own for tests that write (the session databases stay as built): a
    copy of the populated template."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        return copy_of(template, tmp_path_factory.mktemp("writes") / "tiny.db")
    name = f"w{abs(hash(request.node.nodeid)) % 10**8}"
    return pg_copy(request.getfixturevalue("pg_server"), name)
