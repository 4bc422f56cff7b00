"""Large figure tiles in rows: figures, KPIs with their 7-day change, the estimate mark."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
import streamlit as st

from dashboard import estimates, kpi
from frame import cache
from frame.state import language, t
from queries import meta


def _grid(items: list, columns: int) -> Iterator[tuple[Any, Any]]:
    """(column, item) pairs laying items out in rows of `columns` tiles."""
    for start in range(0, len(items), columns):
        yield from zip(st.columns(columns), items[start : start + columns], strict=False)


def show(figures: list[tuple[str, str]], columns: int = 3) -> None:
    """Large tiles of (label key, formatted value), without changes."""
    for column, (key, value) in _grid(figures, columns):
        column.metric(t(key), value, border=True)


def kpis(table: pl.DataFrame, columns: int = 3) -> None:
    """Large tiles, one per KPI row (key, value, value_7_days_before), with the 7-day change."""
    lang = language()
    estimated = set(estimates.estimated_names(table)) if _sampled() else set()
    for column, row in _grid(list(table.iter_rows(named=True)), columns):
        values = (row["value"], row["value_7_days_before"])
        rise = None if kpi.is_flat(row["key"], *values) else values[0] > values[1]
        good = None if rise is None else rise != (row["key"] in kpi.RISE_IS_BAD)
        value = kpi.value_text(row["key"], row["value"], lang)
        column.metric(  # arrow and colour from the change: the text may start with an isolate
            t(f"kpi.{row['key']}"),
            f"{t('estimate.mark')} {value}" if row["key"] in estimated else value,
            delta=kpi.delta_text(row["key"], *values, lang),
            delta_color={None: "off", True: "green", False: "red"}[good],
            delta_arrow={None: "off", True: "up", False: "down"}[rise],
            border=True,
        )


def estimate(text: str) -> str:
    """A count's text, marked (≈) as a full-scale estimate where the data is a sample."""
    return f"{t('estimate.mark')} {text}" if _sampled() else text


def _sampled() -> bool:
    """True when household figures are full-scale estimates from a sample."""
    return estimates.factor(cache.run(meta.settings).household_fraction) != 1
