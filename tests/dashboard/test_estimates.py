"""Full-scale estimates from a household sample: what is scaled, by how much, and the note."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest

from dashboard import estimates


@pytest.mark.parametrize(
    ("fraction", "n"), [(1 / 100, 100), (1 / 500, 500), (0.3, 1 / 0.3), (1.0, 1), (0.0, 1)]
)
def test_factor(fraction: float, n: float) -> None:
    assert estimates.factor(fraction) == pytest.approx(n)


def test_whole_factors_keep_whole_numbers_whole() -> None:
    assert isinstance(estimates.factor(1 / 500), int)


def test_household_columns_are_scaled_and_the_rest_is_not() -> None:
    table = pl.DataFrame(
        {"decile": [1, 2], "households": [3, 0], "spent_toman": [1_000, 5], "uptake": [0.5, None],
         "active": [7, 8]}
    )  # fmt: skip
    got = estimates.scaled(table, 1 / 100)
    assert got["households"].to_list() == [300, 0]
    assert got["spent_toman"].to_list() == [100_000, 500]
    assert got["households"].dtype == pl.Int64
    assert got.select("decile", "uptake", "active").equals(
        table.select("decile", "uptake", "active")
    )
    assert estimates.scaled(table, 1.0).equals(table), "a full database is not scaled"


def test_a_kpi_table_has_its_household_rows_scaled() -> None:
    kpis = pl.DataFrame(
        {"key": ["households", "reach", "active_stores"], "value": [2.0, 0.5, 9.0],
         "value_7_days_before": [1.0, None, 8.0]}
    )  # fmt: skip
    got = estimates.scaled(kpis, 1 / 100)
    assert got["value"].to_list() == [200.0, 0.5, 9.0]
    assert got["value_7_days_before"].to_list() == [100.0, None, 8.0]
    assert estimates.estimated_names(kpis) == ["households"]


def test_files_say_which_columns_are_estimates() -> None:
    table = pl.DataFrame({"county_id": [1], "members": [4], "released_toman": [10]})
    csv = estimates.csv_text(table, 1 / 100, "en").splitlines()
    assert csv[0] == (
        "# members, released_toman: full-scale estimates from a 1-in-100 household sample "
        "(the sample's figures multiplied by 100)."
    )
    assert csv[1:] == ["county_id,members,released_toman", "1,4,10"]
    assert estimates.csv_text(table, 1.0, "en") == table.write_csv(), "no note on full data"
    book = io.BytesIO()
    estimates.write_excel(table, book, "uptake-by-area", 1 / 100, "fa")
    sheets = openpyxl.load_workbook(io.BytesIO(book.getvalue()))
    assert sheets.sheetnames == ["uptake-by-area", "note"]
    assert "۱۰۰" in sheets["note"]["A1"].value


def test_a_table_without_household_figures_carries_no_note() -> None:
    complaints = pl.DataFrame({"county_id": [1], "complaints": [3]})
    assert estimates.note(complaints, 1 / 100, "en") is None
