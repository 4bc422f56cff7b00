"""The Overview's since-your-last-visit strip: what changed in the user's area between their
previous sign-in and this session's first look (queries.changes), worked out once a session."""

from __future__ import annotations

import streamlit as st

from dashboard import calendar, digest, i18n
from frame import auth, cache, pages
from frame.state import language, t
from queries import changes

_SEEN = "since-visit"  # session: (username, window, changes) of this session's strip


def _changes(username: str) -> tuple[digest.Window, list[changes.Change]]:
    """The window and items of this session's strip (worked out on its first look)."""
    kept = st.session_state.get(_SEEN)
    if kept is not None and kept[0] == username:
        return kept[1], kept[2]
    now = calendar.now()
    with cache.engine().connect() as conn:
        since = changes.last_visit(conn, username, now)
        # the pages' queries from the cache (tasks and escalations keyed by the work version)
        items = changes.changes(conn, auth.user(), since, now, cache.run_work)
        window = digest.Window((since, now), changes.data_days(conn, since, now))
    st.session_state[_SEEN] = (username, window, items)
    return window, items


def show() -> None:
    """The strip: a tile for each item that changed, linked to the page that explains it; one
    line when nothing did."""
    user, lang = auth.user(), language()
    window, items = _changes(user.username)
    since, now = (calendar.format_moment(moment, lang) for moment in window.moments)
    st.subheader(t("changes.title"), help=t("changes.help", since=since))
    st.caption(
        f"{t('changes.window', since=since, now=now)} — {digest.data_line(window.days, lang)}"
    )
    changed = [item for item in items if item.count]
    if not changed:
        st.info(t("changes.nothing", since=since), icon=":material/check_circle:")
        return
    row = st.container(horizontal=True, wrap=True)
    for item in changed:
        box = row.container(border=True, width=255, height="stretch")
        box.markdown(f"**{i18n.number(item.count, lang)}** {t(f'changes.item.{item.item}')}")
        if item.page == "data" and not user.rights.imports:
            continue
        box.page_link(
            pages.script(item.page),
            label=t(f"nav.{item.page}"),
            icon=":material/arrow_back:" if lang == "fa" else ":material/arrow_forward:",
            query_params={"lang": lang, **dict(item.query)},
        )
