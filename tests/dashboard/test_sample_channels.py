"""The sample's other channels (issue 30): method two, mothers' packages and applications keep
the programme's dates and the schema's rules, and the seed loads them."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import polars as pl
import pytest
import sqlalchemy as sa

from dashboard import calendar, db, sample, schema, seeding, setup

REF = setup.reference_tables()
PRESET = sample.PRESETS["tiny"]
END = dt.datetime.combine(PRESET.end + dt.timedelta(days=1), dt.time())  # nothing from here on
REGISTRATION = (dt.datetime(2026, 1, 18), dt.datetime(2026, 1, 31))  # 28 Dey - 10 Bahman 1404
CANCELS_FROM = dt.datetime(2026, 1, 31)  # 11 Bahman 1404
WINDOW = (dt.datetime(2026, 1, 10), dt.datetime(2026, 1, 25))  # 20 Dey - 4 Bahman 1404
WAVE_5 = dt.datetime(2026, 1, 25)  # the late applicants' credit opens
CHANNELS = ("method_two", "mother_packages", "applications")


def _tables(seed: int) -> dict[str, pl.DataFrame]:
    tables: dict[str, list[pl.DataFrame]] = {}
    with mock.patch.object(calendar, "now", return_value=dt.datetime(2026, 11, 20, 9)):
        for name, rows in sample.generate(PRESET, seed, REF):
            tables.setdefault(name, []).append(rows)
    return {name: pl.concat(parts) for name, parts in tables.items()}


T = _tables(7)


def test_every_channel_has_rows_with_ids_one_to_n() -> None:
    for name in CHANNELS:
        rows = T[name]
        assert rows.height > 0, name
        assert rows["id"].to_list() == list(range(1, rows.height + 1)), name


def test_column_types_match_the_schema() -> None:
    for name in CHANNELS:
        table = schema.metadata.tables[name]
        assert T[name].columns == [c.name for c in table.columns], name
        for column in table.columns:
            dtype = T[name][column.name].dtype
            if isinstance(column.type, sa.DateTime):
                assert dtype == pl.Datetime("us"), (name, column.name)
            elif isinstance(column.type, sa.Date):
                assert dtype == pl.Date, (name, column.name)
            elif isinstance(column.type, sa.Integer):
                assert dtype.is_integer(), (name, column.name)
            else:
                assert dtype == pl.String, (name, column.name)


def test_method_two_keeps_its_dates() -> None:
    m = T["method_two"]
    assert m["registered_at"].min() >= REGISTRATION[0]
    assert m["registered_at"].max() < REGISTRATION[1]
    cancelled = m.drop_nulls("cancelled_at")
    assert 0 < cancelled.height < m.height / 3
    assert cancelled["cancelled_at"].min() >= CANCELS_FROM
    assert (cancelled["cancelled_at"] >= cancelled["registered_at"]).all()
    assert cancelled["delivered_at"].is_null().all(), "a cancelled package is not delivered"
    delivered = m.drop_nulls("delivered_at")
    assert (delivered["delivered_at"] >= delivered["registered_at"]).all()
    assert delivered["store_id"].is_not_null().all()
    assert m.filter(pl.col("delivered_at").is_null())["store_id"].is_null().all()
    households = T["households"].select(
        pl.col("id").alias("household_id"), "members", "county_id", "grp"
    )
    joined = m.join(households, on="household_id")
    late = joined.filter(pl.col("grp") == "late_applicant")["registered_at"]
    assert late.is_empty() or late.min() >= WAVE_5, "a late applicant once its credit opens"
    assert joined.height == m.height and m["household_id"].is_unique().all()
    assert (joined["package_toman"] == joined["members"].cast(pl.Int64) * 1_000_000).all()
    at = delivered.join(households, on="household_id").join(
        T["stores"].select(pl.col("id").alias("store_id"), pl.col("county_id").alias("at")),
        on="store_id",
    )
    assert at.height == delivered.height and (at["at"] == at["county_id"]).all()


def test_most_method_two_deliveries_meet_the_target_some_do_not() -> None:
    m = T["method_two"]
    target = pl.col("registered_at") + pl.duration(days=14)
    delivered = m.drop_nulls("delivered_at")
    on_time = delivered.filter(pl.col("delivered_at") <= target).height
    assert on_time > delivered.height / 2
    overdue = m.filter(
        pl.col("cancelled_at").is_null()
        & pl.coalesce("delivered_at", pl.lit(END)).gt(target)  # late, or still waiting
    )
    assert overdue.height > 0


def test_mothers_packages_keep_their_order() -> None:
    p = T["mother_packages"]
    assert set(p["kind"]) == {"pregnancy", "infant"}
    assert p["eligible_on"].min() >= dt.date(2026, 1, 7)
    issued = p.drop_nulls("issued_on")
    assert (issued["issued_on"] >= issued["eligible_on"]).all()
    collected = p.drop_nulls("collected_at")
    assert collected["issued_on"].is_not_null().all()
    assert (collected["collected_at"] >= collected["issued_on"].cast(pl.Datetime("us"))).all()
    assert collected["store_id"].is_not_null().all()
    assert p.filter(pl.col("collected_at").is_null())["store_id"].is_null().all()
    assert 0 < collected.height < p.height
    assert p.join(T["households"], left_on="household_id", right_on="id").height == p.height


def test_approved_applications_are_the_late_applicants() -> None:
    a, people = T["applications"], T["households"]
    late = people.filter(pl.col("grp") == "late_applicant")
    approved = a.filter(pl.col("outcome") == "approved").sort("household_id")
    assert approved["household_id"].to_list() == late["id"].to_list()
    matched = approved.join(late, left_on="household_id", right_on="id")
    assert (matched["county_id"] == matched["county_id_right"]).all()
    assert (matched["members"] == matched["members_right"]).all()
    assert (matched["applicant_hash"] == matched["head_hash"]).all()
    assert approved["decided_at"].max() < WAVE_5, "decided before the credit of wave 5"
    others = a.filter(pl.col("outcome").is_null() | (pl.col("outcome") == "rejected"))
    assert others["household_id"].is_null().all()
    assert not others["applicant_hash"].is_in(people["head_hash"].implode()).any()


def test_applications_are_filed_in_the_window_and_decided_after() -> None:
    a = T["applications"]
    assert a["filed_at"].min() >= WINDOW[0] and a["filed_at"].max() < WINDOW[1]
    assert (a["decided_at"].is_null() == a["outcome"].is_null()).all()
    decided = a.drop_nulls("decided_at")
    assert (decided["decided_at"] >= decided["filed_at"]).all()
    assert a["decided_at"].null_count() > 0, "a few pending"
    rejected = a.filter(pl.col("outcome") == "rejected")
    assert 0 < rejected.height < a.height / 2
    days = (decided["decided_at"] - decided["filed_at"]).dt.total_seconds() / 86_400
    assert (days <= 15).mean() > 0.8


def test_nothing_is_dated_after_the_end() -> None:
    for name in CHANNELS:
        for column, dtype in T[name].schema.items():
            if dtype == pl.Datetime("us"):
                assert T[name][column].max() < END, (name, column)
            if dtype == pl.Date:
                assert T[name][column].max() <= PRESET.end, (name, column)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, int | float]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('seed') / 'tiny.db'}"
    return url, seeding.seed(url, "tiny", 7, progress=False)


def test_the_seed_loads_the_channels(seeded: tuple[str, dict[str, int | float]]) -> None:
    url, counts = seeded
    engine = db.make_engine(url)
    with engine.connect() as conn:
        for name in CHANNELS:
            table = schema.metadata.tables[name]
            stored = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            assert stored == counts[name] == T[name].height, name
        approved = conn.execute(
            sa.text("SELECT count(*) FROM applications WHERE outcome = 'approved'")
        ).scalar_one()
        late = conn.execute(
            sa.text("SELECT count(*) FROM households WHERE grp = 'late_applicant'")
        ).scalar_one()
        assert approved == late
    engine.dispose()
