"""Who this run's user is: the session (a cookie the browser keeps, looked up in the database
on every run), the sign-in page (an organisation's OpenID Connect provider through st.login
when `[auth]` is configured in secrets, local accounts otherwise) and sign-out.

Nothing of the data is drawn before signed_in() has returned a user.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
from collections.abc import Callable, Mapping

import polars as pl
import streamlit as st

from dashboard import calendar, i18n, people
from dashboard.filters import KEYS
from frame import cache, formatting, grid
from frame.state import language, t
from queries import accounts, meta

COOKIE = "kalabarg_session"
NEXT = "kalabarg_next"  # the link asked for before the identity provider's round trip
TOKEN = "session-token"  # session: this browser session's token
_USER = "session-user"  # session: this run's signed-in user
_COOKIE_OUT = "session-cookie-out"  # session: the cookie to write ('' clears it), once
_ENDED = "session-ended"  # session: why the last session ended (idle, inactive), to say once
_FAILED = "sign-in-failed"  # session: the last sign-in's outcome and lockout end, to say once
_GO = "session-go"  # session: the link to open once signed in through the provider
_REMEMBER = (
    "<script>document.cookie = 'kalabarg_next=' + encodeURIComponent(location.pathname"
    " + location.search) + '; path=/; max-age=900; SameSite=Lax{secure}';</script>"
)  # the provider sends the browser back to the root: the link the user opened is kept here
_SHOWN = ("idle", "expired", "inactive", "password", "identity", "demo_closed")  # said once


def oidc_configured() -> bool:
    """Is an organisation's identity provider configured ([auth] in secrets)?"""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def user() -> people.User:
    """This run's signed-in user (signed_in has returned it)."""
    return st.session_state[_USER]


def anyone() -> bool:
    """Has any user been added? (Read afresh: a user added on the server counts at once.)"""
    with cache.engine().connect() as conn:
        return accounts.has_users(conn)


def _session_check() -> Callable[[str | None, dt.datetime], tuple[people.User | None, str]]:
    """The check of a session token at a moment: its idle time and lifetime the settings',
    an OpenID Connect session bound to the subject signed in at the provider now."""
    settings = cache.run(meta.settings)
    engine = cache.engine()
    idle = dt.timedelta(minutes=settings.idle_minutes)
    lifetime = dt.timedelta(hours=settings.session_hours)
    subject = None
    if oidc_configured() and st.user.is_logged_in:
        subject = str(st.user.get("sub") or "")
    return lambda token, now: accounts.session_user(engine, token, now, idle, lifetime, subject)


def writer() -> str:
    """The username a write made in a callback is made by, the session checked again now: it
    may have ended since the page was drawn (idle, signed out in another tab, disabled); ''
    then, which every write refuses (queries.task_writes)."""
    token = st.session_state.get(TOKEN)
    found, why = _session_check()(token, calendar.now())
    if found is None:
        _forget(why)
        return ""
    return found.username


def download_check() -> Callable[[], bool]:
    """A check, for a file written when its button is clicked, that this run's session is
    still open at that moment."""
    check, token = _session_check(), st.session_state.get(TOKEN)
    return lambda: check(token, calendar.now())[0] is not None


def signed_in() -> people.User:
    """This run's user; without one, the sign-in page is drawn and the run stops."""
    _write_cookie()
    now = calendar.now()
    token = st.session_state.get(TOKEN) or _cookie(COOKIE)
    found, why = _session_check()(token, now)
    if found is not None and oidc_configured() and not st.user.is_logged_in:
        found, why = None, "ended"  # signed out at the identity provider
    if found is not None:
        st.session_state[TOKEN] = token
        st.session_state[_USER] = found
        return found
    if token:
        _forget(why)
        _write_cookie()
    if oidc_configured():
        if why != "none" and st.user.is_logged_in:
            st.logout()  # the provider's sign-in would otherwise start a new session at once
        _oidc_page(now)
    _sign_in_page()
    st.stop()
    raise AssertionError("st.stop() returned")


