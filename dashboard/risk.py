"""The store-risk scan: each store's figures against its peers', the patterns it raises and a
score that ranks the stores to inspect first (never a verdict).

Peers: the stores of the same kind and setting (in a town or a village: a village shop is not
a town's) in the same county, or in the province where the county has fewer than
risk_peer_min of them (with purchases). Against its peers a store raises:
    a share pattern (drain, round, repeat, burst, far, night) when at least risk_min_events
    of its purchases show it, its share is above the peers' median by risk_mad_k robust
    deviations (1.4826 x the median absolute deviation) and the peers' share (at least
    risk_rate_floor) would give that many by chance less often than risk_chance (the
    Chernoff bound of the binomial tail: exp(-n KL(share || peers')));
    volume when its sales per day (credit since its first sale) are at least
    risk_volume_ratio times the peers' median and risk_mad_k robust deviations above it, on
    a log scale;
    cut_selling when its terminal is cut (suspended or terminated) and it sold on or after
    that day.
Each pattern adds 1 + log10(strength) to the score, strength the store's figure over the
peers' (at most 10; cut_selling 10): two patterns always rank above one.
"""

from __future__ import annotations

import math

import polars as pl

from dashboard.settings import Settings

SHARES = {  # pattern -> (purchases showing it, of which)
    "drain": ("drained", "purchases"),
    "round": ("round_credit", "purchases"),
    "repeat": ("repeated", "purchases"),
    "burst": ("burst", "purchases"),
    "far": ("far", "located"),
    "night": ("night", "purchases"),
}
PATTERNS = (*SHARES, "volume", "cut_selling")
MAX_STRENGTH = 10.0
MAD_SCALE = 1.4826  # MAD x this estimates the standard deviation of a normal sample
# the columns scan() reads
STORES = ("store_id", "name", "kind", "setting", "county_id", "province_code", "status",
          "status_since", "first_day", "purchases", "credit_toman", "located", "drained",
          "round_credit", "repeated", "burst", "far", "night", "cut_purchases",
          "cut_credit_toman")  # fmt: skip


def scan(stores: pl.DataFrame, settings: Settings, as_of) -> pl.DataFrame:
    """stores (STORES: every store of the provinces scanned with its sums up to as-of) with
    each pattern's figure, peers' figure and whether it is raised (columns {pattern}_figure,
    {pattern}_peers, {pattern}_raised; cut_selling's figure is the purchases since the cut),
    the peer area (peer_area: county|province), the score and flags (the raised patterns'
    codes, ';'-separated), highest score first."""
    frame = stores.filter(pl.col("purchases") > 0).with_columns(
        volume_figure=pl.col("credit_toman")
        / ((pl.lit(as_of) - pl.col("first_day")).dt.total_days() + 1),
        **{f"{p}_figure": pl.col(n) / pl.col(d) for p, (n, d) in SHARES.items()},
    )
    figures = [f"{p}_figure" for p in (*SHARES, "volume")]
    county = _peers(frame, ["county_id", "kind", "setting"], figures)
    province = _peers(frame, ["province_code", "kind", "setting"], figures)
    frame = frame.join(county, on=["county_id", "kind", "setting"], how="left").join(
        province, on=["province_code", "kind", "setting"], how="left", suffix="_province"
    )
    in_county = pl.col("peers") >= settings.risk_peer_min
    chosen = [
        pl.when(in_county).then(pl.col(name)).otherwise(pl.col(f"{name}_province")).alias(name)
        for name in (f"{f}_{stat}" for f in figures for stat in ("median", "mad"))
    ]
    frame = frame.with_columns(
        *chosen, peer_area=pl.when(in_county).then(pl.lit("county")).otherwise(pl.lit("province"))
    )
    frame = _few_in_province(frame, figures, settings.risk_peer_min)
    judged = frame.lazy().with_columns(
        *[e for p, (n, d) in SHARES.items() for e in _share(p, n, d, settings)],
        *_volume(settings),
        cut_selling_figure=pl.col("cut_purchases"),
        cut_selling_peers=pl.lit(0, pl.Int64),
        cut_selling_raised=pl.col("cut_purchases") > 0,
        cut_selling_strength=pl.lit(MAX_STRENGTH),
    )
    raised = [pl.col(f"{p}_raised").fill_null(False) for p in PATTERNS]
    parts = [
        pl.when(r).then(1 + pl.col(f"{p}_strength").clip(1, MAX_STRENGTH).log10()).otherwise(0)
        for p, r in zip(PATTERNS, raised, strict=True)
    ]
    flags = pl.concat_list(
        [pl.when(r).then(pl.lit(p)) for p, r in zip(PATTERNS, raised, strict=True)]
    ).list.drop_nulls()
    return (  # one lazy plan: eager, each step of these expressions took its own pass
        judged.with_columns(
            *[r.alias(f"{p}_raised") for p, r in zip(PATTERNS, raised, strict=True)],
            score=pl.sum_horizontal(parts).round(2),
            flags=flags.list.join(";"),
            raised=flags.list.len(),
        )
        .drop(
            [c for c in frame.columns if c.endswith(("_median", "_mad", "_province"))]
            + [f"{p}_strength" for p in PATTERNS]
            + ["peers"]
        )  # fmt: skip
        .sort(["score", "store_id"], descending=[True, False])
        .collect()
    )


