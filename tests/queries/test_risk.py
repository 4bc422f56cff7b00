"""The store-risk scan on the test database, both databases: its sums against raw purchases,
the cut_selling flag against an independent computation, and the sample's planted stores at
the top (precision at 10, recall)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import db, risk
from dashboard.filters import Filters
from dashboard.sample import planting, purchases
from queries import risk as queries_risk
from tests.populate import EDGE_STORE, PROVINCE, SEED

LAST_DAY = dt.date(2026, 5, 5)
VIEWS = {
    "country": Filters(as_of=LAST_DAY),
    "province, a month back": Filters(as_of=dt.date(2026, 4, 5), province="IR-15"),
    "edge province": Filters(as_of=LAST_DAY, province=PROVINCE),
    "before the programme": Filters(as_of=dt.date(2025, 12, 1)),
}
CUT = ("suspended", "terminated")


def _scan(url: str, f: Filters) -> pl.DataFrame:
    with db.make_engine(url).connect() as conn:
        return queries_risk.scan(conn, f)


def _in_area(raw: dict, f: Filters) -> pl.DataFrame:
    counties = raw["counties"]
    if f.province:
        counties = counties.filter(pl.col("province_code") == f.province)
    return raw["stores"].filter(pl.col("county_id").is_in(counties["id"].implode()))


def _bought(raw: dict, f: Filters) -> pl.DataFrame:
    """The raw purchases at the area's stores before the as-of moment."""
    stores = _in_area(raw, f)
    return raw["purchases"].filter(
        pl.col("store_id").is_in(stores["id"].implode()), pl.col("purchased_at") < f.moment
    )


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_every_store_s_sums_are_its_raw_purchases(db_url: str, raw: dict, view: Filters) -> None:
    got = _scan(db_url, view).sort("store_id")
    bought = _bought(raw, view)
    hour = pl.col("purchased_at").dt.hour()
    want = (
        bought.group_by("store_id")
        .agg(
            purchases=pl.len(),
            credit_toman=pl.col("credit_toman").sum(),
            night=((hour < 7) | (hour >= 23)).sum(),
        )
        .sort("store_id")
    )
    assert got["store_id"].to_list() == want["store_id"].to_list()
    assert got["purchases"].to_list() == want["purchases"].to_list()
    assert got["credit_toman"].to_list() == want["credit_toman"].to_list()
    nights = (got["night_figure"] * got["purchases"]).round().cast(pl.Int64)
    assert nights.to_list() == want["night"].to_list()


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_cut_selling_is_a_cut_store_that_sold_on_or_after_its_cut(
    db_url: str, raw: dict, view: Filters
) -> None:
    bought = _bought(raw, view)
    cut = _in_area(raw, view).filter(
        pl.col("status").is_in(CUT), pl.col("status_since") <= view.as_of
    )
    want = (
        bought.join(cut, left_on="store_id", right_on="id")
        .filter(pl.col("purchased_at").dt.date() >= pl.col("status_since"))["store_id"]
        .unique()
        .sort()
        .to_list()
    )
    with db.make_engine(db_url).connect() as conn:
        exported = queries_risk.export(conn, view)
    got = exported.filter(pl.col("flags").str.split(";").list.contains("cut_selling"))
    assert got["store_id"].sort().to_list() == want
    assert list(exported.columns) == list(queries_risk.EXPORT_COLUMNS)
    scores = exported["score"].to_list()
    assert scores == sorted(scores, reverse=True)
    codes = {c for flags in exported["flags"] for c in flags.split(";") if c}
    assert codes <= set(risk.PATTERNS)


def test_a_county_view_holds_the_province_s_verdicts(db_url: str) -> None:
    province = _scan(db_url, Filters(as_of=LAST_DAY, province="IR-15"))
    county = province["county_id"].mode()[0]
    view = _scan(db_url, Filters(as_of=LAST_DAY, province="IR-15", county=county))
    same = province.filter(pl.col("county_id") == county).select("store_id", "score", "flags")
    assert view.select("store_id", "score", "flags").equals(same)
    assert 0 < view.height < province.height


def test_the_planted_stores_rank_first(db_url: str, raw: dict) -> None:
    """The stores the sample generator planted (asked of planting.plan, as nothing stores
    them) fill the top of the national scan."""
    generated = raw["stores"].filter(pl.col("id") < EDGE_STORE)  # populate's own come after
    planted = planting.plan(generated, SEED, purchases.FIRST_WAVE)
    ids = {i for chosen in planted.values() for i in chosen}
    scanned = _scan(db_url, Filters(as_of=LAST_DAY))
    present = ids & set(scanned["store_id"])
    top = scanned.head(10)["store_id"].to_list()
    precision = sum(i in ids for i in top) / 10
    flagged = set(scanned.filter(pl.col("score") > 0)["store_id"])
    recall = len(present & flagged) / len(present)
    print(f"planted {len(ids)}, with purchases {len(present)}: precision@10 {precision:.2f}, "
          f"recall {recall:.2f}, flagged {len(flagged)}")  # fmt: skip
    assert precision == 1.0
    assert recall >= 0.75
    assert len(flagged - ids) <= len(ids)  # fewer stores flagged by chance than planted


def test_one_store_up_close_reads_its_raw_purchases(db_url: str, raw: dict) -> None:
    f = Filters(as_of=dt.date(2026, 4, 5), province="IR-15")
    scanned = _scan(db_url, f)
    store = scanned.row(0, named=True)
    mine = _bought(raw, f).filter(pl.col("store_id") == store["store_id"])
    with db.make_engine(db_url).connect() as conn:
        hours = queries_risk.by_hour(conn, store["store_id"], f)
        days = queries_risk.store_days(conn, store["store_id"], f)
        peers = queries_risk.peer_ids(scanned, store)
        average = queries_risk.peer_days(conn, tuple(peers), f)
    by_hour = mine.group_by(hour=pl.col("purchased_at").dt.hour()).len()
    want = dict(zip(by_hour["hour"], by_hour["len"], strict=True))
    assert hours["purchases"].to_list() == [want.get(h, 0) for h in range(24)]
    by_day = mine.group_by(day=pl.col("purchased_at").dt.date()).agg(pl.col("credit_toman").sum())
    assert days.select("day", "credit_toman").sort("day").equals(by_day.sort("day"))
    weeks = queries_risk.store_weeks(days)
    assert weeks["purchases"].sum() == mine.height == store["purchases"]
    assert (weeks["week"].diff().drop_nulls() == dt.timedelta(weeks=1)).all()
    theirs = _bought(raw, f).filter(pl.col("store_id").is_in(peers))
    first = average["day"].min()
    span = (f.as_of - first).days + 1
    total = theirs.filter(pl.col("purchased_at").dt.date() >= first)["credit_toman"].sum()
    assert average.height == span
    assert average["credit_toman"].sum() == pytest.approx(total / len(peers))
