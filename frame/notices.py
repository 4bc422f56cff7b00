"""What a page says before or instead of its figures, and the states that stop a page."""

from __future__ import annotations

import streamlit as st

from dashboard import calendar, estimates
from dashboard.filters import OUTSIDE, Filters, Universe
from dashboard.settings import Settings
from frame import cache, formatting, state
from frame.state import language, t
from queries import meta

_REJECTED = "rejected-link"  # session: the link parameters last found not valid


def sample_data(settings: Settings) -> None:
    """Say plainly that sample data is sample data, and at what fraction."""
    note = estimates.sample_note(settings, language())
    if note:
        st.caption(":material/science: " + note)


def no_credit(released_toman: int, f: Filters) -> None:
    """Where nothing is released, say why: before the first wave opened (named with its date),
    or no household of the area matches the deciles and group chosen."""
    if released_toman != 0:
        return
    first_wave = cache.run(meta.extent)[0]
    if first_wave is None or f.as_of < first_wave:
        date = calendar.format_date(first_wave, language()) if first_wave else "—"
        st.info(t("overview.no_credit", date=date), icon=":material/event_upcoming:")
    else:
        st.info(t("overview.no_households"), icon=":material/filter_alt_off:")


def rejected_link(rejected: dict[str, str], universe: Universe | None) -> None:
    """Name, by their sidebar labels, the link parameters that were not valid (and were
    ignored), and say when the link asked for an area outside the user's (and which area is
    shown instead); the notice stays until it is dismissed."""
    if rejected:
        outside = any(OUTSIDE in why for why in rejected.values())
        invalid = sorted(k for k, why in rejected.items() if OUTSIDE not in why)
        st.session_state[_REJECTED] = (invalid, outside)
    invalid, outside = st.session_state.get(_REJECTED) or ([], False)
    if not invalid and not outside:
        return
    with st.container(border=True):
        if outside and universe is not None:
            area = formatting.area_name(state.current(), universe, language())
            st.warning(t("sidebar.outside", area=area), icon=":material/shield_person:")
        if invalid:
            names = t("list.separator").join(t(f"sidebar.{key}") for key in invalid)
            st.warning(t("sidebar.rejected", keys=names), icon=":material/link_off:")
        st.button(t("notice.dismiss"), key="dismiss-rejected", on_click=_dismiss_rejected)


def _dismiss_rejected() -> None:
    st.session_state.pop(_REJECTED, None)


def outdated_database(missing: list[str]) -> None:
    """Say that the database predates the code, name what is missing, and stop the page."""
    st.title(t("app.title"))
    st.error(t("outdated.body", columns=", ".join(missing)), icon=":material/database:")
    st.stop()


def no_users(empty: bool) -> None:
    """Say how to add the first user (and, on an empty database, how to fill it); stop."""
    st.title(t("app.title"))
    if empty:
        st.warning(t("empty.title"), icon=":material/database:")
        st.markdown(t("empty.body"))
    st.warning(t("signin.no_users"), icon=":material/person_off:")
    st.stop()


def empty_database() -> None:
    """Tell the user how to fill an empty database, and stop the page."""
    st.title(t("app.title"))
    st.warning(t("empty.title"), icon=":material/database:")
    st.markdown(t("empty.body"))
    st.markdown(t("empty.import"))
    st.stop()
