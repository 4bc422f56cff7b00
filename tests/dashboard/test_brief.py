"""The meeting brief (dashboard.brief over queries.brief_figures): one A4 page in either language,
the Overview's figures as the page shows them, an area with no credit yet, on SQLite and
PostgreSQL; the rendered page is kept as a picture (tests/artifacts/brief-*.png)."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys

import pypdf
import pytest

from dashboard import brief, calendar, db, i18n, kpi
from dashboard.filters import Filters, parse
from queries import brief_figures, meta, overview
from tests import oracle
from tests.conftest import ROOT
from tests.populate import PROVINCE

NOW = dt.datetime(2026, 5, 12, 10, 30)  # the clock: tasks are live work
HOUSEHOLD_KPIS = ("households", "members", "released_toman", "spent_toman")  # marked ≈
ARTIFACTS = ROOT / "tests" / "artifacts"


def _brief(url: str, query: dict, lang: str) -> tuple[Filters, bytes, dict]:
    with db.make_engine(url).connect() as conn:
        universe = meta.universe(conn)
        f, rejected = parse(query, universe)
        assert not rejected
        contents = brief_figures.contents(conn, f, NOW)
    data = brief.pdf(contents, brief.head(f, universe, lang), lang, NOW, "Maryam")
    return f, data, contents


def _text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), reader.pages[0].extract_text()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_one_a4_page_under_300_kb_naming_its_area(db_url: str, lang: str) -> None:
    _, data, _ = _brief(db_url, {"province": PROVINCE}, lang)
    pages, text = _text(data)
    assert pages == 1 and len(data) < 300 * 1024
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert {"fa": "ایلام", "en": "Ilam"}[lang] in text


def test_the_figures_read_as_the_overview_shows_them(db_url: str, raw: dict) -> None:
    """Each tile's value and 7-day change, formatted as on the page, from the oracle's own
    computation over the raw rows."""
    f, data, contents = _brief(db_url, {"province": PROVINCE}, "en")
    _, text = _text(data)
    values = oracle.kpis(raw, f, NOW.date())
    before = oracle.kpis(raw, f.shifted(-overview.CHANGE_DAYS), NOW.date() - dt.timedelta(7))
    for key in overview.KEYS:
        shown = kpi.value_text(key, values[key], "en")
        shown = f"≈ {shown}" if key in HOUSEHOLD_KPIS else shown
        change = kpi.delta_text(key, values[key], before[key], "en") or ""
        assert f"{i18n.t(f'kpi.{key}', 'en')}\n{shown} {change}".strip() in text, key
    assert "Sample (synthetic) data" in text
    assert "Made 22 Ordibehesht 1405 10:30 by Maryam" in text
    compliance = i18n.percent(contents["complaints"]["compliance"], "en")
    assert f"{i18n.t('complaints.compliance', 'en')} {compliance}" in text
    # the other channels past their targets, one line each, full-scale estimates
    channels = {
        "method_two": sum(
            v["pending_overdue"] for v in oracle.method_two(raw, f, "decile").values()
        ),
        "mothers": sum(v["uncollected_overdue"] for v in oracle.mothers(raw, f).values()),
        "applications": sum(v["pending_overdue"] for v in oracle.applications(raw, f).values()),
    }
    for name, count in channels.items():
        line = f"{i18n.t(f'attention.{name}', 'en')} ≈ {i18n.number(count, 'en')}"
        assert line in text, name


def test_an_area_before_any_credit_gets_a_valid_brief_that_says_so(db_url: str) -> None:
    with db.make_engine(db_url).connect() as conn:
        first = meta.universe(conn).first_day
    _, data, _ = _brief(db_url, {"province": PROVINCE, "as_of": first.isoformat()}, "en")
    pages, text = _text(data)
    assert pages == 1
    assert i18n.t("brief.no_credit", "en") in text.replace("\n", " ")


def _texts(value: object) -> list[str]:
    """Every text of a page's data (dashboard.brief.page), however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _texts(v)]
    return []


def test_the_persian_brief_has_no_middle_dot_to_read_as_zero(db_url: str) -> None:
    """Its head and footer join their parts with an em dash (i18n parts.separator): a middle
    dot is drawn as the Persian digit zero (۰)."""
    with db.make_engine(db_url).connect() as conn:
        universe = meta.universe(conn)
        f, _ = parse({"province": PROVINCE}, universe)
        contents = brief_figures.contents(conn, f, NOW)
    head = brief.head(f, universe, "fa")
    assert head.startswith("ایلام — تا پایان ")
    page = brief.page(contents, head, "fa", NOW, "مریم")
    assert page["footer"].startswith("ساخته‌شده در ") and " توسط مریم — " in page["footer"]
    texts = _texts(page)
    assert len(texts) > 50 and not [t for t in texts if "\u00b7" in t]
    assert "\u00b7" not in (ROOT / "dashboard" / "brief.typ").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_page_as_a_picture(sqlite_url: str, lang: str, tmp_path) -> None:
    """The PDF rendered by Debian's pdftoppm (poppler-utils), kept to be looked at."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is missing")
    _, data, _ = _brief(sqlite_url, {"province": PROVINCE}, lang)
    (tmp_path / "brief.pdf").write_bytes(data)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / f"brief-{lang}"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(tmp_path / "brief.pdf"),
                    str(out)], check=True)  # fmt: skip
    picture = out.with_suffix(".png").read_bytes()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n" and len(picture) > 20_000


def test_the_command_line_writes_the_brief(sqlite_url: str, tmp_path) -> None:
    target = tmp_path / "brief.pdf"
    command = [
        sys.executable, "-m", "dashboard", "brief", "--province", "Ilam", "--as-of", "1405/02/10",
        "--lang", "en", "--output", str(target), "--db", sqlite_url,
    ]  # fmt: skip
    env = {**os.environ, calendar.CLOCK: NOW.isoformat()}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    pages, text = _text(target.read_bytes())
    assert pages == 1 and text.startswith("Ilam · as of the end of 10 Ordibehesht 1405")
    bad = subprocess.run(
        [*command[:5], "Atlantis", *command[6:]], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert bad.returncode == 2 and "unknown province" in bad.stderr
