"""The rollup rows, computed in polars from tables of core rows, one batch of households at a time.

A batch is a set of whole households: their rows in households (with province_code),
allocations and purchases. Every rollup is additive over batches, so the parts of all batches
are summed by combine(). The sample seed feeds the tables it generates; dashboard.rollups feeds
tables read back from the database, so that both write the same numbers.
"""

from __future__ import annotations

import polars as pl

DAILY_KEYS = ["day", "province_code", "county_id", "decile", "grp"]
DAILY_MEASURES = [
    "released_toman",
    "new_households",
    "new_members",
    "purchases",
    "credit_toman",
    "cash_toman",
    "new_buyers",
]
KEYS = {
    "rollup_daily": DAILY_KEYS,
    "rollup_waves": ["wave_id", "days_since", "province_code", "county_id", "decile", "grp"],
    "rollup_items": ["day", "province_code", "county_id", "item"],
    "rollup_balance": ["day", "province_code", "county_id", "month"],
}
AREA = ["province_code", "county_id", "decile", "grp"]
# The columns batch() reads, with their types.
HOUSEHOLDS = {"id": pl.Int64, "county_id": pl.Int64, "province_code": pl.String,
              "members": pl.Int64, "decile": pl.Int64, "grp": pl.String,
              "place_id": pl.Int64}  # fmt: skip
ALLOCATIONS = {"household_id": pl.Int64, "month": pl.String, "amount_toman": pl.Int64,
               "opens_on": pl.Date, "wave_id": pl.Int64}  # fmt: skip
PURCHASES = {"id": pl.Int64, "household_id": pl.Int64, "purchased_at": pl.Datetime("us"),
             "credit_toman": pl.Int64, "cash_toman": pl.Int64, "basket_id": pl.Int64,
             "store_id": pl.Int64}  # fmt: skip
BASKETS = {"basket_id": pl.Int64, "item": pl.String, "share_permille": pl.Int64}
Parts = dict[str, list[pl.DataFrame]]


def batch(
    households: pl.DataFrame,
    allocations: pl.DataFrame,
    purchases: pl.DataFrame,
    baskets: pl.DataFrame,
) -> Parts:
    """The rollup parts of one batch of whole households (tables with the columns above)."""
    people = households.select(pl.col("id").alias("household_id"), *AREA, "members")
    alloc = allocations.join(people, on="household_id")
    buys = purchases.with_columns(day=pl.col("purchased_at").dt.date()).join(
        people, on="household_id"
    )
    first = _first_allocations(alloc)
    first_buy = buys.group_by("household_id").agg(  # AREA is the household's: keyed by it alone
        pl.col(AREA).first(), first_at=pl.col("purchased_at").min()
    )
    return {
        "rollup_daily": _daily(alloc, first, buys, first_buy),
        "rollup_waves": _waves(first, first_buy),
        "rollup_items": [_items(buys, baskets)],
        "rollup_balance": _balance(alloc, buys),
    }


def combine(parts: list[Parts]) -> dict[str, pl.DataFrame]:
    """Sum the parts of every batch into one DataFrame per rollup table, keyed as the table is."""
    out = {}
    for table, keys in KEYS.items():
        batches = [f for p in parts for f in p[table]]
        stacked = pl.concat(batches, how="diagonal_relaxed").fill_null(0)
        out[table] = stacked.group_by(keys).agg(pl.exclude(keys).sum()).sort(keys)
    out["rollup_daily"] = out["rollup_daily"].select(*DAILY_KEYS, *DAILY_MEASURES)
    return out


def _first_allocations(alloc: pl.DataFrame) -> pl.DataFrame:
    """Each household's first allocations: the day its credit first opened and the wave(s)."""
    first_day = alloc.group_by("household_id").agg(first_day=pl.col("opens_on").min())
    return alloc.join(
        first_day, left_on=["household_id", "opens_on"], right_on=["household_id", "first_day"]
    ).select("household_id", pl.col("opens_on").alias("first_day"), "wave_id", *AREA, "members")


def _sums(rows: pl.DataFrame, keys: list[str], **measures: pl.Expr) -> pl.DataFrame:
    return rows.group_by(keys).agg(**{k: e.cast(pl.Int64) for k, e in measures.items()})


