"""rollup_daily against the raw tables it is built from."""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

from dashboard import db, schema
from dashboard.rows import read_rows

KEYS = ["province_code", "county_id", "decile", "grp"]


def _rollup(url: str) -> pl.DataFrame:
    with db.make_engine(url).connect() as conn:
        r = schema.rollup_daily
        return read_rows(conn, sa.select(r)).with_columns(
            pl.col("day").cast(pl.String).str.to_date(), pl.col("county_id").cast(pl.Int64)
        )


def test_rollup_sums_equal_raw_sums(db_url: str, raw: dict) -> None:
    rollup = _rollup(db_url)
    hh = raw["households"].join(
        raw["counties"].select("id", "province_code"), left_on="county_id", right_on="id"
    )
    alloc = raw["allocations"].join(hh, left_on="household_id", right_on="id")
    buys = raw["purchases"].join(hh, left_on="household_id", right_on="id")
    want = (
        alloc.group_by(KEYS)
        .agg(released_toman=pl.col("amount_toman").sum())
        .join(
            hh.filter(pl.col("id").is_in(alloc["household_id"].implode()))
            .group_by(KEYS)
            .agg(new_households=pl.len(), new_members=pl.col("members").sum()),
            on=KEYS,
            how="full",
            coalesce=True,
        )
        .join(
            buys.group_by(KEYS).agg(
                purchases=pl.len(),
                credit_toman=pl.col("credit_toman").sum(),
                cash_toman=pl.col("cash_toman").sum(),
                new_buyers=pl.col("household_id").n_unique(),
            ),
            on=KEYS,
            how="full",
            coalesce=True,
        )
        .fill_null(0)
    )
    got = rollup.group_by(KEYS).agg(pl.exclude("day").sum())
    measures = [c for c in want.columns if c not in KEYS]
    joined = want.join(got, on=KEYS, how="full", coalesce=True, suffix="_got").fill_null(0)
    assert joined.height == want.height
    for m in measures:
        assert (joined[m] == joined[f"{m}_got"]).all(), m


def test_first_occurrences_fall_on_the_first_day(db_url: str, raw: dict) -> None:
    rollup = _rollup(db_url)
    first_buy = (
        raw["purchases"]
        .group_by("household_id")
        .agg(day=pl.col("purchased_at").min().dt.date())
        .group_by("day")
        .agg(buyers=pl.len())
    )
    first_open = (
        raw["allocations"]
        .group_by("household_id")
        .agg(day=pl.col("opens_on").min())
        .group_by("day")
        .agg(households=pl.len())
    )
    by_day = rollup.group_by("day").agg(pl.col("new_buyers").sum(), pl.col("new_households").sum())
    check = by_day.join(first_buy, on="day", how="left").join(first_open, on="day", how="left")
    assert (check["new_buyers"] == check["buyers"].fill_null(0)).all()
    assert (check["new_households"] == check["households"].fill_null(0)).all()
    assert check["new_buyers"].sum() == raw["purchases"]["household_id"].n_unique()


def test_balance_rollup_consumes_exactly_what_was_spent(db_url: str, raw: dict) -> None:
    with db.make_engine(db_url).connect() as conn:
        b = schema.rollup_balance
        consumed = conn.execute(sa.select(sa.func.sum(b.c.consumed_toman))).scalar_one()
        released = conn.execute(sa.select(sa.func.sum(b.c.released_toman))).scalar_one()
    assert int(consumed) == raw["purchases"]["credit_toman"].sum()
    assert int(released) == raw["allocations"]["amount_toman"].sum()


def test_sums_to_date_cumulate_the_daily_rollup(db_url: str) -> None:
    """rollup_to_date on a day holds, per province x decile x group, the daily rollup summed
    over counties and every day up to it; every such key appears on every day."""
    daily = _rollup(db_url)
    with db.make_engine(db_url).connect() as conn:
        t = schema.rollup_to_date
        to_date = read_rows(conn, sa.select(t)).with_columns(
            pl.col("day").cast(pl.String).str.to_date()
        )
    keys = ["province_code", "decile", "grp"]
    measures = [c for c in to_date.columns if c not in ("day", *keys)]
    first, last = daily["day"].min(), daily["day"].max()
    assert to_date.group_by("day").len()["len"].unique().to_list() == [
        daily.select(keys).unique().height
    ]
    assert (to_date["day"].min(), to_date["day"].max()) == (first, last)
    for day in (first, first + (last - first) / 2, last):
        want = (
            daily.filter(pl.col("day") <= day).group_by(keys).agg(pl.col(measures).sum()).sort(keys)
        )
        got = to_date.filter(day=day).select(*keys, *measures).sort(keys)
        got = got.filter(pl.any_horizontal(pl.col(m) != 0 for m in measures))
        assert got.cast(want.schema).equals(want), day
