"""Plotly figure builders; they return figures and never call streamlit.

In Persian the category and day axes run right to left (decile 1 and day 0 on the right).
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard import calendar, i18n

TEAL, AMBER, SLATE, ROSE = "#0f766e", "#d97706", "#475569", "#be123c"
WAVE_COLOURS = ("#0f766e", "#2563eb", "#d97706", "#7c3aed", "#be123c", "#475569")


def _layout(fig: go.Figure, lang: str, height: int = 360) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": 1.12, "x": 1 if lang == "fa" else 0,
                "xanchor": "right" if lang == "fa" else "left"},
        hoverlabel={"align": "right" if lang == "fa" else "left"},
    )  # fmt: skip
    if lang == "fa":
        fig.update_xaxes(autorange="reversed")
        fig.update_yaxes(side="right")
    return fig


def _percent(values) -> list[float | None]:
    """Ratios in 0..1 as percentages for an axis; None stays a gap."""
    return [None if v is None else v * 100 for v in values]


def _decile_labels(deciles: pl.Series, lang: str) -> list[str]:
    return [calendar.digits(d, lang) for d in deciles]


def decile_bars(table: pl.DataFrame, lang: str) -> go.Figure:
    """Uptake and reach by decile, side by side, in percent."""
    x = _decile_labels(table["decile"], lang)
    fig = go.Figure()
    for column, colour in (("uptake", TEAL), ("reach", AMBER)):
        values = table[column].to_list()
        fig.add_bar(
            x=x,
            y=_percent(values),
            name=i18n.t(f"uptake.{column}", lang),
            marker_color=colour,
            text=[i18n.percent(v, lang, 0) for v in values],
            textposition="outside",
            hovertemplate="%{text}<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(barmode="group", xaxis_title=i18n.t("uptake.decile", lang))
    fig.update_yaxes(range=[0, 105], ticksuffix="%", title=None)
    fig.update_xaxes(type="category")
    return _layout(fig, lang)


def topup_bars(table: pl.DataFrame, lang: str) -> go.Figure:
    """Top-up share (cash / (credit + cash)) by decile."""
    values = table["topup_share"].to_list()
    fig = go.Figure(
        go.Bar(
            x=_decile_labels(table["decile"], lang),
            y=_percent(values),
            marker_color=SLATE,
            text=[i18n.percent(v, lang) for v in values],
            textposition="outside",
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_layout(xaxis_title=i18n.t("uptake.decile", lang))
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    fig.update_xaxes(type="category")
    return _layout(fig, lang)


def heatmap(cells: pl.DataFrame, areas: pl.DataFrame, lang: str) -> go.Figure:
    """Area x decile uptake as coloured squares, laggards on top; a square can be clicked
    (a scatter, so that Streamlit's point selection works), its customdata the area code."""
    name = i18n.local_column("area_name", lang)
    order = areas.select("area_code", name).with_row_index("rank")
    data = cells.join(order, on="area_code").filter(pl.col("uptake").is_not_null())
    y_labels = order[name].to_list()
    fig = go.Figure(
        go.Scatter(
            x=_decile_labels(data["decile"], lang),
            y=data[name].to_list(),
            mode="markers",
            marker={
                "symbol": "square",
                "size": 22,
                "color": (data["uptake"] * 100).to_list(),
                "colorscale": [[0, ROSE], [0.5, "#fde68a"], [1, TEAL]],
                "cmin": 0,
                "cmax": 100,
                "colorbar": {"ticksuffix": "%", "thickness": 12}
                | ({"x": -0.08, "xanchor": "right"} if lang == "fa" else {}),
            },
            customdata=data["area_code"].to_list(),
            text=[i18n.percent(v, lang) for v in data["uptake"]],
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=y_labels[::-1], type="category")
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=_decile_labels(pl.Series(range(1, 11)), lang),
        title=i18n.t("uptake.decile", lang),
    )
    return _layout(fig, lang, height=max(260, 26 * len(y_labels) + 90))


def wave_lines(curves: pl.DataFrame, lang: str) -> go.Figure:
    """Cumulative reach by days since each wave opened; each line named with its opening date."""
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
            hovertemplate="%{x}: %{y:.1f}%<extra>%{fullData.name}</extra>",
        )
    fig.update_xaxes(title=i18n.t("uptake.days_since", lang), rangemode="tozero")
    fig.update_yaxes(ticksuffix="%", range=[0, 100])
    return _layout(fig, lang, height=380)


def month_bars(months: pl.DataFrame, lang: str) -> go.Figure:
    """Released and spent per programme month, with the balance carried over as a line."""
    x = [calendar.format_month(m, lang) for m in months["month"]]
    fig = go.Figure()
    series = (("released_toman", TEAL), ("spent_toman", AMBER))
    for column, colour in series:
        fig.add_bar(
            x=x,
            y=months[column].to_list(),
            name=i18n.t(f"uptake.{column}", lang),
            marker_color=colour,
            text=[i18n.compact(v, lang) for v in months[column]],
            hovertemplate="%{text}<extra>%{fullData.name}</extra>",
        )
    fig.add_scatter(
        x=x,
        y=months["balance_toman"].to_list(),
        name=i18n.t("uptake.balance_toman", lang),
        mode="lines+markers",
        line={"color": ROSE, "width": 2.5},
        text=[i18n.compact(v, lang) for v in months["balance_toman"]],
        hovertemplate="%{text}<extra>%{fullData.name}</extra>",
    )
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category")
    return _layout(fig, lang)


