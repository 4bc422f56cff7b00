"""Sign-in through the app (AppTest): the form, one answer for unknown users and wrong
passwords, lockout and its end, idle sessions, sign-out, pages by role, and links clamped to
the user's area. Each test runs on its own copy of the test database (sign-ins write)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import calendar, db, i18n, schema
from dashboard.sample.people import DEMOS
from frame import auth
from queries import accounts, audit
from tests.conftest import ROOT, copy_of
from tests.populate import EDGE_TOWN, PASSWORD, PROVINCE, USERS, store_an_import
from tests.views.signing import as_user

APP = str(ROOT / "app.py")
NOW = dt.datetime(2026, 5, 12, 10, 30)


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock(sqlite_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clock:
    url = copy_of(sqlite_path, tmp_path / "auth.db")
    with db.make_engine(url).begin() as conn:  # the copy without other tests' sign-ins
        conn.execute(schema.audit.delete())
        conn.execute(schema.sessions.delete())
    monkeypatch.setenv("DATABASE_URL", url)
    ticking = Clock()
    monkeypatch.setattr(calendar, "now", ticking)
    st.cache_data.clear()
    st.cache_resource.clear()
    return ticking


def _app(lang: str = "en", **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update({"lang": lang, **query})
    return at.run()


def _sign_in(at: AppTest, username: str, password: str, lang: str = "en") -> AppTest:
    at.text_input(key="sign-in-username").input(username)
    at.text_input(key="sign-in-password").input(password)
    button = next(b for b in at.button if b.label == i18n.t("signin.button", lang))
    return button.click().run()


def _head(at: AppTest) -> str:
    """The page's first line: the area and as-of date."""
    return next(e.proto.body for e in at.get("html") if 'class="as-of"' in e.proto.body)


def _audit(username: str) -> list[str]:
    with db.make_engine().connect() as conn:
        rows = audit.entries(conn).filter(username=username)
    return rows["action"].reverse().to_list()


@pytest.mark.parametrize(
    ("lang", "labels"),
    [("en", ["Username", "Password"]), ("fa", ["نام کاربری", "گذرواژه"])],
)
def test_nothing_is_shown_before_sign_in(clock: Clock, lang: str, labels: list[str]) -> None:
    at = _app(lang)
    assert not at.exception
    assert [w.label for w in at.text_input] == labels
    assert [b.label for b in at.button] == [i18n.t("signin.button", lang)]
    assert i18n.t("signin.button", "en") == "Sign in"
    assert not at.metric and not at.dataframe[1:]
    assert not list(at.sidebar.selectbox), "no filters"
    assert at.text_input(key="sign-in-password").proto.type == 1  # a password field


def test_the_right_password_opens_the_overview_and_is_audited(clock: Clock) -> None:
    at = _sign_in(_app(), "Gov.Ilam", PASSWORD)
    assert not at.exception and not at.error
    assert len(at.metric) == 9
    assert at.query_params["province"] == PROVINCE, "a governor starts in their province"
    shown = [c.value for c in at.sidebar.caption]
    assert f"{USERS['governor'].display_name} · Governor" in shown
    assert _audit("gov.ilam") == ["sign_in"]


def test_an_unknown_user_and_a_wrong_password_read_the_same(clock: Clock) -> None:
    unknown = _sign_in(_app(), "nobody", PASSWORD)
    wrong = _sign_in(_app(), "gov.ilam", "not-the-password")
    assert (
        [e.value for e in unknown.error]
        == [e.value for e in wrong.error]
        == [i18n.t("signin.invalid", "en")]
    )
    assert not unknown.metric and not wrong.metric


