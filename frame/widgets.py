"""What the frame draws: the look, the language switch and the sidebar filters, page headers,
tiles, downloads and notices.

The switch and the filters show the session's view (frame.state) and send a change to the
URL. Each is keyed by the value it shows, so a message from a browser that has not yet drawn
the latest view (a click during a slow first run) cannot turn it back to a widget's first
option: a widget the server did not draw this run is not read.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl
import streamlit as st

from dashboard import brief, calendar, charts, disclosure, estimates, i18n, kpi, text
from dashboard.filters import GROUPS, OUTSIDE, Filters, Universe
from dashboard.settings import Settings
from frame import auth, cache, drawn_maps, formatting, imports, state
from frame.state import language, t
from queries import audit, exports, meta
from queries import brief as briefing

ALL = ""  # the "all provinces / counties / groups" choice in a selectbox
_RTL_CSS = """
<style>
[data-testid="stMain"], [data-testid="stSidebarContent"] { direction: rtl; text-align: right; }
[data-testid="stHeadingWithActionElements"], [data-testid="stHeadingWithActionElements"] > *
{ text-align: right; }
[data-testid="stSlider"], [data-testid="stDataFrame"] { direction: ltr; }
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] { direction: rtl;
  unicode-bidi: isolate; }
[data-testid="stMetricLabel"] { justify-content: flex-start; }
[data-testid="InputInstructions"] { display: none; }
</style>
"""
# headings without Streamlit's anchor link (in both languages): an English "Link to heading"
# to a transliterated #fragment, of no use where a page's view lives in its query
_BASE_CSS = """
<style>
[data-testid="stMetricValue"] { font-size: clamp(1.5rem, 2.1vw, 2.1rem); }
[data-testid="stMetricValue"] div, [data-testid="stMetricLabel"] div { white-space: normal;
  overflow: visible; text-overflow: clip; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
.as-of { font-size: 1.6rem; font-weight: 700; color: #0f766e; line-height: 1.3; }
.as-of .area { color: inherit; }
[data-testid="stHeaderActionElements"] a[href^="#"] { display: none; }
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
    st.html(_BASE_CSS + (_RTL_CSS + _uploader_words() if lang == "fa" else ""))


def _uploader_words() -> str:
    """Streamlit's own English words in Persian: the file uploader's (its button, its size
    line) and a selectbox's 'No results' (typed text that matches no option; st.selectbox
    has no parameter for it: the list is marked data-empty by react-aria)."""
    button = json.dumps(i18n.t("upload.button", "fa"), ensure_ascii=False)
    limit = json.dumps(i18n.t("upload.limit", "fa"), ensure_ascii=False)
    none = json.dumps(i18n.t("select.no_results", "fa"), ensure_ascii=False)
    return f"""<style>
[data-testid="stFileUploaderDropzone"] button p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button p::after {{ content: {button}; font-size: 1rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: {limit};
  font-size: 0.875rem; }}
[role="listbox"][data-empty="true"] [role="option"] > span {{ font-size: 0; }}
[role="listbox"][data-empty="true"] [role="option"] > span::after {{ content: {none};
  font-size: 0.875rem; direction: rtl; }}
</style>"""


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


_REJECTED = "rejected-link"  # session: the link parameters last found not valid


def _in_order(words: str, lang: str) -> str:
    """words kept in reading order in a left-to-right widget (the sliders): a right-to-left
    isolate in Persian."""
    return text.right_to_left(words) if lang == "fa" else words


def rejected_notice(rejected: dict[str, str], universe: Universe | None) -> None:
    """Name, by their sidebar labels, the link parameters that were not valid (and were
    ignored), and say when the link asked for an area outside the user's (and which area is
    shown instead); the notice stays until it is dismissed."""
    if rejected:
        outside = any(OUTSIDE in why for why in rejected.values())
        invalid = sorted(k for k, why in rejected.items() if OUTSIDE not in why)
        st.session_state[_REJECTED] = (invalid, outside)
    invalid, outside = st.session_state.get(_REJECTED) or ([], False)
    if not invalid and not outside:
        return
    with st.container(border=True):
        if outside and universe is not None:
            area = formatting.area_name(state.current(), universe, language())
            st.warning(t("sidebar.outside", area=area), icon=":material/shield_person:")
        if invalid:
            names = t("list.separator").join(t(f"sidebar.{key}") for key in invalid)
            st.warning(t("sidebar.rejected", keys=names), icon=":material/link_off:")
        st.button(t("notice.dismiss"), key="dismiss-rejected", on_click=_dismiss_rejected)


def _dismiss_rejected() -> None:
    st.session_state.pop(_REJECTED, None)


def page_start(title_key: str) -> Filters:
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
    sample_banner(settings)
    imports.stale_warning(settings)
    return f


def area_map(build: Callable[[], Any], key: str, f: Filters, height: int = 520) -> list[str]:
    """Show the map of areas build() makes (dashboard.maps) for view f, built once per view
    and data version (frame.drawn_maps; key names what else it shows); the code of an area
    the user has just clicked on it, for frame.state.narrow_to (a click seen before is not
    returned again, so coming back to this map does not narrow again)."""
    event = drawn_maps.show(build, key, f, height)
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


_PLOTLY = {"displayModeBar": False}  # no tool bar over a chart: less to draw, nothing to misclick


def chart(
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


def download_table(table: pl.DataFrame, name: str, f: Filters) -> None:
    """Buttons that download the raw table (machine-readable values) as CSV and as Excel, and,
    where the table may be published, "for publication" (CSV: small cells suppressed, as
    `export --publish` writes it; queries.exports.published).

    The files are written when a button is clicked, not on every run, and a click does not
    run the page again.
    """
    stem = "-".join([name, *f.to_query().values()])
    fraction = cache.run(meta.settings).household_fraction
    lang = language()
    publishable = disclosure.publishable(name)
    left, right, *rest = st.columns(3 if publishable else 2, width=660 if publishable else 420)
    left.download_button(
        t("download.csv"),
        _audited(functools.partial(_csv, table, fraction, lang), f"{stem}.csv", f),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        t("download.xlsx"),
        _audited(functools.partial(_excel, table, name, fraction, lang), f"{stem}.xlsx", f),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/table:",
    )
    if publishable:
        made = functools.partial(_published_csv, cache.engine(), table, name, f, lang)
        rest[0].download_button(
            t("download.publish"),
            _audited(made, f"{stem}-publication.csv", f),
            file_name=f"{stem}-publication.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/public:",
        )


def brief_button(f: Filters) -> None:
    """The meeting brief of the view (one A4 page, PDF), made when the button is clicked, in
    the page's language, for the signed-in user."""
    lang, who = language(), auth.user()
    universe, engine = cache.run(meta.universe), cache.engine()

    def made() -> bytes:
        now = calendar.now()
        with engine.connect() as conn:
            contents = briefing.contents(conn, f, now)
        return brief.pdf(contents, brief.head(f, universe, lang), lang, now, who.display_name)

    stem = "-".join(["brief", *f.to_query().values(), lang])
    st.download_button(
        t("brief.download"), _audited(made, f"{stem}.pdf", f), file_name=f"{stem}.pdf",
        mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:",
    )  # fmt: skip


def _audited(produce: Callable[[], bytes], file_name: str, f: Filters) -> Callable[[], bytes]:
    """produce, recording in the audit log who downloaded the file, when it is written; an
    empty file where the session has ended since the page was drawn."""
    engine, who, open_now = cache.engine(), auth.user().username, auth.download_check()

    def audited() -> bytes:
        if not open_now():
            return b""
        with engine.begin() as conn:
            audit.record(conn, who, "download", calendar.now(), file_name, f.province, f.county)
        return produce()

    return audited


def _csv(table: pl.DataFrame, fraction: float, lang: str) -> bytes:
    text = estimates.csv_text(table, fraction, lang)
    return text.encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def _excel(table: pl.DataFrame, name: str, fraction: float, lang: str) -> bytes:
    excel = io.BytesIO()
    estimates.write_excel(table, excel, name, fraction, lang)
    return excel.getvalue()


def _published_csv(engine: Any, table: pl.DataFrame, name: str, f: Filters, lang: str) -> bytes:
    """The page's table name for view f as it may be published, as CSV (with its estimate
    and publication lines)."""
    with engine.connect() as conn:
        shown = exports.published(conn, name, table, f)
        settings = meta.settings(conn)
    body = disclosure.csv_text(shown, settings.household_fraction, lang, settings.publish_min_cell)
    return body.encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def no_credit_notice(released_toman: int, f: Filters) -> None:
    """Where nothing is released, say why: before the first wave opened (named with its date),
    or no household of the area matches the deciles and group chosen."""
    if released_toman != 0:
        return
    first_wave = cache.run(meta.extent)[0]
    if first_wave is None or f.as_of < first_wave:
        date = calendar.format_date(first_wave, language()) if first_wave else "—"
        st.info(t("overview.no_credit", date=date), icon=":material/event_upcoming:")
    else:
        st.info(t("overview.no_households"), icon=":material/filter_alt_off:")


def sample_banner(settings: Settings) -> None:
    """Say plainly that sample data is sample data, and at what fraction."""
    note = estimates.sample_note(settings, language())
    if note:
        st.caption(":material/science: " + note)


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
    estimated = set(estimates.estimated_names(kpis)) if _sampled() else set()
    for column, row in _grid(list(kpis.iter_rows(named=True)), columns):
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


def outdated_database(missing: list[str]) -> None:
    """Say that the database predates the code, name what is missing, and stop the page."""
    st.title(t("app.title"))
    st.error(t("outdated.body", columns=", ".join(missing)), icon=":material/database:")
    st.stop()


def no_users(empty: bool) -> None:
    """Say how to add the first user (and, on an empty database, how to fill it); stop."""
    st.title(t("app.title"))
    if empty:
        st.warning(t("empty.title"), icon=":material/database:")
        st.markdown(t("empty.body"))
    st.warning(t("signin.no_users"), icon=":material/person_off:")
    st.stop()


def empty_database() -> None:
    """Tell the user how to fill an empty database, and stop the page."""
    st.title(t("app.title"))
    st.warning(t("empty.title"), icon=":material/database:")
    st.markdown(t("empty.body"))
    st.markdown(t("empty.import"))
    st.stop()
