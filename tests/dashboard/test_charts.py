"""Figure builders: every label Persian in Persian (digits and unit words, no plotly number
formats), toman on money axes, text at least 14 px, no turned ticks, bar labels only where they
fit, a reason instead of an empty chart, and notes for charts that ignore decile and group."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard import charts, db, i18n
from dashboard.filters import Filters
from queries import complaints, method_two, stores, uptake

LATIN = re.compile("[0-9A-Za-z%]")
PERSIAN_DIGIT = re.compile("[۰-۹]")
SI = re.compile(r"\d\s?[kMGTBµ]\b")
PLACEHOLDER = re.compile(r"%\{([^}]*)\}")
BIG = 9.6e13  # national money at full scale: about 10^14 toman
START = dt.date(2025, 12, 22)


def _deciles(n: int = 10, scale: float = BIG / 10) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "decile": range(1, n + 1),
            "households": [2_500_000] * n,
            "reach": [0.5 + i / 40 for i in range(n)],
            "released_toman": [scale] * n,
            "spent_toman": [scale * 0.8] * n,
            "uptake": [0.6 + i / 30 for i in range(n)],
            "topup_share": [0.05 + i / 100 for i in range(n)],
        }
    )


def _areas() -> tuple[pl.DataFrame, pl.DataFrame]:
    areas = pl.DataFrame(
        {
            "area_code": ["IR-01", "IR-02", "IR-03"],
            "area_name_fa": ["تهران", "گیلان", "ایلام"],
            "area_name_en": ["Tehran", "Gilan", "Ilam"],
            "households": [4_000_000, 900_000, 200_000],
        }
    )
    cells = pl.DataFrame(
        {
            "area_code": [code for code in areas["area_code"] for _ in range(10)],
            "decile": list(range(1, 11)) * 3,
            "uptake": [0.4 + (i % 10) / 20 for i in range(30)],
            "released_toman": [BIG / 30] * 30,
        }
    )
    return cells, areas


def _waves() -> pl.DataFrame:
    parts = []
    for wave, opens in ((1, START), (2, dt.date(2026, 1, 21))):
        days = 130 if wave == 1 else 100
        parts.append(
            pl.DataFrame(
                {
                    "wave_id": [wave] * days,
                    "opens_on": [opens] * days,
                    "label_fa": [f"موج {'یکم' if wave == 1 else 'دوم'}"] * days,
                    "label_en": [f"Wave {wave}"] * days,
                    "days_since": range(days),
                    "households": [10_000_000] * days,
                    "buyers": [min(10_000_000, 90_000 * d) for d in range(days)],
                }
            )
        )
    curves = pl.concat(parts)
    return curves.with_columns(reach=pl.col("buyers") / pl.col("households"))


def _months(n: int = 12) -> pl.DataFrame:
    months = [f"{1404 + (9 + i) // 12}-{(9 + i) % 12 + 1:02d}" for i in range(n)]
    released = [BIG / n] * n
    spent = [BIG / n * 0.7] * n
    balance = [sum(released[: i + 1]) - sum(spent[: i + 1]) for i in range(n)]
    return pl.DataFrame(
        {
            "month": months,
            "released_toman": released,
            "spent_toman": spent,
            "balance_toman": balance,
        }
    )


def _basket() -> pl.DataFrame:
    shares = [0.3, 0.2, 0.12, 0.1, 0.08, 0.06, 0.05, 0.04, 0.03, 0.015, 0.005]
    return pl.DataFrame(
        {
            "item": [f"i{i}" for i in range(11)],
            "name_fa": [
                f"کالای {n}" for n in ("الف", "ب", "پ", "ت", "ث", "ج", "چ", "ح", "خ", "د", "ذ")
            ],
            "name_en": [f"Item {chr(65 + i)}" for i in range(11)],
            "value_toman": [s * BIG for s in shares],
            "share": shares,
        }
    )


def _balance(n: int = 5) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "month": [f"1404-{10 + i:02d}" if i < 3 else f"1405-{i - 2:02d}" for i in range(n)],
            "released_toman": [BIG / n] * n,
            "unspent_toman": [BIG / n / (i + 2) for i in range(n)],
            "unspent_share": [1 / (i + 2) for i in range(n)],
        }
    )


def _provinces(n: int = 31) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "province_code": [f"IR-{i:02d}" for i in range(n)],
            "name_fa": [f"استان {chr(0x0628 + i)}" for i in range(n)],
            "name_en": [f"Province {i}" for i in range(n)],
            "active": [100 + i for i in range(n)],
            "residents": [2_000_000] * n,
            "stores_per_10k": [0.5 + i / 10 for i in range(n)],
            "villages": [400] * n,
            "uncovered_share": [i / 100 for i in range(n)],
        }
    )


def _weeks(n: int = 20) -> list[dt.date]:
    return [dt.date(2025, 12, 20) + dt.timedelta(weeks=i) for i in range(n)]


def _weekly(n: int = 20) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "week": _weeks(n),
            "complaints": [12_000] * n,
            "on_time": [10_000] * n,
            "late": [1_500] * n,
            "overdue": [500] * n,
            "compliance": [0.5 + i / 50 for i in range(n)],
        }
    )


def _hours(cap: int = complaints.HISTOGRAM_CAP_H) -> pl.DataFrame:
    return pl.DataFrame({"hour": range(cap + 1), "complaints": [300 * (h + 1) for h in range(73)]})


def _sanctions(n: int = 20) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "week": _weeks(n),
            **{k: [40 * (i + 1) for i in range(n)] for k in complaints.SANCTIONS},
        }
    )


def _registrations() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "decile": range(1, 11),
            "households_with_credit": [200_000 + 10_000 * d for d in range(10)],
            "registered": [16_000 - 900 * d for d in range(10)],
        }
    ).with_columns(registration_rate=pl.col("registered") / pl.col("households_with_credit"))


def _pending_bands() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "band": range(5),
            "low_days": [0, 7, 14, 21, 28],
            "high_days": [7, 14, 21, 28, None],
            "pending": [3_000, 2_500, 1_200, 700, 1_100],
            "pending_overdue": [0, 0, 1_200, 700, 1_100],
        }
    )


# Each builder with arguments that have something to draw, and with arguments that have not.
FULL: dict[str, tuple[Callable[..., go.Figure | None], Callable[[], tuple]]] = {
    "decile_bars": (charts.decile_bars, lambda: (_deciles(),)),
    "topup_bars": (charts.topup_bars, lambda: (_deciles(),)),
    "heatmap": (charts.heatmap, _areas),
    "wave_lines": (charts.wave_lines, lambda: (_waves(),)),
    "month_bars": (charts.month_bars, lambda: (_months(),)),
    "basket_bars": (charts.basket_bars, lambda: (_basket(),)),
    "balance_bars": (charts.balance_bars, lambda: (_balance(),)),
    "province_store_bars": (charts.province_store_bars, lambda: (_provinces(),)),
    "compliance_trend": (charts.compliance_trend, lambda: (_weekly(),)),
    "dispatch_histogram": (charts.dispatch_histogram, lambda: (_hours(), 24.0, 72)),
    "sanction_bars": (charts.sanction_bars, lambda: (_sanctions(),)),
    "method_two_bars": (charts.method_two_bars, lambda: (_registrations(),)),
    "pending_age_bars": (charts.pending_age_bars, lambda: (_pending_bands(),)),
}
EMPTY: dict[str, tuple[tuple, str]] = {
    "decile_bars": ((_deciles().with_columns(households=0, released_toman=0),), "no_households"),
    "topup_bars": ((_deciles().with_columns(released_toman=0, uptake=None),), "no_credit"),
    "heatmap": (
        (_areas()[0].with_columns(uptake=None), _areas()[1].with_columns(households=0)),
        "no_households",
    ),
    "wave_lines": ((_waves().clear(),), "no_waves"),
    "month_bars": ((_months().clear(),), "no_credit"),
    "basket_bars": ((_basket().with_columns(share=None, value_toman=0.0),), "no_purchases_area"),
    "balance_bars": ((_balance().clear(),), "no_credit_area"),
    "province_store_bars": (
        (_provinces().with_columns(active=0, stores_per_10k=0.0, uncovered_share=1.0),),
        "no_stores",
    ),
    "compliance_trend": ((_weekly().clear(),), "no_complaints"),
    "dispatch_histogram": ((_hours().clear(), 24.0, 72), "none_dispatched"),
    "sanction_bars": ((_sanctions().with_columns(**dict.fromkeys(complaints.SANCTIONS, 0)),),
                      "none_closed"),
    "method_two_bars": ((_registrations().with_columns(registered=0, registration_rate=0.0),),
                        "no_registrations"),
    "pending_age_bars": ((_pending_bands().with_columns(pending=0, pending_overdue=0),),
                         "none_pending"),
}  # fmt: skip
MONEY = {"month_bars", "balance_bars"}


def _build(name: str, lang: str) -> go.Figure:
    builder, arguments = FULL[name]
    fig = builder(*arguments(), lang)
    assert isinstance(fig, go.Figure), name
    return fig


def _walk(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item, path)
    else:
        yield path, node


def _axes(fig: go.Figure) -> dict[str, Any]:
    layout = fig.layout.to_plotly_json()
    return {k: v for k, v in layout.items() if re.fullmatch("[xy]axis[0-9]*", k)}


def _axis_of(trace: Any, letter: str) -> str:
    anchor = getattr(trace, f"{letter}axis", None) or letter
    return f"{letter}axis{anchor[1:]}"


def _screen_texts(fig: go.Figure) -> list[str]:
    """Every text a reader can see on the figure or in its hover boxes."""
    texts: list[str] = []
    axes = _axes(fig)
    for axis in axes.values():
        texts += [str(t) for t in axis.get("ticktext", [])]
        texts.append(str((axis.get("title") or {}).get("text") or ""))
    texts += [str(a.text) for a in fig.layout.annotations]
    for trace in fig.data:
        texts.append(str(trace.name or ""))
        for attribute in ("text", "hovertext"):
            value = getattr(trace, attribute, None)
            texts += [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
        colorbar = getattr(getattr(trace, "marker", None), "colorbar", None)
        if colorbar is not None and colorbar.ticktext:
            texts += list(colorbar.ticktext)
        for letter in "xy":
            axis = axes.get(_axis_of(trace, letter), {})
            if axis.get("type") == "category" and "ticktext" not in axis:  # labels: the data
                texts += [str(v) for v in getattr(trace, letter)]
    return [t for t in texts if t not in ("", "None")]


def _tick_texts(fig: go.Figure) -> list[str]:
    return [_bare(t) for axis in _axes(fig).values() for t in axis.get("ticktext", [])]


def _bare(text: str) -> str:
    """text without its right-to-left embedding."""
    return text.removeprefix(charts.RLE).removesuffix(charts.PDF)


@pytest.mark.parametrize("name", FULL)
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_figure_is_valid_plotly(name: str, lang: str) -> None:
    """The common layout is set on the figure's dict without plotly's checks (they cost most of
    a chart's build): plotly's checks of the result refuse nothing and change nothing."""
    spec = _build(name, lang).to_dict()
    assert go.Figure(spec).to_dict() == spec


@pytest.mark.parametrize("name", FULL)
def test_persian_figures_show_persian_digits_and_unit_words_only(name: str) -> None:
    fig = _build(name, "fa")
    texts = _screen_texts(fig)
    assert texts
    latin = [t for t in texts if LATIN.search(t)]
    assert not latin, latin[:5]
    assert all(PERSIAN_DIGIT.search(t) or t == "۰" for t in _tick_texts(fig) if t[:1].isdigit())


@pytest.mark.parametrize("name", FULL)
def test_persian_texts_with_numbers_read_right_to_left(name: str) -> None:
    """Plotly draws text left to right: a Persian label that starts with a number must be an
    embedded right-to-left run, or '۱٫۵ هزار میلیارد' reads 'هزار میلیارد ۱٫۵'."""
    fig = _build(name, "fa")
    numbered = [t for t in _screen_texts(fig) if PERSIAN_DIGIT.search(t) and not t.isdigit()]
    assert numbered
    loose = [t for t in numbered if not (t.startswith(charts.RLE) and t.endswith(charts.PDF))]
    assert not loose, loose[:3]
    assert not [t for t in _screen_texts(_build(name, "en")) if charts.RLE in t]


@pytest.mark.parametrize("name", FULL)
def test_english_figures_show_no_persian_digits_and_no_si_suffixes(name: str) -> None:
    fig = _build(name, "en")
    texts = _screen_texts(fig)
    assert not [t for t in texts if PERSIAN_DIGIT.search(t)]
    assert not [t for t in texts if SI.search(t)]


@pytest.mark.parametrize("name", FULL)
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_plotly_writes_no_number_of_its_own(name: str, lang: str) -> None:
    """Value axes carry their own labels and hovers show only text written here, so plotly's
    formats (Latin digits, SI suffixes) never reach the screen."""
    fig = _build(name, lang)
    axes = _axes(fig)
    used = {_axis_of(t, letter) for t in fig.data for letter in "xy"}
    for key in used:
        axis = axes.get(key, {})
        assert axis.get("type") == "category" or (
            axis.get("tickmode") == "array" and len(axis["ticktext"]) == len(axis["tickvals"])
        ), (name, key)
    for trace in fig.data:
        assert trace.hovertemplate, name
        fields = set(PLACEHOLDER.findall(trace.hovertemplate))
        assert fields <= {"hovertext", "fullData.name"}, (name, fields)
        assert not trace.texttemplate if hasattr(trace, "texttemplate") else True


@pytest.mark.parametrize("name", ["decile_bars", "topup_bars", "wave_lines", "compliance_trend"])
def test_percent_axes_read_as_percentages(name: str) -> None:
    fa = [_bare(t) for t in _axes(_build(name, "fa"))["yaxis"]["ticktext"]]
    en = _axes(_build(name, "en"))["yaxis"]
    assert all(t.endswith("٪") for t in fa) and fa[0] == "۰٪"
    assert en["ticktext"] == [f"{v:g}%" for v in en["tickvals"]]


@pytest.mark.parametrize("name", sorted(MONEY))
def test_money_axes_say_toman_and_read_in_words(name: str) -> None:
    for lang, toman, big in (("fa", "تومان", "هزار میلیارد"), ("en", "toman", "trillion")):
        fig = _build(name, lang)
        axis = _axes(fig)["yaxis"]
        assert toman in axis["title"]["text"]
        assert any(big in t for t in axis["ticktext"]), axis["ticktext"]
        assert all(toman in h for trace in fig.data for h in trace.hovertext)
        assert 4 <= len(axis["tickvals"]) <= 6


def test_money_ticks_at_national_scale() -> None:
    fig = charts.month_bars(
        _months(1).with_columns(released_toman=1.5e12, spent_toman=1e12, balance_toman=5e11), "fa"
    )
    assert [_bare(t) for t in _axes(fig)["yaxis"]["ticktext"]] == [
        "۰",
        "۵۰۰ میلیارد",
        "۱ هزار میلیارد",
        "۱٫۵ هزار میلیارد",
    ]
    fig = charts.month_bars(
        _months(1).with_columns(released_toman=7e11, spent_toman=0, balance_toman=7e11), "en"
    )
    assert _axes(fig)["yaxis"]["ticktext"][-1] == "800 billion"
    assert charts.amount(1e14, "en") == "100 trillion"
    assert charts.amount(7e11, "fa") == "۷۰۰ میلیارد"
    assert charts.amount(2_500, "fa", 1e6) == "۲٬۵۰۰"


@pytest.mark.parametrize(
    "top", [0.3, 1, 2, 3, 7.2, 13, 99, 100, 101, 1234, 87.5, 5e5, 9.9e13, 1e14, 3.3e14]
)
@pytest.mark.parametrize("integer", [False, True])
def test_nice_ticks(top: float, integer: bool) -> None:
    ticks = charts.nice_ticks(top, integer)
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert ticks[0] == 0 and ticks[-1] >= top and ticks[-2] < top
    assert len(steps) == 1
    step = steps.pop()
    mantissa = step / 10 ** int(f"{step:e}".split("e")[1])
    assert round(mantissa, 6) in (1, 2, 2.5, 5)
    if integer:
        assert all(float(t).is_integer() for t in ticks)
    if not integer or top >= 3:
        assert 4 <= len(ticks) <= 6, ticks


@pytest.mark.parametrize("name", FULL)
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_text_is_at_least_14_px_in_vazirmatn(name: str, lang: str) -> None:
    fig = _build(name, lang)
    spec = fig.to_plotly_json()
    sizes = [(p, v) for p, v in _walk(spec) if p[-1:] == ("size",) and "font" in p[-2]]
    assert sizes and all(v >= charts.FONT_PX for _, v in sizes), sizes
    layout = spec["layout"]
    assert layout["font"]["family"].startswith("Vazirmatn")
    assert layout["uniformtext"] == {"minsize": charts.FONT_PX, "mode": "hide"}
    for part in (layout["legend"], layout["hoverlabel"]):
        assert part["font"]["size"] >= charts.FONT_PX
    # the streamlit theme sets 12 px tick fonts unless the figure says otherwise
    for key, axis in _axes(fig).items():
        assert axis["tickfont"]["size"] >= charts.FONT_PX, key
        assert axis["title"]["font"]["size"] >= charts.FONT_PX, key
    for annotation in layout.get("annotations", []):
        assert annotation["font"]["size"] >= charts.FONT_PX
    for trace in fig.data:
        if trace.type == "bar":
            assert trace.textposition in ("outside", "none"), name
            if trace.textposition == "outside":
                assert trace.textfont.size >= charts.FONT_PX


@pytest.mark.parametrize("name", FULL)
def test_tick_labels_do_not_turn(name: str) -> None:
    for key, axis in _axes(_build(name, "fa")).items():
        assert axis.get("tickangle") == 0, key


@pytest.mark.parametrize(("name", "count"), [("month_bars", 24), ("compliance_trend", 30)])
def test_long_category_axes_label_every_kth_category(name: str, count: int) -> None:
    table = _months(count) if name == "month_bars" else _weekly(count)
    fig = FULL[name][0](table, "fa")
    axis = _axes(fig)["xaxis"]
    shown, every = [_bare(t) for t in axis["ticktext"]], axis["categoryarray"]
    assert len(every) == count and 2 <= len(shown) < count
    assert axis["tickvals"][-1] == every[-1]  # the latest is always labelled
    places = [every.index(v) for v in axis["tickvals"]]
    gaps = {b - a for a, b in zip(places, places[1:], strict=False)}
    assert len(gaps) == 1  # evenly spaced
    widest = max(len(t) for t in shown) * charts.CHAR_PX
    assert gaps.pop() * charts.HALF_PX / count >= widest + charts.FONT_PX  # labels never touch
    if name == "compliance_trend":
        assert all(len(t.split()) == 2 for t in shown)  # day and month; the hover has the year


def test_bar_labels_only_where_they_fit() -> None:
    ten = charts.decile_bars(_deciles(), "fa")
    assert {t.textposition for t in ten.data} == {"none"}
    assert all(t.text for t in ten.data)  # still in the table behind the hover
    two = charts.decile_bars(_deciles(2), "fa")
    assert {t.textposition for t in two.data} == {"outside"}
    many = charts.month_bars(_months(12), "fa")
    assert {t.textposition for t in many.data if t.type == "bar"} == {"none"}
    basket = charts.basket_bars(_basket(), "fa")
    assert basket.data[0].textposition == "outside"
    axis = _axes(basket)["xaxis"]
    top = max(axis["range"])
    assert top > 30 and axis["tickvals"][-1] <= top  # room for the label after the longest bar


def test_persian_value_axes_run_right_to_left() -> None:
    basket = _axes(charts.basket_bars(_basket(), "fa"))["xaxis"]
    assert basket["range"][0] > basket["range"][1] and basket["autorange"] is False
    assert _axes(charts.basket_bars(_basket(), "en"))["xaxis"]["range"][0] == 0
    waves = _axes(charts.wave_lines(_waves(), "fa"))
    assert waves["xaxis"]["range"][1] == 0 and waves["yaxis"]["side"] == "right"
    assert _axes(charts.decile_bars(_deciles(), "fa"))["xaxis"]["autorange"] == "reversed"


@pytest.mark.parametrize("name", FULL)
def test_nothing_to_draw_gives_a_reason_not_axes(name: str) -> None:
    builder, arguments = FULL[name]
    empty, reason = EMPTY[name]
    assert builder(*empty, "fa") is None
    tables = [a for a in empty if isinstance(a, pl.DataFrame)]
    assert charts.empty_reason(builder, *tables) == f"chart.{reason}"
    assert f"chart.{reason}" in i18n.TABLE
    full = [a for a in arguments() if isinstance(a, pl.DataFrame)]
    assert charts.empty_reason(builder, *full) is None


def test_uptake_reasons_tell_households_from_credit_from_purchases() -> None:
    none = _deciles().with_columns(households=0, released_toman=0, topup_share=None)
    no_credit = _deciles().with_columns(released_toman=0, uptake=None, topup_share=None)
    no_buying = _deciles().with_columns(topup_share=None)
    assert charts.empty_reason(charts.decile_bars, none) == "chart.no_households"
    assert charts.empty_reason(charts.decile_bars, no_credit) == "chart.no_credit"
    assert charts.empty_reason(charts.decile_bars, no_buying) is None
    assert charts.empty_reason(charts.topup_bars, no_buying) == "chart.no_purchases"
    cells, areas = _areas()
    no_uptake = cells.with_columns(uptake=None)
    assert charts.empty_reason(charts.heatmap, no_uptake, areas) == "chart.no_credit"
    weekly = _weekly().with_columns(compliance=None)
    assert charts.empty_reason(charts.compliance_trend, weekly) == "chart.none_judged"


def test_filter_notes_for_charts_that_ignore_decile_and_group() -> None:
    day = dt.date(2026, 5, 5)
    every, narrowed, grouped = (
        Filters(as_of=day),
        Filters(as_of=day, decile_min=1, decile_max=3),
        Filters(as_of=day, group="subsidy"),
    )
    follow = (charts.decile_bars, charts.topup_bars, charts.heatmap, charts.wave_lines,
              charts.month_bars, charts.method_two_bars, charts.pending_age_bars)  # fmt: skip
    ignore = {FULL[n][0] for n in FULL} - set(follow)
    assert {b.__name__ for b in ignore} == {
        "basket_bars", "balance_bars", "province_store_bars", "compliance_trend",
        "dispatch_histogram", "sanction_bars",
    }  # fmt: skip
    for builder in follow:
        assert charts.filter_note(builder, narrowed) is None
    for builder in ignore:
        assert charts.filter_note(builder, every) is None
        for f in (narrowed, grouped):
            assert charts.filter_note(builder, f) in i18n.TABLE
    assert charts.filter_note(charts.sanction_bars, grouped) == "chart.note.complaints"


def test_figures_from_the_tiny_database(sqlite_url: str) -> None:
    """The builders take what the queries give (column names and types), in both languages."""
    f = Filters(as_of=dt.date(2026, 5, 5))
    with db.make_engine(sqlite_url).connect() as conn:
        deciles = uptake.by_decile(conn, f)
        found = complaints.figures(conn, f)
        tables = {
            "decile_bars": (deciles,),
            "topup_bars": (deciles,),
            "heatmap": (uptake.area_by_decile(conn, f), uptake.by_area(conn, f)),
            "wave_lines": (uptake.wave_curves(conn, f),),
            "month_bars": (uptake.by_month(conn, f),),
            "basket_bars": (uptake.basket(conn, f),),
            "balance_bars": (uptake.balance_age(conn, f),),
            "province_store_bars": (stores.by_province(conn, f),),
            "compliance_trend": (found["weekly"],),
            "dispatch_histogram": (found["histogram"], 24.0, complaints.HISTOGRAM_CAP_H),
            "sanction_bars": (found["sanctions_weekly"],),
            "method_two_bars": (method_two.by_decile(conn, f),),
            "pending_age_bars": (
                method_two.pending_by_age(conn, dataclasses.replace(f, as_of=dt.date(2026, 2, 10))),
            ),
        }
    for name, arguments in tables.items():
        builder = FULL[name][0]
        assert (
            charts.empty_reason(builder, *[a for a in arguments if isinstance(a, pl.DataFrame)])
            is None
        ), name
        for lang in ("fa", "en"):
            fig = builder(*arguments, lang)
            assert isinstance(fig, go.Figure), name
            if lang == "fa":
                assert not [t for t in _screen_texts(fig) if LATIN.search(t)], name


def test_a_couple_of_figures_render_to_png(tmp_path) -> None:
    pytest.importorskip("kaleido")
    for name in ("month_bars", "compliance_trend"):
        path = tmp_path / f"{name}.png"
        _build(name, "fa").write_image(path, width=420, height=360)
        assert path.stat().st_size > 1000


def test_persian_province_panels_keep_names_at_the_outer_edge() -> None:
    """Density stands right in Persian, with the names at the right edge; the labels after
    the bars never run into the other panel's names."""
    fa, en = (charts.province_store_bars(_provinces(), lang) for lang in ("fa", "en"))
    titles = [_bare(a.text) for a in fa.layout.annotations]
    assert titles == [i18n.t("col.uncovered_share", "fa"), i18n.t("col.stores_per_10k", "fa")]
    assert fa.layout.yaxis.showticklabels is False and fa.layout.yaxis2.showticklabels is True
    assert fa.layout.yaxis2.side == "right"
    assert [a.text for a in en.layout.annotations][0] == i18n.t("col.stores_per_10k", "en")
    assert en.layout.yaxis2.showticklabels is not True
