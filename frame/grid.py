"""Data grids for the screen: a table formatted by frame.formatting, drawn right to left in
Persian."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from frame.state import language, t


def table(frame: pl.DataFrame, target: Any = st, **options: Any) -> Any:
    """A screen table (formatting.screen_table) as a data grid in target (st, a column or a
    tab): in Persian every column is right-aligned; an empty cell shows a dash. options go to
    st.dataframe; returns its selection event."""
    align = "right" if language() == "fa" else None
    config = {c: st.column_config.Column(alignment=align) for c in frame.columns}
    return target.dataframe(
        frame, hide_index=True, column_config=config, placeholder=t("kpi.no_value"), **options
    )
