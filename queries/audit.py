"""The audit log: who did what, when, over which area. Rows are only ever added.

A detail is free text (the sign-ins' and older rows') or a structured record, JSON text of an
object with "v": 1 (structured): what a task's history line (task_events.note) holds too. Its
parts, each optional: the subject (task, escalation or import: an id; event "created"), the
changes as [field, old, new] (old null: the value it was given; dates as ISO text), note (free
text: a note, a problem, an answer), an import's kind, file, counts ("read 2, inserted 2,
...") and reasons ([column, code, detail, rows] of its rejected cells), dry_run; and for a
refused write (action refused) tried (the action refused), why (a translation key) and values
(its placeholders). describe() says it in the page's language; free text is shown as it is.
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import sqlalchemy as sa

from dashboard import calendar, i18n
from dashboard import schema as s
from dashboard.rows import read_rows
from queries import scope

ACTIONS = (
    "sign_in", "sign_in_failed", "sign_in_locked", "lockout", "sign_in_refused", "sign_out",
    "idle_sign_out", "task_write", "escalation", "escalation_answer", "import", "download",
    "user_change", "refused",
)  # fmt: skip
COLUMNS = ("at", "username", "action", "detail", "province_code", "county_id")
MAX_DETAIL = 2000
VERSION = 1  # the "v" of a structured detail
# a changed field's label (a translation key); a field not named here is shown by its name
FIELDS = {
    "status": "col.status", "owner": "col.owner", "due_on": "col.due_on", "title": "col.title",
    "detail": "audit.field.detail", "priority": "col.priority", "agency": "col.agency_name",
    "level": "col.level", "raised_by": "col.raised_by",
}  # fmt: skip
SUBJECTS = ("task", "escalation", "import")
_CUTS = (1000, 500, 250, 120, 60, 20)  # where the texts of a record too long are cut, in turn


def structured(**parts: object) -> str:
    """A structured detail of parts (see the module; None parts left out), at most MAX_DETAIL
    characters: when longer, its longest texts are cut (…) until it fits."""
    body = {"v": VERSION, **{k: v for k, v in parts.items() if v is not None}}
    text = _json(body)
    for limit in _CUTS:
        if len(text) <= MAX_DETAIL:
            break
        text = _json(_cut(body, limit))
    return text


def _json(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=_plain)


def _plain(value: object) -> object:
    """A value JSON does not hold, as text: a date as ISO."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _cut(value: object, limit: int) -> object:
    if isinstance(value, str):
        return value if len(value) <= limit else value[: limit - 1] + "…"
    if isinstance(value, list):
        return [_cut(v, limit) for v in value]
    if isinstance(value, dict):
        return {k: _cut(v, limit) for k, v in value.items()}
    return value


def parsed(detail: str | None) -> dict | None:
    """The structured record a detail holds, or None for free text (or none)."""
    if not detail or not detail.startswith("{"):
        return None
    try:
        body = json.loads(detail)
    except ValueError:
        return None
    return body if isinstance(body, dict) and body.get("v") == VERSION else None


def record(
    conn: sa.Connection,
    username: str,
    action: str,
    at: dt.datetime,
    detail: str | None = None,
    province_code: str | None = None,
    county_id: int | None = None,
) -> None:
    """Add one row to the audit log, in the caller's transaction (detail: free text, or a
    structured one from structured())."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(
        s.audit.insert().values(
            at=at,
            username=(username or "")[:80],
            action=action,
            detail=None if detail is None else detail[:MAX_DETAIL],
            province_code=province_code,
            county_id=county_id,
        )  # fmt: skip
    )


def refuse(
    engine: sa.Engine,
    username: str,
    tried: str,
    why: str,
    *,
    values: dict | None = None,
    province_code: str | None = None,
    county_id: int | None = None,
    **parts: object,
) -> None:
    """Record, in a transaction of its own, a write refused before it reached the database
    (the session had ended): who, what was tried (the action tried and parts, as for
    structured) and why (a translation key, with values)."""
    detail = structured(tried=tried, **parts, why=why, values=values or None)
    with engine.begin() as conn:
        record(conn, username, "refused", calendar.now(), detail, province_code, county_id)


# --- A detail in the reader's language -------------------------------------------------------


def describe(detail: str | None, lang: str) -> str | None:
    """A detail as the page shows it: a structured one in lang (field labels, statuses and
    levels translated, dates in Solar Hijri, Persian digits in Persian); free text as it is."""
    body = parsed(detail)
    if body is None:
        return detail
    try:
        return _said(body, lang)
    except (TypeError, ValueError, KeyError, AttributeError):  # a record of another shape
        return detail


def _said(body: dict, lang: str) -> str:
    parts = []
    subject = next((k for k in SUBJECTS if k in body), None)
    if subject is not None:
        key = f"audit.detail.{subject}" + ("_created" if body.get("event") == "created" else "")
        parts.append(i18n.t(key, lang, id=calendar.digits(body[subject], lang)))
    if "kind" in body:
        kind = f"import.kind.{body['kind']}"
        parts.append(i18n.t(kind, lang) if kind in i18n.TABLE else str(body["kind"]))
    if body.get("dry_run"):
        parts.append(i18n.t("audit.detail.check", lang))
    if "file" in body:
        parts.append(str(body["file"]))
    parts += [_change(change, lang) for change in body.get("changes", [])]
    if "counts" in body:
        parts.append(_counts(str(body["counts"]), lang))
    parts += [_reason(reason, lang) for reason in body.get("reasons", [])]
    if body.get("note"):
        parts.append(str(body["note"]))
    text = i18n.t("audit.detail.separator", lang).join(parts)
    if "why" not in body:
        return text
    tried = f"audit.tried.{body.get('tried')}"
    return i18n.t(
        "audit.detail.refused", lang,
        tried=i18n.t(tried, lang) if tried in i18n.TABLE else str(body.get("tried")),
        what=text or i18n.t("kpi.no_value", lang), why=_why(body, lang),
    )  # fmt: skip


def _change(change: list, lang: str) -> str:
    field, old, new = (list(change) + [None, None, None])[:3]
    field = str(field)
    label = i18n.t(FIELDS[field], lang) if field in FIELDS else field
    if old is None:
        return i18n.t("audit.detail.set", lang, field=label, new=value_text(field, new, lang))
    return i18n.t("tasks.change", lang, field=label, old=value_text(field, old, lang),
                  new=value_text(field, new, lang))  # fmt: skip


def value_text(field: str, value: object, lang: str) -> str:
    """A field's value as the page shows it: a status or level by its name, a date (ISO) in
    Solar Hijri, a number in the page's digits, nothing as a dash."""
    if value is None or value == "":
        return i18n.t("kpi.no_value", lang)
    key = {"status": "taskstatus", "level": "level"}.get(field)
    if key and f"{key}.{value}" in i18n.TABLE:
        return i18n.t(f"{key}.{value}", lang)
    if field.endswith("_on"):
        try:
            return calendar.format_date(dt.date.fromisoformat(str(value)), lang)
        except ValueError:
            return str(value)
    if isinstance(value, int | float):
        return calendar.digits(value, lang)
    return str(value)


