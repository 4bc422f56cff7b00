"""The wave-day forecast back-tested (issue 29): each past wave's forecast made from the waves
before it (queries.wave_load: households x the first-three-day purchases per household of the
county's last wave of the same deciles) against what its first three days held, as the median
absolute percentage error per county, and that median's spread over the counties.

    python -m bench.wave_backtest URL [--as-of YYYY-MM-DD] [--province CODE]

Nothing here asserts anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from queries import meta, wave_load


def backtest(rows: pl.DataFrame) -> pl.DataFrame:
    """Per county (wave_load.load rows): the opened waves with a forecast and purchases, and
    the median absolute percentage error of the forecasts."""
    judged = rows.filter(
        ~pl.col("next"), pl.col("forecast_purchases").is_not_null(), pl.col("first3d_purchases") > 0
    ).with_columns(
        ape=(pl.col("forecast_purchases") - pl.col("first3d_purchases")).abs()
        / pl.col("first3d_purchases")
    )
    return judged.group_by("county_id").agg(waves=pl.len(), mdape=pl.col("ape").median())


def main() -> None:
    """Print the back-test's summary as one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--as-of")
    parser.add_argument("--province")
    args = parser.parse_args()
    with db.make_engine(args.url).connect() as conn:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else meta.extent(conn)[1]
        rows = wave_load.load(conn, Filters(as_of, args.province))
    per_county = backtest(rows)
    q = per_county["mdape"].quantile
    print(json.dumps({
        "as_of": as_of.isoformat(), "province": args.province, "counties": per_county.height,
        "waves_judged": int(per_county["waves"].sum()),
        "mdape_median": round(q(0.5), 3), "mdape_p25": round(q(0.25), 3),
        "mdape_p75": round(q(0.75), 3), "mdape_p90": round(q(0.9), 3),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
