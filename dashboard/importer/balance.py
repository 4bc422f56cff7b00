"""Credit, checked and rolled up: a purchase may not come before its household's credit opened
nor spend more credit than had been released to it by then (the balance rollup assumes both),
and the rows the rollups need before and after the load, for the households it touches.

A household's stored purchases are read whole only when the new rows fall among them; when the
new rows come after all of them (a new month), they are summed in the database into one
summary row (at the first purchase, with their total credit), which changes none of the
rollups' differences: a month of purchases does not reread the province.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import rollup_rows
from dashboard import schema as s
from dashboard.importer.parsing import RAW, problems
from dashboard.lookups import Keys, matching
from dashboard.settings import read as read_settings

ROLLED = ("households", "allocations", "purchases")
SIDES = ("people", "allocations", "purchases")
NO_BASKET = 0  # purchases given without a basket: itemised nowhere


def check(
    conn: sa.Connection, kind: str, clean: pl.DataFrame, old: pl.DataFrame
) -> tuple[dict[str, pl.DataFrame], list[pl.DataFrame]]:
    """The rollup context ('before_people', ..., 'after_purchases') of the clean rows of kind,
    and the problems of purchases that break the credit rules."""
    if kind == "households":
        return _households(conn, clean, old), []
    if kind == "allocations":
        return _allocations(conn, clean), []
    return _purchases(conn, clean)


def _people(conn: sa.Connection, ids: pl.Series | Keys) -> pl.DataFrame:
    h, c = s.households, s.counties
    columns = [
        c.c.province_code if n == "province_code" else h.c[n] for n in rollup_rows.HOUSEHOLDS
    ]
    return matching(
        conn,
        columns,
        h.c.id,
        ids,
        rollup_rows.HOUSEHOLDS,
        select_from=h.join(c, c.c.id == h.c.county_id),
    )


def _allocations_of(conn: sa.Connection, ids: pl.Series | Keys) -> pl.DataFrame:
    a = s.allocations
    return matching(
        conn,
        [a.c[n] for n in rollup_rows.ALLOCATIONS],
        a.c.household_id,
        ids,
        rollup_rows.ALLOCATIONS,
    )


def _purchases_of(conn: sa.Connection, ids: pl.Series) -> pl.DataFrame:
    p = s.purchases
    return matching(
        conn, [p.c[n] for n in rollup_rows.PURCHASES], p.c.household_id, ids, rollup_rows.PURCHASES
    )


def _spending(conn: sa.Connection, ids: pl.Series | Keys) -> pl.DataFrame:
    """Per household: stored purchases' count, credit, first and last time."""
    p = s.purchases
    columns = [
        p.c.household_id,
        sa.func.count().label("n"),
        sa.cast(sa.func.sum(p.c.credit_toman), sa.BigInteger),
        sa.func.min(p.c.purchased_at),
        sa.func.max(p.c.purchased_at),
    ]
    schema = {
        "household_id": pl.Int64,
        "n": pl.Int64,
        "spent": pl.Int64,
        "first_at": pl.Datetime("us"),
        "last_at": pl.Datetime("us"),
    }
    return matching(conn, columns, p.c.household_id, ids, schema, group_by=[p.c.household_id])


def _summaries(spending: pl.DataFrame) -> pl.DataFrame:
    """One purchase row standing for each household's stored purchases."""
    return spending.filter(pl.col("n") > 0).select(
        pl.lit(-1, pl.Int64).alias("id"),
        "household_id",
        pl.col("first_at").alias("purchased_at"),
        pl.col("spent").alias("credit_toman"),
        pl.lit(0, pl.Int64).alias("cash_toman"),
        pl.lit(NO_BASKET, pl.Int64).alias("basket_id"),
        pl.lit(None, pl.Int64).alias("store_id"),  # a store's marks are its purchases'
    )


def _stored_purchases(conn, ids: pl.Series, whole: pl.Series) -> pl.DataFrame:
    """The households' stored purchases: whole for the households in whole, else summaries."""
    spending = _spending(conn, ids)
    summarised = _summaries(spending.filter(~pl.col("household_id").is_in(whole.implode())))
    return pl.concat([summarised, _purchases_of(conn, whole)])


def _context(before: tuple, after: tuple) -> dict[str, pl.DataFrame]:
    out = {f"before_{n}": f for n, f in zip(SIDES, before, strict=True)}
    return out | {f"after_{n}": f for n, f in zip(SIDES, after, strict=True)}


