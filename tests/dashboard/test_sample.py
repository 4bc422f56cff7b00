"""The sample generator: deterministic, and shaped like the programme it imitates."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import numpy as np
import polars as pl

from dashboard import calendar, sample, setup
from dashboard.sample import tasks

REF = setup.reference_tables()
BUILT = dt.date(2026, 11, 20)  # the day the sample is built: its tasks are dated around it


def _tables(seed: int) -> dict[str, pl.DataFrame]:
    tables: dict[str, list[pl.DataFrame]] = {}
    with mock.patch.object(calendar, "now", return_value=dt.datetime.combine(BUILT, dt.time(9))):
        for name, rows in sample.generate(sample.PRESETS["tiny"], seed, REF):
            tables.setdefault(name, []).append(rows)
    return {name: pl.concat(parts) for name, parts in tables.items()}


FIRST = _tables(3)


def test_same_seed_same_data() -> None:
    again = _tables(3)
    for name, rows in FIRST.items():
        assert rows.equals(again[name]), name


def test_other_seed_other_data() -> None:
    assert not FIRST["purchases"].equals(_tables(4)["purchases"])


def test_purchases_respect_credit_and_waves() -> None:
    buys, alloc = FIRST["purchases"], FIRST["allocations"]
    first_open = alloc.group_by("household_id").agg(pl.col("opens_on").min())
    early = buys.join(first_open, on="household_id").filter(
        pl.col("purchased_at") < pl.col("opens_on").cast(pl.Datetime("us"))
    )
    assert early.height == 0, "nobody buys before their wave opens"
    spent = buys.group_by("household_id").agg(pl.col("credit_toman").sum())
    over = spent.join(
        alloc.group_by("household_id").agg(pl.col("amount_toman").sum()), on="household_id"
    ).filter(pl.col("credit_toman") > pl.col("amount_toman"))
    assert over.height == 0, "nobody spends more credit than was released"
    assert buys["purchased_at"].max() < dt.datetime(2026, 5, 6)


def test_poorer_deciles_buy_more() -> None:
    buyers = FIRST["purchases"]["household_id"].unique().implode()
    reach = FIRST["households"].group_by("decile").agg(pl.col("id").is_in(buyers).mean())
    low = reach.filter(pl.col("decile") <= 3)["id"].mean()
    high = reach.filter(pl.col("decile") >= 8)["id"].mean()
    assert low > high


def test_chain_stores_in_towns_small_shops_in_villages() -> None:
    kinds = FIRST["stores"].join(
        REF["places"].select("id", pl.col("kind").alias("place_kind")),
        left_on="place_id",
        right_on="id",
    )
    assert set(kinds.filter(kind="chain")["place_kind"]) == {"city"}
    assert "village" in set(kinds.filter(kind="small_shop")["place_kind"])
    villages = REF["places"].filter(
        pl.col("kind") == "village",
        pl.col("county_id").is_in(FIRST["households"]["county_id"].unique().implode()),
    )
    uncovered = villages.filter(~pl.col("id").is_in(FIRST["stores"]["place_id"].implode()))
    assert 0 < uncovered.height < villages.height


def test_most_complaints_meet_the_target_some_miss() -> None:
    c = FIRST["complaints"].drop_nulls("dispatched_at")
    hours = (c["dispatched_at"] - c["filed_at"]).dt.total_minutes() / 60
    late = (hours > 24).mean()
    assert 0.02 < late < 0.4


def test_tasks_are_dated_around_the_build_day() -> None:
    """The same seed built a week later gives the same tasks, a week later."""
    counties = REF["counties"].filter(pl.col("province_code") == "IR-16")
    week = dt.timedelta(days=7)
    made = [
        tasks.tasks(np.random.default_rng(5), ["IR-16"], counties, day)
        for day in (BUILT, BUILT + week)
    ]
    dates = ["created_on", "due_on", "done_on"]
    (first, first_events), (later, later_events) = made
    assert later.equals(first.with_columns(pl.col(dates) + week))
    assert later_events.equals(first_events.with_columns(pl.col("at") + week))
    raised = [
        tasks.escalations(np.random.default_rng(5), ["IR-16"], counties, day)
        for day in (BUILT, BUILT + week)
    ]
    assert raised[1].equals(raised[0].with_columns(pl.col("raised_on", "answered_on") + week))


def test_a_fresh_board_is_plausible() -> None:
    """Seen on the build day: most open tasks not yet due, some overdue by days, most done ones
    on time and a few late; nothing has happened yet on the build day itself."""
    work, events, raised = FIRST["tasks"], FIRST["task_events"], FIRST["escalations"]
    done = work.filter(pl.col("done_on").is_not_null())
    open_ = work.filter(pl.col("done_on").is_null())
    overdue = open_.filter(pl.col("due_on") < BUILT)
    assert (done["status"] == "done").all() and (open_["status"] != "done").all()
    assert 0 < overdue.height < open_.height / 2
    assert ((BUILT - overdue["due_on"]).dt.total_days() <= 15).all(), "overdue by days"
    late = done.filter(pl.col("done_on") > pl.col("due_on")).height
    assert 0 < late < done.height / 3
    assert (work["created_on"] <= work["due_on"]).all()
    assert (done["done_on"] >= done["created_on"]).all()
    assert work["created_on"].max() < BUILT and done["done_on"].max() < BUILT
    assert events["at"].max() < dt.datetime.combine(BUILT, dt.time())
    assert raised["raised_on"].max() < BUILT
    answered = raised.drop_nulls("answered_on")
    assert 0 < answered.height < raised.height and answered["answered_on"].max() < BUILT
    counts = events.group_by("task_id").len().join(work, left_on="task_id", right_on="id")
    assert (counts["len"] == counts["version"]).all(), "a history line per version"
