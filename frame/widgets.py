"""What the frame draws: the look, the language switch and the sidebar filters, page headers,
tiles, downloads, notices and the task write helpers.

The switch and the filters show the session's view (frame.state) and send a change to the
URL. Each is keyed by the value it shows, so a message from a browser that has not yet drawn
the latest view (a click during a slow first run) cannot turn it back to a widget's first
option: a widget the server did not draw this run is not read.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl
import streamlit as st
from streamlit_folium import st_folium

from dashboard import calendar, i18n, kpi
from dashboard.filters import GROUPS, Filters, Universe
from dashboard.settings import Settings
from frame import cache, formatting, state
from frame.state import language, t
from queries import meta
from queries.task_writes import TaskError

ALL = ""  # the "all provinces / counties / groups" choice in a selectbox
_RTL_CSS = """
<style>
[data-testid="stMain"], [data-testid="stSidebarContent"] { direction: rtl; text-align: right; }
[data-testid="stSlider"], [data-testid="stMetricValue"], [data-testid="stMetricDelta"],
[data-testid="stDataFrame"] { direction: ltr; }
[data-testid="stMetricLabel"] { justify-content: flex-start; }
</style>
"""
_BASE_CSS = """
<style>
[data-testid="stMetricValue"] { font-size: 2.1rem; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
</style>
"""


def _changed(name: str, key: str, text: Callable[[Any], str | None]) -> None:
    """on_change of a view widget: its new value, as URL text, into the view."""
    state.change(**{name: text(st.session_state[key])})


def _keyed(name: str, shown: object) -> dict[str, Any]:
    """key and on_change of a view widget that shows `shown`."""
    key = f"view-{name}-{shown}"
    return {"key": key, "on_change": _changed, "args": (name, key, _URL_TEXT[name])}


_URL_TEXT: dict[str, Callable[[Any], str | None]] = {
    "lang": str,
    "province": lambda code: code or None,
    "county": lambda cid: None if cid == ALL else str(cid),
    "as_of": dt.date.isoformat,
    "deciles": lambda pair: None if tuple(pair) == (1, 10) else f"{pair[0]}-{pair[1]}",
    "group": lambda group: group or None,
}


def look() -> None:
    """The language switch and the look: Persian font everywhere, right to left in Persian."""
    lang = language()
    st.sidebar.segmented_control(
        i18n.t("lang.label", lang),
        i18n.LANGS,
        default=lang,
        format_func=lambda code: {"fa": "فارسی", "en": "English"}[code],
        required=True,
        **_keyed("lang", lang),
    )
    st.html(_BASE_CSS + (_RTL_CSS if lang == "fa" else ""))


def sidebar_filters(universe: Universe) -> None:
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
        county_options = [ALL, *counties]
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
        format_func=lambda day: calendar.format_date(day, lang),
        **_keyed("as_of", f.as_of),
    )
    st.sidebar.slider(
        t("sidebar.deciles"),
        1,
        10,
        value=(f.decile_min, f.decile_max),
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


def rejected_notice(rejected: dict[str, str]) -> None:
    """Name the link parameters that were not valid (and were ignored)."""
    if rejected:
        st.toast(t("sidebar.rejected", keys=", ".join(sorted(rejected))))


def page_start(title_key: str) -> Filters:
    """A page's title and, under it, the view in words (area, as-of date, deciles, group);
    returns this run's Filters value."""
    f = state.current()
    lang = language()
    st.title(t(title_key))
    area = formatting.area_name(f, cache.run(meta.universe), lang)
    text = f.describe(t, area, calendar.format_date(f.as_of, lang))
    st.caption(calendar.digits(text, lang))
    return f


def area_map(m: Any, key: str, height: int = 520) -> list[str]:
    """Show a map of areas (dashboard.maps.choropleth); the code of an area the user has just
    clicked on it, for frame.state.narrow_to (a click seen before is not returned again, so
    coming back to this map does not narrow again)."""
    event = st_folium(
        m, height=height, use_container_width=True, returned_objects=["last_active_drawing"],
        key=key,
    )  # fmt: skip
    drawing = (event or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("code")
    seen = st.session_state.get(f"{key}-seen")
    st.session_state[f"{key}-seen"] = code
    return [code] if code and code != seen else []


def measure(options: tuple[str, ...], key: str) -> str:
    """A choice between the measures a map can shade (labels: i18n 'measure.<option>')."""
    lang = language()
    chosen = st.segmented_control(
        i18n.t("map.measure", lang),
        options,
        default=options[0],
        format_func=lambda o: i18n.t(f"measure.{o}", lang),
        required=True,
        key=key,
    )
    return chosen or options[0]


def download_table(table: pl.DataFrame, name: str, f: Filters) -> None:
    """Buttons that download the raw table (machine-readable values) as CSV and as Excel.

    The files are written when a button is clicked, not on every run, and a click does not
    run the page again.
    """
    stem = "-".join([name, *f.to_query().values()])
    left, right = st.columns(2, width=420)
    left.download_button(
        t("download.csv"),
        functools.partial(_csv, table),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        t("download.xlsx"),
        functools.partial(_excel, table, name),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/table:",
    )


def _csv(table: pl.DataFrame) -> bytes:
    return table.write_csv().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def _excel(table: pl.DataFrame, name: str) -> bytes:
    excel = io.BytesIO()
    table.write_excel(excel, worksheet=name[:31], autofit=True)
    return excel.getvalue()


def editor_name() -> str:
    """The name typed in the sidebar, stored with every change (until sign-in exists)."""
    return st.sidebar.text_input(t("tasks.editor"), key="editor", max_chars=120)


def write(action: Callable[[], Any]) -> bool:
    """Run a write; on a refusal show its message and return False, else clear the cached
    query results (they are stale now) and return True."""
    try:
        action()
    except TaskError as error:
        st.error(t(error.key, **error.values), icon=":material/block:")
        return False
    cache.clear()
    return True


def no_credit_notice(released_toman: int) -> None:
    """Before the first wave opened (nothing released), say so and name its date."""
    if released_toman == 0:
        first_wave = cache.run(meta.extent)[0]
        st.info(t("overview.no_credit", date=calendar.format_date(first_wave, language())))


def sample_banner(settings: Settings) -> None:
    """Say plainly that sample data is sample data, and at what fraction."""
    if not settings.is_sample:
        return
    if settings.household_fraction >= 1:
        st.caption(":material/science: " + t("banner.sample_full"))
        return
    n = round(1 / settings.household_fraction)
    share = calendar.digits(t("banner.fraction", n=n), language())
    st.caption(":material/science: " + t("banner.sample", fraction=share))


def _grid(items: list, columns: int) -> Iterator[tuple[Any, Any]]:
    """(column, item) pairs laying items out in rows of `columns` tiles."""
    for start in range(0, len(items), columns):
        yield from zip(st.columns(columns), items[start : start + columns], strict=False)


def tiles(figures: list[tuple[str, str]], columns: int = 3) -> None:
    """Large tiles of (label key, formatted value), without changes."""
    for column, (key, value) in _grid(figures, columns):
        column.metric(t(key), value, border=True)


def kpi_tiles(kpis: pl.DataFrame, columns: int = 3) -> None:
    """Large tiles, one per KPI row (key, value, value_7_days_before), with the 7-day change."""
    lang = language()
    for column, row in _grid(list(kpis.iter_rows(named=True)), columns):
        values = (row["value"], row["value_7_days_before"])
        delta = kpi.delta_text(row["key"], *values, lang)
        color = "inverse" if row["key"] in kpi.RISE_IS_BAD else "normal"
        column.metric(
            t(f"kpi.{row['key']}"),
            kpi.value_text(row["key"], row["value"], lang),
            delta=delta,
            delta_color="off" if kpi.is_flat(row["key"], *values) else color,
            border=True,
        )


def outdated_database(missing: list[str]) -> None:
    """Say that the database predates the code, name what is missing, and stop the page."""
    st.title(t("app.title"))
    st.error(t("outdated.body", columns=", ".join(missing)), icon=":material/database:")
    st.stop()


def empty_database() -> None:
    """Tell the user how to fill an empty database, and stop the page."""
    st.title(t("app.title"))
    st.warning(t("empty.title"), icon=":material/database:")
    st.markdown(t("empty.body"))
    st.markdown(t("empty.import"))
    st.stop()
