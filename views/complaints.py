"""Complaints: dispatch against the 24-hour target, the complaints at risk now and the overdue
backlog, the sanction chain, the three-reporter stores."""

import streamlit as st

from dashboard import charts, i18n
from frame import cache, downloads, drawn_charts, formatting, grid, page_head, tiles
from frame.state import language, t
from queries import complaints

f = page_head.show("complaints.title")
lang = language()
target_h, _ = cache.run(complaints.targets)

figures = cache.run(complaints.figures, f)
head = figures["headline"]
if head["complaints"] == 0:
    st.info(t("complaints.none"))
tiles.show(
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
drawn_charts.filter_note(charts.compliance_trend, f, left)
drawn_charts.show(left, charts.compliance_trend, (figures["weekly"],))
right.subheader(t("complaints.distribution"))
drawn_charts.filter_note(charts.dispatch_histogram, f, right)
histogram = (figures["histogram"],)
drawn_charts.show(right, charts.dispatch_histogram, histogram, target_h, complaints.HISTOGRAM_CAP_H)

# what an inspector needs to go (the channel is in the download)
listed = {"age_h": "decimal", "filed_at": "datetime", "store_name": "text", "terminal_id": "code",
          "county_name": "text", "kind": "violation"}  # fmt: skip
st.subheader(t("complaints.at_risk_now"), help=t("complaints.at_risk_now_help"))
at_risk = figures["at_risk_now"]
if at_risk.is_empty():
    st.info(t("complaints.at_risk_none"))
else:
    shown = formatting.screen_table(at_risk, {"hours_left": "decimal"} | listed)
    grid.table(shown)
st.subheader(t("complaints.backlog"), help=t("complaints.backlog_help"))
backlog = figures["overdue_backlog"]
if backlog.is_empty():
    st.info(t("complaints.backlog_none"))
else:
    grid.table(formatting.screen_table(backlog, listed))
st.caption(t("complaints.watchlist_download"))
watch = figures["watchlist"].select(complaints.WATCHLIST_COLUMNS)
downloads.table_buttons(watch, "complaints-watchlist", f)

st.subheader(t("complaints.by"))
judged = dict.fromkeys(("complaints", "on_time", "late", "overdue", "open_within_target"), "count")
timing = {"compliance": "percent", "median_dispatch_h": "decimal", "p90_dispatch_h": "decimal"}
tabs = st.tabs(  # only the open tab is drawn
    [t(f"complaints.by_{d}") for d in complaints.DIMENSIONS],
    key=f"complaints-by-{lang}",
    on_change="rerun",
)
for tab, dimension in zip(tabs, complaints.DIMENSIONS, strict=True):
    if not tab.open:
        continue
    table = figures[f"by_{dimension}"]
    label = {"county": {"county_name": "text"}, "channel": {"channel": "channel"},
             "kind": {"kind": "violation"}}[dimension]  # fmt: skip
    if table.is_empty():
        tab.info(t("complaints.none"))
    else:
        grid.table(formatting.screen_table(table, label | judged | timing), tab)
    with tab:
        downloads.table_buttons(table, f"complaints-by-{dimension}", f)

st.subheader(t("complaints.sanctions"))
drawn_charts.filter_note(charts.sanction_bars, f)
drawn_charts.show(st, charts.sanction_bars, (figures["sanctions_weekly"],))
chain = figures["sanctions"]
steps = ("unfounded", "violation", "warning", "terminal_cut", "tazirat_referral")
if not figures["sanctions_weekly"].is_empty():  # else the chart's place says none is closed
    grid.table(
        formatting.screen_table(chain, {"county_name": "text"} | dict.fromkeys(steps, "count"))
    )
downloads.table_buttons(chain, "complaints-sanctions", f)

st.subheader(t("complaints.three"), help=t("complaints.three_help"))
flagged = cache.run(complaints.three_reporter_stores, f)
store = {"name": "text", "terminal_id": "code", "county_name": "text"}
if flagged.is_empty():
    st.info(t("complaints.three_none"))
else:
    grid.table(
        formatting.screen_table(flagged, store | {"reporters": "count", "terminal_cut": "yes_no"})
    )
downloads.table_buttons(
    flagged.select(complaints.THREE_REPORTER_COLUMNS), "three-reporter-stores", f
)
