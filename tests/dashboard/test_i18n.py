"""The translation table and number formatting, and how KPI figures read."""

from __future__ import annotations

import ast
import re
import string

import pytest

from dashboard import i18n, kpi
from queries import indicators, overview
from tests.conftest import ROOT


def test_every_entry_has_both_languages() -> None:
    for key, (fa, en) in i18n.TABLE.items():
        assert fa and en, key
        wordless = not re.search(r"[^\W\d_]", fa)  # punctuation only: a separator
        assert re.search("[\u0600-\u06ff]", fa) or fa == en or wordless, f"{key}: Persian text"
        names = {n for _, n, _, _ in string.Formatter().parse(fa) if n}
        assert names == {n for _, n, _, _ in string.Formatter().parse(en) if n}, key


def test_every_kpi_and_indicator_has_a_label_and_a_kind() -> None:
    for key in overview.KEYS:
        assert f"kpi.{key}" in i18n.TABLE and key in kpi.FORMATS, key
    for code in indicators.INDICATORS:
        assert f"indicator.{code}" in i18n.TABLE and code in kpi.FORMATS, code


@pytest.mark.parametrize(
    ("value", "fa", "en"),
    [(1234567, "۱٬۲۳۴٬۵۶۷", "1,234,567"), (0, "۰", "0"), (None, "—", "—")],
)
def test_number(value, fa: str, en: str) -> None:
    assert i18n.number(value, "fa") == fa
    assert i18n.number(value, "en") == en


def test_percent() -> None:
    assert i18n.percent(0.8756, "fa") == "۸۷٫۶٪"
    assert i18n.percent(0.8756, "en") == "87.6%"
    assert i18n.percent(None, "en") == "—"


@pytest.mark.parametrize(
    ("value", "en", "fa"),
    [
        (18_640_000_000, "18.6 billion", "۱۸٫۶ میلیارد"),
        (2_500_000_000_000, "2.5 trillion", "۲٫۵ هزار میلیارد"),
        (259_100_000, "259.1 million", "۲۵۹٫۱ میلیون"),
        (950, "950", "۹۵۰"),
    ],
)
def test_compact(value: float, en: str, fa: str) -> None:
    assert i18n.compact(value, "en") == en
    assert i18n.compact(value, "fa") == fa


def test_kpi_texts() -> None:
    assert kpi.value_text("uptake", 0.5, "en") == "50.0%"
    assert kpi.value_text("released_toman", 1.5e9, "en") == "1.5 billion"
    assert kpi.value_text("active_stores", 367, "fa") == "۳۶۷"
    assert kpi.delta_text("uptake", 0.55, 0.534, "en") == "+1.6 pp"
    assert kpi.delta_text("active_stores", 367, 368, "en") == "-1"
    assert kpi.delta_text("spent_toman", 10.2e9, 9.9e9, "en") == "+300.0 million"
    assert kpi.delta_text("reach", None, 0.5, "en") is None
    assert kpi.delta_text("dispatch_compliance", 0.85, 0.85004, "en") == "no change"
    assert kpi.delta_text("overdue_tasks", 4, 4, "fa") == "بدون تغییر"
    # in Persian the signed number is a left-to-right isolate and its unit follows it
    assert kpi.delta_text("uptake", 0.55, 0.534, "fa") == "\u2066+۱٫۶\u2069 واحد درصد"
    assert kpi.delta_text("spent_toman", 9.9e9, 10.2e9, "fa") == "\u2066-۳۰۰٫۰\u2069 میلیون"
    assert kpi.delta_text("active_stores", 367, 368, "fa") == "\u2066-۱\u2069"
    assert kpi.is_flat("uptake", 0.5, 0.5004)
    assert not kpi.is_flat("uptake", 0.5, 0.501)


MIDDLE_DOT = "\u00b7"  # in Vazirmatn it is drawn as the Persian digit zero (۰)


def test_persian_parts_are_joined_by_an_em_dash_never_a_middle_dot() -> None:
    """'لرستان · تا پایان ۱۵ اردیبهشت ۱۴۰۵' reads 'Lorestan 0 ...': Persian joins the parts of
    a line with an em dash, which no Persian digit resembles ('|' would read as the one ۱);
    English keeps the middle dot."""
    assert i18n.TABLE["parts.separator"] == (" — ", " · ")
    assert i18n.joined(["لرستان", "تا پایان"], "fa") == "لرستان — تا پایان"
    assert i18n.joined(["Lorestan", "as of"], "en") == "Lorestan · as of"
    persian = {key: fa for key, (fa, _) in i18n.TABLE.items()}
    assert not [key for key, fa in persian.items() if MIDDLE_DOT in fa or "•" in fa]
    for template in ("brief.typ", "digest.typ"):  # the Typst pages' own words
        assert MIDDLE_DOT not in (ROOT / "dashboard" / template).read_text(encoding="utf-8")


def _strings(tree: ast.AST) -> list[ast.Constant]:
    """The string constants of a module, its docstrings left out."""
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr)
    }  # fmt: skip
    return [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]  # fmt: skip


def test_no_module_writes_a_middle_dot_of_its_own() -> None:
    """A line's parts are joined by i18n.joined (parts.separator), so no module of the app
    writes a middle dot into a text (docstrings aside), where it would reach a Persian page;
    the translation table's English column is the one place one is written."""
    paths = [ROOT / "app.py", *(p for d in ("dashboard", "frame", "views", "queries")
                                for p in (ROOT / d).rglob("*.py"))]  # fmt: skip
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in paths
        if path != ROOT / "dashboard" / "i18n.py"
        for node in _strings(ast.parse(path.read_text(encoding="utf-8")))
        if MIDDLE_DOT in node.value
    ]
    assert found == []
