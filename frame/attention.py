"""The Overview's "needs attention" strip: one tile per kind of lateness, each with the page
that explains it, linked with the filters in force."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import calendar, estimates, i18n
from dashboard.filters import Filters
from dashboard.settings import Settings
from frame import auth, freshness, pages
from frame.state import language, t


def _named(rows: pl.DataFrame, name: str, value: str, kind: str, lang: str) -> str:
    """'Lorestan 32.1% · Ilam 34.0%' from rows' local name column and a value column."""
    local = i18n.local_column(name, lang)
    shown = i18n.percent if kind == "percent" else i18n.number
    parts = [f"{n} {shown(v, lang)}" for n, v in zip(rows[local], rows[value], strict=True)]
    return t("list.separator").join(parts)


def _items(
    strip: dict[str, Any], over: pl.DataFrame, settings: Settings, lang: str
) -> list[tuple[str, str, str]]:
    """(page, heading, sentence) of each tile; the sentence says 'nothing' when all is well."""
    n = lambda v: i18n.number(v, lang)  # noqa: E731
    stale = freshness.read(settings).filter(pl.col("stale").fill_null(False))
    at_risk, overdue = strip["at_risk"].height, strip["overdue"].height
    agencies, escalations = strip["overdue_tasks"], strip["escalations"]
    young, middle, old = strip["escalation_ages"]
    none = t("attention.none")
    sampled = estimates.factor(settings.household_fraction) != 1
    e = lambda v: f"{t('estimate.mark')} {n(v)}" if sampled else n(v)  # noqa: E731 (estimates)
    return [
        ("uptake", t("attention.lagging_uptake"),
         _named(strip["lagging_uptake"], "area_name", "uptake", "percent", lang) or none),
        ("uptake", t("attention.lagging_reach"),
         _named(strip["lagging_reach"], "area_name", "reach", "percent", lang) or none),
        ("complaints", t("attention.complaints"),
         t("attention.complaints_text", at_risk=n(at_risk), overdue=n(overdue))),
        ("tasks", t("attention.tasks"),
         _named(agencies, "agency_name", "overdue", "count", lang) or none),
        ("tasks", t("attention.escalations"),
         t("attention.escalations_text", n=n(escalations.height), young=n(young),
           middle=n(middle), old=n(old)) if escalations.height else none),
        ("stores", t("attention.uncovered"),
         t("attention.uncovered_text", n=n(strip["uncovered"]),
           r=i18n.number(settings.coverage_radius_km, lang, 1))),
        ("uptake", t("attention.method_two"),
         t("attention.method_two_text", n=e(strip["method_two_overdue"]),
           days=n(settings.method_two_delivery_days)) if strip["method_two_overdue"] else none),
        ("channels", t("attention.mothers"),
         t("attention.mothers_text", n=e(strip["mothers_overdue"]),
           days=n(settings.mothers_collect_days)) if strip["mothers_overdue"] else none),
        ("channels", t("attention.applications"),
         t("attention.applications_text", n=e(strip["applications_overdue"]),
           days=n(settings.applications_decision_days)) if strip["applications_overdue"]
         else none),
        *([("stores", t("attention.wave_load"),
            t("attention.wave_load_text", n=n(over.height),
              date=calendar.format_date(over["opens_on"][0], lang)))] if over.height else []),
        ("data", t("attention.stale"),
         t("list.separator").join(t(f"import.kind.{k}") for k in stale["kind"]) or none),
    ]  # fmt: skip


def show(strip: dict[str, Any], over: pl.DataFrame, f: Filters, settings: Settings) -> None:
    """The strip under the Overview's tiles: tiles of one height, as many a row as fit; over:
    the counties forecast over capacity when the next wave opens (a tile when any is)."""
    lang = language()
    st.subheader(t("attention.title"), help=t("attention.help"))
    link = {"lang": lang, **f.to_query()}
    officer = auth.user().rights.imports  # the Data page is the data officer's
    row = st.container(horizontal=True, wrap=True)  # as many a row as the width holds
    for page, heading, sentence in _items(strip, over, settings, lang):
        box = row.container(border=True, width=255, height="stretch")
        box.markdown(f"**{heading}**")
        box.markdown(sentence)
        if page == "data" and not officer:
            continue
        box.page_link(
            pages.script(page),
            label=t(f"nav.{page}"),
            icon=":material/arrow_back:" if lang == "fa" else ":material/arrow_forward:",
            query_params={} if page == "data" else link,
        )
