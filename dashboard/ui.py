"""Streamlit helpers: the one module of dashboard that imports streamlit.

The engine is cached per process; query results per (query, arguments, database) for TTL
seconds. The language and the filters live in the URL query string, so a pasted link opens the
same view.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl
import sqlalchemy as sa
import streamlit as st

from dashboard import calendar, db, i18n, kpi
from dashboard.filters import GROUPS, Filters
from queries import meta
from queries.task_writes import TaskError
from queries.tasks import agencies as tasks_agencies

TTL_SECONDS = 600
LOOKBACK_DAYS = 14  # the as-of slider starts this many days before the first wave
_FILTERS = "filters"
_NARROW = "narrow_to"  # an area chosen on a page, applied before the sidebar widgets
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


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> sa.Engine:
    engine = db.make_engine(url)
    db.init(engine)
    return engine


def engine() -> sa.Engine:
    """The process's engine for DATABASE_URL; the schema is created on first use."""
    return _engine(db.database_url())


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _cached(url: str, name: str, args: tuple, _query: Callable[..., Any]) -> Any:
    with _engine(url).connect() as conn:
        return _query(conn, *args)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _missing_columns(url: str) -> list[str]:
    return db.missing_columns(_engine(url))


def missing_columns() -> list[str]:
    """The database's missing columns (db.missing_columns), looked up as often as the data."""
    return _missing_columns(db.database_url())


def run(query: Callable[..., Any], *args: Any) -> Any:
    """query(conn, *args), cached; the result must not be mutated."""
    return _cached(db.database_url(), f"{query.__module__}.{query.__qualname__}", args, query)


def language() -> str:
    """The language chosen in the sidebar switch ('fa' unless the URL says lang=en)."""
    return st.session_state.get("lang") or st.query_params.get("lang", "fa")


def t(key: str, **values: object) -> str:
    """Translate key into the current language."""
    return i18n.t(key, language(), **values)


