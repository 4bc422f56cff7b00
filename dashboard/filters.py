"""The one Filters value that flows from the sidebar and the URL to every query and caption,
and the one parser that turns outside input (URL parameters, command-line options, the
signed-in user's area) into it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping

import jdatetime

from dashboard import i18n
from dashboard.schema import GROUPS
from dashboard.text import ascii_digits, name_key


@dataclasses.dataclass(frozen=True)
class Remit:
    """The area a signed-in user may look at: the whole country (both None), a province (ISO
    code), or one county (id) of a province."""

    province: str | None = None
    county: int | None = None

    def __post_init__(self) -> None:
        if self.county is not None and self.province is None:
            raise ValueError("a county remit needs its province")

    def contains(self, province: str | None, county: int | None) -> bool:
        """True when the area (province, county; None for the whole) lies inside the remit."""
        if self.province is None:
            return True
        if self.county is None:
            return province == self.province
        return (province, county) == (self.province, self.county)


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the user is looking at: an area, an as-of date, deciles and a group, inside the
    user's remit.

    province: ISO code (IR-00..IR-30) or None for the whole country.
    county: county id inside the province, or None for the whole province.
    as_of: the day whose end (the midnight that follows) is the as-of moment.
    decile_min, decile_max: inclusive decile range 1..10.
    group: a household group (grp) or None for all.
    remit: the area the user may look at; the area above always lies inside it (never in
    the URL: it comes from the signed-in user).
    """

    as_of: dt.date
    province: str | None = None
    county: int | None = None
    decile_min: int = 1
    decile_max: int = 10
    group: str | None = None
    remit: Remit = Remit()

    def __post_init__(self) -> None:
        if not 1 <= self.decile_min <= self.decile_max <= 10:
            raise ValueError(f"decile range {self.decile_min}-{self.decile_max} is not in 1..10")
        if self.group is not None and self.group not in GROUPS:
            raise ValueError(f"unknown group {self.group!r}")
        if self.county is not None and self.province is None:
            raise ValueError("a county needs its province")
        if not self.remit.contains(self.province, self.county):
            raise ValueError(
                f"area {self.province or 'national'}/{self.county} is outside {self.remit}"
            )

    @property
    def moment(self) -> dt.datetime:
        """The as-of moment: the midnight that follows the as-of day; events before it count."""
        return dt.datetime.combine(self.as_of + dt.timedelta(days=1), dt.time())

    @property
    def all_deciles(self) -> bool:
        """True when no decile restriction applies."""
        return (self.decile_min, self.decile_max) == (1, 10)

    def shifted(self, days: int) -> Filters:
        """The same view with the as-of date moved by days."""
        return dataclasses.replace(self, as_of=self.as_of + dt.timedelta(days=days))

    def province_wide(self) -> Filters:
        """The same view over the whole province (no county): a county's peers. Under a county
        remit the peers are outside the user's area: the view stays as it is."""
        if self.remit.county is not None:
            return self
        return dataclasses.replace(self, county=None)

    def to_query(self) -> dict[str, str]:
        """URL query parameters for this view; defaults and the remit are left out."""
        query = {"as_of": self.as_of.isoformat()}
        if self.province:
            query["province"] = self.province
        if self.county is not None:
            query["county"] = str(self.county)
        if not self.all_deciles:
            query["deciles"] = f"{self.decile_min}-{self.decile_max}"
        if self.group:
            query["group"] = self.group
        return query

    def describe(self, words: Callable[[str], str], area: str, as_of_text: str) -> str:
        """The view in words for a caption: 'Lorestan · as of 17 Dey 1404 · deciles 1-3' (the
        parts joined by the language's parts.separator: an em dash in Persian).

        words translates a key of the translation table; area and as_of_text come already named.
        """
        return words("parts.separator").join(
            [area, words("filters.as_of").format(date=as_of_text), *self.narrowing(words)]
        )

    def narrowing(self, words: Callable[[str], str]) -> list[str]:
        """The deciles and group in words, where they narrow the view ('deciles 1-3')."""
        parts = []
        if not self.all_deciles:
            parts.append(words("filters.deciles").format(lo=self.decile_min, hi=self.decile_max))
        if self.group:
            parts.append(words(f"group.{self.group}"))
        return parts


LOOKBACK_DAYS = 14  # the earliest as-of date: this many days before the first credit opens
OUTSIDE = "is outside your area"  # in the reason parse gives for an area outside the remit
KEYS = ("as_of", "province", "county", "deciles", "group")  # the outside names of the filters


class FilterError(ValueError):
    """Outside input from which no Filters value can be built at all."""


def _whole(text: str) -> int:
    """A whole number written with digits only (no sign, no underscore)."""
    if not text.strip().isascii() or not text.strip().isdigit():
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


