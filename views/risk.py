"""Stores to inspect first: the purchase patterns each store shows against its peers, the
complaints beside them, one store up close, and its inspection given to an agency."""

import streamlit as st

from dashboard import calendar, charts, i18n, maps, risk_words
from frame import (
    cache,
    downloads,
    drawn_charts,
    drawn_maps,
    formatting,
    grid,
    page_head,
    task_forms,
    tiles,
)
from frame.state import language, t
from queries import meta, risk, scope

f = page_head.show("risk.title")
lang = language()
settings = cache.run(meta.settings)
st.caption(t("risk.intro"))
if settings.household_fraction < 1:  # a sampled store's counts are the sample's
    st.caption(t("risk.sampled"))

wide = cache.run(risk.scan, f.province_wide())  # a county's stores are scanned with it
scanned = scope.in_county(wide, f)
flagged = scanned.filter(scanned["score"] > 0)
tiles.show(
    [
        ("risk.scanned", i18n.number(scanned.height, lang)),
        ("risk.to_inspect", i18n.number(flagged.height, lang)),
        ("risk.two_or_more", i18n.number((flagged["raised"] >= 2).sum(), lang)),
        ("risk.cut_selling_count", i18n.number(flagged["cut_selling_raised"].sum(), lang)),
    ],
    columns=4,
)
if flagged.is_empty():
    st.info(t("risk.none"))
    st.stop()

st.subheader(t("risk.list"), help=t("risk.list_help"))
grid.table(formatting.risk_table(flagged, settings))
downloads.table_buttons(flagged.select(risk.EXPORT_COLUMNS), "store-risk", f)

st.subheader(t("risk.map"))
if f.province is None:
    st.caption(t("risk.map_national"))
else:
    drawn_maps.area_map(
        lambda: maps.risk_map(flagged, f.province, f.county, lang, settings.map_tiles_url,
                              settings.map_tiles_attribution),
        f"risk-{f.province}-{f.county}-{lang}", f, 480,
    )  # fmt: skip

st.subheader(t("risk.store"))
names = dict(zip(flagged["store_id"], flagged["name"], strict=True))
chosen = st.selectbox(t("risk.pick"), list(names)[: formatting.SCREEN_ROWS],
                      format_func=lambda i: i18n.joined((names[i], calendar.digits(i, lang)), lang),
                      key="risk-store")  # fmt: skip
store = risk.row_of(flagged, chosen)
reasons = risk_words.reasons(store, settings, lang)
st.markdown(f"**{t('risk.reasons')}**")
for reason in reasons:
    st.markdown(reason)
days = cache.run(risk.store_days, chosen, f)
left, right = st.columns(2)
left.subheader(t("risk.daily"))
peer_ids = risk.peer_ids(wide, store)
sample = risk.peer_sample(peer_ids)
peers = cache.run(risk.peer_days, sample, f)
drawn_charts.show(left, charts.risk_daily, (days, peers))
left.caption(t("risk.peers_of", n=i18n.number(len(sample), lang),
               total=i18n.number(len(peer_ids), lang)))  # fmt: skip
right.subheader(t("risk.hours"))
hours = cache.run(risk.by_hour, chosen, f)
drawn_charts.show(
    right, charts.risk_hours, (hours,), settings.risk_open_hour, settings.risk_close_hour
)
right.caption(t("risk.hours_note", open=calendar.digits(f"{settings.risk_open_hour:02d}:00", lang),
                close=calendar.digits(f"{settings.risk_close_hour:02d}:00", lang)))  # fmt: skip
st.subheader(t("risk.weeks"))
drawn_charts.show(st, charts.risk_weeks, (risk.store_weeks(days),))
detail = t("risk.task_detail", date=calendar.format_date(f.as_of, lang),
           score=i18n.number(store["score"], lang, 2), reasons="\n".join(reasons))  # fmt: skip
task_forms.inspection_form(store, detail, calendar.now().date())
