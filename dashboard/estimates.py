"""Full-scale estimates from a household sample (DESIGN.md section 5, "Sample estimates").

Where the database holds 1 in N of the households (settings.household_fraction < 1), every
household-based count and sum is shown as the full-scale figure it estimates: multiplied by N.
Ratios of two such figures are unchanged; stores, villages, complaints and tasks are never
sampled and never scaled.
"""

from __future__ import annotations

import polars as pl
import xlsxwriter

from dashboard import calendar, i18n
from dashboard.settings import Settings

# the household-based columns (and Overview KPI keys) of the query results
ESTIMATED = frozenset(
    {
        "households",
        "members",
        "buyers",
        "released_toman",
        "spent_toman",
        "cash_toman",
        "balance_toman",
        "carried_toman",
        "unspent_toman",
        "value_toman",
        "first3d_purchases",
        "forecast_purchases",
        # the other channels (issue 30): households' registrations and packages, and the
        # applications, sampled at the households' fraction
        "households_with_credit",
        "registered",
        "cancelled",
        "delivered",
        "pending",
        "pending_overdue",
        "eligible",
        "issued",
        "collected",
        "uncollected_overdue",
        "filed",
        "decided",
        "approved",
        "rejected",
    }
)


def factor(fraction: float) -> float:
    """How many households each sampled one stands for (a whole number when it is one)."""
    if not 0 < fraction < 1:
        return 1
    n = 1 / fraction
    return round(n) if abs(n - round(n)) < 1e-6 else n


def scaled(table: pl.DataFrame, fraction: float) -> pl.DataFrame:
    """table with its household-based columns as full-scale estimates; a KPI table (key,
    value, value_7_days_before) has its household-based rows scaled."""
    n = factor(fraction)
    if n == 1:
        return table
    if "key" in table.columns:
        rows = pl.col("key").is_in(sorted(ESTIMATED))
        values = [c for c in ("value", "value_7_days_before") if c in table.columns]
        return table.with_columns(pl.when(rows).then(pl.col(c) * n).otherwise(c) for c in values)
    columns = [c for c in table.columns if c in ESTIMATED]
    return table.with_columns(_times(table, c, n) for c in columns)


def _times(table: pl.DataFrame, column: str, n: float) -> pl.Expr:
    """column * n, keeping whole numbers whole when n is one."""
    expr = pl.col(column) * n
    return expr.cast(table.schema[column]) if isinstance(n, int) else expr


def estimated_names(table: pl.DataFrame) -> list[str]:
    """The columns (or, in a KPI table, the keys) of table that hold estimates."""
    if "key" in table.columns:
        return [k for k in table["key"] if k in ESTIMATED]
    return [c for c in table.columns if c in ESTIMATED]


def note(table: pl.DataFrame, fraction: float, lang: str) -> str | None:
    """The line a file of table carries when it holds estimates (None when it does not)."""
    names = estimated_names(table)
    if factor(fraction) == 1 or not names:
        return None
    n = i18n.number(factor(fraction), lang)
    return i18n.t("estimate.file_note", lang, n=n, columns=", ".join(names))


def sample_note(settings: Settings, lang: str) -> str | None:
    """What the pages and the brief say of sample data (None for real data): synthetic, and
    at what fraction its household figures are estimates."""
    if not settings.is_sample:
        return None
    if settings.household_fraction >= 1:
        return i18n.t("banner.sample_full", lang)
    share = calendar.digits(
        i18n.t("banner.fraction", lang, n=factor(settings.household_fraction)), lang
    )
    return i18n.t("banner.sample", lang, fraction=share)


def csv_text(table: pl.DataFrame, fraction: float, lang: str) -> str:
    """table as CSV; a first line "# ..." says which columns are estimates, when some are."""
    line = note(table, fraction, lang)
    return ("" if line is None else f"# {line}\n") + table.write_csv()


def write_excel(table: pl.DataFrame, target: object, sheet: str, fraction: float, lang: str):
    """table as an Excel workbook (sheet named sheet); a second sheet "note" says which columns
    are estimates, when some are."""
    line = note(table, fraction, lang)
    with xlsxwriter.Workbook(target) as book:
        table.write_excel(book, worksheet=sheet[:31], autofit=True)
        if line is not None:
            book.add_worksheet("note").write(0, 0, line)