def parse_day(text: str) -> dt.date:
    """A date from 'YYYY-MM-DD' or 'YYYY/MM/DD' (Persian digits too): Gregorian, or Solar Hijri
    when the year is below 1700."""
    parts = ascii_digits(text).strip().replace("/", "-").split("-")
    if len(parts) != 3:
        raise ValueError(f"{text!r} is not a date")
    year, month, day = (_whole(part) for part in parts)
    if year < 1700:
        return jdatetime.date(year, month, day).togregorian()
    return dt.date(year, month, day)


@dataclasses.dataclass(frozen=True)
class Area:
    """A province (code) or county (id as text) that may be named, with its names and the
    other spellings it is known by (data/reference/county_aliases.csv)."""

    code: str
    name_fa: str
    name_en: str
    aliases: tuple[str, ...] = ()

    @property
    def keys(self) -> set[str]:
        """The name keys (dashboard.text.name_key) it answers to."""
        return {name_key(name) for name in (self.name_fa, self.name_en, *self.aliases)}


@dataclasses.dataclass(frozen=True)
class Universe:
    """What outside input is checked against: the provinces that may be named, their counties,
    and the days an as-of date may take (first_day..last_day; last_day is the default)."""

    provinces: tuple[Area, ...]
    counties: Mapping[str, tuple[Area, ...]]
    first_day: dt.date | None
    last_day: dt.date | None

    @classmethod
    def of(
        cls,
        provinces: Iterable[Mapping],
        counties: Iterable[Mapping],
        first_credit: dt.date | None,
        last_purchase: dt.date | None,
    ) -> Universe:
        """The universe of rows (code/id, name_fa, name_en; counties with province_code and
        optionally aliases): as-of dates from LOOKBACK_DAYS before the first credit opened to
        the last day with purchases."""
        by_province: dict[str, list[Area]] = {}
        for row in counties:
            aliases = tuple(row.get("aliases") or ())
            area = Area(str(row["id"]), row["name_fa"], row["name_en"], aliases)
            by_province.setdefault(row["province_code"], []).append(area)
        first = None if first_credit is None else first_credit - dt.timedelta(days=LOOKBACK_DAYS)
        return cls(
            tuple(Area(r["code"], r["name_fa"], r["name_en"]) for r in provinces),
            {code: tuple(areas) for code, areas in by_province.items()},
            first,
            last_purchase,
        )

    @property
    def days(self) -> list[dt.date]:
        """Every day an as-of date may take, oldest first."""
        if self.first_day is None or self.last_day is None:
            return []
        span = (self.last_day - self.first_day).days
        return [self.first_day + dt.timedelta(days=i) for i in range(span + 1)]

    def within(self, remit: Remit) -> Universe:
        """The universe narrowed to the remit: its province (or every one) and the counties
        inside it (the sidebar's choices)."""
        provinces = tuple(a for a in self.provinces if remit.province in (None, a.code))
        counties = {
            code: tuple(a for a in areas if remit.contains(code, int(a.code)))
            for code, areas in self.counties.items()
            if remit.province in (None, code)
        }
        return dataclasses.replace(self, provinces=provinces, counties=counties)


def find(text: str, areas: Iterable[Area]) -> Area | None:
    """The area whose code, Persian or English name or alias is text (names compared by
    name_key: Arabic ي/ك, ZWNJ, spaces, madda and case do not matter); None when none is. The
    one lookup of a province or county by name, for links, the command line and imports."""
    code, wanted = ascii_digits(text).strip().upper(), name_key(text)
    return next((a for a in areas if code == a.code or wanted in a.keys), None)


def _area(code: str, areas: Iterable[Area]) -> Area:
    """The area with code, or one named by its code alone when areas do not hold it."""
    return next((a for a in areas if a.code == code), Area(code, code, code))


def _named(area: Area) -> str:
    return f"{area.code} ({area.name_en})"


def _remit_named(universe: Universe, remit: Remit) -> str:
    """The remit's area in words: 'IR-15 (Lorestan)', or its county 'in' that."""
    province = str(remit.province)
    home = _named(_area(province, universe.provinces))
    if remit.county is None:
        return home
    county = _area(str(remit.county), universe.counties.get(province, ()))
    return f"{_named(county)} in {home}"


def _asked_area(
    given: Mapping[str, str], universe: Universe, remit: Remit, rejected: dict[str, str]
) -> tuple[Area | None, Area | None]:
    """The province and county the input names, before the remit applies; the province is by
    default the remit's, or the universe's only one."""
    province = universe.provinces[0] if len(universe.provinces) == 1 else None
    if remit.province is not None:
        province = _area(remit.province, universe.provinces)
    if "province" in given:
        found = find(given["province"], universe.provinces)
        if found is None:
            rejected["province"] = (
                f"«province»: unknown province {given['province']!r}: use today's ISO code "
                "(IR-15) or its name"
            )
        province = found or province

    county = None
    if "county" in given:
        if "province" in rejected:
            rejected["county"] = "«county»: not read, since «province» was not understood"
        elif province is None:
            rejected["county"] = "«county» needs «province»"
        else:
            county = find(given["county"], universe.counties.get(province.code, ()))
            if county is None:
                rejected["county"] = (
                    f"«county»: county {given['county']!r} is not in province {province.code} "
                    f"({province.name_en})"
                )
    return province, county


