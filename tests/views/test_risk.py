"""The Store risk page through AppTest: the inspection order with its reasons in words, one
store up close, and its inspection given to an agency through the tasks' write path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard import db, i18n, schema
from dashboard.filters import Filters
from queries import risk
from tests.populate import PROVINCE
from tests.views.signing import opened, private_copy

NOW = dt.datetime(2026, 5, 12, 10, 30)
LAST_DAY = dt.date(2026, 5, 5)


@pytest.fixture
def url(sqlite_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of the test database for one test (the test writes to it), and the clock."""
    return private_copy(sqlite_path, tmp_path / "risk.db", monkeypatch, NOW)


def _page(lang: str = "en", role: str = "governor", **query: str) -> AppTest:
    return opened("risk", lang, role, **query)


def _flagged(url: str, province: str | None = PROVINCE) -> list[dict]:
    with db.make_engine(url).connect() as conn:
        scanned = risk.scan(conn, Filters(as_of=LAST_DAY, province=province))
    return scanned.filter(scanned["score"] > 0).to_dicts()


def test_the_list_ranks_the_province_s_stores_with_their_reasons(url: str) -> None:
    flagged = _flagged(url)
    assert flagged, "the test province holds planted stores"
    at = _page()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table[i18n.t("col.name", "en")]) == [r["name"] for r in flagged]
    top = flagged[0]
    patterns = table[i18n.t("col.reasons", "en")][0]
    for code in top["flags"].split(";"):
        assert i18n.t(f"pattern.{code}", "en") in patterns
    reasons = table[i18n.t("col.reasons", "en")][0]
    assert reasons.count("(peers ") + reasons.count("sales since the cut") == top["raised"]
    tiles = " ".join(m.label + " " + m.value for m in at.metric)
    assert f"{i18n.t('risk.to_inspect', 'en')} {len(flagged)}" in tiles


def test_the_page_reads_in_persian(url: str) -> None:
    flagged = _flagged(url)
    at = _page("fa")
    assert not at.exception
    table = at.dataframe[0].value
    [column] = [c for c in table.columns if i18n.t("col.reasons", "fa") in c]  # an RTL isolate
    reasons = table[column][0]
    assert "(همتایان" in reasons or "پس از قطع" in reasons
    assert not any(c.isascii() and c.isdigit() for c in reasons), "Persian digits"
    assert len(at.dataframe[0].value) == len(flagged)


def test_an_inspection_task_carries_the_reasons(url: str) -> None:
    top = _flagged(url)[0]
    at = _page()
    [button] = [b for b in at.button if b.label == i18n.t("risk.task", "en")]
    agency = next(s for s in at.selectbox if s.label == i18n.t("risk.task_agency", "en"))
    assert agency.value == "industry", "Industry, Mine and Trade is offered first"
    button.click().run()
    assert not at.exception
    assert at.success and "was created for the inspection" in at.success[0].value
    reasons = [m.value for m in at.markdown]
    assert any("peers in the" in r or "terminal was cut" in r for r in reasons), "why, in words"
    with db.make_engine(url).connect() as conn:
        task = conn.execute(sa.select(schema.tasks).order_by(schema.tasks.c.id.desc())).first()
    assert task.agency == "industry" and task.province_code == PROVINCE
    assert task.county_id == top["county_id"] and task.status == "todo"
    assert top["name"] in task.title and top["terminal_id"] in task.title
    assert "score" in task.detail and ("peers in the" in task.detail or "cut on" in task.detail)


def test_a_committee_member_gives_it_to_their_own_agency_only(url: str) -> None:
    at = _page(role="committee")
    assert not at.exception
    agency = next(s for s in at.selectbox if s.label == i18n.t("risk.task_agency", "en"))
    assert list(agency.options) == ["Guilds"]  # the committee user's own agency (tests.populate)


def test_a_date_before_the_programme_has_nothing_to_scan(url: str) -> None:
    at = _page(as_of="2026-01-06")
    assert not at.exception
    assert any(i18n.t("risk.none", "en") == i.value for i in at.info)
    assert not at.dataframe
