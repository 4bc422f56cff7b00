"""Tables and names for the screen, in this run's language: translated headers, Persian
digits, Solar Hijri dates, and columns that run right to left in Persian."""

from __future__ import annotations

import re

import folium
import polars as pl
import streamlit as st

from dashboard import calendar, estimates, i18n, kpi, maps, risk_words, text
from dashboard.filters import Filters, Universe, area_name  # noqa: F401 (the frame's name for it)
from dashboard.settings import Settings
from frame import cache
from frame.state import language, t
from queries import meta
from queries.tasks import agencies


def _formats(lang: str) -> dict:
    return {
        "count": lambda v: i18n.number(v, lang),
        "decimal": lambda v: i18n.number(v, lang, 1),
        "percent": lambda v: i18n.percent(v, lang),
        "km": lambda v: i18n.number(v, lang, 1),
        "text": lambda v: "" if v is None else str(v),
        "code": lambda v: "" if v is None else calendar.digits(v, lang),  # an id, as digits
        "datetime": lambda v: (
            ""
            if v is None
            else calendar.format_date(v.date(), lang) + calendar.digits(f" {v:%H:%M}", lang)
        ),
        "stale": lambda v: "" if v is None else i18n.t("yes" if v else "no", lang),
        "channel": lambda v: i18n.t(f"channel.{v}", lang),
        "violation": lambda v: i18n.t(f"violation.{v}", lang),
        "yes_no": lambda v: i18n.t("yes" if v else "no", lang),
        "date": lambda v: "" if v is None else calendar.format_date(v, lang),
        "task_status": lambda v: i18n.t(f"taskstatus.{v}", lang),
        "level": lambda v: i18n.t(f"level.{v}", lang),
    }


def _right_to_left(table: pl.DataFrame, lang: str) -> pl.DataFrame:
    """In Persian the columns run right to left (the first stands rightmost), and headers and
    cells with Persian words are right-to-left isolates: the table is drawn left to right, and
    '۷ روز پیش' or '۱۵ اردیبهشت ۱۴۰۵' would read in the wrong order."""
    if lang != "fa":
        return table
    columns = {  # in Python, not a polars UDF: those can deadlock across the server's threads
        text.right_to_left(c) if _PERSIAN.search(c) else c: (
            [None if v is None else _isolated(v) for v in table[c].to_list()]
            if table.schema[c] == pl.String
            else table[c]
        )
        for c in reversed(table.columns)
    }
    return pl.DataFrame(columns)


_PERSIAN = re.compile("[\u0600-\u06ff]")  # a Persian (Arabic-script) letter or digit


def _isolated(value: str) -> str:
    """A cell as a right-to-left isolate where it holds a Persian letter next to other text."""
    return text.right_to_left(value) if _PERSIAN.search(value) and " " in value else value


SCREEN_ROWS = 200  # a longer list shows its first rows on screen (downloads hold them all)