def _clamped(
    province: Area | None,
    county: Area | None,
    universe: Universe,
    remit: Remit,
    rejected: dict[str, str],
) -> tuple[str | None, int | None]:
    """The area asked for, kept inside the remit: one outside it gives way to the remit's own
    and is reported; a county remit asked for its province as a whole gets its county."""
    code = province and province.code
    county_id = None if county is None else int(county.code)
    if remit.province is None:
        return code, county_id
    showing = _remit_named(universe, remit)
    if code != remit.province:
        rejected["province"] = f"«province»: {_named(province)} {OUTSIDE}: showing {showing}"
        if county is not None:
            rejected["county"] = f"«county»: not read, since «province» {OUTSIDE}"
        return remit.province, remit.county
    if county is not None and not remit.contains(code, county_id):
        rejected["county"] = f"«county»: {_named(county)} {OUTSIDE}: showing {showing}"
    if remit.county is not None:
        return code, remit.county
    return code, county_id


def parse(
    query: Mapping[str, str], universe: Universe, remit: Remit = Remit()
) -> tuple[Filters, dict[str, str]]:
    """Filters from outside input (the KEYS; anything else is not looked at) inside the
    signed-in user's remit, and the keys that were not valid with the reason for each (see
    reasons). A value that is not valid is left out, as if not given (so is an empty one); an
    as-of date outside the universe's days is moved to the nearest one.

    province: today's ISO 3166-2:IR code (a code always means today's province: the older
    numbering's codes collide with today's) or its Persian or English name; county: its id or
    name within the province; as_of: a Gregorian or Solar Hijri date, by default the
    universe's last day; deciles: 'low-high' or one decile; group: a household group. The
    province is by default the remit's (with one province in the universe, that one); a
    county remit's county is always the county. A province or county outside the remit is
    replaced by the remit's own and reported.
    Raises FilterError when there is no as-of date (no date given and none in the data).
    """
    rejected: dict[str, str] = {}
    texts = {k: str(query[k]).strip() for k in KEYS if query.get(k) is not None}
    given = {k: text for k, text in texts.items() if text}

    as_of = universe.last_day
    if "as_of" in given:
        try:
            as_of = parse_day(given["as_of"])
        except ValueError:
            rejected["as_of"] = (
                f"«as_of»: {given['as_of']!r} is not a date (2026-02-10 or 1404/11/21)"
            )
    if as_of is None:
        raise FilterError("the database holds no purchases: give an as-of date")
    low, high = universe.first_day or as_of, universe.last_day or as_of
    if not low <= as_of <= high:
        rejected["as_of"] = f"«as_of»: {as_of} is outside the data ({low} to {high})"
        as_of = min(max(as_of, low), high)

    province, county = _clamped(
        *_asked_area(given, universe, remit, rejected), universe, remit, rejected
    )

    deciles = (1, 10)
    if "deciles" in given:
        try:
            parts = ascii_digits(given["deciles"]).replace("–", "-").split("-")
            bounds = [_whole(part) for part in parts]
            deciles = (bounds[0], bounds[-1])
            if len(bounds) > 2 or not 1 <= deciles[0] <= deciles[1] <= 10:
                raise ValueError
        except ValueError:
            rejected["deciles"] = f"«deciles»: {given['deciles']!r} is not a decile range in 1-10"
            deciles = (1, 10)

    group = given.get("group")
    if group is not None and group not in GROUPS:
        rejected["group"] = f"«group»: unknown group {group!r}: one of {', '.join(GROUPS)}"
        group = None

    filters = Filters(
        as_of=as_of,
        province=province,
        county=county,
        decile_min=deciles[0],
        decile_max=deciles[1],
        group=group,
        remit=remit,
    )
    return filters, rejected


def reasons(rejected: Mapping[str, str], name: Callable[[str], str] = str) -> list[str]:
    """The reasons parse gave, with each parameter (written «key») named as name(key) says:
    '--as-of' on the command line, 'as_of' in a link."""
    return [re.sub("«(\\w+)»", lambda m: name(m.group(1)), why) for why in rejected.values()]


def area_name(f: Filters, universe: Universe, lang: str) -> str:
    """The name of the filtered area in lang ('fa' or 'en')."""
    if f.province is None:
        return i18n.t("filters.country", lang)
    areas, code = universe.provinces, f.province
    if f.county is not None:
        areas, code = universe.counties.get(f.province, ()), str(f.county)
    return next(getattr(a, f"name_{lang}") for a in areas if a.code == code)
