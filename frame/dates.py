"""A Solar Hijri date picker for forms: day, month and year boxes, with Persian digits and
month names on Persian pages (the English page reads the same calendar, as its dates do).

A form sends its boxes only when it is submitted, so the boxes cannot follow each other; a
day that does not exist (31 Mehr, 30 Esfand of a common year) is read back as None, named under
the boxes, and never saved.
"""

from __future__ import annotations

import datetime as dt
import functools

import jdatetime
import streamlit as st

from dashboard import calendar
from frame.state import language, t

YEARS_AHEAD = 2  # years offered after the later of the earliest date's and the shown date's
_PARTS = ("day", "month", "year")


def values(key: str, day: dt.date) -> dict[str, int]:
    """The session values that make picker `key` show day (set them before it is drawn)."""
    j = calendar.to_jalali(day)
    return {f"{key}-day": j.day, f"{key}-month": j.month, f"{key}-year": j.year}


def _parts(key: str) -> tuple[int, int, int]:
    day, month, year = (st.session_state[f"{key}-{part}"] for part in _PARTS)
    return day, month, year


def picked(key: str) -> dt.date | None:
    """The Gregorian date picker `key` shows, or None when that day does not exist."""
    day, month, year = _parts(key)
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        return None


def _month_days(year: int, month: int) -> int:
    if month == 12:
        return 30 if jdatetime.date(year, 1, 1).isleap() else 29
    return jdatetime.j_days_in_month[month - 1]


def picker(label: str, key: str, value: dt.date, earliest: dt.date) -> None:
    """Draw picker `key` under label, first showing value; the years run from earliest's."""
    lang = language()
    for name, number in values(key, value).items():
        st.session_state.setdefault(name, number)
    months = calendar.MONTHS_FA if lang == "fa" else calendar.MONTHS_EN
    first = calendar.to_jalali(earliest).year
    shown = st.session_state[f"{key}-year"]
    years = list(range(min(first, shown), max(first, shown) + YEARS_AHEAD + 1))
    digits = functools.partial(calendar.digits, lang=lang)
    day_box, month_box, year_box = st.columns(3)
    day_box.selectbox(
        t("date.day", field=label), range(1, 32), key=f"{key}-day", format_func=digits
    )
    month_box.selectbox(
        t("date.month"), range(1, 13), key=f"{key}-month", format_func=lambda m: months[m - 1]
    )
    year_box.selectbox(t("date.year"), years, key=f"{key}-year", format_func=digits)
    if picked(key) is None:
        day, month, year = _parts(key)
        st.error(
            t(
                "date.no_such_day",
                day=digits(day),
                month=months[month - 1],
                year=digits(year),
                days=digits(_month_days(year, month)),
            ),
            icon=":material/event_busy:",
        )
