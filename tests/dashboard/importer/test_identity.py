"""The identifier key: from the environment, or a key file made once with mode 0600."""

from __future__ import annotations

import hashlib
import hmac
import stat
from pathlib import Path

import polars as pl
import pytest

from dashboard.importer import identity


def test_the_key_file_is_made_once_private_and_announced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.delenv(identity.ENV, raising=False)
    monkeypatch.setattr(identity, "KEY_FILE", tmp_path / "id.key")
    first = identity.key()
    assert stat.S_IMODE((tmp_path / "id.key").stat().st_mode) == 0o600
    assert "id.key" in capsys.readouterr().err
    assert identity.key() == first and len(first) == 64
    assert capsys.readouterr().err == ""


def test_hashes_are_hmac_sha256_of_the_normalised_identifier(monkeypatch) -> None:
    monkeypatch.setenv(identity.ENV, "k")
    out = identity.hashed(pl.Series(["0013542419", None, "0013542419"]))
    expected = hmac.new(b"k", b"0013542419", hashlib.sha256).hexdigest()
    assert out.to_list() == [expected, None, expected]