def _cookie(name: str) -> str | None:
    """A cookie the browser sent when this session began (none under AppTest)."""
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) else None


def _forget(why: str) -> None:
    st.session_state.pop(TOKEN, None)
    st.session_state.pop(_USER, None)
    st.session_state[_COOKIE_OUT] = ""
    if why in _SHOWN:
        st.session_state[_ENDED] = why


def _keep(token: str) -> None:
    st.session_state[TOKEN] = token
    st.session_state[_COOKIE_OUT] = token


def secure_cookie(setting: str, headers: Mapping[str, str], url: str | None) -> bool:
    """Does the session cookie get Secure? setting (cookie_secure): always, never, or auto:
    when the browser reached the app over https, by the page's address (url) or, behind a
    reverse proxy that speaks http to the app, the proxy's X-Forwarded-Proto or Forwarded
    header (headers: the request's, any case of name)."""
    if setting == "always":
        return True
    if setting == "never":
        return False
    if url and url.strip().lower().startswith("https://"):
        return True
    named = {name.lower(): str(value).lower() for name, value in headers.items()}
    # the first proxy's word: the one the browser reached
    proto = named.get("x-forwarded-proto", "").split(",")[0].strip()
    first = named.get("forwarded", "").split(",")[0]  # for=...;proto=https;host=...
    pairs = dict(pair.strip().partition("=")[::2] for pair in first.split(";"))
    return proto == "https" or pairs.get("proto", "").strip().strip('"') == "https"


def cookie_text(value: str, hours: float, secure: bool) -> str:
    """The session cookie as the page's script writes it: value for hours ('' clears it)."""
    age = round(hours * 3600) if value else 0
    cookie = f"{COOKIE}={value}; path=/; max-age={age}; SameSite=Strict"
    return cookie + ("; Secure" if secure else "")


def _secure() -> bool:
    """Does this browser's session cookie get Secure (the setting cookie_secure)?"""
    setting = cache.run(meta.settings).cookie_secure
    return secure_cookie(setting, st.context.headers or {}, st.context.url)


def _write_cookie() -> None:
    """Write (or clear) the session cookie in the browser, once after it changed; then open
    the link kept across the identity provider's round trip, if any. The browser forgets it
    after session_hours, when the server ends the session anyway."""
    value = st.session_state.pop(_COOKIE_OUT, None)
    if value is None:
        return
    cookie = cookie_text(value, cache.run(meta.settings).session_hours, _secure())
    script = f"document.cookie = {json.dumps(cookie)};"
    go = _going(st.session_state.pop(_GO, None))
    st.html(f"<script>{script}{go}</script>", unsafe_allow_javascript=True)


def _going(link: str | None) -> str:
    """Script that forgets the kept link and opens it (nothing without a link)."""
    if not link:
        return ""
    target = json.dumps(link).replace("<", "\\u003c")
    return f"document.cookie = '{NEXT}=; path=/; max-age=0'; location.replace({target});"


def _local(link: str | None) -> str | None:
    """The link kept across the provider's round trip, rebuilt from a page name of this server
    and the view's own parameters ('/uptake?province=IR-15'); None for anything else."""
    if not link:
        return None
    parts = urllib.parse.urlsplit(urllib.parse.unquote(link))
    page = parts.path.rstrip("/").rpartition("/")[2]
    if parts.scheme or parts.netloc or not re.fullmatch(r"[\w-]{0,80}", page):
        return None
    query = {k: v for k, v in urllib.parse.parse_qsl(parts.query) if k in (*KEYS, "lang")}
    return f"/{page}?{urllib.parse.urlencode(query)}"


def _title() -> None:
    st.title(t("app.title"))
    ended = st.session_state.pop(_ENDED, None)
    if ended:
        settings, lang = cache.run(meta.settings), language()
        minutes = i18n.number(settings.idle_minutes, lang)
        hours = i18n.number(settings.session_hours, lang)
        st.info(t(f"signin.ended.{ended}", minutes=minutes, hours=hours),
                icon=":material/timer_off:")  # fmt: skip


