"""One import from start to end: open the extract, judge it and, when every row is clean and
it is not a dry run, store it, all in one transaction."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from dashboard import calendar, db, i18n
from dashboard import schema as s
from dashboard.importer.judging import STAGED, Judgement, Progress, judge
from dashboard.importer.kinds import KINDS
from dashboard.importer.reading import open_extract
from dashboard.importer.storing import Staged, store

REJECT_COLUMNS = ("line", "column", "value", "reason")
# the import connection's page cache (SQLite's default is 2 MB): index pages touched at random.
# 256 MB did not make Tehran's month faster (its time is the rows' own B-tree, see the
# closing note of issue 28) and took the peak past 1.5 GB
SQLITE_CACHE_KB = 65_536


@dataclasses.dataclass
class Outcome:
    """What an import did: its judgement, whether it was stored, and how long it took."""

    judgement: Judgement
    stored: bool
    import_id: int | None
    seconds: float

    def counts(self) -> dict[str, int | str]:
        """The summary line (see Judgement.counts)."""
        return self.judgement.counts()


def run(
    engine: sa.Engine,
    kind: str,
    path: Path,
    *,
    unit: str = "toman",
    sheet: str | None = None,
    dry_run: bool = False,
    actor: str = "",
    name: str | None = None,
    progress: Progress = lambda *_: None,
    province: str | None = None,
) -> Outcome:
    """Import the extract at path as kind. Raises reading.ExtractError for a file that is
    not an extract at all. name is the file name recorded (default: path's). A file that
    changes nothing (every row already stored) leaves no trace, not even an imports row.
    province: the importer's province (a provincial data officer); rows outside it are
    rejected (None: national)."""
    started, clock = calendar.now(), time.perf_counter()
    db.init(engine)
    extract = open_extract(Path(path), KINDS[kind], sheet)
    with (
        engine.connect() as conn,
        _page_cache(conn),
        conn.begin() as transaction,
        contextlib.ExitStack() as stack,
    ):
        staged = None
        if kind in STAGED and not dry_run:
            staged = stack.enter_context(Staged(conn))
        judgement = judge(conn, extract, KINDS[kind], unit == "rial", progress, province, staged)
        counts = judgement.counts()
        changes = not judgement.refused and (counts["inserted"] or counts["updated"])
        import_id = None
        if changes and not dry_run:
            progress(0.85, "store")
            record = {
                "file_name": name or Path(path).name,
                "sha256": _sha256(Path(path)),
                "form": extract.form,
                "unit": unit,
                "actor": actor or "unknown",
                "started_at": started,
                "seconds": 0.0,
                "province_code": judgement.province,
            }
            import_id = store(conn, judgement, record, staged)
            seconds = round(time.perf_counter() - clock, 2)
            conn.execute(
                s.imports.update().where(s.imports.c.id == import_id).values(seconds=seconds)
            )
            transaction.commit()
        else:
            transaction.rollback()
    progress(1.0, "done")
    return Outcome(
        judgement, import_id is not None, import_id, round(time.perf_counter() - clock, 2)
    )


@contextlib.contextmanager
def _page_cache(conn: sa.Connection) -> Iterator[None]:
    """SQLite: the import's large page cache (SQLITE_CACHE_KB), given back after it (the
    connection goes back to a pool); temporary tables in memory."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection  # a PRAGMA that begins no transaction
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
    raw.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {before}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as raw:
        while chunk := raw.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def rejects(judgement: Judgement, lang: str = "en") -> pl.DataFrame:
    """The rejects table: line, column, value (identifiers masked), reason in words."""
    found = judgement.problems
    words = [
        i18n.reason(code, detail, lang)
        for code, detail in found.select("reason", "detail").iter_rows()
    ]
    return found.select("line", "column", "value").with_columns(
        reason=pl.Series(words, dtype=pl.String)
    )
