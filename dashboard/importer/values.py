"""Cell values as people and Excel write them, normalised and judged column by column.

Each parser takes a column of text (empty is null) and returns a frame of two columns: value
(typed; null where absent or invalid) and reason (a code where the cell is invalid, else null).
Reason codes are translated by dashboard.i18n ('import.reason.CODE').
"""

from __future__ import annotations

import datetime as dt
import re

import jdatetime
import polars as pl

from dashboard.text import ARABIC_LETTERS

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_DIGIT_FROM = list(PERSIAN_DIGITS + ARABIC_DIGITS)
_DIGIT_TO = list("0123456789" * 2)
SOLAR_YEARS_BELOW = 1700  # a year below this is Solar Hijri (1404), above it Gregorian (2026)
_DATE = (
    r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})"
    r"(?:(?:\s+|T)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?$"
)
_SAME_DIGITS = [d * 10 for d in "0123456789"]


def _frame(value: pl.Series, reason: pl.Series) -> pl.DataFrame:
    return pl.DataFrame([value.alias("value"), reason.alias("reason")])


def _judge(data: pl.DataFrame, value: pl.Expr, reason: pl.Expr) -> pl.DataFrame:
    """value and reason over data; value is null wherever there is a reason."""
    out = data.select(reason.alias("reason"), value.alias("value"))
    return out.select(
        pl.when(pl.col("reason").is_null()).then(pl.col("value")).alias("value"), "reason"
    )


def text(column: pl.Series) -> pl.DataFrame:
    """Text as stored: surrounding spaces dropped, Arabic ي/ك as Persian ی/ک, empty as null."""
    t = column.str.replace_many(list(ARABIC_LETTERS), list(ARABIC_LETTERS.values()))
    t = t.str.strip_chars()
    t = pl.select(pl.when(t == "").then(None).otherwise(t)).to_series()
    return _frame(t, pl.Series([None] * len(t), dtype=pl.String))


def ascii_digits(column: pl.Series) -> pl.Series:
    """Persian and Arabic-Indic digits as ASCII, surrounding spaces dropped."""
    if _ascii(column):  # a bank's extract: nothing to translate
        return column.str.strip_chars()
    return column.str.replace_many(_DIGIT_FROM, _DIGIT_TO).str.strip_chars()


def _number_text(column: pl.Series) -> pl.Series:
    """A number's text: ASCII digits, no thousands separators (٬ or ,) or spaces, ٫ as the
    decimal point."""
    if _ascii(column):
        return column.str.replace_all(r"[,\s]", "")
    return ascii_digits(column).str.replace_all(r"[٬,\s]", "").str.replace_all("٫", ".")


def _ascii(column: pl.Series) -> bool:
    """Whether every cell of column is ASCII text."""
    return not column.str.contains(r"[^\x00-\x7F]").any()


def whole(column: pl.Series, low: int | None = None, high: int | None = None) -> pl.DataFrame:
    """A whole number in low..high ('12.0' as Excel writes 12 is whole)."""
    data = pl.DataFrame({"t": _number_text(column)})
    t = pl.col("t")
    ok = t.str.contains(r"^[+-]?\d{1,18}(\.0*)?$")
    value = t.str.replace(r"\.0*$", "").cast(pl.Int64, strict=False)
    inside = value.is_between(-(2**62) if low is None else low, 2**62 if high is None else high)
    reason = (
        pl.when(t.is_not_null() & ~ok)
        .then(pl.lit("not_whole"))
        .when(t.is_not_null() & ~inside)
        .then(pl.lit("out_of_range"))
    )
    return _judge(data, value, reason)


def money(column: pl.Series, rial: bool) -> pl.DataFrame:
    """An amount in toman, >= 0; with rial, an amount in rial divided by 10 (one not divisible
    by 10 is rejected)."""
    parsed = whole(column, 0)
    if not rial:
        return parsed
    value, reason = pl.col("value"), pl.col("reason")
    return _judge(
        parsed,
        value // 10,
        pl.when(reason.is_not_null()).then(reason).when(value % 10 != 0).then(pl.lit("rial_tens")),
    )


def decimal(column: pl.Series, low: float, high: float) -> pl.DataFrame:
    """A decimal number in low..high (a coordinate)."""
    data = pl.DataFrame({"t": _number_text(column)})
    t = pl.col("t")
    ok = t.str.contains(r"^[+-]?\d+(\.\d+)?$")
    value = t.cast(pl.Float64, strict=False)
    reason = (
        pl.when(t.is_not_null() & ~ok)
        .then(pl.lit("not_number"))
        .when(t.is_not_null() & ~value.is_between(low, high))
        .then(pl.lit("out_of_range"))
    )
    return _judge(data, value, reason)


def choice(column: pl.Series, allowed: tuple[str, ...]) -> pl.DataFrame:
    """One of allowed (case and surrounding spaces aside)."""
    data = pl.DataFrame({"t": column.str.strip_chars().str.to_lowercase()})
    t = pl.col("t")
    return _judge(data, t, pl.when(t.is_not_null() & ~t.is_in(allowed)).then(pl.lit("not_allowed")))


