"""The one translation table (Persian default, English switch) and number formatting."""

from __future__ import annotations

import math
from collections.abc import Iterable

from dashboard.calendar import digits

LANGS = ("fa", "en")

TABLE: dict[str, tuple[str, str]] = {
    "app.title": ("داشبورد عملیاتی کالابرگ", "Kalabarg operations dashboard"),
    "nav.overview": ("نمای کلی", "Overview"),
    "nav.uptake": ("مصرف اعتبار", "Credit uptake"),
    "nav.stores": ("فروشگاه‌ها", "Stores"),
    "nav.complaints": ("شکایات", "Complaints"),
    "nav.tasks": ("وظایف کمیته", "Committee tasks"),
    "nav.people": ("کاربران و رویدادها", "Users and audit"),
    "nav.risk": ("فروشگاه‌ها برای بازرسی", "Stores to inspect"),
    "risk.title": ("فروشگاه‌هایی که اول باید بازرسی شوند", "Stores to inspect first"),
    "risk.intro": (
        "الگوهای خرید هر فروشگاه در برابر همتایانش (فروشگاه‌های همان نوع در همان شهرستان، یا استان"
        " اگر شهرستان کم دارد). این فهرست اولویت بازرسی است، نه حکم تخلف.",
        "Each store's purchase patterns against its peers (stores of the same kind in the same"
        " county, or the province where the county has too few). This is an order for"
        " inspections, not a finding of wrongdoing.",
    ),
    "risk.scanned": ("فروشگاه‌های بررسی‌شده", "Stores scanned"),
    "risk.to_inspect": ("فروشگاه‌های دارای الگو", "Stores with a pattern"),
    "risk.two_or_more": ("با دو الگو یا بیشتر", "Two patterns or more"),
    "risk.cut_selling_count": ("فروش با پایانه قطع", "Selling while cut"),
    "risk.none": (
        "در این محدوده و تا این تاریخ هیچ فروشگاهی الگویی نشان نمی‌دهد.",
        "No store in this area shows any pattern up to this date.",
    ),
    "risk.list": ("فهرست اولویت بازرسی", "Inspection order"),
    "risk.list_help": (
        "امتیاز: هر الگو ۱ تا ۲ (بسته به فاصله با همتایان)؛ دو الگو همیشه بالاتر از یک الگو.",
        "Score: each pattern adds 1 to 2 (by how far the store is from its peers); two patterns"
        " always rank above one.",
    ),
    "risk.map": ("نقشه فروشگاه‌های دارای الگو", "Map of the stores raising a pattern"),
    "risk.map_national": (
        "برای دیدن نقشه، یک استان انتخاب کنید.",
        "Choose a province to see the map.",
    ),
    "risk.store": ("یک فروشگاه از نزدیک", "One store up close"),
    "risk.pick": ("فروشگاه", "Store"),
    "risk.daily": ("فروش روزانه در برابر همتایان", "Daily sales against its peers"),
    "risk.hours": ("خریدها بر حسب ساعت روز", "Purchases by hour of the day"),
    "risk.weeks": ("الگوها هفته به هفته", "The patterns week by week"),
    "risk.store_line": ("این فروشگاه", "This store"),
    "risk.peers_of": (
        "میانگین هر روز از {n} همتا از {total} همتای این فروشگاه",
        "Each day's average of {n} of the store's {total} peers",
    ),
    "risk.peer_line": ("میانگین همتایان", "Peers' average"),
    "risk.hours_note": (
        "ستون‌های سرخ: ساعت‌هایی که فروشگاه باید بسته باشد ({close} تا {open}).",
        "Bars in rose: the hours the shop should be closed ({close} to {open}).",
    ),
    "risk.reasons": ("چرا در فهرست است", "Why it is listed"),
    "risk.task": ("ایجاد وظیفه بازرسی", "Create an inspection task"),
    "risk.task_agency": ("دستگاه مسئول", "Responsible agency"),
    "risk.task_title": (
        "بازرسی {name} (پایانه {terminal})",
        "Inspect {name} (terminal {terminal})",
    ),
    "risk.task_detail": (
        "از پویش الگوهای خرید تا {date}، امتیاز {score}:\n{reasons}",
        "From the purchase-pattern scan up to {date}, score {score}:\n{reasons}",
    ),
    "risk.task_created": (
        "وظیفه {task} برای بازرسی ساخته شد.",
        "Task {task} was created for the inspection.",
    ),
    "risk.task_none": (
        "شما نمی‌توانید برای این محدوده وظیفه تعریف کنید.",
        "You may not give tasks in this store's area.",
    ),
    "risk.sampled": (
        "داده نمونه: شمار خریدها و فروش هر فروشگاه، خریدهای خانوارهای نمونه است (تخمین کل نیست).",
        "Sample data: a store's purchases and sales are those of the sampled households (not"
        " full-scale estimates).",
    ),
    "risk.short.share": ("{figure} (همتایان {peers})", "{figure} (peers {peers})"),
    "risk.short.volume": (
        "{figure} در روز (همتایان {peers})",
        "{figure} a day (peers {peers})",
    ),
    "risk.short.cut": ("{n} فروش پس از قطع", "{n} sales since the cut"),
    "risk.peers.county": ("همتایان در شهرستان", "peers in the county"),
    "risk.peers.province": ("همتایان در استان", "peers in the province"),
    "risk.peers.none": (
        "بی همتا در استان، سنجیده با کمینه",
        "no store of its kind in the province; compared with the least share",
    ),
    "risk.reason.drain": (
        "{figure} خریدهایش کل مانده اعتبار خانوار را یک‌جا خالی کرد؛ {who}: {peers}",
        "{figure} of its purchases emptied the household's balance; {who}: {peers}",
    ),
    "risk.reason.round": (
        "{figure} خریدهایش مبلغ رُند، تنها از اعتبار و بی پرداخت نقدی بود؛ {who}: {peers}",
        "{figure} of its purchases were round amounts, all credit and no cash; {who}: {peers}",
    ),
    "risk.reason.repeat": (
        "{figure} خریدهایش کارت کشیدن دوباره همان خانوار در کمتر از {minutes} دقیقه بود؛"
        " {who}: {peers}",
        "{figure} of its purchases were the same household swiping again within {minutes}"
        " minutes; {who}: {peers}",
    ),
    "risk.reason.burst": (
        "{figure} خریدهایش در رگبار {cards} کارت یا بیشتر در {slot} دقیقه بود؛ {who}: {peers}",
        "{figure} of its purchases came in bursts of {cards} cards or more within {slot}"
        " minutes; {who}: {peers}",
    ),
    "risk.reason.far": (
        "{figure} خریدهایش از خانوارهایی بود که بیش از {km} کیلومتر دورتر زندگی می‌کنند؛"
        " {who}: {peers}",
        "{figure} of its purchases were by households living over {km} km away; {who}: {peers}",
    ),
    "risk.reason.night": (
        "{figure} خریدهایش در ساعت تعطیل ({close} تا {open}) بود؛ {who}: {peers}",
        "{figure} of its purchases were made at closed hours ({close} to {open}); {who}: {peers}",
    ),
    "risk.reason.volume": (
        "روزانه {figure} تومان فروخت؛ {who}: {peers} تومان",
        "It sold {figure} toman a day; {who}: {peers} toman",
    ),
    "risk.reason.cut_selling": (
        "پایانه‌اش در {date} قطع شد و از آن روز {n} بار به ارزش {credit} تومان فروخته است",
        "Its terminal was cut on {date}, and it has sold {n} times since, for {credit} toman",
    ),
    "pattern.drain": ("خالی کردن مانده", "Balance emptied"),
    "pattern.round": ("مبلغ رُند بی نقد", "Round, no cash"),
    "pattern.repeat": ("کارت کشیدن پیاپی", "Repeat swipes"),
    "pattern.burst": ("رگبار کارت‌ها", "Burst of cards"),
    "pattern.far": ("خریداران دور", "Far buyers"),
    "pattern.night": ("ساعت تعطیل", "Closed hours"),
    "pattern.volume": ("فروش نامتناسب", "Out of scale"),
    "pattern.cut_selling": ("فروش با پایانه قطع", "Selling while cut"),
    "col.score": ("امتیاز", "Score"),
    "col.rank": ("ردیف", "Rank"),
    "col.reasons": ("الگوها، در برابر همتایان", "Patterns, against the peers"),
    "col.three_reporter": ("سه گزارش‌دهنده", "Three reporters"),
    "col.cut": ("پایانه قطع", "Terminal cut"),
    "chart.why_risk_days": (
        "این فروشگاه تا این تاریخ فروشی ندارد.",
        "This store has no sales by this date.",
    ),
    "signin.title": ("ورود", "Sign in"),
    "signin.username": ("نام کاربری", "Username"),
    "signin.password": ("گذرواژه", "Password"),
    "signin.button": ("ورود", "Sign in"),
    "signin.invalid": (
        "نام کاربری یا گذرواژه درست نیست.",
        "The username or password is not right.",
    ),
    "signin.locked": (
        "تلاش‌های ناموفق زیاد بود: این حساب تا ساعت {until} بسته است.",
        "Too many failed attempts: this account is locked until {until}.",
    ),
    "signin.demo_closed": (
        "حساب‌های نمایشی در پایگاه داده‌ای که داده واقعی دارد پذیرفته نمی‌شوند.",
        "Demo accounts are refused on a database that holds imported data.",
    ),
    "signin.ended.idle": (
        "پس از {minutes} دقیقه بی‌فعالیتی از حساب خارج شدید؛ دوباره وارد شوید.",
        "You were signed out after {minutes} minutes without activity; sign in again.",
    ),
    "signin.ended.inactive": (
        "این حساب غیرفعال شده است.",
        "This account has been disabled.",
    ),
    "signin.ended.demo_closed": (
        "داده واقعی بارگذاری شده است: حساب‌های نمایشی بسته شدند.",
        "Data has been imported: the demo accounts are closed.",
    ),
    "signin.ended.expired": (
        "نشست شما {hours} ساعت پس از ورود به پایان رسید؛ دوباره وارد شوید.",
        "Your session ended {hours} hours after you signed in; sign in again.",
    ),
    "signin.ended.password": (
        "گذرواژه این حساب تغییر کرده است؛ دوباره وارد شوید.",
        "This account's password has been changed; sign in again.",
    ),
    "signin.ended.identity": (
        "شناسه سازمانی این حساب تغییر کرده است؛ دوباره وارد شوید.",
        "This account's organisation identity has changed; sign in again.",
    ),
    "signin.unverified": (
        "ارائه‌دهنده هویت نشانی ایمیل «{identity}» را تأیید نکرده است؛ ورود پذیرفته نشد.",
        "The identity provider has not verified the email address {identity}: sign-in refused.",
    ),
    "signin.demo": (
        "داده نمونه (ساختگی): برای آزمودن هر نقش، با یکی از این حساب‌های نمایشی وارد شوید.",
        "Sample data (synthetic): sign in with one of these demo accounts to try each role.",
    ),
    "col.password": ("گذرواژه", "Password"),
    "signin.oidc": ("ورود با حساب سازمانی", "Sign in with your organisation"),
    "signin.not_authorised": (
        "حساب «{identity}» مجوز دسترسی به این داشبورد را ندارد. "
        "اگر باید داشته باشد، با مدیر سامانه تماس بگیرید.",
        "The account {identity} is not authorised for this dashboard. "
        "If it should be, ask the dashboard's administrator.",
    ),
    "signin.no_users": (
        "هنوز هیچ کاربری تعریف نشده است. نخستین کاربر را روی سرور بسازید: "
        "`python -m dashboard user add USERNAME --role admin`",
        "No user has been added yet. Add the first on the server: "
        "`python -m dashboard user add USERNAME --role admin`",
    ),
    "signin.sign_out": ("خروج", "Sign out"),
    "people.title": ("کاربران و رویدادها", "Users and audit"),
    "people.users": ("کاربران", "Users"),
    "people.users_note": (
        "کاربران روی سرور افزوده، غیرفعال یا تغییر داده می‌شوند: "
        "`python -m dashboard user add|passwd|disable|list`.",
        "Users are added, disabled or changed on the server: "
        "`python -m dashboard user add|passwd|disable|list`.",
    ),
    "people.audit": ("رویدادها", "Audit log"),
    "people.since": ("از", "Since"),
    "people.no_audit": ("از این روز رویدادی ثبت نشده است.", "Nothing recorded since that day."),
    "col.username": ("نام کاربری", "Username"),
    "col.display_name": ("نام", "Name"),
    "col.role": ("نقش", "Role"),
    "col.last_sign_in_at": ("آخرین ورود", "Last sign-in"),
    "col.audit_action": ("رویداد", "Action"),
    "col.audit_detail": ("شرح", "Detail"),
    "audit.sign_in": ("ورود", "Signed in"),
    "audit.sign_in_failed": ("ورود ناموفق", "Failed sign-in"),
    "audit.sign_in_locked": ("ورود در زمان قفل", "Sign-in while locked"),
    "audit.lockout": ("قفل حساب", "Account locked"),
    "audit.sign_in_refused": ("ورود ردشده", "Sign-in refused"),
    "audit.sign_out": ("خروج", "Signed out"),
    "audit.idle_sign_out": ("خروج پس از بی‌فعالیتی", "Signed out, idle"),
    "audit.task_write": ("تغییر وظیفه", "Task change"),
    "audit.escalation": ("ارجاع", "Escalation"),
    "audit.escalation_answer": ("پاسخ ارجاع", "Escalation answered"),
    "audit.import": ("بارگذاری داده", "Import"),
    "audit.download": ("دریافت فایل", "Download"),
    "audit.user_change": ("تغییر کاربر", "User change"),
    "audit.refused": ("درخواست ردشده", "Refused"),
    "audit.tried.task_write": ("تغییر وظیفه", "Task change"),
    "audit.tried.escalation": ("ارجاع موضوع", "Raising a problem"),
    "audit.tried.escalation_answer": ("پاسخ به ارجاع", "Answering an escalation"),
    "audit.tried.import": ("بارگذاری داده", "Import"),
    "audit.detail.task": ("وظیفه #{id}", "Task #{id}"),
    "audit.detail.task_created": ("وظیفه تازه #{id}", "New task #{id}"),
    "audit.detail.escalation": ("ارجاع #{id}", "Escalation #{id}"),
    "audit.detail.import": ("بارگذاری #{id}", "Import #{id}"),
    "audit.detail.check": ("بررسی پیش از ذخیره", "checked before storing"),
    "audit.detail.set": ("{field}: {new}", "{field}: {new}"),
    "audit.detail.separator": ("؛ ", "; "),
    "audit.detail.rows": ("{reason} ({n} ردیف)", "{reason} ({n} rows)"),
    "audit.detail.refused": (
        "{tried}: {what} — دلیل رد: {why}",
        "{tried}: {what} — refused: {why}",
    ),
    "audit.field.detail": ("شرح", "Detail"),
    "role.national": ("ناظر ملی", "National viewer"),
    "role.governor": ("استاندار", "Governor"),
    "role.director": ("مدیرکل رفاه", "Welfare director"),
    "role.county": ("فرمانداری شهرستان", "County officer"),
    "role.committee": ("عضو کمیته", "Committee member"),
    "role.data_officer": ("مسئول داده", "Data officer"),
    "role.admin": ("مدیر سامانه", "Administrator"),
    "sidebar.outside": (
        "پیوند ناحیه‌ای بیرون از حوزه شما را خواسته بود؛ {area} نشان داده می‌شود.",
        "The link asked for an area outside yours; showing {area}.",
    ),
    "lang.label": ("زبان", "Language"),
    "sidebar.filters": ("فیلترها", "Filters"),
    "sidebar.province": ("استان", "Province"),
    "sidebar.county": ("شهرستان", "County"),
    "sidebar.all_provinces": ("همه استان‌ها", "All provinces"),
    "sidebar.all_counties": ("همه شهرستان‌ها", "All counties"),
    "sidebar.as_of": ("تا تاریخ", "As of"),
    "sidebar.deciles": ("دهک", "Deciles"),
    "sidebar.group": ("گروه", "Group"),
    "sidebar.all_groups": ("همه گروه‌ها", "All groups"),
    "sidebar.rejected": (
        "این بخش‌های پیوند نامعتبر بودند و نادیده گرفته شدند: {keys}. "
        "صفحه با مقدار پیش‌فرض آن‌ها نشان داده می‌شود.",
        "These parts of the link were not valid and were ignored: {keys}. "
        "The page shows their defaults.",
    ),
    "list.separator": ("، ", ", "),
    # between the parts of a line (a page head, a tooltip, the user line): in Persian an em
    # dash, which no Persian digit resembles ("·" reads as the zero ۰ and "|" as the one ۱)
    "parts.separator": (" — ", " · "),
    "upload.button": ("انتخاب فایل", "Upload"),
    "select.no_results": ("موردی پیدا نشد", "No results"),
    "upload.limit": ("تا ۲۰۰ مگابایت — CSV یا XLSX", "200MB per file • CSV, XLSX"),
    "notice.dismiss": ("بستن", "Dismiss"),
    "notfound.title": ("این صفحه پیدا نشد", "Page not found"),
    "notfound.body": (
        "صفحه‌ای با نشانی «{path}» در این داشبورد نیست.",
        "This dashboard has no page at «{path}».",
    ),
    "notfound.link": ("رفتن به «{page}»", "Go to {page}"),
    "notfound.not_yours_title": ("این صفحه برای نقش شما نیست", "Not a page for your role"),
    "notfound.for_one": (
        "صفحه «{page}» ویژه نقش «{roles}» است و نقش شما «{role}» است. اگر به آن نیاز دارید، "
        "با مدیر سامانه تماس بگیرید.",
        "The page «{page}» is for the {roles} role; your role is {role}. If you need it, ask "
        "the dashboard's administrator.",
    ),
    "notfound.for_many": (
        "صفحه «{page}» ویژه این نقش‌هاست: {roles}. نقش شما «{role}» است. اگر به آن نیاز دارید، "
        "با مدیر سامانه تماس بگیرید.",
        "The page «{page}» is for these roles: {roles}. Your role is {role}. If you need it, "
        "ask the dashboard's administrator.",
    ),
    "filters.as_of": ("تا پایان {date}", "as of the end of {date}"),
    "filters.deciles": ("دهک {lo} تا {hi}", "deciles {lo}-{hi}"),
    "filters.country": ("کل کشور", "Whole country"),
    "group.support": ("نهادهای حمایتی", "Support institutions"),
    "group.subsidy": ("یارانه‌بگیران", "Cash-subsidy recipients"),
    "group.employee": ("کارمندان دولت", "Government employees"),
    "group.retiree": ("بازنشستگان", "Retirees"),
    "group.removed": ("حذف‌شدگان سال اخیر", "Removed in the last year"),
    "group.late_applicant": ("متقاضیان جدید", "Late applicants"),
    "banner.sample": (
        "داده‌های نمونه (ساختگی) — خانوارها و خریدها با نسبت {fraction} نمونه‌گیری شده‌اند؛ "
        "ارقام خانوار (≈) برآورد در مقیاس کامل‌اند و سرانه‌ها بر پایه جمعیت سرشماری ۱۳۹۵.",
        "Sample (synthetic) data: households and purchases sampled {fraction}; household "
        "figures (≈) are full-scale estimates; per-resident figures use the 2016 census.",
    ),
    "banner.sample_full": (
        "داده‌های نمونه (ساختگی) در مقیاس کامل.",
        "Sample (synthetic) data at full scale.",
    ),
    "banner.fraction": ("۱ از {n}", "1 in {n}"),
    "estimate.mark": ("≈", "≈"),
    "estimate.file_note": (
        "ستون‌های {columns} برآورد در مقیاس کامل از نمونهٔ ۱ از {n} خانوار است "
        "(رقم نمونه ضرب در {n}).",
        "{columns}: full-scale estimates from a 1-in-{n} household sample "
        "(the sample's figures multiplied by {n}).",
    ),
    "empty.title": ("هنوز داده‌ای در پایگاه نیست", "The database holds no data yet"),
    "empty.body": (
        "برای ساختن داده‌های نمونه `make run` یا "
        "`python -m dashboard seed --preset sample` را اجرا کنید.",
        "Run `make run` or `python -m dashboard seed --preset sample` to build the sample data.",
    ),
    "empty.import": (
        "یا یک مسئول داده بسازید (`python -m dashboard user add NAME --role data_officer`) "
        "و داده‌های استان را در صفحه «داده‌ها» بارگذاری کنید.",
        "Or add a data officer (`python -m dashboard user add NAME --role data_officer`) "
        "and load the province's extracts on the Data page.",
    ),
    "outdated.body": (
        "این پایگاه داده با نسخه قدیمی‌تری ساخته شده است (ستون‌های ناموجود: {columns}). "
        "آن را دوباره بسازید: `make seed` یا `python -m dashboard seed`.",
        "This database was built by an older version (missing columns: {columns}). "
        "Rebuild it: `make seed` or `python -m dashboard seed`.",
    ),
    "overview.title": ("نمای کلی", "Overview"),
    "overview.delta_note": (
        "تغییر هر شاخص نسبت به ۷ روز پیش از تاریخ گزارش نشان داده شده است.",
        "Each figure shows its change over the 7 days before the as-of date.",
    ),
    "overview.table": ("جدول شاخص‌ها", "Figures"),
    "overview.no_credit": (
        "تا این تاریخ هیچ اعتباری آزاد نشده است (نخستین موج: {date}).",
        "No credit had been released by this date (first wave: {date}).",
    ),
    "overview.no_households": (
        "در این منطقه هیچ خانواری با این دهک‌ها و گروه تا این تاریخ اعتبار نگرفته است؛ "
        "فیلتر دهک یا گروه را باز کنید.",
        "No household of this area in these deciles and group had credit by this date; "
        "widen the decile or group filter.",
    ),
    "kpi.households": ("خانوارهای دارای اعتبار", "Households with credit"),
    "kpi.members": ("افراد تحت پوشش", "Members covered"),
    "kpi.released_toman": ("اعتبار آزادشده (تومان)", "Credit released (toman)"),
    "kpi.spent_toman": ("اعتبار خرج‌شده (تومان)", "Credit spent (toman)"),
    "kpi.uptake": ("نرخ مصرف اعتبار", "Uptake (spent / released)"),
    "kpi.reach": ("نرخ خانوارهای خریدار", "Reach (households buying)"),
    "kpi.active_stores": ("فروشگاه‌های فعال", "Active stores"),
    "kpi.dispatch_compliance": ("اعزام بازرس در ۲۴ ساعت", "Inspector dispatched within 24 h"),
    "kpi.overdue_tasks": ("وظایف عقب‌افتاده", "Overdue tasks"),
    "attention.title": ("نیازمند توجه", "Needs attention"),
    "attention.help": (
        "برای منطقه و تاریخ انتخاب‌شده؛ وظایف و ارجاع‌ها تا امروز. هر مورد به صفحه‌ای می‌رود "
        "که آن را توضیح می‌دهد.",
        "For the area and date chosen; tasks and escalations as of today. Each item opens "
        "the page that explains it.",
    ),
    "attention.none": ("موردی نیست", "Nothing"),
    "attention.lagging_uptake": ("کمترین مصرف اعتبار", "Lowest credit uptake"),
    "attention.lagging_reach": ("کمترین نرخ خانوارهای خریدار", "Lowest reach"),
    "attention.complaints": ("شکایات بدون اعزام", "Complaints not dispatched"),
    "attention.complaints_text": (
        "{at_risk} در خطر اکنون (۱۸ تا ۲۴ ساعت)، {overdue} عقب‌افتاده (بیش از ۲۴ ساعت)",
        "{at_risk} at risk now (18 to 24 h), {overdue} overdue (over 24 h)",
    ),
    "attention.tasks": ("وظایف عقب‌افتاده به تفکیک دستگاه", "Overdue tasks by agency"),
    "attention.escalations": ("ارجاع‌های بی‌پاسخ", "Open escalations"),
    "attention.escalations_text": (
        "{n} باز: {young} تا ۷ روز، {middle} تا ۳۰ روز، {old} بیش از ۳۰ روز",
        "{n} open: {young} up to 7 days, {middle} up to 30 days, {old} older",
    ),
    "attention.uncovered": ("روستاهای بدون فروشگاه", "Villages with no store"),
    "attention.uncovered_text": (
        "{n} روستا بدون فروشگاه در شعاع {r} کیلومتر",
        "{n} villages with no store within {r} km",
    ),
    "attention.stale": ("منابع دادهٔ کهنه", "Stale data sources"),
    "changes.title": ("از آخرین بازدید شما", "Since your last visit"),
    "changes.help": (
        "آنچه در منطقهٔ شما از ورود پیشین‌تان ({since}) تا اکنون تغییر کرده است؛ در نخستین ورود، "
        "هفت روز گذشته. ارقام داده تا پایان آخرین روز کامل هر لحظه خوانده می‌شوند، همان‌گونه که "
        "صفحه‌ها نشان می‌دهند. هر مورد به صفحه‌ای می‌رود که آن را توضیح می‌دهد.",
        "What changed in your area between your previous sign-in ({since}) and now; on a "
        "first sign-in, the last seven days. Data figures are read as of the last whole day "
        "at each moment, as the pages show them. Each item opens the page that explains it.",
    ),
    "changes.window": ("از {since} تا {now}", "from {since} to {now}"),
    "changes.data_days": (
        "ارقام داده تا پایان {after}، در برابر پایان {before}",
        "Data figures as of the end of {after}, against the end of {before}",
    ),
    "changes.data_still": (
        "دادهٔ تازه‌ای از پایان {after} نرسیده است: ارقام داده نمی‌توانند تغییر کرده باشند.",
        "No data has arrived after the end of {after}: data figures cannot have changed.",
    ),
    "changes.nothing": ("از {since} چیز تازه‌ای نیست.", "Nothing new since {since}."),
    "changes.item.complaints_overdue": (
        "شکایت‌هایی که مهلت ۲۴ ساعتهٔ اعزامشان گذشت",
        "Complaints that passed the 24-hour dispatch deadline",
    ),
    "changes.item.stores_flagged": (
        "فروشگاه‌هایی که تازه به فهرست بازرسی آمدند",
        "Stores newly listed for inspection",
    ),
    "changes.item.tasks_overdue": ("وظایفی که عقب افتادند", "Tasks that went overdue"),
    "changes.item.tasks_done": ("وظایف انجام‌شده", "Tasks done"),
    "changes.item.escalations_raised": ("ارجاع‌های تازه", "Escalations raised"),
    "changes.item.escalations_answered": ("ارجاع‌های پاسخ‌داده‌شده", "Escalations answered"),
    "changes.item.areas_lagging": (
        "مناطقی که به سه منطقهٔ عقب‌مانده پیوستند",
        "Areas that entered the three lowest in uptake or reach",
    ),
    "changes.item.imports": ("فایل‌های دادهٔ ذخیره‌شده", "Data extracts stored"),
    "digest.title": ("گزارش صبحگاهی کالابرگ", "Kalabarg morning digest"),
    "digest.for": ("برای {name}", "For {name}"),
    "digest.count": ("تعداد", "Count"),
    "digest.item": ("مورد", "Item"),
    "digest.link": ("صفحه", "Page"),
    "digest.footer": (
        "ساخته‌شده در {at} — داشبورد عملیاتی کالابرگ",
        "Made {at} — Kalabarg operations dashboard",
    ),
    "overview.kpi_table": ("جدول شاخص‌ها و دریافت فایل", "KPI table and downloads"),
    "kpi.no_change": ("بدون تغییر", "no change"),
    "brief.download": ("گزارش یک‌صفحه‌ای جلسه (PDF)", "One-page meeting brief (PDF)"),
    "brief.title": ("گزارش جلسه هماهنگی کالابرگ", "Kalabarg coordination brief"),
    "brief.no_credit": (
        "تا این تاریخ در این ناحیه اعتباری آزاد نشده است: ارقام مصرف و خرید خالی‌اند.",
        "No credit had been released in this area by this date: uptake figures are empty.",
    ),
    "brief.by_decile": ("نرخ مصرف اعتبار به تفکیک دهک", "Uptake by decile"),
    "brief.decile": ("دهک {n}", "Decile {n}"),
    "brief.lagging_uptake": ("کمترین نرخ مصرف اعتبار", "Lowest uptake"),
    "brief.lagging_reach": ("کمترین نرخ خانوارهای خریدار", "Lowest reach"),
    "brief.overdue_tasks": ("وظایف عقب‌افتاده (بیشترین تأخیر)", "Overdue tasks, longest first"),
    "brief.none": ("موردی نیست.", "None."),
    "brief.footer": (
        "ساخته‌شده در {at} توسط {by} — داشبورد عملیاتی کالابرگ",
        "Made {at} by {by} · Kalabarg operations dashboard",
    ),
    "brief.oldest_overdue": ("قدیمی‌ترین عقب‌افتاده", "Oldest overdue"),
    "brief.hours": ("{n} ساعت", "{n} h"),
    "brief.cut_terminals": ("کارتخوان معلق یا قطع‌شده", "Terminals suspended or cut"),
    "brief.uncovered": ("روستای بی‌فروشگاه در شعاع", "Villages with no store in reach"),
    "brief.escalations": ("ارجاع‌های بی‌پاسخ", "Open escalations"),
    "brief.age.week": ("تا ۷ روز", "Up to 7 days"),
    "brief.age.month": ("۸ تا ۳۰ روز", "8 to 30 days"),
    "brief.age.older": ("بیش از ۳۰ روز", "Over 30 days"),
    "kpi.no_value": ("—", "—"),
    "table.first_rows": (
        "{n} ردیف نخست از {total} ردیف در این ترتیب نشان داده شده است.",
        "The first {n} of {total} rows in this order are shown here.",
    ),
    "col.key": ("کلید", "Key"),
    "col.figure": ("شاخص", "Figure"),
    "col.value": ("مقدار", "Value"),
    "col.value_7_days_before": ("۷ روز پیش", "7 days before"),
    "download.csv": ("دریافت CSV", "Download CSV"),
    "download.xlsx": ("دریافت Excel", "Download Excel"),
    "download.publish": ("دریافت برای انتشار (CSV)", "For publication (CSV)"),
    "publish.file_note": (
        "برای انتشار: شمار خانوار، خریدار، عضو، شکایت، گزارش‌دهنده و متقاضی کمتر از {n} در "
        "ردیف‌های پایین‌تر از استان خالی است (یادداشت: suppressed)، همراه با خانه‌های دیگری که "
        "نگذارند آن‌ها از جمع‌ها به دست آیند؛ مبلغ‌ها و نسبت‌های ساخته از آن‌ها نیز خالی است.",
        "For publication: counts of households, buyers, members, complaints, reporters and "
        "applicants under {n} in rows below province level are empty (note: suppressed), with "
        "other cells so that none can be worked out from the totals; money sums and ratios "
        "computed from them are empty too.",
    ),
    "uptake.title": ("مصرف اعتبار", "Credit uptake"),
    "uptake.by_decile": ("مصرف و خرید به تفکیک دهک", "Uptake and reach by decile"),
    "uptake.topup": ("سهم پرداخت نقدی (مابه‌التفاوت) به تفکیک دهک", "Top-up share by decile"),
    "uptake.topup_help": (
        "سهم پول نقدی خریداران از کل مبلغ خرید: نقد ÷ (اعتبار + نقد).",
        "Cash paid by buyers as a share of what they bought: cash / (credit + cash).",
    ),
    "uptake.heat_provinces": ("مصرف اعتبار: استان × دهک", "Uptake: province × decile"),
    "uptake.heat_counties": ("مصرف اعتبار: شهرستان × دهک", "Uptake: county × decile"),
    "uptake.heat_help": (
        "عقب‌مانده‌ها در بالا. با کلیک روی یک خانه یا یک ردیف جدول، کل صفحه به آن منطقه محدود "
        "می‌شود و نشانی صفحه هم تغییر می‌کند.",
        "Laggards on top. Click a square, or a row of the table below, to narrow the whole "
        "page to that area; the link changes with it.",
    ),
    "uptake.waves": (
        "منحنی موج‌ها: خانوارهای خریدار از روز آغاز موج",
        "Wave curves: reach by days since the wave opened",
    ),
    "uptake.waves_help": (
        "هر خانوار در موج نخستین اعتبارش شمرده می‌شود.",
        "Each household counts in the wave that first opened its credit.",
    ),
    "uptake.months": (
        "اعتبار آزادشده، خرج‌شده و مانده به تفکیک ماه",
        "Released, spent and balance by month",
    ),
    "uptake.months_help": (
        "مانده اعتبار به ماه‌های بعد منتقل می‌شود؛ خط، مانده انباشته در پایان هر ماه "
        "(یا تاریخ گزارش) است.",
        "Unspent credit rolls over; the line is the balance carried at each month's end "
        "(or at the as-of date).",
    ),
    "uptake.balance_age": (
        "مانده اعتبار به تفکیک ماه اعطا",
        "Unspent credit by the month it was given",
    ),
    "uptake.balance_age_help": (
        "هر خانوار نخست قدیمی‌ترین اعتبارش را خرج می‌کند؛ درصد، سهم ماندهٔ اعتبار آن ماه است. "
        "فیلتر دهک و گروه روی این نمودار اثر ندارد.",
        "Each household spends its oldest credit first; the percentage is the share of that "
        "month's credit still unspent. The decile and group filters do not apply here.",
    ),
    "uptake.basket": (
        "سبد خرید: سهم هر قلم از ارزش خرید",
        "The basket: each item's share of value",
    ),
    "uptake.basket_help": (
        "فیلتر دهک و گروه روی سبد اثر ندارد.",
        "The decile and group filters do not apply to the basket.",
    ),
    "uptake.tab_waves": ("منحنی موج‌ها", "Wave curves"),
    "uptake.tab_months": ("ماه به ماه", "By month"),
    "uptake.tab_balance_age": ("عمر مانده اعتبار", "Age of unspent credit"),
    "uptake.tab_basket": ("سبد خرید", "The basket"),
    "uptake.ranked_provinces": ("رتبه‌بندی استان‌ها", "Provinces ranked"),
    "uptake.ranked_counties": ("رتبه‌بندی شهرستان‌ها", "Counties ranked"),
    "uptake.decile": ("دهک", "Decile"),
    "uptake.uptake": ("مصرف اعتبار", "Uptake"),
    "uptake.reach": ("خانوارهای خریدار", "Reach"),
    "uptake.days_since": ("روز از آغاز موج", "Days since the wave opened"),
    "uptake.released_toman": ("آزادشده", "Released"),
    "uptake.spent_toman": ("خرج‌شده", "Spent"),
    "uptake.balance_toman": ("مانده", "Balance"),
    # the programme's other channels (issue 30)
    "nav.channels": ("مادران و متقاضیان", "Mothers & applicants"),
    "channels.title": ("بسته‌های مادران و متقاضیان جدید", "Mothers' packages and new applicants"),
    "method_two.title": ("روش دوم: بستهٔ ۹ قلمی", "Method two: the 9-item package"),
    "method_two.help": (
        "خانوارهایی که برای بستهٔ ثابت ۹ قلمی (روش دوم) ثبت‌نام کرده‌اند و آن را از فروشگاه "
        "می‌گیرند. ثبت‌نام‌شده: تا پایان روز مبنا ثبت‌نام کرده و لغو نکرده؛ در انتظار: هنوز "
        "تحویل نگرفته؛ عقب‌افتاده: بیش از {days} روز از ثبت‌نام گذشته. نرخ ثبت‌نام: "
        "ثبت‌نام‌شده‌ها تقسیم بر خانوارهای دارای اعتبار.",
        "Households registered for the fixed 9-item package (method two), collected at a "
        "store. Registered: by the end of the as-of day and not cancelled; pending: not yet "
        "delivered; overdue: pending more than {days} days after registering. Registration "
        "rate: registered over households with credit.",
    ),
    "method_two.by_decile": ("نرخ ثبت‌نام به تفکیک دهک", "Registration rate by decile"),
    "method_two.pending_by_age": (
        "ثبت‌نام‌های در انتظار تحویل، بر حسب روز از ثبت‌نام",
        "Registrations awaiting delivery, by days since registering",
    ),
    "mothers.title": ("بسته‌های ویژهٔ مادران", "Mothers' packages"),
    "mothers.help": (
        "بسته‌های غذایی، بهداشتی و پوشک برای مادران باردار و مادران شیرخواران. دریافت‌نشدهٔ "
        "عقب‌افتاده: صادرشده و پس از {days} روز هنوز دریافت نشده. نرخ دریافت: دریافت‌شده‌ها "
        "تقسیم بر صادرشده‌ها.",
        "Food, hygiene and nappy packages for pregnant women and mothers of infants. "
        "Uncollected overdue: issued and still not collected {days} days after the issue day. "
        "Collection rate: collected over issued.",
    ),
    "mothers.eligible": ("مشمول", "Eligible"),
    "mothers.issued": ("صادرشده", "Issued"),
    "mothers.collected": ("دریافت‌شده", "Collected"),
    "mothers.collection_rate": ("نرخ دریافت", "Collection rate"),
    "mothers.uncollected_overdue": ("دریافت‌نشده پس از مهلت", "Uncollected past the target"),
    "mothers.median_collect_days": ("میانهٔ روز تا دریافت", "Median days to collection"),
    "mothers.map": ("نرخ دریافت به تفکیک شهرستان", "Collection rate by county"),
    "mothers.map_needs_province": (
        "برای نقشهٔ شهرستان‌ها، یک استان را برگزینید.",
        "Choose a province to map its counties.",
    ),
    "applications.title": ("درخواست‌های جدید عضویت", "New applications"),
    "applications.help": (
        "کسانی که خودکار مشمول نیستند و در مهلت ۱۵ روزه درخواست داده‌اند. در انتظار عقب‌افتاده: "
        "بیش از {days} روز پس از ثبت، هنوز بی‌تصمیم. دهک و گروه این جدول را محدود نمی‌کنند.",
        "People not covered automatically who applied in the 15-day window. Pending overdue: "
        "still undecided more than {days} days after filing. Deciles and group do not narrow "
        "this table.",
    ),
    "applications.not_narrowed": (
        "متقاضیان هنوز خانوار نیستند: دهک و گروه انتخاب‌شده این بخش را محدود نمی‌کند.",
        "Applicants are not households yet: the chosen deciles and group do not narrow this part.",
    ),
    "applications.filed": ("درخواست ثبت‌شده", "Filed"),
    "applications.approved": ("پذیرفته", "Approved"),
    "applications.rejected": ("ردشده", "Rejected"),
    "applications.pending": ("در انتظار تصمیم", "Awaiting a decision"),
    "applications.pending_overdue": ("بی‌تصمیم پس از مهلت", "Undecided past the target"),
    "applications.median_decision_days": ("میانهٔ روز تا تصمیم", "Median days to a decision"),
    "chart.no_registrations": (
        "در این منطقه و تاریخ، ثبت‌نامی برای روش دوم نیست.",
        "No method-two registrations in this area by this date.",
    ),
    "chart.none_pending": (
        "هیچ ثبت‌نامی در انتظار تحویل نیست.",
        "No registration is awaiting delivery.",
    ),
    "chart.days_between": ("{lo} تا {hi} روز", "{lo}-{hi} days"),
    "chart.days_between_over": ("بیش از {n} روز", "over {n} days"),
    "chart.days_short": ("{lo}–{hi}", "{lo}–{hi}"),
    "chart.days_short_over": ("{n}+", "{n}+"),
    "chart.days_pending": ("روز از ثبت‌نام", "Days since registering"),
    "chart.within_target": ("در مهلت", "Within the target"),
    "chart.past_target": ("پس از مهلت", "Past the target"),
    "col.households_with_credit": ("خانوار دارای اعتبار", "Households with credit"),
    "col.registered": ("ثبت‌نام‌شده", "Registered"),
    "col.cancelled": ("لغوشده", "Cancelled"),
    "col.delivered": ("تحویل‌شده", "Delivered"),
    "col.pending": ("در انتظار", "Pending"),
    "col.pending_overdue": ("عقب‌افتاده", "Overdue"),
    "col.registration_rate": ("نرخ ثبت‌نام", "Registration rate"),
    "col.median_delivery_days": ("میانهٔ روز تا تحویل", "Median days to delivery"),
    "col.eligible": ("مشمول", "Eligible"),
    "col.issued": ("صادرشده", "Issued"),
    "col.collected": ("دریافت‌شده", "Collected"),
    "col.collection_rate": ("نرخ دریافت", "Collection rate"),
    "col.uncollected_overdue": ("دریافت‌نشده پس از مهلت", "Uncollected, overdue"),
    "col.median_collect_days": ("میانهٔ روز تا دریافت", "Median days to collection"),
    "col.filed": ("ثبت‌شده", "Filed"),
    "col.decided": ("تصمیم‌گرفته", "Decided"),
    "col.approved": ("پذیرفته", "Approved"),
    "col.rejected": ("ردشده", "Rejected"),
    "col.median_decision_days": ("میانهٔ روز تا تصمیم", "Median days to a decision"),
    "measure.collection_rate": ("نرخ دریافت بستهٔ مادران", "Mothers' packages collected"),
    "brief.channels": ("روش دوم، مادران و متقاضیان", "Method two, mothers and applicants"),
    "attention.method_two": ("روش دوم: تحویل عقب‌افتاده", "Method two: deliveries overdue"),
    "attention.method_two_text": (
        "{n} ثبت‌نام بیش از {days} روز در انتظار تحویل",
        "{n} registrations waiting more than {days} days for delivery",
    ),
    "attention.mothers": ("بستهٔ مادران: دریافت‌نشده", "Mothers' packages uncollected"),
    "attention.mothers_text": (
        "{n} بستهٔ صادرشده پس از {days} روز هنوز دریافت نشده",
        "{n} issued packages still uncollected after {days} days",
    ),
    "attention.applications": ("درخواست‌های بی‌تصمیم", "Applications undecided"),
    "attention.applications_text": (
        "{n} درخواست بیش از {days} روز بی‌تصمیم",
        "{n} applications undecided for more than {days} days",
    ),
    "chart.toman": ("تومان", "toman"),
    "chart.toman_amount": ("{v} تومان", "{v} toman"),
    "chart.decile_n": ("دهک {n}", "Decile {n}"),
    "chart.day_n": ("روز {n}", "Day {n}"),
    "chart.hours_n": ("{h} ساعت", "{h} h"),
    "chart.hours_or_more": ("{h} ساعت یا بیشتر", "{h} h or more"),
    "chart.complaints_n": ("{n} شکایت", "{n} complaints"),
    "chart.no_households": (
        "تا این تاریخ هیچ خانواری با این فیلترها اعتبار نگرفته است.",
        "No households matching these filters had credit by this date.",
    ),
    "chart.no_credit": (
        "تا این تاریخ اعتباری به خانوارهای این فیلترها داده نشده است.",
        "No credit had been released to these households by this date.",
    ),
    "chart.no_credit_area": (
        "تا این تاریخ اعتباری در این منطقه آزاد نشده است.",
        "No credit had been released in this area by this date.",
    ),
    "chart.no_purchases": (
        "خانوارهای این فیلترها تا این تاریخ خریدی نکرده‌اند.",
        "These households had bought nothing by this date.",
    ),
    "chart.no_purchases_area": (
        "تا این تاریخ در این منطقه خریدی با کالابرگ ثبت نشده است.",
        "Nothing had been bought with the coupon in this area by this date.",
    ),
    "chart.no_waves": (
        "تا این تاریخ هیچ موجی برای خانوارهای این فیلترها آغاز نشده است.",
        "No wave had opened for these households by this date.",
    ),
    "chart.no_stores": (
        "در این تاریخ هیچ فروشگاه فعالی در این منطقه نبود.",
        "No store was active in this area on this date.",
    ),
    "chart.no_complaints": (
        "تا این تاریخ شکایتی در این منطقه ثبت نشده است.",
        "No complaints had been filed in this area by this date.",
    ),
    "chart.none_judged": (
        "هنوز برای هیچ شکایتی بازرس اعزام نشده و مهلت هیچ‌کدام نگذشته است.",
        "No complaint has been dispatched or run past the target yet.",
    ),
    "chart.none_dispatched": (
        "تا این تاریخ برای هیچ شکایتی بازرس اعزام نشده است.",
        "No inspector had been dispatched for any complaint by this date.",
    ),
    "chart.none_closed": (
        "تا این تاریخ هیچ شکایتی بسته نشده است.",
        "No complaint had been closed by this date.",
    ),
    "chart.note.households": (
        "فیلتر دهک و گروه روی این نمودار اثر ندارد: همه خانوارهای منطقه را نشان می‌دهد.",
        "The decile and group filters do not apply: this chart covers all households here.",
    ),
    "chart.note.stores": (
        "فروشگاه‌ها دهک و گروه ندارند: این نمودار همه دهک‌ها و گروه‌ها را در بر می‌گیرد.",
        "Stores have no decile or group: this chart covers all deciles and groups.",
    ),
    "chart.note.complaints": (
        "شکایت‌ها دهک و گروه ندارند: این نمودار همه شکایت‌های منطقه را نشان می‌دهد.",
        "Complaints have no decile or group: this chart covers all complaints here.",
    ),
    "map.stores": ("فروشگاه‌های فعال", "Active stores"),
    "map.cut": ("کارتخوان‌های تعلیق یا قطع‌شده", "Suspended or cut terminals"),
    "map.borders": ("مرز استان و شهرستان‌ها", "Province and county borders"),
    "map.county_names": ("نام شهرستان‌ها", "County names"),
    "map.density": ("تراکم فروشگاه در هر شهرستان", "Store density per county"),
    "map.villages": ("روستاها بر پایه پوشش", "Villages by coverage"),
    "map.per_10k": ("فروشگاه در هر ۱۰ هزار نفر", "stores per 10,000 residents"),
    "map.hh_per_store": ("خانوار برای هر فروشگاه", "households per store"),
    "map.nearest_store": ("نزدیک‌ترین فروشگاه", "Nearest store"),
    "map.nearest_chain": ("نزدیک‌ترین فروشگاه زنجیره‌ای", "Nearest chain store"),
    "map.km": ("کیلومتر", "km"),
    "map.m": ("متر", "m"),
    "map.legend": ("راهنمای نقشه", "Legend"),
    "kind.chain": ("فروشگاه زنجیره‌ای", "Chain store"),
    "kind.small_shop": ("فروشگاه خرد", "Small shop"),
    "kind.cooperative": ("تعاونی", "Cooperative"),
    "status.active": ("فعال", "Active"),
    "status.suspended": ("تعلیق‌شده", "Suspended"),
    "status.terminated": ("کارتخوان قطع‌شده", "Terminal cut"),
    "coverage.chain": ("فروشگاه زنجیره‌ای تا {r} کیلومتری", "Chain store within {r} km"),
    "coverage.small_shop_only": (
        "فقط فروشگاه خرد تا {r} کیلومتری",
        "Small shop only within {r} km (the fallback)",
    ),
    "coverage.none": ("بدون فروشگاه تا {r} کیلومتری", "No store within {r} km"),
    "complaints.title": ("شکایات و اعزام بازرس", "Complaints and inspector dispatch"),
    "complaints.compliance": ("اعزام در ۲۴ ساعت", "Dispatched within 24 h"),
    "complaints.median": ("میانه زمان اعزام (ساعت)", "Median dispatch time (h)"),
    "complaints.p90": ("صدک ۹۰ زمان اعزام (ساعت)", "90th percentile (h)"),
    "complaints.count": ("شکایت‌ها تا این تاریخ", "Complaints to date"),
    "complaints.at_risk": ("در خطر اکنون (۱۸ تا ۲۴ ساعت)", "At risk now (18-24 h)"),
    "complaints.overdue": ("عقب‌افتاده (بیش از ۲۴ ساعت)", "Overdue (over 24 h)"),
    "complaints.none": (
        "تا این تاریخ شکایتی در این منطقه ثبت نشده است.",
        "No complaints had been filed in this area by this date.",
    ),
    "complaints.trend": (
        "روند هفتگی اعزام در ۲۴ ساعت",
        "Weekly compliance with the 24-hour target",
    ),
    "complaints.trend_help": (
        "برای شکایت‌های ثبت‌شده در هر هفته (از شنبه)، تا تاریخ گزارش.",
        "For the complaints filed each week (from Saturday), as of the date.",
    ),
    "complaints.distribution": ("توزیع زمان اعزام", "Distribution of dispatch times"),
    "complaints.week_of": ("هفته", "Week of"),
    "complaints.target_line": ("هدف {h} ساعت", "{h} h target"),
    "complaints.hours": (
        "ساعت از ثبت تا اعزام ({cap} یعنی {cap} یا بیشتر)",
        "Hours from filing to dispatch ({cap} means {cap} or more)",
    ),
    "complaints.by": ("بدترین‌ها در بالا", "Worst first"),
    "complaints.by_county": ("شهرستان", "County"),
    "complaints.by_channel": ("مسیر ثبت", "Channel"),
    "complaints.by_kind": ("نوع تخلف", "Violation kind"),
    "complaints.at_risk_now": (
        "در خطر اکنون: هنوز در مهلت ۲۴ ساعت",
        "At risk now: still within 24 h",
    ),
    "complaints.at_risk_now_help": (
        "شکایت‌هایی که تا پایان تاریخ گزارش بازرس نگرفته‌اند و بیش از ۱۸ و حداکثر ۲۴ ساعت از "
        "ثبتشان گذشته است: هنوز می‌توان در مهلت بازرس فرستاد. کم‌فرصت‌ترین در بالا.",
        "Complaints with no inspector dispatched by the end of the as-of date, filed more than "
        "18 and at most 24 hours before: an inspector can still be sent in time. Least time left "
        "first.",
    ),
    "complaints.at_risk_none": (
        "اکنون هیچ شکایتی در خطر نیست: شکایتی نیست که ۱۸ تا ۲۴ ساعت از ثبتش گذشته و بازرس "
        "نگرفته باشد.",
        "No complaint is at risk now: none has waited 18 to 24 hours since filing without an "
        "inspector dispatched.",
    ),
    "complaints.backlog": (
        "عقب‌افتاده‌ها: بیش از ۲۴ ساعت بدون اعزام",
        "Overdue backlog: over 24 h",
    ),
    "complaints.backlog_help": (
        "شکایت‌هایی که تا پایان تاریخ گزارش بازرس نگرفته‌اند و بیش از ۲۴ ساعت از ثبتشان "
        "گذشته است؛ قدیمی‌ترین در بالا.",
        "Complaints with no inspector dispatched by the end of the as-of date, filed over 24 hours "
        "before; oldest first.",
    ),
    "complaints.backlog_none": (
        "شکایت عقب‌افتاده‌ای نیست: برای هر شکایتی که بیش از ۲۴ ساعت از ثبتش گذشته، بازرس اعزام "
        "شده است.",
        "No overdue complaints: every complaint filed over 24 hours before has had an inspector "
        "dispatched.",
    ),
    "complaints.watchlist_download": (
        "هر دو فهرست در یک فایل، با وضعیت هر شکایت:",
        "Both lists in one file, with each complaint's state:",
    ),
    "complaints.sanctions": (
        "زنجیره برخورد: نتیجه و اقدام",
        "The sanction chain: outcomes and actions",
    ),
    "complaints.three": (
        "فروشگاه‌های دارای گزارش از سه نفر یا بیشتر",
        "Stores reported by three or more people",
    ),
    "complaints.three_help": (
        "شکایت‌هایی که بی‌اساس شناخته شده‌اند شمرده نمی‌شوند.",
        "Complaints found unfounded do not count.",
    ),
    "complaints.three_none": (
        "تا این تاریخ هیچ فروشگاهی از سه نفر یا بیشتر شکایت نداشته است (شکایت‌های بی‌اساس "
        "شمرده نمی‌شوند).",
        "By this date no store had complaints from three or more people (complaints found "
        "unfounded do not count).",
    ),
    "sanction.unfounded": ("بی‌اساس", "Unfounded"),
    "sanction.violation": ("تخلف", "Violation"),
    "sanction.warning": ("اخطار", "Warning"),
    "sanction.terminal_cut": ("قطع کارتخوان", "Terminal cut"),
    "sanction.tazirat_referral": ("ارجاع به تعزیرات", "Referred to tazirat"),
    "channel.shamim": ("اپلیکیشن شمیم", "Shamim app"),
    "channel.portal": ("درگاه اینترنتی", "Portal"),
    "channel.call_centre": ("مرکز تماس ۶۳۶۹", "6369 call centre"),
    "channel.bale": ("بازوی بله", "Bale bot"),
    "violation.non_eligible_item": ("فروش کالای خارج از سبد", "Non-eligible item"),
    "violation.forced_purchase": ("خرید اجباری", "Forced purchase"),
    "violation.overcharge": ("گران‌فروشی", "Overcharge"),
    "violation.other": ("سایر", "Other"),
    "col.complaints": ("شکایت", "Complaints"),
    "col.on_time": ("به‌موقع", "On time"),
    "col.late": ("با تأخیر", "Late"),
    "col.overdue": ("عقب‌افتاده", "Overdue"),
    "col.open_within_target": ("باز در مهلت", "Open within target"),
    "col.compliance": ("اعزام در ۲۴ ساعت", "Within 24 h"),
    "col.median_dispatch_h": ("میانه (ساعت)", "Median (h)"),
    "col.p90_dispatch_h": ("صدک ۹۰ (ساعت)", "p90 (h)"),
    "col.channel": ("مسیر ثبت", "Channel"),
    "col.kind": ("نوع", "Kind"),
    "col.store_name": ("فروشگاه", "Store"),
    "col.age_h": ("ساعت از ثبت", "Hours since filing"),
    "col.hours_left": ("ساعت مانده تا مهلت", "Hours left"),
    "col.terminal_id": ("شماره پایانه", "Terminal ID"),
    "col.filed_at": ("زمان ثبت", "Filed"),
    "col.state": ("وضعیت", "State"),
    "col.reporters": ("گزارش‌دهنده", "Reporters"),
    "col.terminal_cut": ("کارتخوان قطع شده؟", "Terminal cut?"),
    "col.unfounded": ("بی‌اساس", "Unfounded"),
    "col.violation": ("تخلف", "Violation"),
    "col.warning": ("اخطار", "Warning"),
    "col.tazirat_referral": ("ارجاع به تعزیرات", "Tazirat"),
    "yes": ("بله", "Yes"),
    "no": ("خیر", "No"),
    "task.error.not_allowed": (
        "نقش شما اجازه این تغییر را نمی‌دهد؛ چیزی ثبت نشد.",
        "Your role does not allow this change; nothing was saved.",
    ),
    "task.error.title_empty": ("عنوان وظیفه خالی است.", "The task has no title."),
    "task.error.title_long": (
        "عنوان بیش از {limit} نویسه است.",
        "The title is over {limit} characters.",
    ),
    "task.error.owner_long": (
        "نام مسئول بیش از {limit} نویسه است.",
        "The owner's name is over {limit} characters.",
    ),
    "task.error.note_long": (
        "یادداشت بیش از {limit} نویسه است.",
        "The note is over {limit} characters.",
    ),
    "task.error.problem_empty": ("شرح مشکل خالی است.", "The problem is empty."),
    "task.error.problem_long": (
        "شرح مشکل بیش از {limit} نویسه است.",
        "The problem is over {limit} characters.",
    ),
    "task.error.answer_empty": ("پاسخ خالی است.", "The answer is empty."),
    "task.error.answer_long": (
        "پاسخ بیش از {limit} نویسه است.",
        "The answer is over {limit} characters.",
    ),
    "task.error.due_before_created": (
        "مهلت نمی‌تواند پیش از تاریخ ایجاد وظیفه باشد.",
        "The due date cannot be before the task was created.",
    ),
    "task.error.priority": ("اولویت باید ۱، ۲ یا ۳ باشد.", "The priority must be 1, 2 or 3."),
    "task.error.agency": ("دستگاه «{agency}» شناخته نیست.", "Unknown agency: {agency}."),
    "task.error.status": ("وضعیت «{status}» شناخته نیست.", "Unknown status: {status}."),
    "task.error.level": ("سطح «{level}» شناخته نیست.", "Unknown level: {level}."),
    "task.error.field": (
        "این فیلدها ویرایش‌پذیر نیستند: {field}",
        "These fields cannot be edited: {field}",
    ),
    "task.error.nothing": ("تغییری برای ثبت نیست.", "There is nothing to save."),
    "task.error.missing": ("وظیفه {task} پیدا نشد.", "Task {task} was not found."),
    "task.error.stale": (
        "این وظیفه در این فاصله را کس دیگری تغییر داده است؛ چیزی ذخیره نشد.",
        "Someone else changed this task meanwhile; nothing was saved.",
    ),
    "task.error.answered": (
        "این موضوع پیش‌تر پاسخ گرفته است.",
        "This escalation was already answered.",
    ),
    "task.error.session_ended": (
        "نشست شما پیش از این ثبت پایان یافته بود؛ چیزی ثبت نشد.",
        "Your session had ended before this save; nothing was saved.",
    ),
    "tasks.title": ("وظایف کمیته", "Committee tasks"),
    "tasks.read_only": (
        "نقش شما این وظیفه را فقط نشان می‌دهد؛ تغییر آن با دستگاه یا حوزه مسئول آن است.",
        "Your role shows this task read only; its own agency or area changes it.",
    ),
    "tasks.live": (
        "وظایف و ارجاع‌ها کار جاری‌اند و تا امروز، {today} (به وقت تهران)، نشان داده می‌شوند؛ "
        "تاریخ نوار کناری ({as_of}) فقط شاخص‌های داده را تعیین می‌کند.",
        "Tasks and escalations are live work, shown as of today, {today} (Tehran time); the "
        "sidebar's as-of date ({as_of}) governs only the data figures.",
    ),
    "tasks.by_agency": ("دستگاه‌ها", "Agencies"),
    "tasks.board": ("وظایف، عقب‌افتاده‌ها در بالا", "Tasks, overdue first"),
    "tasks.mine": ("وظایف باز {agency}", "Open tasks of {agency}"),
    "tasks.mine_count": (
        "{open} وظیفهٔ باز، {overdue} عقب‌افتاده؛ عقب‌افتاده‌ها در بالا.",
        "{open} open, {overdue} overdue; overdue first.",
    ),
    "tasks.mine_none": (
        "دستگاه شما امروز وظیفهٔ بازی در این منطقه ندارد.",
        "Your agency has no open task in this area today.",
    ),
    "tasks.edit": ("به‌روزرسانی یک وظیفه", "Update a task"),
    "tasks.pick": ("وظیفه", "Task"),
    "tasks.filter_all": ("همه", "All"),
    "tasks.province_wide": ("کل استان", "Province-wide"),
    "tasks.none_match": (
        "هیچ وظیفه‌ای با این دستگاه، مسئول و منطقه نیست.",
        "No task matches the chosen agency, owner and area.",
    ),
    "tasks.tab": ("{name} ({count})", "{name} ({count})"),
    "tasks.empty.overdue": ("امروز هیچ وظیفه‌ای از مهلتش نگذشته است.", "No task is overdue today."),
    "tasks.empty.todo": ("هیچ وظیفه‌ای در انتظار شروع نیست.", "No task is waiting to be started."),
    "tasks.empty.in_progress": ("هیچ وظیفه‌ای در حال انجام نیست.", "No task is in progress."),
    "tasks.empty.blocked": ("هیچ وظیفه‌ای متوقف نیست.", "No task is blocked."),
    "tasks.empty.done": ("هنوز هیچ وظیفه‌ای انجام نشده است.", "No task has been done yet."),
    "tasks.history": ("تاریخچه", "History"),
    "tasks.no_history": (
        "برای این وظیفه هنوز تغییری ثبت نشده است.",
        "No change to this task has been recorded yet.",
    ),
    "tasks.save": ("ثبت تغییر", "Save the change"),
    "tasks.saved": (
        "ثبت شد: وظیفه #{task} اکنون «{status}» است.",
        "Saved: task #{task} is now “{status}”.",
    ),
    "tasks.change": ("{field}: از {old} به {new}", "{field}: {old} → {new}"),
    "tasks.note_only": (
        "تنها یادداشتی افزوده شد (تاریخچه را ببینید)",
        "only a note was added (see the history)",
    ),
    "tasks.changed": (
        "این وظیفه پس از باز کردن شما تغییر کرده است: {changes}. فرم همان را نشان می‌دهد که "
        "شما دیدید؛ اگر ثبت کنید، پیش از هر چیز تغییرهای تازه را می‌بینید.",
        "This task has changed since you opened it: {changes}. The form still shows it as you "
        "found it; saving will first show you the new values.",
    ),
    "tasks.stale_by": (
        "ثبت نشد: {who} این وظیفه را در {when}، پس از باز کردن شما، تغییر داد.",
        "Not saved: {who} changed this task at {when}, after you opened it.",
    ),
    "tasks.stale": (
        "ثبت نشد: کس دیگری این وظیفه را پس از باز کردن شما تغییر داد.",
        "Not saved: someone else changed this task after you opened it.",
    ),
    "tasks.stale_changes": ("تغییرها: {changes}.", "What changed: {changes}."),
    "tasks.stale_kept": (
        "آنچه نوشته‌اید در فرم مانده است و خانه‌هایی که دست نزده بودید مقدار تازه را نشان "
        "می‌دهند؛ بررسی کنید و دوباره ثبت کنید.",
        "What you typed is still in the form, and the fields you had not touched now show the "
        "new values: check them and save again.",
    ),
    "tasks.note": ("یادداشت", "Note"),
    "tasks.add": ("وظیفه تازه", "New task"),
    "tasks.create": ("افزودن وظیفه", "Add the task"),
    "tasks.new_area": ("برای: {area}", "For: {area}"),
    "tasks.created": ("وظیفه #{task} افزوده شد.", "Task #{task} was added."),
    "tasks.escalations": (
        "موضوعات ارجاعی بی‌پاسخ (قدیمی‌ترین در بالا)",
        "Open escalations (oldest first)",
    ),
    "tasks.raise": ("ارجاع موضوع تازه", "Raise a problem"),
    "tasks.raise_button": ("ثبت ارجاع", "Raise it"),
    "tasks.raised": ("موضوع ارجاع شد.", "The problem was raised."),
    "tasks.answer": ("ثبت پاسخ", "Record the answer"),
    "tasks.answered": ("پاسخ ثبت شد.", "The answer was recorded."),
    "tasks.answered_recently": (
        "ارجاع‌های پاسخ‌داده‌شده در {days} روز گذشته",
        "Escalations answered in the last {days} days",
    ),
    "tasks.no_escalations": (
        "در این منطقه موضوع ارجاعی بی‌پاسخی نیست.",
        "There are no open escalations in this area.",
    ),
    "tasks.none": ("در این منطقه وظیفه‌ای نیست.", "There are no tasks in this area."),
    "tasks.need_province": (
        "برای افزودن وظیفه یا ارجاع، یک استان برگزینید.",
        "Choose a province to add a task or raise a problem.",
    ),
    "taskstatus.todo": ("انجام‌نشده", "To do"),
    "taskstatus.in_progress": ("در حال انجام", "In progress"),
    "taskstatus.blocked": ("متوقف", "Blocked"),
    "taskstatus.done": ("انجام‌شده", "Done"),
    "level.provincial": ("استانی", "Provincial"),
    "level.national": ("ملی", "National"),
    "col.agency_name": ("دستگاه", "Agency"),
    "col.task_ref": ("شماره", "No."),
    "col.province_name": ("استان", "Province"),
    "col.open": ("باز", "Open"),
    "col.done": ("انجام‌شده", "Done"),
    "col.on_time_rate": ("انجام به‌موقع", "Done on time"),
    "col.title": ("عنوان", "Title"),
    "col.owner": ("مسئول", "Owner"),
    "col.due_on": ("مهلت", "Due"),
    "col.done_on": ("انجام در", "Done on"),
    "col.days_overdue": ("روز تأخیر", "Days overdue"),
    "date.day": ("{field}: روز", "{field}: day"),
    "date.month": ("ماه", "Month"),
    "date.year": ("سال", "Year"),
    "date.no_such_day": (
        "روز {day} {month} {year} وجود ندارد: {month} {year} {days} روز دارد.",
        "There is no {day} {month} {year}: {month} {year} has {days} days.",
    ),
    "col.status": ("وضعیت", "Status"),
    "col.priority": ("اولویت", "Priority"),
    "col.overdue_flag": ("عقب‌افتاده", "Overdue"),
    "col.at": ("زمان", "When"),
    "col.actor": ("کاربر", "Who"),
    "col.new_status": ("وضعیت", "Status"),
    "col.note": ("یادداشت", "Note"),
    "col.problem": ("مشکل", "Problem"),
    "col.level": ("سطح", "Level"),
    "col.raised_on": ("تاریخ ارجاع", "Raised"),
    "col.answered_on": ("تاریخ پاسخ", "Answered"),
    "col.answer": ("پاسخ", "Answer"),
    "col.age_days": ("روز", "Days open"),
    "col.raised_by": ("ارجاع‌دهنده", "Raised by"),
    "indicator.uncovered_villages": ("روستاهای بی‌فروشگاه", "Uncovered villages"),
    "indicator.dispatch_compliance": ("اعزام بازرس در ۲۴ ساعت", "Dispatch-target compliance"),
    "indicator.reach": ("نرخ خانوارهای خریدار", "Reach"),
    "indicator.uptake": ("نرخ مصرف اعتبار", "Uptake"),
    "indicator.active_stores": ("فروشگاه‌های فعال", "Active stores"),
    "indicator.overdue_tasks": ("وظایف عقب‌افتاده", "Overdue tasks"),
    "tasks.indicator": ("شاخصی که این وظیفه باید جابه‌جا کند", "The figure this task should move"),
    "tasks.answer_pick": ("موضوع", "Escalation"),
    "tasks.answer_text": ("پاسخ", "Answer"),
    "col.area_name": ("منطقه", "Area"),
    "col.county_name": ("شهرستان", "County"),
    "col.name": ("نام", "Name"),
    "col.chain": ("زنجیره‌ای", "Chain"),
    "col.small_shop": ("خرد", "Small shop"),
    "col.cooperative": ("تعاونی", "Cooperative"),
    "col.active": ("فعال", "Active"),
    "col.suspended": ("تعلیق", "Suspended"),
    "col.terminated": ("قطع کارتخوان", "Terminal cut"),
    "col.residents": ("جمعیت", "Residents"),
    "col.stores_per_10k": ("فروشگاه در ۱۰ هزار نفر", "Stores per 10,000"),
    "col.households_per_store": ("خانوار برای هر فروشگاه", "Households per store"),
    "col.villages": ("روستا", "Villages"),
    "col.villages_chain": ("روستا با زنجیره‌ای", "Villages: chain"),
    "col.villages_small_shop_only": ("روستا فقط با فروشگاه خرد", "Villages: small shop only"),
    "col.villages_none": ("روستای بی‌فروشگاه", "Villages: none"),
    "col.uncovered_share": ("سهم روستاهای بی‌فروشگاه", "Villages uncovered"),
    "col.population": ("جمعیت", "Population"),
    "col.nearest_store_km": ("نزدیک‌ترین فروشگاه (کیلومتر)", "Nearest store (km)"),
    "col.nearest_chain_km": ("نزدیک‌ترین زنجیره‌ای (کیلومتر)", "Nearest chain (km)"),
    "stores.title": ("فروشگاه‌ها و پوشش روستاها", "Stores and village coverage"),
    "stores.radius": (
        "شعاع پوشش R = {r} کیلومتر (از تنظیمات). نزدیک‌ترین فاصله‌ها در خط مستقیم است.",
        "Coverage radius R = {r} km (a setting). Distances are great-circle distances.",
    ),
    "stores.synthetic": (
        "{n} روستا از {total} روستای این نقشه ساختگی است (نمونه، در محدوده شهرستان خود)؛ "
        "فهرست واقعی روستاها با ورود داده می‌آید.",
        "{n} of the {total} villages here are synthetic (sample data, placed inside their "
        "county); real village lists come in through the importer.",
    ),
    "map.cells_legend": (
        "دایره‌های بزرگ: چند فروشگاه در یک خانه چندکیلومتری (شمار هر نوع در راهنمای نقطه)",
        "Large dots: several stores in a cell a few km wide (counts by kind on hover)",
    ),
    "map.measure": ("رنگ نقشه بر پایه", "Shade the map by"),
    "measure.stores_per_10k": ("فروشگاه در ۱۰ هزار نفر", "Stores per 10,000 residents"),
    "measure.uncovered_share": ("سهم روستاهای بی‌فروشگاه", "Share of villages uncovered"),
    "measure.uptake": ("مصرف اعتبار", "Uptake"),
    "measure.reach": ("خانوارهای خریدار", "Reach"),
    "uptake.map": ("نقشه", "Map"),
    "stores.national_map": ("نقشه استان‌ها", "Provinces on the map"),
    "map.village_cells_legend": (
        "حلقه‌های بزرگ: چند روستا در یک خانه (شمار هر دسته در راهنما)؛ روستاهای بی‌فروشگاه "
        "همیشه یک‌به‌یک",
        "Large rings: several villages in a cell (counts by class on hover); villages with no "
        "store are always shown one by one",
    ),
    "map.synthetic": ("روستای ساختگی (نمونه)", "Synthetic village (sample)"),
    "stores.national": (
        "استان‌ها: تراکم فروشگاه و روستاهای بی‌فروشگاه",
        "Provinces: store density and uncovered villages",
    ),
    "stores.national_help": (
        "برای دیدن نقشه، یک استان را در نوار کناری برگزینید.",
        "Choose a province in the sidebar to see its map.",
    ),
    "stores.map": ("نقشه فروشگاه‌ها و روستاها", "Map of stores and villages"),
    "stores.map_cells": (
        "فروشگاه‌ها بیش از {n} است و به شکل خانه‌های چندکیلومتری (با شمار هر نوع) نشان داده "
        "می‌شوند؛ برای دیدن تک‌تک فروشگاه‌ها یک شهرستان را برگزینید.",
        "There are more than {n} stores, so they are drawn as cells a few km wide (with the "
        "count of each kind); choose a county to see them one by one.",
    ),
    "stores.by_county": ("فروشگاه‌ها به تفکیک شهرستان", "Stores by county"),
    "wave_load.title": ("بار فروشگاه‌ها در روزهای گشایش موج", "Store load when a wave opens"),
    "wave_load.help": (
        "وقتی موجی از اعتبار باز می‌شود، خانوارهای آن در سه روز نخست به فروشگاه‌ها هجوم می‌آورند. "
        "پیش‌بینی موج بعد: خانوارهای موج در هر شهرستان × خرید سه‌روزهٔ هر خانوار در آخرین موج همان "
        "دهک‌ها در همان شهرستان، تقسیم بر فروشگاه‌های فعال اکنون و سه روز. ظرفیت روزانهٔ هر فروشگاه "
        "فرض است (تنظیمات): زنجیره‌ای {chain}، خرده‌فروشی {small_shop}، تعاونی {cooperative} خرید.",
        "When a wave of credit opens, its households rush the stores in the first three days. "
        "The next wave's forecast: the wave's households in each county x the first-three-day "
        "purchases per household of the county's last wave of the same deciles, over the "
        "stores active now and three days. Each store's capacity per day is an assumption "
        "(settings): chain {chain}, small shop {small_shop}, cooperative {cooperative} purchases.",
    ),
    "wave_load.next": (
        "موج بعد: {label}، گشایش {date}. {over} شهرستان بیش از ظرفیت پیش‌بینی می‌شود.",
        "Next wave: {label}, opening {date}. {over} counties are forecast over capacity.",
    ),
    "wave_load.none": (
        "موج بعدی در جدول موج‌ها یا تنظیمات اعلام نشده است؛ بار موج‌های گذشته در زیر است.",
        "No next wave is in the waves table or announced in the settings; past waves' load is "
        "below.",
    ),
    "wave_load.announced": (
        "دهک {low} تا {high} (اعلام‌شده در تنظیمات)",
        "Deciles {low}-{high} (announced in the settings)",
    ),
    "wave_load.on_the_map": (
        "نقشهٔ بالا شهرستان‌ها را با «{measure}» هم رنگ می‌کند: سبز زیر ۵۰٪، قرمز بیش از ظرفیت.",
        "The map above shades the counties by \u201c{measure}\u201d too: green under 50%, red "
        "over capacity.",
    ),
    "wave_load.ranked": (
        "شهرستان‌ها به ترتیب بار پیش‌بینی‌شده، با روستاهای بی‌فروشگاه",
        "Counties by forecast load, with their villages with no store in reach",
    ),
    "wave_load.past": ("موج‌های گذشته: سه روز نخست", "Past waves: their first three days"),
    "wave_load.past_help": (
        "بار هر موج گشوده‌شده در سه روز نخستش، و پیش‌بینی‌ای که از موج‌های پیش از آن ساخته می‌شد؛ "
        "دریافت فایل: همهٔ موج‌ها و موج بعد.",
        "Each opened wave's load in its first three days, beside the forecast the waves before it "
        "would have made; the download holds every wave and the next.",
    ),
    "attention.wave_load": ("بار موج بعد", "Next wave's load"),
    "attention.wave_load_text": (
        "{n} شهرستان بیش از ظرفیت فروشگاه‌ها در گشایش {date}",
        "{n} counties over their stores' capacity when it opens {date}",
    ),
    "measure.load_ratio": ("بار بر ظرفیت", "Load over capacity"),
    "col.wave": ("موج", "Wave"),
    "col.opens_on": ("تاریخ گشایش", "Opens"),
    "col.active_stores": ("فروشگاه فعال", "Active stores"),
    "col.first3d_purchases": ("خرید سه روز نخست", "Purchases, first 3 days"),
    "col.forecast_purchases": ("خرید پیش‌بینی‌شده", "Forecast purchases"),
    "col.per_store_day": ("خرید برای هر فروشگاه در روز", "Purchases per store per day"),
    "col.capacity_per_store_day": ("ظرفیت هر فروشگاه در روز", "Capacity per store per day"),
    "col.load_ratio": ("بار بر ظرفیت", "Load over capacity"),
    "stores.villages_by_county": ("پوشش روستاها به تفکیک شهرستان", "Village coverage by county"),
    "stores.uncovered": (
        "روستاهای بی‌فروشگاه به ترتیب جمعیت (فهرست کار اصناف)",
        "Uncovered villages by population (the guilds' to-do list)",
    ),
    "col.households": ("خانوار", "Households"),
    "col.members": ("نفر", "Members"),
    "col.released_toman": ("آزادشده (تومان)", "Released (toman)"),
    "col.spent_toman": ("خرج‌شده (تومان)", "Spent (toman)"),
    "col.uptake": ("مصرف اعتبار", "Uptake"),
    "col.reach": ("خانوارهای خریدار", "Reach"),
    "col.topup_share": ("سهم نقدی", "Top-up share"),
    "unit.points": ("واحد درصد", "pp"),
    "unit.thousand": ("هزار", "thousand"),
    "unit.million": ("میلیون", "million"),
    "unit.billion": ("میلیارد", "billion"),
    "unit.thousand_billion": ("هزار میلیارد", "trillion"),
    "nav.data": ("داده‌ها", "Data"),
    "data.title": ("داده‌ها: بارگذاری فایل‌های استان", "Data: loading the province's extracts"),
    "data.upload": ("بارگذاری فایل", "Load a file"),
    "data.kind": ("نوع فایل", "Kind of file"),
    "data.unit": ("واحد مبالغ", "Amounts in"),
    "data.unit.toman": ("تومان", "toman"),
    "data.unit.rial": ("ریال", "rial"),
    "data.sheet": ("برگه اکسل", "Excel sheet"),
    "data.sheet_first": ("برگه نخست", "the first sheet"),
    "data.file": ("فایل CSV یا اکسل", "CSV or Excel file"),
    "data.reading": ("در حال خواندن فایل…", "Reading the file…"),
    "data.form": ("خوانده‌شده به صورت: {form}", "Read as: {form}"),
    "data.extra": (
        "ستون‌های اضافه (نادیده گرفته شدند): {columns}",
        "Extra columns (ignored): {columns}",
    ),
    "data.blank": ("{n} سطر خالی نادیده گرفته شد", "{n} blank lines skipped"),
    "data.count.read": ("ردیف خوانده‌شده", "Rows read"),
    "data.count.inserted": ("تازه", "New"),
    "data.count.updated": ("به‌روزشده", "Updated"),
    "data.count.unchanged": ("بدون تغییر", "Unchanged"),
    "data.count.rejected": ("ردشده", "Rejected"),
    "data.rejected": (
        "{n} ردیف از {read} ردیف رد شد؛ هیچ ردیفی ذخیره نمی‌شود تا فایل درست شود.",
        "{n} of {read} rows rejected; nothing is stored until the file is corrected.",
    ),
    "data.rejects_download": ("دریافت فهرست کامل ردشده‌ها", "Download every rejected row"),
    "data.nothing_new": (
        "همه ردیف‌ها همین حالا با همین مقادیر ثبت شده‌اند؛ چیزی برای ذخیره نیست.",
        "Every row is stored already, as it is: nothing to store.",
    ),
    "data.store": ("ذخیره در پایگاه داده", "Store in the database"),
    "data.stored": ("ذخیره شد (بارگذاری شماره {id}).", "Stored (import {id})."),
    "data.not_stored": (
        "ذخیره نشد: داده‌ها از زمان بررسی تغییر کرده‌اند؛ فایل را دوباره بررسی کنید.",
        "Not stored: the data changed since the check; check the file again.",
    ),
    "data.unreadable": ("فایل خوانده نشد: {reason}", "The file cannot be read: {reason}"),
    "data.history": ("تاریخچه بارگذاری‌ها", "Imports"),
    "data.no_history": ("هنوز فایلی بارگذاری نشده است.", "No file has been imported yet."),
    "data.templates": ("نمونه فایل‌ها", "Templates"),
    "data.templates_note": (
        "سرستون‌ها و دو ردیف نمونه برای هر نوع فایل؛ سرستون‌های فارسی هم پذیرفته می‌شوند.",
        "The header and two example rows of each kind; Persian headers are accepted too.",
    ),
    "import.kind.places": ("آبادی‌ها", "Places"),
    "import.kind.households": ("خانوارها", "Households"),
    "import.kind.allocations": ("اعتبارها", "Credit charges"),
    "import.kind.purchases": ("خریدها", "Purchases"),
    "import.kind.stores": ("فروشگاه‌ها", "Stores"),
    "import.kind.complaints": ("شکایات", "Complaints"),
    "import.kind.method_two": ("بسته‌های روش دوم", "Method-two packages"),
    "import.kind.mother_packages": ("بسته‌های مادران", "Mothers' packages"),
    "import.kind.applications": ("درخواست‌های عضویت", "Applications"),
    "fresh.title": ("تازگی داده‌ها", "Data freshness"),
    "fresh.imported": ("آخرین بارگذاری {date}", "last import {date}"),
    "fresh.never": ("بدون بارگذاری", "never imported"),
    "fresh.latest": ("آخرین رویداد {date}", "latest event {date}"),
    "fresh.stale_mark": ("کهنه", "stale"),
    "data.read.csv": (
        "فایل به صورت CSV با کدگذاری {encoding} و جداکننده {separator} خوانده شد.",
        "Read as: CSV, {encoding}, {separator}-separated",
    ),
    "data.read.comma": ("ویرگول", "comma"),
    "data.read.semicolon": ("نقطه‌ویرگول", "semicolon"),
    "data.read.tab": ("تب", "tab"),
    "data.read.with_bom": ("{encoding} همراه با BOM", "{encoding} with BOM"),
    "data.read.first_sheet": (
        "فایل اکسل از برگه نخست آن خوانده شد.",
        "Read as: Excel, first sheet",
    ),
    "data.read.sheet": (
        "فایل اکسل از برگه «{sheet}» آن خوانده شد.",
        "Read as: Excel, sheet «{sheet}»",
    ),
    "fresh.none": (
        "هنوز فایلی بارگذاری نشده است (داده‌های نمونه).",
        "No file imported yet (sample data).",
    ),
    "fresh.stale": (
        "کهنه (آخرین بارگذاری بیش از {days} روز پیش): {sources}",
        "Stale (last import over {days} days ago): {sources}",
    ),
    "col.source": ("منبع", "Source"),
    "col.last_import": ("آخرین بارگذاری", "Last import"),
    "col.latest_event": ("آخرین رویداد در داده", "Latest event held"),
    "col.stale": ("کهنه؟", "Stale?"),
    "col.started_at": ("زمان", "When"),
    "col.file_name": ("فایل", "File"),
    "col.area": ("محدوده", "Area"),
    "col.read": ("خوانده", "Read"),
    "col.inserted": ("تازه", "New"),
    "col.updated": ("به‌روز", "Updated"),
    "col.unchanged": ("بی‌تغییر", "Unchanged"),
    "col.seconds": ("ثانیه", "Seconds"),
    "col.line": ("سطر", "Line"),
    "col.column": ("ستون", "Column"),
    "col.reason": ("دلیل", "Reason"),
    "import.reason.missing": ("مقدار الزامی خالی است", "required value missing"),
    "import.reason.missing_column": (
        "ستون الزامی در سرستون‌ها نیست: همه ردیف‌ها رد شدند",
        "required column missing from the header: every row rejected",
    ),
    "import.reason.doubled_column": (
        "دو سرستون به این ستون اشاره دارند",
        "two headers name this column",
    ),
    "import.reason.more_fields": (
        "این سطر بیش از سرستون‌ها خانه دارد",
        "this line has more fields than the header",
    ),
    "import.reason.not_whole": ("عدد صحیح نیست", "not a whole number"),
    "import.reason.out_of_range": ("خارج از بازه {detail}", "outside {detail}"),
    "import.reason.rial_tens": (
        "مبلغ ریالی باید بر ۱۰ بخش‌پذیر باشد",
        "a rial amount must be divisible by 10",
    ),
    "import.reason.not_number": ("عدد نیست", "not a number"),
    "import.reason.not_allowed": ("باید یکی از این‌ها باشد: {detail}", "not one of: {detail}"),
    "import.reason.too_long": ("بلندتر از {detail} نویسه", "longer than {detail} characters"),
    "import.reason.not_date": (
        "تاریخ نیست (۱۴۰۴/۱۰/۱۷ یا 2026-01-07، با ساعت اختیاری)",
        "not a date (1404/10/17 or 2026-01-07, optionally with HH:MM[:SS])",
    ),
    "import.reason.no_such_day": (
        "چنین روز یا ساعتی در تقویم نیست",
        "no such day or time in the calendar",
    ),
    "import.reason.not_month": ("ماه شمسی نیست (۱۴۰۴-۱۰)", "not a Solar Hijri month (1404-10)"),
    "import.reason.not_national_id": (
        "کد ملی معتبر نیست (۱۰ رقم با رقم کنترل)",
        "not a valid national ID (10 digits with its check digit)",
    ),
    "import.reason.not_reporter": (
        "نه شماره همراه (۰۹...) است نه کد ملی معتبر",
        "neither a mobile number (09...) nor a valid national ID",
    ),
    "import.reason.unknown_province": ("چنین استانی نیست", "no such province"),
    "import.reason.unknown_county": ("چنین شهرستانی نیست", "no such county"),
    "import.reason.outside_area": (
        "بیرون از استان شما ({detail}) است",
        "outside your province ({detail})",
    ),
    "import.reason.ambiguous_county": (
        "چند شهرستان این نام را دارند: استان را بدهید",
        "several counties have this name: give the province",
    ),
    "import.reason.county_mismatch": (
        "نام شهرستان با کد شهرستان {detail} نمی‌خواند",
        "the county's name does not match county_id {detail}",
    ),
    "import.reason.province_mismatch": (
        "شهرستان {detail} در این استان نیست",
        "county {detail} is not in this province",
    ),
    "import.reason.unknown_place": ("چنین آبادی‌ای نیست", "no such place"),
    "import.reason.place_county": (
        "این آبادی در شهرستان {detail} است، نه شهرستان این ردیف",
        "the place lies in county {detail}, not in this row's county",
    ),
    "import.reason.outside_iran": ("این نقطه بیرون از ایران است", "the point lies outside Iran"),
    "import.reason.unknown_household": ("چنین خانواری ثبت نشده است", "no such household is stored"),
    "import.reason.unknown_person": (
        "هیچ خانواری با این کد ملی سرپرست ثبت نشده است",
        "no stored household has this head's national ID",
    ),
    "import.reason.ambiguous_person": (
        "چند خانوار با این کد ملی سرپرست ثبت شده است",
        "several stored households have this head's national ID",
    ),
    "import.reason.household_mismatch": (
        "کد ملی از آنِ خانوار {detail} نیست",
        "the national ID is not the head's of household {detail}",
    ),
    "import.reason.unknown_store": ("چنین فروشگاهی ثبت نشده است", "no such store is stored"),
    "import.reason.unknown_terminal": (
        "چنین پایانه‌ای ثبت نشده است",
        "no stored store has this terminal",
    ),
    "import.reason.store_mismatch": (
        "این پایانه از آنِ فروشگاه {detail} نیست",
        "the terminal is not store {detail}'s",
    ),
    "import.reason.terminal_taken": (
        "این پایانه از آنِ فروشگاه {detail} است",
        "the terminal belongs to store {detail}",
    ),
    "import.reason.duplicate_key": ("همان کلید ردیف {detail}", "the same key as line {detail}"),
    "import.reason.duplicate_person": (
        "همان کد ملی ردیف {detail}",
        "the same national ID as line {detail}",
    ),
    "import.reason.duplicate_terminal": (
        "همان پایانه ردیف {detail}",
        "the same terminal as line {detail}",
    ),
    "import.reason.before_joined": (
        "پیش از تاریخ پیوستن ({detail})",
        "before joined_on ({detail})",
    ),
    "import.reason.before_filed": ("پیش از زمان ثبت ({detail})", "before filed_at ({detail})"),
    "import.reason.fact_changed": (
        "پیش‌تر با مقادیر دیگری ثبت شده ({detail}): رویدادها تغییر نمی‌کنند",
        "already stored with other values ({detail}): facts do not change",
    ),
    "import.reason.before_credit": (
        "پیش از گشایش اعتبار خانوار",
        "before the household's credit opened",
    ),
    "import.reason.overspend": (
        "بیش از اعتبار آزادشده تا آن روز (خرج‌شده/آزادشده: {detail} تومان)",
        "spends more credit than released by then (spent/released: {detail} toman)",
    ),
    "import.reason.overspend_later": (
        "پیش از خریدهای ثبت‌شده‌ای می‌آید که آن‌گاه از اعتبار آزادشده بیشتر خرج می‌کنند",
        "comes before stored purchases that would then spend more credit than released",
    ),
    "import.reason.before_registered": (
        "پیش از زمان ثبت‌نام ({detail})",
        "before registered_at ({detail})",
    ),
    "import.reason.after_cancelled": (
        "پس از زمان لغو ({detail}): بسته‌ی لغوشده تحویل نمی‌شود",
        "after cancelled_at ({detail}): a cancelled package is not delivered",
    ),
    "import.reason.before_eligible": (
        "پیش از تاریخ استحقاق ({detail})",
        "before eligible_on ({detail})",
    ),
    "import.reason.before_issued": ("پیش از تاریخ صدور ({detail})", "before issued_on ({detail})"),
    "import.reason.collected_not_issued": (
        "زمان دریافت بدون تاریخ صدور: بسته‌ی صادرنشده دریافت نمی‌شود",
        "collected_at without issued_on: a package is collected only once issued",
    ),
    "import.reason.outcome_undecided": (
        "نتیجه بدون زمان تصمیم: نتیجه فقط با زمان تصمیم داده می‌شود",
        "an outcome without decided_at: an outcome is given exactly when decided_at is",
    ),
    "import.reason.decided_no_outcome": (
        "زمان تصمیم بدون نتیجه: نتیجه فقط با زمان تصمیم داده می‌شود",
        "decided_at without an outcome: an outcome is given exactly when decided_at is",
    ),
    "import.reason.household_not_approved": (
        "کد خانوار فقط برای درخواست پذیرفته‌شده (نتیجه approved) داده می‌شود",
        "household_id only for an approved application (outcome approved)",
    ),
}


