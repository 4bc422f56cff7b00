"""Kalabarg Ops: the frame and router (page config, language and look, sidebar, navigation)."""

import streamlit as st

from dashboard import i18n, ui
from dashboard.paths import ROOT
from queries import meta

ICON = ROOT / "static" / "favicon.png"  # a local file: a :material: icon is fetched from Google

st.set_page_config(page_title="Kalabarg Ops", page_icon=str(ICON), layout="wide")
ui.frame(ui.language())
lang = ui.language()

PAGES = ("overview", "uptake", "stores", "complaints", "tasks")
ICONS = {
    "overview": ":material/dashboard:",
    "uptake": ":material/payments:",
    "stores": ":material/storefront:",
    "complaints": ":material/report:",
    "tasks": ":material/task_alt:",
}
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

missing = ui.missing_columns()
if missing:
    ui.outdated_database(missing)
if not ui.run(meta.has_data):
    ui.empty_database()
first_day, last_day = ui.run(meta.extent)
ui.sidebar_filters(
    ui.run(meta.provinces), lambda code: ui.run(meta.counties, code), first_day, last_day
)
ui.sample_banner(ui.run(meta.settings))
navigation.run()
