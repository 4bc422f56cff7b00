"""Plotly figure builders; they return figures and never call streamlit.

In Persian the category and day axes run right to left (decile 1 and day 0 on the right).
Every label is written here: value axes get round tick values (nice_ticks) labelled through
i18n, so no plotly number format (Latin digits, SI suffixes such as "1.5T") reaches the screen.
Text is at least FONT_PX, tick labels never turn (long axes label every k-th category) and bars
carry a label only where it fits. A builder returns None when it has nothing to draw;
empty_reason says why, and filter_note says when a chart ignores the decile and group filters.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard import calendar, i18n
from dashboard.filters import Filters

TEAL, AMBER, SLATE, ROSE = "#0f766e", "#d97706", "#475569", "#be123c"
WAVE_COLOURS = ("#0f766e", "#2563eb", "#d97706", "#7c3aed", "#be123c", "#475569")
FONT = "Vazirmatn, sans-serif"  # the app's font (.streamlit/config.toml), served from static/
FONT_PX = 14  # the smallest text in any figure
# Plot-area widths at 1280x720: a chart in one of two columns, and one across the page.
HALF_PX, FULL_PX = 300, 720
CHAR_PX = 0.62 * FONT_PX  # a generous average glyph width (Vazirmatn and Latin)
LINE_PX = 1.5 * FONT_PX  # the height of a line of text
ROW_PX = 28  # the height of one row of a horizontal bar chart or of the heat map
BAR_GAP = 0.2  # plotly's default gap between bar slots, as a share of a slot
TOP_ROOM = LINE_PX / 260  # a line of a 360 px chart's plot height (about 260 px), for bar labels
RLE, PDF = "\u202b", "\u202c"  # right-to-left embedding and its end (Unicode bidi controls)
UNITS = (
    (1e12, "unit.thousand_billion"),
    (1e9, "unit.billion"),
    (1e6, "unit.million"),
    (1e3, "unit.thousand"),
)


def nice_ticks(top: float, integer: bool = False) -> list[float]:
    """4 to 6 round tick values from 0 to at least top, 1, 2, 2.5 or 5 times a power of ten
    apart (never less than 1 apart when integer); [0, 1] when top is not positive."""
    if top <= 0:
        return [0, 1]
    rough = top / 5
    power = 10 ** math.floor(math.log10(rough))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in steps if m * power >= rough * (1 - 1e-9))
    if integer:
        step = max(step, 1)
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 9) for i in range(count + 1)]


def _decimals(value: float) -> int:
    """As few decimals (up to two) as value needs."""
    return next((d for d in (0, 1) if abs(round(value, d) - value) < 1e-9), 2)


def _plain(value: float, lang: str) -> str:
    """A number with as few decimals as it needs."""
    return i18n.number(value, lang, _decimals(value))


def amount(value: float, lang: str, words_from: float = 1e3) -> str:
    """A tick amount in words from words_from up: '۱٫۵ هزار میلیارد', '۷۰۰ میلیارد', '1.5
    trillion' (the units of i18n.compact, with no needless decimals)."""
    for size, unit in UNITS:
        if size >= words_from and abs(value) >= size:
            return f"{_plain(value / size, lang)} {i18n.t(unit, lang)}"
    return _plain(value, lang)


def _tick_percent(value: float, lang: str) -> str:
    """A tick on a 0..100 axis: '۴۰٪'."""
    return i18n.percent(value / 100, lang, _decimals(value))


def _text_px(text: str) -> float:
    """A generous estimate of a label's width at FONT_PX."""
    return len(text) * CHAR_PX


def _top(*columns: Iterable[float | None]) -> float:
    return max((v for column in columns for v in column if v is not None), default=0)


def _value_axis(
    top: float, label: Callable[[float], str], integer: bool = False, room: float = 0
) -> dict[str, Any]:
    """A value axis from 0 with round ticks labelled by label; room is the share of the axis
    kept free beyond top (for bar labels)."""
    ticks = nice_ticks(top, integer)
    end = max(ticks[-1], top / (1 - room)) if room else ticks[-1]
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [label(v) for v in ticks],
        "range": [0, end],
    }


def _money_axis(top: float, lang: str, room: float = 0) -> dict[str, Any]:
    """A toman axis: amounts in words, titled toman."""
    return _value_axis(top, lambda v: amount(v, lang), room=room) | {
        "title": {"text": i18n.t("chart.toman", lang)}
    }