def test_five_failures_lock_the_account_until_fifteen_minutes_on(clock: Clock) -> None:
    at = _app()
    for _ in range(5):
        at = _sign_in(at, "dir.ilam", "not-the-password")
    locked = i18n.t("signin.locked", "en", until="10:45")
    assert [e.value for e in at.error] == [locked]
    at = _sign_in(at, "dir.ilam", PASSWORD)  # the right password, still locked
    assert [e.value for e in at.error] == [locked] and not at.metric
    clock.now = NOW + dt.timedelta(minutes=15)
    at = _sign_in(at, "dir.ilam", PASSWORD)
    assert not at.error and len(at.metric) == 9
    assert _audit("dir.ilam") == ["sign_in_failed"] * 5 + ["lockout", "sign_in_locked", "sign_in"]


def test_an_idle_session_ends_and_the_page_says_why(clock: Clock) -> None:
    at = _sign_in(_app(), "national", PASSWORD)
    assert len(at.metric) == 9
    clock.now = NOW + dt.timedelta(minutes=29)
    assert len(at.run().metric) == 9, "activity keeps the session"
    clock.now += dt.timedelta(minutes=31)
    at.run()
    assert not at.metric
    assert [i.value for i in at.info] == [i18n.t("signin.ended.idle", "en", minutes="30")]
    assert _audit("national")[-1] == "idle_sign_out"


def test_sign_out_ends_the_session(clock: Clock) -> None:
    at = _sign_in(_app(), "national", PASSWORD)
    token = at.session_state["session-token"]
    at.sidebar.button(key="sign-out").click().run()
    assert not at.metric and [w.label for w in at.text_input] == ["Username", "Password"]
    engine = db.make_engine()
    assert accounts.session_user(engine, token, clock.now, dt.timedelta(minutes=30)) == (
        None,
        "ended",
    )
    assert _audit("national")[-1] == "sign_out"


def test_a_disabled_user_is_out_at_the_next_click(clock: Clock) -> None:
    at = _sign_in(_app(), "edge.town", PASSWORD)
    assert len(at.metric) == 9
    accounts.disable(db.make_engine(), "edge.town", clock.now, "test")
    at.run()
    assert not at.metric
    assert [i.value for i in at.info] == [i18n.t("signin.ended.inactive", "en")]


@pytest.mark.parametrize(
    ("role", "title", "data_page"),
    [
        ("national", "overview.title", False),
        ("governor", "overview.title", False),
        ("data_officer", "overview.title", True),
        ("admin", "people.title", False),
    ],
)
def test_each_role_gets_its_pages(clock: Clock, role: str, title: str, data_page: bool) -> None:
    at = as_user(AppTest.from_file(APP, default_timeout=30), role)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == i18n.t(title, "en")
    try:
        at.switch_page("views/data.py").run()
        reached = not at.exception and at.title[0].value == i18n.t("data.title", "en")
    except Exception:  # noqa: BLE001 (a page the navigation does not hold)
        reached = False
    assert reached is data_page


def test_the_admin_sees_users_and_the_audit_log_but_no_figures(clock: Clock) -> None:
    at = as_user(AppTest.from_file(APP, default_timeout=30), "admin")
    at.query_params["lang"] = "en"
    at.run()
    assert not at.metric
    users, log = (d.value for d in at.dataframe)
    assert set(users["Username"]) >= {u.username for u in USERS.values()}
    assert "password_hash" not in " ".join(users.columns)
    assert "Signed in" in set(log["Action"]) and "admin" in set(log["Username"])


def test_a_link_outside_a_county_users_area_is_clamped_with_a_notice(clock: Clock) -> None:
    at = as_user(AppTest.from_file(APP, default_timeout=30), "county")
    at.query_params.update({"lang": "en", "province": "IR-15", "county": "1279146"})
    at.run()
    assert not at.exception
    assert at.query_params["province"] == PROVINCE
    assert at.query_params["county"] == str(EDGE_TOWN)
    notices = [w.value for w in at.warning]
    assert any(w.startswith("The link asked for an area outside yours") for w in notices)
    assert at.sidebar.selectbox[0].options == ["Ilam"]
    assert at.sidebar.selectbox[1].options == ["Edge town"], "no 'all counties' either"
    assert _head(at).startswith("<div") and "Edge town" in _head(at)


