"""Programme rules over the settings tables: which wave opens a household's credit each month."""

from __future__ import annotations

import polars as pl


def assign_waves(waves: pl.DataFrame, keys: pl.DataFrame) -> pl.DataFrame:
    """For each (month, grp, decile) in keys, the wave that opens its credit.

    A wave matches when its month is the key's, its decile range holds the decile and its grp is
    the key's grp or empty (all groups). A wave for the key's own group comes first; among the
    rest, the earliest opening. Returns keys with wave_id and opens_on (null where none matches).
    """
    keys = keys.select("month", "grp", "decile").unique()
    candidates = (
        keys.join(waves, on="month", how="inner", suffix="_wave")
        .filter(
            pl.col("decile").is_between(pl.col("decile_min"), pl.col("decile_max"))
            & (pl.col("grp_wave").is_null() | (pl.col("grp_wave") == pl.col("grp")))
        )
        .with_columns(generic=pl.col("grp_wave").is_null())
        .sort("generic", "opens_on", "id")
        .group_by("month", "grp", "decile", maintain_order=True)
        .first()
        .select("month", "grp", "decile", pl.col("id").alias("wave_id"), "opens_on")
    )
    return keys.join(candidates, on=["month", "grp", "decile"], how="left")
