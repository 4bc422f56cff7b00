"""Plotly charts on a page, each figure built once and shared, or why there is none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard import charts
from dashboard.filters import Filters
from frame import cache
from frame.state import language, t

_PLOTLY = {"displayModeBar": False}  # no tool bar over a chart: less to draw, nothing to misclick


def show(
    target: Any, builder: Callable[..., Any], tables: tuple, *args: Any, **options: Any
) -> Any:
    """builder(*tables, *args, lang) drawn in target (st or a column), or in its place the
    reason it has nothing to draw (dashboard.charts.empty_reason); options go to
    plotly_chart. Returns the chart's event, None when it is not drawn."""
    reason = charts.empty_reason(builder, *tables)
    if reason:
        target.info(t(reason), icon=":material/info:")
        return None
    if options:  # a clickable chart (on_select) is built afresh: served from the cache, the
        # heat map's click did not come back (tests/browser/test_state_paths.py)
        return target.plotly_chart(builder(*tables, *args, language()), config=_PLOTLY, **options)
    name = f"{builder.__module__}.{builder.__qualname__}"
    return target.plotly_chart(_figure(name, tables, args, language(), builder), config=_PLOTLY)


@st.cache_resource(ttl=cache.TTL_SECONDS, max_entries=1000, show_spinner=False)
def _figure(name: str, tables: tuple, args: tuple, lang: str, _builder: Callable[..., Any]):
    """The figure of builder (named name) for these tables, cached: building a plotly figure
    costs more than the queries of a warm page. A resource, not data: one figure shared by
    every session, never mutated (plotly_chart copies it), where a data cache would unpickle
    and validate a new figure on every run."""
    return _builder(*tables, *args, lang)


def filter_note(builder: Callable[..., Any], f: Filters, target: Any = st) -> None:
    """Under a chart's heading: say that it ignores the decile or group filter, where one
    narrows the view (dashboard.charts.filter_note)."""
    key = charts.filter_note(builder, f)
    if key:
        target.caption(t(key))
