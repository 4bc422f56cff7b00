"""Each store-risk pattern alone on hand-made purchases: the store that shows it is found, and
a clean store of the same volume beside it is not (dashboard.risk_marks and dashboard.risk)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import risk, risk_words
from dashboard import risk_marks as rm
from dashboard.settings import Settings, defaults

SETTINGS = Settings.of(defaults())
RULES = rm.Rules.of(SETTINGS)
START = dt.datetime(2026, 2, 1, 10)
AS_OF = dt.date(2026, 3, 31)
CLEAN = list(range(1, 7))  # six ordinary shops: the peers
PATTERNED, TWIN = 7, 8  # the store with the pattern, and a clean one of the same volume
HOME, FAR_AWAY = 1, 2  # the town where the stores are, and a place 100 km off
PER_STORE = 20  # households per store, two purchases each


def _stores(status: dict[int, tuple[str, dt.date]] | None = None) -> pl.DataFrame:
    ids = [*CLEAN, PATTERNED, TWIN]
    status = status or {}
    return pl.DataFrame(
        {
            "id": ids,
            "lat": [33.50 + 0.001 * i for i in ids],
            "lon": [48.35] * len(ids),
            "status": [status.get(i, ("active", None))[0] for i in ids],
            "status_since": [status.get(i, ("active", None))[1] for i in ids],
        },
        schema_overrides={"status_since": pl.Date},
    )


PLACES = pl.DataFrame({"id": [HOME, FAR_AWAY], "lat": [33.5, 34.4], "lon": [48.35, 48.35]})


def _ordinary(store: int) -> list[dict]:
    """Two daytime purchases for each of the store's households, neither round nor draining."""
    rows = []
    for h in range(PER_STORE):
        household = store * 1000 + h
        for visit in range(2):
            rows.append({
                "household_id": household, "store_id": store,
                "purchased_at": START + dt.timedelta(days=2 * h + 20 * visit, hours=visit),
                "credit_toman": 1_234_500 + 1_300 * h, "cash_toman": 150_000 * (h % 3),
            })  # fmt: skip
    return rows


def _scan(rows: list[dict], far: set[int] = frozenset(), status=None, credit=5_000_000):
    """The scan of the given purchases (ids in order), households living at home unless in
    far, each with one allocation of credit opened before the first purchase."""
    purchases = pl.DataFrame(rows).with_row_index("id", offset=1).cast({"id": pl.Int64})
    ids = purchases["household_id"].unique().sort()
    households = pl.DataFrame(
        {"id": ids, "place_id": [FAR_AWAY if i in far else HOME for i in ids]}
    )
    allocations = pl.DataFrame(
        {"household_id": ids, "opens_on": dt.date(2026, 1, 7), "amount_toman": credit}
    )
    stores = _stores(status)
    days = rm.marks(households, allocations, purchases, stores, PLACES, RULES)
    bursts = rm.bursts(purchases, RULES)
    cut = stores.filter(pl.col("status") != "active")
    totals = (
        days.join(bursts, on=["store_id", "day"], how="left")
        .with_columns(pl.col("burst").fill_null(0))
        .join(cut.select(pl.col("id").alias("store_id"), "status_since"), on="store_id", how="left")
        .group_by("store_id")
        .agg(
            pl.col(*rm.MEASURES, "burst").sum(),
            first_day=pl.col("day").min(),
            cut_purchases=pl.col("purchases").filter(pl.col("day") >= pl.col("status_since")).sum(),
            cut_credit_toman=pl.col("credit_toman")
            .filter(pl.col("day") >= pl.col("status_since"))
            .sum(),
        )
    )
    frame = totals.join(stores.rename({"id": "store_id"}), on="store_id").with_columns(
        name=pl.format("shop {}", "store_id"), kind=pl.lit("small_shop"), setting=pl.lit("city"),
        county_id=pl.lit(1), province_code=pl.lit("IR-15"),
    )  # fmt: skip
    scanned = risk.scan(frame.select(risk.STORES), SETTINGS, AS_OF)
    return dict(zip(scanned["store_id"], scanned["flags"], strict=True)), scanned


