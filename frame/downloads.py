"""A page's downloads, audited when written: a table (CSV, Excel, publication), the brief."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any

import polars as pl
import streamlit as st

from dashboard import brief, calendar, disclosure, estimates
from dashboard.filters import Filters
from frame import auth, cache
from frame.state import language, t
from queries import audit, brief_figures, exports, meta


def table_buttons(rows: pl.DataFrame, name: str, f: Filters) -> None:
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
        _audited(functools.partial(_csv, rows, fraction, lang), f"{stem}.csv", f),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        t("download.xlsx"),
        _audited(functools.partial(_excel, rows, name, fraction, lang), f"{stem}.xlsx", f),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/table:",
    )
    if publishable:
        made = functools.partial(_published_csv, cache.engine(), rows, name, f, lang)
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
            contents = brief_figures.contents(conn, f, now)
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
