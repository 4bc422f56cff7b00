"""Imports end to end, through the command line's contract, on SQLite and PostgreSQL: a corpus
of bad files (one defect each) that change nothing, a good chain of files with every
normalisation at once, re-imports, updates and incremental rollups equal to a full rebuild."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa
import xlsxwriter

import cli
from dashboard import db, i18n, rollup_rows, rollups, staging
from dashboard import schema as s
from dashboard.importer import reading
from dashboard.importer.kinds import KINDS
from dashboard.importer.reading import _map_headers
from dashboard.importer.run import run as importer_run
from dashboard.rows import read_rows
from queries import audit
from tests.conftest import ROOT
from tests.populate import EDGE_STORE, SUSPENDED_STORE

KEY = "importer-test-key"
COUNTY, COUNTY_FA = 741497, "دره‌شهر"  # Darreh Shahr, Ilam
OTHER_COUNTY = 1286856  # Abdanan, Ilam
VILLAGE, CITY_OF_COUNTY = 42098, 137436  # places of Darreh Shahr
HEAD_1, HEAD_2, HEAD_3 = "0013542419", "0013542427", "0013542435"
NEW_HOUSEHOLD, SECOND_HOUSEHOLD = 8_000_001, 8_000_002
BASE_HOUSEHOLDS = [
    ["id", "county_id", "members", "decile", "grp", "national_id"],
    [NEW_HOUSEHOLD, COUNTY, 3, 2, "support", HEAD_1],
    [SECOND_HOUSEHOLD, COUNTY, 5, 8, "employee", HEAD_2],
]
BASE_ALLOCATIONS = [
    ["household_id", "month", "amount_toman", "opens_on"],
    [NEW_HOUSEHOLD, "1404-11", 1_000_000, "1404/11/05"],
    [SECOND_HOUSEHOLD, "1404-11", 2_000_000, "1404/11/05"],
]


@pytest.fixture(scope="module", autouse=True)
def _key():
    before = os.environ.get("KALABARG_ID_KEY")
    os.environ["KALABARG_ID_KEY"] = KEY
    yield
    if before is None:
        os.environ.pop("KALABARG_ID_KEY")
    else:
        os.environ["KALABARG_ID_KEY"] = before


@pytest.fixture(scope="module")
def url(writable_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with two imported households (in Darreh Shahr) and their Bahman credit."""
    folder = tmp_path_factory.mktemp("base")
    for kind, rows in (("households", BASE_HOUSEHOLDS), ("allocations", BASE_ALLOCATIONS)):
        code, summary, _ = _cli(kind, _csv(folder / f"{kind}.csv", rows), "--db", writable_url)
        assert code == 0, summary
        assert summary["inserted"] == 2
    return writable_url