def _peers() -> list[dict]:
    return [r for s in (*CLEAN, TWIN) for r in _ordinary(s)]


def _shifted(rows: list[dict], **change) -> list[dict]:
    return [r | change for r in rows]


def test_ordinary_stores_raise_nothing() -> None:
    flags, scanned = _scan(_peers() + _ordinary(PATTERNED))
    assert set(flags.values()) == {""}
    assert scanned["score"].to_list() == [0.0] * 8


def test_draining_the_whole_balance() -> None:
    rows = _ordinary(PATTERNED)
    first = {r["household_id"]: r["credit_toman"] for r in rows[0::2]}
    for r in rows[1::2]:  # every household's second purchase takes what the first left
        r["credit_toman"] = 3_000_000 - first[r["household_id"]]
        r["cash_toman"] = 0
    twin = _ordinary(TWIN)  # the same volume, the balance left alone
    clean = [r for s in CLEAN for r in _ordinary(s)]
    flags, scanned = _scan(clean + twin + rows, credit=3_000_000)
    assert flags[PATTERNED] == "drain"
    assert flags[TWIN] == ""
    row = scanned.filter(pl.col("store_id") == PATTERNED).row(0, named=True)
    assert row["drain_figure"] == 0.5 and row["drain_peers"] == 0.0


def test_round_credit_only_purchases() -> None:
    rows = [r | {"credit_toman": 1_000_000, "cash_toman": 0} for r in _ordinary(PATTERNED)]
    flags, _ = _scan(_peers() + rows)
    assert flags[PATTERNED] == "round" and flags[TWIN] == ""


def test_repeated_swipes_within_minutes() -> None:
    rows = _ordinary(PATTERNED)
    for r in rows[1::2]:  # the second swipe three minutes after the first
        r["purchased_at"] = rows[rows.index(r) - 1]["purchased_at"] + dt.timedelta(minutes=3)
    flags, scanned = _scan(_peers() + rows)
    assert flags[PATTERNED] == "repeat" and flags[TWIN] == ""
    assert scanned.filter(pl.col("store_id") == PATTERNED)["repeat_figure"][0] == 0.5


def test_a_burst_of_cards() -> None:
    rows = _ordinary(PATTERNED)
    burst_at = dt.datetime(2026, 3, 10, 13, 0)
    for i, r in enumerate(rows[1::2][:12]):  # twelve households' cards within ten minutes
        r["purchased_at"] = burst_at + dt.timedelta(seconds=40 * i)
    flags, scanned = _scan(_peers() + rows)
    assert flags[PATTERNED] == "burst" and flags[TWIN] == ""
    assert scanned.filter(pl.col("store_id") == PATTERNED)["burst_figure"][0] == 12 / 40


def test_five_cards_in_a_slot_are_no_burst() -> None:
    rows = _ordinary(PATTERNED)
    for i, r in enumerate(rows[1::2][: RULES.burst_cards - 1]):
        r["purchased_at"] = dt.datetime(2026, 3, 10, 13, 0) + dt.timedelta(seconds=40 * i)
    flags, _ = _scan(_peers() + rows)
    assert flags[PATTERNED] == ""


def test_buyers_living_far_away() -> None:
    rows = _ordinary(PATTERNED)
    far = {r["household_id"] for r in rows[: 2 * 15]}  # 15 of its 20 households
    flags, scanned = _scan(_peers() + rows, far=far)
    assert flags[PATTERNED] == "far" and flags[TWIN] == ""
    assert scanned.filter(pl.col("store_id") == PATTERNED)["far_figure"][0] == 0.75


def test_purchases_at_closed_hours() -> None:
    rows = _ordinary(PATTERNED)
    for r in rows[:30]:
        r["purchased_at"] = r["purchased_at"].replace(hour=2)
    flags, _ = _scan(_peers() + rows)
    assert flags[PATTERNED] == "night" and flags[TWIN] == ""


