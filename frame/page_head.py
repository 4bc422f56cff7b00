"""A page's head: the as-of date and area, the title, the narrowing and the opening notes."""

from __future__ import annotations

import html

import streamlit as st

from dashboard import brief, calendar, i18n
from dashboard.filters import Filters
from frame import cache, freshness, notices, state
from frame.state import language, t
from queries import meta


def show(title_key: str) -> Filters:
    """A page's head: first and large the as-of date and the area, then the title, the
    deciles and group when narrowed, the sample banner and stale sources; returns this run's
    Filters value."""
    f = state.current()
    lang = language()
    head = brief.head(f, cache.run(meta.universe), lang)  # the brief's first line too
    st.html(f'<div class="as-of" dir="auto">{html.escape(head)}</div>')
    st.title(t(title_key))
    narrowed = f.narrowing(t)
    if narrowed:
        st.caption(calendar.digits(i18n.joined(narrowed, lang), lang))
    settings = cache.run(meta.settings)
    notices.sample_data(settings)
    freshness.stale_warning(settings)
    return f
