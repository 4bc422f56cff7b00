"""Solar Hijri dates and Persian digits for display; Gregorian dates stay the storage form."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import jdatetime
from persiantools.digits import en_to_fa

IRAN = ZoneInfo("Asia/Tehran")


CLOCK = "KALABARG_NOW"  # environment: a fixed Iran local time (ISO), for tests and rehearsals


def now() -> dt.datetime:
    """Iran local time without offset, as DESIGN.md stores times (the one clock); the time in
    KALABARG_NOW instead when that is set (a test's server or command line)."""
    fixed = os.environ.get(CLOCK)
    if fixed:
        return dt.datetime.fromisoformat(fixed)
    return dt.datetime.now(IRAN).replace(tzinfo=None, microsecond=0)


MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
MONTHS_EN = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)  # fmt: skip


WEEKDAYS_FA = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def to_jalali(day: dt.date) -> jdatetime.date:
    """The Solar Hijri date of a Gregorian date."""
    return jdatetime.date.fromgregorian(date=day)


def digits(text: object, lang: str) -> str:
    """text with Persian digits when lang is 'fa'."""
    return en_to_fa(str(text)) if lang == "fa" else str(text)


def format_date(day: dt.date, lang: str) -> str:
    """'۱۷ دی ۱۴۰۴' in Persian; '17 Dey 1404' in English."""
    j = to_jalali(day)
    months = MONTHS_FA if lang == "fa" else MONTHS_EN
    return digits(f"{j.day} {months[j.month - 1]} {j.year}", lang)


def sh_month(day: dt.date) -> str:
    """The programme month 'YYYY-MM' (Solar Hijri) that contains day."""
    j = to_jalali(day)
    return f"{j.year:04d}-{j.month:02d}"


def sh_months(first: str, last: str) -> list[str]:
    """Every Solar Hijri month 'YYYY-MM' from first to last, both included (none when last is
    before first)."""
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def format_month(month: str, lang: str) -> str:
    """'دی ۱۴۰۴' for the programme month '1404-10'."""
    year, number = (int(part) for part in month.split("-"))
    months = MONTHS_FA if lang == "fa" else MONTHS_EN
    return digits(f"{months[number - 1]} {year}", lang)


def format_moment(moment: dt.datetime, lang: str) -> str:
    """'دوشنبه ۱۷ دی ۱۴۰۴، ۱۰:۴۰' in Persian; 'Monday 17 Dey 1404, 10:40' in English."""
    weekday = (WEEKDAYS_FA if lang == "fa" else WEEKDAYS_EN)[moment.weekday()]
    comma = "،" if lang == "fa" else ","
    return f"{weekday} {format_date(moment.date(), lang)}{comma} " + digits(f"{moment:%H:%M}", lang)
