"""As an outside check does it: stores and purchases of its own imported through the
importer's command line, each store planted with a pattern, and the store-risk export (as of
the day after) ranks them at the top, on both databases."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa

import cli
from dashboard import db
from dashboard import schema as s
from dashboard.rows import read_raw

PROVINCE = "IR-15"
DAY = dt.date(2026, 5, 4)
NIGHT, ROUND, CUT = 8_000_001, 8_000_002, 8_000_003  # the planted stores
STORES = ["id", "terminal_id", "name", "kind", "county_id", "lat", "lon", "joined_on", "status",
          "status_since"]  # fmt: skip
PURCHASES = ["id", "household_id", "store_id", "purchased_at", "credit_toman", "cash_toman"]


@pytest.fixture(scope="module", autouse=True)
def _key():
    before = os.environ.get("KALABARG_ID_KEY")
    os.environ["KALABARG_ID_KEY"] = "test-key-risk"
    yield
    if before is None:
        os.environ.pop("KALABARG_ID_KEY")
    else:
        os.environ["KALABARG_ID_KEY"] = before


def _csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([header, *rows])
    return path


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        code = cli.main(list(args))
    return code, out.getvalue()


def _households_with_credit(url: str, county: int, need: int) -> list[int]:
    """Households of county with at least need toman left by the end of DAY."""
    h, a, p = s.households, s.allocations, s.purchases
    with db.make_engine(url).connect() as conn:
        ids = read_raw(conn, sa.select(h.c.id).where(h.c.county_id == county), {"id": pl.Int64})
        released = read_raw(
            conn,
            sa.select(a.c.household_id, a.c.amount_toman).where(
                a.c.household_id.in_(ids["id"].to_list()), a.c.opens_on <= DAY
            ),
            {"household_id": pl.Int64, "amount_toman": pl.Int64},
        )
        spent = read_raw(
            conn,
            sa.select(p.c.household_id, p.c.credit_toman).where(
                p.c.household_id.in_(ids["id"].to_list())
            ),
            {"household_id": pl.Int64, "credit_toman": pl.Int64},
        )
    left = (
        released.group_by("household_id")
        .agg(pl.col("amount_toman").sum())
        .join(
            spent.group_by("household_id").agg(pl.col("credit_toman").sum()),
            on="household_id",
            how="left",
        )  # fmt: skip
        .with_columns(left=pl.col("amount_toman") - pl.col("credit_toman").fill_null(0))
        .filter(pl.col("left") >= need)
        .sort("household_id")
    )
    return left["household_id"].to_list()


def test_stores_planted_by_an_outside_import_rank_first(writable_url: str, tmp_path: Path) -> None:
    url = writable_url
    with db.make_engine(url).connect() as conn:
        st, c = s.stores, s.counties
        busiest = conn.execute(
            sa.select(st.c.county_id, sa.func.count().label("n"), sa.func.avg(st.c.lat),
                      sa.func.avg(st.c.lon))
            .join(c, c.c.id == st.c.county_id)
            .where(c.c.province_code == PROVINCE, st.c.kind == "small_shop")
            .group_by(st.c.county_id).order_by(sa.desc("n")).limit(1)
        ).one()  # fmt: skip
    county, lat, lon = busiest[0], busiest[2], busiest[3]
    buyers = _households_with_credit(url, county, 400_000)
    assert len(buyers) >= 30, "enough households with credit left"
    stores = [
        [NIGHT, "T8000001", "بقالی شب", "small_shop", county, lat, lon, "2026-01-01", "active", ""],
        [ROUND, "T8000002", "بقالی گرد", "small_shop", county, lat, lon, "2026-01-01", "active",
         ""],
        [CUT, "T8000003", "بقالی بسته", "small_shop", county, lat, lon, "2026-01-01",
         "terminated", "2026-04-20"],
    ]  # fmt: skip
    code, said = _run("import", "stores", str(_csv(tmp_path / "s.csv", STORES, stores)),
                      "--db", url)  # fmt: skip
    assert code == 0, said
    rows, next_id = [], 9_500_000_001
    for k, household in enumerate(buyers[:30]):
        store = (NIGHT, ROUND, CUT)[k % 3]
        at = dt.datetime.combine(DAY, dt.time(2 if store == NIGHT else 11, 0))
        at += dt.timedelta(minutes=17 * (k // 3))
        credit = 100_000 if store == ROUND else 61_300 + 700 * k
        for visit in range(2):  # two visits a day apart, neither a repeat nor a burst
            rows.append([next_id, household, store, (at - dt.timedelta(days=visit)).isoformat(" "),
                         credit, 0])  # fmt: skip
            next_id += 1
    code, said = _run("import", "purchases", str(_csv(tmp_path / "p.csv", PURCHASES, rows)),
                      "--db", url)  # fmt: skip
    assert code == 0, said
    code, text = _run("export", "store-risk", "--province", PROVINCE, "--as-of",
                      DAY.isoformat(), "--db", url)  # fmt: skip
    assert code == 0
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    exported = pl.read_csv(io.StringIO("\n".join(lines)))
    flags = dict(zip(exported["store_id"], exported["flags"], strict=True))
    assert "night" in flags[NIGHT].split(";")
    assert "round" in flags[ROUND].split(";")
    assert "cut_selling" in flags[CUT].split(";")
    top = exported.filter(pl.col("score") >= exported.filter(
        pl.col("store_id").is_in([NIGHT, ROUND, CUT]))["score"].min())  # fmt: skip
    assert len(top) <= 15, "near the top: among the province's few flagged stores"
    scores = exported["score"].to_list()
    assert scores == sorted(scores, reverse=True)
