"""What the meeting brief shows, read through the pages' own query functions (nothing is
computed twice): the Overview's tiles and needs-attention strip, the complaints headline,
stores, the committee's overdue tasks and escalations, uptake by decile, data freshness."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import sqlalchemy as sa

from dashboard.filters import Filters
from queries import attention_figures, import_history, meta, overview, stores, tasks, uptake

OVERDUE_TASKS = 8  # the longest-overdue tasks listed


def contents(conn: sa.Connection, f: Filters, now: dt.datetime) -> dict[str, Any]:
    """Every figure of the brief for f, live work (tasks, escalations) on now's day: kpis,
    strip (queries.attention_figures.strip), complaints (its headline), stores (active, cut),
    overdue_tasks (the longest overdue, with agency and owner), by_decile, freshness (with
    stale), settings."""
    today = now.date()
    settings = meta.settings(conn)
    density = stores.density(conn, f)
    board = tasks.board(conn, f, today)
    strip = attention_figures.strip(conn, f, today)
    return {
        "kpis": overview.kpis(conn, f, today),
        "strip": strip,
        "complaints": strip["complaints"],
        "stores": {
            "active": int(density["active"].sum()),
            "cut": int(density["suspended"].sum() + density["terminated"].sum()),
        },
        "overdue_tasks": board.filter(pl.col("overdue"))
        .sort("days_overdue", "task_id", descending=[True, False])
        .head(OVERDUE_TASKS),
        "by_decile": uptake.by_decile(conn, f),
        "freshness": import_history.with_stale(
            import_history.freshness(conn, f.province), settings.stale_after_days, now
        ),
        "settings": settings,
    }
