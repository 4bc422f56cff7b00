"""How each Overview figure and task indicator reads on screen: counts, toman amounts,
ratios, and their changes."""

from __future__ import annotations

from dashboard import i18n, text

FORMATS = {  # how each figure reads: count, money or ratio
    "households": "count",
    "members": "count",
    "released_toman": "money",
    "spent_toman": "money",
    "uptake": "ratio",
    "reach": "ratio",
    "active_stores": "count",
    "dispatch_compliance": "ratio",
    "overdue_tasks": "count",
    "uncovered_villages": "count",
}
# a rise is bad news for these
RISE_IS_BAD = frozenset({"overdue_tasks"})


def value_text(key: str, value: float | None, lang: str) -> str:
    """The figure as shown on a tile."""
    kind = FORMATS[key]
    if kind == "ratio":
        return i18n.percent(value, lang)
    if kind == "money":
        return i18n.compact(value, lang)
    return i18n.number(value, lang)


def is_flat(key: str, value: float | None, before: float | None) -> bool:
    """True when the change is undefined or rounds to nothing at the precision shown."""
    if value is None or before is None:
        return True
    change = value - before
    if FORMATS[key] == "ratio":
        return round(abs(change) * 100, 1) == 0
    if FORMATS[key] == "money":
        return abs(change) < 50  # compact() shows whole toman below a thousand
    return change == 0


def delta_text(key: str, value: float | None, before: float | None, lang: str) -> str | None:
    """The change since 7 days before, signed ('+1.2 pp', '-34') or 'no change'; None when
    undefined. In Persian the signed number is a left-to-right isolate, so that its sign
    stays on its left and its unit after it ('+۱٫۲ واحد درصد')."""
    if value is None or before is None:
        return None
    if is_flat(key, value, before):
        return i18n.t("kpi.no_change", lang)
    change = value - before
    sign = "-" if change < 0 else "+"
    kind = FORMATS[key]
    if kind == "ratio":
        amount, unit = i18n.number(abs(change) * 100, lang, 1), i18n.t("unit.points", lang)
    elif kind == "money":
        amount, unit = i18n.compact(abs(change), lang).partition(" ")[::2]
    else:
        amount, unit = i18n.number(abs(change), lang), ""
    signed = sign + amount
    if lang == "fa":
        signed = text.left_to_right(signed)
    return f"{signed} {unit}".strip()
