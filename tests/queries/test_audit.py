"""Audit details and history lines: stored structured, said in the reader's language, older
free text shown as it is (queries.audit)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard import i18n
from queries import audit


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "task 12: todo → done; owner: A → B",
        "locked until 10:40",
        '{"changes": [["owner", "A", "B"]]}',  # JSON, but not a structured record
        "{not json",
    ],
)
def test_free_text_is_shown_as_it_is(text: str | None) -> None:
    assert audit.parsed(text) is None
    assert audit.describe(text, "fa") == audit.describe(text, "en") == text


def test_a_record_of_another_shape_is_shown_as_it_is() -> None:
    odd = '{"v": 1, "changes": [[["a"], 1, 2]], "reasons": 3}'
    assert audit.parsed(odd) is not None
    assert audit.describe(odd, "fa") == odd


def test_a_change_is_a_field_its_old_and_its_new_value() -> None:
    detail = audit.structured(
        task=12,
        changes=[["status", "todo", "done"], ["due_on", dt.date(2026, 2, 20), "2026-03-01"],
                 ["owner", None, "معاون"], ["priority", 3, 1]],
        note=None,
    )  # fmt: skip
    assert json.loads(detail) == {
        "v": 1,
        "task": 12,
        "changes": [["status", "todo", "done"], ["due_on", "2026-02-20", "2026-03-01"],
                    ["owner", None, "معاون"], ["priority", 3, 1]],
    }  # fmt: skip
    assert audit.describe(detail, "fa") == (
        "وظیفه #۱۲؛ وضعیت: از انجام‌نشده به انجام‌شده؛ مهلت: از ۱ اسفند ۱۴۰۴ به ۱۰ اسفند ۱۴۰۴؛"
        " مسئول: معاون؛ اولویت: از ۳ به ۱"
    )
    assert audit.describe(detail, "en") == (
        "Task #12; Status: To do → Done; Due: 1 Esfand 1404 → 10 Esfand 1404; Owner: معاون;"
        " Priority: 3 → 1"
    )


def test_values_as_the_page_shows_them() -> None:
    assert audit.value_text("level", "national", "fa") == "ملی"
    assert audit.value_text("status", "blocked", "en") == "Blocked"
    assert audit.value_text("owner", None, "fa") == i18n.t("kpi.no_value", "fa")
    assert audit.value_text("due_on", "not a date", "fa") == "not a date"
    assert audit.value_text("status", "finished", "fa") == "finished", "an unknown status"
    assert audit.value_text("version", 9, "fa") == "۹"


def test_a_refusal_says_what_was_tried_and_why() -> None:
    detail = audit.structured(
        tried="task_write", changes=[["agency", None, "police"]], why="task.error.agency",
        values={"agency": "police"},
    )  # fmt: skip
    assert audit.describe(detail, "en") == (
        "Task change: Agency: police — refused: Unknown agency: police."
    )
    assert audit.describe(detail, "fa") == (
        "تغییر وظیفه: دستگاه: police — دلیل رد: دستگاه «police» شناخته نیست."
    )
    long = audit.structured(tried="task_write", why="task.error.note_long",
                            values={"limit": 2000})  # fmt: skip
    assert audit.describe(long, "fa").endswith("یادداشت بیش از ۲٬۰۰۰ نویسه است.")
    unknown = audit.structured(tried="export", why="no.such.key", values={"x": 1})
    assert audit.describe(unknown, "en") == "export: — — refused: no.such.key"


def test_an_import_and_a_refused_one() -> None:
    counts = "read 2, inserted 2, updated 0, unchanged 0, rejected 0"
    stored = json.dumps(
        {"v": 1, "import": 7, "kind": "complaints", "file": "c.csv", "counts": counts}
    )
    assert audit.describe(stored, "en") == (
        "Import #7; Complaints; c.csv; Rows read 2, New 2, Updated 0, Unchanged 0, Rejected 0"
    )
    refused = json.dumps({
        "v": 1, "tried": "import", "kind": "places", "file": "places.csv", "dry_run": True,
        "counts": "read 2, inserted 1, updated 0, unchanged 0, rejected 1",
        "reasons": [["county_id", "outside_area", "IR-16", 1]],
        "why": "data.rejected", "values": {"n": 1, "read": 2},
    }, ensure_ascii=False)  # fmt: skip
    assert audit.describe(refused, "fa") == (
        "بارگذاری داده: آبادی‌ها؛ بررسی پیش از ذخیره؛ places.csv؛ ردیف خوانده‌شده ۲، تازه ۱، "
        "به‌روزشده ۰، بدون تغییر ۰، ردشده ۱؛ county_id: بیرون از استان شما (IR-۱۶) است (۱ ردیف)"
        " — دلیل رد: " + i18n.t("data.rejected", "fa", n="۱", read="۲")
    )


def test_a_record_too_long_is_cut_to_fit_and_still_read() -> None:
    detail = audit.structured(
        tried="task_write", task=3, changes=[["detail", None, "ش" * 1900]], note="x" * 2500,
        why="task.error.note_long", values={"limit": 2000},
    )  # fmt: skip
    assert len(detail) <= audit.MAX_DETAIL
    record = audit.parsed(detail)
    assert record["why"] == "task.error.note_long" and record["note"].endswith("…")
    assert record["changes"][0][2].startswith("ششش")