def reason(code: str, detail: str | None, lang: str) -> str:
    """A rejected cell's reason in words."""
    text = t(f"import.reason.{code}", lang)
    return text.replace("{detail}", digits(detail or "", lang)) if "{detail}" in text else text


def t(key: str, lang: str, **values: object) -> str:
    """The text for key in lang, with {placeholders} filled."""
    fa, en = TABLE[key]
    text = fa if lang == "fa" else en
    return text.format(**values) if values else text


def joined(parts: Iterable[str], lang: str) -> str:
    """The parts of one line (an area and a date, a name and a role) joined by the language's
    separator (parts.separator: an em dash in Persian, where '·' reads as the digit zero)."""
    return t("parts.separator", lang).join(parts)


def local_column(base: str, lang: str) -> str:
    """The column of a base name in lang: 'name' -> 'name_fa' or 'name_en'."""
    return f"{base}_{lang if lang in LANGS else LANGS[0]}"


def number(value: float | None, lang: str, decimals: int = 0) -> str:
    """A number with thousands separators, Persian digits and separator (٬) in Persian."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("kpi.no_value", lang)
    text = f"{value:,.{decimals}f}"
    if lang == "fa":
        text = text.replace(",", "٬").replace(".", "٫")
    return digits(text, lang)


def percent(ratio: float | None, lang: str, decimals: int = 1) -> str:
    """A ratio in 0..1 as a percentage: '۸۷٫۵٪' or '87.5%'."""
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return t("kpi.no_value", lang)
    text = number(ratio * 100, lang, decimals)
    return f"{text}٪" if lang == "fa" else f"{text}%"


def compact(value: float | None, lang: str) -> str:
    """A large amount in words: '۱۲٫۳ هزار میلیارد' / '12.3 trillion'."""
    if value is None:
        return t("kpi.no_value", lang)
    steps = (
        (1e12, "unit.thousand_billion"),
        (1e9, "unit.billion"),
        (1e6, "unit.million"),
        (1e3, "unit.thousand"),
    )
    for size, unit in steps:
        if abs(value) >= size:
            return f"{number(value / size, lang, 1)} {t(unit, lang)}"
    return number(value, lang)
