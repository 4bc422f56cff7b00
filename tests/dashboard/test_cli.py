"""python -m dashboard export (the same figures as the page, as CSV or Excel), user and audit."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess

import openpyxl
import polars as pl
import pytest

from dashboard import calendar, db, disclosure
from dashboard.filters import Filters
from dashboard.people import User
from queries import accounts, meta, overview
from queries.exports import EXPORTS, published
from tests import command_line, oracle

TODAY = dt.date(2026, 5, 5)  # the clock of the command line (tasks are live work)


CLOCK = f"{TODAY.isoformat()}T10:00:00"


def _process(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
    """`python -m dashboard ARGS` in a process of its own (the tests named so)."""
    return command_line.own_process(*args, clock=CLOCK, password=password)


def _cli(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
    """The same command in the test's process."""
    return command_line.in_process(*args, clock=CLOCK, password=password)


def _rows(text: str) -> list[dict]:
    """The CSV rows of an export, after its comment lines (the sample-estimate note)."""
    lines = text.splitlines(keepends=True)
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def test_estimates_are_marked_in_the_file(sqlite_url: str, raw: dict) -> None:
    args = ["--db", sqlite_url, "--province", "IR-15", "--as-of", "2026-03-01"]
    uptake = _cli("export", "uptake-by-decile", *args).stdout.splitlines()
    n = oracle.sample_factor(raw)
    assert n == 500
    assert uptake[0].startswith("# households, released_toman, spent_toman: full-scale")
    assert f"1-in-{n} household sample" in uptake[0]
    assert uptake[1].startswith("decile,households,")
    complaints = _cli("export", "complaints-by-county", *args).stdout
    assert not complaints.startswith("#"), "complaints are not sampled: no note"


def test_export_list_names_every_table_in_the_real_process() -> None:
    result = _process("export", "--list")
    assert result.returncode == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == [
        "overview-kpis", "uptake-by-decile", "uptake-by-area", "uptake-waves", "uptake-months",
        "balance-age", "basket", "method-two-by-area",
        "mothers-by-county", "applications-by-county", "store-density", "village-coverage",
        "complaints-by-county", "complaints-watchlist", "three-reporter-stores", "store-risk",
        "wave-load", "tasks", "tasks-by-agency",
    ]  # fmt: skip


def test_complaint_exports(sqlite_url: str) -> None:
    args = ["--db", sqlite_url, "--province", "IR-16", "--county", "9000002", "--as-of",
            "2026-02-02"]  # fmt: skip
    watch = list(_rows(_cli("export", "complaints-watchlist", *args).stdout))
    assert [(w["state"], float(w["age_h"])) for w in watch] == [("overdue", 48.0)]
    assert list(watch[0]) == [
        "complaint_id", "store_id", "county_id", "channel", "kind", "filed_at", "age_h", "state",
    ]  # fmt: skip
    counties = list(_rows(_cli("export", "complaints-by-county", *args).stdout))
    assert list(counties[0]) == [
        "county_id", "county_name_fa", "county_name_en", "complaints", "on_time", "late",
        "overdue", "open_within_target", "compliance", "median_dispatch_h", "p90_dispatch_h",
    ]  # fmt: skip
    assert (counties[0]["on_time"], counties[0]["late"], counties[0]["overdue"]) == ("1", "1", "1")
    flagged = _cli("export", "three-reporter-stores", "--db", sqlite_url).stdout.splitlines()
    assert flagged[0] == "store_id,name,county_id,reporters,terminal_cut"
    assert {line.rsplit(",", 1)[1] for line in flagged[1:]} <= {"true", "false"}


def test_store_exports(sqlite_url: str, raw: dict) -> None:
    args = ["--db", sqlite_url, "--province", "IR-16", "--as-of", "2026-02-01"]
    density = list(_rows(_cli("export", "store-density", *args).stdout))
    assert list(density[0]) == [
        "county_id", "county_name_fa", "county_name_en", "chain", "small_shop", "cooperative",
        "active", "suspended", "terminated", "residents", "stores_per_10k",
        "households_per_store",
    ]  # fmt: skip
    counties = raw["counties"].filter(province_code="IR-16")
    assert {int(r["county_id"]) for r in density} == set(counties["id"])
    villages = list(_rows(_cli("export", "village-coverage", *args).stdout))
    assert list(villages[0]) == [
        "place_id", "name_fa", "name_en", "county_id", "population", "nearest_store_km",
        "nearest_chain_km", "coverage",
    ]  # fmt: skip
    f = Filters(as_of=dt.date(2026, 2, 1), province="IR-16")
    want = dict(oracle.village_coverage(raw, f, 5.0).select("place_id", "coverage").iter_rows())
    assert {int(v["place_id"]): v["coverage"] for v in villages} == want


