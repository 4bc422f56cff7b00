"""Which wave opens a household's credit: the real dates of DOMAIN.md."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import setup
from dashboard.programme import assign_waves

WAVES = setup.reference_tables()["waves"]


@pytest.mark.parametrize(
    ("month", "grp", "decile", "opens_on"),
    [
        ("1404-10", "support", 2, dt.date(2026, 1, 7)),  # 17 Dey: support institutions
        ("1404-10", "subsidy", 3, dt.date(2026, 1, 9)),  # 19 Dey: deciles 1-3
        ("1404-10", "support", 5, dt.date(2026, 1, 12)),  # support outside 1-3 waits for 4-7
        ("1404-10", "employee", 7, dt.date(2026, 1, 12)),  # 22 Dey: deciles 4-7
        ("1404-10", "retiree", 8, dt.date(2026, 1, 18)),  # 28 Dey: everyone else
        ("1404-10", "late_applicant", 2, dt.date(2026, 1, 25)),  # after the application window
        ("1404-11", "support", 1, dt.date(2026, 2, 4)),  # 15 Bahman
        ("1404-11", "subsidy", 6, dt.date(2026, 2, 9)),  # 20 Bahman
        ("1404-11", "removed", 10, dt.date(2026, 2, 14)),  # 25 Bahman
        ("1404-11", "late_applicant", 2, dt.date(2026, 2, 4)),
    ],
)
def test_wave_dates(month: str, grp: str, decile: int, opens_on: dt.date) -> None:
    keys = pl.DataFrame({"month": [month], "grp": [grp], "decile": [decile]})
    got = assign_waves(WAVES, keys)
    assert got["opens_on"].to_list() == [opens_on]


def test_no_wave_for_an_unknown_month() -> None:
    keys = pl.DataFrame({"month": ["1399-01"], "grp": ["subsidy"], "decile": [1]})
    assert assign_waves(WAVES, keys)["opens_on"].to_list() == [None]