def screen_table(rows: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """A frame for the screen: each column (name -> kind) translated (col.<name>) and formatted
    by kind: text, count, decimal, percent, km, datetime, date and the coded kinds. Names
    ending in _fa / _en pick the current language. Of a list longer than SCREEN_ROWS only the
    first rows are formatted and sent to the browser, with a caption that says so."""
    lang = language()
    if rows.height > SCREEN_ROWS:
        shown = i18n.number(SCREEN_ROWS, lang)
        st.caption(t("table.first_rows", n=shown, total=i18n.number(rows.height, lang)))
        rows = rows.head(SCREEN_ROWS)
    formats = _formats(lang)
    sampled = estimates.factor(cache.run(meta.settings).household_fraction) != 1
    shown = {}
    for name, kind in columns.items():
        local = i18n.local_column(name, lang)
        source = local if local in rows.columns else name
        shown[_header(name, sampled)] = [formats[kind](v) for v in rows[source]]
    return _right_to_left(pl.DataFrame(shown, schema=dict.fromkeys(shown, pl.String)), lang)


def _header(name: str, sampled: bool) -> str:
    """A column's header, marked (≈) where it holds full-scale estimates from a sample."""
    header = t(f"col.{name}")
    return f"{t('estimate.mark')} {header}" if sampled and name in estimates.ESTIMATED else header


def area_table(areas: pl.DataFrame) -> pl.DataFrame:
    """The ranked area table of the uptake page."""
    counts = dict.fromkeys(("households", "members", "released_toman", "spent_toman"), "count")
    ratios = dict.fromkeys(("uptake", "reach", "topup_share"), "percent")
    return screen_table(areas, {"area_name": "text", **counts, **ratios})


def method_two_table(areas: pl.DataFrame) -> pl.DataFrame:
    """The method-two table of the uptake page, per area."""
    counts = dict.fromkeys(("households_with_credit", "registered", "cancelled", "delivered",
                            "pending", "pending_overdue"), "count")  # fmt: skip
    return screen_table(areas, {"area_name": "text", **counts, "registration_rate": "percent",
                                "median_delivery_days": "decimal"})  # fmt: skip


def mothers_table(counties: pl.DataFrame) -> pl.DataFrame:
    """The mothers' packages per county."""
    counts = dict.fromkeys(("eligible", "issued", "collected"), "count")
    return screen_table(counties, {"county_name": "text", **counts, "collection_rate": "percent",
                                   "uncollected_overdue": "count",
                                   "median_collect_days": "decimal"})  # fmt: skip


def applications_table(counties: pl.DataFrame) -> pl.DataFrame:
    """The new applications per county."""
    counts = dict.fromkeys(("filed", "decided", "approved", "rejected", "pending",
                            "pending_overdue"), "count")  # fmt: skip
    return screen_table(counties, {"county_name": "text", **counts,
                                   "median_decision_days": "decimal"})  # fmt: skip


def kpi_table(kpis: pl.DataFrame) -> pl.DataFrame:
    """The KPI frame with translated names and formatted values, for a table on screen."""
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
    return _right_to_left(table, lang)


# what a map can be shaded by: (how its values read, whether a low value is the bad news)
MEASURES = {
    "stores_per_10k": ("decimal", True),
    "uncovered_share": ("percent", False),
    "uptake": ("percent", True),
    "reach": ("percent", True),
    "load_ratio": ("percent", False),
    "collection_rate": ("percent", True),
}
# measures whose classes mean the same everywhere: a load of 100% fills the stores
FIXED_BOUNDS = {"load_ratio": (0.5, 0.8, 1.0)}


def shading(rows: pl.DataFrame, code_column: str, measure: str) -> maps.Shading:
    """How to shade areas by a measure column of rows (codes in code_column)."""
    lang = language()
    kind, low_is_bad = MEASURES[measure]
    values = dict(zip(rows[code_column].cast(pl.String), rows[measure], strict=True))
    return maps.Shading(values, _formats(lang)[kind], t(f"measure.{measure}"), low_is_bad,
                        FIXED_BOUNDS.get(measure, ()))  # fmt: skip


def shaded_map(
    areas: dict, rows: pl.DataFrame, code_column: str, measure: str, outline: str | None = None
) -> folium.Map:
    """A map of areas (polygons keyed 'code' or 'id') shaded by a measure column of rows,
    with the outline of a province around its counties."""
    key = "code" if areas["features"] and "code" in areas["features"][0]["properties"] else "id"
    return maps.choropleth(areas, key, shading(rows, code_column, measure), language(), outline)


def agency_names() -> dict[str, str]:
    """Agency code -> name in the current language (for a selectbox's format_func)."""
    names = cache.run(agencies)
    return dict(zip(names["code"], names[i18n.local_column("name", language())], strict=True))


def risk_table(flagged: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The store-risk list for the screen: rank, store, county, score, the patterns with the
    store's figure and the peers', the complaints beside and whether the terminal is cut."""
    lang = language()
    rows = flagged.head(SCREEN_ROWS).with_columns(
        rank=pl.int_range(1, pl.len() + 1),
        reasons=pl.Series(
            [
                risk_words.short(r, settings, lang)
                for r in flagged.head(SCREEN_ROWS).iter_rows(named=True)
            ],
            dtype=pl.String,
        ),
    )
    columns = {"rank": "count", "name": "text", "county_name": "text", "score": "decimal",
               "reasons": "text", "complaints": "count", "three_reporter": "yes_no",
               "cut": "yes_no"}  # fmt: skip
    return screen_table(rows, columns)
