"""The store-risk scan's reasons in words: each raised pattern's figure beside its peers'."""

from __future__ import annotations

from dashboard import calendar, i18n, risk
from dashboard.settings import Settings


def reasons(row: dict, settings: Settings, lang: str) -> list[str]:
    """One sentence per pattern the store raises (a row of dashboard.risk.scan), in
    dashboard.risk.PATTERNS order: its figure and the peers' ("47% of its purchases emptied
    the household's balance; peers in the county: 6%")."""
    rules = {
        "minutes": i18n.number(settings.risk_repeat_minutes, lang),
        "cards": i18n.number(settings.risk_burst_cards, lang),
        "slot": i18n.number(settings.risk_burst_minutes, lang),
        "km": i18n.number(settings.risk_far_km, lang),
        "open": calendar.digits(f"{settings.risk_open_hour:02d}:00", lang),
        "close": calendar.digits(f"{settings.risk_close_hour:02d}:00", lang),
    }
    peers = i18n.t(f"risk.peers.{row['peer_area']}", lang)
    out = []
    for pattern in risk.PATTERNS:
        if not row[f"{pattern}_raised"]:
            continue
        if pattern == "cut_selling":
            values = {
                "date": calendar.format_date(row["status_since"], lang),
                "n": i18n.number(row["cut_purchases"], lang),
                "credit": i18n.compact(row["cut_credit_toman"], lang),
            }
        elif pattern == "volume":
            values = {
                "figure": i18n.compact(row["volume_figure"], lang),
                "peers": i18n.compact(row["volume_peers"], lang),
            }
        else:
            values = {
                "figure": i18n.percent(row[f"{pattern}_figure"], lang, 0),
                "peers": i18n.percent(_compared(row, pattern, settings), lang, 0),
            }
        out.append(i18n.t(f"risk.reason.{pattern}", lang, who=peers, **values, **rules))
    return out


def _compared(row: dict, pattern: str, settings: Settings) -> float:
    """The share a store's is set against: its peers', or the floor where it has none."""
    return settings.risk_rate_floor if row["peer_area"] == "none" else row[f"{pattern}_peers"]


def short(row: dict, settings: Settings, lang: str) -> str:
    """The raised patterns in a few words each, with the store's figure and the peers' ("Burst
    of cards 100% (peers 0%); Far buyers 30% (peers 0%)"): a cell of the list."""
    parts = []
    for pattern in risk.PATTERNS:
        if not row[f"{pattern}_raised"]:
            continue
        name = i18n.t(f"pattern.{pattern}", lang)
        if pattern == "cut_selling":
            figure = i18n.t("risk.short.cut", lang, n=i18n.number(row["cut_purchases"], lang))
        elif pattern == "volume":
            figure = i18n.t("risk.short.volume", lang,
                            figure=i18n.compact(row["volume_figure"], lang),
                            peers=i18n.compact(row["volume_peers"], lang))  # fmt: skip
        else:
            share = i18n.percent(row[f"{pattern}_figure"], lang, 0)
            compared = i18n.percent(_compared(row, pattern, settings), lang, 0)
            figure = i18n.t("risk.short.share", lang, figure=share, peers=compared)
        parts.append(f"{name} {figure}")
    return ("؛ " if lang == "fa" else "; ").join(parts)
