"""A link to a page the dashboard does not have: said in the page's language, with the way
back (in place of Streamlit's own English dialog); /overview, the root's name, goes there."""

import streamlit as st

from frame import state
from frame.state import t

overview = st.session_state["overview-page"]
path = state.requested_path()
if path == "overview":
    st.switch_page(overview, query_params=st.query_params.to_dict())
st.title(t("notfound.title"))
st.warning(t("notfound.body", path=path), icon=":material/link_off:")
st.page_link(overview, label=t("notfound.link"), icon=":material/dashboard:")
