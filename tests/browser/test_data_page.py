"""The Data page in Chromium: a real upload through the browser, judged, then stored with the
button, against a database of its own (the shared test database stays as built)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard import db, i18n
from dashboard import schema as s
from harness.browser import DONE, streamlit_server
from tests.browser.conftest import ARTIFACTS, signed_in
from tests.conftest import copy_of

PLACES = (
    "id,county_id,name_fa,kind,lat,lon,population\n"
    "7200001,741497,ده نمونه یک,village,33.15,47.36,300\n"
    "7200002,741497,ده نمونه دو,village,33.16,47.38,450\n"
)
BAD = PLACES + "7200003,741497,ده بیرون,village,39.9,44.2,10\n"


@pytest.fixture(scope="module")
def own_server(
    sqlite_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    url = copy_of(sqlite_template, tmp_path_factory.mktemp("data-page") / "tiny.db")
    os.environ.setdefault("KALABARG_ID_KEY", "browser-test-key")
    with streamlit_server(url) as base:
        yield base, url


def _places(url: str) -> int:
    engine = db.make_engine(url)
    with engine.connect() as conn:
        n = conn.execute(
            sa.select(sa.func.count()).select_from(s.places).where(s.places.c.source == "imported")
        ).scalar_one()
    engine.dispose()
    return n


def _upload(tab, folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    tab.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    tab.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    tab.wait_for_selector(DONE)


def test_an_upload_is_judged_then_stored_from_the_browser(own_server, browser, tmp_path: Path):
    base, url = own_server
    context = signed_in(browser, base, "data_officer", viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    tab.goto(f"{base}/data?lang=fa")
    tab.wait_for_selector(f"{DONE} h1")
    assert tab.locator("h1").first.inner_text().strip() == i18n.t("data.title", "fa")
    _upload(tab, tmp_path, "bad.csv", BAD)
    main = tab.locator('[data-testid="stMain"]')
    assert i18n.t("data.rejected", "fa", n="۱", read="۳") in main.inner_text()
    assert tab.get_by_text(i18n.t("data.store", "fa")).count() == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "data-rejected-fa.png"), full_page=True)
    assert _places(url) == 0
    _upload(tab, tmp_path, "good.csv", PLACES)
    store = tab.get_by_role("button", name=i18n.t("data.store", "fa"))
    store.wait_for(timeout=15_000)
    tab.wait_for_selector(DONE)
    store.click()
    tab.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=30_000)
    tab.screenshot(path=str(ARTIFACTS / "data-stored-fa.png"), full_page=True)
    assert _places(url) == 2
    assert "good.csv" in main.inner_text()
    tab.close()
