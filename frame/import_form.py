"""The Data page's import form: an upload judged, then stored, and each kind's template."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

import streamlit as st

from dashboard import calendar, i18n
from dashboard.importer.kinds import KINDS
from dashboard.importer.reading import SEPARATORS, ExtractError
from dashboard.importer.run import Outcome, rejects, run
from dashboard.importer.templates import template
from frame import auth, cache, formatting, grid
from frame.state import language, t

SHOWN_REJECTS = 20


_CSV_FORM = re.compile(
    rf"CSV, (?P<encoding>.+?)(?P<bom> with BOM)?, (?P<separator>{'|'.join(SEPARATORS.values())})"
    "-separated"
)
_SHEET_FORM = re.compile("Excel, sheet «(?P<sheet>.*)»")


def form_text(form: str) -> str:
    """How a file was read (dashboard.importer.reading's form: 'CSV, UTF-8 with BOM,
    comma-separated', 'Excel, first sheet' or 'Excel, sheet «name»'), in the page's language:
    in Persian a sentence. A form of another shape is quoted as it is."""
    if csv := _CSV_FORM.fullmatch(form):
        encoding = csv["encoding"]
        if csv["bom"]:
            encoding = t("data.read.with_bom", encoding=encoding)
        separator = t(f"data.read.{csv['separator']}")
        return t("data.read.csv", encoding=encoding, separator=separator)
    if form == "Excel, first sheet":
        return t("data.read.first_sheet")
    if sheet := _SHEET_FORM.fullmatch(form):
        return t("data.read.sheet", sheet=sheet["sheet"])
    return t("data.form", form=form)


def judge_upload(
    upload, kind: str, unit: str, sheet: str | None, actor: str, store: bool
) -> Outcome | str:
    """The uploaded file judged (store False: nothing written) or imported; or the message of
    a file that cannot be read at all. An import is audited in its own transaction, a refused
    file (judged or imported) too (dashboard.importer.run)."""
    data = upload.getvalue()
    with tempfile.TemporaryDirectory(prefix="kalabarg-upload-") as folder:
        path = Path(folder) / f"upload{Path(upload.name).suffix.lower()}"
        path.write_bytes(data)
        bar = st.progress(0.0, text=t("data.reading"))
        try:
            outcome = run(
                cache.engine(),
                kind,
                path,
                unit=unit,
                sheet=sheet or None,
                dry_run=not store,
                actor=actor,
                name=upload.name,
                province=auth.user().province_code,
                progress=lambda share, label: bar.progress(
                    share, text=calendar.digits(label, language())
                ),
            )
        except ExtractError as error:
            return str(error)
        finally:
            bar.empty()
    return outcome


def upload_key(upload, kind: str, unit: str, sheet: str | None) -> str:
    """What a judgement was made of: the file's bytes and the options."""
    digest = hashlib.sha256(upload.getvalue()).hexdigest()[:16]
    return f"{digest}-{kind}-{unit}-{sheet or ''}"


def judgement(outcome: Outcome) -> None:
    """The judgement: counts as tiles, how the file was read, and the first rejected rows
    with their reasons in the page's language (the whole list to download)."""
    lang = language()
    j, counts = outcome.judgement, outcome.counts()
    names = ("read", "inserted", "updated", "unchanged", "rejected")
    columns = st.columns(len(names))
    for column, name in zip(columns, names, strict=True):
        column.metric(t(f"data.count.{name}"), i18n.number(counts[name], lang))
    st.caption(form_text(j.form))
    if j.extra:
        st.caption(t("data.extra", columns=", ".join(j.extra)))
    if j.blank:
        st.caption(t("data.blank", n=i18n.number(j.blank, lang)))
    if not j.refused:
        return
    st.error(
        t("data.rejected", n=i18n.number(j.rejected, lang), read=i18n.number(j.read, lang)),
        icon=":material/block:",
    )
    table = rejects(j, lang)
    grid.table(
        formatting.screen_table(
            table.head(SHOWN_REJECTS),
            {"line": "count", "column": "text", "value": "text", "reason": "text"},
        )
    )
    st.download_button(
        t("data.rejects_download"),
        table.write_csv().encode("utf-8-sig"),
        file_name="rejects.csv",
        mime="text/csv",
        icon=":material/download:",
    )


def templates() -> None:
    """A download of each kind's template."""
    columns = st.columns(3)
    for i, kind in enumerate(KINDS.values()):
        columns[i % 3].download_button(
            t(f"import.kind.{kind.name}"),
            template(kind).write_csv().encode("utf-8-sig"),
            file_name=f"{kind.name}-template.csv",
            mime="text/csv",
            icon=":material/download:",
            key=f"template-{kind.name}",
        )
