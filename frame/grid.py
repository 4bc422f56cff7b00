"""Data grids for the screen: a table formatted by frame.formatting, drawn right to left in
Persian, its name column pinned.

A table whose first column names what a row is about (an agency, an area, a task's title, ...)
keeps that column in view when the grid is scrolled sideways on a narrow screen: the column is
pinned (st.column_config's pinned, glide-data-grid's frozen columns). Streamlit draws pinned
columns at the left edge, so in Persian, where the first column otherwise stands rightmost
(formatting._right_to_left), the name stands leftmost and the other columns keep their order,
right to left. Streamlit stops pinning when pinned columns take more than 60% of the grid's
width; a long name column is drawn PINNED_WIDTH wide so that it stays pinned on a phone.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import text
from frame.state import language, t

# columns that name what a row is about, by their key (col.<key> is the header)
NAME_COLUMNS = (
    "agency_name", "area_name", "county_name", "province_name", "name", "title", "problem",
    "figure", "source", "username",
)  # fmt: skip
PINNED_WIDTH = 190  # px: 60% of the grid on a 360-pixel-wide phone (328 px) is 197
_CHAR_WIDTH, _PADDING = 7, 24  # px: a 14-pixel character, on average, and a cell's padding


def table(rows: pl.DataFrame, target: Any = st, **options: Any) -> Any:
    """A screen table (formatting.screen_table) as a data grid in target (st, a column or a
    tab): in Persian every column is right-aligned; an empty cell shows a dash; a first column
    that is a name (NAME_COLUMNS) pinned. options go to st.dataframe; returns its selection
    event."""
    lang = language()
    align = "right" if lang == "fa" else None
    config = {c: st.column_config.Column(alignment=align) for c in rows.columns}
    name = name_column(rows, lang)
    if name is not None:
        config[name] = st.column_config.Column(
            alignment=align, pinned=True, width=_pinned_width(rows[name])
        )
    return target.dataframe(
        rows, hide_index=True, column_config=config, placeholder=t("kpi.no_value"), **options
    )


def name_column(rows: pl.DataFrame, lang: str) -> str | None:
    """The table's first column (in Persian its last: the rightmost) when it is a name, else
    None."""
    if not rows.columns:
        return None
    first = rows.columns[-1 if lang == "fa" else 0]
    names = {t(f"col.{key}") for key in NAME_COLUMNS}
    return first if text.plain(first) in names else None


def _pinned_width(column: pl.Series) -> int | None:
    """PINNED_WIDTH for a column whose longest text would draw wider; None (the grid sizes it
    to its text) for one that fits."""
    longest = max([len(text.plain(column.name)), *(len(text.plain(v or "")) for v in column)])
    return PINNED_WIDTH if longest * _CHAR_WIDTH + _PADDING > PINNED_WIDTH else None