def _peers(frame: pl.DataFrame, keys: list[str], figures: list[str]) -> pl.DataFrame:
    """Per peer group: how many stores, and each figure's median and MAD (volume's on logs)."""
    logged = frame.with_columns(volume_figure=pl.col("volume_figure").log())
    stats = logged.group_by(keys).agg(
        peers=pl.len(),
        **{f"{f}_median": pl.col(f).median() for f in figures},
    )
    deviations = (
        logged.join(stats, on=keys)
        .group_by(keys)
        .agg(**{f"{f}_mad": (pl.col(f) - pl.col(f"{f}_median")).abs().median() for f in figures})
    )
    return stats.join(deviations, on=keys)


def _few_in_province(frame: pl.DataFrame, figures: list[str], least: int) -> pl.DataFrame:
    """Where even the province has fewer than least stores of a kind and setting, each is
    compared with the others only (a median of two that holds the store itself is half its
    own); with no other, with nothing (peer_area none: the shares against the floor, the
    volume not judged)."""
    keys = ["province_code", "kind", "setting"]
    small = pl.col("peers_province") < least
    few = frame.filter(small)
    if few.is_empty():
        return frame
    logged = few.select("store_id", *keys, *figures).with_columns(
        volume_figure=pl.col("volume_figure").log()
    )
    pairs = logged.join(logged, on=keys, suffix="_other").filter(
        pl.col("store_id") != pl.col("store_id_other")
    )
    medians = pairs.group_by("store_id").agg(
        **{f"{f}_median": pl.col(f"{f}_other").median() for f in figures}
    )
    mads = (
        pairs.join(medians, on="store_id")
        .group_by("store_id")
        .agg(
            **{
                f"{f}_mad": (pl.col(f"{f}_other") - pl.col(f"{f}_median")).abs().median()
                for f in figures
            }
        )  # fmt: skip
    )
    others = medians.join(mads, on="store_id").rename(lambda c: c if c == "store_id" else f"{c}_o")
    stats = [f"{f}_{s}" for f in figures for s in ("median", "mad")]
    alone = pl.col(f"{figures[0]}_median_o").is_null()
    shares = [f for f in figures if f != "volume_figure"]
    return (
        frame.join(others, on="store_id", how="left")
        .with_columns(
            pl.when(small).then(pl.col(f"{s}_o")).otherwise(pl.col(s)).alias(s) for s in stats
        )
        .with_columns(
            *[
                pl.when(small & alone).then(0.0).otherwise(pl.col(f"{f}_{s}")).alias(f"{f}_{s}")
                for f in shares
                for s in ("median", "mad")
            ],
            peer_area=pl.when(small & alone).then(pl.lit("none")).otherwise("peer_area"),
        )  # fmt: skip
        .drop([f"{s}_o" for s in stats])
    )


def _share(pattern: str, count: str, of: str, settings: Settings) -> list[pl.Expr]:
    """The share pattern's figure, peers' figure, whether raised and its strength."""
    q, m = pl.col(f"{pattern}_figure"), pl.col(f"{pattern}_figure_median")
    p = pl.max_horizontal(m, pl.lit(settings.risk_rate_floor))
    n = pl.col(of)
    kl = q * (q / p).log() + pl.when(q < 1).then((1 - q) * ((1 - q) / (1 - p)).log()).otherwise(0)
    raised = (
        (pl.col(count) >= settings.risk_min_events)
        & (q > m + settings.risk_mad_k * MAD_SCALE * pl.col(f"{pattern}_figure_mad"))
        & (q > p)
        & (n * kl >= -math.log(settings.risk_chance))
    )
    return [
        m.alias(f"{pattern}_peers"),
        raised.alias(f"{pattern}_raised"),
        (q / p).alias(f"{pattern}_strength"),
    ]


def _volume(settings: Settings) -> list[pl.Expr]:
    """Sales per day against the peers' median (its statistics are of the logs)."""
    volume = pl.col("volume_figure")
    median = pl.col("volume_figure_median").exp()
    z = (volume.log() - pl.col("volume_figure_median")) / (MAD_SCALE * pl.col("volume_figure_mad"))
    raised = (
        (pl.col("purchases") >= settings.risk_min_events)
        & (volume >= settings.risk_volume_ratio * median)
        & (z.fill_nan(None).fill_null(float("inf")) >= settings.risk_mad_k)
    )
    return [
        median.alias("volume_peers"),
        raised.alias("volume_raised"),
        (volume / median).alias("volume_strength"),
    ]
