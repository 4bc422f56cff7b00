"""A link to a page the signed-in user does not have, said in the page's language with the way
back (in place of Streamlit's own English dialog): a page of the dashboard that is for other
roles says so, and for which; a page the dashboard does not have says that; /overview, the
root's name, goes to the first page (so does the name of a role's first page, as /people for
an administrator)."""

import streamlit as st

from frame import auth, pages, state
from frame.state import t

overview = st.session_state["overview-page"]
path = state.requested_path()
role = auth.user().role
first = pages.pages_of(auth.user().rights)[0]  # the root: the Overview, or a role's first page
if path in ("overview", first):  # the root's name
    st.switch_page(overview, query_params=st.query_params.to_dict())
if path in pages.PAGES:
    roles = pages.roles_of(path)
    named = t("list.separator").join(t(f"role.{r}") for r in roles)
    st.title(t("notfound.not_yours_title"))
    words = "notfound.for_one" if len(roles) == 1 else "notfound.for_many"
    st.warning(
        t(words, page=t(f"nav.{path}"), roles=named, role=t(f"role.{role}")),
        icon=":material/lock_person:",
    )
else:
    st.title(t("notfound.title"))
    st.warning(t("notfound.body", path=path), icon=":material/link_off:")
st.page_link(overview, label=t("notfound.link", page=t(f"nav.{first}")), icon=pages.ICONS[first])
