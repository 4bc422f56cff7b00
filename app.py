"""Kalabarg Ops: the router (page config, the frame, navigation)."""

import streamlit as st

from dashboard import i18n
from dashboard.paths import ROOT
from frame import cache, state, widgets
from queries import meta

ICON = ROOT / "static" / "favicon.png"  # a local file: a :material: icon is fetched from Google
PAGES = ("overview", "uptake", "stores", "complaints", "tasks")
ICONS = {
    "overview": ":material/dashboard:",
    "uptake": ":material/payments:",
    "stores": ":material/storefront:",
    "complaints": ":material/report:",
    "tasks": ":material/task_alt:",
}

st.set_page_config(page_title="Kalabarg Ops", page_icon=str(ICON), layout="wide")
missing = cache.missing_columns()
universe = None if missing or not cache.run(meta.has_data) else cache.run(meta.universe)
if universe is not None and not universe.days:  # rollup rows, but no credit opened in them
    universe = None
rejected = {} if universe is None else state.resolve(universe)
lang = state.language()
widgets.look()
navigation = st.navigation(
    [
        st.Page(
            f"views/{page}.py",
            title=i18n.t(f"nav.{page}", lang),
            icon=ICONS[page],
            url_path=page,
            default=page == "overview",
        )
        for page in PAGES
    ]
)
if missing:
    widgets.outdated_database(missing)
if universe is None:
    widgets.empty_database()
widgets.sidebar_filters(universe)
widgets.rejected_notice(rejected)
widgets.sample_banner(cache.run(meta.settings))
navigation.run()