def _sign_in_page() -> None:
    """The local sign-in form, and on the sample its demo accounts."""
    _title()
    st.subheader(t("signin.title"))
    failed = st.session_state.pop(_FAILED, None)
    if failed:
        outcome, until = failed
        when = calendar.digits(f"{until:%H:%M}", language()) if until else ""
        st.error(t(f"signin.{outcome}", until=when), icon=":material/lock:")
    with st.form("sign-in", width=420):
        st.text_input(t("signin.username"), key="sign-in-username", max_chars=80)
        st.text_input(t("signin.password"), key="sign-in-password", type="password",
                      max_chars=people.MAX_PASSWORD)  # fmt: skip
        st.form_submit_button(t("signin.button"), type="primary", on_click=_submit)
    _demo_list()


def _submit() -> None:
    state = st.session_state
    username, password = state.get("sign-in-username", ""), state.pop("sign-in-password", "")
    outcome = accounts.sign_in(cache.engine(), username, password or "", calendar.now())
    if outcome.outcome == "ok":
        _keep(outcome.token)
    else:
        state[_FAILED] = (outcome.outcome, outcome.locked_until)


def _demo_list() -> None:
    with cache.engine().connect() as conn:
        demos = accounts.demo_accounts(conn)
    if not demos:
        return
    lang = language()
    st.warning(t("signin.demo"), icon=":material/science:")
    rows = pl.DataFrame(
        {
            "role": [i18n.t(f"role.{u.role}", lang) for u, _ in demos],
            "username": [u.username for u, _ in demos],
            "password": [p for _, p in demos],
        }
    )
    grid.table(formatting.screen_table(rows, dict.fromkeys(rows.columns, "text")))


def _oidc_page(now: dt.datetime) -> None:
    """Sign-in through the organisation's identity provider; an identity with no user here
    sees a polite refusal and nothing else."""
    if not st.user.is_logged_in:
        _title()
        st.subheader(t("signin.title"))
        remember = _REMEMBER.format(secure="; Secure" if _secure() else "")
        st.html(remember, unsafe_allow_javascript=True)
        st.button(t("signin.oidc"), type="primary", on_click=st.login)
        st.stop()
    claims = {name: st.user.get(name) for name in ("email", "email_verified", "sub")}
    back = _going(_local(_cookie(NEXT)))
    with cache.engine().connect() as conn:
        known = accounts.identity_user(conn, claims) is not None
    if back and not known:  # refused, in the language of the link the user opened
        st.html(f"<script>{back}</script>", unsafe_allow_javascript=True)
        st.stop()
    outcome = accounts.sign_in_identity(cache.engine(), claims, now)
    if outcome.outcome == "ok":
        _keep(outcome.token)
        st.session_state[_GO] = _local(_cookie(NEXT))
        st.rerun()
    _title()
    identity = str(claims["email"] or claims["sub"] or "")
    refusal = "signin.unverified" if outcome.outcome == "unverified" else "signin.not_authorised"
    st.error(t(refusal, identity=identity), icon=":material/no_accounts:")
    st.button(t("signin.sign_out"), on_click=st.logout)
    st.stop()


def sign_out_button() -> None:
    """The signed-in user's name, role and area in the sidebar, and the sign-out button."""
    found = user()
    st.sidebar.caption(i18n.joined((found.display_name, t(f"role.{found.role}")), language()))
    st.sidebar.button(t("signin.sign_out"), key="sign-out", on_click=_sign_out,
                      icon=":material/logout:")  # fmt: skip


def _sign_out() -> None:
    token = st.session_state.get(TOKEN)
    if token:
        accounts.sign_out(cache.engine(), token, calendar.now())
    _forget("sign_out")
    if oidc_configured():
        st.logout()