def _households(conn, clean: pl.DataFrame, old: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Updated households move their rollup rows (county, decile, group, members)."""
    changed = clean.filter(pl.col("fate") == "update")
    ids = changed["id"]
    before = _people(conn, ids)
    provinces = s.counties
    codes = matching(
        conn,
        [provinces.c.id, provinces.c.province_code],
        provinces.c.id,
        changed["county_id"],
        {"county_id": pl.Int64, "province_code": pl.String},
    )
    after = changed.join(codes, on="county_id", how="left").select(list(rollup_rows.HOUSEHOLDS))
    allocations, purchases = _allocations_of(conn, ids), _purchases_of(conn, ids)
    return _context((before, allocations, purchases), (after, allocations, purchases))


def _allocations(conn, clean: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """New credit: purchases are summarised where it opens after all the household's credit."""
    new = clean.filter(pl.col("fate") == "insert").select(list(rollup_rows.ALLOCATIONS))
    ids = new["household_id"].unique()
    stored = _allocations_of(conn, ids)
    spending = _spending(conn, ids)
    last = stored.group_by("household_id").agg(
        last=pl.col("opens_on").max(), released=pl.col("amount_toman").sum()
    )
    first_new = new.group_by("household_id").agg(first_new=pl.col("opens_on").min())
    judged = first_new.join(last, on="household_id", how="left").join(
        spending, on="household_id", how="left"
    )
    whole = judged.filter(
        (pl.col("first_new") <= pl.col("last"))
        | (pl.col("spent").fill_null(0) > pl.col("released").fill_null(0))
    )["household_id"]
    purchases = _stored_purchases(conn, ids, whole)
    people = _people(conn, ids)
    return _context((people, stored, purchases), (people, pl.concat([stored, new]), purchases))


def _purchases(conn, clean: pl.DataFrame):
    """New purchases, checked against the credit released to each household by then."""
    new = clean.filter(pl.col("fate") == "insert")
    first_new = new.group_by("household_id").agg(first_new=pl.col("purchased_at").min())
    with Keys(conn, new["household_id"]) as ids:
        spending = _spending(conn, ids)
        allocations = _allocations_of(conn, ids)
        people = _people(conn, ids)
    # read whole too: a household whose last stored purchase is within the repeat window of
    # its first new one (a repeat swipe across the two is a store-risk mark)
    window = dt.timedelta(minutes=read_settings(conn).risk_repeat_minutes)
    whole = spending.join(first_new, on="household_id").filter(
        pl.col("last_at") >= pl.col("first_new") - window
    )["household_id"]
    stored = pl.concat(
        [
            _summaries(spending.filter(~pl.col("household_id").is_in(whole.implode()))),
            _purchases_of(conn, whole),
        ]
    )
    found = _credit_problems(new, stored, allocations, whole)
    after = pl.concat([stored, new.select(list(rollup_rows.PURCHASES))])
    return _context((people, allocations, stored), (people, allocations, after)), found


def _credit_problems(new, stored, allocations, whole) -> list[pl.DataFrame]:
    """Purchases before the household's credit opened, or beyond the credit released by their
    day, counting every purchase of the household in time order (new and stored)."""
    sequence = pl.concat(
        [
            stored.with_columns(
                side=pl.when(pl.col("id") == -1)
                .then(pl.lit("summary"))
                .otherwise(pl.lit("stored")),
                line=pl.lit(None, pl.Int64),
            ),
            new.select(
                *rollup_rows.PURCHASES, "line", *[c for c in new.columns if c.endswith(RAW)]
            ).with_columns(side=pl.lit("new")),
        ],
        how="diagonal_relaxed",
    ).sort("household_id", "purchased_at", "id")
    sequence = sequence.with_columns(
        spent=pl.col("credit_toman").cum_sum().over("household_id"),
        day=pl.col("purchased_at").dt.date(),
    ).sort("day")
    released = (
        allocations.group_by("household_id", "opens_on")
        .agg(pl.col("amount_toman").sum())
        .sort("household_id", "opens_on")
        .with_columns(released=pl.col("amount_toman").cum_sum().over("household_id"))
        .sort("opens_on")
    )
    judged = sequence.join_asof(
        released.select("household_id", "opens_on", "released"),
        left_on="day",
        right_on="opens_on",
        by="household_id",
        strategy="backward",
        check_sortedness=False,
    )
    early = pl.col("released").is_null()
    over = pl.col("spent") > pl.col("released")
    mine = judged.filter(pl.col("side") == "new").sort("line")
    found = [
        problems(mine, early, "purchased_at", "before_credit"),
        problems(
            mine,
            ~early & over,
            "credit_toman",
            "overspend",
            detail=pl.format("{}/{}", "spent", "released"),
        ),
    ]
    broken = judged.filter((pl.col("side") == "stored") & (early | over))["household_id"]
    later = mine.filter(pl.col("household_id").is_in(broken.implode()) & ~early & ~over)
    found.append(problems(later, pl.lit(True), "purchased_at", "overspend_later"))
    return found
