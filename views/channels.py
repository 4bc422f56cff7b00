"""The mothers' packages and the new applications: the area's figures, the counties by
collection rate on a map, and each table with its download."""

import streamlit as st

from dashboard import boundaries, i18n
from frame import cache, downloads, drawn_maps, formatting, grid, page_head, state, tiles
from frame.state import language, t
from queries import applications, meta, mothers, scope

f = page_head.show("channels.title")
lang = language()
settings = cache.run(meta.settings)


def count(value: int) -> str:
    """A count, marked as an estimate on a sample."""
    return tiles.estimate(i18n.number(value, lang))


def days(value: float | None) -> str:
    """A median in days, or a dash where there is none."""
    return "—" if value is None else i18n.number(value, lang, 1)


collect = i18n.number(settings.mothers_collect_days, lang)
st.subheader(t("mothers.title"), help=t("mothers.help", days=collect))
packages = cache.run(mothers.totals, f)
tiles.show(
    [
        ("mothers.eligible", count(packages["eligible"])),
        ("mothers.issued", count(packages["issued"])),
        ("mothers.collected", count(packages["collected"])),
        ("mothers.collection_rate", i18n.percent(packages["collection_rate"], lang)),
        ("mothers.uncollected_overdue", count(packages["uncollected_overdue"])),
        ("mothers.median_collect_days", days(packages["median_collect_days"])),
    ]
)
wide = cache.run(mothers.by_county, f.province_wide())  # a county's among its peers
counties = scope.in_county(wide, f)
if f.province is None:
    st.caption(t("mothers.map_needs_province"))
else:
    st.markdown(f"**{t('mothers.map')}**")
    clicked = drawn_maps.area_map(  # the same map for every county of the province
        lambda: formatting.shaded_map(
            boundaries.counties(f.province), wide, "county_id", "collection_rate", f.province
        ),
        f"mothers-map-{f.province}-{lang}",
        f.province_wide(),
    )
    state.narrow_to(f, clicked, wide["county_id"])
grid.table(formatting.mothers_table(counties))
downloads.table_buttons(counties, "mothers-by-county", f)

decide = i18n.number(settings.applications_decision_days, lang)
st.subheader(t("applications.title"), help=t("applications.help", days=decide))
if not f.all_deciles or f.group:
    st.caption(t("applications.not_narrowed"))
filed = cache.run(applications.totals, f)
tiles.show(
    [
        ("applications.filed", count(filed["filed"])),
        ("applications.approved", count(filed["approved"])),
        ("applications.rejected", count(filed["rejected"])),
        ("applications.pending", count(filed["pending"])),
        ("applications.pending_overdue", count(filed["pending_overdue"])),
        ("applications.median_decision_days", days(filed["median_decision_days"])),
    ]
)
table = cache.run(applications.by_county, f)
grid.table(formatting.applications_table(table))
downloads.table_buttons(table, "applications-by-county", f)
