"""Rows of a large import held on disk: written a batch at a time (an extract's rows between
judging's two passes, its new purchases for the bursts), read back a bucket at a time, each
bucket a range of a key (households, stores) of about BUCKET_ROWS rows, so that memory holds
a bucket, not the file, and the database is read and written a range of its index at a time."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

BUCKET_ROWS = 250_000  # rows a bucket holds (about: a key's rows are never split)
_NONE = -1  # where rows without a key sort (first)
_PREFIX = "kalabarg-staging-"


class Staging:
    """Rows held in temporary Arrow files, each batch sorted by `key` (a whole number, null:
    first); removed on exit (those of a process killed before, at the next one's start)."""

    def __init__(self, key: str) -> None:
        self.key = key
        _sweep()
        self._dir = tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-")
        self._keys: list[pl.Series] = []  # each file's keys, sorted
        self.count = 0  # buckets (known once buckets() starts)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_: object) -> None:
        self._dir.cleanup()

    def add(self, rows: pl.DataFrame) -> None:
        """Write a batch of rows."""
        rows = rows.sort(pl.col(self.key).fill_null(_NONE))
        rows.write_ipc(self._file(len(self._keys)))
        self._keys.append(rows[self.key].fill_null(_NONE))

    def buckets(self) -> Iterator[pl.DataFrame]:
        """The rows a range of keys at a time, in key order (rows without a key first)."""
        bounds = self._bounds()
        self.count = len(bounds) + 1 if self._keys else 0
        edges = [None, *bounds, None]
        for low, high in zip(edges, edges[1:], strict=False):
            parts = []
            for number, keys in enumerate(self._keys):
                start = 0 if low is None else keys.search_sorted(low, "left")
                end = len(keys) if high is None else keys.search_sorted(high, "left")
                if end > start:
                    parts.append(pl.read_ipc(self._file(number)).slice(start, end - start))
            if parts:
                yield pl.concat(parts)

    def rows(self, where: pl.Expr, columns: list[str]) -> pl.DataFrame:
        """The columns of the rows where `where` holds (in no set order)."""
        parts = [pl.read_ipc(self._file(n), columns=columns).filter(where)
                 for n in range(len(self._keys))]  # fmt: skip
        return pl.concat(parts) if parts else pl.DataFrame(schema=dict.fromkeys(columns))

    def _bounds(self) -> list[int]:
        """The first key of every bucket but the first."""
        if not self._keys:
            return []
        keys = pl.concat(self._keys).sort()
        cuts = keys.gather(list(range(BUCKET_ROWS, len(keys), BUCKET_ROWS)))
        return [k for k in cuts.unique(maintain_order=True).to_list() if k != keys[0]]

    def _file(self, number: int) -> Path:
        return Path(self._dir.name) / f"{number}.arrow"


def _sweep() -> None:
    """Remove the staging folders of processes that are gone (killed half-way)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        found = re.match(rf"{_PREFIX}(\d+)-", folder.name)
        if found and not _alive(int(found[1])):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True
