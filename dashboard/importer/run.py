"""One import from start to end: open the extract, judge it and, when every row is clean and
it is not a dry run, store it and audit it, all in one transaction.

A refused file (a row rejected: a value, or a row outside the data officer's province; or a
file that cannot be read) stores nothing but its audit row (action refused: who, the kind, the
file, the counts and the reasons): what it wrote while it was judged (a staged kind's buckets)
is undone to a savepoint and the refusal committed in the same transaction.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from dashboard import calendar, i18n, setup
from dashboard import schema as s
from dashboard.importer.judging import STAGED, Judgement, Progress, judge
from dashboard.importer.kinds import KINDS
from dashboard.importer.reading import ExtractError, open_extract
from dashboard.importer.storing import Staged, audit, store

REJECT_COLUMNS = ("line", "column", "value", "reason")
# the import connection's page cache (SQLite's default is 2 MB): index pages touched at random.
# 256 MB did not make Tehran's month faster (its time is the rows' own B-tree, see the
# closing note of issue 28) and took the peak past 1.5 GB
SQLITE_CACHE_KB = 65_536
REASONS = 5  # the kinds of rejection a refusal's audit row names (the rejects file has all)


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
    not an extract at all (after recording its refusal). name is the file name recorded
    (default: path's). A file that changes nothing (every row already stored) leaves no trace,
    not even an imports row; a refused one (dry run or not) leaves its audit row only.
    province: the importer's province (a provincial data officer); rows outside it are
    rejected (None: national)."""
    started, clock = calendar.now(), time.perf_counter()
    setup.init(engine)
    file_name = name or Path(path).name
    tried = {"tried": "import", "kind": kind, "file": file_name[:200]}
    try:
        extract = open_extract(Path(path), KINDS[kind], sheet)
        with (
            engine.connect() as conn,
            _page_cache(conn),
            conn.begin() as transaction,
            contextlib.ExitStack() as stack,
        ):
            written = conn.begin_nested()  # what the import writes: undone alone when refused
            staged = None
            if kind in STAGED and not dry_run:
                staged = stack.enter_context(Staged(conn))
            judgement = judge(
                conn, extract, KINDS[kind], unit == "rial", progress, province, staged
            )
            counts = judgement.counts()
            changes = not judgement.refused and (counts["inserted"] or counts["updated"])
            import_id = None
            if judgement.refused:
                written.rollback()
                audit(conn, actor, "refused", calendar.now(), tried | _refusal(judgement, dry_run),
                      province)  # fmt: skip
                transaction.commit()  # the refusal, with the reads that judged it
            elif changes and not dry_run:
                progress(0.85, "store")
                record = {
                    "file_name": file_name,
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
                what = {"import": import_id, "kind": kind, "file": file_name[:200],
                        "counts": _counts(judgement)}  # fmt: skip
                audit(conn, actor, "import", calendar.now(), what, judgement.province)
                transaction.commit()  # the savepoint's writes with it
            else:
                transaction.rollback()
    except ExtractError as error:  # nothing of it was written: its refusal alone
        with engine.begin() as conn:
            why = {"why": "data.unreadable", "values": {"reason": str(error)[:500]}}
            audit(conn, actor, "refused", calendar.now(), tried | why, province)
        raise
    progress(1.0, "done")
    return Outcome(
        judgement, import_id is not None, import_id, round(time.perf_counter() - clock, 2)
    )


def _counts(judgement: Judgement) -> str:
    """The counts of an import's audit row: 'read 2, inserted 2, updated 0, unchanged 0,
    rejected 0' (the form queries.audit.describe reads)."""
    return ", ".join(f"{k} {v}" for k, v in judgement.counts().items() if k != "kind")


def _refusal(judgement: Judgement, dry_run: bool) -> dict:
    """What a refused import's audit row says: its counts, the first REASONS kinds of rejection
    ([column, reason, the first row's detail, rows]) and why (data.rejected)."""
    found = judgement.problems.group_by("column", "reason", maintain_order=True).agg(
        pl.col("detail").first(), pl.col("line").n_unique().alias("rows")
    )
    return {
        "counts": _counts(judgement),
        "reasons": [list(row) for row in found.head(REASONS).rows()],
        "dry_run": dry_run or None,
        "why": "data.rejected",
        "values": {"n": judgement.rejected, "read": judgement.read},
    }


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
