"""The folder import (`python -m dashboard import --folder DIR`), the nightly job's contract, on
SQLite and PostgreSQL: dependency order, a JSON line per file, files moved to done/ and
refused/, the files that depend on a refused kind left waiting, and nothing done twice."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

import cli
from dashboard import db
from dashboard import schema as s
from tests.dashboard.importer.test_run import (
    COUNTY_FA,
    KEY,
    ST,
    WELFARE,
    A,
    P,
    _a,
    _csv,
    _p,
    _rejects,
    _st,
    snapshot,
)

HEAD_8, HEAD_9, HEAD_10, HEAD_11 = "0013542540", "0013542559", "0013542567", "0013542575"
HEAD_12, HEAD_13 = "0013542583", "0013542591"


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KALABARG_ID_KEY", KEY)


def _folder(folder: Path, url: str) -> tuple[int, list[dict]]:
    """Run the folder import: its status and its JSON lines."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["import", "--folder", str(folder), "--db", url])
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def _count(url: str, table: sa.Table) -> int:
    engine = db.make_engine(url)
    with engine.connect() as conn:
        n = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    engine.dispose()
    return n


def test_a_folder_is_stored_in_dependency_order_and_not_twice(
    writable_url: str, tmp_path: Path
) -> None:
    url, inbox = writable_url, tmp_path / "inbox"
    inbox.mkdir()
    heads = [
        [HEAD_8, "ایلام", COUNTY_FA, 4, 3, "subsidy"],
        [HEAD_9, "ایلام", COUNTY_FA, 2, 5, "support"],
    ]
    _csv(
        inbox / "purchases-week1.csv",
        [P, _p(id=6_600_001, household_id="", national_id=HEAD_8, purchased_at="1404/12/06 10:00")],
    )
    _csv(
        inbox / "allocations_1404-12.csv",
        [A, _a(household_id="", national_id=HEAD_8), _a(household_id="", national_id=HEAD_9)],
    )
    households = _csv(inbox / "households-1404-12.csv", [WELFARE, *heads])
    copy = households.read_bytes()
    (inbox / "notes.txt").write_text("not an extract")
    _csv(inbox / "summary.csv", [["a"], [1]])  # a name that starts with no kind
    (inbox / "households-old.csv.rejects.csv").write_text("line,column,value,reason\n")

    code, lines = _folder(inbox, url)
    assert code == 0, lines
    assert [(x["file"], x["kind"], x["fate"], x["inserted"]) for x in lines] == [
        ("households-1404-12.csv", "households", "stored", 2),
        ("allocations_1404-12.csv", "allocations", "stored", 2),
        ("purchases-week1.csv", "purchases", "stored", 1),
    ]
    assert all(x["read"] == x["inserted"] for x in lines)
    done = sorted(p.name for p in (inbox / "done").iterdir())
    assert done == ["allocations_1404-12.csv", "households-1404-12.csv", "purchases-week1.csv"]
    left = sorted(p.name for p in inbox.iterdir() if p.is_file())
    assert left == ["households-old.csv.rejects.csv", "notes.txt", "summary.csv"]

    before = snapshot(url)
    assert _folder(inbox, url) == (0, []), "a second run with nothing new does nothing"
    (inbox / "households-1404-12.csv").write_bytes(copy)  # the same extract delivered again
    code, lines = _folder(inbox, url)
    assert (code, [(x["fate"], x["unchanged"]) for x in lines]) == (0, [("unchanged", 2)])
    assert (inbox / "done" / "households-1404-12.2.csv").read_bytes() == copy
    assert snapshot(url) == before


def test_a_refused_file_holds_back_what_depends_on_it(writable_url: str, tmp_path: Path) -> None:
    url, inbox = writable_url, tmp_path / "inbox"
    inbox.mkdir()
    _csv(
        inbox / "households-a.csv",
        [
            WELFARE,
            [HEAD_10, "ایلام", COUNTY_FA, 3, 2, "subsidy"],
            [HEAD_11, "ایلام", COUNTY_FA, 3, 11, "subsidy"],
        ],
    )
    waiting = {
        "allocations-a.csv": _csv(
            inbox / "allocations-a.csv", [A, _a(household_id="", national_id=HEAD_10)]
        ),
        "purchases-a.csv": _csv(
            inbox / "purchases-a.csv", [P, _p(id=6_600_002, household_id="", national_id=HEAD_10)]
        ),
    }
    _csv(inbox / "stores-a.csv", [ST, _st(id=7_100_001, terminal_id="T7100001")])
    stamps = {name: (p.read_bytes(), p.stat().st_mtime_ns) for name, p in waiting.items()}
    counts = {t.name: _count(url, t) for t in (s.households, s.allocations, s.purchases, s.stores)}

    code, lines = _folder(inbox, url)
    assert code == 2
    assert [(x["file"], x["fate"]) for x in lines] == [
        ("households-a.csv", "refused"),
        ("allocations-a.csv", "waiting"),
        ("stores-a.csv", "stored"),
        ("purchases-a.csv", "waiting"),
    ]
    assert lines[0]["rejected"] == 1 and lines[1]["note"] == "waits for households"
    rejects = _rejects(inbox / "refused" / "households-a.csv.rejects.csv")
    assert [(r["line"], r["column"]) for r in rejects] == [("3", "decile")]
    for name, path in waiting.items():
        assert (path.read_bytes(), path.stat().st_mtime_ns) == stamps[name], "left untouched"
    assert (inbox / "done" / "stores-a.csv").exists()
    after = {t.name: _count(url, t) for t in (s.households, s.allocations, s.purchases, s.stores)}
    assert after == {**counts, "stores": counts["stores"] + 1}


def test_an_import_records_the_province_of_its_rows(writable_url: str, tmp_path: Path) -> None:
    """Rows of one province: that province; of two: national (None)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    ilam = [HEAD_12, "ایلام", COUNTY_FA, 3, 2, "subsidy"]
    lorestan = [HEAD_13, "لرستان", "خرم‌آباد", 3, 2, "subsidy"]
    _csv(inbox / "households-1.csv", [WELFARE, ilam])
    _csv(inbox / "households-2.csv", [WELFARE, [HEAD_12, *ilam[1:4], 3, "subsidy"], lorestan])
    code, lines = _folder(inbox, writable_url)
    assert (code, [x["fate"] for x in lines]) == (0, ["stored", "stored"]), lines
    engine = db.make_engine(writable_url)
    with engine.connect() as conn:
        i, names = s.imports, ["households-1.csv", "households-2.csv"]
        areas = conn.execute(
            sa.select(i.c.file_name, i.c.province_code).where(i.c.file_name.in_(names))
        ).all()
    engine.dispose()
    assert sorted(map(tuple, areas)) == [("households-1.csv", "IR-16"), ("households-2.csv", None)]
