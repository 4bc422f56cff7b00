"""Purchases: decile-dependent reach and uptake, waves, rollover, top-ups; vectorised."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from dashboard import geography
from dashboard.sample import planting
from dashboard.schema import CUT_STATUSES

N_BASKETS = 60
ITEM_WEIGHTS = {  # rough share of the basket by value
    "chicken": 18, "eggs": 8, "red_meat": 16, "legumes": 6, "sugar": 6, "cooking_oil": 12,
    "pasta": 5, "rice": 17, "milk": 4, "yogurt": 4, "cheese": 4,
}  # fmt: skip
TOMAN_PER_VISIT = 1_800_000
FIRST_WAVE = dt.date(2026, 1, 7)
NEAR = 5  # the stores nearest to a household's place it may shop at


def baskets(rng: np.random.Generator) -> pl.DataFrame:
    """N_BASKETS typical baskets: per-mille shares of the 11 items, each basket adding to 1000."""
    codes = list(ITEM_WEIGHTS)
    alpha = np.array([ITEM_WEIGHTS[c] for c in codes], dtype=float) / 4
    shares = rng.dirichlet(alpha, N_BASKETS)
    permille = np.floor(shares * 1000).astype(np.int64)
    permille[:, 0] += 1000 - permille.sum(axis=1)
    return pl.DataFrame(
        {
            "basket_id": np.repeat(np.arange(1, N_BASKETS + 1), len(codes)),
            "item": codes * N_BASKETS,
            "share_permille": permille.reshape(-1),
        }
    ).filter(pl.col("share_permille") > 0)


def purchases(
    rng: np.random.Generator,
    households: pl.DataFrame,
    allocations: pl.DataFrame,
    stores: pl.DataFrame,
    end: dt.date,
    first_id: int,
    places: pl.DataFrame,
    planted: dict[str, list[int]],
) -> pl.DataFrame:
    """Purchases of one batch of households up to the end of the day end: none at a store
    from the day its terminal is cut (but at the stores planted to sell on), and the planted
    stores' patterns (dashboard.sample.planting)."""
    # purchases go to the stores that joined by the first wave
    ordered = (
        stores.filter(pl.col("joined_on") <= FIRST_WAVE)
        .sort("county_id", "place_id", "id")
        .with_row_index("pos")
    )
    by_county = ordered.group_by("county_id").agg(c_start=pl.col("pos").min(), c_n=pl.len())
    by_place = ordered.group_by("place_id").agg(p_start=pl.col("pos").min(), p_n=pl.len())
    store_ids = ordered["id"].to_numpy()

    hh = (
        households.join(by_county, on="county_id", how="left")
        .join(by_place, on="place_id", how="left")
        .filter(pl.col("c_n").is_not_null())
        .join(
            places.select(pl.col("id").alias("place_id"), "lat", "lon"),
            on="place_id",
            how="left",
            maintain_order="left",
        )  # fmt: skip
    )
    # the NEAR stores nearest to each household's place: where it shops away from home
    near = geography.nearest_indexes(
        hh["lat"].to_numpy(), hh["lon"].to_numpy(),
        ordered["lat"].to_numpy(), ordered["lon"].to_numpy(), NEAR,
    )  # fmt: skip
    n = hh.height
    decile = hh["decile"].to_numpy().astype(float)
    grp = hh["grp"].to_numpy()
    reach = 0.97 - 0.035 * (decile - 1)
    reach *= np.select([grp == "removed", grp == "employee", grp == "retiree"], [0.6, 0.9, 0.95], 1)
    county_codes, county_index = np.unique(hh["county_id"].to_numpy(), return_inverse=True)
    reach *= rng.uniform(0.8, 1.0, len(county_codes))[county_index]  # some counties lag
    buyer = rng.random(n) < reach
    # the home store: a shop of the household's own place when there is one, else one of the
    # three nearest
    p_start = hh["p_start"].fill_null(-1).to_numpy()
    p_n = hh["p_n"].fill_null(0).to_numpy()
    in_place = p_n > 0
    home = np.where(
        in_place,
        p_start + np.floor(rng.random(n) * np.maximum(p_n, 1)),
        near[np.arange(n), rng.integers(0, 3, n)],
    ).astype(np.int64)
    people = pl.DataFrame(
        {
            "household_id": hh["id"].to_numpy(),
            "buyer": buyer,
            "decile": decile,
            "home": home,
            "row": np.arange(n),
            "p_start": p_start,
            "p_n": p_n,
            "spend_mean": 0.95 - 0.03 * (decile - 1),
            "delay_mean": 1.5 + 0.6 * decile,
            "topup_p": 0.1 + 0.04 * decile,
        }
    ).filter(pl.col("buyer"))
    months = allocations.join(people, on="household_id", how="inner")
    m = months.height
    first_month = months["month"].to_numpy() == months["month"].min()
    active = rng.random(m) < 0.92
    mean = months["spend_mean"].to_numpy()
    spend_share = rng.beta(mean * 8, (1 - mean) * 8)
    spend = np.floor(months["amount_toman"].to_numpy() * spend_share * active / 100) * 100
    visits = np.minimum(1 + rng.poisson(spend / TOMAN_PER_VISIT), 8) * (spend > 0)
    delay = rng.exponential(np.where(first_month, months["delay_mean"].to_numpy(), 3.0))
    months = months.with_columns(
        visits=pl.Series(visits, dtype=pl.Int64),
        spend=pl.Series(spend, dtype=pl.Int64),
        delay=pl.Series(np.floor(delay).astype(np.int64)),
    ).filter(pl.col("visits") > 0)
    # a row per visit: each month's row repeated, one run per (household, month)
    visits = months["visits"].to_numpy()
    rows = months[np.repeat(np.arange(months.height), visits)]
    k = rows.height
    weights = rng.exponential(1.0, k)
    rows = rows.with_columns(w=pl.Series(weights))
    rows = rows.with_columns(w=pl.col("w") / pl.col("w").sum().over("household_id", "month"))
    first_visit = np.zeros(k, dtype=bool)
    first_visit[np.cumsum(visits) - visits] = True
    days = rows["delay"].to_numpy() + np.where(first_visit, 0, rng.integers(0, 29, k))
    seconds = days * 86400 + rng.integers(8 * 3600, 22 * 3600, k)
    at = rows["opens_on"].cast(pl.Datetime("us")) + pl.Series(seconds * 1_000_000).cast(
        pl.Duration("us")
    )
    credit = np.floor(rows["spend"].to_numpy() * rows["w"].to_numpy() / 100) * 100
    topup = rng.random(k) < rows["topup_p"].to_numpy()
    cash = np.where(topup, np.round(credit * rng.lognormal(-1.4, 0.8, k) / 100) * 100, 0)
    # a fifth of the visits go elsewhere: another store of the household's place where it has
    # two or more (a city's households are all at one point), else one of the nearest
    elsewhere = rng.random(k) < 0.2
    around = near[rows["row"].to_numpy()]  # each visit's household's nearest stores
    row_start, row_n = rows["p_start"].to_numpy(), rows["p_n"].to_numpy()
    other = np.where(
        row_n > 1,
        row_start + np.floor(rng.random(k) * np.maximum(row_n, 1)),
        around[np.arange(k), rng.integers(0, NEAR, k)],
    )
    pos = np.where(elsewhere, other, rows["home"].to_numpy()).astype(np.int64)
    pos, closed = _away_from_cut(rng, ordered, pos, at, around, row_start, row_n, planted)
    frame = pl.DataFrame(
        {
            "household_id": rows["household_id"],
            "store_id": store_ids[pos],
            "purchased_at": at,
            "credit_toman": credit.astype(np.int64),
            "cash_toman": cash.astype(np.int64),
            "basket_id": rng.integers(1, N_BASKETS + 1, k),
        }
    )
    moment = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    frame = frame.filter(
        (pl.col("purchased_at") < moment) & (pl.col("credit_toman") > 0) & ~pl.Series(closed)
    )
    frame = planting.plant(rng, frame, hh.select("id", "county_id", "place_id"), allocations,
                           stores, places, planted)  # fmt: skip
    frame = frame.sort("purchased_at", "household_id")
    return frame.with_columns(id=pl.int_range(first_id, first_id + frame.height, dtype=pl.Int64))


def _away_from_cut(rng, ordered, pos, at, around, row_start, row_n, planted):
    """pos with the purchases made at a store on or after the day of its cut moved to another
    store of the household's place where it has two or more, else near it (up to three draws;
    the planted cut_selling stores keep theirs), and which still found none (left out)."""
    cut_day = (
        ordered.select(
            pl.when(
                pl.col("status").is_in(CUT_STATUSES) & ~pl.col("id").is_in(planted["cut_selling"])
            )
            .then(pl.col("status_since"))
            .otherwise(dt.date.max)
        )
        .to_series()
        .to_numpy()
    )
    day = at.dt.date().to_numpy()
    pos = pos.copy()
    for _ in range(3):
        closed = day >= cut_day[pos]
        if not closed.any():
            break
        in_place = closed & (row_n > 1)
        pos[in_place] = row_start[in_place] + np.floor(
            rng.random(in_place.sum()) * row_n[in_place]
        ).astype(np.int64)
        away = closed & (row_n <= 1)
        pos[away] = around[away, rng.integers(0, NEAR, away.sum())]
    return pos, day >= cut_day[pos]
