"""A session's view (Filters and language) and where it lives: the URL is its truth.

Each run reads the view from the URL when the URL names any filter (a pasted link, the back
button, a widget change or a narrowing written there), else from the session (a page change
clears the URL), else the defaults; it is checked by the one parser, dashboard.filters.parse,
and written back to the session and the URL. Widgets never hold it: they show it, and a change
the user makes goes to the URL (see change) before the run that reads it.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import polars as pl
import streamlit as st

from dashboard import i18n
from dashboard.filters import KEYS, Filters, Remit, Universe, parse

_PARAMS = "params"  # session: the URL parameters (filters and language) last settled
_FILTERS = "filters"  # session: this run's Filters value


def language() -> str:
    """This run's language: the URL's lang, else the session's, else Persian."""
    wanted = st.query_params.get("lang")
    if wanted in i18n.LANGS:
        return wanted
    return st.session_state.get(_PARAMS, {}).get("lang", i18n.LANGS[0])


def requested_path() -> str:
    """The page part of the browser's address (after the server's base path); '' at the root."""
    url = st.context.url or ""
    return urllib.parse.urlsplit(url).path.rstrip("/").rpartition("/")[2]


def t(key: str, **values: object) -> str:
    """Translate key into this run's language."""
    return i18n.t(key, language(), **values)


def resolve(universe: Universe, remit: Remit) -> dict[str, str]:
    """Settle this run's view (see the module's docstring) inside the signed-in user's remit;
    returns the URL parameters that were not valid or asked for an area outside the remit,
    with the reason for each (they are dropped from the URL or clamped)."""
    url = st.query_params.to_dict()
    source = url if any(key in url for key in KEYS) else st.session_state.get(_PARAMS, {})
    filters, rejected = parse(source, universe, remit)
    params = {"lang": language(), **filters.to_query()}
    st.session_state[_PARAMS] = params
    st.session_state[_FILTERS] = filters
    if url != params:
        st.query_params.from_dict(params)
    return rejected


def current() -> Filters:
    """This run's Filters value (settled by resolve)."""
    return st.session_state[_FILTERS]


def change(**values: Any) -> None:
    """Move the session's view to new values of filters (None: the default) or of lang, through
    the URL: the next run reads them there. A new province clears the county (the province
    shown, chosen again, is no change). Changes add up: several widgets' callbacks in one run
    (a new value and a widget's repeated one, as Streamlit sends after a language switch)
    each change the URL as the one before left it, never the view the run started from."""
    url = st.query_params.to_dict()
    source = url if any(key in url for key in KEYS) else st.session_state.get(_PARAMS, {})
    params = {"lang": language(), **source}
    if "province" in values and values["province"] != params.get("province"):
        params.pop("county", None)
    for key, value in values.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    st.query_params.from_dict(params)


def narrow_to(f: Filters, codes: list[str], allowed: pl.Series) -> None:
    """Narrow the page to the first of codes (a province code nationally, a county id inside a
    province) when it is one of allowed and not already chosen: rerun with it in the URL."""
    code = next((str(c) for c in codes if c is not None), None)
    if code is None or code not in allowed.cast(pl.String).to_list():
        return
    level = "province" if f.province is None else "county"
    if code == (f.province if level == "province" else str(f.county)):
        return
    change(**{level: code})
    st.rerun()


def selection_codes(event: Any, table: pl.DataFrame | None = None) -> list[str]:
    """Area codes picked in a chart (customdata of points) or a table (row positions)."""
    selection = getattr(event, "selection", None) or {}
    if table is not None:
        return [table["area_code"][i] for i in selection.get("rows", [])]
    return [point.get("customdata") for point in selection.get("points", [])]
