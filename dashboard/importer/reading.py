"""Reading an extract: CSV (UTF-8 with or without BOM, or Windows-1256; comma, semicolon or
tab, detected) or Excel .xlsx (the first sheet or a named one), every cell as text, a batch of
rows at a time, with each row's line in the file and the headers mapped to core column names."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from dashboard.importer.kinds import Kind
from dashboard.text import name_key

BATCH_ROWS = 250_000
_CHUNK_BYTES = 1 << 24
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}


class ExtractError(ValueError):
    """A file that cannot be read as an extract at all (its reason is the message)."""


@dataclasses.dataclass
class Extract:
    """An opened extract: how it was read, its headers, and its rows in batches."""

    path: Path
    form: str  # how it was read: 'CSV, UTF-8, semicolon-separated' or 'Excel, first sheet'
    headers: dict[str, str]  # the reader's column -> core column name
    extra: list[str]  # headers that name no column of the kind (ignored)
    doubled: list[str]  # core columns given by more than one header
    _batches: Iterator[pl.DataFrame]
    overflow: str | None = None  # the reader's column that catches fields past the header's
    _scratch: tempfile.TemporaryDirectory | None = None
    blank: int = 0  # lines with no value at all, skipped (counted once batches are read)

    def batches(self) -> Iterator[pl.DataFrame]:
        """The rows, a batch at a time: the core columns present, as text, 'line' and
        'overflow' (True on a line with more fields than the header). Blank lines are
        skipped and counted in blank."""
        try:
            for batch in self._batches:
                cells = [c for c in batch.columns if c != "line"]
                empty = pl.all_horizontal(
                    pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in cells
                ) if cells else pl.lit(False)  # fmt: skip
                kept = batch.filter(~empty)
                self.blank += batch.height - kept.height
                overflow = pl.col(self.overflow).is_not_null() if self.overflow else pl.lit(False)
                yield kept.select(
                    pl.col("line").cast(pl.Int64),
                    *[pl.col(h).alias(c) for h, c in self.headers.items()],
                    overflow.alias("overflow"),
                )
        except pl.exceptions.PolarsError:  # never quote the file: its cells may be identifiers
            raise ExtractError(
                "the file cannot be read as CSV: a quote that is never closed, or a line that "
                "is not text"
            ) from None
        finally:
            if self._scratch is not None:
                self._scratch.cleanup()


def open_extract(path: Path, kind: Kind, sheet: str | None = None) -> Extract:
    """The extract at path, opened for kind (.csv or .xlsx). Raises ExtractError."""
    path = Path(path)
    if not path.is_file():
        raise ExtractError(f"no such file: {path.name}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame, form = _excel(path, sheet)
        named = [(c, c) for c in frame.columns if c != "line"]
        mapped, extra, doubled = _map_headers(named, kind)
        return Extract(path, form, mapped, extra, doubled, iter([frame]))
    if suffix not in (".csv", ".txt", ".tsv"):
        raise ExtractError(f"{path.name}: give a .csv or .xlsx file")
    if sheet:
        raise ExtractError("--sheet is for Excel files; this is a CSV file")
    path_utf8, encoding, scratch = _as_utf8(path)
    first = _first_line(path_utf8)
    if not first.strip():
        raise ExtractError("the file is empty: no header line")
    separator = max(SEPARATORS, key=first.count)
    header = next(csv.reader([first], delimiter=separator))
    form = f"CSV, {encoding}, {SEPARATORS[separator]}-separated"
    positions = [f"c{i}" for i in range(len(header) + 1)]  # one more: fields past the header
    scan = pl.scan_csv(
        path_utf8, separator=separator, has_header=False, skip_rows=1,
        schema=dict.fromkeys(positions, pl.String), truncate_ragged_lines=True,
        missing_columns="insert",
        row_index_name="line", row_index_offset=2, encoding="utf8",
    )  # fmt: skip
    mapped, extra, doubled = _map_headers(list(zip(positions, header, strict=False)), kind)
    batches = scan.collect_batches(chunk_size=BATCH_ROWS)
    return Extract(path, form, mapped, extra, doubled, batches, positions[-1], scratch)


def _map_headers(
    headers: list[tuple[str, str]], kind: Kind
) -> tuple[dict[str, str], list[str], list[str]]:
    """(reader's column, header text) -> core name by the kind's names and Persian labels
    (case, spaces, ZWNJ, Arabic letters aside); the headers that match none, and the columns
    given twice."""
    names = {}
    for column in kind.columns:
        for label in (column.name, *column.labels):
            names.setdefault(name_key(label), column.name)
    mapped: dict[str, str] = {}
    extra, doubled = [], []
    for source, header in headers:
        core = names.get(name_key(header.lstrip("\ufeff")))
        if core is None:
            if header.strip():
                extra.append(header)
        elif core in mapped.values():
            doubled.append(core)
        else:
            mapped[source] = core
    return mapped, extra, doubled


def _as_utf8(path: Path) -> tuple[Path, str, tempfile.TemporaryDirectory | None]:
    """path itself when it is UTF-8; else a UTF-8 copy of it read as Windows-1256."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as raw:
        head = raw.read(3)
        bom = head == codecs.BOM_UTF8
        raw.seek(0)
        try:
            while chunk := raw.read(_CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return path, "UTF-8 with BOM" if bom else "UTF-8", None
        except UnicodeDecodeError:
            pass
    scratch = tempfile.TemporaryDirectory(prefix="kalabarg-import-")
    copy = Path(scratch.name) / "extract.csv"
    with path.open("rb") as raw, copy.open("wb") as out:
        decoder = codecs.getincrementaldecoder("cp1256")()
        while chunk := raw.read(_CHUNK_BYTES):
            out.write(decoder.decode(chunk).encode())
    return copy, "Windows-1256", scratch


def _first_line(path: Path) -> str:
    with path.open(encoding="utf-8-sig") as text:
        return text.readline()


def _excel(path: Path, sheet: str | None) -> tuple[pl.DataFrame, str]:
    """The sheet as text cells: dates as ISO text, whole numbers without '.0'."""
    try:
        if sheet:
            frame = pl.read_excel(path, sheet_name=sheet, infer_schema_length=10_000)
        else:
            frame = pl.read_excel(path, sheet_id=1, infer_schema_length=10_000)
    except Exception as error:  # fastexcel raises its own types: a bad file or no such sheet
        raise ExtractError(f"the Excel file cannot be read: {error}") from None
    cells = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.Datetime:
            column = column.dt.strftime("%Y-%m-%d %H:%M:%S")
        elif dtype == pl.Date:
            column = column.dt.strftime("%Y-%m-%d")
        elif dtype.is_float():
            whole = column.round(0) == column
            column = (
                pl.when(whole)
                .then(column.cast(pl.Int64).cast(pl.String))
                .otherwise(column.cast(pl.String))
            )
        cells.append(column.cast(pl.String).alias(name))
    frame = frame.select(cells).with_row_index("line", offset=2)
    return frame, f"Excel, sheet «{sheet}»" if sheet else "Excel, first sheet"