def _category_axis(
    labels: Sequence[str], plot_px: float, short: Sequence[str] | None = None
) -> dict[str, Any]:
    """A category axis in the given order that labels every k-th category (always the last)
    so that the labels fit plot_px without overlapping or turning."""
    texts = list(short or labels)
    width = max(map(_text_px, texts), default=0) + FONT_PX
    step = max(1, math.ceil(len(texts) * width / plot_px))
    keep = sorted(range(len(texts) - 1, -1, -step))
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": list(labels),
        "tickmode": "array",
        "tickvals": [labels[i] for i in keep],
        "ticktext": [texts[i] for i in keep],
    }


def _bar_text(texts: list[str], across_px: float) -> dict[str, Any]:
    """Labels outside the bar ends where the widest fits across_px at FONT_PX; otherwise no
    label is drawn (the hover still tells the value)."""
    fits = bool(texts) and max(map(_text_px, texts)) <= across_px
    return {
        "text": texts,
        "textposition": "outside" if fits else "none",
        "textfont": {"family": FONT, "size": FONT_PX},
        "cliponaxis": False,
    }


def _side_text(texts: list[str], plot_px: float) -> tuple[dict[str, Any], float]:
    """Labels after the ends of horizontal bars, and the share of the value axis kept free for
    them; no labels (and no room) when they would take more than a third of plot_px. Rows are
    ROW_PX high, so a label's height always fits its bar."""
    room = (max(map(_text_px, texts), default=0) + FONT_PX) / plot_px
    if room > 1 / 3:
        return _bar_text(texts, 0), 0
    return _bar_text(texts, math.inf), room


def _slot_px(plot_px: float, slots: int, per_slot: int = 1) -> float:
    """The width of one bar when slots categories share plot_px, per_slot bars to a slot."""
    return plot_px / max(slots, 1) * (1 - BAR_GAP) / per_slot


def _embed(text: str) -> str:
    """text as a right-to-left run: plotly draws its text left to right, which would put a
    leading number after the words that follow it ('۱٫۵ هزار میلیارد')."""
    return text if not text or text.startswith(RLE) else f"{RLE}{text}{PDF}"


def _merge(into: dict[str, Any], values: dict[str, Any]) -> None:
    """values merged into the figure dict into, nested dicts key by key (as plotly's update)."""
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _axes(layout: dict[str, Any], letter: str) -> list[dict[str, Any]]:
    """The figure's x or y axes (letter), as plotly's update_xaxes finds them: the first
    always, the others of its subplots."""
    layout.setdefault(f"{letter}axis", {})
    return [v for k, v in layout.items() if k.startswith(f"{letter}axis")]


def _rtl_texts(spec: dict[str, Any]) -> None:
    """Every text of a Persian figure (ticks, titles, annotations, bar and hover texts, trace
    names) as a right-to-left run."""
    layout = spec["layout"]
    for axis in _axes(layout, "x") + _axes(layout, "y"):
        if axis.get("ticktext"):
            axis["ticktext"] = [_embed(t) for t in axis["ticktext"]]
        title = axis.get("title") or {}
        if title.get("text"):
            title["text"] = _embed(title["text"])
    for annotation in layout.get("annotations", ()):
        annotation["text"] = _embed(annotation.get("text"))
    for trace in spec.get("data", ()):
        for name in ("text", "hovertext"):
            value = trace.get(name)
            if isinstance(value, str):
                trace[name] = _embed(value)
            elif value is not None:
                trace[name] = [_embed(v) for v in value]
        if trace.get("name"):
            trace["name"] = _embed(trace["name"])
        colorbar = (trace.get("marker") or {}).get("colorbar") or {}
        if colorbar.get("ticktext"):
            colorbar["ticktext"] = [_embed(t) for t in colorbar["ticktext"]]


def _layout(fig: go.Figure, lang: str, height: int = 360) -> go.Figure:
    """Every figure's size, fonts, legend, unturned ticks and, in Persian, direction, set on
    the figure's dict and made a figure again without plotly's checks: its update calls and
    checks were two thirds of a chart's build (17 -> 7 ms for the decile bars in Persian). The
    builder's own parts were checked as it made them; tests check every figure whole."""
    spec = fig.to_dict()
    layout = spec.setdefault("layout", {})
    font = {"family": FONT, "size": FONT_PX}
    _merge(layout, {
        "height": height,
        "font": font,
        "margin": {"l": 24, "r": 24, "t": 40, "b": 10},  # room for the ends' tick labels
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom",
                   "x": 1 if lang == "fa" else 0, "xanchor": "right" if lang == "fa" else "left",
                   "font": font},
        "hoverlabel": {"align": "right" if lang == "fa" else "left", "font": font},
        "uniformtext": {"minsize": FONT_PX, "mode": "hide"},
    })  # fmt: skip
    axes = {"tickangle": 0, "tickfont": font, "title": {"font": font}, "automargin": True}
    for axis in _axes(layout, "x") + _axes(layout, "y"):
        _merge(axis, axes)
    for annotation in layout.get("annotations", ()):
        size = max((annotation.get("font") or {}).get("size") or 0, FONT_PX)
        _merge(annotation, {"font": {"family": FONT, "size": size}})
    if lang == "fa":
        for axis in _axes(layout, "x"):
            if axis.get("range") is None:
                axis["autorange"] = "reversed"
            else:  # an explicit range, flipped
                axis.update(range=list(axis["range"])[::-1], autorange=False)
        for axis in _axes(layout, "y"):
            axis["side"] = "right"
        _rtl_texts(spec)
    return go.Figure(spec, _validate=False)


