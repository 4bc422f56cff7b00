"""What changed in a user's area between two moments: the Overview's since-your-last-visit
strip and the morning digest (`python -m dashboard digest`). Each item is counted from the
query of the page that explains it, read at the two moments, so that it agrees with the page.

Data figures (the risk scan, the areas lagging) are read as of the last day whose end had come
by each moment (data_as_of). A fact stamped with a day (a task's due or done day, an
escalation's raised or answered day) counts when the end of its day falls in the window: on a
day from since's date up to the day before now's. Facts with a time (a complaint's deadline, an
import) count when their time falls after since and by now.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import polars as pl
import sqlalchemy as sa

from dashboard import people
from dashboard.filters import Filters
from queries import attention_figures, audit, complaints, import_history, meta, risk, tasks, uptake

ITEMS = (
    "complaints_overdue", "stores_flagged", "tasks_overdue", "tasks_done",
    "escalations_raised", "escalations_answered", "areas_lagging", "imports",
)  # fmt: skip
PAGES = {
    "complaints_overdue": "complaints", "stores_flagged": "risk", "tasks_overdue": "tasks",
    "tasks_done": "tasks", "escalations_raised": "tasks", "escalations_answered": "tasks",
    "areas_lagging": "uptake", "imports": "data",
}  # fmt: skip
FIRST_VISIT = dt.timedelta(days=7)  # a first sign-in is compared with this long before
DIGEST_WINDOW = dt.timedelta(hours=24)  # the digest's default window
_INSTANT = dt.timedelta(microseconds=1)  # the finest step of a stored time
# the escalation levels raised to a role: those it answers (the others see their area's)
ANSWERED_LEVELS = {name: role.answers for name, role in people.ROLES.items() if role.answers}


@dataclasses.dataclass(frozen=True)
class Change:
    """One item: how many, and the page (with its filters) whose rows explain it."""

    item: str
    count: int
    page: str
    query: tuple[tuple[str, str], ...] = ()

    @property
    def link(self) -> str:
        """The URL path of the page with its filters ('/risk?as_of=2026-05-05&province=IR-15')."""
        return f"/{self.page}" + (f"?{urlencode(self.query)}" if self.query else "")


def data_as_of(moment: dt.datetime, last_day: dt.date | None) -> dt.date:
    """The as-of date of the data figures at moment: the last day whose end had come by then,
    and no later than the last day with purchases (the pages' default as-of date)."""
    day = moment.date() - dt.timedelta(days=1)
    return day if last_day is None else min(day, last_day)


def data_days(conn: sa.Connection, since: dt.datetime, now: dt.datetime) -> tuple[dt.date, dt.date]:
    """The as-of dates of the data figures at since and at now (data_as_of)."""
    last_day = meta.extent(conn)[1]
    return data_as_of(since, last_day), data_as_of(now, last_day)


def area_of(user: people.User, as_of: dt.date) -> Filters:
    """The user's whole area (every decile and group) as of a day."""
    return Filters(as_of, user.province_code, user.county_id, remit=user.remit)


def _in_days(column: str, since: dt.datetime, now: dt.datetime) -> pl.Expr:
    """A day-stamped fact whose day's end falls after since and by now."""
    return pl.col(column).is_between(since.date(), now.date() - dt.timedelta(days=1))


Read = Callable[..., Any]  # read(query, *args): query(conn, *args), perhaps from a cache


def _lagging(conn: sa.Connection, f: Filters) -> set[str]:
    """The areas among the three lowest in uptake or in reach (the attention strip's)."""
    areas = uptake.by_area(conn, f)
    return {
        code for measure in ("uptake", "reach")
        for code in attention_figures.lagging(areas, measure)["area_code"]
    }  # fmt: skip


def _entered(read: Read, listed: Callable, before: Filters, after: Filters) -> int:
    """How many are listed (a set of keys, by listed) after and were not before: none when
    the data's as-of date has not moved."""
    if before == after:
        return 0
    return len(read(listed, after) - read(listed, before))


def _work(read: Read, user: people.User, f: Filters, now: dt.datetime):
    """The area's tasks and escalations as the tasks page reads them today (a committee
    member: their agency's)."""
    board = read(tasks.board, f, now.date())
    raised = read(tasks.escalations, f, now.date())
    if user.agency is not None:
        board = board.filter(pl.col("agency") == user.agency)
        raised = raised.filter(pl.col("raised_by") == user.agency)
    return board, raised


def changes(
    conn: sa.Connection,
    user: people.User,
    since: dt.datetime,
    now: dt.datetime,
    read: Read | None = None,
) -> list[Change]:
    """Every item of ITEMS for the user's area between since and now, in that order; each
    page query through read where given (the app's cache: what the pages read already)."""
    read = read or (lambda query, *args: query(conn, *args))
    last_day = read(meta.extent)[1]
    before, after = (area_of(user, data_as_of(moment, last_day)) for moment in (since, now))
    board, raised = _work(read, user, after, now)
    levels = ANSWERED_LEVELS.get(user.role)
    to_them = raised if levels is None else raised.filter(pl.col("level").is_in(levels))
    counts = {
        "complaints_overdue": read(complaints.went_overdue, after, since, now).height,
        "stores_flagged": _entered(read, risk.listed, before, after),
        "tasks_overdue": board.filter(
            _in_days("due_on", since, now),
            pl.col("done_on").is_null() | (pl.col("done_on") > pl.col("due_on")),
        ).height,
        "tasks_done": board.filter(_in_days("done_on", since, now)).height,
        "escalations_raised": to_them.filter(_in_days("raised_on", since, now)).height,
        "escalations_answered": raised.filter(_in_days("answered_on", since, now)).height,
        "areas_lagging": _entered(read, _lagging, before, after),
        "imports": import_history.stored_between(conn, user.province_code, since, now),
    }
    link = tuple(after.to_query().items())
    return [
        Change(item, int(counts[item]), PAGES[item], () if PAGES[item] == "data" else link)
        for item in ITEMS
    ]


def last_visit(conn: sa.Connection, username: str, now: dt.datetime) -> dt.datetime:
    """Where a user's since-last-visit strip starts: their sign-in before the latest one by now
    (the latest is the session they are in, and sign-ins at the same instant are one visit; a
    clock set back, as in a rehearsal, does not see sign-ins after it), or FIRST_VISIT before
    now on a first sign-in."""
    this = audit.latest(conn, username, "sign_in", 1, now)
    before = this and audit.latest(conn, username, "sign_in", 1, this[0] - _INSTANT)
    return before[0] if before else now - FIRST_VISIT
