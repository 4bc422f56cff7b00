"""The morning digest (`python -m dashboard digest`, the contract): CSV rows item, count, link
as queries.changes counts them, one A4 PDF page in either language, and the refusals (an
admin, an unknown user, a window that ends before it starts) with nothing written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from dashboard import calendar, db, i18n
from queries import changes
from tests import command_line
from tests.conftest import ROOT
from tests.populate import USERS

NOW = dt.datetime(2026, 5, 3, 6, 30)  # the clock (KALABARG_NOW)
SINCE = "2026-04-01 08:00"
ARTIFACTS = ROOT / "tests" / "artifacts"


def _digest(url: str, *args: str, own_process: bool = False) -> subprocess.CompletedProcess:
    """`python -m dashboard digest ARGS --db url` at NOW, in the test's process unless
    own_process."""
    run = command_line.own_process if own_process else command_line.in_process
    return run("digest", *args, "--db", url, clock=NOW.isoformat())


def _expected(url: str, role: str, since: dt.datetime) -> list[dict[str, str]]:
    with db.make_engine(url).connect() as conn:
        found = changes.changes(conn, USERS[role], since, NOW)
    return [{"item": c.item, "count": str(c.count), "link": c.link} for c in found]


@pytest.mark.parametrize("role", ["governor", "committee", "national"])
def test_the_csv_has_a_row_per_item_as_the_strip_counts_it(
    db_url: str, role: str, tmp_path: Path
) -> None:
    target = tmp_path / "digest.csv"
    done = _digest(
        db_url, "--user", USERS[role].username, "--since", SINCE, "--output", str(target)
    )
    assert done.returncode == 0, done.stderr
    text = target.read_text("utf-8")
    assert text.splitlines()[0] == "item,count,link"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["item"] for r in rows] == list(changes.ITEMS)
    assert rows == _expected(db_url, role, dt.datetime.fromisoformat(SINCE))
    assert sum(int(r["count"]) for r in rows) > 0, "the window holds changes to count"


def test_since_is_24_hours_back_by_default_and_takes_a_solar_hijri_day_in_the_real_process(
    sqlite_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "digest.csv"
    done = _digest(sqlite_url, "--user", "national", "--output", str(target), own_process=True)
    assert done.returncode == 0, done.stderr
    got = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert got == _expected(sqlite_url, "national", NOW - dt.timedelta(hours=24))
    assert _digest(sqlite_url, "--user", "national", "--since", "1405/01/12", "--output",
                   str(target)).returncode == 0  # fmt: skip
    got = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert got == _expected(sqlite_url, "national", dt.datetime(2026, 4, 1))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--user", "admin"), "sees no data"),
        (("--user", "nobody"), "no active user"),
        (("--user", "national", "--since", "2026-05-04 00:00"), "is not before now"),
        (("--user", "national", "--since", "yesterday"), "is not a date"),
    ],
)
def test_refusals_exit_2_and_write_nothing(
    sqlite_url: str, tmp_path: Path, args: tuple, said: str
) -> None:
    target = tmp_path / "digest.csv"
    done = _digest(sqlite_url, *args, "--output", str(target))
    assert done.returncode == 2 and said in done.stderr
    assert not target.exists()
    wrong = _digest(sqlite_url, "--user", "national", "--output", str(tmp_path / "digest.txt"))
    assert wrong.returncode == 2 and "neither .pdf nor .csv" in wrong.stderr


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_pdf_is_one_a4_page_naming_each_item(
    sqlite_url: str, lang: str, tmp_path: Path
) -> None:
    target = tmp_path / "digest.pdf"
    user = USERS["governor"].username
    args = ("--user", user, "--since", SINCE, "--lang", lang, "--output", str(target))
    done = _digest(sqlite_url, *args)
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert len(data) < 300 * 1024
    pdf = pypdf.PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 1
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(pdf.pages[0].extract_text().split())
    head = "ایلام" if lang == "fa" else "Ilam"
    assert text.startswith(head) or head in text[:40]
    joined = text.replace(" ", "")  # the links come out whole, with spaces where they fall
    if lang == "en":  # Persian lines come out of the PDF in drawing order, letters shuffled
        for key in ("digest.title", "changes.item.tasks_done", "changes.item.stores_flagged"):
            assert i18n.t(key, lang) in text, key
    for row in _expected(sqlite_url, "governor", dt.datetime.fromisoformat(SINCE)):
        assert row["link"] in joined
    if lang == "fa":
        assert calendar.MONTHS_FA[0] in text and "۲۱" in text  # 12 Farvardin, drawn reversed
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        out = ARTIFACTS / f"digest-{lang}"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(target), str(out)],
                       check=True)  # fmt: skip