def test_uptake_exports_are_the_page_queries(sqlite_url: str, raw: dict) -> None:
    args = ["--db", sqlite_url, "--province", "IR-15", "--as-of", "2026-03-01"]
    deciles = list(_rows(_cli("export", "uptake-by-decile", *args).stdout))
    assert list(deciles[0]) == [
        "decile", "households", "reach", "released_toman", "spent_toman", "uptake", "topup_share",
    ]  # fmt: skip
    f = Filters(as_of=dt.date(2026, 3, 1), province="IR-15")
    want = {r["decile"]: r for r in oracle.uptake_rows(raw, f, "decile").iter_rows(named=True)}
    for row in deciles:
        expected = want[int(row["decile"])]
        assert int(row["spent_toman"]) == expected["spent_toman"]
        assert float(row["uptake"]) == pytest.approx(expected["uptake"], rel=1e-12)
        assert float(row["topup_share"]) == pytest.approx(expected["topup_share"], rel=1e-12)
    areas = list(_rows(_cli("export", "uptake-by-area", *args).stdout))
    assert list(areas[0]) == [
        "area_code", "area_name_fa", "area_name_en", "households", "members", "released_toman",
        "spent_toman", "uptake", "reach", "topup_share",
    ]  # fmt: skip
    counties = oracle.uptake_rows(raw, f, "county_id").filter(pl.col("households") > 0)
    assert {int(a["area_code"]) for a in areas} == set(counties["county_id"])
    assert all(0 <= float(a["reach"]) <= 1 for a in areas)


def test_overview_kpis_csv_to_stdout(sqlite_url: str, raw: dict) -> None:
    result = _cli(
        "export", "overview-kpis", "--db", sqlite_url, "--province", "IR-15",
        "--as-of", "2026-02-10",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(_rows(result.stdout))
    assert [r["key"] for r in rows] == list(overview.KEYS)
    f = Filters(as_of=dt.date(2026, 2, 10), province="IR-15")
    week_ago = TODAY - dt.timedelta(days=7)
    now, before = oracle.kpis(raw, f, TODAY), oracle.kpis(raw, f.shifted(-7), week_ago)
    for row in rows:
        assert float(row["value"]) == pytest.approx(now[row["key"]], rel=1e-12)
        assert float(row["value_7_days_before"]) == pytest.approx(before[row["key"]], rel=1e-12)


def test_overview_kpis_xlsx(sqlite_url: str, raw: dict, tmp_path) -> None:
    out = tmp_path / "kpis.xlsx"
    result = _cli("export", "overview-kpis", "--db", sqlite_url, "--format", "xlsx", "-o", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("key", "value", "value_7_days_before")
    values = {key: value for key, value, _ in rows[1:]}
    want = oracle.kpis(raw, Filters(as_of=dt.date(2026, 5, 5)), TODAY)
    assert values == pytest.approx(want)
    note = book["note"]["A1"].value
    assert note.startswith("households, members, released_toman, spent_toman: full-scale")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--province", "IR-99"], "unknown province"),
        (["--province", "IR-15", "--county", "1"], "is not in province IR-15"),
        (["--county", "1279146"], "--county needs --province"),
        (["--format", "xlsx"], "needs --output"),
    ],
)
def test_bad_options_get_a_clear_message(sqlite_url: str, args: list[str], message: str) -> None:
    result = _cli("export", "overview-kpis", "--db", sqlite_url, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_the_command_line_reads_what_the_link_reads(sqlite_url: str) -> None:
    """A Solar Hijri date (Persian digits too) and a Persian or English name give the same
    export as the Gregorian date and the ISO code; so does a county named with an Arabic kaf."""
    db = ["export", "overview-kpis", "--db", sqlite_url]
    runs = {
        "code": _cli(*db, "--as-of", "2026-02-10", "--province", "IR-15"),
        "persian": _cli(*db, "--as-of", "1404/11/21", "--province", "لرستان"),
        "digits": _cli(*db, "--as-of", "۱۴۰۴/۱۱/۲۱", "--province", " lorestan "),
        "county id": _cli(
            *db, "--as-of", "2026-02-10", "--province", "IR-15", "--county", "1279114"
        ),
        "county name": _cli(
            *db, "--as-of", "1404-11-21", "--province", "Lorestan", "--county", "كوهدشت"
        ),  # fmt: skip
    }
    assert {name: run.returncode for name, run in runs.items()} == dict.fromkeys(runs, 0)
    assert runs["code"].stdout == runs["persian"].stdout == runs["digits"].stdout
    assert runs["county id"].stdout == runs["county name"].stdout != runs["code"].stdout


def test_deciles_and_group_narrow_an_export(sqlite_url: str, raw: dict) -> None:
    result = _cli("export", "overview-kpis", "--db", sqlite_url, "--province", "IR-15",
                  "--as-of", "2026-03-01", "--deciles", "1-3", "--group", "subsidy")  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = {r["key"]: r for r in _rows(result.stdout)}
    f = Filters(as_of=dt.date(2026, 3, 1), province="IR-15", decile_min=1, decile_max=3,
                group="subsidy")  # fmt: skip
    want = oracle.kpis(raw, f, TODAY)
    assert want["households"] > 0
    assert float(rows["households"]["value"]) == want["households"]
    assert float(rows["uptake"]["value"]) == pytest.approx(want["uptake"], rel=1e-12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "1404/13/01"], "--as-of: '1404/13/01' is not a date"),
        (["--deciles", "9-2"], "--deciles: '9-2' is not a decile range"),
        (["--group", "vip"], "--group: unknown group 'vip'"),
        (["--as-of", "2020-01-01"], "--as-of: 2020-01-01 is outside the data"),
    ],
)
def test_every_bad_filter_option_is_refused(sqlite_url: str, args: list[str], message: str) -> None:
    result = _cli("export", "overview-kpis", "--db", sqlite_url, *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert message in result.stderr


@pytest.fixture
def people_db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'people.db'}"
    assert _cli("db", "init", "--db", url).returncode == 0
    return url


