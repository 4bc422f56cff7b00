"""Cell parsers against independent reference computations: the check digit, the calendar."""

from __future__ import annotations

import datetime as dt

import jdatetime
import polars as pl
import pytest

from dashboard.importer import values


def _check_digit_ok(code: str) -> bool:
    """The national ID rule, written out plainly."""
    if len(code) != 10 or not code.isdigit() or len(set(code)) == 1:
        return False
    rest = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    return int(code[9]) == (rest if rest < 2 else 11 - rest)


def _one(parser, text, *args):
    out = parser(pl.Series([text], dtype=pl.String), *args)
    return out["value"][0], out["reason"][0]


@pytest.mark.parametrize("number", range(13542400, 13542520))
def test_national_id_check_digit_matches_the_rule(number: int) -> None:
    code = f"{number:010d}"
    value, reason = _one(values.national_id, code)
    assert (value == code) is _check_digit_ok(code)
    assert (reason is None) is _check_digit_ok(code)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("0013542419", "0013542419"),
        ("13542419", "0013542419"),  # Excel dropped two zeros
        ("۰۰۱۳۵۴۲۴۱۹", "0013542419"),
        ("٠٠١٣٥٤٢٤١٩", "0013542419"),
        ("001-354241-9", "0013542419"),
        ("1111111111", None),
        ("0000000000", None),
        ("0013542418", None),
        ("1354241", None),  # seven digits: not Excel's doing
        ("00135424190", None),
    ],
)
def test_national_id_normalised_then_checked(text: str, stored: str | None) -> None:
    value, reason = _one(values.national_id, text)
    assert value == stored
    assert (reason == "not_national_id") is (stored is None)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("09121234567", "09121234567"),
        ("+98 912 123 4567", "09121234567"),
        ("00989121234567", "09121234567"),
        ("۰۹۱۲۱۲۳۴۵۶۷", "09121234567"),
        ("9121234567", "09121234567"),
        ("0013542419", "0013542419"),
        ("0812345678", None),
        ("123", None),
    ],
)
def test_reporter_is_a_mobile_or_a_national_id(text: str, stored: str | None) -> None:
    value, reason = _one(values.reporter, text)
    assert value == stored
    assert (reason == "not_reporter") is (stored is None)


@pytest.mark.parametrize(
    ("text", "gregorian"),
    [
        ("1404/10/17", dt.datetime(2026, 1, 7)),
        ("1404-10-17 14:30", dt.datetime(2026, 1, 7, 14, 30)),
        ("۱۴۰۴/۱۰/۱۷ ۰۸:۰۵:۰۹", dt.datetime(2026, 1, 7, 8, 5, 9)),
        ("1403/12/30", dt.datetime(2025, 3, 20)),  # 1403 is a leap year
        ("1404/06/31", dt.datetime(2025, 9, 22)),  # Shahrivar has 31 days
        ("2026-01-07", dt.datetime(2026, 1, 7)),
        ("2026-01-07T10:00:05.250000", dt.datetime(2026, 1, 7, 10, 0, 5)),
    ],
)
def test_dates_solar_or_gregorian_by_the_year(text: str, gregorian: dt.datetime) -> None:
    value, reason = _one(values.moments, text, True)
    assert reason is None
    assert value == gregorian
    if int(values.ascii_digits(pl.Series([text]))[0][:4]) < 1700:
        j = jdatetime.date.fromgregorian(date=gregorian.date())
        assert (j.year, j.month, j.day) == tuple(
            int(p)
            for p in values.ascii_digits(pl.Series([text]))[0][:10].replace("/", "-").split("-")
        )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1404/13/01", "no_such_day"),
        ("1404/07/31", "no_such_day"),  # Mehr has 30 days
        ("1404/11/31", "no_such_day"),  # so has Bahman
        ("1404/12/30", "no_such_day"),  # 1404 is a common year
        ("2026-02-29", "no_such_day"),
        ("1404/10/17 24:00", "no_such_day"),
        ("17/10/1404", "not_date"),
        ("tomorrow", "not_date"),
    ],
)
def test_dates_that_do_not_exist_are_rejected(text: str, reason: str) -> None:
    assert _one(values.moments, text, True) == (None, reason)


@pytest.mark.parametrize(
    ("text", "rial", "toman", "reason"),
    [
        ("۱٬۲۰۰٬۰۰۰", False, 1_200_000, None),
        ("1,200,000", True, 120_000, None),
        ("12,345", True, None, "rial_tens"),
        ("12.0", False, 12, None),
        ("12.5", False, None, "not_whole"),
        ("-10", False, None, "out_of_range"),
        ("0", True, 0, None),
    ],
)
def test_money_in_toman_or_rial(text: str, rial: bool, toman: int | None, reason: str | None):
    assert _one(values.money, text, rial) == (toman, reason)


def test_month_is_solar_and_padded() -> None:
    out = values.month(pl.Series(["1404/1", "۱۴۰۴-۱۱", "2026-01", "1404-13", None]))
    assert out["value"].to_list() == ["1404-01", "1404-11", None, None, None]
    assert out["reason"].to_list() == [None, None, "not_month", "not_month", None]


def test_text_takes_persian_letters_and_keeps_html_as_text() -> None:
    out = values.text(pl.Series([" كيك ", "<b>x</b>", "  "]))
    assert out["value"].to_list() == ["کیک", "<b>x</b>", None]


def test_mask_keeps_the_last_three_digits_only() -> None:
    assert values.mask("0013542419") == "*******419"
    assert values.mask("۰۹۱۲۱۲۳۴۵۶۷") == "*******567"
    assert values.mask(None) == ""