def frame(lang: str) -> None:
    """The language switch and the look: Persian font everywhere, right to left in Persian."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = st.query_params.get("lang", "fa")
        if st.session_state["lang"] not in i18n.LANGS:
            st.session_state["lang"] = "fa"
    st.sidebar.segmented_control(
        i18n.t("lang.label", lang),
        i18n.LANGS,
        key="lang",
        format_func=lambda code: {"fa": "فارسی", "en": "English"}[code],
        required=True,
    )
    st.html(_BASE_CSS + (_RTL_CSS if language() == "fa" else ""))


def sidebar_filters(
    provinces: pl.DataFrame,
    counties: Callable[[str], pl.DataFrame],
    first_day: dt.date,
    last_day: dt.date,
) -> Filters:
    """The filter widgets, started from the URL on a session's first run; returns the Filters
    value, keeps it for the pages and writes it back to the URL. The as-of choice runs from
    LOOKBACK_DAYS before first_day (the first wave) to last_day (the last day with purchases)."""
    lang = language()
    name = "name_fa" if lang == "fa" else "name_en"
    with_data = provinces.filter(pl.col("has_data"))
    names = dict(zip(provinces["code"], provinces[name], strict=True))
    start = first_day - dt.timedelta(days=LOOKBACK_DAYS)
    days = [start + dt.timedelta(days=i) for i in range((last_day - start).days + 1)]
    if "f_as_of" not in st.session_state:
        _start_from_url(with_data["code"].to_list(), counties, days)
    _apply_narrowing()
    st.sidebar.subheader(t("sidebar.filters"))
    province_options = with_data["code"].to_list()
    if len(province_options) != 1:
        province_options = [ALL, *province_options]
    province = st.sidebar.selectbox(
        t("sidebar.province"),
        province_options,
        key="f_province",
        format_func=lambda code: (
            i18n.t("sidebar.all_provinces", lang) if code == ALL else names[code]
        ),
    )
    county = ALL
    if province != ALL:
        own = counties(province)
        county_names = dict(zip(own["id"], own[name], strict=True))
        if st.session_state.get("f_county") not in county_names:
            st.session_state["f_county"] = ALL
        county = st.sidebar.selectbox(
            t("sidebar.county"),
            [ALL, *own["id"].to_list()],
            key="f_county",
            format_func=lambda cid: (
                i18n.t("sidebar.all_counties", lang) if cid == ALL else county_names[cid]
            ),
        )
    as_of = st.sidebar.select_slider(
        t("sidebar.as_of"),
        days,
        key="f_as_of",
        format_func=lambda day: calendar.format_date(day, lang),
    )
    low, high = st.sidebar.slider(t("sidebar.deciles"), 1, 10, key="f_deciles")
    group = st.sidebar.selectbox(
        t("sidebar.group"),
        [ALL, *GROUPS],
        key="f_group",
        format_func=lambda g: i18n.t("sidebar.all_groups" if g == ALL else f"group.{g}", lang),
    )
    filters = Filters(
        as_of=as_of,
        province=None if province == ALL else province,
        county=None if county == ALL else int(county),
        decile_min=low,
        decile_max=high,
        group=None if group == ALL else group,
    )
    st.session_state[_FILTERS] = filters
    st.query_params.from_dict({"lang": lang, **filters.to_query()})
    return filters


def _start_from_url(
    provinces: list[str], counties: Callable[[str], pl.DataFrame], days: list[dt.date]
) -> None:
    """Set the widgets from the URL once per session; report parameters that were ignored."""
    query = {k: st.query_params[k] for k in st.query_params}
    parsed, rejected = Filters.from_query(query, default_as_of=days[-1])
    province = parsed.province
    if province is not None and province not in provinces:
        rejected.append("province")
        province = None
    if province is None and len(provinces) == 1:
        province = provinces[0]
    county = parsed.county
    if county is not None and (province is None or county not in counties(province)["id"]):
        rejected.append("county")
        county = None
    as_of = min(max(parsed.as_of, days[0]), days[-1])
    if as_of != parsed.as_of:
        rejected.append("as_of")
    st.session_state.update(
        f_province=province or ALL,
        f_county=ALL if county is None else county,
        f_as_of=as_of,
        f_deciles=(parsed.decile_min, parsed.decile_max),
        f_group=parsed.group or ALL,
    )
    if rejected:
        st.toast(t("sidebar.rejected", keys=", ".join(sorted(set(rejected)))))


def _apply_narrowing() -> None:
    """Apply an area chosen on a page (see narrow_to) to the sidebar widgets."""
    pending = st.session_state.pop(_NARROW, None)
    if pending is None:
        return
    level, code = pending
    if level == "province":
        st.session_state.update(f_province=code, f_county=ALL)
    else:
        st.session_state["f_county"] = int(code)


def narrow_to(f: Filters, codes: list[str], allowed: pl.Series) -> None:
    """Narrow the page to the first of codes (a province code nationally, a county id inside a
    province) when it is one of allowed and not already chosen: rerun with it in the sidebar
    and the URL."""
    code = next((str(c) for c in codes if c is not None), None)
    if code is None or code not in allowed.cast(pl.String).to_list():
        return
    level = "province" if f.province is None else "county"
    if (level == "province" and code == f.province) or (
        level == "county" and code == str(f.county)
    ):
        return
    st.session_state[_NARROW] = (level, code)
    st.rerun()


def selection_codes(event: Any, table: pl.DataFrame | None = None) -> list[str]:
    """Area codes picked in a chart (customdata of points) or a table (row positions)."""
    selection = getattr(event, "selection", None) or {}
    if table is not None:
        return [table["area_code"][i] for i in selection.get("rows", [])]
    return [point.get("customdata") for point in selection.get("points", [])]


def screen_table(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """A frame for the screen: each column (name -> kind) translated (col.<name>) and formatted
    by kind: text, count, decimal, percent or km. Names ending in _fa / _en pick the current
    language. In Persian the columns run right to left."""
    lang = language()
    formats = {
        "count": lambda v: i18n.number(v, lang),
        "decimal": lambda v: i18n.number(v, lang, 1),
        "percent": lambda v: i18n.percent(v, lang),
        "km": lambda v: i18n.number(v, lang, 1),
        "text": lambda v: "" if v is None else str(v),
        "datetime": lambda v: (
            calendar.format_date(v.date(), lang) + calendar.digits(f" {v:%H:%M}", lang)
        ),
        "state": lambda v: i18n.t(f"state.{v}", lang),
        "channel": lambda v: i18n.t(f"channel.{v}", lang),
        "violation": lambda v: i18n.t(f"violation.{v}", lang),
        "yes_no": lambda v: i18n.t("yes" if v else "no", lang),
        "date": lambda v: "" if v is None else calendar.format_date(v, lang),
        "task_status": lambda v: i18n.t(f"taskstatus.{v}", lang),
        "level": lambda v: i18n.t(f"level.{v}", lang),
    }
    shown = {}
    for name, kind in columns.items():
        source = f"{name}_{lang}" if f"{name}_{lang}" in frame.columns else name
        shown[t(f"col.{name}")] = [formats[kind](v) for v in frame[source]]
    table = pl.DataFrame(shown, schema=dict.fromkeys(shown, pl.String))
    return table.select(reversed(table.columns)) if lang == "fa" else table


def area_table(areas: pl.DataFrame) -> pl.DataFrame:
    """The ranked area table of the uptake page."""
    counts = dict.fromkeys(("households", "members", "released_toman", "spent_toman"), "count")
    ratios = dict.fromkeys(("uptake", "reach", "topup_share"), "percent")
    return screen_table(areas, {"area_name": "text", **counts, **ratios})


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


def filters() -> Filters:
    """The Filters value the sidebar built for this run."""
    return st.session_state[_FILTERS]


def area_name(f: Filters) -> str:
    """The name of the filtered area in the current language."""
    name = "name_fa" if language() == "fa" else "name_en"
    if f.county is not None:
        counties = run(meta.counties, f.province)
        return counties.filter(pl.col("id") == f.county)[name].item()
    if f.province:
        provinces = run(meta.provinces)
        return provinces.filter(pl.col("code") == f.province)[name].item()
    return t("filters.country")


def page_start(title_key: str) -> Filters:
    """A page's title and, under it, the view in words (area, as-of date, deciles, group);
    returns the Filters value the sidebar built for this run."""
    f = filters()
    lang = language()
    st.title(t(title_key))
    text = f.describe(t, area_name(f), calendar.format_date(f.as_of, lang))
    st.caption(calendar.digits(text, lang))
    return f


def agency_names() -> dict[str, str]:
    """Agency code -> name in the current language (for a selectbox's format_func)."""
    names = run(tasks_agencies)
    return dict(
        zip(names["code"], names["name_fa" if language() == "fa" else "name_en"], strict=True)
    )


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
    st.cache_data.clear()
    return True


def no_credit_notice(released_toman: int) -> None:
    """Before the first wave opened (nothing released), say so and name its date."""
    if released_toman == 0:
        first_wave = run(meta.extent)[0]
        st.info(t("overview.no_credit", date=calendar.format_date(first_wave, language())))


def sample_banner(settings: dict[str, str]) -> None:
    """Say plainly that sample data is sample data, and at what fraction."""
    if settings.get("data_source") != "sample":
        return
    fraction = float(settings.get("household_fraction", 1))
    if fraction >= 1:
        st.caption(":material/science: " + t("banner.sample_full"))
        return
    share = calendar.digits(t("banner.fraction", n=round(1 / fraction)), language())
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


def kpi_table(kpis: pl.DataFrame) -> pl.DataFrame:
    """The KPI frame with translated names and formatted values, for a table on screen.

    In Persian the columns run right to left: the figure's name stands rightmost.
    """
    lang = language()
    table = pl.DataFrame(
        {
            t("col.figure"): [t(f"kpi.{k}") for k in kpis["key"]],
            t("col.value"): [
                kpi.value_text(k, v, lang) for k, v in zip(kpis["key"], kpis["value"], strict=True)
            ],
            t("col.value_7_days_before"): [
                kpi.value_text(k, v, lang)
                for k, v in zip(kpis["key"], kpis["value_7_days_before"], strict=True)
            ],
        }
    )
    return table.select(reversed(table.columns)) if lang == "fa" else table


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
    st.stop()
