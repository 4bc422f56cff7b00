"""The Filters value: validation, the as-of moment, the URL round trip, captions."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import i18n, schema
from dashboard.filters import GROUPS, Filters

DAY = dt.date(2026, 2, 10)


def test_moment_is_the_midnight_after_the_as_of_day() -> None:
    assert Filters(as_of=DAY).moment == dt.datetime(2026, 2, 11, 0, 0)


@pytest.mark.parametrize(
    "view",
    [
        Filters(as_of=DAY),
        Filters(as_of=DAY, province="IR-15", county=127349, decile_min=1, decile_max=3),
        Filters(as_of=DAY, province="IR-23", group="late_applicant", decile_min=8),
    ],
)
def test_url_round_trip(view: Filters) -> None:
    parsed, rejected = Filters.from_query(view.to_query(), default_as_of=dt.date(2020, 1, 1))
    assert parsed == view
    assert rejected == []


def test_defaults_stay_out_of_the_url() -> None:
    assert Filters(as_of=DAY).to_query() == {"as_of": "2026-02-10"}


def test_invalid_parameters_are_rejected_one_by_one() -> None:
    query = {"as_of": "2026-02-30", "province": "ir-15", "deciles": "9-2", "group": "vip"}
    parsed, rejected = Filters.from_query(query, default_as_of=DAY)
    assert parsed == Filters(as_of=DAY, province="IR-15")
    assert sorted(rejected) == ["as_of", "deciles", "group"]


def test_a_solar_hijri_date_in_the_link_is_understood() -> None:
    parsed, rejected = Filters.from_query({"as_of": "1404/11/21"}, default_as_of=DAY)
    assert parsed.as_of == dt.date(2026, 2, 10)
    assert rejected == []


def test_a_county_needs_its_province() -> None:
    parsed, rejected = Filters.from_query({"county": "5"}, default_as_of=DAY)
    assert parsed.county is None
    assert rejected == ["county"]


@pytest.mark.parametrize("low, high", [(0, 3), (4, 3), (1, 11)])
def test_decile_range_is_checked(low: int, high: int) -> None:
    with pytest.raises(ValueError):
        Filters(as_of=DAY, decile_min=low, decile_max=high)


def test_frozen() -> None:
    with pytest.raises(AttributeError):
        Filters(as_of=DAY).province = "IR-15"  # type: ignore[misc]


def test_shifted_moves_only_the_date() -> None:
    view = Filters(as_of=DAY, province="IR-15", group="support")
    assert view.shifted(-7) == Filters(as_of=dt.date(2026, 2, 3), province="IR-15", group="support")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Lorestan · as of the end of 21 Bahman 1404 · deciles 1-3 · Retirees"),
        ("fa", "Lorestan · تا پایان 21 Bahman 1404 · دهک 1 تا 3 · بازنشستگان"),
    ],
)
def test_describe(lang: str, expected: str) -> None:
    view = Filters(as_of=DAY, province="IR-15", decile_min=1, decile_max=3, group="retiree")
    text = view.describe(lambda key: i18n.t(key, lang), "Lorestan", "21 Bahman 1404")
    assert text == expected


def test_groups_match_the_schema() -> None:
    assert GROUPS == schema.GROUPS