def test_user_add_reads_the_password_from_stdin_and_signs_in_in_the_real_process(
    people_db: str,
) -> None:
    added = _process(
        "user", "add", "Sara.A", "--role", "county", "--province", "Lorestan",
        "--county", "خرم‌آباد", "--name", "Sara Ahmadi", "--db", people_db,
        password="a-long-password\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "added sara.a: county, IR-15, 1279146"
    assert "a-long-password" not in added.stdout + added.stderr
    engine = db.make_engine(people_db)
    outcome = accounts.sign_in(engine, "sara.a", "a-long-password", dt.datetime(2026, 5, 5, 10))
    assert outcome.outcome == "ok"
    assert outcome.user == User("sara.a", "Sara Ahmadi", "county", "IR-15", 1279146)
    listed = list(csv.DictReader(_cli("user", "list", "--db", people_db).stdout.splitlines()))
    assert [(r["username"], r["role"], r["county_id"], r["active"]) for r in listed] == [
        ("sara.a", "county", "1279146", "true")
    ]
    assert "password_hash" not in listed[0]


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--role", "governor", "--province", "IR-15"], "short\n", "at least 10 characters"),
        (["--role", "governor"], "a-long-password\n", "role governor needs --province"),
        (["--role", "committee", "--province", "IR-15"], "a-long-password\n", "needs --agency"),
        (["--role", "governor", "--province", "Atlantis"], "a-long-password\n", "unknown province"),
        (["--role", "county", "--province", "IR-16", "--county", "Khorramabad"],
         "a-long-password\n", "is not a county of IR-16"),
    ],
)  # fmt: skip
def test_user_add_refuses_what_does_not_fit(people_db: str, args, password, message) -> None:
    refused = _cli("user", "add", "x.y", *args, "--db", people_db, password=password)
    assert refused.returncode == 2
    assert message in refused.stderr
    assert _cli("user", "list", "--db", people_db).stdout.count("\n") == 1, "only the header"