def basket_bars(items: pl.DataFrame, lang: str) -> go.Figure:
    """The basket over the 11 items by value, largest first."""
    name = i18n.local_column("name", lang)
    ordered = items.sort("value_toman")
    fig = go.Figure(
        go.Bar(
            x=_percent(ordered["share"]),
            y=ordered[name].to_list(),
            orientation="h",
            marker_color=TEAL,
            text=[i18n.percent(v, lang) for v in ordered["share"]],
            textposition="outside",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(ticksuffix="%", rangemode="tozero")
    fig.update_yaxes(type="category")
    return _layout(fig, lang, height=380)


def balance_bars(table: pl.DataFrame, lang: str) -> go.Figure:
    """Unspent credit by the programme month it was given (oldest first), with its share."""
    fig = go.Figure(
        go.Bar(
            x=[calendar.format_month(m, lang) for m in table["month"]],
            y=table["unspent_toman"].to_list(),
            marker_color=ROSE,
            text=[
                f"{i18n.compact(v, lang)} ({i18n.percent(s, lang, 0)})"
                for v, s in zip(table["unspent_toman"], table["unspent_share"], strict=True)
            ],
            textposition="outside",
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(rangemode="tozero")
    return _layout(fig, lang)


def province_store_bars(provinces: pl.DataFrame, lang: str) -> go.Figure:
    """Per province: active stores per 10,000 residents and the share of villages with no
    store within R km, side by side, provinces ranked by density."""
    name = i18n.local_column("name", lang)
    ordered = provinces.sort("stores_per_10k")
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        subplot_titles=(i18n.t("col.stores_per_10k", lang), i18n.t("col.uncovered_share", lang)),
    )
    fig.add_bar(
        x=ordered["stores_per_10k"].to_list(),
        y=ordered[name].to_list(),
        orientation="h",
        marker_color=TEAL,
        text=[i18n.number(v, lang, 1) for v in ordered["stores_per_10k"]],
        hovertemplate="%{y}: %{text}<extra></extra>",
        row=1,
        col=1,
    )
    fig.add_bar(
        x=_percent(ordered["uncovered_share"]),
        y=ordered[name].to_list(),
        orientation="h",
        marker_color=ROSE,
        text=[i18n.percent(v, lang) for v in ordered["uncovered_share"]],
        hovertemplate="%{y}: %{text}<extra></extra>",
        row=1,
        col=2,
    )
    fig.update_layout(showlegend=False)
    fig.update_xaxes(ticksuffix="%", col=2)
    return _layout(fig, lang, height=max(360, 22 * ordered.height + 80))


def compliance_trend(weeks: pl.DataFrame, lang: str) -> go.Figure:
    """Target compliance of the complaints filed each week (weeks start on Saturday)."""
    x = [calendar.format_date(w, lang) for w in weeks["week"]]
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=_percent(weeks["compliance"]),
            mode="lines+markers",
            line={"color": TEAL, "width": 2.5},
            text=[i18n.percent(v, lang) for v in weeks["compliance"]],
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(type="category", title=i18n.t("complaints.week_of", lang))
    fig.update_yaxes(ticksuffix="%", range=[0, 105])
    return _layout(fig, lang)


def dispatch_histogram(hours: pl.DataFrame, target_h: float, cap_h: int, lang: str) -> go.Figure:
    """Complaints by whole hours from filing to dispatch, with the target drawn as a line."""
    fig = go.Figure(
        go.Bar(
            x=hours["hour"].to_list(),
            y=hours["complaints"].to_list(),
            marker_color=[TEAL if h < target_h else ROSE for h in hours["hour"]],
            hovertemplate="%{x} h: %{y}<extra></extra>",
        )
    )
    fig.add_vline(
        x=target_h,
        line={"color": SLATE, "dash": "dash", "width": 2},
        annotation_text=i18n.t(
            "complaints.target_line", lang, h=calendar.digits(int(target_h), lang)
        ),
    )
    fig.update_xaxes(title=i18n.t("complaints.hours", lang, cap=calendar.digits(cap_h, lang)))
    return _layout(fig, lang)


def sanction_bars(weeks: pl.DataFrame, lang: str) -> go.Figure:
    """Complaints closed per week by outcome and action, stacked."""
    x = [calendar.format_date(w, lang) for w in weeks["week"]]
    fig = go.Figure()
    colours = {"unfounded": "#94a3b8", "warning": AMBER, "terminal_cut": ROSE,
               "tazirat_referral": "#7c3aed"}  # fmt: skip
    for column, colour in colours.items():
        fig.add_bar(
            x=x,
            y=weeks[column].to_list(),
            name=i18n.t(f"sanction.{column}", lang),
            marker_color=colour,
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", title=i18n.t("complaints.week_of", lang))
    return _layout(fig, lang)
