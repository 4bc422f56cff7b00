"""Complaints: dispatch against the 24-hour target, today's watch list, the sanction chain."""

import streamlit as st

from dashboard import charts, i18n, ui
from queries import complaints

f = ui.page_start("complaints.title")
lang = ui.language()
target_h, _ = ui.run(complaints.targets)

figures = ui.run(complaints.figures, f)
head = figures["headline"]
if head["complaints"] == 0:
    st.info(ui.t("complaints.none"))
ui.tiles(
    [
        ("complaints.compliance", i18n.percent(head["compliance"], lang)),
        ("complaints.median", i18n.number(head["median_dispatch_h"], lang, 1)),
        ("complaints.p90", i18n.number(head["p90_dispatch_h"], lang, 1)),
        ("complaints.count", i18n.number(head["complaints"], lang)),
        ("complaints.at_risk", i18n.number(head["at_risk"], lang)),
        ("complaints.overdue", i18n.number(head["overdue"], lang)),
    ]
)

left, right = st.columns(2)
left.subheader(ui.t("complaints.trend"), help=ui.t("complaints.trend_help"))
left.plotly_chart(charts.compliance_trend(figures["weekly"], lang))
right.subheader(ui.t("complaints.distribution"))
right.plotly_chart(
    charts.dispatch_histogram(figures["histogram"], target_h, complaints.HISTOGRAM_CAP_H, lang)
)

st.subheader(ui.t("complaints.watchlist"), help=ui.t("complaints.watchlist_help"))
watch = figures["watchlist"]
columns = {"filed_at": "datetime", "age_h": "decimal", "state": "state", "store_name": "text"}
place = {"county_name": "text", "channel": "channel", "kind": "violation"}
st.dataframe(ui.screen_table(watch, columns | place), hide_index=True)
ui.download_table(watch.select(complaints.WATCHLIST_COLUMNS), "complaints-watchlist", f)

st.subheader(ui.t("complaints.by"))
judged = dict.fromkeys(("complaints", "on_time", "late", "overdue", "open_within_target"), "count")
timing = {"compliance": "percent", "median_dispatch_h": "decimal", "p90_dispatch_h": "decimal"}
for tab, dimension in zip(
    st.tabs([ui.t(f"complaints.by_{d}") for d in complaints.DIMENSIONS]),
    complaints.DIMENSIONS,
    strict=True,
):
    table = figures[f"by_{dimension}"]
    label = {"county": {"county_name": "text"}, "channel": {"channel": "channel"},
             "kind": {"kind": "violation"}}[dimension]  # fmt: skip
    tab.dataframe(ui.screen_table(table, label | judged | timing), hide_index=True)
    with tab:
        ui.download_table(table, f"complaints-by-{dimension}", f)

st.subheader(ui.t("complaints.sanctions"))
st.plotly_chart(charts.sanction_bars(figures["sanctions_weekly"], lang))
chain = figures["sanctions"]
steps = ("unfounded", "violation", "warning", "terminal_cut", "tazirat_referral")
st.dataframe(
    ui.screen_table(chain, {"county_name": "text"} | dict.fromkeys(steps, "count")),
    hide_index=True,
)
ui.download_table(chain, "complaints-sanctions", f)
st.subheader(ui.t("complaints.three"), help=ui.t("complaints.three_help"))
flagged = ui.run(complaints.three_reporter, f)
st.dataframe(
    ui.screen_table(flagged, {"name": "text", "reporters": "count", "terminal_cut": "yes_no"}),
    hide_index=True,
)
ui.download_table(flagged, "three-reporter-stores", f)