def _percent(values: Iterable[float | None]) -> list[float | None]:
    """Ratios in 0..1 as percentages for an axis; None stays a gap."""
    return [None if v is None else v * 100 for v in values]


def _decile_labels(deciles: Iterable[int], lang: str) -> list[str]:
    return [calendar.digits(d, lang) for d in deciles]


def _day_month(day: dt.date, lang: str) -> str:
    """'۱۷ دی': a week's short tick label (the hover gives the year)."""
    j = calendar.to_jalali(day)
    months = calendar.MONTHS_FA if lang == "fa" else calendar.MONTHS_EN
    return calendar.digits(f"{j.day} {months[j.month - 1]}", lang)


def _toman(value: float | None, lang: str) -> str:
    return i18n.t("chart.toman_amount", lang, v=i18n.compact(value, lang))


def _zero(values: Iterable[float | None]) -> bool:
    """True when no value is there or none differs from zero."""
    return all(not v for v in values)


# Why a builder has nothing to draw: the i18n key, or None when it has something.


def _why_deciles(table: pl.DataFrame) -> str | None:
    if table["households"].sum() == 0:
        return "chart.no_households"
    if table["released_toman"].sum() == 0:
        return "chart.no_credit"
    return None


def _why_topup(table: pl.DataFrame) -> str | None:
    if why := _why_deciles(table):
        return why
    return "chart.no_purchases" if table["topup_share"].is_null().all() else None


def _why_heatmap(cells: pl.DataFrame, areas: pl.DataFrame) -> str | None:
    if cells["uptake"].is_not_null().any():
        return None
    return "chart.no_households" if areas["households"].sum() == 0 else "chart.no_credit"


def _why_waves(curves: pl.DataFrame) -> str | None:
    return "chart.no_waves" if curves.is_empty() else None


def _why_months(months: pl.DataFrame) -> str | None:
    return "chart.no_credit" if _zero(months["released_toman"]) else None


def _why_basket(items: pl.DataFrame) -> str | None:
    return "chart.no_purchases_area" if _zero(items["share"]) else None


def _why_balance(table: pl.DataFrame) -> str | None:
    return "chart.no_credit_area" if table.is_empty() else None


def _why_provinces(provinces: pl.DataFrame) -> str | None:
    return "chart.no_stores" if _zero(provinces["stores_per_10k"]) else None


def _why_trend(weeks: pl.DataFrame) -> str | None:
    if weeks.is_empty():
        return "chart.no_complaints"
    return "chart.none_judged" if weeks["compliance"].is_null().all() else None


def _why_histogram(hours: pl.DataFrame) -> str | None:
    return "chart.none_dispatched" if _zero(hours["complaints"]) else None


def _why_sanctions(weeks: pl.DataFrame) -> str | None:
    columns = ("unfounded", "warning", "terminal_cut", "tazirat_referral")
    return "chart.none_closed" if all(_zero(weeks[c]) for c in columns) else None


def decile_bars(table: pl.DataFrame, lang: str) -> go.Figure | None:
    """Uptake and reach by decile, side by side, in percent."""
    if _why_deciles(table):
        return None
    x = _decile_labels(table["decile"], lang)
    across = _slot_px(HALF_PX, table.height, 2)
    fig = go.Figure()
    for column, colour in (("uptake", TEAL), ("reach", AMBER)):
        values = table[column].to_list()
        name = i18n.t(f"uptake.{column}", lang)
        fig.add_bar(
            x=x,
            y=_percent(values),
            name=name,
            marker_color=colour,
            **_bar_text([i18n.percent(v, lang, 0) for v in values], across),
            hovertext=[
                f"{i18n.t('chart.decile_n', lang, n=d)}: {i18n.percent(v, lang)}"
                for d, v in zip(x, values, strict=True)
            ],
            hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>",
        )
    top = _top(_percent(table["uptake"]), _percent(table["reach"]))
    fig.update_layout(barmode="group", xaxis_title=i18n.t("uptake.decile", lang))
    fig.update_yaxes(**_value_axis(top, lambda v: _tick_percent(v, lang), room=TOP_ROOM))
    fig.update_xaxes(type="category")
    return _layout(fig, lang)


