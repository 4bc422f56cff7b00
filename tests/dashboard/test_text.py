"""Text as people type it: digits and names."""

from __future__ import annotations

import pytest

from dashboard.text import ascii_digits, name_key


def test_persian_and_arabic_indic_digits() -> None:
    assert ascii_digits("۱۴۰۴/۱۱/۲۱ ٠١٢٣") == "1404/11/21 0123"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("خرم‌آباد", "خرم آباد"),  # ZWNJ or a space
        ("خرم‌آباد", "خرمآباد"),  # or nothing
        ("كرمانشاه", "کرمانشاه"),  # Arabic kaf
        ("بويراحمد", "بویراحمد"),  # Arabic yeh
        ("Kohgiluyeh and Boyer-Ahmad", "  kohgiluyeh  AND boyer ahmad "),
    ],
)
def test_the_same_name_written_two_ways(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)


def test_different_names_stay_different() -> None:
    assert name_key("ایلام") != name_key("ایلام غرب") and name_key("Kerman") != name_key(
        "Kermanshah"
    )
