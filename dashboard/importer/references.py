"""The references an extract's rows make, resolved against the database: counties (by id or
by name within a province), places, households (by id or national ID) and stores (by id or
card terminal). Each returns the rows with the resolved id filled in, and the problems."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.filters import Area, Universe, find
from dashboard.geography import county_aliases, inside_iran
from dashboard.importer.parsing import PROBLEM, problems
from dashboard.lookups import matching
from dashboard.rows import read_rows

Found = tuple[pl.DataFrame, list[pl.DataFrame]]


def counties(conn: sa.Connection, rows: pl.DataFrame) -> Found:
    """county_id from county_id or from the county's name (within province, a code or name;
    without one, the only county of that name in the country). Each distinct province and
    (province, county) text is looked up once, by dashboard.filters.find."""
    c, p = s.counties, s.provinces
    known = read_rows(conn, sa.select(c.c.id, c.c.province_code, c.c.name_fa, c.c.name_en))
    aliases = county_aliases()
    universe = Universe.of(
        read_rows(conn, sa.select(p.c.code, p.c.name_fa, p.c.name_en)).iter_rows(named=True),
        ({**r, "aliases": aliases.get(r["id"], ())} for r in known.iter_rows(named=True)),
        None,
        None,
    )
    texts = rows["province"].drop_nulls().unique()
    codes = pl.DataFrame(
        {"province": texts, "named_province": [_code(find(t, universe.provinces)) for t in texts]},
        schema={"province": pl.String, "named_province": pl.String},
    )
    rows = rows.join(codes, on="province", how="left", maintain_order="left")
    every = [a for group in universe.counties.values() for a in group]
    pairs = rows.select("named_province", "county").unique().drop_nulls("county")
    named = []
    for code, text in pairs.iter_rows():
        hits = [a for a in (universe.counties.get(code, ()) if code else every) if find(text, [a])]
        why = None if len(hits) == 1 else "ambiguous_county" if hits else "unknown_county"
        named.append((code, text, int(hits[0].code) if len(hits) == 1 else None, why))
    lookup = pl.DataFrame(
        named,
        schema={"named_province": pl.String, "county": pl.String, "named_id": pl.Int64,
                "why": pl.String},
        orient="row",
    )  # fmt: skip
    rows = rows.join(lookup, on=["named_province", "county"], how="left", nulls_equal=True,
                     maintain_order="left")  # fmt: skip
    rows = rows.join(
        known.select(pl.col("id").alias("county_id"), pl.col("province_code").alias("of")),
        on="county_id", how="left", maintain_order="left",
    )  # fmt: skip
    given = pl.col("county_id").is_not_null()
    unknown = pl.col("province").is_not_null() & pl.col("named_province").is_null()
    found = [
        problems(rows, unknown, "province", "unknown_province"),
        problems(rows, given & pl.col("of").is_null(), "county_id", "unknown_county"),
        problems(rows, ~unknown & pl.col("why").is_not_null(), "county", pl.col("why")),
        problems(
            rows,
            given & (pl.col("named_id") != pl.col("county_id")),
            "county",
            "county_mismatch",
            detail=pl.col("county_id").cast(pl.String),
        ),  # fmt: skip
        problems(
            rows,
            given & pl.col("county").is_null() & (pl.col("named_province") != pl.col("of")),
            "province",
            "province_mismatch",
            detail=pl.col("county_id").cast(pl.String),
        ),  # fmt: skip
    ]
    rows = rows.with_columns(county_id=pl.coalesce("county_id", "named_id"))
    return rows.drop("named_province", "named_id", "why", "of"), found


def _code(area: Area | None) -> str | None:
    return None if area is None else area.code


def places(conn: sa.Connection, rows: pl.DataFrame) -> list[pl.DataFrame]:
    """Problems of place_id: a place that does not exist, or lies in another county."""
    p = s.places
    known = matching(
        conn,
        [p.c.id, p.c.county_id],
        p.c.id,
        rows["place_id"],
        {"place_id": pl.Int64, "place_county": pl.Int64},
    )
    rows = rows.join(known, on="place_id", how="left", maintain_order="left")
    given = pl.col("place_id").is_not_null()
    return [
        problems(rows, given & pl.col("place_county").is_null(), "place_id", "unknown_place"),
        problems(
            rows,
            given
            & pl.col("place_county").is_not_null()
            & pl.col("county_id").is_not_null()
            & (pl.col("place_county") != pl.col("county_id")),
            "place_id",
            "place_county",
            detail=pl.col("place_county").cast(pl.String),
        ),
    ]


def coordinates(rows: pl.DataFrame) -> list[pl.DataFrame]:
    """Problems of points that lie outside Iran."""
    both = rows.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    outside = ~inside_iran(both["lat"].to_numpy(), both["lon"].to_numpy())
    return [
        problems(
            both, pl.Series(outside), "lat", "outside_iran", value=pl.format("{}, {}", "lat", "lon")
        )
    ]


def heads(conn: sa.Connection, hashes: pl.Series) -> pl.DataFrame:
    """The stored households of heads (hashed national IDs): head_hash, head_id (one of them)
    and n, how many households the head has (more than one: ambiguous)."""
    h = s.households
    by_head = matching(conn, [h.c.head_hash, h.c.id], h.c.head_hash, hashes,
                       {"head_hash": pl.String, "head_id": pl.Int64})  # fmt: skip
    return by_head.group_by("head_hash").agg(pl.col("head_id").first(), n=pl.len())


def households(conn: sa.Connection, rows: pl.DataFrame) -> Found:
    """household_id from household_id or from the head's national ID (head_hash; a kind
    without one, applications, names its household by id only)."""
    h = s.households
    by_head = "head_hash" in rows.columns
    if not by_head:
        rows = rows.with_columns(head_hash=pl.lit(None, pl.String))
    by_id = matching(conn, [h.c.id], h.c.id, rows["household_id"], {"known_id": pl.Int64})
    rows = rows.join(
        by_id.with_columns(pl.col("known_id").alias("household_id")),
        on="household_id",
        how="left",
        maintain_order="left",
    )
    rows = rows.join(heads(conn, rows["head_hash"]), on="head_hash", how="left",
                     maintain_order="left")  # fmt: skip
    given, head = pl.col("household_id").is_not_null(), pl.col("head_hash").is_not_null()
    found = [
        problems(rows, given & pl.col("known_id").is_null(), "household_id", "unknown_household"),
        problems(
            rows,
            head & pl.col("head_id").is_null(),
            "national_id",
            "unknown_person",
            value=pl.col("national_id"),
            secret=True,
        ),
        problems(
            rows,
            head & (pl.col("n") > 1),
            "national_id",
            "ambiguous_person",
            value=pl.col("national_id"),
            secret=True,
        ),
        problems(
            rows,
            given
            & head
            & pl.col("head_id").is_not_null()
            & (pl.col("head_id") != pl.col("household_id")),
            "national_id",
            "household_mismatch",
            value=pl.col("national_id"),
            secret=True,
            detail=pl.col("household_id").cast(pl.String),
        ),
    ]
    rows = rows.with_columns(household_id=pl.coalesce("household_id", "head_id"))
    return rows.drop("known_id", "head_id", "n", *(() if by_head else ("head_hash",))), found


def stores(conn: sa.Connection, rows: pl.DataFrame) -> Found:
    """store_id from store_id or from the card terminal."""
    t = s.stores
    by_id = matching(conn, [t.c.id], t.c.id, rows["store_id"], {"known_store": pl.Int64})
    by_terminal = matching(
        conn,
        [t.c.terminal_id, t.c.id],
        t.c.terminal_id,
        rows["terminal_id"],
        {"terminal_id": pl.String, "terminal_store": pl.Int64},
    )
    rows = rows.join(
        by_id.with_columns(pl.col("known_store").alias("store_id")),
        on="store_id",
        how="left",
        maintain_order="left",
    )
    rows = rows.join(by_terminal, on="terminal_id", how="left", maintain_order="left")
    given, terminal = pl.col("store_id").is_not_null(), pl.col("terminal_id").is_not_null()
    found = [
        problems(rows, given & pl.col("known_store").is_null(), "store_id", "unknown_store"),
        problems(
            rows, terminal & pl.col("terminal_store").is_null(), "terminal_id", "unknown_terminal"
        ),
        problems(
            rows,
            given
            & pl.col("terminal_store").is_not_null()
            & (pl.col("terminal_store") != pl.col("store_id")),
            "terminal_id",
            "store_mismatch",
            detail=pl.col("store_id").cast(pl.String),
        ),
    ]
    rows = rows.with_columns(store_id=pl.coalesce("store_id", "terminal_store"))
    return rows.drop("known_store", "terminal_store"), found


def empty() -> pl.DataFrame:
    """No problems."""
    return pl.DataFrame(schema=PROBLEM)
