"""Committee tasks for the agencies of DOMAIN.md, their history, and escalations."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

# agency, title (Persian, as a committee writes it), the indicator it should move (a code of
# queries.indicators, or None)
TEMPLATES = (
    ("agriculture", "تأمین مرغ و تخم‌مرغ فروشگاه‌های طرف قرارداد", "active_stores"),
    ("agriculture", "پایش موجودی برنج، روغن و حبوبات در انبارها", None),
    ("agriculture", "تأمین گوشت قرمز و لبنیات کم‌چرب روستاها", "uncovered_villages"),
    ("culture", "اطلاع‌رسانی شیوه استعلام مانده از طریق رسانه‌های محلی", "uptake"),
    ("culture", "هشدار درباره پیامک‌های جعلی؛ فقط سرشماره V.Refah", None),
    (
        "guilds",
        "جذب فروشگاه‌های خرد در روستاهای بدون فروشگاه زنجیره‌ای",
        "uncovered_villages",
    ),
    ("guilds", "آموزش فروشندگان درباره ۱۱ قلم کالای مجاز", "active_stores"),
    ("welfare", "گزارش هفتگی مشکلات به کمیته استانی", "overdue_tasks"),
    ("welfare", "پیگیری خانوارهای بدون خرید در دهک‌های ۱ تا ۳", "reach"),
    ("welfare", "رسیدگی به درخواست‌های ثبت‌نام متقاضیان جدید", "reach"),
    ("tazirat", "بازرسی فروشگاه‌های دارای گزارش از سه نفر یا بیشتر", "dispatch_compliance"),
    ("tazirat", "رسیدگی به پرونده‌های گران‌فروشی ارجاعی", "dispatch_compliance"),
    ("governorate", "برگزاری جلسه هماهنگی ستاد کالابرگ", "overdue_tasks"),
    ("governorate", "بازدید میدانی از فروشگاه‌های روستایی", "uncovered_villages"),
    ("industry", "نظارت بر قیمت اقلام سبد در فروشگاه‌های زنجیره‌ای", "active_stores"),
)
OWNERS = ("مدیرکل", "معاون", "رئیس اداره", "کارشناس مسئول", "دبیر کمیته")
PROBLEMS = (
    ("welfare", "کمبود فروشگاه در روستاهای دوردست"),
    ("agriculture", "کمبود مرغ در فروشگاه‌های خرد"),
    ("welfare", "قطعی سامانه استعلام مانده در روزهای آغاز موج"),
    ("tazirat", "گران‌فروشی در برخی فروشگاه‌ها نسبت به قیمت نقدی"),
    ("guilds", "عدم تمایل فروشگاه‌های خرد به پیوستن به طرح"),
)


# what a task is on the build day, and how often: open and not yet due, open and overdue by
# days, done on time, done late
KINDS = ("open", "overdue", "on_time", "late")
MIX = (0.45, 0.15, 0.32, 0.08)
OPEN_STATUSES = ("todo", "in_progress", "blocked")


def _days(rng: np.random.Generator, low: int, high: int) -> dt.timedelta:
    """A whole number of days in low..high."""
    return dt.timedelta(days=int(rng.integers(low, high + 1)))


def _dates(
    rng: np.random.Generator, kind: str, built: dt.date
) -> tuple[dt.date, dt.date, dt.date | None]:
    """(created_on, due_on, done_on) of a task of kind, everything before the build day."""
    yesterday = built - dt.timedelta(days=1)
    if kind == "open":
        return built - _days(rng, 1, 30), built + _days(rng, 1, 35), None
    if kind == "overdue":
        due = built - _days(rng, 1, 15)
        return due - _days(rng, 7, 35), due, None
    if kind == "on_time":
        due = built + _days(rng, -60, 15)
        created = min(due - _days(rng, 7, 35), yesterday - dt.timedelta(days=1))
        latest = min(due, yesterday)
        return created, due, created + _days(rng, 1, (latest - created).days)
    due = built - _days(rng, 3, 60)
    return due - _days(rng, 7, 35), due, due + _days(rng, 1, min(14, (yesterday - due).days))


def tasks(
    rng: np.random.Generator, provinces: list[str], counties: pl.DataFrame, built: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Tasks (10 per province, 3 per county) and their status history, dated around the build
    day (tasks are live work, shown as of today): most open ones not yet due, some overdue by
    days, most done ones done on time. Nothing happens on or after the build day."""
    scopes = [(code, None) for code in provinces for _ in range(10)] + [
        (code, cid)
        for code, cid in counties.select("province_code", "id").iter_rows()
        for _ in range(3)
    ]
    yesterday = built - dt.timedelta(days=1)
    task_rows, event_rows = [], []
    for task_id, (code, county) in enumerate(scopes, start=1):
        agency, title, indicator = TEMPLATES[rng.integers(len(TEMPLATES))]
        kind = KINDS[rng.choice(len(KINDS), p=MIX)]
        created, due, done_on = _dates(rng, kind, built)
        if done_on:
            status = "done"
        else:
            weights = [0.35, 0.5, 0.15] if kind == "open" else [0.2, 0.5, 0.3]
            status = str(rng.choice(OPEN_STATUSES, p=weights))
        history = [(created, None, "todo")]
        if status != "todo":
            began = min(created + _days(rng, 0, 5), done_on or yesterday)
            history.append((began, "todo", "in_progress"))
        if status == "blocked":
            history.append((began + _days(rng, 0, (yesterday - began).days), "in_progress", status))
        if status == "done":
            history.append((done_on, "in_progress", status))
        for step, (day, old, new) in enumerate(history):
            event_rows.append(
                {
                    "task_id": task_id,
                    "at": dt.datetime.combine(day, dt.time(9 + step, int(rng.integers(60)))),
                    "actor": OWNERS[rng.integers(len(OWNERS))],
                    "old_status": old,
                    "new_status": new,
                }
            )
        task_rows.append(
            {
                "id": task_id, "province_code": code, "county_id": county, "agency": agency,
                "title": title, "detail": None, "owner": OWNERS[rng.integers(len(OWNERS))],
                "due_on": due, "status": status, "done_on": done_on,
                "priority": int(rng.integers(1, 4)), "indicator": indicator,
                "version": len(history), "created_on": created,
            }
        )  # fmt: skip
    events = pl.DataFrame(event_rows).with_row_index("id", offset=1)
    schema = {"county_id": pl.Int64, "detail": pl.String, "done_on": pl.Date}
    return pl.DataFrame(task_rows, schema_overrides=schema), events


