"""What each kind of extract holds: its columns (DESIGN.md section 4's core names), the Persian
headers accepted for them (the one alias table), its key and whether its rows are facts.

A column's parse names its parser in dashboard.importer.values; `one_of` lists the groups of
columns of which a file must give at least one (a county by id or by name).
"""

from __future__ import annotations

import dataclasses

from dashboard import schema as s

IRAN_LAT = (24.0, 40.5)  # the bounding box; the province polygons decide the rest
IRAN_LON = (43.5, 63.8)


@dataclasses.dataclass(frozen=True)
class Column:
    """One column an extract may carry."""

    name: str
    parse: str  # whole | money | decimal | text | choice | date | datetime | month | id | reporter
    labels: tuple[str, ...]  # the Persian headers people give it
    examples: tuple[str, str]  # two example cells for the template
    required: bool = True
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    width: int | None = None  # longest text the table column holds


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of extract and the table it loads."""

    name: str
    table: str
    key: tuple[str, ...]
    facts: bool  # facts never change: the same key with other values is a conflict
    columns: tuple[Column, ...]
    one_of: tuple[tuple[str, ...], ...] = ()
    event: str | None = None  # the column whose latest value says how recent the data is

    def column(self, name: str) -> Column:
        """The column called name."""
        return next(c for c in self.columns if c.name == name)


def _id(name: str, labels: tuple[str, ...], examples: tuple[str, str], required: bool = True):
    return Column(name, "whole", labels, examples, required, low=1, high=2**62)


_PROVINCE = Column("province", "text", ("استان",), ("", "لرستان"), False)
_COUNTY_ID = _id("county_id", ("کد شهرستان", "شناسه شهرستان"), ("1279146", ""), False)
_COUNTY = Column("county", "text", ("شهرستان", "نام شهرستان"), ("", "خرم‌آباد"), False)
_PLACE_ID = _id("place_id", ("کد آبادی", "کد محل", "شناسه محل"), ("127349", ""), False)
_LAT = Column("lat", "decimal", ("عرض جغرافیایی", "عرض"), ("33.4878", "33.5333"),
              low=IRAN_LAT[0], high=IRAN_LAT[1])  # fmt: skip
_LON = Column("lon", "decimal", ("طول جغرافیایی", "طول"), ("48.3558", "47.6100"),
              low=IRAN_LON[0], high=IRAN_LON[1])  # fmt: skip
_HOUSEHOLD_ID = _id("household_id", ("کد خانوار", "شناسه خانوار"), ("1", ""), False)
_NATIONAL_ID = Column("national_id", "id", ("کد ملی", "کد ملی سرپرست", "کدملی"),
                      ("0013542419", "13542427"))  # fmt: skip
_HEAD = dataclasses.replace(_NATIONAL_ID, required=False, examples=("", "0013542419"))
_STORE_ID = _id("store_id", ("کد فروشگاه", "شناسه فروشگاه"), ("1", ""), False)
_TERMINAL = Column("terminal_id", "text", ("شماره پایانه", "کد پایانه", "پایانه"),
                   ("", "T00000002"), False, width=16)  # fmt: skip
_COUNTY_GROUP = ("county_id", "county")


def _when(name: str, labels: tuple[str, ...], examples: tuple[str, str], required: bool = True):
    return Column(name, "datetime", labels, examples, required)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "places", "places", ("id",), False,
            (
                _id("id", ("کد آبادی", "کد محل", "شناسه"), ("900000001", "900000002")),
                _PROVINCE, _COUNTY_ID, _COUNTY,
                Column("name_fa", "text", ("نام", "نام آبادی", "نام فارسی"),
                       ("چغلوندی", "ده‌پیر"), width=120),
                Column("name_en", "text", ("نام انگلیسی",), ("Chaghalvandi", ""), False,
                       width=120),
                Column("kind", "choice", ("نوع",), ("village", "city"), choices=s.PLACE_KINDS),
                _LAT, _LON,
                Column("population", "whole", ("جمعیت",), ("1200", "۳٬۴۰۰"), low=0,
                       high=2**40),
            ),
            (_COUNTY_GROUP,),
        ),
        Kind(
            "households", "households", ("id",), False,
            (
                _id("id", ("کد خانوار", "شناسه خانوار"), ("1", "2"), False),
                _PROVINCE, _COUNTY_ID, _COUNTY, _PLACE_ID,
                Column("members", "whole",
                       ("تعداد اعضا", "بعد خانوار", "اعضا", "نفر", "تعداد نفرات"), ("4", "۲"),
                       low=1, high=30),
                Column("decile", "whole", ("دهک",), ("3", "۷"), low=1, high=10),
                Column("grp", "choice", ("گروه",), ("support", "subsidy"), choices=s.GROUPS),
                _NATIONAL_ID,
            ),
            (_COUNTY_GROUP,),
        ),
        Kind(
            "allocations", "allocations", ("household_id", "month"), True,
            (
                _HOUSEHOLD_ID, _HEAD,
                Column("month", "month", ("ماه",), ("1404-10", "۱۴۰۴/۱۰")),
                Column("amount_toman", "money", ("مبلغ", "مبلغ اعتبار", "اعتبار"),
                       ("4000000", "۲٬۰۰۰٬۰۰۰")),
                Column("opens_on", "date", ("تاریخ گشایش", "تاریخ فعال‌سازی"),
                       ("1404/10/17", "2026-01-12")),
            ),
            (("household_id", "national_id"),),
            "opens_on",
        ),
        Kind(
            "purchases", "purchases", ("id",), True,
            (
                _id("id", ("کد تراکنش", "شناسه تراکنش", "شماره تراکنش"), ("1", "2")),
                _HOUSEHOLD_ID, _HEAD, _STORE_ID, _TERMINAL,
                _when("purchased_at", ("زمان خرید", "تاریخ خرید"),
                      ("1404/10/18 10:30", "2026-01-09 17:05:00")),
                Column("credit_toman", "money", ("مبلغ اعتباری", "اعتبار"),
                       ("850000", "۱٬۲۰۰٬۰۰۰")),
                Column("cash_toman", "money", ("مبلغ نقدی", "نقدی"), ("0", "150000"), False),
                _id("basket_id", ("سبد",), ("", ""), False),
            ),
            (("household_id", "national_id"), ("store_id", "terminal_id")),
            "purchased_at",
        ),
        Kind(
            "stores", "stores", ("id",), False,
            (
                _id("id", ("کد فروشگاه", "شناسه فروشگاه"), ("1", "2")),
                dataclasses.replace(_TERMINAL, required=True, examples=("T00000001", "T00000002")),
                Column("name", "text", ("نام فروشگاه", "نام"), ("فروشگاه نمونه", "بقالی امید"),
                       width=160),
                Column("kind", "choice", ("نوع",), ("chain", "small_shop"), choices=s.STORE_KINDS),
                Column("chain", "text", ("زنجیره",), ("افق کوروش", ""), False, width=60),
                _PROVINCE, _COUNTY_ID, _COUNTY, _PLACE_ID, _LAT, _LON,
                Column("joined_on", "date", ("تاریخ پیوستن", "تاریخ عضویت"),
                       ("1404/10/01", "2025-12-22")),
                Column("status", "choice", ("وضعیت",), ("active", "suspended"),
                       choices=s.STORE_STATUSES),
                Column("status_since", "date", ("تاریخ وضعیت",), ("", "1404/11/05"), False),
            ),
            (_COUNTY_GROUP,),
            "joined_on",
        ),
        Kind(
            "complaints", "complaints", ("id",), False,
            (
                _id("id", ("کد شکایت", "شناسه شکایت", "شماره شکایت"), ("1", "2")),
                _STORE_ID, _TERMINAL,
                Column("channel", "choice", ("مسیر", "مسیر ثبت", "کانال"), ("shamim", "portal"),
                       choices=s.CHANNELS),
                Column("kind", "choice", ("نوع",), ("overcharge", "forced_purchase"),
                       choices=s.COMPLAINT_KINDS),
                Column("reporter", "reporter", ("گزارش‌دهنده", "شاکی", "موبایل", "تلفن همراه"),
                       ("09121234567", "0013542419")),
                _when("filed_at", ("زمان ثبت", "تاریخ ثبت"),
                      ("1404/10/20 09:15", "1404/10/21 18:40")),
                _when("dispatched_at", ("زمان اعزام",), ("1404/10/20 15:00", ""), False),
                _when("inspected_at", ("زمان بازرسی",), ("1404/10/21 10:00", ""), False),
                Column("outcome", "choice", ("نتیجه",), ("violation", "pending"),
                       choices=s.OUTCOMES),
                Column("action", "choice", ("اقدام",), ("warning", "none"), choices=s.ACTIONS),
                _when("closed_at", ("زمان بستن", "تاریخ بستن"), ("1404/10/22 12:00", ""), False),
            ),
            (("store_id", "terminal_id"),),
            "filed_at",
        ),
        Kind(  # method two: a household registers for a package, then collects it (issue 30)
            "method_two", "method_two", ("id",), False,
            (
                _id("id", ("کد ثبت‌نام", "شناسه ثبت‌نام", "شماره ثبت‌نام"), ("1", "2")),
                _HOUSEHOLD_ID, _HEAD,
                _when("registered_at", ("زمان ثبت‌نام", "تاریخ ثبت‌نام"),
                      ("1404/10/18 10:30", "2026-01-09 17:05")),
                _when("cancelled_at", ("زمان لغو", "تاریخ لغو", "زمان انصراف"),
                      ("", "1404/10/25 09:00"), False),
                _STORE_ID, dataclasses.replace(_TERMINAL, examples=("", "")),
                _when("delivered_at", ("زمان تحویل", "تاریخ تحویل"), ("1404/10/20 12:00", ""),
                      False),
                Column("package_toman", "money", ("مبلغ بسته", "ارزش بسته", "مبلغ"),
                       ("2500000", "۲٬۵۰۰٬۰۰۰"), False),  # a new record's: see judging._needed
            ),
            (("household_id", "national_id"),),
            "registered_at",
        ),
        Kind(  # a pregnant woman's or an infant's mother's package: eligible, issued, collected
            "mother_packages", "mother_packages", ("id",), False,
            (
                _id("id", ("کد بسته", "شناسه بسته", "شماره بسته"), ("1", "2")),
                _HOUSEHOLD_ID, _HEAD,
                Column("kind", "choice", ("نوع", "نوع بسته"), ("pregnancy", "infant"),
                       choices=s.MOTHER_KINDS),
                Column("eligible_on", "date", ("تاریخ استحقاق", "تاریخ واجد شرایط شدن"),
                       ("1404/10/01", "2026-01-05")),
                Column("issued_on", "date", ("تاریخ صدور",), ("1404/10/05", ""), False),
                _when("collected_at", ("زمان دریافت", "تاریخ دریافت"), ("1404/10/07 11:00", ""),
                      False),
                _STORE_ID, dataclasses.replace(_TERMINAL, examples=("", "")),
            ),
            (("household_id", "national_id"),),
            "eligible_on",
        ),
        Kind(  # an application to join the programme, by its applicant (not yet a household)
            "applications", "applications", ("id",), False,
            (
                _id("id", ("کد درخواست", "شناسه درخواست", "شماره درخواست"), ("1", "2")),
                dataclasses.replace(_NATIONAL_ID, labels=("کد ملی", "کد ملی متقاضی", "کدملی")),
                _PROVINCE, _COUNTY_ID, _COUNTY,
                Column("members", "whole",
                       ("تعداد اعضا", "بعد خانوار", "اعضا", "نفر", "تعداد نفرات"), ("4", "۲"),
                       low=1, high=30),
                _when("filed_at", ("زمان ثبت", "تاریخ ثبت", "زمان درخواست", "تاریخ درخواست"),
                      ("1404/10/20 09:15", "2026-01-11 10:00")),
                _when("decided_at", ("زمان تصمیم", "تاریخ تصمیم", "زمان رسیدگی"),
                      ("1404/10/28 14:00", ""), False),
                Column("outcome", "choice", ("نتیجه", "نتیجه بررسی"), ("approved", ""),
                       False, choices=s.DECISIONS),
                dataclasses.replace(_HOUSEHOLD_ID, examples=("1", "")),
            ),
            (_COUNTY_GROUP,),
            "filed_at",
        ),
    )
}  # fmt: skip
