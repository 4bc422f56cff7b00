"""The Filters value: validation, the as-of moment, the URL round trip, captions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dashboard import i18n, setup
from dashboard.filters import (
    LOOKBACK_DAYS,
    FilterError,
    Filters,
    Remit,
    Universe,
    find,
    parse,
    reasons,
)
from dashboard.geography import county_aliases

DAY = dt.date(2026, 2, 10)


def test_moment_is_the_midnight_after_the_as_of_day() -> None:
    assert Filters(as_of=DAY).moment == dt.datetime(2026, 2, 11, 0, 0)


@pytest.fixture(scope="module")
def universe() -> Universe:
    """Today's 31 provinces and the reference counties with their aliases, as-of days as in
    the tiny data."""
    ref = setup.reference_tables()
    first, last = dt.date(2025, 12, 22), dt.date(2026, 5, 5)
    aliases = county_aliases()
    counties = [
        {**row, "aliases": aliases.get(row["id"], ())}
        for row in ref["counties"].iter_rows(named=True)
    ]
    return Universe.of(ref["provinces"].iter_rows(named=True), counties, first, last)


def test_every_county_is_found_by_its_own_names(universe: Universe) -> None:
    for province, counties in universe.counties.items():
        for county in counties:
            for text in (county.code, county.name_fa, county.name_en, *county.aliases):
                assert find(text, counties) == county, (province, text)


@pytest.mark.parametrize(
    ("province", "text", "name_en"),
    [
        ("IR-09", "بینالود", "Torghabeh Shandiz"),  # mapped by OSM under its other name
        ("IR-09", "binalud", "Torghabeh Shandiz"),
        ("IR-11", "چاه بهار", "Chabahar"),
        ("IR-11", "چابهار", "Chabahar"),
        ("IR-22", "حاجی اباد", "Hajjiabad"),
        ("IR-22", "حاجي آباد", "Hajjiabad"),  # Arabic yeh
        ("IR-15", "پل دختر", "Poldokhtar"),
        ("IR-15", "Pol-e Dokhtar", "Poldokhtar"),
        ("IR-15", "خرم آباد", "Khorramabad"),
        ("IR-15", "كوهدشت", "Kuhdasht"),  # Arabic kaf
    ],
)
def test_known_spelling_variants(universe: Universe, province: str, text: str, name_en: str):
    assert find(text, universe.counties[province]).name_en == name_en


@pytest.mark.parametrize("text", ["Atlantis", "خرم", "", "IR-15"])
def test_an_unknown_county_name_is_refused(universe: Universe, text: str) -> None:
    assert find(text, universe.counties["IR-15"]) is None


@pytest.mark.parametrize(
    "view",
    [
        Filters(as_of=DAY),
        Filters(as_of=DAY, province="IR-15", county=1279146, decile_min=1, decile_max=3),
        Filters(as_of=DAY, province="IR-23", group="late_applicant", decile_min=8),
    ],
)
def test_url_round_trip(view: Filters, universe: Universe) -> None:
    parsed, rejected = parse(view.to_query(), universe)
    assert parsed == view
    assert rejected == {}


def test_defaults_stay_out_of_the_url() -> None:
    assert Filters(as_of=DAY).to_query() == {"as_of": "2026-02-10"}


def test_invalid_parameters_are_rejected_one_by_one(universe: Universe) -> None:
    query = {"as_of": "2026-02-30", "province": "ir-15", "deciles": "9-2", "group": "vip"}
    parsed, rejected = parse(query, universe)
    assert parsed == Filters(as_of=universe.last_day, province="IR-15")
    assert sorted(rejected) == ["as_of", "deciles", "group"]
    assert "vip" in rejected["group"] and "9-2" in rejected["deciles"]


def test_a_solar_hijri_date_in_the_link_is_understood(universe: Universe) -> None:
    parsed, rejected = parse({"as_of": "1404/11/21"}, universe)
    assert parsed.as_of == dt.date(2026, 2, 10)
    assert rejected == {}


def test_persian_digits_are_read(universe: Universe) -> None:
    parsed, rejected = parse({"as_of": "۱۴۰۴/۱۱/۲۱", "deciles": "۱-۳"}, universe)
    assert (parsed.as_of, parsed.decile_min, parsed.decile_max) == (DAY, 1, 3)
    assert rejected == {}


def test_a_county_needs_its_province(universe: Universe) -> None:
    parsed, rejected = parse({"county": "5"}, universe)
    assert parsed.county is None
    assert list(rejected) == ["county"]


def test_a_county_of_another_province_is_refused(universe: Universe) -> None:
    parsed, rejected = parse({"province": "IR-16", "county": "1279146"}, universe)
    assert (parsed.province, parsed.county) == ("IR-16", None)
    assert list(rejected) == ["county"]


@pytest.mark.parametrize(
    "text",
    ["IR-15", "ir-15", " Lorestan ", "lorestan", "لرستان", "  لرستان "],
)
def test_a_province_by_code_or_name(text: str, universe: Universe) -> None:
    parsed, rejected = parse({"province": text}, universe)
    assert (parsed.province, rejected) == ("IR-15", {})


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("كرمانشاه", "IR-05"),  # Arabic kaf
        ("کهگیلویه و بویراحمد", "IR-17"),
        ("كهگيلويه  و  بويراحمد", "IR-17"),  # Arabic yeh and kaf, doubled spaces
        ("Kohgiluyeh and Boyer Ahmad", "IR-17"),
        ("KERMANSHAH", "IR-05"),
    ],
)
def test_province_names_are_normalised(text: str, code: str, universe: Universe) -> None:
    parsed, rejected = parse({"province": text}, universe)
    assert (parsed.province, rejected) == (code, {})


def test_a_code_always_means_todays_province(universe: Universe) -> None:
    """IR-20 was Lorestan in the older numbering; today it is Semnan."""
    parsed, rejected = parse({"province": "IR-20"}, universe)
    assert (parsed.province, rejected) == ("IR-20", {})
    names = {a.code: a.name_en for a in universe.provinces}
    assert names["IR-20"] == "Semnan"
    assert "province" in parse({"province": "IR-31"}, universe)[1]


@pytest.mark.parametrize("text", ["  ", ""])
def test_an_empty_value_is_as_if_not_given(text: str, universe: Universe) -> None:
    assert parse({"province": text, "county": text, "group": text}, universe) == (
        Filters(as_of=universe.last_day),
        {},
    )


@pytest.mark.parametrize("text", ["خرم‌آباد", "خرم آباد", "خرمآباد", "Khorramabad", "1279146"])
def test_a_county_written_any_way(text: str, universe: Universe) -> None:
    parsed, rejected = parse({"province": "IR-15", "county": text}, universe)
    assert (parsed.county, rejected) == (1279146, {})


def test_a_county_of_an_unknown_province_says_why(universe: Universe) -> None:
    _, rejected = parse({"province": "Atlantis", "county": "1279146"}, universe)
    assert "province" in rejected and "province" in rejected["county"]
    assert reasons(rejected, lambda key: f"--{key}")[1].startswith("--county: not read")


@pytest.mark.parametrize(
    ("key", "text"),
    [("as_of", "1_404/11/21"), ("as_of", "+1404/11/21"), ("as_of", "1404/11"),
     ("deciles", "+3"), ("deciles", "1-2-3"), ("deciles", "a-b")],
)  # fmt: skip
def test_numbers_are_digits_only(key: str, text: str, universe: Universe) -> None:
    assert list(parse({key: text}, universe)[1]) == [key]


def test_a_county_by_name_within_its_province(universe: Universe) -> None:
    parsed, rejected = parse({"province": "لرستان", "county": "خرم آباد"}, universe)
    assert (parsed.county, rejected) == (1279146, {})


def test_an_as_of_outside_the_data_moves_to_its_edge(universe: Universe) -> None:
    early, _ = parse({"as_of": "2020-01-01"}, universe)
    late, rejected = parse({"as_of": "2027-01-01"}, universe)
    assert (early.as_of, late.as_of) == (universe.first_day, universe.last_day)
    assert list(rejected) == ["as_of"]
    assert universe.first_day == dt.date(2025, 12, 22) - dt.timedelta(days=LOOKBACK_DAYS)


def test_one_province_in_the_universe_is_the_default(universe: Universe) -> None:
    one = dataclasses.replace(universe, provinces=universe.provinces[15:16])
    assert parse({}, one)[0].province == one.provinces[0].code
    assert parse({}, universe)[0].province is None


def test_no_date_at_all_is_an_error(universe: Universe) -> None:
    empty = dataclasses.replace(universe, first_day=None, last_day=None)
    with pytest.raises(FilterError):
        parse({}, empty)
    assert parse({"as_of": "2026-02-10"}, empty)[0].as_of == DAY


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
        ("fa", "Lorestan — تا پایان 21 Bahman 1404 — دهک 1 تا 3 — بازنشستگان"),
    ],
)
def test_describe(lang: str, expected: str) -> None:
    view = Filters(as_of=DAY, province="IR-15", decile_min=1, decile_max=3, group="retiree")
    text = view.describe(lambda key: i18n.t(key, lang), "Lorestan", "21 Bahman 1404")
    assert text == expected


def test_province_wide_drops_only_the_county() -> None:
    view = Filters(as_of=DAY, province="IR-15", county=1279146, decile_min=2, group="support")
    assert view.province_wide() == Filters(as_of=DAY, province="IR-15", decile_min=2,
                                           group="support")  # fmt: skip


KHORRAMABAD, KUHDASHT, TEHRAN_COUNTY = 1279146, 1279114, 643031
LORESTAN = Remit("IR-15")
IN_KHORRAMABAD = Remit("IR-15", KHORRAMABAD)


@pytest.mark.parametrize(
    ("remit", "province", "county", "inside"),
    [
        (Remit(), None, None, True),
        (Remit(), "IR-23", TEHRAN_COUNTY, True),
        (LORESTAN, "IR-15", None, True),
        (LORESTAN, "IR-15", KUHDASHT, True),
        (LORESTAN, None, None, False),
        (LORESTAN, "IR-23", None, False),
        (LORESTAN, "IR-23", TEHRAN_COUNTY, False),
        (IN_KHORRAMABAD, "IR-15", KHORRAMABAD, True),
        (IN_KHORRAMABAD, "IR-15", None, False),
        (IN_KHORRAMABAD, "IR-15", KUHDASHT, False),
        (IN_KHORRAMABAD, None, None, False),
    ],
)
def test_a_remit_contains_its_own_area_only(
    remit: Remit, province: str | None, county: int | None, inside: bool
) -> None:
    assert remit.contains(province, county) is inside


def test_a_county_remit_needs_its_province() -> None:
    with pytest.raises(ValueError):
        Remit(county=KHORRAMABAD)


@pytest.mark.parametrize(
    ("remit", "province", "county"),
    [
        (LORESTAN, None, None),
        (LORESTAN, "IR-23", None),
        (IN_KHORRAMABAD, "IR-15", None),
        (IN_KHORRAMABAD, "IR-15", KUHDASHT),
    ],
)
def test_no_filters_value_looks_outside_its_remit(
    remit: Remit, province: str | None, county: int | None
) -> None:
    with pytest.raises(ValueError, match="outside"):
        Filters(as_of=DAY, province=province, county=county, remit=remit)


def test_a_link_to_another_province_shows_the_remits(universe: Universe) -> None:
    parsed, rejected = parse({"province": "IR-23"}, universe, LORESTAN)
    assert parsed == Filters(as_of=universe.last_day, province="IR-15", remit=LORESTAN)
    assert rejected == {
        "province": "«province»: IR-23 (Tehran) is outside your area: showing IR-15 (Lorestan)"
    }


def test_a_county_of_another_province_is_not_read(universe: Universe) -> None:
    query = {"province": "Tehran", "county": str(TEHRAN_COUNTY)}
    parsed, rejected = parse(query, universe, LORESTAN)
    assert (parsed.province, parsed.county) == ("IR-15", None)
    assert sorted(rejected) == ["county", "province"]
    assert "outside your area" in rejected["county"]


def test_a_county_remit_refuses_another_county_of_its_province(universe: Universe) -> None:
    query = {"province": "IR-15", "county": str(KUHDASHT)}
    parsed, rejected = parse(query, universe, IN_KHORRAMABAD)
    assert (parsed.province, parsed.county) == ("IR-15", KHORRAMABAD)
    assert rejected == {
        "county": f"«county»: {KUHDASHT} (Kuhdasht) is outside your area: showing "
        f"{KHORRAMABAD} (Khorramabad) in IR-15 (Lorestan)"
    }


def test_a_county_remit_refuses_another_province(universe: Universe) -> None:
    parsed, rejected = parse({"province": "IR-23"}, universe, IN_KHORRAMABAD)
    assert (parsed.province, parsed.county) == ("IR-15", KHORRAMABAD)
    assert list(rejected) == ["province"]


def test_a_county_inside_a_province_remit_is_allowed(universe: Universe) -> None:
    parsed, rejected = parse({"province": "IR-15", "county": "Kuhdasht"}, universe, LORESTAN)
    assert (parsed.province, parsed.county, rejected) == ("IR-15", KUHDASHT, {})


def test_a_county_by_name_alone_is_read_in_the_remits_province(universe: Universe) -> None:
    parsed, rejected = parse({"county": "Kuhdasht"}, universe, LORESTAN)
    assert (parsed.province, parsed.county, rejected) == ("IR-15", KUHDASHT, {})


@pytest.mark.parametrize(
    "query", [{}, {"province": "IR-23"}, {"province": "IR-15", "county": str(KHORRAMABAD)}]
)
def test_a_national_remit_changes_nothing(query: dict, universe: Universe) -> None:
    assert parse(query, universe, Remit()) == parse(query, universe)


@pytest.mark.parametrize(
    ("remit", "query", "area"),
    [
        (LORESTAN, {}, ("IR-15", None)),
        (LORESTAN, {"province": "Atlantis"}, ("IR-15", None)),
        (IN_KHORRAMABAD, {}, ("IR-15", KHORRAMABAD)),
        (IN_KHORRAMABAD, {"province": "IR-15"}, ("IR-15", KHORRAMABAD)),
        (IN_KHORRAMABAD, {"county": str(KHORRAMABAD)}, ("IR-15", KHORRAMABAD)),
    ],
)
def test_the_remit_is_the_default_area(
    remit: Remit, query: dict, area: tuple, universe: Universe
) -> None:
    parsed, rejected = parse(query, universe, remit)
    assert ((parsed.province, parsed.county), parsed.remit) == (area, remit)
    assert set(rejected) <= {"province"} and "outside" not in rejected.get("province", "")


def test_the_outside_reason_names_the_parameter_as_asked(universe: Universe) -> None:
    _, rejected = parse({"province": "IR-23"}, universe, LORESTAN)
    assert reasons(rejected, lambda key: f"--{key}") == [
        "--province: IR-23 (Tehran) is outside your area: showing IR-15 (Lorestan)"
    ]


def test_the_remit_stays_out_of_the_url(universe: Universe) -> None:
    view = Filters(as_of=DAY, province="IR-15", county=KUHDASHT, remit=LORESTAN)
    assert view.to_query() == {"as_of": "2026-02-10", "province": "IR-15", "county": str(KUHDASHT)}
    assert parse(view.to_query(), universe, LORESTAN) == (view, {})
    assert view.shifted(-1).remit == LORESTAN


@pytest.mark.parametrize(
    ("remit", "provinces", "counties"),
    [
        (Remit(), 31, None),
        (LORESTAN, 1, None),
        (IN_KHORRAMABAD, 1, [str(KHORRAMABAD)]),
    ],
)
def test_the_universe_within_a_remit(
    remit: Remit, provinces: int, counties: list | None, universe: Universe
) -> None:
    narrowed = universe.within(remit)
    assert len(narrowed.provinces) == provinces
    if remit.province is None:
        assert narrowed == universe
        return
    assert list(narrowed.counties) == ["IR-15"]
    codes = [a.code for a in narrowed.counties["IR-15"]]
    assert codes == (counties or [a.code for a in universe.counties["IR-15"]])
    assert (narrowed.first_day, narrowed.last_day) == (universe.first_day, universe.last_day)


def test_province_wide_keeps_a_county_remit_in_its_county() -> None:
    view = Filters(as_of=DAY, province="IR-15", county=KHORRAMABAD, remit=IN_KHORRAMABAD)
    assert view.province_wide() is view
    wider = Filters(as_of=DAY, province="IR-15", county=KHORRAMABAD, remit=LORESTAN)
    assert wider.province_wide() == Filters(as_of=DAY, province="IR-15", remit=LORESTAN)
