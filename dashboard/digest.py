"""The morning digest: what changed in a user's area in a window (queries.changes) as one A4
page typeset by Typst from dashboard/digest.typ, or as CSV (item, count, link: the contract of
`python -m dashboard digest`). Persian right to left with Persian digits; English when asked."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

import polars as pl

from dashboard import calendar, i18n, paths, typeset

TEMPLATE = paths.ROOT / "dashboard" / "digest.typ"
COLUMNS = ("item", "count", "link")


class Item(Protocol):
    """One line of the digest (queries.changes.Change)."""

    item: str
    count: int
    link: str


@dataclasses.dataclass(frozen=True)
class Window:
    """The digest's window: its two moments, and the data's as-of dates at them."""

    moments: tuple[dt.datetime, dt.datetime]
    days: tuple[dt.date, dt.date]


def csv(items: Sequence[Item]) -> str:
    """The digest as CSV: one row per item, in order."""
    rows = {"item": [i.item for i in items], "count": [i.count for i in items],
            "link": [i.link for i in items]}  # fmt: skip
    return pl.DataFrame(
        rows, schema=dict(zip(COLUMNS, (pl.String, pl.Int64, pl.String), strict=True))
    ).write_csv()


def data_line(days: tuple[dt.date, dt.date], lang: str) -> str:
    """What the data figures compare: the as-of dates at since and at now (or that they are
    one: no data has arrived)."""
    before, after = (calendar.format_date(day, lang) for day in days)
    key = "changes.data_still" if days[0] == days[1] else "changes.data_days"
    return i18n.t(key, lang, before=before, after=after)


def page(items: Sequence[Item], area: str, name: str, window: Window, lang: str) -> dict[str, Any]:
    """Every text of the page, formatted in lang, as digest.typ lays it out: area names the
    user's area, name the user."""

    def t(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    when, (since, now) = calendar.format_moment, window.moments
    changed = [i for i in items if i.count]
    return {
        "lang": lang,
        "dir": "rtl" if lang == "fa" else "ltr",
        "head": area,
        "title": t("digest.title"),
        "for": t("digest.for", name=name),
        "window": t("changes.window", since=when(since, lang), now=when(now, lang)),
        "data": data_line(window.days, lang),
        "nothing": "" if changed else t("changes.nothing", since=when(since, lang)),
        "header": [t("digest.item"), t("digest.count"), t("digest.link")],
        "rows": [[t(f"changes.item.{i.item}"), i18n.number(i.count, lang), i.link] for i in items],
        "changed": [bool(i.count) for i in items],
        "footer": t("digest.footer", at=when(now, lang)),
    }


def pdf(items: Sequence[Item], area: str, name: str, window: Window, lang: str) -> bytes:
    """The digest as PDF bytes (one A4 page)."""
    return typeset.compile_page(TEMPLATE, page(items, area, name, window, lang), "pdf")


def png(items: Sequence[Item], area: str, name: str, window: Window, lang: str) -> bytes:
    """The digest as a PNG picture (for looking at it)."""
    return typeset.compile_page(TEMPLATE, page(items, area, name, window, lang), "png")