def test_a_session_state_edit_cannot_widen_the_view(clock: Clock) -> None:
    at = as_user(AppTest.from_file(APP, default_timeout=30), "governor")
    at.query_params["lang"] = "en"
    at.run()
    at.session_state["params"] = {"lang": "en", "province": "IR-15"}
    at.query_params.clear()
    at.run()
    assert at.query_params["province"] == PROVINCE
    assert "Ilam" in _head(at) and "Lorestan" not in _head(at)


def test_the_sample_lists_its_demo_accounts_until_data_is_imported(clock: Clock) -> None:
    engine = db.make_engine()
    with engine.begin() as conn:  # a sample as the seed leaves it: its demo accounts only
        conn.execute(schema.users.delete())
    accounts.add_demo_accounts(engine, clock.now)
    at = _app()
    assert [w.value for w in at.warning] == [i18n.t("signin.demo", "en")]
    listed = at.dataframe[0].value
    assert list(listed["Username"]) == [d.user.username for d in DEMOS]
    assert list(listed["Password"]) == [d.password for d in DEMOS]
    demo = DEMOS[0]
    assert len(_sign_in(at, demo.user.username, demo.password).metric) == 9
    with engine.begin() as conn:  # an extract is stored
        store_an_import(conn, 1, clock.now)
    at = _app()
    assert not at.warning and not at.dataframe, "no list, no banner"
    refused = _sign_in(at, DEMOS[1].user.username, DEMOS[1].password)
    assert [e.value for e in refused.error] == [i18n.t("signin.demo_closed", "en")]


def test_a_save_after_the_session_went_idle_is_refused_and_stores_nothing(clock: Clock) -> None:
    at = as_user(AppTest.from_file(APP, default_timeout=30), "governor")
    at.query_params.update({"lang": "en", "province": PROVINCE})
    at.run()
    at.switch_page("views/tasks.py").run()
    task_id = at.selectbox(key="task-pick").value
    e = schema.task_events
    count = sa.select(sa.func.count()).select_from(e).where(e.c.task_id == task_id)
    with db.make_engine().connect() as conn:
        before = conn.execute(count).scalar_one()
    next(t for t in at.text_area if t.label == i18n.t("tasks.note", "en")).input("late")
    clock.now = NOW + dt.timedelta(minutes=31)  # the page was left open
    next(b for b in at.button if b.label == i18n.t("tasks.save", "en")).click().run()
    with db.make_engine().connect() as conn:
        assert conn.execute(count).scalar_one() == before
    assert not at.metric and [w.label for w in at.text_input] == ["Username", "Password"]
    assert [i.value for i in at.info] == [i18n.t("signin.ended.idle", "en", minutes="30")]


@pytest.mark.parametrize(
    ("kept", "opened"),
    [
        ("/complaints?lang=en&province=IR-16", "/complaints?lang=en&province=IR-16"),
        ("/uptake?lang=fa&evil=1", "/uptake?lang=fa"),  # only the view's own parameters
        ("%2F%09%2Fevil.com", None),  # another site, however written
        ("//evil.com/uptake", None),
        ("https://evil.com/", None),
        ("/</script><script>alert(1)</script>", None),
        (None, None),
    ],
)
def test_the_link_kept_across_the_providers_round_trip_stays_on_this_server(kept, opened):
    assert auth._local(kept) == opened


# --- Sessions: an absolute lifetime, a new password, the cookie's Secure (issue 31) ---------


