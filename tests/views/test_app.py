"""The app and every page through AppTest, asserting what the pages show."""

from __future__ import annotations

import datetime as dt
import sqlite3

import polars as pl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import calendar, i18n, kpi, text
from dashboard.filters import GROUPS, Filters
from frame import state
from queries import overview
from tests import oracle
from tests.conftest import ROOT
from tests.populate import USERS
from tests.views.signing import as_user

APP = str(ROOT / "app.py")
LAST_DAY = dt.date(2026, 5, 5)
TODAY = dt.date(2026, 5, 12)  # the clock: tasks and escalations are live work


@pytest.fixture(autouse=True)
def _database(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setattr(calendar, "now", lambda: dt.datetime.combine(TODAY, dt.time(10, 30)))
    st.cache_data.clear()
    st.cache_resource.clear()


def _app(role: str | None = "national", **query: str) -> AppTest:
    """The app run once, signed in as the test user of role (None: nobody)."""
    at = AppTest.from_file(APP, default_timeout=30)
    if role is not None:
        as_user(at, role)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _sidebar(at: AppTest, kind: str, key: str):
    """The sidebar widget of a kind (selectbox, slider, ...) labelled by translation key, in
    either language (a view widget's key names the value it shows: find it by its label)."""
    labels = {i18n.t(key, lang) for lang in i18n.LANGS}
    return next(widget for widget in getattr(at.sidebar, kind) if widget.label in labels)


def _province_box(at: AppTest):
    """The sidebar's province selectbox."""
    return _sidebar(at, "selectbox", "sidebar.province")


def _table(at: AppTest, *columns: str):
    """The one table on the page that has all of these column headers (not picked by place)."""
    tables = [_plain(d.value) for d in at.dataframe]
    found = [table for table in tables if set(columns) <= set(table.columns)]
    assert len(found) == 1, f"{len(found)} tables have the columns {columns}"
    return found[0]


def _plain(table):
    """A table as read on screen: headers and cells without their bidi isolates."""
    table = table.rename(columns=text.plain)
    return table.map(lambda v: text.plain(v) if isinstance(v, str) else v)


def _tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


HOUSEHOLD_KPIS = ("households", "members", "released_toman", "spent_toman")  # marked ≈


def _expected_tiles(raw: dict, f: Filters, lang: str) -> dict[str, str]:
    """The tiles as the oracle's figures read: household figures are full-scale estimates of
    the 1-in-500 sample, marked ≈."""
    values = oracle.kpis(raw, f, TODAY)
    return {
        i18n.t(f"kpi.{key}", lang): ("≈ " if key in HOUSEHOLD_KPIS else "")
        + kpi.value_text(key, values[key], lang)
        for key in overview.KEYS
    }


def _head(at: AppTest) -> str:
    """The page's first line: the area and as-of date (an st.html block)."""
    return next(e.proto.body for e in at.get("html") if 'class="as-of"' in e.proto.body)


def test_overview_in_persian_shows_the_oracle_figures(raw: dict) -> None:
    at = _app()
    assert not at.exception
    assert at.title[0].value == i18n.t("overview.title", "fa")
    assert _tiles(at) == _expected_tiles(raw, Filters(as_of=LAST_DAY), "fa")
    assert calendar.format_date(LAST_DAY, "fa") in _head(at), "the as-of date comes first"
    captions = [c.value for c in at.caption]
    assert any("۱ از ۵۰۰" in c for c in captions), "the sample banner names the fraction"


def test_overview_in_english_for_a_province_from_the_url(raw: dict) -> None:
    at = _app(lang="en", province="IR-15", as_of="2026-02-10", deciles="1-3")
    assert not at.exception
    f = Filters(as_of=dt.date(2026, 2, 10), province="IR-15", decile_min=1, decile_max=3)
    assert _tiles(at) == _expected_tiles(raw, f, "en")
    assert _head(at).endswith(">Lorestan · as of the end of 21 Bahman 1404</div>")
    assert [c.value for c in at.caption if c.value.startswith("deciles")] == ["deciles 1-3"]


def test_changes_over_seven_days_are_shown(raw: dict) -> None:
    at = _app(lang="en")
    f = Filters(as_of=LAST_DAY)
    week_ago = TODAY - dt.timedelta(days=7)
    now, before = oracle.kpis(raw, f, TODAY), oracle.kpis(raw, f.shifted(-7), week_ago)
    label = i18n.t("kpi.spent_toman", "en")
    tile = next(m for m in at.metric if m.label == label)
    assert tile.delta == kpi.delta_text(
        "spent_toman", now["spent_toman"], before["spent_toman"], "en"
    )
    assert tile.delta.startswith("+")


def test_language_switch_keeps_the_frame() -> None:
    at = _app()
    at.sidebar.segmented_control[0].set_value("en").run()
    assert at.title[0].value == "Overview"
    assert any("Sample (synthetic) data" in c.value for c in at.caption)
    assert _province_box(at).label == "Province"


def test_choosing_a_province_in_the_sidebar_narrows_the_view(raw: dict) -> None:
    at = _app(lang="en")
    _province_box(at).set_value("IR-16").run()
    assert _tiles(at) == _expected_tiles(raw, Filters(as_of=LAST_DAY, province="IR-16"), "en")
    assert ">Ilam · " in _head(at)
    assert at.query_params["province"] == "IR-16", "the link carries the view"


def test_each_sidebar_filter_reaches_the_link_and_the_figures(raw: dict) -> None:
    at = _app(lang="en", province="IR-15")
    _sidebar(at, "selectbox", "sidebar.county").set_value(1279146).run()
    assert at.query_params["county"] == "1279146"
    _sidebar(at, "select_slider", "sidebar.as_of").set_value(dt.date(2026, 3, 1)).run()
    _sidebar(at, "select_slider", "sidebar.deciles").set_value((2, 4)).run()
    _sidebar(at, "selectbox", "sidebar.group").set_value("support").run()
    f = Filters(as_of=dt.date(2026, 3, 1), province="IR-15", county=1279146, decile_min=2,
                decile_max=4, group="support")  # fmt: skip
    assert {k: at.query_params[k] for k in f.to_query()} == f.to_query()
    assert _tiles(at) == _expected_tiles(raw, f, "en")
    assert _head(at).endswith(">Khorramabad · as of the end of 10 Esfand 1404</div>")
    assert "deciles 2-4 · Support institutions" in [c.value for c in at.caption]
    _sidebar(at, "selectbox", "sidebar.province").set_value("IR-16").run()
    assert "county" not in at.query_params, "a new province clears the county"
    assert at.query_params["as_of"] == "2026-03-01", "and keeps the rest of the view"


def test_the_language_switch_works_on_an_empty_database(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    at = _app(role=None)
    at.sidebar.segmented_control[0].set_value("en").run()
    assert not at.exception
    assert [w.value for w in at.warning] == [
        i18n.t("empty.title", "en"),
        i18n.t("signin.no_users", "en"),
    ]


def test_a_date_before_the_programme_says_no_credit_yet() -> None:
    at = _app(lang="en", as_of="2025-12-25")
    assert not at.exception
    assert any("No credit had been released" in i.value for i in at.info)
    tiles = _tiles(at)
    assert tiles[i18n.t("kpi.uptake", "en")] == "—"
    assert tiles[i18n.t("kpi.released_toman", "en")] == "≈ 0"


def test_invalid_link_parameters_are_reported_and_ignored(raw: dict) -> None:
    at = _app(lang="en", province="IR-99", deciles="7-2")
    assert not at.exception
    notice = [w.value for w in at.warning if "not valid" in w.value]
    assert notice == [
        "These parts of the link were not valid and were ignored: Deciles, Province. "
        "The page shows their defaults."
    ]
    assert _tiles(at) == _expected_tiles(raw, Filters(as_of=LAST_DAY), "en")
    at.run()  # the notice stays (the link is mended, the view unchanged) until dismissed
    assert any("not valid" in w.value for w in at.warning)
    at.button(key="dismiss-rejected").click().run()
    assert not any("not valid" in w.value for w in at.warning)


def test_empty_database_explains_how_to_fill_it(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    at = _app(role=None, lang="en")
    assert at.warning[0].value == i18n.t("empty.title", "en")
    assert "user add USERNAME --role admin" in at.warning[1].value
    assert (tmp_path / "empty.db").exists(), "the schema is created on first start"
    assert len(at.metric) == 0


def test_a_database_from_an_older_version_is_named_not_misread(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE allocations (household_id, month, amount_toman, opens_on)")
    conn.close()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    at = _app(role=None, lang="en")
    assert "allocations.wave_id" in at.error[0].value
    assert "make seed" in at.error[0].value
    assert len(at.metric) == 0


def _uptake(**query: str) -> AppTest:
    at = _app(**query)
    return at.switch_page("views/uptake.py").run()


def test_uptake_page_shows_the_oracle_figures_for_a_province(raw: dict) -> None:
    at = _uptake(lang="en", province="IR-15", as_of="2026-03-01", deciles="1-5")
    assert not at.exception
    assert at.title[0].value == "Credit uptake"
    f = Filters(as_of=dt.date(2026, 3, 1), province="IR-15", decile_min=1, decile_max=5)
    table = _table(at, "Area", "Top-up share")
    want = oracle.uptake_rows(raw, f, "county_id").filter(pl.col("households") > 0)
    assert len(table) == want.height, "one row per county of Lorestan with households"
    names = dict(raw["counties"].select("id", "name_en").iter_rows())
    for row in want.iter_rows(named=True):
        line = table[table["Area"] == names[row["county_id"]]].iloc[0]
        assert line["≈ Households"] == i18n.number(row["households"], "en")
        assert line["Uptake"] == i18n.percent(row["uptake"], "en")
        assert line["Reach"] == i18n.percent(row["reach"], "en")
        assert line["Top-up share"] == i18n.percent(row["topup_share"], "en")
    shown = [float(u.rstrip("%")) for u in table["Uptake"] if u != "—"]
    assert shown == sorted(shown), "laggards on top"
    subheaders = [h.value for h in at.subheader]
    assert "Uptake: county × decile" in subheaders
    assert "Counties ranked" in subheaders


def test_uptake_page_in_persian_nationally() -> None:
    at = _uptake()
    assert not at.exception
    assert at.title[0].value == "مصرف اعتبار"
    assert "رتبه‌بندی استان‌ها" in [h.value for h in at.subheader]
    ranked = _table(at, "منطقه", "خانوارهای خریدار")
    assert ranked.columns[-1] == "منطقه", "the name column stands rightmost"


def test_uptake_page_before_the_programme() -> None:
    at = _uptake(lang="en", as_of="2025-12-25")
    assert not at.exception
    assert any("No credit had been released" in i.value for i in at.info)
    assert len(_table(at, "Area", "Reach")) == 0


def test_filters_that_match_no_household_say_so_not_that_nothing_was_released(raw: dict):
    """A county's households in no decile 10 of one group: the reason is the filters."""
    households = raw["households"].filter(pl.col("county_id") == 1279146)
    group = next(g for g in GROUPS if households.filter(decile=10, grp=g).is_empty())
    at = _uptake(lang="en", province="IR-15", county="1279146", deciles="10-10", group=group)
    assert not at.exception
    notices = [i.value for i in at.info]
    assert i18n.t("overview.no_households", "en") in notices
    assert not any(n.startswith("No credit had been released by this date") for n in notices)


def test_a_view_written_to_the_link_reaches_the_sidebar() -> None:
    """Narrowing (frame.state.narrow_to) and the back button change the URL of a running
    session; the next run takes the view from there, not from the widgets."""
    at = _uptake(lang="en")
    assert _province_box(at).value == ""
    at.query_params["province"] = "IR-16"
    at.run()
    assert _province_box(at).value == "IR-16"
    assert at.query_params["province"] == "IR-16"
    assert "Counties ranked" in [h.value for h in at.subheader]


def _stores(**query: str) -> AppTest:
    at = _app(**query)
    return at.switch_page("views/stores.py").run()


def test_stores_page_for_a_province_shows_counties_and_the_guilds_list(raw: dict) -> None:
    at = _stores(lang="en", province="IR-16", as_of="2026-02-01")
    assert not at.exception
    assert at.title[0].value == "Stores and village coverage"
    assert any("R = 5.0 km" in c.value for c in at.caption)
    counties = _table(at, "County", "Active")
    villages = _table(at, "County", "Villages: chain")
    todo = _table(at, "Name", "Nearest store (km)")
    f = Filters(as_of=dt.date(2026, 2, 1), province="IR-16")
    want = oracle.village_coverage(raw, f, 5.0)
    uncovered = want.filter(coverage="none")
    assert len(todo) == uncovered.height
    names = dict(raw["places"].select("id", "name_en").iter_rows())
    top = uncovered.join(raw["places"].select(pl.col("id").alias("place_id"), "population"),
                         on="place_id").sort("population", descending=True)  # fmt: skip
    assert todo["Name"].iloc[0] == names[top["place_id"][0]]
    edge = counties[counties["County"] == "Edge town"].iloc[0]
    assert (edge["Active"], edge["Suspended"]) == ("1", "1")
    edge_villages = villages[villages["County"] == "Edge town"].iloc[0]
    assert edge_villages["Villages: chain"] == "1"


def test_stores_page_nationally_shows_every_province() -> None:
    at = _stores(lang="fa")
    assert not at.exception
    assert len(_table(at, "نام", "فروشگاه در ۱۰ هزار نفر")) == 31


def test_complaints_page_shows_the_edges_of_the_edge_town() -> None:
    at = _app(lang="en", province="IR-16", county="9000002", as_of="2026-02-02")
    at.switch_page("views/complaints.py").run()
    assert not at.exception
    tiles = _tiles(at)
    assert tiles["Dispatched within 24 h"] == "33.3%"
    assert (tiles["At risk now (18-24 h)"], tiles["Overdue (over 24 h)"]) == ("0", "1")
    assert i18n.t("complaints.at_risk_none", "en") in [i.value for i in at.info]
    backlog = _table(at, "Hours since filing")  # the at-risk list is empty, so not a table
    assert list(backlog["Hours since filing"]) == ["48.0"]
    assert list(backlog["Terminal ID"]) == ["99000001"]


def test_complaints_page_shows_one_at_risk_with_no_time_left() -> None:
    at = _app(lang="en", province="IR-16", county="9000002", as_of="2026-02-01")
    at.switch_page("views/complaints.py").run()
    assert not at.exception
    tiles = _tiles(at)
    assert (tiles["At risk now (18-24 h)"], tiles["Overdue (over 24 h)"]) == ("1", "0")
    at_risk = _table(at, "Hours left")
    assert (list(at_risk["Hours left"]), list(at_risk["Hours since filing"])) == (
        ["0.0"], ["24.0"],
    )  # fmt: skip
    assert i18n.t("complaints.backlog_none", "en") in [i.value for i in at.info]


def test_complaints_page_nationally_matches_the_oracle(raw: dict) -> None:
    at = _app(lang="fa")
    at.switch_page("views/complaints.py").run()
    assert not at.exception
    states = oracle.complaint_states(raw, Filters(as_of=LAST_DAY))
    judged = states.filter(pl.col("state") != "open_within_target")
    compliance = (judged["state"] == "on_time").mean()
    assert _tiles(at)["اعزام در ۲۴ ساعت"] == i18n.percent(compliance, "fa")
    assert _tiles(at)["شکایت‌ها تا این تاریخ"] == i18n.number(states.height, "fa")
    at_risk = states["at_risk"].sum()
    assert _tiles(at)[i18n.t("complaints.at_risk", "fa")] == i18n.number(at_risk, "fa")
    assert len(_table(at, "ساعت مانده تا مهلت")) == at_risk
    flagged = _table(at, "گزارش‌دهنده")
    assert {"شماره پایانه", "شهرستان", "نام"} <= set(flagged.columns)
    assert flagged["شماره پایانه"].is_unique and len(flagged) > 0


def test_a_long_list_shows_its_first_rows_and_says_how_many_it_holds(
    raw: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of a list longer than formatting.SCREEN_ROWS (2 here) the screen holds the first rows
    and a caption with the list's length; the download holds them all."""
    from frame import formatting

    monkeypatch.setattr(formatting, "SCREEN_ROWS", 2)
    at = _app(lang="en")
    at.switch_page("views/complaints.py").run()
    assert not at.exception
    overdue = oracle.complaint_states(raw, Filters(as_of=LAST_DAY)).filter(state="overdue")
    assert overdue.height > 2
    lists = [_plain(d.value) for d in at.dataframe]
    backlog = [t for t in lists if "Filed" in t.columns and "Hours left" not in t.columns]
    assert [len(t) for t in backlog] == [2]
    note = i18n.t("table.first_rows", "en").format(n=2, total=i18n.number(overdue.height, "en"))
    assert note in [c.value for c in at.caption]


def test_complaints_page_for_a_county_with_none_says_so() -> None:
    at = _app(lang="en", province="IR-16", county="9000001")
    at.switch_page("views/complaints.py").run()
    assert not at.exception
    assert any("No complaints" in i.value for i in at.info)
    assert _tiles(at)["Dispatched within 24 h"] == "—"
    reasons = ("at_risk_none", "backlog_none", "three_none")
    shown = [i.value for i in at.info]
    assert all(i18n.t(f"complaints.{r}", "en") in shown for r in reasons)
    assert not at.dataframe, "no empty tables"


def test_filters_changed_in_one_run_all_reach_the_link(raw: dict) -> None:
    """Widgets whose callbacks run in the same rerun (a new date beside the language switch's
    repeated value, as the browser sends after switching back): every change is kept."""
    at = _app(lang="fa", province="IR-15")
    _sidebar(at, "selectbox", "sidebar.county").set_value(1279146)
    _sidebar(at, "select_slider", "sidebar.as_of").set_value(dt.date(2026, 3, 1))
    _sidebar(at, "selectbox", "sidebar.group").set_value("support")
    at.run()
    f = Filters(as_of=dt.date(2026, 3, 1), province="IR-15", county=1279146, group="support")
    assert {k: at.query_params[k] for k in f.to_query()} == f.to_query()
    assert _tiles(at) == _expected_tiles(raw, f, "fa")


def test_channels_page_shows_the_oracle_figures_for_a_province(raw: dict) -> None:
    at = _app(lang="en", province="IR-16", as_of="2026-02-14").switch_page("views/channels.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Mothers' packages and new applicants"
    f = Filters(as_of=dt.date(2026, 2, 14), province="IR-16")
    mothers = oracle.mothers(raw, f)
    tiles = _tiles(at)
    issued = sum(v["issued"] for v in mothers.values())
    overdue = sum(v["uncollected_overdue"] for v in mothers.values())
    assert tiles["Issued"] == f"≈ {i18n.number(issued, 'en')}"
    assert tiles["Uncollected past the target"] == f"≈ {i18n.number(overdue, 'en')}"
    filed = oracle.applications(raw, f)
    assert tiles["Filed"] == f"≈ {i18n.number(sum(v['filed'] for v in filed.values()), 'en')}"
    table = _table(at, "County", "≈ Eligible", "Collection rate")
    names = dict(raw["counties"].select("id", "name_en").iter_rows())
    for county, row in mothers.items():
        line = table[table["County"] == names[county]].iloc[0]
        assert line["≈ Issued"] == i18n.number(row["issued"], "en")
        assert line["Collection rate"] == i18n.percent(row["collection_rate"], "en")
    decisions = _table(at, "County", "≈ Filed", "Median days to a decision")
    for county, row in filed.items():
        line = decisions[decisions["County"] == names[county]].iloc[0]
        assert line["≈ Overdue"] == i18n.number(row["pending_overdue"], "en")


def test_uptake_page_shows_method_two_by_area(raw: dict) -> None:
    at = _uptake(lang="en", province="IR-16", as_of="2026-02-10")
    assert not at.exception
    f = Filters(as_of=dt.date(2026, 2, 10), province="IR-16")
    table = _table(at, "Area", "≈ Registered", "Registration rate")
    names = dict(raw["counties"].select("id", "name_en").iter_rows())
    for county, row in oracle.method_two(raw, f, "county_id").items():
        line = table[table["Area"] == names[county]].iloc[0]
        assert line["≈ Registered"] == i18n.number(row["registered"], "en")
        assert line["≈ Overdue"] == i18n.number(row["pending_overdue"], "en")


MIDDLE_DOT = "\u00b7"  # drawn as the Persian digit zero (۰) in Vazirmatn


def _texts(at: AppTest) -> list[str]:
    """Every text the page and its sidebar show: titles, headings, captions, markdown, notices
    and html blocks."""
    kinds = ("title", "header", "subheader", "caption", "markdown", "warning", "info", "error",
             "success")  # fmt: skip
    return [e.value for kind in kinds for e in at.get(kind)] + [
        e.proto.body for e in at.get("html")
    ]


def test_persian_lines_join_their_parts_with_an_em_dash_never_a_middle_dot() -> None:
    """The head, the narrowing caption and the user line: «لرستان · تا پایان ...» read as
    'Lorestan 0 ...'."""
    at = _app(province="IR-15", as_of="2026-02-10", deciles="1-3", group="retiree")
    assert not at.exception
    assert _head(at).endswith(">لرستان — تا پایان ۲۱ بهمن ۱۴۰۴</div>")
    assert "دهک ۱ تا ۳ — بازنشستگان" in [c.value for c in at.caption]
    user = f"{USERS['national'].display_name} — {i18n.t('role.national', 'fa')}"
    assert user in [c.value for c in at.sidebar.caption]
    texts = _texts(at)
    assert len(texts) > 10 and not [t for t in texts if MIDDLE_DOT in t]


def _opened(monkeypatch: pytest.MonkeyPatch, role: str, path: str, lang: str) -> AppTest:
    """The app as a user of role opening /path (the browser's address, as app.py reads it)."""
    monkeypatch.setattr(state, "requested_path", lambda: path)
    at = _app(role, lang=lang)
    return at.switch_page("views/not_found.py").run()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The page «Data» is for the Data officer role; your role is National viewer."),
        ("fa", "صفحه «داده‌ها» ویژه نقش «مسئول داده» است و نقش شما «ناظر ملی» است."),
    ],
)
def test_a_page_for_another_role_says_whose_it_is(
    monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    """A national viewer opening /data: the page exists, for the data officer; not 'no page
    at «data»'."""
    at = _opened(monkeypatch, "national", "data", lang)
    assert not at.exception
    assert at.title[0].value == i18n.t("notfound.not_yours_title", lang)
    assert at.warning[0].value.startswith(said)
    assert "«data»" not in at.warning[0].value


def test_pages_for_several_roles_name_them_and_unknown_pages_say_there_is_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = _opened(monkeypatch, "admin", "stores", "en")
    roles = "National viewer, Governor, Welfare director, County officer, Committee member, "
    assert at.warning[0].value.startswith(
        f"The page «Stores» is for these roles: {roles}Data officer. Your role is Administrator."
    )
    at = _opened(monkeypatch, "national", "people", "en")
    assert "is for the Administrator role; your role is National viewer" in at.warning[0].value
    at = _opened(monkeypatch, "national", "nowhere", "en")
    assert at.title[0].value == i18n.t("notfound.title", "en")
    assert at.warning[0].value == i18n.t("notfound.body", "en", path="nowhere")
