"""Kalabarg Ops: the router (page config, the frame, navigation)."""

import re

import streamlit as st

from dashboard import i18n
from dashboard.paths import ROOT
from frame import auth, cache, freshness, look, notices, sidebar, state, warm
from frame.pages import ICONS, pages_of, script
from queries import meta

NAME = re.compile(r"[\w-]{1,80}")  # a path segment st.Page takes as a page's url_path
ICON = ROOT / "static" / "favicon.png"  # a local file: a :material: icon is fetched from Google

st.set_page_config(page_title="Kalabarg Ops", page_icon=str(ICON), layout="wide")
cache.note_version()
cache.note_work_version()
missing = cache.missing_columns()
lang = state.language()
sidebar.language_switch()
look.apply()
if missing:
    notices.outdated_database(missing)
universe = None if not cache.run(meta.has_data) else cache.run(meta.universe)
warm.start()
if universe is not None and not universe.days:  # rollup rows, but no credit opened in them
    universe = None
if not auth.anyone():
    notices.no_users(empty=universe is None)
user = auth.signed_in()
rights = user.rights
rejected = {} if universe is None else state.resolve(universe, user.remit)
shown = pages_of(rights)
pages = [
    st.Page(
        script(page),
        title=i18n.t(f"nav.{page}", lang),
        icon=ICONS[page],
        url_path="" if page == shown[0] else page,  # the first page is the root
        default=page == shown[0],
    )
    for page in shown
]
st.session_state["overview-page"] = pages[0]
requested = state.requested_path()
if requested not in shown[1:] and NAME.fullmatch(requested):
    # /overview (the root's name) or a page this app does not have: views/not_found.py, not
    # Streamlit's English dialog
    pages.append(st.Page("views/not_found.py", url_path=requested, visibility="hidden"))
navigation = st.navigation(pages)
auth.sign_out_button()
data_page = navigation.url_path in ("data", "people") or not rights.data  # no filters there
if universe is None and not data_page:  # the Data page fills an empty database
    notices.empty_database()
if universe is not None and not data_page:
    sidebar.filters(universe.within(user.remit))
notices.rejected_link(rejected, universe)
freshness.sidebar_note(cache.run(meta.settings))
navigation.run()
