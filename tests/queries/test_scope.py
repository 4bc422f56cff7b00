"""A county's view taken from its province's result (scope.in_county, as the stores and risk
pages take it) equals the county's own result, on SQLite and PostgreSQL: at the latest date,
on a date before village_nearest holds (distances measured afresh), for the county with no
stores and under a county remit."""

from __future__ import annotations

import datetime as dt

import pytest
from polars.testing import assert_frame_equal

from dashboard import db
from dashboard.filters import Filters, Remit
from queries import risk, scope, stores
from tests.populate import EDGE_TOWN, EMPTY_COUNTY, PROVINCE

LAST_DAY = dt.date(2026, 5, 5)
VIEWS = {
    "county": Filters(as_of=LAST_DAY, province="IR-15", county=1279146),
    "county, a day back": Filters(
        as_of=LAST_DAY - dt.timedelta(days=1), province=PROVINCE, county=EDGE_TOWN
    ),  # fmt: skip
    "county, mid-wave": Filters(as_of=dt.date(2026, 2, 1), province=PROVINCE, county=EDGE_TOWN),
    "county with no stores": Filters(as_of=LAST_DAY, province=PROVINCE, county=EMPTY_COUNTY),
    "under a county remit": Filters(
        as_of=LAST_DAY, province=PROVINCE, county=EDGE_TOWN, remit=Remit(PROVINCE, EDGE_TOWN)
    ),  # fmt: skip
}
QUERIES = (stores.points, stores.village_coverage, stores.density, stores.seats, risk.scan)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.__qualname__)
@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_a_county_from_its_province_is_the_county(db_url: str, view: Filters, query) -> None:
    with db.make_engine(db_url).connect() as conn:
        own = query(conn, view)
        taken = scope.in_county(query(conn, view.province_wide()), view)
    assert_frame_equal(taken, own)


def test_the_edge_town_has_rows_to_compare(db_url: str) -> None:
    """The comparison above is not between empty tables."""
    view = VIEWS["county"]
    with db.make_engine(db_url).connect() as conn:
        assert stores.points(conn, view).height > 0
        assert stores.village_coverage(conn, view).height > 0
        assert risk.scan(conn, view).height > 0
