"""Identifiers (national IDs, reporters' numbers) stored only as keyed hashes (HMAC-SHA256).

The key is KALABARG_ID_KEY, or data/id.key, created on first use with mode 0600 (git-ignored).
Neither the key nor an identifier is ever written to a log, an error or a rejects file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from pathlib import Path

import polars as pl

from dashboard import paths

ENV = "KALABARG_ID_KEY"
KEY_FILE = paths.DATA / "id.key"


def key() -> bytes:
    """The hashing key: KALABARG_ID_KEY, else the key file (made, and announced on standard
    error, when missing)."""
    if os.environ.get(ENV):
        return os.environ[ENV].encode()
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32))
        print(
            f"created the identifier key {_shown(KEY_FILE)} (mode 0600); keep it with the "
            f"database and back it up, or set {ENV}: without it, the same person hashes anew",
            file=sys.stderr,
        )
    return KEY_FILE.read_text().strip().encode()


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def hashed(identifiers: pl.Series, secret: bytes | None = None) -> pl.Series:
    """The keyed hash (64 hex digits) of each normalised identifier; null stays null. Each
    distinct identifier is hashed once."""
    secret = secret or key()
    distinct = identifiers.drop_nulls().unique()
    table = pl.DataFrame(
        {
            "id": distinct,
            "hash": [hmac.new(secret, i.encode(), hashlib.sha256).hexdigest() for i in distinct],
        },
        schema={"id": pl.String, "hash": pl.String},
    )
    frame = identifiers.to_frame("id").join(table, on="id", how="left", maintain_order="left")
    return frame["hash"]
