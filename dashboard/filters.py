"""The one Filters value that flows from the sidebar and the URL to every query and caption."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping

import jdatetime


def parse_day(text: str) -> dt.date:
    """A date from 'YYYY-MM-DD': Gregorian, or Solar Hijri when the year is below 1700."""
    year, month, day = (int(part) for part in text.strip().replace("/", "-").split("-"))
    if year < 1700:
        return jdatetime.date(year, month, day).togregorian()
    return dt.date(year, month, day)


GROUPS = ("support", "subsidy", "employee", "retiree", "removed", "late_applicant")


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the user is looking at: an area, an as-of date, deciles and a group.

    province: ISO code (IR-00..IR-30) or None for the whole country.
    county: county id inside the province, or None for the whole province.
    as_of: the day whose end (the midnight that follows) is the as-of moment.
    decile_min, decile_max: inclusive decile range 1..10.
    group: a household group (grp) or None for all.
    """

    as_of: dt.date
    province: str | None = None
    county: int | None = None
    decile_min: int = 1
    decile_max: int = 10
    group: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.decile_min <= self.decile_max <= 10:
            raise ValueError(f"decile range {self.decile_min}-{self.decile_max} is not in 1..10")
        if self.group is not None and self.group not in GROUPS:
            raise ValueError(f"unknown group {self.group!r}")
        if self.county is not None and self.province is None:
            raise ValueError("a county needs its province")

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

    def to_query(self) -> dict[str, str]:
        """URL query parameters for this view; defaults are left out."""
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
        """The view in words for a caption: 'Lorestan · as of 17 Dey 1404 · deciles 1-3'.

        words translates a key of the translation table; area and as_of_text come already named.
        """
        parts = [area, words("filters.as_of").format(date=as_of_text)]
        if not self.all_deciles:
            parts.append(words("filters.deciles").format(lo=self.decile_min, hi=self.decile_max))
        if self.group:
            parts.append(words(f"group.{self.group}"))
        return " · ".join(parts)

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], default_as_of: dt.date
    ) -> tuple[Filters, list[str]]:
        """Filters from URL query parameters, and the parameters that were ignored as invalid."""
        rejected: list[str] = []
        values: dict[str, object] = {"as_of": default_as_of}

        def take(key: str, parse: Callable[[str], object], *fields: str) -> None:
            if key not in query:
                return
            try:
                parsed = parse(query[key])
                candidate = cls(**{**values, **dict(zip(fields, parsed, strict=True))})
            except (ValueError, TypeError):
                rejected.append(key)
                return
            values.update(dataclasses.asdict(candidate))

        take("as_of", lambda v: (parse_day(v),), "as_of")
        take("province", lambda v: (v.strip().upper(),), "province")
        take("county", lambda v: (int(v),), "county")
        take("deciles", lambda v: tuple(int(x) for x in v.split("-")), "decile_min", "decile_max")
        take("group", lambda v: (v,), "group")
        return cls(**values), rejected  # type: ignore[arg-type]
