"""Kalabarg Ops: the router (page config, the frame, navigation)."""

import streamlit as st

from dashboard import i18n
from dashboard.paths import ROOT
from frame import cache, imports, state, widgets
from queries import meta

ICON = ROOT / "static" / "favicon.png"  # a local file: a :material: icon is fetched from Google
PAGES = ("overview", "uptake", "stores", "complaints", "tasks", "data")
ICONS = {
    "overview": ":material/dashboard:",
    "uptake": ":material/payments:",
    "stores": ":material/storefront:",
    "complaints": ":material/report:",
    "tasks": ":material/task_alt:",
    "data": ":material/upload_file:",
}

st.set_page_config(page_title="Kalabarg Ops", page_icon=str(ICON), layout="wide")
cache.note_version()
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
if universe is None and navigation.url_path != "data":  # the Data page fills an empty database
    widgets.empty_database()
if universe is not None and navigation.url_path != "data":  # the Data page takes no filters
    widgets.sidebar_filters(universe)
widgets.rejected_notice(rejected)
settings = cache.run(meta.settings)
widgets.sample_banner(settings)
imports.freshness_note(settings)
navigation.run()
