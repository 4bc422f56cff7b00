"""Users and audit (for the administrator): who may sign in, in which role and area, and the
audit log of sign-ins, changes, imports and downloads since a day."""

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import calendar
from dashboard.people import ROLES
from frame import cache, dates, formatting, grid
from frame.state import language, t
from queries import accounts, audit

st.title(t("people.title"))
lang = language()
today = calendar.now().date()

st.subheader(t("people.users"))
st.caption(t("people.users_note"))
with cache.engine().connect() as conn:
    users = accounts.users(conn)
AUDIT = {"action": "audit_action", "detail": "audit_detail"}  # headers of their own
shown = users.with_columns(pl.col("role").replace_strict({r: t(f"role.{r}") for r in ROLES}))
grid.table(
    formatting.screen_table(
        shown,
        {"username": "text", "display_name": "text", "role": "text", "province_name": "text",
         "county_name": "text", "agency_name": "text", "active": "yes_no",
         "last_sign_in_at": "datetime"},
    )
)  # fmt: skip

st.subheader(t("people.audit"))
dates.picker(
    t("people.since"),
    "audit-since",
    today - dt.timedelta(days=7),
    today.replace(year=today.year - 2),
)
since = dates.picked("audit-since")
if since is not None:
    with cache.engine().connect() as conn:
        rows = audit.entries(conn, dt.datetime.combine(since, dt.time()))
    details = [audit.describe(detail, lang) for detail in rows["detail"]]  # in the page's words
    rows = rows.rename(AUDIT).with_columns(
        pl.col("audit_action").replace_strict({a: t(f"audit.{a}") for a in audit.ACTIONS}),
        audit_detail=pl.Series(details, dtype=pl.String),
    )
    if rows.height:
        columns = {"at": "datetime", "username": "text", "audit_action": "text",
                   "audit_detail": "text", "province_name": "text",
                   "county_name": "text"}  # fmt: skip
        grid.table(formatting.screen_table(rows, columns))
    else:
        st.info(t("people.no_audit"))
