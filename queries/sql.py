"""Portable SQL pieces: expressions compiled per dialect, sums and counts as BIGINT."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class millis_between(FunctionElement):  # noqa: N801 (a SQL function)
    """Whole milliseconds from the first timestamp to the second, so that exactly 24 hours
    compares exactly and fractions of a second still count (SQLite keeps milliseconds)."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(millis_between, "sqlite")
def _millis_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(ROUND((julianday({end}) - julianday({start})) * 86400000) AS INTEGER)"


@compiles(millis_between)
def _millis_default(element, compiler, **kw) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(ROUND(EXTRACT(EPOCH FROM ({end} - {start})) * 1000) AS BIGINT)"


def total(column: Any) -> sa.ColumnElement:
    """SUM as a BIGINT, zero when there are no rows (PostgreSQL would give Decimal or NULL)."""
    return sa.cast(sa.func.coalesce(sa.func.sum(column), 0), sa.BigInteger)


def count_if(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    """How many rows meet condition, as a BIGINT (zero when none do)."""
    return total(sa.case((condition, 1), else_=0))