def test_a_session_ends_after_twelve_hours_however_busy_and_the_page_says_why(clock) -> None:
    at = _sign_in(_app(), "national", PASSWORD)
    token = at.session_state["session-token"]
    for _ in range(24):  # a click every 29 minutes: never idle
        clock.now += dt.timedelta(minutes=29)
        assert len(at.run().metric) == 9
    clock.now = NOW + dt.timedelta(hours=12, minutes=1)
    at.run()
    assert not at.metric and [w.label for w in at.text_input] == ["Username", "Password"]
    assert [i.value for i in at.info] == [i18n.t("signin.ended.expired", "en", hours="12")]
    assert _audit("national")[-1] == "sign_out"
    with db.make_engine().connect() as conn:
        se = schema.sessions
        ended = conn.execute(
            sa.select(se.c.ended_at, se.c.end_reason).where(
                se.c.token_hash == accounts._hash(token)
            )
        ).one()
    assert tuple(ended) == (clock.now, "expired")


def test_a_password_changed_on_the_server_ends_the_open_session(clock: Clock) -> None:
    at = _sign_in(_app(), "gov.ilam", PASSWORD)
    assert len(at.metric) == 9
    old = at.session_state["session-token"]
    accounts.set_password(db.make_engine(), "gov.ilam", "changed-password-1", clock.now, "cli:x")
    at.run()
    assert not at.metric
    assert [i.value for i in at.info] == [i18n.t("signin.ended.password", "en")]
    again = _sign_in(_app(), "gov.ilam", "changed-password-1")
    new = again.session_state["session-token"]
    assert len(again.metric) == 9 and new != old
    assert accounts.session_user(db.make_engine(), old, clock.now, dt.timedelta(minutes=30)) == (
        None,
        "password",
    )


def _cookie_script(at: AppTest) -> str:
    return next(e.proto.body for e in at.get("html") if "kalabarg_session=" in e.proto.body)


@pytest.mark.parametrize(
    ("setting", "secure"), [("auto", False), ("always", True), ("never", False)]
)
def test_the_cookie_is_written_with_the_settings_lifetime_and_secure(
    clock: Clock, setting: str, secure: bool
) -> None:
    row = schema.settings.c.key == "cookie_secure"
    with db.make_engine().begin() as conn:
        conn.execute(schema.settings.update().where(row).values(value=setting))
    at = _sign_in(_app(), "national", PASSWORD)  # AppTest: served over http, no proxy
    token = at.session_state["session-token"]
    script = _cookie_script(at)
    assert auth.cookie_text(token, 12, secure) in script
    assert ("; Secure" in script) is secure
    assert "max-age=43200; SameSite=Strict" in script


@pytest.mark.parametrize(
    ("setting", "headers", "url", "secure"),
    [
        ("auto", {}, "http://127.0.0.1:8501/", False),
        ("auto", {}, "https://dashboard.example.ir/uptake", True),
        ("auto", {"X-Forwarded-Proto": "https"}, "http://10.0.0.5:8501/", True),
        ("auto", {"x-forwarded-proto": "HTTPS, http"}, None, True),  # the first proxy's word
        ("auto", {"X-Forwarded-Proto": "http, https"}, None, False),
        ("auto", {"Forwarded": 'for=192.0.2.60;proto="https";by=203.0.113.43'}, None, True),
        ("auto", {"Forwarded": "for=192.0.2.60;proto=http, proto=https"}, None, False),
        ("auto", {"X-Forwarded-Host": "https"}, None, False),
        ("always", {}, "http://127.0.0.1:8501/", True),
        ("never", {"X-Forwarded-Proto": "https"}, "https://dashboard.example.ir/", False),
    ],
)
def test_secure_follows_the_setting_and_the_requests_scheme(setting, headers, url, secure):
    assert auth.secure_cookie(setting, headers, url) is secure


def test_the_cookie_text() -> None:
    assert auth.cookie_text("tok", 12, True) == (
        "kalabarg_session=tok; path=/; max-age=43200; SameSite=Strict; Secure"
    )
    assert auth.cookie_text("tok", 0.5, False) == (
        "kalabarg_session=tok; path=/; max-age=1800; SameSite=Strict"
    )
    assert auth.cookie_text("", 12, True) == (
        "kalabarg_session=; path=/; max-age=0; SameSite=Strict; Secure"
    )  # a cleared cookie is cleared with the same attributes