def escalations(
    rng: np.random.Generator, provinces: list[str], counties: pl.DataFrame, built: dt.date
) -> pl.DataFrame:
    """Problems raised to provincial and national bodies in the weeks before the build day,
    three per province: the newest of each raised in the last week and not answered yet, the
    older ones mostly answered."""
    yesterday = built - dt.timedelta(days=1)
    rows = []
    for code in provinces:
        own = counties.filter(pl.col("province_code") == code)["id"].to_list()
        for k in range(3):
            agency, problem = PROBLEMS[rng.integers(len(PROBLEMS))]
            raised = built - _days(rng, 1, 7 if k == 0 else 75)
            answered = raised + _days(rng, 2, 30) if k else built
            rows.append(
                {
                    "province_code": code,
                    "county_id": int(rng.choice(own)) if own and rng.random() < 0.5 else None,
                    "problem": problem,
                    "raised_by": agency,
                    "level": "national" if rng.random() < 0.3 else "provincial",
                    "raised_on": raised,
                    "answered_on": answered if answered <= yesterday else None,
                    "answer": "پیگیری شد و دستور لازم صادر شد" if answered <= yesterday else None,
                }
            )
    schema = {"county_id": pl.Int64, "answered_on": pl.Date, "answer": pl.String}
    return pl.DataFrame(rows, schema_overrides=schema).with_row_index("id", offset=1)
