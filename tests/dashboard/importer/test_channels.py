"""The programme's other channels imported (issue 30): method_two, mother_packages and
applications, on SQLite and PostgreSQL, through the command line's contract: clean files stored
exactly (Solar Hijri and Gregorian moments, households by id or by the head's national ID,
stores by id or terminal), re-imports that change nothing, a record that moves on by id, the
order of each record's moments judged on the row as it would be stored, a provincial data
officer's area, and the folder import."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

import cli
from dashboard import db, i18n
from dashboard import schema as s
from dashboard.importer.run import run as importer_run
from tests.dashboard.importer.test_run import KEY, _cli, _csv, _rejects
from tests.populate import EDGE_STORE, EDGE_TOWN, PROVINCE

LORESTAN_COUNTY = 1279146  # Khorramabad, IR-15
ILAM_COUNTY_FA = "دره‌شهر"  # Darreh Shahr, Ilam (741497)
HOUSEHOLD_A, HOUSEHOLD_B, HOUSEHOLD_L, HOUSEHOLD_T = 8_300_001, 8_300_002, 8_300_003, 8_300_004
HEAD_A, HEAD_B, HEAD_L = "0013543008", "0013543016", "0013543024"
APPLICANT_1, APPLICANT_2, APPLICANT_3 = "0013543032", "0013543040", "0013543059"
TEMPLATE_HEAD = "0013542419"  # the templates' example national ID
TERMINAL = "99000001"  # the edge store's
HOUSEHOLDS = [
    ["id", "county_id", "members", "decile", "grp", "national_id"],
    [HOUSEHOLD_A, EDGE_TOWN, 4, 3, "support", HEAD_A],
    [HOUSEHOLD_B, EDGE_TOWN, 2, 5, "subsidy", HEAD_B],
    [HOUSEHOLD_L, LORESTAN_COUNTY, 3, 2, "support", HEAD_L],
    [HOUSEHOLD_T, EDGE_TOWN, 5, 4, "subsidy", TEMPLATE_HEAD],
]
M2 = ["id", "household_id", "national_id", "registered_at", "cancelled_at", "store_id",
      "terminal_id", "delivered_at", "package_toman"]  # fmt: skip
MP = ["id", "household_id", "national_id", "kind", "eligible_on", "issued_on", "collected_at",
      "store_id", "terminal_id"]  # fmt: skip
AP = ["id", "national_id", "province", "county_id", "county", "members", "filed_at",
      "decided_at", "outcome", "household_id"]  # fmt: skip
TABLES = {"method_two": s.method_two, "mother_packages": s.mother_packages,
          "applications": s.applications}  # fmt: skip


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


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
    """A database with four imported households (three in Ilam's edge town, one in Lorestan)."""
    path = _csv(tmp_path_factory.mktemp("heads") / "households.csv", HOUSEHOLDS)
    code, summary, printed = _cli("households", path, "--db", writable_url)
    assert (code, summary["inserted"]) == (0, 4), printed
    return writable_url


def _hmac(text: str) -> str:
    return hmac.new(KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def _rows(url: str, table: sa.Table, ids: list[int] | None = None) -> list[tuple]:
    """table's rows (of ids, or every one) in id order."""
    engine = db.make_engine(url)
    query = sa.select(table).order_by(table.c.id)
    if ids is not None:
        query = query.where(table.c.id.in_(ids))
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(query)]
    engine.dispose()
    return rows


def _m2(**change) -> list:
    row = dict(zip(M2, [7_300_100, HOUSEHOLD_A, "", "1404/11/01 10:00", "", "", "", "",
                        1_000_000], strict=True))  # fmt: skip
    return [change.get(c, row[c]) for c in M2]


def _mp(**change) -> list:
    row = dict(zip(MP, [7_300_100, HOUSEHOLD_A, "", "pregnancy", "1404/10/01", "", "", "", ""],
                   strict=True))  # fmt: skip
    return [change.get(c, row[c]) for c in MP]


def _ap(**change) -> list:
    row = dict(zip(AP, [7_300_100, APPLICANT_3, "", EDGE_TOWN, "", 3, "1404/11/01 09:00", "",
                        "", ""], strict=True))  # fmt: skip
    return [change.get(c, row[c]) for c in AP]


# --- clean files --------------------------------------------------------------------------------


def test_clean_files_store_exactly_their_rows_and_again_change_nothing(url, tmp_path) -> None:
    """Each kind's clean file: its rows read back as given (Solar Hijri and Gregorian moments,
    Persian digits, a household by the head's national ID, a store by its terminal, an
    applicant hashed); the same file again is unchanged and stores nothing."""
    files = {
        "method_two": [
            ["کد ثبت‌نام", *M2[1:]],  # a Persian header
            [7_300_001, HOUSEHOLD_A, "", "1404/11/01 10:00", "", EDGE_STORE, "",
             "1404/11/08 12:30", 2_500_000],
            [7_300_002, "", HEAD_B, "2026-01-25 09:30:00", "1404/11/10 08:00", "", TERMINAL, "",
             "۳٬۰۰۰٬۰۰۰"],
            [7_300_003, "", HEAD_A, "۱۴۰۴/۱۱/۰۲ ۱۱:۰۰", "", "", "", "", 1_500_000],
        ],
        "mother_packages": [
            MP,
            [7_300_001, HOUSEHOLD_A, "", "pregnancy", "1404/10/01", "1404/10/05",
             "1404/10/05 00:00", "", TERMINAL],  # collected at the issue day's midnight
            [7_300_002, "", HEAD_B, "Infant", "2026-01-05", "", "", "", ""],
        ],
        "applications": [
            AP,
            [7_300_001, APPLICANT_1, "", EDGE_TOWN, "", 4, "1404/11/01 09:00",
             "2026-01-28 12:00", "approved", HOUSEHOLD_A],
            [7_300_002, APPLICANT_2, "ایلام", "", ILAM_COUNTY_FA, "۲", "2026-02-01T10:00", "",
             "", ""],
            [7_300_003, HEAD_B, "", EDGE_TOWN, "", 1, "1404/11/03 08:00", "1404/11/04 09:00",
             "rejected", ""],  # a stored head applying: the applicant resolves no household
        ],
    }  # fmt: skip
    expected = {
        "method_two": [
            (7_300_001, HOUSEHOLD_A, _at("2026-01-21 10:00"), None, EDGE_STORE,
             _at("2026-01-28 12:30"), 2_500_000),
            (7_300_002, HOUSEHOLD_B, _at("2026-01-25 09:30"), _at("2026-01-30 08:00"),
             EDGE_STORE, None, 3_000_000),
            (7_300_003, HOUSEHOLD_A, _at("2026-01-22 11:00"), None, None, None, 1_500_000),
        ],
        "mother_packages": [
            (7_300_001, HOUSEHOLD_A, "pregnancy", dt.date(2025, 12, 22), dt.date(2025, 12, 26),
             _at("2025-12-26 00:00"), EDGE_STORE),
            (7_300_002, HOUSEHOLD_B, "infant", dt.date(2026, 1, 5), None, None, None),
        ],
        "applications": [
            (7_300_001, _hmac(APPLICANT_1), EDGE_TOWN, 4, _at("2026-01-21 09:00"),
             _at("2026-01-28 12:00"), "approved", HOUSEHOLD_A),
            (7_300_002, _hmac(APPLICANT_2), 741497, 2, _at("2026-02-01 10:00"), None, None,
             None),
            (7_300_003, _hmac(HEAD_B), EDGE_TOWN, 1, _at("2026-01-23 08:00"),
             _at("2026-01-24 09:00"), "rejected", None),
        ],
    }  # fmt: skip
    ids = [7_300_001, 7_300_002, 7_300_003]
    for kind, rows in files.items():
        table = TABLES[kind]
        others = [r for r in _rows(url, table) if r[0] not in ids]
        path = _csv(tmp_path / f"{kind}.csv", rows)
        code, summary, printed = _cli(kind, path, "--db", url)
        assert (code, summary) == (0, {"kind": kind, "read": len(rows) - 1,
                                       "inserted": len(rows) - 1, "updated": 0, "unchanged": 0,
                                       "rejected": 0}), printed  # fmt: skip
        assert _rows(url, table, ids) == expected[kind], kind
        assert [r for r in _rows(url, table) if r[0] not in ids] == others, "nothing else"
        stored = _rows(url, table)
        code, summary, printed = _cli(kind, path, "--db", url)
        assert (code, summary["unchanged"], summary["inserted"], summary["updated"]) == (
            0, len(rows) - 1, 0, 0), printed  # fmt: skip
        assert "nothing to store" in printed
        assert _rows(url, table) == stored
    engine = db.make_engine(url)
    with engine.connect() as conn:
        kinds = conn.execute(sa.select(s.imports.c.kind, s.imports.c.latest_event)
                             .where(s.imports.c.kind.in_(list(TABLES)))
                             .order_by(s.imports.c.id)).all()  # fmt: skip
    engine.dispose()
    assert [tuple(k) for k in kinds] == [
        ("method_two", _at("2026-01-25 09:30")),  # the latest registration
        ("mother_packages", _at("2026-01-05 00:00")),
        ("applications", _at("2026-02-01 10:00")),
    ], "one import each (the re-imports left no trace), with the latest event of each"


def test_a_method_two_record_moves_from_registered_to_delivered(url, tmp_path) -> None:
    """Registered first; then a file of only id, household, registration and delivery updates
    it by id: the delivery stored, the rest (store, package) kept, the change recorded."""
    first = _csv(tmp_path / "registered.csv", [M2, _m2(id=7_300_010, store_id=EDGE_STORE,
                                                       package_toman=2_000_000)])  # fmt: skip
    code, summary, printed = _cli("method_two", first, "--db", url)
    assert (code, summary["inserted"]) == (0, 1), printed
    assert _rows(url, s.method_two, [7_300_010]) == [
        (7_300_010, HOUSEHOLD_A, _at("2026-01-21 10:00"), None, EDGE_STORE, None, 2_000_000)
    ]
    moved = _csv(tmp_path / "delivered.csv", [
        ["id", "household_id", "registered_at", "delivered_at"],
        [7_300_010, HOUSEHOLD_A, "1404/11/01 10:00", "1404/11/05 16:45"],
    ])  # fmt: skip
    code, summary, printed = _cli("method_two", moved, "--db", url)
    assert (code, summary["updated"], summary["inserted"], summary["rejected"]) == (0, 1, 0, 0)
    assert _rows(url, s.method_two, [7_300_010]) == [
        (7_300_010, HOUSEHOLD_A, _at("2026-01-21 10:00"), None, EDGE_STORE,
         _at("2026-01-25 16:45"), 2_000_000)
    ]  # fmt: skip
    engine = db.make_engine(url)
    with engine.connect() as conn:
        change = conn.execute(sa.select(s.import_changes.c.record, s.import_changes.c.changed)
                              .order_by(s.import_changes.c.import_id.desc())).first()  # fmt: skip
    engine.dispose()
    assert tuple(change) == ("7300010", "delivered_at")
    code, summary, _ = _cli("method_two", moved, "--db", url)
    assert (code, summary["unchanged"], summary["updated"]) == (0, 1, 0)


# --- the order of moments, and the columns that go together -------------------------------------

# kind, the bad row (after a good one), (column, reason) expected
ORDER_CASES = {
    "cancelled-before-registered": (
        "method_two", _m2(cancelled_at="1404/10/30 10:00"), ("cancelled_at", "before_registered")
    ),
    "delivered-before-registered": (
        "method_two", _m2(delivered_at="2026-01-21 09:59"), ("delivered_at", "before_registered")
    ),
    "delivered-after-cancelled": (
        "method_two",
        _m2(cancelled_at="1404/11/03 10:00", delivered_at="1404/11/04 10:00"),
        ("delivered_at", "after_cancelled"),
    ),
    "issued-before-eligible": (
        "mother_packages", _mp(issued_on="1404/09/30"), ("issued_on", "before_eligible")
    ),
    "collected-before-issued": (
        "mother_packages",
        _mp(issued_on="1404/10/05", collected_at="1404/10/04 23:59"),
        ("collected_at", "before_issued"),
    ),
    "collected-not-issued": (
        "mother_packages", _mp(collected_at="1404/10/06 10:00"),
        ("collected_at", "collected_not_issued"),
    ),
    "decided-before-filed": (
        "applications", _ap(decided_at="1404/10/30 09:00", outcome="rejected"),
        ("decided_at", "before_filed"),
    ),
    "outcome-undecided": (
        "applications", _ap(outcome="approved"), ("outcome", "outcome_undecided")
    ),
    "decided-no-outcome": (
        "applications", _ap(decided_at="1404/11/02 09:00"), ("decided_at", "decided_no_outcome")
    ),
    "household-rejected-application": (
        "applications",
        _ap(decided_at="1404/11/02 09:00", outcome="rejected", household_id=HOUSEHOLD_A),
        ("household_id", "household_not_approved"),
    ),
    "household-undecided-application": (
        "applications", _ap(household_id=HOUSEHOLD_A), ("household_id", "household_not_approved")
    ),
}  # fmt: skip
GOOD = {"method_two": (M2, _m2), "mother_packages": (MP, _mp), "applications": (AP, _ap)}


@pytest.mark.parametrize("case", sorted(ORDER_CASES))
def test_a_row_out_of_order_is_rejected_and_nothing_stored(case, url, tmp_path) -> None:
    kind, bad, (column, reason) = ORDER_CASES[case]
    header, good = GOOD[kind]
    bad = [7_300_201 if c == "id" else v for c, v in zip(header, bad, strict=True)]
    table = TABLES[kind]
    before = _rows(url, table)
    path = _csv(tmp_path / f"{case}.csv", [header, good(id=7_300_200), bad])
    code, summary, printed = _cli(kind, path, "--db", url)
    assert code == 2, printed
    assert (summary["read"], summary["rejected"], summary["inserted"]) == (2, 1, 1)
    assert _rows(url, table) == before, "the good row is not stored either"
    rejects = _rejects(tmp_path / f"{case}.csv.rejects.csv")
    assert [(r["line"], r["column"]) for r in rejects] == [("3", column)]
    assert rejects[0]["reason"].startswith(
        i18n.t(f"import.reason.{reason}", "en").split("{detail}")[0]
    )
    assert i18n.reason(reason, "2026-01-21", "fa") != i18n.reason(reason, "2026-01-21", "en")
    assert "Traceback" not in printed


def test_order_is_judged_on_the_row_as_it_would_be_stored(url, tmp_path) -> None:
    """A file that leaves a column out keeps its stored value, so the order is judged with it:
    delivering a package that is stored as cancelled, collecting one stored as not issued,
    rejecting an application stored as approved with its household; each rejected with its
    reason (the stored moment quoted), nothing stored, and no database error."""
    seed = {
        "method_two": [M2, _m2(id=7_300_300, cancelled_at="1404/11/03 10:00")],
        "mother_packages": [MP, _mp(id=7_300_300)],
        "applications": [AP, _ap(id=7_300_300, decided_at="1404/11/02 09:00",
                                 outcome="approved", household_id=HOUSEHOLD_B)],
    }  # fmt: skip
    for kind, rows in seed.items():
        code, summary, printed = _cli(kind, _csv(tmp_path / f"seed-{kind}.csv", rows), "--db", url)
        assert (code, summary["inserted"]) == (0, 1), printed
    updates = {
        "method_two": [
            ["id", "household_id", "registered_at", "delivered_at"],
            [7_300_300, HOUSEHOLD_A, "1404/11/01 10:00", "1404/11/04 10:00"],
        ],
        "mother_packages": [
            ["id", "household_id", "kind", "eligible_on", "collected_at"],
            [7_300_300, HOUSEHOLD_A, "pregnancy", "1404/10/01", "1404/10/06 10:00"],
        ],
        "applications": [
            ["id", "national_id", "county_id", "members", "filed_at", "outcome"],
            [7_300_300, APPLICANT_3, EDGE_TOWN, 3, "1404/11/01 09:00", "rejected"],
        ],
    }
    expected = {
        "method_two": ("delivered_at", "1404/11/04 10:00",
                       "after cancelled_at (2026-01-23 10:00:00)"),
        "mother_packages": ("collected_at", "1404/10/06 10:00",
                            i18n.t("import.reason.collected_not_issued", "en")),
        "applications": ("household_id", str(HOUSEHOLD_B),
                         i18n.t("import.reason.household_not_approved", "en")),
    }  # fmt: skip
    for kind, rows in updates.items():
        table = TABLES[kind]
        before = _rows(url, table)
        path = _csv(tmp_path / f"{kind}.csv", rows)
        code, summary, printed = _cli(kind, path, "--db", url)
        assert (code, summary["rejected"], summary["updated"]) == (2, 1, 0), printed
        rejects = _rejects(tmp_path / f"{kind}.csv.rejects.csv")
        assert [(r["column"], r["value"]) for r in rejects] == [expected[kind][:2]], kind
        assert rejects[0]["reason"].startswith(expected[kind][2]), rejects
        assert _rows(url, table) == before
    # the same update with the cancellation cleared is a clean move
    cleared = _csv(tmp_path / "cleared.csv", [
        ["id", "household_id", "registered_at", "cancelled_at", "delivered_at"],
        [7_300_300, HOUSEHOLD_A, "1404/11/01 10:00", "", "1404/11/04 10:00"],
    ])  # fmt: skip
    code, summary, printed = _cli("method_two", cleared, "--db", url)
    assert (code, summary["updated"]) == (0, 1), printed
    assert _rows(url, s.method_two, [7_300_300]) == [
        (7_300_300, HOUSEHOLD_A, _at("2026-01-21 10:00"), None, None, _at("2026-01-24 10:00"),
         1_000_000)
    ]  # fmt: skip


def test_an_unknown_household_or_store_or_a_missing_value_is_rejected(url, tmp_path) -> None:
    before = {k: _rows(url, t) for k, t in TABLES.items()}
    cases = [
        ("method_two", [M2, _m2(household_id=1_999_999_999)],
         ("household_id", "unknown_household")),
        ("method_two", [M2, _m2(household_id="", national_id=APPLICANT_1)],
         ("national_id", "unknown_person")),
        ("mother_packages", [MP, _mp(terminal_id="T404")], ("terminal_id", "unknown_terminal")),
        ("applications", [AP, _ap(decided_at="1404/11/02 09:00", outcome="approved",
                                  household_id=1_999_999_999)],
         ("household_id", "unknown_household")),
        ("applications", [AP, _ap(national_id="")], ("national_id", "missing")),
        ("method_two", [M2, _m2(package_toman="")], ("package_toman", "missing")),
        ("method_two", [["id", "household_id", "registered_at"], [7_300_600, HOUSEHOLD_A,
                                                                  "1404/11/01 10:00"]],
         ("package_toman", "missing")),  # a new record's amount: the header may not leave it out
    ]  # fmt: skip
    for n, (kind, rows, expected) in enumerate(cases):
        path = _csv(tmp_path / f"{n}.csv", rows)
        code, _, printed = _cli(kind, path, "--db", url)
        assert code == 2, printed
        rejects = _rejects(tmp_path / f"{n}.csv.rejects.csv")
        assert [(r["column"], r["reason"]) for r in rejects] == [
            (expected[0], i18n.reason(expected[1], None, "en"))
        ], kind
        assert APPLICANT_1 not in printed + path.with_name(path.name + ".rejects.csv").read_text()
    assert {k: _rows(url, t) for k, t in TABLES.items()} == before


# --- a provincial data officer ------------------------------------------------------------------


def test_a_provincial_data_officer_imports_only_their_province(url, tmp_path) -> None:
    """Packages lie where their household lives (wherever they are picked up); applications in
    their own county. Ilam's officer is refused a Lorestan household's package and a Lorestan
    application; a clean file of Ilam is stored as Ilam's."""
    engine = db.make_engine(url)
    with engine.connect() as conn:
        far_store = conn.execute(
            sa.select(s.stores.c.id)
            .join(s.counties, s.counties.c.id == s.stores.c.county_id)
            .where(s.counties.c.province_code != PROVINCE)
            .order_by(s.stores.c.id)
        ).first()[0]
    files = {
        "method_two": [M2, _m2(id=7_300_400), _m2(id=7_300_401, household_id=HOUSEHOLD_L)],
        "mother_packages": [MP, _mp(id=7_300_400), _mp(id=7_300_401, household_id="",
                                                      national_id=HEAD_L)],
        "applications": [AP, _ap(id=7_300_400), _ap(id=7_300_401, county_id=LORESTAN_COUNTY)],
    }  # fmt: skip
    placed_by = {"method_two": "household_id", "mother_packages": "household_id",
                 "applications": "county_id"}  # fmt: skip
    for kind, rows in files.items():
        table = TABLES[kind]
        before = _rows(url, table)
        path = _csv(tmp_path / f"{kind}.csv", rows)
        ilam = importer_run(engine, kind, path, province=PROVINCE, actor="data.ilam")
        problems = ilam.judgement.problems.select("line", "column", "reason").rows()
        assert problems == [(3, placed_by[kind], "outside_area")], kind
        assert not ilam.stored and _rows(url, table) == before
        national = importer_run(engine, kind, path, dry_run=True)
        assert national.judgement.problems.is_empty(), kind
    away = _csv(tmp_path / "away.csv", [M2, _m2(id=7_300_402, store_id=far_store)])
    stored = importer_run(engine, "method_two", away, province=PROVINCE, actor="data.ilam")
    assert stored.stored, stored.judgement.problems
    with engine.connect() as conn:
        area = conn.execute(
            sa.select(s.imports.c.province_code).where(s.imports.c.id == stored.import_id)
        ).scalar_one()
    engine.dispose()
    assert area == PROVINCE, "placed by the household, not by the store in another province"
    assert _rows(url, s.method_two, [7_300_402])[0][4] == far_store


# --- the folder import and the templates --------------------------------------------------------


def _folder(folder: Path, url: str) -> tuple[int, list[dict]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["import", "--folder", str(folder), "--db", url])
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_folder_picks_up_the_new_kinds_in_order(url, tmp_path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    approved = _ap(id=7_300_500, decided_at="1404/11/02 09:00", outcome="approved",
                   household_id=HOUSEHOLD_A)  # fmt: skip
    _csv(inbox / "applications.csv", [AP, approved])
    _csv(inbox / "method_two.csv", [M2, _m2(id=7_300_500)])
    _csv(inbox / "mother_packages-1404-11.csv", [MP, _mp(id=7_300_500)])
    code, lines = _folder(inbox, url)
    assert code == 0, lines
    assert [(x["file"], x["kind"], x["fate"], x["inserted"]) for x in lines] == [
        ("method_two.csv", "method_two", "stored", 1),
        ("mother_packages-1404-11.csv", "mother_packages", "stored", 1),
        ("applications.csv", "applications", "stored", 1),
    ]  # fmt: skip
    assert sorted(p.name for p in (inbox / "done").iterdir()) == [
        "applications.csv", "method_two.csv", "mother_packages-1404-11.csv"
    ]  # fmt: skip
    for table in TABLES.values():
        assert [r[0] for r in _rows(url, table, [7_300_500])] == [7_300_500]
    # a refused household list holds back the files that name households
    _csv(inbox / "households.csv", [HOUSEHOLDS[0], [8_300_009, EDGE_TOWN, 40, 3, "support",
                                                    "0013543067"]])  # fmt: skip
    _csv(inbox / "method_two-2.csv", [M2, _m2(id=7_300_501)])
    code, lines = _folder(inbox, url)
    assert code == 2
    assert [(x["file"], x["fate"]) for x in lines] == [
        ("households.csv", "refused"), ("method_two-2.csv", "waiting")
    ]  # fmt: skip
    assert (inbox / "method_two-2.csv").exists()
    assert _rows(url, s.method_two, [7_300_501]) == []


@pytest.mark.parametrize("kind", list(TABLES))
def test_the_template_is_a_clean_file(kind, url, tmp_path) -> None:
    """The template of each new kind lists its columns with two example rows that judge clean
    (dry run; the example head is stored)."""
    path = tmp_path / f"{kind}.csv"
    assert cli.main(["import", "--template", kind, "--output", str(path)]) == 0
    with path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == {"method_two": M2, "mother_packages": MP, "applications": AP}[kind]
    assert len(rows) == 3
    code, summary, printed = _cli(kind, path, "--db", url, "--dry-run")
    assert (code, summary["rejected"], summary["read"]) == (0, 0, 2), printed
    assert i18n.t(f"import.kind.{kind}", "fa") != i18n.t(f"import.kind.{kind}", "en")
