"""The sidebar's widgets: the language switch and the filters.

They show the session's filters and language (frame.state) and send a change to the URL. Each
is keyed by the value it shows and the language it shows it in: a widget the server did not
draw this run is not read, so neither a message from a browser that has not yet drawn the
latest filters (a click during a slow first run) nor one holding the labels of the language
before a switch (a browser keeps a selectbox's label, not its option, and sends it again at the
next page change) can move the view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard import calendar, i18n, text
from dashboard.filters import GROUPS, Universe
from frame import state
from frame.state import language, t

ALL = ""  # the "all provinces / counties / groups" choice in a selectbox


def _changed(name: str, key: str, as_text: Callable[[Any], str | None]) -> None:
    """on_change of a URL widget: its new value, as URL text, into the URL."""
    state.change(**{name: as_text(st.session_state[key])})


def _keyed(name: str, shown: object) -> dict[str, Any]:
    """key and on_change of a URL widget that shows `shown` in this run's language."""
    key = f"url-{name}-{language()}-{shown}"
    return {"key": key, "on_change": _changed, "args": (name, key, _URL_TEXT[name])}


_URL_TEXT: dict[str, Callable[[Any], str | None]] = {
    "lang": str,
    "province": lambda code: code or None,
    "county": lambda cid: None if cid == ALL else str(cid),
    "as_of": dt.date.isoformat,
    "deciles": lambda pair: None if tuple(pair) == (1, 10) else f"{pair[0]}-{pair[1]}",
    "group": lambda group: group or None,
}


def language_switch() -> None:
    """The language switch, at the top of the sidebar."""
    lang = language()
    st.sidebar.segmented_control(
        i18n.t("lang.label", lang),
        i18n.LANGS,
        default=lang,
        format_func=lambda code: {"fa": "فارسی", "en": "English"}[code],
        required=True,
        **_keyed("lang", lang),
    )


def filters(universe: Universe) -> None:
    """The filter widgets, showing this run's Filters (frame.state.current). Their labels are
    formatted in this run's language, captured: they are also called outside the run."""
    f = state.current()
    lang = language()
    name = i18n.local_column("name", lang)
    st.sidebar.subheader(t("sidebar.filters"))
    names = {a.code: getattr(a, name) for a in universe.provinces}
    options = list(names) if len(names) == 1 else [ALL, *names]
    st.sidebar.selectbox(
        t("sidebar.province"),
        options,
        index=options.index(f.province or ALL),
        format_func=lambda code: names[code] if code else i18n.t("sidebar.all_provinces", lang),
        **_keyed("province", f.province),
    )
    if f.province is not None:
        counties = {int(a.code): getattr(a, name) for a in universe.counties.get(f.province, ())}
        county_options = list(counties) if f.remit.county is not None else [ALL, *counties]
        st.sidebar.selectbox(
            t("sidebar.county"),
            county_options,
            index=county_options.index(ALL if f.county is None else f.county),
            format_func=lambda cid: (
                counties[cid] if cid != ALL else i18n.t("sidebar.all_counties", lang)
            ),
            **_keyed("county", f"{f.province}-{f.county}"),
        )
    st.sidebar.select_slider(
        t("sidebar.as_of"),
        universe.days,
        value=f.as_of,
        format_func=lambda day: _in_order(calendar.format_date(day, lang), lang),
        **_keyed("as_of", f.as_of),
    )
    st.sidebar.select_slider(
        t("sidebar.deciles"),
        range(1, 11),
        value=(f.decile_min, f.decile_max),
        format_func=lambda d: calendar.digits(d, lang),
        **_keyed("deciles", f"{f.decile_min}-{f.decile_max}"),
    )
    groups = [ALL, *GROUPS]
    st.sidebar.selectbox(
        t("sidebar.group"),
        groups,
        index=groups.index(f.group or ALL),
        format_func=lambda g: i18n.t("sidebar.all_groups" if g == ALL else f"group.{g}", lang),
        **_keyed("group", f.group),
    )


def _in_order(words: str, lang: str) -> str:
    """words kept in reading order in a left-to-right widget (the sliders): a right-to-left
    isolate in Persian."""
    return text.right_to_left(words) if lang == "fa" else words
