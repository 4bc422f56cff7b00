"""Rows of a large import held on disk: written a batch at a time into buckets by a key (an
extract's rows by household between judging's two passes, its new purchases by store for the
bursts), read back a bucket at a time, so that memory holds a bucket, not the file."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

BUCKET_ROWS = 500_000  # rows a bucket is sized for
BYTES_PER_ROW = 60  # a purchases line's bytes (one without national ID or terminal: fewer)


class Staging:
    """Rows held in temporary Arrow files, in `buckets` buckets by `key` (a whole number;
    null rows go to bucket 0); removed on close."""

    def __init__(self, buckets: int, key: str) -> None:
        self.count, self.key = max(1, buckets), key
        self._dir = tempfile.TemporaryDirectory(prefix="kalabarg-staging-")
        self._written = 0

    @classmethod
    def sized_for(cls, path: Path, key: str) -> Staging:
        """Staging with buckets of about BUCKET_ROWS rows for the extract at path."""
        rows = Path(path).stat().st_size / BYTES_PER_ROW
        return cls(math.ceil(rows / BUCKET_ROWS), key)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_: object) -> None:
        self._dir.cleanup()

    def add(self, rows: pl.DataFrame) -> None:
        """Write rows, each to its bucket."""
        bucket = (pl.col(self.key).fill_null(0) % self.count).alias("_bucket")
        for (number,), part in (
            rows.with_columns(bucket)
            .partition_by("_bucket", as_dict=True, include_key=False)
            .items()
        ):
            part.write_ipc(Path(self._dir.name) / f"{number}-{self._written}.arrow")
        self._written += 1

    def buckets(self) -> Iterator[pl.DataFrame]:
        """Each bucket's rows in the order they were written (buckets with no rows skipped)."""
        folder = Path(self._dir.name)
        for number in range(self.count):
            files = sorted(folder.glob(f"{number}-*.arrow"),
                           key=lambda f: int(f.stem.split("-")[1]))  # fmt: skip
            if files:
                yield pl.concat([pl.read_ipc(f) for f in files])
