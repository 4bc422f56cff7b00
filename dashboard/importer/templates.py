"""Template files: the header an extract of a kind takes, with two example rows."""

from __future__ import annotations

import polars as pl

from dashboard.importer.kinds import Kind


def template(kind: Kind) -> pl.DataFrame:
    """The kind's columns (core names) with their two example rows (text cells)."""
    return pl.DataFrame(
        {c.name: [e or None for e in c.examples] for c in kind.columns},
        schema=dict.fromkeys((c.name for c in kind.columns), pl.String),
    )
