"""Signing in through the browser: local accounts (the form, links clamped to the user's
area, sign-out) and an organisation's OpenID Connect provider (oidc-provider-mock, a real
provider on 127.0.0.1, through st.login's real redirects)."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import socket
import threading
import urllib.request
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from dashboard import db, i18n, schema
from dashboard.people import User
from harness.browser import DONE, sign_in, streamlit_server
from queries import accounts, audit
from tests.browser.conftest import TODAY, signed_in
from tests.conftest import copy_of
from tests.populate import EDGE_TOWN, PASSWORD, PROVINCE

CLOCK = f"{TODAY.isoformat()}T10:30:00"
USERS_AT = dt.datetime.combine(TODAY, dt.time(9))  # when the identity's user was added


def _head(tab) -> str:
    tab.wait_for_selector(f"{DONE} .as-of", timeout=60_000)
    return tab.locator(".as-of").inner_text()


def test_the_form_answers_a_wrong_password_and_shows_no_data(server: str, browser) -> None:
    tab = browser.new_page(viewport={"width": 1280, "height": 720})
    tab.goto(f"{server}/uptake?lang=en&province=IR-16")
    tab.get_by_label("Username", exact=True).fill("gov.ilam")
    tab.get_by_label("Password", exact=True).fill("not-the-password")
    tab.get_by_role("button", name="Sign in", exact=True).click()
    tab.get_by_text(i18n.t("signin.invalid", "en")).wait_for(timeout=30_000)
    assert (
        tab.locator(".as-of").count() == 0 and tab.locator('[data-testid="stMetric"]').count() == 0
    )
    assert tab.locator(".js-plotly-plot").count() == 0
    tab.close()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_tampered_link_stays_in_the_county_users_area(server: str, browser, lang: str) -> None:
    context = signed_in(browser, server, "county", viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    tab.goto(f"{server}/complaints?lang={lang}&province=IR-15&county=1279146")
    assert _head(tab).startswith({"fa": "شهر آزمون", "en": "Edge town"}[lang])
    url = tab.url
    assert f"province={PROVINCE}" in url and f"county={EDGE_TOWN}" in url
    assert "IR-15" not in url
    notice = i18n.t("sidebar.outside", lang, area="").split("؛")[0].split(";")[0]
    tab.get_by_text(notice, exact=False).first.wait_for(timeout=15_000)
    tab.goto(f"{server}/uptake?lang={lang}")  # no area asked: the county, never the province
    _head(tab)
    assert f"county={EDGE_TOWN}" in tab.url
    context.close()


def test_sign_out_from_the_sidebar_ends_the_session(server: str, browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    sign_in(tab, server, "national", PASSWORD)
    _head(tab)
    tab.get_by_role("button", name=i18n.t("signin.sign_out", "en")).click()
    tab.get_by_label("Username", exact=True).wait_for(timeout=30_000)
    tab.wait_for_function("!document.cookie.includes('kalabarg_session=')", timeout=15_000)
    tab.goto(f"{server}/?lang=en")  # a new session: the cookie is gone
    tab.get_by_label("Username", exact=True).wait_for(timeout=30_000)
    assert tab.locator(".as-of").count() == 0
    context.close()


# --- An organisation's identity provider -------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """oidc-provider-mock on 127.0.0.1 (its own runner binds 'localhost'); yields its issuer."""
    mock = pytest.importorskip("oidc_provider_mock")
    import werkzeug.serving

    served = werkzeug.serving.make_server("127.0.0.1", 0, mock.app(), threaded=True)
    thread = threading.Thread(target=served.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    yield f"http://127.0.0.1:{served.server_port}"
    served.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def oidc_server(provider: str, sqlite_path: str, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """A server with `[auth]` configured for the provider, on its own copy of the test database
    where the Ilam governor is known by the identity gov@ilam.example."""
    folder = tmp_path_factory.mktemp("oidc")
    url = copy_of(sqlite_path, folder / "oidc.db")
    engine = db.make_engine(url)
    sara = User("sara", "Sara Ahmadi", "governor", PROVINCE)
    accounts.add_user(engine, sara, PASSWORD, USERS_AT, "test", identity="gov@ilam.example")
    engine.dispose()
    port = _free_port()
    settings = folder / "secrets.toml"
    settings.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "kalabarg-ops-test"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        "utf-8",
    )
    with streamlit_server(url, CLOCK, secrets=settings, port=port) as base:
        yield base, url


def _through_the_provider(
    tab, base: str, provider: str, identity: str, link: str = "/?lang=en"
) -> None:
    tab.goto(f"{base}{link}")
    tab.get_by_role("button", name=i18n.t("signin.oidc", "en")).click()
    tab.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/authorize\?"), timeout=30_000)
    tab.locator('input[name="sub"]').fill(identity)
    tab.get_by_role("button", name="Authorize", exact=True).click()
    tab.wait_for_url(re.compile(re.escape(base) + "/"), timeout=30_000)
    tab.wait_for_selector(DONE, timeout=30_000)


def test_an_identity_of_a_known_user_signs_in_through_the_provider(
    oidc_server, provider: str, browser
) -> None:
    base, url = oidc_server
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    tab.goto(f"{base}/?lang=en")
    tab.get_by_role("button", name=i18n.t("signin.oidc", "en")).wait_for(timeout=30_000)
    assert tab.get_by_label("Password", exact=True).count() == 0, "no local form"
    link = f"/complaints?lang=en&province={PROVINCE}&as_of=2026-02-10"
    _through_the_provider(tab, base, provider, "gov@ilam.example", link)
    assert _head(tab) == "Ilam · as of the end of 21 Bahman 1404"  # the link it left from
    assert tab.url.startswith(f"{base}/complaints?")
    tab.reload()  # a new Streamlit session: still signed in
    assert _head(tab).startswith("Ilam")
    engine = db.make_engine(url)
    with engine.connect() as conn:
        log = audit.entries(conn).filter(username="sara")
    engine.dispose()
    assert log["action"].to_list() == ["sign_in"] and log["detail"].to_list() == ["oidc"]
    tab.get_by_role("button", name=i18n.t("signin.sign_out", "en")).click()
    tab.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/end_session"), timeout=30_000)
    tab.get_by_role("button", name="End session").click()
    # the provider sends the browser back to the root, in the default language
    tab.get_by_role("button", name=i18n.t("signin.oidc", "fa")).wait_for(timeout=30_000)
    assert tab.locator(".as-of").count() == 0
    context.close()


def test_an_unknown_identity_is_told_politely_and_sees_nothing(
    oidc_server, provider: str, browser
) -> None:
    base, url = oidc_server
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    _through_the_provider(tab, base, provider, "stranger@example.org")
    refusal = i18n.t("signin.not_authorised", "en", identity="stranger@example.org")
    tab.get_by_text(refusal[:60]).wait_for(timeout=30_000)
    tab.wait_for_selector(DONE)
    assert tab.locator(".as-of").count() == 0
    assert tab.locator('[data-testid="stSidebarNav"]').count() == 0
    assert tab.locator('[data-testid="stMetric"]').count() == 0
    engine = db.make_engine(url)
    with engine.connect() as conn:
        log = audit.entries(conn).filter(username="stranger@example.org")
    engine.dispose()
    assert log["action"].to_list() == ["sign_in_refused"]
    context.close()


# --- A verified email, and a session bound to its subject and identity (issue 31) ----------


def _claims(provider: str, subject: str, **claims: object) -> None:
    """Tell the mock provider the claims it gives for subject (by default its email is the
    subject, with no email_verified)."""
    request = urllib.request.Request(
        f"{provider}/users/{subject}",
        data=json.dumps(claims).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 204


def _everything(url: str) -> tuple[list, list, list]:
    engine = db.make_engine(url)
    u, se, a = schema.users, schema.sessions, schema.audit
    with engine.connect() as conn:
        found = (
            conn.execute(sa.select(u).order_by(u.c.username)).all(),
            conn.execute(sa.select(se).order_by(se.c.token_hash)).all(),
            conn.execute(sa.select(a).order_by(a.c.id)).all(),
        )
    engine.dispose()
    return found


def test_an_email_the_provider_has_not_verified_is_refused(oidc_server, provider, browser):
    base, url = oidc_server
    _claims(provider, "sub-unverified", email="gov@ilam.example", email_verified=False)
    users, sessions, log = _everything(url)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    _through_the_provider(tab, base, provider, "sub-unverified")
    refusal = i18n.t("signin.unverified", "en", identity="gov@ilam.example")
    tab.get_by_text(refusal[:60]).wait_for(timeout=30_000)
    tab.wait_for_selector(DONE)
    assert tab.locator(".as-of").count() == 0
    assert tab.locator('[data-testid="stMetric"]').count() == 0
    after = _everything(url)
    assert after[:2] == (users, sessions), "no session, no change to the user"
    assert after[2][: len(log)] == log
    added = [(r.username, r.action, r.detail) for r in after[2][len(log) :]]
    assert added == [("gov@ilam.example", "sign_in_refused", "OIDC email not verified")]
    context.close()


def test_an_identity_changed_on_the_server_is_out_at_the_next_click(
    oidc_server, provider: str, browser
) -> None:
    base, url = oidc_server
    _claims(provider, "sub-sara", email="gov@ilam.example", email_verified=True)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    _through_the_provider(tab, base, provider, "sub-sara")
    assert _head(tab).startswith("Ilam")
    engine = db.make_engine(url)
    se, u = schema.sessions, schema.users
    opened = se.c.username == "sara"
    with engine.connect() as conn:
        bound = conn.execute(
            sa.select(se.c.token_hash, se.c.subject, se.c.identity)
            .where(opened, se.c.ended_at.is_(None))
            .order_by(se.c.started_at.desc())
        ).all()
    assert [(subject, identity) for _, subject, identity in bound] == [
        ("sub-sara", "gov@ilam.example")
    ]
    with engine.begin() as conn:  # the administrator gives the account another identity
        conn.execute(u.update().where(u.c.username == "sara").values(identity="new@ilam.example"))
    try:
        tab.locator('[data-testid="stSidebarNav"] a').nth(1).click()  # the next click
        tab.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/end_session"), timeout=30_000)
        with engine.connect() as conn:
            ended = conn.execute(
                sa.select(se.c.end_reason).where(se.c.token_hash == bound[0][0])
            ).scalar_one()
            log = audit.entries(conn).filter(username="sara")
        assert ended == "identity"
        assert (log["action"][0], log["detail"][0]) == ("sign_out", "OIDC identity changed")
        tab.goto(f"{base}/?lang=en")  # the old cookie, whatever the provider says, opens nothing
        tab.wait_for_selector(DONE, timeout=30_000)
        assert tab.locator(".as-of").count() == 0
    finally:
        with engine.begin() as conn:
            conn.execute(
                u.update().where(u.c.username == "sara").values(identity="gov@ilam.example")
            )
        engine.dispose()
        context.close()