def topup_bars(table: pl.DataFrame, lang: str) -> go.Figure | None:
    """Top-up share (cash / (credit + cash)) by decile."""
    if _why_topup(table):
        return None
    values = table["topup_share"].to_list()
    x = _decile_labels(table["decile"], lang)
    fig = go.Figure(
        go.Bar(
            x=x,
            y=_percent(values),
            marker_color=SLATE,
            **_bar_text([i18n.percent(v, lang, 0) for v in values], _slot_px(HALF_PX, len(x))),
            hovertext=[
                f"{i18n.t('chart.decile_n', lang, n=d)}: {i18n.percent(v, lang)}"
                for d, v in zip(x, values, strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_layout(xaxis_title=i18n.t("uptake.decile", lang))
    top = _top(_percent(values))
    fig.update_yaxes(**_value_axis(top, lambda v: _tick_percent(v, lang), room=TOP_ROOM))
    fig.update_xaxes(type="category")
    return _layout(fig, lang)


def heatmap(cells: pl.DataFrame, areas: pl.DataFrame, lang: str) -> go.Figure | None:
    """Area x decile uptake as coloured squares, laggards on top; a square can be clicked
    (a scatter, so that Streamlit's point selection works), its customdata the area code."""
    if _why_heatmap(cells, areas):
        return None
    name = i18n.local_column("area_name", lang)
    order = areas.select("area_code", name).with_row_index("rank")
    data = cells.join(order, on="area_code").filter(pl.col("uptake").is_not_null())
    y_labels = order[name].to_list()
    x = _decile_labels(data["decile"], lang)
    ticks = [0, 20, 40, 60, 80, 100]
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=data[name].to_list(),
            mode="markers",
            marker={
                "symbol": "square",
                "size": 22,
                "color": (data["uptake"] * 100).to_list(),
                "colorscale": [[0, ROSE], [0.5, "#fde68a"], [1, TEAL]],
                "cmin": 0,
                "cmax": 100,
                "colorbar": {
                    "thickness": 12,
                    "tickmode": "array",
                    "tickvals": ticks,
                    "ticktext": [_tick_percent(v, lang) for v in ticks],
                    "tickfont": {"family": FONT, "size": FONT_PX},
                }
                | ({"x": -0.08, "xanchor": "right"} if lang == "fa" else {}),
            },
            customdata=data["area_code"].to_list(),
            hovertext=[
                i18n.joined((area, i18n.t("chart.decile_n", lang, n=d)), lang)
                + f": {i18n.percent(v, lang)}"
                for area, d, v in zip(data[name], x, data["uptake"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        ),
        layout={  # given whole: update_xaxes on a figure parsed each category's path (0.2 s)
            "yaxis": {
                "categoryorder": "array",
                "categoryarray": y_labels[::-1],
                "type": "category",
            },
            "xaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": _decile_labels(sorted(set(data["decile"])), lang),
                "title": {"text": i18n.t("uptake.decile", lang)},
            },
        },  # fmt: skip
    )
    return _layout(fig, lang, height=max(260, ROW_PX * len(y_labels) + 100))


def wave_lines(curves: pl.DataFrame, lang: str) -> go.Figure | None:
    """Cumulative reach by days since each wave opened; each line named with its opening date."""
    if _why_waves(curves):
        return None
    fig = go.Figure()
    label = i18n.local_column("label", lang)
    for index, wave in enumerate(curves.partition_by("wave_id", maintain_order=True)):
        opened = calendar.format_date(wave["opens_on"][0], lang)
        fig.add_scatter(
            x=wave["days_since"].to_list(),
            y=(wave["reach"] * 100).to_list(),
            mode="lines",
            name=f"{wave[label][0]} ({opened})",
            line={"color": WAVE_COLOURS[index % len(WAVE_COLOURS)], "width": 2.5},
            cliponaxis=False,
            hovertext=[
                f"{i18n.t('chart.day_n', lang, n=i18n.number(d, lang))}: {i18n.percent(r, lang)}"
                for d, r in zip(wave["days_since"], wave["reach"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>",
        )
    days = _value_axis(curves["days_since"].max(), lambda v: _plain(v, lang), integer=True)
    fig.update_xaxes(title=i18n.t("uptake.days_since", lang), **days)
    top = _top(_percent(curves["reach"]))
    fig.update_yaxes(**_value_axis(top, lambda v: _tick_percent(v, lang)))
    return _layout(fig, lang, height=380)


def month_bars(months: pl.DataFrame, lang: str) -> go.Figure | None:
    """Released and spent per programme month, with the balance carried over as a line."""
    if _why_months(months):
        return None
    long = [calendar.format_month(m, lang) for m in months["month"]]
    across = _slot_px(HALF_PX, months.height, 2)
    fig = go.Figure()
    series = (("released_toman", TEAL), ("spent_toman", AMBER))
    for column, colour in series:
        fig.add_bar(
            x=long,
            y=months[column].to_list(),
            name=i18n.t(f"uptake.{column}", lang),
            marker_color=colour,
            **_bar_text([i18n.compact(v, lang) for v in months[column]], across),
            hovertext=[
                f"{m}: {_toman(v, lang)}" for m, v in zip(long, months[column], strict=True)
            ],
            hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>",
        )
    fig.add_scatter(
        x=long,
        y=months["balance_toman"].to_list(),
        name=i18n.t("uptake.balance_toman", lang),
        mode="lines+markers",
        line={"color": ROSE, "width": 2.5},
        cliponaxis=False,
        hovertext=[
            f"{m}: {_toman(v, lang)}" for m, v in zip(long, months["balance_toman"], strict=True)
        ],
        hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>",
    )
    top = _top(months["released_toman"], months["spent_toman"], months["balance_toman"])
    fig.update_layout(barmode="group")
    fig.update_xaxes(**_category_axis(long, HALF_PX))
    fig.update_yaxes(**_money_axis(top, lang, room=TOP_ROOM))
    return _layout(fig, lang)


def basket_bars(items: pl.DataFrame, lang: str) -> go.Figure | None:
    """The basket over the 11 items by value, largest first."""
    if _why_basket(items):
        return None
    name = i18n.local_column("name", lang)
    ordered = items.sort("value_toman")
    texts = [i18n.percent(v, lang) for v in ordered["share"]]
    labels, room = _side_text(texts, FULL_PX)
    fig = go.Figure(
        go.Bar(
            x=_percent(ordered["share"]),
            y=ordered[name].to_list(),
            orientation="h",
            marker_color=TEAL,
            **labels,
            hovertext=[
                f"{item}: " + i18n.joined((share, _toman(value, lang)), lang)
                for item, share, value in zip(
                    ordered[name], texts, ordered["value_toman"], strict=True
                )
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    top = _top(_percent(ordered["share"]))
    fig.update_xaxes(**_value_axis(top, lambda v: _tick_percent(v, lang), room=room))
    fig.update_yaxes(type="category")
    return _layout(fig, lang, height=max(300, ROW_PX * ordered.height + 80))


def balance_bars(table: pl.DataFrame, lang: str) -> go.Figure | None:
    """Unspent credit by the programme month it was given (oldest first), with its share."""
    if _why_balance(table):
        return None
    long = [calendar.format_month(m, lang) for m in table["month"]]
    shares = [i18n.percent(s, lang, 0) for s in table["unspent_share"]]
    fig = go.Figure(
        go.Bar(
            x=long,
            y=table["unspent_toman"].to_list(),
            marker_color=ROSE,
            **_bar_text(shares, _slot_px(HALF_PX, table.height)),
            hovertext=[
                f"{m}: {_toman(v, lang)} ({s})"
                for m, v, s in zip(long, table["unspent_toman"], shares, strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_xaxes(**_category_axis(long, HALF_PX))
    fig.update_yaxes(**_money_axis(_top(table["unspent_toman"]), lang, room=TOP_ROOM))
    return _layout(fig, lang)


def _why_method_two(table: pl.DataFrame) -> str | None:
    if table["households_with_credit"].sum() == 0:
        return "chart.no_households"
    return "chart.no_registrations" if table["registered"].sum() == 0 else None


def _why_pending(bands: pl.DataFrame) -> str | None:
    return "chart.none_pending" if _zero(bands["pending"]) else None


def method_two_bars(table: pl.DataFrame, lang: str) -> go.Figure | None:
    """Method two's registration rate (registered / households with credit) by decile."""
    if _why_method_two(table):
        return None
    x = _decile_labels(table["decile"], lang)
    values = table["registration_rate"].to_list()
    fig = go.Figure(
        go.Bar(
            x=x,
            y=_percent(values),
            marker_color=TEAL,
            **_bar_text([i18n.percent(v, lang, 1) for v in values], _slot_px(HALF_PX, len(x))),
            hovertext=[
                f"{i18n.t('chart.decile_n', lang, n=d)}: {i18n.percent(v, lang)}"
                for d, v in zip(x, values, strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_xaxes(type="category", title=i18n.t("uptake.decile", lang))
    top = _top(_percent(values))
    fig.update_yaxes(**_value_axis(top, lambda v: _tick_percent(v, lang), room=TOP_ROOM))
    return _layout(fig, lang)


def pending_age_bars(bands: pl.DataFrame, lang: str) -> go.Figure | None:
    """Method-two registrations pending at the as-of moment by days since registering, those
    past the delivery target stacked apart."""
    if _why_pending(bands):
        return None

    def band_text(low: int, high: int | None, key: str) -> str:
        if high is None:
            return i18n.t(f"{key}_over", lang, n=i18n.number(low, lang))
        return i18n.t(key, lang, lo=i18n.number(low, lang), hi=i18n.number(high, lang))

    bounds = list(zip(bands["low_days"], bands["high_days"], strict=True))
    x = [band_text(lo, hi, "chart.days_between") for lo, hi in bounds]
    short = [band_text(lo, hi, "chart.days_short") for lo, hi in bounds]
    within = (bands["pending"] - bands["pending_overdue"]).to_list()
    fig = go.Figure()
    for name, values, colour in (
        ("chart.within_target", within, SLATE),
        ("chart.past_target", bands["pending_overdue"].to_list(), ROSE),
    ):
        fig.add_bar(
            x=x,
            y=values,
            name=i18n.t(name, lang),
            marker_color=colour,
            textposition="none",
            hovertext=[f"{b}: {i18n.number(v, lang)}" for b, v in zip(x, values, strict=True)],
            hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>",
        )  # fmt: skip
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=i18n.t("chart.days_pending", lang), **_category_axis(x, HALF_PX, short))
    top = _top(bands["pending"])
    fig.update_yaxes(**_value_axis(top, lambda v: amount(v, lang, 1e6), integer=True))
    return _layout(fig, lang)


def province_store_bars(provinces: pl.DataFrame, lang: str) -> go.Figure | None:
    """Per province: active stores per 10,000 residents and the share of villages with no
    store within R km, side by side, provinces ranked by density. In Persian density stands on
    the right with the province names at the outer edge, so no label meets the other panel."""
    if _why_provinces(provinces):
        return None
    name = i18n.local_column("name", lang)
    ordered = provinces.sort("stores_per_10k")
    panels = (
        ("stores_per_10k", TEAL, ordered["stores_per_10k"].to_list(), lambda v: _plain(v, lang),
         [i18n.number(v, lang, 1) for v in ordered["stores_per_10k"]]),
        ("uncovered_share", ROSE, _percent(ordered["uncovered_share"]),
         lambda v: _tick_percent(v, lang),
         [i18n.percent(v, lang) for v in ordered["uncovered_share"]]),
    )[:: -1 if lang == "fa" else 1]  # fmt: skip
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        subplot_titles=[i18n.t(f"col.{panel[0]}", lang) for panel in panels],
    )
    for col, (_, colour, values, tick, texts) in enumerate(panels, start=1):
        labels, room = _side_text(texts, FULL_PX / 2)
        fig.add_bar(
            x=values,
            y=ordered[name].to_list(),
            orientation="h",
            marker_color=colour,
            **labels,
            hovertext=[f"{p}: {v}" for p, v in zip(ordered[name], texts, strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
            row=1,
            col=col,
        )
        fig.update_xaxes(**_value_axis(_top(values), tick, room=room), row=1, col=col)
    fig.update_layout(showlegend=False)
    fig.update_yaxes(type="category")
    if lang == "fa":
        fig.update_yaxes(showticklabels=False, row=1, col=1)
        fig.update_yaxes(showticklabels=True, row=1, col=2)
    return _layout(fig, lang, height=max(360, ROW_PX * ordered.height + 100))


def compliance_trend(weeks: pl.DataFrame, lang: str) -> go.Figure | None:
    """Target compliance of the complaints filed each week (weeks start on Saturday)."""
    if _why_trend(weeks):
        return None
    long = [calendar.format_date(w, lang) for w in weeks["week"]]
    fig = go.Figure(
        go.Scatter(
            x=long,
            y=_percent(weeks["compliance"]),
            mode="lines+markers",
            line={"color": TEAL, "width": 2.5},
            cliponaxis=False,
            hovertext=[
                f"{w}: {i18n.percent(v, lang)}"
                for w, v in zip(long, weeks["compliance"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    short = [_day_month(w, lang) for w in weeks["week"]]
    fig.update_xaxes(
        title=i18n.t("complaints.week_of", lang), **_category_axis(long, HALF_PX, short)
    )
    fig.update_yaxes(**_value_axis(100, lambda v: _tick_percent(v, lang)))
    return _layout(fig, lang)


def dispatch_histogram(
    hours: pl.DataFrame, target_h: float, cap_h: int, lang: str
) -> go.Figure | None:
    """Complaints by whole hours from filing to dispatch, with the target drawn as a line."""
    if _why_histogram(hours):
        return None

    def hour_text(h: int) -> str:
        key = "chart.hours_or_more" if h >= cap_h else "chart.hours_n"
        return i18n.t(key, lang, h=i18n.number(h, lang))

    fig = go.Figure(
        go.Bar(
            x=hours["hour"].to_list(),
            y=hours["complaints"].to_list(),
            marker_color=[TEAL if h < target_h else ROSE for h in hours["hour"]],
            textposition="none",
            hovertext=[
                f"{hour_text(h)}: {i18n.t('chart.complaints_n', lang, n=i18n.number(n, lang))}"
                for h, n in zip(hours["hour"], hours["complaints"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.add_vline(
        x=target_h,
        line={"color": SLATE, "dash": "dash", "width": 2},
        annotation_text=i18n.t(
            "complaints.target_line", lang, h=calendar.digits(int(target_h), lang)
        ),
    )
    ticks = list(range(0, cap_h + 1, 12))
    fig.update_xaxes(
        title=i18n.t("complaints.hours", lang, cap=calendar.digits(cap_h, lang)),
        tickmode="array",
        tickvals=ticks,
        ticktext=[i18n.number(h, lang) for h in ticks],
        range=[-1, cap_h + 1],
    )
    count = _top(hours["complaints"])
    fig.update_yaxes(**_value_axis(count, lambda v: amount(v, lang, 1e6), integer=True))
    return _layout(fig, lang)


def sanction_bars(weeks: pl.DataFrame, lang: str) -> go.Figure | None:
    """Complaints closed per week by outcome and action, stacked."""
    if _why_sanctions(weeks):
        return None
    long = [calendar.format_date(w, lang) for w in weeks["week"]]
    fig = go.Figure()
    colours = {"unfounded": "#94a3b8", "warning": AMBER, "terminal_cut": ROSE,
               "tazirat_referral": "#7c3aed"}  # fmt: skip
    for column, colour in colours.items():
        fig.add_bar(
            x=long,
            y=weeks[column].to_list(),
            name=i18n.t(f"sanction.{column}", lang),
            marker_color=colour,
            textposition="none",
            hovertext=[
                f"{w}: {i18n.number(n, lang)}" for w, n in zip(long, weeks[column], strict=True)
            ],
            hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>",
        )
    top = weeks.select(pl.sum_horizontal(list(colours)).max()).item()
    short = [_day_month(w, lang) for w in weeks["week"]]
    fig.update_layout(barmode="stack")
    fig.update_xaxes(
        title=i18n.t("complaints.week_of", lang), **_category_axis(long, FULL_PX, short)
    )
    fig.update_yaxes(**_value_axis(top, lambda v: amount(v, lang, 1e6), integer=True))
    return _layout(fig, lang)


def _why_risk_days(days: pl.DataFrame, *_: pl.DataFrame) -> str | None:
    return "chart.why_risk_days" if days.is_empty() else None


def risk_daily(days: pl.DataFrame, peers: pl.DataFrame, lang: str) -> go.Figure | None:
    """A store's credit sales per day (days it sold nothing at 0) and its peers' average day."""
    if _why_risk_days(days):
        return None
    span = pl.DataFrame({"day": pl.date_range(days["day"].min(), days["day"].max(), eager=True)})
    own = span.join(days.select("day", "credit_toman"), on="day", how="left").fill_null(0)
    theirs = span.join(peers, on="day", how="left").fill_null(0)
    long = [calendar.format_date(d, lang) for d in own["day"]]
    fig = go.Figure()
    for name, frame, colour in (
        ("risk.store_line", own, ROSE),
        ("risk.peer_line", theirs, SLATE),
    ):
        values = frame["credit_toman"].to_list()
        fig.add_trace(go.Scatter(
            x=long, y=values, mode="lines", name=i18n.t(name, lang),
            line={"color": colour, "width": 2}, hovertemplate="%{hovertext}<extra></extra>",
            hovertext=[f"{d}: {_toman(v, lang)}" for d, v in zip(long, values, strict=True)],
        ))  # fmt: skip
    top = _top(own["credit_toman"], theirs["credit_toman"])
    short = [_day_month(d, lang) for d in own["day"]]
    fig.update_xaxes(**_category_axis(long, HALF_PX, short))
    fig.update_yaxes(**_money_axis(top, lang))
    return _layout(fig, lang)


def _why_risk_hours(hours: pl.DataFrame) -> str | None:
    return "chart.why_risk_days" if _zero(hours["purchases"]) else None


def risk_hours(hours: pl.DataFrame, open_hour: int, close_hour: int, lang: str) -> go.Figure | None:
    """A store's purchases by hour of the day, the hours it should be closed in rose."""
    if _why_risk_hours(hours):
        return None
    labels = [calendar.digits(f"{h:02d}", lang) for h in hours["hour"]]
    closed = [h < open_hour or h >= close_hour for h in hours["hour"]]
    counts = hours["purchases"].to_list()
    fig = go.Figure(go.Bar(
        x=labels, y=counts, marker_color=[ROSE if c else TEAL for c in closed],
        hovertext=[f"{x}: {i18n.number(v, lang)}" for x, v in zip(labels, counts, strict=True)],
        hovertemplate="%{hovertext}<extra></extra>",
    ))  # fmt: skip
    fig.update_xaxes(**_category_axis(labels, HALF_PX))
    fig.update_yaxes(**_value_axis(_top(counts), lambda v: _plain(v, lang), integer=True))
    return _layout(fig, lang)


RISK_MARKS = {"drained": "drain", "round_credit": "round", "repeated": "repeat",
              "burst": "burst", "far": "far", "night": "night"}  # fmt: skip


def risk_weeks(weeks: pl.DataFrame, lang: str) -> go.Figure | None:
    """A store's purchases showing each pattern, week by week (weeks from Saturday)."""
    if _why_risk_days(weeks):
        return None
    long = [calendar.format_date(w, lang) for w in weeks["week"]]
    fig = go.Figure()
    for column, colour in zip(RISK_MARKS, WAVE_COLOURS, strict=True):
        values = weeks[column].to_list()
        if _zero(values):
            continue
        name = i18n.t(f"pattern.{RISK_MARKS[column]}", lang)
        fig.add_trace(go.Scatter(
            x=long, y=values, mode="lines+markers", name=name, line={"color": colour},
            hovertext=[i18n.joined((name, w), lang) + f": {i18n.number(v, lang)}"
                       for w, v in zip(long, values, strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))  # fmt: skip
    short = [_day_month(w, lang) for w in weeks["week"]]
    fig.update_xaxes(
        title=i18n.t("complaints.week_of", lang), **_category_axis(long, HALF_PX, short)
    )
    top = _top(*[weeks[c] for c in RISK_MARKS])
    fig.update_yaxes(**_value_axis(max(top, 1), lambda v: _plain(v, lang), integer=True))
    return _layout(fig, lang)


_EMPTY: dict[Callable[..., go.Figure | None], Callable[..., str | None]] = {
    risk_daily: _why_risk_days,
    risk_hours: _why_risk_hours,
    risk_weeks: _why_risk_days,
    decile_bars: _why_deciles,
    topup_bars: _why_topup,
    heatmap: _why_heatmap,
    wave_lines: _why_waves,
    month_bars: _why_months,
    basket_bars: _why_basket,
    balance_bars: _why_balance,
    province_store_bars: _why_provinces,
    method_two_bars: _why_method_two,
    pending_age_bars: _why_pending,
    compliance_trend: _why_trend,
    dispatch_histogram: _why_histogram,
    sanction_bars: _why_sanctions,
}
# Charts whose queries have no decile or group (queries/*.py), with the note that says so.
NOTES: dict[Callable[..., go.Figure | None], str] = {
    basket_bars: "chart.note.households",
    balance_bars: "chart.note.households",
    province_store_bars: "chart.note.stores",
    compliance_trend: "chart.note.complaints",
    dispatch_histogram: "chart.note.complaints",
    sanction_bars: "chart.note.complaints",
}


def empty_reason(builder: Callable[..., go.Figure | None], *tables: pl.DataFrame) -> str | None:
    """The i18n key of the sentence to show instead of builder's chart for these tables (the
    ones the builder takes, in its order), or None when it has something to draw."""
    return _EMPTY[builder](*tables)


def filter_note(builder: Callable[..., go.Figure | None], f: Filters) -> str | None:
    """The i18n key of a caption for builder's chart when f narrows deciles or the group and
    the chart ignores them; None otherwise."""
    narrowed = not f.all_deciles or f.group is not None
    return NOTES.get(builder) if narrowed else None
