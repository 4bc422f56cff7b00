"""Synthetic villages at the country's real density, inside their county's polygon.

GeoNames lists only the places of 500 or more residents (1,633 villages), where Iran has
about 60,000 inhabited villages. The sample adds the missing ones, marked synthetic
(places.source), so that the small-shop fallback can be judged; real village lists come
through the importer.

How many per county: NATIONAL_VILLAGES shared out over all 479 counties by the geometric mean
of the county's rural people (its population less the GeoNames towns of 5,000 or more inside
it, at least a tenth of it) and its land area: people live in villages, and rugged, sparse land
has more and smaller ones. The GeoNames villages already in a county count toward its number.
Their residents: the county's rural people less the GeoNames villages', shared out by a
log-normal draw, 20 at the least and MAX_PEOPLE at the most.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import polars as pl
import shapely
from shapely.geometry import shape

from dashboard import boundaries, calendar

NATIONAL_VILLAGES = 60_000
MEDIAN_PEOPLE = 180
MAX_PEOPLE = 2_500  # a larger village would be in GeoNames' list (500 or more) most likely
ID_BASE = 1_600_000_000  # synthetic village ids: ID_BASE + a number (GeoNames ids are far below)
KM_PER_DEGREE = 111.2


@functools.cache
def _polygons() -> dict[int, shapely.Geometry]:
    """County id -> its polygon (the reference counties.geojson)."""
    features = [f for code in _province_codes() for f in boundaries.counties(code)["features"]]
    return {f["properties"]["id"]: shape(f["geometry"]) for f in features}


def _province_codes() -> list[str]:
    return [f["properties"]["code"] for f in boundaries.provinces()["features"]]


def _area_km2(polygon: shapely.Geometry) -> float:
    return polygon.area * KM_PER_DEGREE**2 * math.cos(math.radians(polygon.centroid.y))


def village_counts(counties: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """Per county of all of counties: county_id, rural (people), villages (the real density:
    how many villages it should have in all) and missing (those GeoNames does not list)."""
    polygons = _polygons()
    towns = (
        places.filter((pl.col("kind") == "city") & (pl.col("source") == "geonames"))
        .group_by("county_id")
        .agg(town_people=pl.col("population").sum())
    )
    listed = (
        places.filter(pl.col("kind") == "village")
        .group_by("county_id")
        .agg(listed=pl.len(), listed_people=pl.col("population").sum())
    )
    table = (
        counties.select(pl.col("id").alias("county_id"), "population")
        .join(towns, on="county_id", how="left")
        .join(listed, on="county_id", how="left")
        .fill_null(0)
        .with_columns(
            rural=pl.max_horizontal(
                pl.col("population") - pl.col("town_people"), pl.col("population") / 10
            ),
            area_km2=pl.col("county_id").replace_strict(
                {cid: _area_km2(p) for cid, p in polygons.items()}, return_dtype=pl.Float64
            ),
        )
        .with_columns(weight=(pl.col("rural") * pl.col("area_km2")).sqrt())
        .with_columns(
            villages=(NATIONAL_VILLAGES * pl.col("weight") / pl.col("weight").sum()).round()
        )
    )
    return table.select(
        "county_id",
        pl.col("rural").round().cast(pl.Int64),
        pl.col("villages").cast(pl.Int64),
        missing=(pl.col("villages") - pl.col("listed")).clip(lower_bound=0).cast(pl.Int64),
        people=(pl.col("rural") - pl.col("listed_people")).clip(lower_bound=0),
    )


def _inside(rng: np.random.Generator, polygon: shapely.Geometry, n: int) -> np.ndarray:
    """n uniform random points (lon, lat) inside polygon, by rejection from its bounding box."""
    west, south, east, north = polygon.bounds
    found = np.empty((0, 2))
    while len(found) < n:
        tries = max(64, 3 * (n - len(found)))
        points = np.column_stack([rng.uniform(west, east, tries), rng.uniform(south, north, tries)])
        found = np.vstack([found, points[shapely.contains_xy(polygon, points[:, 0], points[:, 1])]])
    return found[:n]


def villages(
    rng: np.random.Generator,
    counties: pl.DataFrame,
    all_counties: pl.DataFrame,
    places: pl.DataFrame,
    fraction: float,
) -> pl.DataFrame:
    """Synthetic villages (rows of the places table, source 'synthetic') for counties, at
    fraction of the real density (1 for the sample; less for test presets)."""
    counts = village_counts(all_counties, places).filter(
        pl.col("county_id").is_in(counties["id"].implode())
    )
    polygons = _polygons()
    parts = []
    for row in counts.sort("county_id").iter_rows(named=True):
        n = round(row["missing"] * fraction)
        if n == 0:
            continue
        where = _inside(rng, polygons[row["county_id"]], n)
        draw = rng.lognormal(math.log(MEDIAN_PEOPLE), 0.8, n)
        share = draw * row["people"] * fraction / max(draw.sum(), 1)  # the fraction of the people
        people = np.clip(np.round(share), 20, MAX_PEOPLE)
        number = np.arange(1, n + 1)
        parts.append(
            pl.DataFrame(
                {
                    "county_id": np.full(n, row["county_id"]),
                    "name_fa": [f"روستای نمونه {calendar.digits(i, 'fa')}" for i in number],
                    "name_en": [f"Sample village {i}" for i in number],
                    "lat": np.round(where[:, 1], 5),
                    "lon": np.round(where[:, 0], 5),
                    "population": people.astype(np.int64),
                }
            )
        )
    if not parts:
        return pl.DataFrame(schema=places.schema)
    frame = pl.concat(parts)
    return frame.with_columns(
        id=ID_BASE + pl.int_range(1, frame.height + 1, dtype=pl.Int64),
        kind=pl.lit("village"),
        source=pl.lit("synthetic"),
    ).select(places.columns)