def test_passwd_disable_and_the_audit_log(people_db: str) -> None:
    add = ["user", "add", "gov", "--role", "governor", "--province", "IR-15", "--db", people_db]
    assert _cli(*add, password="first-password\n").returncode == 0
    assert (
        _cli("user", "passwd", "gov", "--db", people_db, password="second-password\n").returncode
        == 0
    )
    engine = db.make_engine(people_db)
    at = dt.datetime(2026, 5, 5, 10)
    assert accounts.sign_in(engine, "gov", "first-password", at).outcome == "invalid"
    token = accounts.sign_in(engine, "gov", "second-password", at).token
    disabled = _cli("user", "disable", "gov", "--db", people_db)
    assert disabled.returncode == 0 and "sessions have ended" in disabled.stdout
    assert accounts.session_user(engine, token, at, dt.timedelta(minutes=30))[0] is None
    log = list(csv.DictReader(_cli("audit", "--db", people_db).stdout.splitlines()))
    assert [r["action"] for r in log] == [
        "user_change", "user_change", "sign_in_failed", "sign_in", "user_change",
    ]  # fmt: skip
    assert log[0]["detail"] == "added gov as governor" and log[0]["province_code"] == "IR-15"
    assert log[0]["at"] == "2026-05-05 10:00:00"
    assert log[0]["username"].startswith("cli:")
    later = _cli("audit", "--since", "1405/02/16", "--db", people_db)  # 6 May 2026
    assert later.returncode == 0 and later.stdout.strip().count("\n") == 0, "header only"
    assert _cli("audit", "--since", "soon", "--db", people_db).returncode == 2


def test_no_user_no_password_change(people_db: str) -> None:
    missing = _cli("user", "passwd", "ghost", "--db", people_db, password="long-enough-1\n")
    assert missing.returncode == 2 and "no user 'ghost'" in missing.stderr


def test_db_rebuild_marks_the_purchases_by_the_settings_of_now(
    sqlite_path: str, raw: dict, tmp_path
) -> None:
    """A marking setting changed (the shop opens at two in the afternoon) counts once the
    rollups are rebuilt, and the store-risk export reads it."""
    from tests.conftest import copy_of

    url = copy_of(sqlite_path, tmp_path / "rebuild.db")
    engine = db.make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE settings SET value = '14' WHERE key = 'risk_open_hour'")
    engine.dispose()
    assert _cli("db", "rebuild", "--db", url).returncode == 0
    hour = pl.col("purchased_at").dt.hour()
    want = raw["purchases"].filter((hour < 14) | (hour >= 23)).height
    with db.make_engine(url).connect() as conn:
        got = conn.exec_driver_sql("SELECT SUM(night) FROM rollup_store_totals").scalar_one()
    assert got == want > 0
    exported = list(_rows(_cli("export", "store-risk", "--db", url).stdout))
    assert [r["store_id"] for r in exported][:1] and set(exported[0]) == {
        "store_id",
        "name",
        "county_id",
        "kind",
        "score",
        "flags",
        "purchases",
        "credit_toman",
    }


def test_the_other_channels_exports_hold_their_columns_and_figures(
    sqlite_url: str, raw: dict
) -> None:
    """The three issue-30 exports as the contract names their columns, with the sample note,
    their counts those of the raw rows (the oracle), at full scale."""
    f = Filters(as_of=dt.date(2026, 2, 10), province="IR-16")
    args = ["--db", sqlite_url, "--province", "IR-16", "--as-of", "2026-02-10"]
    method_two = _cli("export", "method-two-by-area", *args).stdout
    assert method_two.startswith("# households_with_credit, registered, cancelled, delivered,")
    rows = _rows(method_two)
    assert list(rows[0]) == [
        "area_code", "area_name_fa", "area_name_en", "households_with_credit", "registered",
        "cancelled", "delivered", "pending", "pending_overdue", "registration_rate",
        "median_delivery_days",
    ]  # fmt: skip
    want = oracle.method_two(raw, f, "county_id")
    assert sum(int(r["registered"]) for r in rows) == sum(v["registered"] for v in want.values())
    mothers = _rows(_cli("export", "mothers-by-county", *args).stdout)
    assert list(mothers[0]) == [
        "county_id", "county_name_fa", "county_name_en", "eligible", "issued", "collected",
        "collection_rate", "uncollected_overdue", "median_collect_days",
    ]  # fmt: skip
    assert {int(r["county_id"]): int(r["issued"]) for r in mothers if int(r["issued"])} == {
        k: v["issued"] for k, v in oracle.mothers(raw, f).items() if v["issued"]
    }
    applications = _cli("export", "applications-by-county", *args).stdout
    assert applications.startswith("# filed, decided, approved, rejected, pending,")
    rows = _rows(applications)
    assert list(rows[0]) == [
        "county_id", "county_name_fa", "county_name_en", "filed", "decided", "approved",
        "rejected", "pending", "pending_overdue", "median_decision_days",
    ]  # fmt: skip
    assert {int(r["county_id"]): int(r["filed"]) for r in rows if int(r["filed"])} == {
        k: v["filed"] for k, v in oracle.applications(raw, f).items()
    }


