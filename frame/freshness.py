"""Each source's freshness: the sidebar note on every page, the stale warning in a page head."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import calendar, i18n
from dashboard.importer.kinds import KINDS
from dashboard.settings import Settings
from frame import auth, cache, formatting
from frame.state import language, t
from queries import import_history


def read(settings: Settings) -> pl.DataFrame:
    """Each source's last import and latest event in the signed-in user's area
    (queries.import_history.freshness), with stale: the last import older than
    settings.stale_after_days (None when never imported)."""
    table = cache.run(import_history.freshness, auth.user().remit.province)
    return import_history.with_stale(table, settings.stale_after_days, calendar.now())


def screen_table(table: pl.DataFrame) -> pl.DataFrame:
    """The freshness table for the screen."""
    shown = table.with_columns(
        source=pl.col("kind").replace_strict({k: t(f"import.kind.{k}") for k in KINDS})
    )
    return formatting.screen_table(
        shown,
        {"source": "text", "last_import": "datetime", "latest_event": "date", "stale": "stale"},
    )


def stale_warning(settings: Settings) -> None:
    """The stale sources named, for the head of a page (nothing when none is stale)."""
    stale = read(settings).filter(pl.col("stale").fill_null(False))
    if stale.height:
        names = t("list.separator").join(t(f"import.kind.{k}") for k in stale["kind"])
        days = calendar.digits(f"{settings.stale_after_days:g}", language())
        st.warning(t("fresh.stale", sources=names, days=days), icon=":material/schedule:")


def sidebar_note(settings: Settings) -> None:
    """On every page, in the sidebar: each source's last import and latest event, in Solar
    Hijri."""
    lang = language()
    table = read(settings)
    with st.sidebar.expander(t("fresh.title"), icon=":material/update:"):
        if table["last_import"].is_null().all():
            st.caption(t("fresh.none"))
        for row in table.iter_rows(named=True):
            source = t("import.kind." + row["kind"])
            parts = [f"**{source}**"]
            if row["last_import"] is not None:
                when = calendar.format_date(row["last_import"].date(), lang)
                parts.append(t("fresh.imported", date=when))
            else:
                parts.append(t("fresh.never"))
            if row["latest_event"] is not None:
                parts.append(
                    t("fresh.latest", date=calendar.format_date(row["latest_event"], lang))
                )
            mark = " :orange[" + t("fresh.stale_mark") + "]" if row["stale"] else ""
            st.markdown(i18n.joined(parts, lang) + mark)