def _daily(alloc, first, buys, first_buy) -> list[pl.DataFrame]:
    once = first.unique("household_id").rename({"first_day": "day"})
    buyers = first_buy.with_columns(day=pl.col("first_at").dt.date())
    return [
        _sums(
            alloc.rename({"opens_on": "day"}),
            DAILY_KEYS,
            released_toman=pl.col("amount_toman").sum(),
        ),
        _sums(once, DAILY_KEYS, new_households=pl.len(), new_members=pl.col("members").sum()),
        _sums(
            buys,
            DAILY_KEYS,
            purchases=pl.len(),
            credit_toman=pl.col("credit_toman").sum(),
            cash_toman=pl.col("cash_toman").sum(),
        ),
        _sums(buyers, DAILY_KEYS, new_buyers=pl.len()),
    ]


def _waves(first: pl.DataFrame, first_buy: pl.DataFrame) -> list[pl.DataFrame]:
    opened = first.filter(pl.col("wave_id").is_not_null())
    keys = KEYS["rollup_waves"]
    since = (pl.col("first_at").dt.date() - pl.col("first_day")).dt.total_days()
    bought = opened.join(
        first_buy.select("household_id", "first_at"), on="household_id"
    ).with_columns(days_since=since)
    return [
        _sums(opened.with_columns(days_since=pl.lit(0)), keys, households=pl.len()),
        _sums(bought, keys, buyers=pl.len()),
    ]


def _items(buys: pl.DataFrame, baskets: pl.DataFrame) -> pl.DataFrame:
    """Each purchase's value spread over its basket's items by their shares (per mille): one
    column of weighted sums per item, not a row per purchase and item."""
    keys = KEYS["rollup_items"][:-1]
    shares = baskets.pivot(on="item", index="basket_id", values="share_permille")
    items = shares.columns[1:]
    value = pl.col("credit_toman") + pl.col("cash_toman")
    spread = (
        buys.select(*keys, "basket_id", value=value)
        .join(shares, on="basket_id")
        .group_by(keys)
        .agg(  # null where no basket of the group holds the item (no row, as in rollup_items)
            pl.when(pl.col(i).count() > 0).then((pl.col("value") * pl.col(i)).sum()).alias(i)
            for i in items
        )
    )
    return (
        spread.unpivot(items, index=keys, variable_name="item", value_name="value_toman_permille")
        .drop_nulls("value_toman_permille")
        .cast({"value_toman_permille": pl.Int64})
    )


def _balance(alloc: pl.DataFrame, buys: pl.DataFrame) -> list[pl.DataFrame]:
    """Released credit by opening day and month; consumed credit, oldest month first (FIFO).

    The part of a purchase's span of cumulative spending [before, before + credit) that
    overlaps an allocation's span of cumulative credit [start, start + amount) is consumed from
    that allocation's month.
    """
    keys = KEYS["rollup_balance"]
    released = _sums(
        alloc.rename({"opens_on": "day"}), keys, released_toman=pl.col("amount_toman").sum()
    )
    credit = (  # sorted on the columns used only: a sort moves every column it carries
        alloc.select("household_id", "opens_on", "month", "amount_toman")
        .sort("household_id", "opens_on", "month")
        .with_columns(stop=pl.col("amount_toman").cum_sum().over("household_id"))
        .select("household_id", "month", "stop", start=pl.col("stop") - pl.col("amount_toman"))
    )
    where = ["day", "province_code", "county_id"]
    spent = (
        buys.select("household_id", "purchased_at", "id", *where, "credit_toman")
        .sort("household_id", "purchased_at", "id")
        .with_columns(after=pl.col("credit_toman").cum_sum().over("household_id"))
        .select("household_id", *where, "after", before=pl.col("after") - pl.col("credit_toman"))
    )
    overlap = spent.join(credit, on="household_id").filter(
        (pl.col("start") < pl.col("after")) & (pl.col("before") < pl.col("stop"))
    )
    consumed = pl.min_horizontal("after", "stop") - pl.max_horizontal("before", "start")
    return [released, _sums(overlap, keys, consumed_toman=consumed.sum())]