# --publish (issue 31, finding 7): figures safe to publish


def test_publish_writes_small_counts_empty_and_says_so(sqlite_url: str) -> None:
    args = ["--db", sqlite_url, "--province", "IR-16", "--as-of", "2026-02-10"]
    plain = _cli("export", "complaints-by-county", *args).stdout
    result = _cli("export", "complaints-by-county", *args, "--publish")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# For publication: counts of households, buyers, members,")
    assert "under 10 in rows below province level are empty (note: suppressed)" in lines[0]
    assert lines[1] == plain.splitlines()[0] + ",note"
    before, after = _rows(plain), _rows(result.stdout)
    assert [r["county_id"] for r in after] == [r["county_id"] for r in before]
    for old, new in zip(before, after, strict=True):
        emptied = [k for k, v in new.items() if k != "note" and v != old[k]]
        assert all(new[k] == "" for k in emptied), "a written value is the unpublished one"
        assert new["note"] == ("suppressed" if emptied else "")
        if int(old["complaints"]) < 10:
            assert new["complaints"] == new["compliance"] == new["median_dispatch_h"] == ""
    # household figures keep their estimate line first, then the publication line
    sampled = _cli("export", "method-two-by-area", *args, "--publish").stdout.splitlines()
    assert sampled[0].startswith("# households_with_credit, registered,")
    assert sampled[1].startswith("# For publication:") and sampled[2].endswith(",note")


def test_publish_refuses_a_list_of_single_complaints(sqlite_url: str) -> None:
    result = _cli("export", "complaints-watchlist", "--db", sqlite_url, "--publish")
    assert (result.returncode, result.stdout) == (2, "")
    assert "--publish: complaints-watchlist lists single complaints" in result.stderr


def test_publish_as_excel_carries_both_lines(sqlite_url: str, tmp_path) -> None:
    out = tmp_path / "registrations.xlsx"
    view = ["--db", sqlite_url, "--province", "IR-16", "--as-of", "2026-02-10"]
    result = _cli(
        "export", "method-two-by-area", *view, "--publish", "--format", "xlsx", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1] == "note" and "suppressed" in [r[-1] for r in rows[1:]]
    assert book["note"]["A1"].value.startswith("households_with_credit, registered,")
    assert book["note"]["A2"].value.startswith("For publication: counts of households,")


PUBLISHED_VIEWS = (
    ["--province", "IR-16", "--deciles", "1-3"],
    ["--province", "IR-16", "--county", "9000002"],
)


@pytest.mark.parametrize("name", list(EXPORTS))
def test_every_export_with_publish_gives_nothing_away(
    sqlite_url: str, raw: dict, name: str, capsys, monkeypatch
) -> None:
    """Each export through the command line with --publish, in two views with small cells: the
    file is the published table (queries.exports.published) with its lines, and the attacker
    of tests/dashboard/test_disclosure.py, reading the file, works out no empty cell."""
    import cli
    from tests.dashboard.test_disclosure import attack, check_written

    monkeypatch.setenv(calendar.CLOCK, f"{TODAY.isoformat()}T10:00:00")
    rules = disclosure.PROTECTIONS[name]
    counties = {str(c): p for c, p in raw["counties"].select("id", "province_code").iter_rows()}
    engine = db.make_engine(sqlite_url)
    for view in PUBLISHED_VIEWS:
        argv = ["export", name, "--db", sqlite_url, "--as-of", "2026-02-10", *view, "--publish"]
        status = cli.main(argv)
        out, err = capsys.readouterr()
        if rules.level == disclosure.REFUSED:
            assert status == 2 and out == "" and "not for publication" in err
            continue
        assert status == 0, err
        with engine.connect() as conn:
            f = cli._filters(conn, cli._parser().parse_args(argv))
            before = EXPORTS[name].query(conn, f)
            after = published(conn, name, before, f)
            settings = meta.settings(conn)
        fraction, min_cell = settings.household_fraction, settings.publish_min_cell
        assert out == disclosure.csv_text(after, fraction, "en", min_cell)
        read = pl.read_csv(
            out.encode(), comment_prefix="#", schema_overrides=before.schema
        ).with_columns(pl.col("note").cast(pl.String))
        check_written(before, read)
        assert attack(rules, before, read, counties) == [], view