def test_a_few_night_purchases_are_not_a_pattern() -> None:
    rows = _ordinary(PATTERNED)
    for r in rows[:3]:  # 3 of 40: chance, given the peers' floor share
        r["purchased_at"] = r["purchased_at"].replace(hour=23, minute=30)
    flags, scanned = _scan(_peers() + rows)
    assert flags[PATTERNED] == ""
    assert scanned.filter(pl.col("store_id") == PATTERNED)["night_figure"][0] == 3 / 40


def test_sales_out_of_scale() -> None:
    rows = [
        r
        | {
            "household_id": r["household_id"] + 100 * k,
            "purchased_at": r["purchased_at"] + dt.timedelta(hours=k),
        }
        for k in range(6)
        for r in _ordinary(PATTERNED)
    ]  # six times the households of any other shop
    flags, scanned = _scan(_peers() + rows)
    assert flags[PATTERNED] == "volume"
    assert all(flags[s] == "" for s in (*CLEAN, TWIN))
    row = scanned.filter(pl.col("store_id") == PATTERNED).row(0, named=True)
    assert row["volume_figure"] / row["volume_peers"] == pytest.approx(6, rel=0.05)


def test_a_cut_store_still_selling() -> None:
    cut_on = dt.date(2026, 2, 25)
    after_last = max(r["purchased_at"] for r in _ordinary(TWIN)).date() + dt.timedelta(days=1)
    status = {PATTERNED: ("terminated", cut_on), TWIN: ("terminated", after_last)}
    flags, scanned = _scan(_peers() + _ordinary(PATTERNED), status=status)
    assert flags[PATTERNED] == "cut_selling"
    assert flags[TWIN] == ""  # cut after its last sale
    sold = [r for r in _ordinary(PATTERNED) if r["purchased_at"].date() >= cut_on]
    row = scanned.filter(pl.col("store_id") == PATTERNED).row(0, named=True)
    assert row["cut_selling_figure"] == len(sold) > 0


def test_two_patterns_rank_above_one() -> None:
    rows = [r | {"credit_toman": 1_000_000, "cash_toman": 0} for r in _ordinary(PATTERNED)]
    for r in rows[:30]:
        r["purchased_at"] = r["purchased_at"].replace(hour=2)
    night_only = _ordinary(TWIN)
    for r in night_only[:30]:
        r["purchased_at"] = r["purchased_at"].replace(hour=2)
    clean = [r for s in CLEAN for r in _ordinary(s)]
    flags, scanned = _scan(clean + night_only + rows)
    assert flags[PATTERNED] == "round;night" and flags[TWIN] == "night"
    assert scanned["store_id"].to_list()[:2] == [PATTERNED, TWIN]


def _at_night(rows: list[dict]) -> list[dict]:
    for r in rows[:30]:
        r["purchased_at"] = r["purchased_at"].replace(hour=2)
    return rows


def test_a_store_with_one_peer_is_set_against_it_alone() -> None:
    """Two shops of a kind in the whole province: a median of the two would be half the
    store's own share; the other shop alone is its peer."""
    flags, scanned = _scan(_ordinary(TWIN) + _at_night(_ordinary(PATTERNED)))
    assert flags == {PATTERNED: "night", TWIN: ""}
    row = scanned.filter(pl.col("store_id") == PATTERNED).row(0, named=True)
    assert row["night_peers"] == 0.0 and row["peer_area"] == "province"


def test_a_store_alone_of_its_kind_is_set_against_the_floor() -> None:
    flags, scanned = _scan(_at_night(_ordinary(PATTERNED)))
    assert flags == {PATTERNED: "night"}
    row = scanned.row(0, named=True)
    assert row["peer_area"] == "none" and not row["volume_raised"]
    reasons = risk_words.reasons(row, SETTINGS, "en")
    assert reasons == [
        "75% of its purchases were made at closed hours (23:00 to 07:00); no store of its kind"
        " in the province; compared with the least share: 2%"
    ]
