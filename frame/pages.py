"""The app's pages, listed once: each page's name (its URL path, and its script
views/NAME.py), its icon in the menu, and the queries it reads for a view. app.py builds the
menu from it, the Overview's links find their pages in it, the warming (frame.warm) reads its
queries ahead of people, and the benchmark and the browser tests open its pages;
tests/frame/test_pages.py holds each page to its list of reads."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from dashboard.filters import Filters
from dashboard.people import ROLES, Role
from queries import (
    applications,
    attention_figures,
    complaints,
    method_two,
    mothers,
    overview,
    risk,
    stores,
    tasks,
    uptake,
    wave_load,
)

PAGES = (
    "overview", "uptake", "channels", "stores", "complaints", "risk", "tasks", "data", "people",
)  # fmt: skip
DATA_PAGES = PAGES[:7]  # the pages of figures: every user with data rights sees them
ICONS = {
    "overview": ":material/dashboard:",
    "uptake": ":material/payments:",
    "channels": ":material/family_restroom:",
    "stores": ":material/storefront:",
    "complaints": ":material/report:",
    "risk": ":material/policy:",
    "tasks": ":material/task_alt:",
    "data": ":material/upload_file:",
    "people": ":material/manage_accounts:",
}


def script(page: str) -> str:
    """The page's script, as st.Page and st.page_link name it."""
    return f"views/{page}.py"


def pages_of(role: Role) -> list[str]:
    """The pages of a role, in the menu's order: the figures (data), the Data page (imports),
    users and audit (admin)."""
    return [p for p in DATA_PAGES if role.data] + ["data"] * role.imports + ["people"] * role.admin


def roles_of(page: str) -> list[str]:
    """The roles a page is for (their names, in people.ROLES' order)."""
    return [name for name, role in ROLES.items() if page in pages_of(role)]


@dataclasses.dataclass(frozen=True)
class Read:
    """A query a page reads with its view f (the sidebar's filters): query(conn, f), or, for
    live work (tasks and escalations, cached by the work version too), query(conn, f, today).

    where: in the country's view only ("country"), a province's only ("province"), or both.
    tab: drawn behind a tab that is read when it is opened, not as the page opens. Reads of a
    store or task picked on the page are not listed: they depend on the pick, not the view.
    """

    query: Callable[..., Any]
    work: bool = False
    where: str = "both"
    tab: bool = False

    def applies(self, f: Filters) -> bool:
        """Whether the page reads it in view f."""
        return self.where == "both" or (self.where == "province") == (f.province is not None)


READS: dict[str, tuple[Read, ...]] = {
    "overview": (
        Read(overview.kpis, work=True),
        Read(attention_figures.strip, work=True),
        Read(wave_load.forecast),
    ),
    "uptake": (
        Read(uptake.by_decile),
        Read(uptake.by_area),
        Read(uptake.area_by_decile),
        Read(uptake.wave_curves),  # the first tab, open as the page opens: its chart and table
        Read(uptake.waves_export),
        Read(uptake.by_month, tab=True),
        Read(uptake.months_export, tab=True),
        Read(uptake.balance_age, tab=True),
        Read(uptake.balance_age_export, tab=True),
        Read(uptake.basket, tab=True),
        Read(uptake.basket_export, tab=True),
        Read(method_two.by_decile),
        Read(method_two.pending_by_age),
        Read(method_two.by_area),
    ),
    "channels": (
        Read(mothers.totals),
        Read(mothers.by_county),
        Read(applications.totals),
        Read(applications.by_county),
    ),
    "stores": (
        Read(wave_load.forecast),
        Read(stores.by_province, where="country"),
        Read(stores.points, where="province"),
        Read(stores.village_coverage, where="province"),
        Read(stores.density, where="province"),
        Read(stores.seats, where="province"),
    ),
    "complaints": (Read(complaints.figures), Read(complaints.three_reporter_stores)),
    "risk": (Read(risk.scan),),
    "tasks": (
        Read(tasks.by_agency, work=True),
        Read(tasks.board, work=True),
        Read(tasks.escalations, work=True),
    ),
}


def reads(f: Filters) -> Iterator[Read]:
    """Every read of the pages in view f (those behind tabs too), once each, in the order of
    the pages."""
    seen: set[Callable[..., Any]] = set()
    for page in PAGES:
        for read in READS.get(page, ()):
            if read.applies(f) and read.query not in seen:
                seen.add(read.query)
                yield read