def _counts(counts: str, lang: str) -> str:
    """An import's counts ('read 2, inserted 2, ...') under the Data page's names."""
    shown = []
    for part in counts.split(", "):
        name, _, n = part.partition(" ")
        label = f"data.count.{name}"
        if label in i18n.TABLE and n.isdigit():
            part = f"{i18n.t(label, lang)} {i18n.number(int(n), lang)}"
        shown.append(part)
    return i18n.t("list.separator", lang).join(shown)


def _reason(reason: list, lang: str) -> str:
    """A kind of rejection of a refused import: [column, reason code, a row's detail, rows]."""
    column, code, detail, rows = (list(reason) + [None] * 4)[:4]
    key = f"import.reason.{code}"
    words = i18n.reason(code, detail, lang) if key in i18n.TABLE else str(code)
    return i18n.t("audit.detail.rows", lang, reason=f"{column}: {words}",
                  n=i18n.number(rows or 0, lang))  # fmt: skip


def _why(body: dict, lang: str) -> str:
    key = str(body["why"])
    if key not in i18n.TABLE:
        return key
    values = _Blank(
        (k, i18n.number(v, lang) if isinstance(v, int | float) else str(v))
        for k, v in (body.get("values") or {}).items()
    )
    return i18n.t(key, lang).format_map(values)


class _Blank(dict):
    """Placeholders of a reason, one not recorded left empty."""

    def __missing__(self, key: str) -> str:
        return ""


def entries(
    conn: sa.Connection, since: dt.datetime | None = None, limit: int | None = 5000
) -> pl.DataFrame:
    """The audit rows at or after since (all when None), newest first, at most limit (None: no
    limit): at, username, action, detail, province_code, county_id, and with names the area's
    names (queries.scope.NAME_COLUMNS)."""
    a = s.audit
    joined, names = scope.area_names(a)
    query = (
        sa.select(*[a.c[c] for c in COLUMNS], *names)
        .select_from(joined)
        .order_by(a.c.at.desc(), a.c.id.desc())
    )
    if since is not None:
        query = query.where(a.c.at >= since)
    schema = {
        "at": pl.Datetime("us"), "username": pl.String, "action": pl.String,
        "detail": pl.String, "province_code": pl.String, "county_id": pl.Int64,
        **dict.fromkeys(scope.NAME_COLUMNS, pl.String),
    }  # fmt: skip
    return read_rows(conn, query if limit is None else query.limit(limit), schema)


def times(conn: sa.Connection, username: str, action: str, since: dt.datetime) -> list:
    """When username's rows of action were recorded at or after since, oldest first."""
    a = s.audit
    query = (
        sa.select(a.c.at)
        .where(a.c.username == username, a.c.action == action, a.c.at >= since)
        .order_by(a.c.at, a.c.id)
    )
    return list(conn.execute(query).scalars())


def latest(
    conn: sa.Connection, username: str, action: str, n: int, by: dt.datetime
) -> list[dt.datetime]:
    """When username's last n rows of action recorded by the moment by were, newest first."""
    a = s.audit
    query = (
        sa.select(a.c.at)
        .where(a.c.username == username, a.c.action == action, a.c.at <= by)
        .order_by(a.c.at.desc(), a.c.id.desc())
        .limit(n)
    )
    return list(conn.execute(query).scalars())