def _csv(path: Path, rows: list[list], encoding: str = "utf-8", sep: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\n").writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp1256":  # as such files are typed: Arabic ي and ك, the code page's own
        text = text.replace("ی", "ي").replace("ک", "ك")
    path.write_bytes(text.encode(encoding))
    return path


def _cli(kind: str, path: Path, *args: str) -> tuple[int, dict, str]:
    """Run `python -m dashboard import KIND FILE ...` in this process: status, the JSON last
    line, and everything printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["import", kind, str(path), *args])
    lines = out.getvalue().strip().splitlines()
    return code, json.loads(lines[-1]), out.getvalue()


def snapshot(url: str) -> dict[str, tuple[int, str]]:
    """Rows and a checksum of every table, over the values as the driver reads them (a third
    of the time of SQLAlchemy's typed rows, and no type processing between)."""
    engine = db.make_engine(url)
    out = {}
    with engine.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        for name in s.metadata.tables:
            cursor.execute(f'SELECT * FROM "{name}"')
            rows = cursor.fetchall()
            text = "\n".join(sorted(map(repr, rows)))
            out[name] = (len(rows), hashlib.sha256(text.encode()).hexdigest())
        cursor.close()
    engine.dispose()
    return out


def _audit_rows(url: str) -> list[tuple]:
    """The audit log in its order: username, action, detail, province_code."""
    engine = db.make_engine(url)
    a = s.audit
    with engine.connect() as conn:
        query = sa.select(a.c.username, a.c.action, a.c.detail, a.c.province_code)
        rows = [tuple(r) for r in conn.execute(query.order_by(a.c.id))]
    engine.dispose()
    return rows


def refused_only(url: str, before: dict, logged: list[tuple], n: int = 1) -> list[dict]:
    """Assert the database is as it was (before: its snapshot, logged: its audit log) but for
    n rows added to the audit log, each an import refused; returns their details (with
    username and province)."""
    after = snapshot(url)
    assert {k: v for k, v in after.items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }
    rows = _audit_rows(url)
    assert rows[: len(logged)] == logged
    added = rows[len(logged) :]
    assert [action for _, action, _, _ in added] == ["refused"] * n, added
    details = [audit.parsed(detail) | {"username": who, "province": province}
               for who, _, detail, province in added]  # fmt: skip
    assert all(d["tried"] == "import" for d in details)
    return details


def _rejects(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


ROLLUPS = {
    **rollup_rows.KEYS,
    "rollup_to_date": ["day", "province_code", "decile", "grp"],
    "rollup_store_days": ["store_id", "day"],
    "rollup_store_bursts": ["store_id", "day"],
    "rollup_store_totals": ["store_id"],
}


def _rollups_match_rebuild(url: str) -> None:
    """The rollups as the imports left them (sums to date too) equal a full rebuild from the
    core tables."""
    engine = db.make_engine(url)
    with engine.begin() as conn:
        kept = {
            n: _nonzero(read_rows(conn, sa.select(s.metadata.tables[n])), k)
            for n, k in ROLLUPS.items()
        }
        rollups.rebuild(conn)
        for name, keys in ROLLUPS.items():
            fresh = _nonzero(read_rows(conn, sa.select(s.metadata.tables[name])), keys)
            assert kept[name].equals(fresh), name
    engine.dispose()


def _nonzero(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    measures = [c for c in frame.columns if c not in keys]
    return frame.filter(pl.any_horizontal(pl.col(m) != 0 for m in measures)).sort(keys)


# --- the corpus: one defect per file -----------------------------------------------------------

H = ["id", "province", "county", "county_id", "place_id", "members", "decile", "grp", "national_id"]
P = [
    "id",
    "household_id",
    "national_id",
    "store_id",
    "terminal_id",
    "purchased_at",
    "credit_toman",
    "cash_toman",
]
ST = [
    "id",
    "terminal_id",
    "name",
    "kind",
    "county_id",
    "lat",
    "lon",
    "joined_on",
    "status",
    "status_since",
]
C = [
    "id",
    "store_id",
    "terminal_id",
    "channel",
    "kind",
    "reporter",
    "filed_at",
    "dispatched_at",
    "outcome",
    "action",
]
PL = ["id", "county_id", "name_fa", "kind", "lat", "lon", "population"]
A = ["household_id", "national_id", "month", "amount_toman", "opens_on"]


def _h(**change) -> list:
    row = dict(zip(H, [7_000_001, "", "", COUNTY, "", 4, 3, "subsidy", HEAD_3], strict=True))
    return [row[c] for c in H] if not change else [change.get(c, row[c]) for c in H]


def _p(**change) -> list:
    row = dict(
        zip(
            P,
            [7_000_001, NEW_HOUSEHOLD, "", EDGE_STORE, "", "1404/11/06 10:00", 400_000, 0],
            strict=True,
        )
    )
    return [change.get(c, row[c]) for c in P]


def _st(**change) -> list:
    row = dict(
        zip(
            ST,
            [
                7_000_001,
                "T7000001",
                "بقالی نمونه",
                "small_shop",
                COUNTY,
                33.14,
                47.37,
                "1404/11/01",
                "active",
                "",
            ],
            strict=True,
        )
    )
    return [change.get(c, row[c]) for c in ST]


def _c(**change) -> list:
    row = dict(
        zip(
            C,
            [
                7_000_001,
                EDGE_STORE,
                "",
                "shamim",
                "overcharge",
                "09121234567",
                "1404/11/10 09:00",
                "1404/11/10 15:00",
                "pending",
                "none",
            ],
            strict=True,
        )
    )
    return [change.get(c, row[c]) for c in C]


def _pl(**change) -> list:
    row = dict(zip(PL, [7_000_001, COUNTY, "ده نمونه", "village", 33.15, 47.36, 300], strict=True))
    return [change.get(c, row[c]) for c in PL]


def _a(**change) -> list:
    row = dict(zip(A, [NEW_HOUSEHOLD, "", "1404-12", 1_000_000, "1404/12/05"], strict=True))
    return [change.get(c, row[c]) for c in A]


# kind, header, rows (the defect is in the last), extra options, (column, reason) expected
CORPUS = {
    "members-31": (
        "households",
        H,
        [_h(), _h(id=7_000_002, national_id="0013542443", members=31)],
        [],
        ("members", "out_of_range"),
    ),
    "decile-0": ("households", H, [_h(decile=0)], [], ("decile", "out_of_range")),
    "members-empty": ("households", H, [_h(members="")], [], ("members", "missing")),
    "group-unknown": ("households", H, [_h(grp="poor")], [], ("grp", "not_allowed")),
    "id-check-digit": (
        "households",
        H,
        [_h(national_id="0013542418")],
        [],
        ("national_id", "not_national_id"),
    ),
    "id-equal-digits": (
        "households",
        H,
        [_h(national_id="1111111111")],
        [],
        ("national_id", "not_national_id"),
    ),
    "county-name-unknown": (
        "households",
        H,
        [_h(county_id="", county="ناکجاآباد", province="IR-16")],
        [],
        ("county", "unknown_county"),
    ),
    "county-id-unknown": (
        "households",
        H,
        [_h(county_id=999_999_999)],
        [],
        ("county_id", "unknown_county"),
    ),
    "province-unknown": (
        "households",
        H,
        [_h(county_id="", county=COUNTY_FA, province="IR-99")],
        [],
        ("province", "unknown_province"),
    ),
    "county-name-and-id-differ": (
        "households",
        H,
        [_h(county="آبدانان", province="ایلام")],
        [],
        ("county", "county_mismatch"),
    ),
    "no-county-at-all": ("households", H, [_h(county_id="")], [], ("county_id|county", "missing")),
    "place-unknown": (
        "households",
        H,
        [_h(place_id=999_999_999)],
        [],
        ("place_id", "unknown_place"),
    ),
    "place-in-other-county": (
        "households",
        H,
        [_h(county_id=OTHER_COUNTY, place_id=VILLAGE)],
        [],
        ("place_id", "place_county"),
    ),
    "household-key-twice": (
        "households",
        H,
        [_h(), _h(national_id="0013542443")],
        [],
        ("id", "duplicate_key"),
    ),
    "person-twice": (
        "households",
        H,
        [_h(), _h(id=7_000_002)],
        [],
        ("national_id", "duplicate_person"),
    ),
    "place-outside-iran": ("places", PL, [_pl(lat=39.9, lon=44.2)], [], ("lat", "outside_iran")),
    "place-lat-text": ("places", PL, [_pl(lat="north")], [], ("lat", "not_number")),
    "place-kind": ("places", PL, [_pl(kind="town")], [], ("kind", "not_allowed")),
    "status-before-joining": (
        "stores",
        ST,
        [_st(status="suspended", status_since="1404/10/20")],
        [],
        ("status_since", "before_joined"),
    ),
    "terminal-of-another-store": (
        "stores",
        ST,
        [_st(terminal_id="99000001")],
        [],
        ("terminal_id", "terminal_taken"),
    ),
    "terminal-twice": (
        "stores",
        ST,
        [_st(), _st(id=7_000_002)],
        [],
        ("terminal_id", "duplicate_terminal"),
    ),
    "store-name-too-long": ("stores", ST, [_st(name="ب" * 161)], [], ("name", "too_long")),
    "dispatched-before-filed": (
        "complaints",
        C,
        [_c(dispatched_at="1404/11/10 08:59")],
        [],
        ("dispatched_at", "before_filed"),
    ),
    "31-mehr": (
        "complaints",
        C,
        [_c(filed_at="1404/07/31 10:00", dispatched_at="")],
        [],
        ("filed_at", "no_such_day"),
    ),
    "30-esfand-common-year": (
        "complaints",
        C,
        [_c(filed_at="1404/12/30", dispatched_at="")],
        [],
        ("filed_at", "no_such_day"),
    ),
    "month-13": (
        "complaints",
        C,
        [_c(filed_at="1404/13/01", dispatched_at="")],
        [],
        ("filed_at", "no_such_day"),
    ),
    "reporter-unreadable": (
        "complaints",
        C,
        [_c(reporter="12345")],
        [],
        ("reporter", "not_reporter"),
    ),
    "complaint-store-unknown": (
        "complaints",
        C,
        [_c(store_id=123_456_789)],
        [],
        ("store_id", "unknown_store"),
    ),
    "complaint-terminal-unknown": (
        "complaints",
        C,
        [_c(store_id="", terminal_id="00000000")],
        [],
        ("terminal_id", "unknown_terminal"),
    ),
    "month-gregorian": ("allocations", A, [_a(month="2026-02")], [], ("month", "not_month")),
    "allocation-household-unknown": (
        "allocations",
        A,
        [_a(household_id=999_999_999)],
        [],
        ("household_id", "unknown_household"),
    ),
    "allocation-person-unknown": (
        "allocations",
        A,
        [_a(household_id="", national_id=HEAD_3)],
        [],
        ("national_id", "unknown_person"),
    ),
    "rial-not-tens": (
        "allocations",
        A,
        [_a(amount_toman=10_000_005)],
        ["--unit", "rial"],
        ("amount_toman", "rial_tens"),
    ),
    "amount-negative": (
        "allocations",
        A,
        [_a(amount_toman=-5)],
        [],
        ("amount_toman", "out_of_range"),
    ),
    "allocation-changed": (
        "allocations",
        A,
        [_a(month="1404-11", opens_on="1404/11/05", amount_toman=999_000)],
        [],
        ("amount_toman", "fact_changed"),
    ),
    "purchase-before-credit": (
        "purchases",
        P,
        [_p(purchased_at="1404/11/04 23:59")],
        [],
        ("purchased_at", "before_credit"),
    ),
    "purchase-overspends": (
        "purchases",
        P,
        [_p(), _p(id=7_000_002, credit_toman=600_001)],
        [],
        ("credit_toman", "overspend"),
    ),
    "purchase-credit-decimal": (
        "purchases",
        P,
        [_p(credit_toman="12.5")],
        [],
        ("credit_toman", "not_whole"),
    ),
    "purchase-store-and-terminal-differ": (
        "purchases",
        P,
        [_p(terminal_id="99000002")],
        [],
        ("terminal_id", "store_mismatch"),
    ),
    "purchase-household-and-head-differ": (
        "purchases",
        P,
        [_p(national_id=HEAD_2)],
        [],
        ("national_id", "household_mismatch"),
    ),
    "purchase-key-twice": (
        "purchases",
        P,
        [_p(credit_toman=1), _p(credit_toman=2)],
        [],
        ("id", "duplicate_key"),
    ),
    "required-column-missing": (
        "households",
        [c for c in H if c != "decile"],
        [[v for c, v in zip(H, _h(), strict=True) if c != "decile"]],
        [],
        ("decile", "missing_column"),
    ),
}


@pytest.fixture(scope="module")
def untouched(url: str) -> dict[str, tuple[int, str]]:
    """The module's database before the first bad file: each leaves it as it was, so one
    snapshot serves them all."""
    return snapshot(url)


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_a_bad_file_changes_nothing_and_says_why(
    case: str, url: str, untouched: dict, tmp_path: Path
) -> None:
    kind, header, rows, options, (column, reason) = CORPUS[case]
    path = _csv(tmp_path / f"{case}.csv", [header, *rows])
    before, logged = untouched, _audit_rows(url)
    code, summary, printed = _cli(kind, path, "--db", url, *options)
    assert code == 2
    [refusal] = refused_only(url, before, logged)
    assert (refusal["username"], refusal["kind"], refusal["file"], refusal["why"]) == (
        cli._actor(), kind, f"{case}.csv", "data.rejected",
    )  # fmt: skip
    assert refusal["values"] == {"n": summary["rejected"], "read": summary["read"]}
    assert refusal["reasons"][0][:2] == [column, reason]
    assert summary["read"] == len(rows)
    assert summary["read"] == sum(
        summary[k] for k in ("inserted", "updated", "unchanged", "rejected")
    )
    rejects = _rejects(tmp_path / f"{case}.csv.rejects.csv")
    expected_line = "1" if reason == "missing_column" else str(len(rows) + 1)
    assert summary["rejected"] == (len(rows) if reason == "missing_column" else 1)
    assert [(r["line"], r["column"]) for r in rejects] == [(expected_line, column)]
    template = i18n.t(f"import.reason.{reason}", "en").split("{detail}")[0]
    assert rejects[0]["reason"].startswith(template)
    for secret in (HEAD_1, HEAD_2, HEAD_3, "0013542443", "0013542418", "09121234567"):
        assert secret not in printed
        assert secret not in (tmp_path / f"{case}.csv.rejects.csv").read_text()
        assert secret not in json.dumps(refusal)


def test_national_ids_in_rejects_are_masked(url: str, tmp_path: Path) -> None:
    path = _csv(tmp_path / "h.csv", [H, _h(national_id="0013542418", members=40)])
    code, _, _ = _cli("households", path, "--db", url, "--rejects", str(tmp_path / "r.csv"))
    assert code == 2
    rows = {r["column"]: r for r in _rejects(tmp_path / "r.csv")}
    assert rows["national_id"]["value"] == "*******418"
    assert rows["members"]["value"] == "40"


def test_a_file_that_is_not_an_extract(url: str, tmp_path: Path) -> None:
    before, logged = snapshot(url), _audit_rows(url)
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    for name in ("empty.csv", "broken.xlsx", "missing.csv"):
        code, summary, _ = _cli("households", tmp_path / name, "--db", url)
        assert code == 2
        assert summary == {
            "kind": "households",
            "read": 0,
            "inserted": 0,
            "updated": 0,
            "unchanged": 0,
            "rejected": 0,
        }
    refusals = refused_only(url, before, logged, 3)
    assert [(r["file"], r["kind"], r["why"]) for r in refusals] == [
        (name, "households", "data.unreadable") for name in ("empty.csv", "broken.xlsx",
                                                             "missing.csv")
    ]  # fmt: skip
    assert refusals[2]["values"] == {"reason": "no such file: missing.csv"}


def test_dry_run_judges_and_stores_nothing(url: str, tmp_path: Path) -> None:
    before = snapshot(url)
    path = _csv(tmp_path / "h.csv", [H, _h()])
    code, summary, printed = _cli("households", path, "--db", url, "--dry-run")
    assert (code, summary["inserted"], summary["rejected"]) == (0, 1, 0)
    assert "dry run" in printed
    assert snapshot(url) == before


def test_an_import_is_audited_in_its_own_transaction(url: str, tmp_path: Path) -> None:
    """The audit row of a stored import names it (its imports row), its kind, file, counts and
    area; written with it, it is there exactly when the import is (the killed import below
    leaves neither)."""
    row = [9_100_001, "99100001", "فروشگاه تازه", "small_shop", COUNTY, 33.1, 47.4,
           "1404/11/01", "active", "1404/11/01"]  # fmt: skip
    path = _csv(tmp_path / "stores-new.csv", [ST, row])
    code, summary, printed = _cli("stores", path, "--db", url)
    assert (code, summary["inserted"]) == (0, 1), printed
    engine = db.make_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.max(s.imports.c.id))).scalar_one()
    engine.dispose()
    who, action, detail, province = _audit_rows(url)[-1]
    assert (who, action, province) == (cli._actor(), "import", "IR-16")
    assert audit.parsed(detail) == {
        "v": 1, "import": stored, "kind": "stores", "file": "stores-new.csv",
        "counts": "read 1, inserted 1, updated 0, unchanged 0, rejected 0",
    }  # fmt: skip
    assert audit.describe(detail, "fa").startswith(
        f"بارگذاری #{i18n.number(stored, 'fa')}؛ فروشگاه‌ها؛ stores-new.csv؛ ردیف خوانده‌شده ۱"
    )


# --- the good chain: every normalisation at once ------------------------------------------------


def _hmac(text: str) -> str:
    return hmac.new(KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def test_good_files_with_every_normalisation_load_exactly(url: str, tmp_path: Path) -> None:
    engine = db.make_engine(url)
    with engine.connect() as conn:
        spent_before = conn.execute(sa.select(sa.func.sum(s.rollup_daily.c.credit_toman))).scalar()
    # households: Windows-1256, semicolons, Persian headers, Arabic letters, 9-digit IDs
    households = _csv(
        tmp_path / "households.csv",
        [
            [
                "شناسه خانوار",
                "استان",
                "شهرستان",
                "تعداد اعضا",
                "دهک",
                "گروه",
                "کد ملی سرپرست",
                "توضیح",
            ],
            [6_000_001, "ايلام", "دره\u200cشهر", 4, 2, "support", "13542443", "<b>x</b>"],
            [6_000_002, "IR-16", "دره شهر", 2, 9, "retiree", "013542451", ""],
        ],
        encoding="cp1256",
        sep=";",
    )
    code, summary, printed = _cli("households", households, "--db", url)
    assert code == 0, printed
    assert summary == {
        "kind": "households",
        "read": 2,
        "inserted": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert "Windows-1256" in printed and "semicolon" in printed and "ignored: توضيح" in printed
    # allocations: Excel, Persian digits, Solar Hijri dates, rial
    allocations = tmp_path / "allocations.xlsx"
    book = xlsxwriter.Workbook(allocations)
    sheet = book.add_worksheet("credit")
    sheet.write_row(0, 0, ["کد ملی", "ماه", "مبلغ اعتبار", "تاریخ گشایش"])
    sheet.write_row(1, 0, ["0013542443", "۱۴۰۴/۱۱", "۲۰٬۰۰۰٬۰۰۰", "۱۴۰۴/۱۱/۰۵"])
    sheet.write_row(2, 0, [13542451, "1404-11", 8_000_000, "1404-11-05"])
    book.close()
    code, summary, printed = _cli(
        "allocations", allocations, "--db", url, "--unit", "rial", "--sheet", "credit"
    )
    assert code == 0, printed
    assert summary["inserted"] == 2
    # purchases: UTF-8 with BOM, tabs, Persian digits and separators, Solar Hijri times, rial,
    # households by national ID and stores by terminal
    purchases = _csv(
        tmp_path / "purchases.tsv.csv",
        [
            ["شناسه تراکنش", "کد ملی", "شماره پایانه", "زمان خرید", "مبلغ اعتباری", "مبلغ نقدی"],
            ["۶۰۰۰۰۰۱", "۰۰۱۳۵۴۲۴۴۳", "99000001", "۱۴۰۴/۱۱/۰۶ ۰۹:۳۰", "۱٬۵۰۰٬۰۰۰", "۰"],
            ["6000002", "13542443", "99000001", "1404-11-07 18:45:10", "500,000", "120,000"],
            ["6000003", "013542451", "99000001", "2026-01-26T11:00:00", "800000", "0"],
        ],
        encoding="utf-8-sig",
        sep="\t",
    )
    code, summary, printed = _cli("purchases", purchases, "--db", url, "--unit", "rial")
    assert code == 0, printed
    assert summary["inserted"] == 3
    with engine.connect() as conn:
        h = read_rows(
            conn,
            sa.select(s.households)
            .where(s.households.c.id >= 6_000_001)
            .where(s.households.c.id <= 6_000_002)
            .order_by(s.households.c.id),
        )
        a = read_rows(
            conn,
            sa.select(s.allocations)
            .where(s.allocations.c.household_id.in_([6_000_001, 6_000_002]))
            .order_by("household_id"),
        )
        p = read_rows(
            conn,
            sa.select(s.purchases)
            .where(s.purchases.c.id >= 6_000_001)
            .where(s.purchases.c.id <= 6_000_003)
            .order_by(s.purchases.c.id),
        )
        spent_after = conn.execute(sa.select(sa.func.sum(s.rollup_daily.c.credit_toman))).scalar()
    assert h["county_id"].to_list() == [COUNTY, COUNTY]
    assert h["head_hash"].to_list() == [_hmac("0013542443"), _hmac("0013542451")]
    assert h["members"].to_list() == [4, 2] and h["decile"].to_list() == [2, 9]
    assert a["amount_toman"].to_list() == [2_000_000, 800_000]
    assert [str(d) for d in a["opens_on"]] == ["2026-01-25", "2026-01-25"]
    assert a["month"].to_list() == ["1404-11", "1404-11"]
    assert p["household_id"].to_list() == [6_000_001, 6_000_001, 6_000_002]
    assert p["store_id"].to_list() == [EDGE_STORE] * 3
    assert p["credit_toman"].to_list() == [150_000, 50_000, 80_000]
    assert p["cash_toman"].to_list() == [0, 12_000, 0]
    assert [str(t) for t in p["purchased_at"]] == [
        "2026-01-26 09:30:00",
        "2026-01-27 18:45:10",
        "2026-01-26 11:00:00",
    ]
    assert int(spent_after) - int(spent_before) == 150_000 + 50_000 + 80_000
    _rollups_match_rebuild(url)
    # the same files again: all unchanged, nothing written
    before = snapshot(url)
    for kind, path, options in (
        ("households", households, []),
        ("allocations", allocations, ["--unit", "rial", "--sheet", "credit"]),
        ("purchases", purchases, ["--unit", "rial"]),
    ):
        code, summary, printed = _cli(kind, path, "--db", url, *options)
        assert code == 0, printed
        assert summary["unchanged"] == summary["read"] > 0
    assert snapshot(url) == before
    engine.dispose()


def test_records_update_and_the_rollups_follow(url: str, tmp_path: Path) -> None:
    """A household's decile and county revised, a store suspended, a complaint dispatched: each
    an update, recorded, with the rollups moved as a rebuild would move them."""
    engine = db.make_engine(url)
    purchase = _csv(tmp_path / "p.csv", [P, _p(id=5_000_001, credit_toman=300_000)])
    assert _cli("purchases", purchase, "--db", url)[0] == 0
    revised = _csv(
        tmp_path / "h.csv",
        [
            BASE_HOUSEHOLDS[0],
            [NEW_HOUSEHOLD, OTHER_COUNTY, 3, 6, "support", HEAD_1],
            BASE_HOUSEHOLDS[2],
        ],
    )
    code, summary, _ = _cli("households", revised, "--db", url)
    assert (code, summary["updated"], summary["unchanged"]) == (0, 1, 1)
    _rollups_match_rebuild(url)
    with engine.connect() as conn:
        row = conn.execute(sa.select(s.households).where(s.households.c.id == NEW_HOUSEHOLD)).one()
        change = conn.execute(
            sa.select(s.import_changes.c.record, s.import_changes.c.changed).order_by(
                s.import_changes.c.import_id.desc()
            )
        ).first()
        stored = conn.execute(sa.select(s.stores).where(s.stores.c.id == SUSPENDED_STORE)).one()
    assert (row.county_id, row.decile) == (OTHER_COUNTY, 6)
    assert tuple(change) == (str(NEW_HOUSEHOLD), "county_id,decile")
    suspended = _csv(
        tmp_path / "s.csv",
        [
            ST,
            [
                SUSPENDED_STORE,
                stored.terminal_id,
                stored.name,
                stored.kind,
                stored.county_id,
                stored.lat,
                stored.lon,
                str(stored.joined_on),
                "terminated",
                "2026-02-03",
            ],
        ],
    )
    code, summary, _ = _cli("stores", suspended, "--db", url)
    assert (code, summary["updated"]) == (0, 1)
    with engine.connect() as conn:
        after = conn.execute(sa.select(s.stores).where(s.stores.c.id == SUSPENDED_STORE)).one()
        imports = conn.execute(sa.select(s.imports).order_by(s.imports.c.id.desc())).first()
    assert (after.status, str(after.status_since)) == ("terminated", "2026-02-03")
    assert (imports.kind, imports.updated, imports.file_name) == ("stores", 1, "s.csv")
    assert imports.sha256 == hashlib.sha256((tmp_path / "s.csv").read_bytes()).hexdigest()
    engine.dispose()


def test_purchases_of_a_month_roll_up_like_a_rebuild(url: str, tmp_path: Path) -> None:
    """Purchases cut from the database and imported back (a month at the end, and every
    third one in the middle of households' histories) leave the rollups a rebuild leaves."""
    engine = db.make_engine(url)
    for cut in (s.purchases.c.purchased_at >= dt.datetime(2026, 3, 1), s.purchases.c.id % 3 == 0):
        with engine.begin() as conn:
            cut_rows = read_rows(
                conn, sa.select(s.purchases).where(cut, s.purchases.c.id < 5_000_000)
            )
            conn.execute(s.purchases.delete().where(s.purchases.c.id.in_(cut_rows["id"].to_list())))
            rollups.rebuild(conn)
        path = tmp_path / "cut.csv"
        cut_rows.write_csv(path)
        code, summary, printed = _cli("purchases", path, "--db", url)
        assert code == 0, printed
        assert summary["inserted"] == cut_rows.height > 100
        _rollups_match_rebuild(url)
    engine.dispose()


def test_template_lists_the_columns_with_two_rows(tmp_path: Path) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["import", "--template", "purchases"]) == 0
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == [
        "id",
        "household_id",
        "national_id",
        "store_id",
        "terminal_id",
        "purchased_at",
        "credit_toman",
        "cash_toman",
        "basket_id",
    ]
    assert len(rows) == 3
    assert cli.main(["import", "--template", "stores", "--output", str(tmp_path / "t.xlsx")]) == 0
    assert pl.read_excel(tmp_path / "t.xlsx").height == 2


def test_a_clean_run_removes_the_rejects_of_an_earlier_one(url: str, tmp_path: Path) -> None:
    path = _csv(tmp_path / "h.csv", [H, _h(members=0)])
    assert _cli("households", path, "--db", url, "--dry-run")[0] == 2
    assert (tmp_path / "h.csv.rejects.csv").exists()
    _csv(path, [H, _h()])
    code, _, printed = _cli("households", path, "--db", url, "--dry-run")
    assert code == 0 and "removed the earlier rejects file" in printed
    assert not (tmp_path / "h.csv.rejects.csv").exists()


def test_the_real_command_line(url: str, tmp_path: Path) -> None:
    """The contract as outside checks call it: a process, its status, its last line."""
    path = _csv(tmp_path / "c.csv", [C, _c(id=7_300_001, reporter="0812")])
    env = {**os.environ, "KALABARG_ID_KEY": KEY}
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "import", "complaints", str(path), "--db", url,
         "--rejects", str(tmp_path / "out.csv")],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "kind": "complaints", "read": 1, "inserted": 0, "updated": 0, "unchanged": 0,
        "rejected": 1,
    }  # fmt: skip
    assert [r["column"] for r in _rejects(tmp_path / "out.csv")] == ["reporter"]


def test_one_reason_per_refused_cell_and_ragged_lines_named(url: str, tmp_path: Path) -> None:
    """An unreadable national ID is not also 'no household given'; a line with more fields
    than the header is not cut short silently: it is rejected by its line."""
    path = _csv(tmp_path / "p.csv", [P, _p(household_id="", national_id="12")])
    code, summary, _ = _cli("purchases", path, "--db", url)
    assert (code, summary["rejected"]) == (2, 1)
    assert [r["column"] for r in _rejects(tmp_path / "p.csv.rejects.csv")] == ["national_id"]
    ragged = tmp_path / "ragged.csv"
    good = ",".join(map(str, _h()))
    second = good.replace("7000001", "7000002").replace(HEAD_3, "0013542443")
    ragged.write_text(",".join(H) + "\n" + good + "\n" + second + ",extra\n")
    before, logged = snapshot(url), _audit_rows(url)
    code, summary, _ = _cli("households", ragged, "--db", url)
    assert (code, summary["read"], summary["rejected"]) == (2, 2, 1)
    assert [(r["line"], r["reason"]) for r in _rejects(tmp_path / "ragged.csv.rejects.csv")] == [
        ("3", i18n.reason("more_fields", None, "en"))
    ]
    [refusal] = refused_only(url, before, logged)
    assert [reason[1] for reason in refusal["reasons"]] == ["more_fields"]


def test_blank_lines_are_skipped_and_said(url: str, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(",".join(H) + "\n" + ",".join(map(str, _h())) + "\n,,,,,,,,\n\n\n")
    code, summary, printed = _cli("households", path, "--db", url, "--dry-run")
    assert (code, summary["read"], summary["inserted"]) == (0, 1, 1)
    assert "blank lines, skipped: 2" in printed or "blank lines, skipped: 3" in printed


def test_a_header_without_the_required_columns_is_refused_even_with_no_rows(url, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("foo,bar\n")
    code, summary, _ = _cli("households", path, "--db", url)
    assert code == 2 and summary["read"] == 0
    columns = {r["column"] for r in _rejects(tmp_path / "notes.csv.rejects.csv")}
    assert {"members", "decile", "grp", "national_id", "county_id|county"} <= columns
    assert "id" not in columns, "a household list may key households by the head alone"


def test_rejects_quote_cells_as_the_file_has_them(url: str, tmp_path: Path) -> None:
    path = _csv(tmp_path / "c.csv", [C, _c(dispatched_at="1404/11/10 08:59")])
    assert _cli("complaints", path, "--db", url)[0] == 2
    assert _rejects(tmp_path / "c.csv.rejects.csv")[0]["value"] == "1404/11/10 08:59"


def test_no_cell_of_an_unreadable_file_is_printed(url: str, tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(",".join(H) + "\n" + ",".join(map(str, _h()))[:-10] + '"0013542443\n')
    code, summary, printed = _cli("households", path, "--db", url)
    assert code == 2
    assert "0013542443" not in printed


def test_a_column_left_out_keeps_its_stored_value(url: str, tmp_path: Path) -> None:
    """A store file without chain or place_id suspends the store and keeps its chain."""
    engine = db.make_engine(url)
    with engine.connect() as conn:
        before = conn.execute(sa.select(s.stores).where(s.stores.c.id == EDGE_STORE)).one()
    header = ["id", "terminal_id", "name", "kind", "county_id", "lat", "lon", "joined_on",
              "status", "status_since"]  # fmt: skip
    row = [EDGE_STORE, before.terminal_id, before.name, before.kind, before.county_id,
           before.lat, before.lon, str(before.joined_on), "suspended", "2026-02-04"]  # fmt: skip
    code, summary, _ = _cli("stores", _csv(tmp_path / "s.csv", [header, row]), "--db", url)
    assert (code, summary["updated"]) == (0, 1)
    with engine.connect() as conn:
        after = conn.execute(sa.select(s.stores).where(s.stores.c.id == EDGE_STORE)).one()
        change = conn.execute(sa.select(s.import_changes.c.changed)
                              .order_by(s.import_changes.c.import_id.desc())).scalar()  # fmt: skip
    assert (after.status, after.chain, after.place_id) == ("suspended", before.chain,
                                                          before.place_id)  # fmt: skip
    assert change == "status,status_since"
    engine.dispose()


def test_rollups_brought_up_to_date_in_many_batches_equal_a_rebuild(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rollup delta taken 50 households at a time (a province's import takes 100,000)."""
    monkeypatch.setattr(rollups, "DELTA_HOUSEHOLDS", 50)
    engine = db.make_engine(url)
    cut = (s.purchases.c.id % 5 == 1) & (s.purchases.c.id < 5_000_000)
    with engine.begin() as conn:
        rows = read_rows(conn, sa.select(s.purchases).where(cut))
        conn.execute(s.purchases.delete().where(cut))
        rollups.rebuild(conn)
    rows.write_csv(tmp_path / "cut.csv")
    code, summary, printed = _cli("purchases", tmp_path / "cut.csv", "--db", url)
    assert code == 0, printed
    assert summary["inserted"] == rows.height > 1000
    _rollups_match_rebuild(url)
    engine.dispose()


def test_purchases_judged_and_stored_a_bucket_at_a_time(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A purchases file read in many batches and judged in many buckets of households (a
    province's month: 20 of 500,000 rows): a bad row in the last line is named and nothing of
    the buckets stored before it stays; without it, every row stored and the rollups those of
    a rebuild."""
    monkeypatch.setattr(reading, "BATCH_ROWS", 300)
    monkeypatch.setattr(staging, "BUCKET_ROWS", 150)
    engine = db.make_engine(url)
    cut = (s.purchases.c.id % 7 == 2) & (s.purchases.c.id < 5_000_000)
    rows = _cut(engine, cut)
    with engine.connect() as conn:
        unused = conn.execute(sa.select(sa.func.max(s.purchases.c.id))).scalar_one() + 1
    rows.write_csv(tmp_path / "month.csv")
    greedy = rows.tail(1).with_columns(id=pl.lit(unused, pl.Int64),
                                       credit_toman=pl.lit(10**10, pl.Int64))  # fmt: skip
    pl.concat([rows, greedy]).write_csv(tmp_path / "greedy.csv")
    before, logged = snapshot(url), _audit_rows(url)
    code, summary, _ = _cli("purchases", tmp_path / "greedy.csv", "--db", url)
    assert code == 2
    assert summary["rejected"] == 1 and summary["inserted"] == rows.height > 1000
    rejects = _rejects(tmp_path / "greedy.csv.rejects.csv")
    assert [(r["line"], r["column"]) for r in rejects] == [(str(rows.height + 2), "credit_toman")]
    [refusal] = refused_only(url, before, logged)  # the buckets stored while judging undone
    assert (refusal["kind"], refusal["values"]) == ("purchases", {"n": 1, "read": rows.height + 1})
    code, summary, printed = _cli("purchases", tmp_path / "month.csv", "--db", url)
    assert code == 0, printed
    assert summary["inserted"] == rows.height
    with engine.connect() as conn:
        assert read_rows(conn, sa.select(s.purchases).where(cut).order_by(
            s.purchases.c.id)).equals(rows)  # fmt: skip
    _rollups_match_rebuild(url)
    engine.dispose()


def _cut(engine: sa.Engine, where: sa.ColumnElement[bool]) -> pl.DataFrame:
    """Take the purchases where `where` holds out of the database (rollups rebuilt without
    them) and return them, by id."""
    with engine.begin() as conn:
        rows = read_rows(conn, sa.select(s.purchases).where(where).order_by(s.purchases.c.id))
        conn.execute(s.purchases.delete().where(where))
        rollups.rebuild(conn)
    return rows


KILLED = """
import os, signal, sys
from dashboard import staging
from dashboard.importer.storing import Staged
import cli
staging.BUCKET_ROWS = 150
stored, calls = Staged.__call__, []
def store_then_die(self, rows, context):
    stored(self, rows, context)
    calls.append(1)
    if len(calls) == 3:  # three buckets stored in the import's transaction
        os.kill(os.getpid(), signal.SIGKILL)
Staged.__call__ = store_then_die
cli.main(["import", "purchases", sys.argv[1], "--db", sys.argv[2]])
"""


def test_an_import_killed_half_way_leaves_nothing_and_the_next_run_works(
    url: str, tmp_path: Path
) -> None:
    """The process killed (SIGKILL) with three buckets of purchases stored in its transaction:
    the database as it was; the next run stores the file and removes what the killed one left
    on disk."""
    engine = db.make_engine(url)
    cut = (s.purchases.c.id % 7 == 3) & (s.purchases.c.id < 5_000_000)
    rows = _cut(engine, cut)
    rows.write_csv(tmp_path / "month.csv")
    before = snapshot(url)
    killed = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(tmp_path / "month.csv"), url],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "KALABARG_ID_KEY": KEY},
    )  # fmt: skip
    _, errors = killed.communicate()
    assert killed.returncode == -9, errors
    assert snapshot(url) == before
    left = list(Path(tempfile.gettempdir()).glob(f"kalabarg-staging-{killed.pid}-*"))
    assert left
    code, summary, printed = _cli("purchases", tmp_path / "month.csv", "--db", url)
    assert code == 0, printed
    assert summary["inserted"] == rows.height > 1000
    assert not any(folder.exists() for folder in left)
    _rollups_match_rebuild(url)
    engine.dispose()


def test_the_app_s_own_persian_labels_are_headers_too() -> None:
    """Every column the app labels (i18n col.<name>) takes that label as a header, unless the
    label means something else there (col.chain counts chain stores; it is not a chain's
    name)."""
    for kind in KINDS.values():
        for column in kind.columns:
            label = i18n.TABLE.get(f"col.{column.name}")
            if label and column.name != "chain":
                mapped, _, _ = _map_headers([("c0", label[0])], kind)
                assert mapped == {"c0": column.name}, (kind.name, column.name)


def test_a_provincial_data_officer_imports_only_their_province(url: str, tmp_path: Path) -> None:
    """Rows of another province are rejected (outside_area) and the file stores nothing; the
    same file imported nationally (the command line) is judged clean of that."""
    places = _csv(tmp_path / "places.csv", [
        ["id", "county_id", "name_fa", "kind", "lat", "lon", "population"],
        [900000101, COUNTY, "روستای آزمون", "village", 33.15, 47.40, 300],
        [900000102, 1279146, "روستای لرستان", "village", 33.45, 48.30, 200],  # Khorramabad
    ])  # fmt: skip
    engine = db.make_engine(url)
    before, logged = snapshot(url), _audit_rows(url)
    ilam = importer_run(engine, "places", places, province="IR-16", actor="data.ilam")
    reasons = ilam.judgement.problems.select("line", "column", "reason").rows()
    assert reasons == [(3, "county_id", "outside_area")]
    assert not ilam.stored
    [refusal] = refused_only(url, before, logged)
    assert (refusal["username"], refusal["province"], refusal["kind"], refusal["file"]) == (
        "data.ilam", "IR-16", "places", "places.csv",
    )  # fmt: skip
    assert refusal["reasons"] == [["county_id", "outside_area", "IR-16", 1]]
    assert "dry_run" not in refusal
    assert audit.describe(json.dumps(refusal), "en").endswith(
        "county_id: outside your province (IR-16) (1 rows) — refused: "
        + i18n.t("data.rejected", "en", n=1, read=2)
    )
    assert "IR-16" in i18n.reason("outside_area", "IR-16", "en")
    logged = _audit_rows(url)
    national = importer_run(engine, "places", places, dry_run=True)
    assert "outside_area" not in national.judgement.problems["reason"].to_list()
    assert _audit_rows(url) == logged, "a clean check leaves no trace"
    credit = _csv(tmp_path / "allocations.csv", [
        ["household_id", "month", "amount_toman", "opens_on"],
        [NEW_HOUSEHOLD, "1404-12", 1_000_000, "1404/12/05"],  # a household of Ilam
    ])  # fmt: skip
    lorestan = importer_run(engine, "allocations", credit, province="IR-15", dry_run=True,
                            actor="data.lorestan")  # fmt: skip
    assert lorestan.judgement.problems.select("column", "reason").rows() == [
        ("household_id", "outside_area")
    ]
    [checked] = refused_only(url, before, logged)  # a check refused is on record too
    assert (checked["username"], checked["province"], checked["dry_run"]) == (
        "data.lorestan", "IR-15", True,
    )  # fmt: skip
    engine.dispose()


WELFARE = ["national_id", "province", "county", "members", "decile", "grp"]  # its own columns
HEAD_4, HEAD_5, HEAD_6, HEAD_7 = "0013542508", "0013542516", "0013542524", "0013542532"


def _household_of(url: str, head: str) -> tuple | None:
    engine = db.make_engine(url)
    with engine.connect() as conn:
        h = s.households
        row = conn.execute(
            sa.select(h.c.id, h.c.decile).where(h.c.head_hash == _hmac(head))
        ).one_or_none()
    engine.dispose()
    return None if row is None else tuple(row)


def test_a_household_list_keyed_by_the_head_loads_and_credit_follows(url, tmp_path) -> None:
    """The welfare database's list as it comes (no id of ours): a new head gets a new id, the
    same head again is unchanged, with another decile updated under the same id; the same head
    twice in one file is a rejected line; then credit and purchases by national ID."""
    engine = db.make_engine(url)
    with engine.connect() as conn:
        top = conn.execute(sa.select(sa.func.max(s.households.c.id))).scalar_one()
    engine.dispose()
    rows = [
        [HEAD_4, "ایلام", COUNTY_FA, 4, 3, "subsidy"],
        [HEAD_5, "ایلام", COUNTY_FA, 2, 5, "support"],
    ]
    listed = _csv(tmp_path / "households.csv", [WELFARE, *rows])
    code, summary, printed = _cli("households", listed, "--db", url)
    assert (code, summary["inserted"], summary["rejected"]) == (0, 2, 0), printed
    first, second = _household_of(url, HEAD_4), _household_of(url, HEAD_5)
    assert (first, second) == ((top + 1, 3), (top + 2, 5)), "new ids past every stored one"
    code, summary, _ = _cli("households", listed, "--db", url)
    assert (code, summary["unchanged"], summary["inserted"]) == (0, 2, 0)
    moved = _csv(tmp_path / "moved.csv", [WELFARE, [HEAD_4, "ایلام", COUNTY_FA, 4, 6, "subsidy"]])
    code, summary, _ = _cli("households", moved, "--db", url)
    assert (code, summary["updated"]) == (0, 1)
    assert _household_of(url, HEAD_4) == (top + 1, 6), "the same household, its new decile"

    before, logged = snapshot(url), _audit_rows(url)
    twice = _csv(
        tmp_path / "twice.csv",
        [
            WELFARE,
            rows[0][:3] + [4, 6, "subsidy"],
            [HEAD_6, "ایلام", COUNTY_FA, 3, 2, "subsidy"],
            [HEAD_6, "ایلام", COUNTY_FA, 3, 2, "subsidy"],
        ],
    )
    code, summary, _ = _cli("households", twice, "--db", url)
    assert (code, summary["rejected"]) == (2, 1)
    rejects = _rejects(tmp_path / "twice.csv.rejects.csv")
    assert [(r["line"], r["column"]) for r in rejects] == [("4", "national_id")]
    assert rejects[0]["reason"].startswith(
        i18n.t("import.reason.duplicate_person", "en").split("{detail}")[0]
    )
    header = ["id", *WELFARE]
    taken = _csv(
        tmp_path / "taken.csv",
        [
            header,
            [top + 1, HEAD_7, "ایلام", COUNTY_FA, 4, 6, "subsidy"],
            ["", *rows[0][:3], 4, 6, "subsidy"],
        ],
    )
    code, summary, _ = _cli("households", taken, "--db", url)
    assert code == 2, "a head's stored id given to another line too"
    assert [(r["line"], r["column"]) for r in _rejects(tmp_path / "taken.csv.rejects.csv")] == [
        ("3", "id")
    ]
    twice_refused, taken_refused = refused_only(url, before, logged, 2)
    assert (twice_refused["file"], taken_refused["file"]) == ("twice.csv", "taken.csv")
    for secret in (HEAD_4, HEAD_5, HEAD_6, HEAD_7):
        assert secret not in json.dumps([twice_refused, taken_refused])

    credit = _csv(
        tmp_path / "allocations.csv",
        [A, _a(household_id="", national_id=HEAD_4), _a(household_id="", national_id=HEAD_5)],
    )
    code, summary, printed = _cli("allocations", credit, "--db", url)
    assert (code, summary["inserted"]) == (0, 2), printed
    bought = _csv(
        tmp_path / "purchases.csv",
        [
            P,
            _p(
                id=6_500_001,
                household_id="",
                national_id=HEAD_4,
                purchased_at="1404/12/06 10:00",
                credit_toman=250_000,
            ),
        ],
    )
    code, summary, printed = _cli("purchases", bought, "--db", url)
    assert (code, summary["inserted"]) == (0, 1), printed
    engine = db.make_engine(url)
    with engine.connect() as conn:
        spent = conn.execute(
            sa.select(s.purchases.c.household_id, s.purchases.c.credit_toman).where(
                s.purchases.c.id == 6_500_001
            )
        ).one()
    engine.dispose()
    assert tuple(spent) == (top + 1, 250_000)
    _rollups_match_rebuild(url)
