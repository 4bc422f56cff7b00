"""Solar Hijri dates and Persian digits."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import calendar


@pytest.mark.parametrize(
    ("day", "fa", "en"),
    [
        (dt.date(2026, 1, 7), "۱۷ دی ۱۴۰۴", "17 Dey 1404"),  # the first wave (DOMAIN.md)
        (dt.date(2026, 2, 4), "۱۵ بهمن ۱۴۰۴", "15 Bahman 1404"),
        (dt.date(2026, 3, 21), "۱ فروردین ۱۴۰۵", "1 Farvardin 1405"),  # Nowruz
        (dt.date(2026, 11, 22), "۱ آذر ۱۴۰۵", "1 Azar 1405"),  # STACK.md: today is 1405-09-01
    ],
)
def test_format_date(day: dt.date, fa: str, en: str) -> None:
    assert calendar.format_date(day, "fa") == fa
    assert calendar.format_date(day, "en") == en


def test_digits_only_in_persian() -> None:
    assert calendar.digits("IR-15 2026", "fa") == "IR-۱۵ ۲۰۲۶"
    assert calendar.digits("IR-15 2026", "en") == "IR-15 2026"
