"""An extract's cells, column by column, as typed values, and the problems found on the way.

A problem is one row of a frame with line, column, value (as given; identifiers masked),
reason (a code: 'import.reason.CODE' in dashboard.i18n) and detail (the numbers or names the
reason quotes, or null).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from dashboard.importer import values
from dashboard.importer.kinds import Column, Kind

PROBLEM = {
    "line": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "reason": pl.String,
    "detail": pl.String,
}
TYPES = {
    "whole": pl.Int64,
    "money": pl.Int64,
    "decimal": pl.Float64,
    "text": pl.String,
    "choice": pl.String,
    "date": pl.Date,
    "datetime": pl.Datetime("us"),
    "month": pl.String,
    "id": pl.String,
    "reporter": pl.String,
}
SECRET = ("id", "reporter")  # parses whose values are identifiers, never shown whole
RAW = "__as_given"  # suffix of the text kept of converted cells (dates, amounts) for rejects
KEEP_RAW = ("date", "datetime", "money")


def problems(
    rows: pl.DataFrame,
    where: pl.Series | pl.Expr,
    column: str | pl.Expr,
    reason: str | pl.Expr,
    value: pl.Expr | None = None,
    detail: pl.Expr | None = None,
    secret: bool = False,
) -> pl.DataFrame:
    """A problem for each of rows where `where` holds: column (a name, or an expression giving
    one), the value shown (default: the column's value as text), reason (a code, or an
    expression giving one) and detail."""
    if value is not None:
        shown = value
    elif isinstance(column, str) and f"{column}{RAW}" in rows.columns:
        shown = pl.col(f"{column}{RAW}")  # as the file has it, not as converted
    else:
        shown = pl.col(column).cast(pl.String)
    named = pl.lit(column) if isinstance(column, str) else column
    picked = rows.filter(where)
    out = picked.select(
        "line",
        named.alias("column"),
        shown.cast(pl.String).alias("value"),
        (pl.lit(reason) if isinstance(reason, str) else reason).alias("reason"),
        (detail if detail is not None else pl.lit(None)).cast(pl.String).alias("detail"),
    )
    if secret:
        out = out.with_columns(pl.col("value").map_elements(values.mask, pl.String))
    return out


def parse(batch: pl.DataFrame, kind: Kind, rial: bool) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One batch of text cells (columns 'line' and the core names present) as typed values
    (every column of the kind; absent ones null), and the problems of its cells."""
    typed = {"line": batch["line"]}
    found = []
    for column in kind.columns:
        if column.name not in batch.columns:
            typed[column.name] = pl.Series(
                column.name, [None] * batch.height, dtype=TYPES[column.parse]
            )
            continue
        raw = batch[column.name]
        judged = _PARSERS[column.parse](raw, column, rial)
        value, reason = judged["value"], judged["reason"]
        if column.width:
            reason = pl.select(
                pl.when(reason.is_null() & (value.str.len_chars() > column.width))
                .then(pl.lit("too_long"))
                .otherwise(reason)
            ).to_series()
            value = pl.select(pl.when(reason.is_null()).then(value)).to_series()
        if column.required:
            empty = raw.is_null() | (raw.str.strip_chars() == "")
            reason = pl.select(pl.when(empty).then(pl.lit("missing")).otherwise(reason))
            reason = reason.to_series()
        cells = pl.DataFrame({"line": batch["line"], "raw": raw, "why": reason})
        found.append(
            problems(
                cells,
                pl.col("why").is_not_null(),
                column.name,
                pl.col("why"),
                value=pl.col("raw").fill_null(""),
                detail=pl.lit(_detail(column)),
                secret=column.parse in SECRET,
            )
        )
        typed[column.name] = value.cast(TYPES[column.parse]).alias(column.name)
        if column.parse in KEEP_RAW:
            typed[column.name + RAW] = raw
    if "overflow" in batch.columns:
        lines = pl.DataFrame({"line": batch["line"], "over": batch["overflow"]})
        found.append(problems(lines, pl.col("over"), "(extra fields)", "more_fields",
                              value=pl.lit(""), detail=pl.lit(None)))  # fmt: skip
    return pl.DataFrame(typed), pl.concat([pl.DataFrame(schema=PROBLEM), *found])


def _detail(column: Column) -> str | None:
    """What the reason quotes for a column: its range, its choices or its width."""
    if column.choices:
        text = ", ".join(column.choices)
    elif column.low is not None and column.high is not None and column.high < 2**40:
        text = f"{column.low:g}..{column.high:g}"
    elif column.low is not None:
        text = f">= {column.low:g}"
    elif column.width:
        text = str(column.width)
    else:
        text = None
    return text


Parser = Callable[[pl.Series, Column, bool], pl.DataFrame]
_PARSERS: dict[str, Parser] = {
    "whole": lambda s, c, _: values.whole(s, c.low, c.high),
    "money": lambda s, _, rial: values.money(s, rial),
    "decimal": lambda s, c, _: values.decimal(s, c.low, c.high),
    "text": lambda s, _c, _r: values.text(s),
    "choice": lambda s, c, _: values.choice(s, c.choices),
    "date": lambda s, _c, _r: values.moments(s, with_time=False),
    "datetime": lambda s, _c, _r: values.moments(s, with_time=True),
    "month": lambda s, _c, _r: values.month(s),
    "id": lambda s, _c, _r: values.national_id(s),
    "reporter": lambda s, _c, _r: values.reporter(s),
}
