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


def tasks(
    rng: np.random.Generator, provinces: list[str], counties: pl.DataFrame, end: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Tasks (10 per province, 3 per county) and their status history up to the end of end."""
    scopes = [(code, None) for code in provinces for _ in range(10)] + [
        (code, cid)
        for code, cid in counties.select("province_code", "id").iter_rows()
        for _ in range(3)
    ]
    start = dt.date(2026, 1, 3)
    horizon = (end - start).days + 30
    task_rows, event_rows = [], []
    for task_id, (code, county) in enumerate(scopes, start=1):
        agency, title, indicator = TEMPLATES[rng.integers(len(TEMPLATES))]
        due = start + dt.timedelta(days=int(rng.integers(0, horizon)))
        created = due - dt.timedelta(days=int(rng.integers(5, 30)))
        p_done = 0.85 if due < end - dt.timedelta(days=7) else 0.25
        done_on = None
        if rng.random() < p_done:
            done_on = min(end, max(created, due + dt.timedelta(days=int(rng.normal(-2, 6)))))
        if created > end:
            status = "todo"
        elif done_on:
            status = "done"
        else:
            status = str(rng.choice(["todo", "in_progress", "blocked"], p=[0.3, 0.5, 0.2]))
        history = [(created, None, "todo")]
        if status in ("in_progress", "blocked", "done"):
            began = min(created + dt.timedelta(days=int(rng.integers(0, 6))), done_on or end)
            history.append((max(began, created), "todo", "in_progress"))
        if status in ("blocked", "done"):
            history.append((done_on or end, "in_progress", status))
        for day, old, new in history:
            event_rows.append(
                {
                    "task_id": task_id,
                    "at": dt.datetime.combine(day, dt.time(9)),
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
    rng: np.random.Generator, provinces: list[str], counties: pl.DataFrame, end: dt.date
) -> pl.DataFrame:
    """Problems raised to provincial and national bodies: three per province."""
    rows = []
    for code in provinces:
        own = counties.filter(pl.col("province_code") == code)["id"].to_list()
        for _ in range(3):
            agency, problem = PROBLEMS[rng.integers(len(PROBLEMS))]
            raised = dt.date(2026, 1, 8) + dt.timedelta(days=int(rng.integers(0, 100)))
            answered = raised + dt.timedelta(days=int(rng.integers(2, 30)))
            rows.append(
                {
                    "province_code": code,
                    "county_id": int(rng.choice(own)) if own and rng.random() < 0.5 else None,
                    "problem": problem,
                    "raised_by": agency,
                    "level": "national" if rng.random() < 0.3 else "provincial",
                    "raised_on": min(raised, end),
                    "answered_on": answered if answered <= end else None,
                    "answer": "پیگیری شد و دستور لازم صادر شد" if answered <= end else None,
                }
            )
    schema = {"county_id": pl.Int64, "answered_on": pl.Date, "answer": pl.String}
    return pl.DataFrame(rows, schema_overrides=schema).with_row_index("id", offset=1)
