"""The meeting brief: one A4 page, typeset by Typst (dashboard.typeset) from
dashboard/brief.typ with the figures of queries.brief_figures.contents, each formatted here as
the pages format it (dashboard.kpi, dashboard.i18n). Persian right to left with Persian digits;
English when asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from dashboard import calendar, estimates, i18n, kpi, paths, typeset
from dashboard.filters import Filters, Universe, area_name

TEMPLATE = paths.ROOT / "dashboard" / "brief.typ"


def head(f: Filters, universe: Universe, lang: str) -> str:
    """The brief's and a page's first line: the area and the as-of date ('Lorestan · as of
    the end of ...'; in Persian joined by an em dash, i18n.joined)."""
    as_of = i18n.t("filters.as_of", lang, date=calendar.format_date(f.as_of, lang))
    return i18n.joined((area_name(f, universe, lang), as_of), lang)


def pdf(contents: dict[str, Any], head: str, lang: str, at: dt.datetime, by: str) -> bytes:
    """The brief as PDF bytes: head names the area and date ('Lorestan · as of ...'), at and
    by say when and by whom it was made."""
    return typeset.compile_page(TEMPLATE, page(contents, head, lang, at, by), "pdf")


def png(contents: dict[str, Any], head: str, lang: str, at: dt.datetime, by: str) -> bytes:
    """The brief as a PNG picture (for looking at it), 100 pixels per inch."""
    return typeset.compile_page(TEMPLATE, page(contents, head, lang, at, by), "png")


def page(contents: dict[str, Any], head: str, lang: str, at: dt.datetime, by: str) -> dict:
    """Every text of the page, formatted in lang, as brief.typ lays it out."""

    def t(key: str, **values: object) -> str:
        return calendar.digits(i18n.t(key, lang, **values), lang)

    strip, settings = contents["strip"], contents["settings"]
    kpis = contents["kpis"]
    released = kpis.filter(key="released_toman")["value"][0]
    when = calendar.format_date(at.date(), lang) + calendar.digits(f" {at:%H:%M}", lang)
    return {
        "lang": lang,
        "dir": "rtl" if lang == "fa" else "ltr",
        "head": head,
        "title": t("brief.title"),
        "stamp": estimates.sample_note(settings, lang) or "",
        "notice": t("brief.no_credit") if not released else "",
        "tiles": _tiles(kpis, settings.household_fraction, lang),
        "bars": {
            "title": t("brief.by_decile"),
            "items": [
                {
                    "label": t("brief.decile", n=row["decile"]),
                    "share": max(0.0, min(1.0, row["uptake"] or 0.0)),
                    "value": i18n.percent(row["uptake"], lang),
                }
                for row in contents["by_decile"].iter_rows(named=True)
            ],  # fmt: skip
        },
        "sections": [
            _lagging(strip["lagging_uptake"], "uptake", lang),
            _lagging(strip["lagging_reach"], "reach", lang),
            _overdue_tasks(contents["overdue_tasks"], lang),
            _freshness(contents["freshness"], lang),
        ],
        "facts": _facts(contents, lang),
        "footer": t("brief.footer", at=when, by=by),
    }


def _tiles(kpis: pl.DataFrame, fraction: float, lang: str) -> list[dict]:
    sampled = estimates.factor(fraction) != 1
    tiles = []
    for row in kpis.iter_rows(named=True):
        key, value, before = row["key"], row["value"], row["value_7_days_before"]
        shown = kpi.value_text(key, value, lang)
        if sampled and key in estimates.ESTIMATED:
            shown = f"{i18n.t('estimate.mark', lang)} {shown}"
        rise = (
            None
            if value is None or before is None or kpi.is_flat(key, value, before)
            else (value > before)
        )
        good = None if rise is None else rise != (key in kpi.RISE_IS_BAD)
        tiles.append({
            "label": i18n.t(f"kpi.{key}", lang),
            "value": shown,
            "change": {"text": kpi.delta_text(key, value, before, lang) or "",
                       "good": {None: "none", True: "up", False: "down"}[good]},
        })  # fmt: skip
    return tiles


def _section(title: str, header: list[str], rows: list[list[str]], lang: str) -> dict:
    return {"title": title, "header": header, "rows": rows, "empty": i18n.t("brief.none", lang)}


def _lagging(areas: pl.DataFrame, measure: str, lang: str) -> dict:
    name = i18n.local_column("area_name", lang)
    rows = [
        [row[name], i18n.percent(row["uptake"], lang), i18n.percent(row["reach"], lang)]
        for row in areas.iter_rows(named=True)
    ]
    header = [i18n.t(k, lang) for k in ("col.area_name", "col.uptake", "col.reach")]
    return _section(i18n.t(f"brief.lagging_{measure}", lang), header, rows, lang)


def _overdue_tasks(board: pl.DataFrame, lang: str) -> dict:
    agency = i18n.local_column("agency_name", lang)
    rows = [
        [row[agency], row["title"], row["owner"] or "—", i18n.number(row["days_overdue"], lang)]
        for row in board.iter_rows(named=True)
    ]
    keys = ("col.agency_name", "col.title", "col.owner", "col.days_overdue")
    return _section(i18n.t("brief.overdue_tasks", lang), [i18n.t(k, lang) for k in keys], rows,
                    lang)  # fmt: skip


def _freshness(table: pl.DataFrame, lang: str) -> dict:
    rows = []
    for row in table.iter_rows(named=True):
        last = row["last_import"]
        rows.append([
            i18n.t(f"import.kind.{row['kind']}", lang),
            calendar.format_date(last.date(), lang) if last else i18n.t("fresh.never", lang),
            calendar.format_date(row["latest_event"], lang) if row["latest_event"] else "—",
            i18n.t("yes" if row["stale"] else "no", lang) if row["stale"] is not None else "—",
        ])  # fmt: skip
    keys = ("col.source", "col.last_import", "col.latest_event", "col.stale")
    return _section(i18n.t("fresh.title", lang), [i18n.t(k, lang) for k in keys], rows, lang)


def _facts(contents: dict[str, Any], lang: str) -> list[dict]:
    strip, found = contents["strip"], contents["complaints"]
    overdue = strip["overdue"]
    oldest = overdue["age_h"].max() if overdue.height else None
    ages = strip["escalation_ages"]
    sampled = estimates.factor(contents["settings"].household_fraction) != 1
    estimated = f"{i18n.t('estimate.mark', lang)} " if sampled else ""  # the channels' counts

    def n(value: float | None) -> str:
        return "—" if value is None else i18n.number(value, lang)

    def fact(key: str, value: str) -> dict:
        return {"label": i18n.t(key, lang), "value": value}

    return [
        {"title": i18n.t("nav.complaints", lang), "items": [
            fact("complaints.compliance", i18n.percent(found["compliance"], lang)),
            fact("complaints.at_risk", n(strip["at_risk"].height)),
            fact("complaints.overdue", n(overdue.height)),
            fact("brief.oldest_overdue",
                 "—" if oldest is None else i18n.t("brief.hours", lang, n=n(round(oldest)))),
        ]},
        {"title": i18n.t("nav.stores", lang), "items": [
            fact("kpi.active_stores", n(contents["stores"]["active"])),
            fact("brief.cut_terminals", n(contents["stores"]["cut"])),
            fact("brief.uncovered", n(strip["uncovered"])),
        ]},
        {"title": i18n.t("brief.escalations", lang), "items": [
            fact(f"brief.age.{band}", n(count))
            for band, count in zip(("week", "month", "older"), ages, strict=True)
        ]},
        {"title": i18n.t("brief.channels", lang), "items": [
            fact(f"attention.{name}", estimated + n(strip[f"{name}_overdue"]))
            for name in ("method_two", "mothers", "applications")
        ]},
    ]  # fmt: skip