def moments(column: pl.Series, with_time: bool) -> pl.DataFrame:
    """Dates (with_time False) or date-times: Solar Hijri ('1404/10/17', '1404-10-17 14:30[:05]')
    or Gregorian ISO ('2026-01-07[T10:00]'), told apart by the year; a day that does not exist
    (month 13, 31 Mehr, 30 Esfand of a common year) is rejected. Each distinct day is
    converted once."""
    t = ascii_digits(column)
    parts = t.str.extract_groups(_DATE).struct.unnest()
    parts.columns = ["y", "m", "d", "hh", "mm", "ss"]
    parts = parts.with_columns(pl.all().cast(pl.Int32), t=t)
    days = parts.select("y", "m", "d").drop_nulls().unique()
    days = days.with_columns(day=pl.Series([_day(*r) for r in days.iter_rows()], dtype=pl.Date))
    joined = parts.join(days, on=["y", "m", "d"], how="left", maintain_order="left")
    hh, mm, ss = (pl.col(c).fill_null(0) for c in ("hh", "mm", "ss"))
    good_time = hh.is_between(0, 23) & mm.is_between(0, 59) & ss.is_between(0, 59)
    reason = (
        pl.when(pl.col("t").is_not_null() & pl.col("y").is_null())
        .then(pl.lit("not_date"))
        .when(pl.col("y").is_not_null() & (pl.col("day").is_null() | ~good_time))
        .then(pl.lit("no_such_day"))
    )
    value = pl.col("day")
    if with_time:
        value = value.cast(pl.Datetime("us")) + pl.duration(hours=hh, minutes=mm, seconds=ss)
    return _judge(joined, value, reason)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        if year < SOLAR_YEARS_BELOW:
            return jdatetime.date(year, month, day).togregorian()
        return dt.date(year, month, day)
    except ValueError:
        return None


def month(column: pl.Series) -> pl.DataFrame:
    """A programme month, Solar Hijri, stored 'YYYY-MM' ('1404/10' and Persian digits too)."""
    parts = ascii_digits(column).str.extract_groups(r"^(\d{4})[/-](\d{1,2})$").struct.unnest()
    parts.columns = ["y", "m"]
    data = parts.with_columns(pl.all().cast(pl.Int32), given=column.is_not_null())
    y, m = pl.col("y"), pl.col("m")
    ok = (y.is_between(1300, SOLAR_YEARS_BELOW - 1) & m.is_between(1, 12)).fill_null(False)
    value = pl.format("{}-{}", y, m.cast(pl.String).str.zfill(2))
    return _judge(data, value, pl.when(pl.col("given") & ~ok).then(pl.lit("not_month")))


def national_id(column: pl.Series) -> pl.DataFrame:
    """A national ID as 10 digits with a valid check digit; 8 or 9 digits (Excel dropped the
    leading zeros) are left-padded first; ten equal digits are invalid."""
    t = ascii_digits(column).str.replace_all(r"[-\s]", "")
    padded = pl.select(pl.when(t.str.contains(r"^\d{8,9}$")).then(t.str.zfill(10)).otherwise(t))
    data = padded.to_series().to_frame("t")
    valid = _valid_id(data)
    return _judge(
        data.with_columns(valid=valid),
        pl.col("t"),
        pl.when(pl.col("t").is_not_null() & ~pl.col("valid")).then(pl.lit("not_national_id")),
    )


def _valid_id(data: pl.DataFrame) -> pl.Series:
    t = pl.col("t")
    d = data.select(
        [t.str.slice(i, 1).cast(pl.Int32, strict=False).alias(f"d{i}") for i in range(10)]
    )
    rest = d.select(sum(pl.col(f"d{i}") * (10 - i) for i in range(9)) % 11).to_series()
    check = pl.select(pl.when(rest < 2).then(rest).otherwise(11 - rest)).to_series()
    shaped = data.select(t.str.contains(r"^\d{10}$") & ~t.is_in(_SAME_DIGITS)).to_series()
    return (shaped & (check == d["d9"])).fill_null(False)


def reporter(column: pl.Series) -> pl.DataFrame:
    """Who complained: a mobile number (09..., +989..., 989...; stored as 09 and 9 digits) or a
    national ID. Eleven digits from 09, or a country prefix, is a mobile; ten digits are a
    national ID when valid, else a mobile written without its 0."""
    t = ascii_digits(column).str.replace_all(r"[-\s()]", "")
    nid = national_id(t)["value"]
    data = pl.DataFrame({"t": t, "nid": nid})
    mobile = pl.col("t").str.extract(r"^(?:\+98|0098|98|0)?(9\d{9})$", 1)
    prefixed = pl.col("t").str.contains(r"^(?:\+98|0098|98|0)9\d{9}$")
    value = (
        pl.when(prefixed)
        .then(pl.lit("0") + mobile)
        .when(pl.col("nid").is_not_null())
        .then(pl.col("nid"))
        .otherwise(pl.lit("0") + mobile)
    )
    out = data.with_columns(v=value)
    return _judge(
        out,
        pl.col("v"),
        pl.when(pl.col("t").is_not_null() & pl.col("v").is_null()).then(pl.lit("not_reporter")),
    )


def mask(value: object) -> str:
    """An identifier shown only by its last 3 digits: '*******678'."""
    kept = re.sub(r"\D", "", str(value or "").translate(_TO_ASCII))
    return "*******" + kept[-3:] if kept else ""


_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2)
