"""The Data page through AppTest: an upload judged first (counts, the first rejected rows with
their reasons in the page's language), stored with one button, then seen by every page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import db, i18n, text
from dashboard import schema as s
from dashboard.importer.kinds import KINDS
from frame import import_form
from queries import audit
from tests.conftest import ROOT
from tests.populate import EDGE_STORE, USERS
from tests.views.signing import as_user

APP = str(ROOT / "app.py")
HEADER = "id,store_id,channel,kind,reporter,filed_at,dispatched_at,outcome,action\n"
GOOD = HEADER + (
    f"7100001,{EDGE_STORE},shamim,overcharge,09121234567,1404/11/10 09:00,1404/11/10 15:00,"
    "pending,none\n"
    f"7100002,{EDGE_STORE},portal,other,09121234568,1404/11/11 09:00,,pending,none\n"
)
BAD = GOOD + f"7100003,{EDGE_STORE},portal,other,123,1404/07/31 09:00,,pending,none\n"


@pytest.fixture(autouse=True)
def _database(writable_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", writable_url)
    monkeypatch.setenv("KALABARG_ID_KEY", "page-test-key")
    st.cache_data.clear()
    st.cache_resource.clear()


def _page(lang: str = "fa") -> AppTest:
    at = as_user(AppTest.from_file(APP, default_timeout=60), "data_officer")
    at.query_params["lang"] = lang
    at.run()
    return at.switch_page("views/data.py").run()


def _complaints(url: str) -> int:
    engine = db.make_engine(url)
    with engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(s.complaints)).scalar_one()
    engine.dispose()
    return count


def _upload(at: AppTest, text: str, kind: str = "complaints") -> AppTest:
    at.selectbox[0].select_index(list(KINDS).index(kind)).run()
    at.file_uploader[0].upload("complaints.csv", text.encode(), "text/csv").run()
    return at


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_bad_file_is_judged_with_reasons_and_cannot_be_stored(lang: str, writable_url: str):
    before = _complaints(writable_url)
    at = _upload(_page(lang), BAD)
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles[i18n.t("data.count.read", lang)] == i18n.number(3, lang)
    assert tiles[i18n.t("data.count.rejected", lang)] == i18n.number(1, lang)
    read_as = {  # how the file was read: in Persian a sentence, not English words between commas
        "fa": "فایل به صورت CSV با کدگذاری UTF-8 و جداکننده ویرگول خوانده شد.",
        "en": "Read as: CSV, UTF-8, comma-separated",
    }
    assert read_as[lang] in [c.value for c in at.caption]
    tables = [d.value.rename(columns=text.plain).map(text.plain) for d in at.dataframe]
    reasons = next(d for d in tables if i18n.t("col.reason", lang) in d.columns)
    shown = set(reasons[i18n.t("col.reason", lang)])
    assert i18n.reason("not_reporter", None, lang) in shown
    assert i18n.reason("no_such_day", None, lang) in shown
    assert "*******123" in set(reasons[i18n.t("col.value", lang)])
    assert not [b for b in at.button if b.label == i18n.t("data.store", lang)]
    assert _complaints(writable_url) == before


def test_a_good_file_is_stored_with_one_button_and_every_page_sees_it(writable_url: str):
    before = _complaints(writable_url)
    at = _upload(_page("en"), GOOD)
    tiles = {m.label: m.value for m in at.metric}
    assert (tiles["New"], tiles["Rejected"]) == ("2", "0")
    assert _complaints(writable_url) == before  # judged only
    store = next(b for b in at.button if b.label == i18n.t("data.store", "en"))
    store.click().run()
    assert not at.exception
    assert any("import" in m.value for m in at.success)
    assert _complaints(writable_url) == before + 2
    history = next(d.value for d in at.dataframe if "File" in d.value.columns)
    assert history["File"].iloc[0] == "complaints.csv"
    assert history["Who"].iloc[0] == USERS["data_officer"].display_name
    assert history["Area"].iloc[0] == "Ilam", "the province its rows lie in"
    with db.make_engine(writable_url).connect() as conn:
        last = audit.entries(conn, limit=1).row(0, named=True)
    assert (last["username"], last["action"]) == ("data.ilam", "import")
    assert "complaints.csv" in last["detail"] and "inserted 2" in last["detail"]
    fresh = next(d.value for d in at.dataframe if "Last import" in d.value.columns)
    row = fresh[fresh["Source"] == "Complaints"].iloc[0]
    assert row["Last import"] != "" and row["Stale?"] == "No"
    # the same file again: nothing to store
    at = _upload(_page("en"), GOOD)
    assert any(i18n.t("data.nothing_new", "en") in m.value for m in at.info)


@pytest.mark.parametrize(
    ("form", "fa", "en"),
    [
        (
            "CSV, UTF-8 with BOM, tab-separated",
            "فایل به صورت CSV با کدگذاری UTF-8 همراه با BOM و جداکننده تب خوانده شد.",
            "Read as: CSV, UTF-8 with BOM, tab-separated",
        ),
        (
            "CSV, Windows-1256, semicolon-separated",
            "فایل به صورت CSV با کدگذاری Windows-1256 و جداکننده نقطه‌ویرگول خوانده شد.",
            "Read as: CSV, Windows-1256, semicolon-separated",
        ),
        (
            "Excel, first sheet",
            "فایل اکسل از برگه نخست آن خوانده شد.",
            "Read as: Excel, first sheet",
        ),
        (
            "Excel, sheet «خرید»",
            "فایل اکسل از برگه «خرید» آن خوانده شد.",
            "Read as: Excel, sheet «خرید»",
        ),
    ],
)
def test_every_way_a_file_is_read_is_a_sentence_in_persian(
    monkeypatch: pytest.MonkeyPatch, form: str, fa: str, en: str
) -> None:
    """The reader's form (dashboard.importer.reading, stored with each import) as the Data
    page says it."""
    for lang, said in (("fa", fa), ("en", en)):
        monkeypatch.setattr(import_form, "t", lambda key, lang=lang, **v: i18n.t(key, lang, **v))
        assert import_form.form_text(form) == said
