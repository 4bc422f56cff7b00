"""Complaints: dispatch against the 24-hour target, today's watch list, the sanction chain."""

import streamlit as st

from dashboard import charts, i18n
from frame import cache, formatting, widgets
from frame.state import language, t
from queries import complaints

f = widgets.page_start("complaints.title")
lang = language()
target_h, _ = cache.run(complaints.targets)

figures = cache.run(complaints.figures, f)
head = figures["headline"]
if head["complaints"] == 0:
    st.info(t("complaints.none"))
widgets.tiles(
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
left.subheader(t("complaints.trend"), help=t("complaints.trend_help"))
left.plotly_chart(charts.compliance_trend(figures["weekly"], lang))
right.subheader(t("complaints.distribution"))
right.plotly_chart(
    charts.dispatch_histogram(figures["histogram"], target_h, complaints.HISTOGRAM_CAP_H, lang)
)

st.subheader(t("complaints.watchlist"), help=t("complaints.watchlist_help"))
watch = figures["watchlist"]
columns = {"filed_at": "datetime", "age_h": "decimal", "state": "state", "store_name": "text"}
place = {"county_name": "text", "channel": "channel", "kind": "violation"}
st.dataframe(formatting.screen_table(watch, columns | place), hide_index=True)
widgets.download_table(watch.select(complaints.WATCHLIST_COLUMNS), "complaints-watchlist", f)

st.subheader(t("complaints.by"))
judged = dict.fromkeys(("complaints", "on_time", "late", "overdue", "open_within_target"), "count")
timing = {"compliance": "percent", "median_dispatch_h": "decimal", "p90_dispatch_h": "decimal"}
for tab, dimension in zip(
    st.tabs([t(f"complaints.by_{d}") for d in complaints.DIMENSIONS]),
    complaints.DIMENSIONS,
    strict=True,
):
    table = figures[f"by_{dimension}"]
    label = {"county": {"county_name": "text"}, "channel": {"channel": "channel"},
             "kind": {"kind": "violation"}}[dimension]  # fmt: skip
    tab.dataframe(formatting.screen_table(table, label | judged | timing), hide_index=True)
    with tab:
        widgets.download_table(table, f"complaints-by-{dimension}", f)

st.subheader(t("complaints.sanctions"))
st.plotly_chart(charts.sanction_bars(figures["sanctions_weekly"], lang))
chain = figures["sanctions"]
steps = ("unfounded", "violation", "warning", "terminal_cut", "tazirat_referral")
st.dataframe(
    formatting.screen_table(chain, {"county_name": "text"} | dict.fromkeys(steps, "count")),
    hide_index=True,
)
widgets.download_table(chain, "complaints-sanctions", f)
st.subheader(t("complaints.three"), help=t("complaints.three_help"))
flagged = cache.run(complaints.three_reporter, f)
st.dataframe(
    formatting.screen_table(
        flagged, {"name": "text", "reporters": "count", "terminal_cut": "yes_no"}
    ),
    hide_index=True,
)
widgets.download_table(flagged, "three-reporter-stores", f)
