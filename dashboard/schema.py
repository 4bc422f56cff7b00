"""Database schema: the stable core tables of DESIGN.md section 4, programme settings and rollups.

SQLAlchemy Core only; this module imports nothing of ours.
"""

from __future__ import annotations

import sqlalchemy as sa

# 64-bit ids; on SQLite spelled INTEGER so that the id is the rowid (no second index to fill).
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
metadata = sa.MetaData()


def one_of(column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    """A CHECK that column holds one of values (NULL passes, as SQL has it)."""
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=f"ck_{column}_values")


GROUPS = ("support", "subsidy", "employee", "retiree", "removed", "late_applicant")
STORE_KINDS = ("chain", "small_shop", "cooperative")
STORE_STATUSES = ("active", "suspended", "terminated")
CUT_STATUSES = STORE_STATUSES[1:]  # a terminal cut: not active from status_since on
CHANNELS = ("shamim", "portal", "call_centre", "bale")
COMPLAINT_KINDS = ("non_eligible_item", "forced_purchase", "overcharge", "other")
OUTCOMES = ("pending", "unfounded", "violation")
ACTIONS = ("none", "warning", "terminal_cut", "tazirat_referral")
TASK_STATUSES = ("todo", "in_progress", "blocked", "done")
ROLES = ("national", "governor", "director", "county", "committee", "data_officer", "admin")
PLACE_KINDS = ("city", "village")
MOTHER_KINDS = ("pregnancy", "infant")  # a pregnant woman's package, or an infant's mother's
DECISIONS = ("approved", "rejected")  # an application's outcome once decided
# a GeoNames place, one the sample made up, or one from an imported list
PLACE_SOURCES = ("geonames", "synthetic", "imported")

provinces = sa.Table(
    "provinces",
    metadata,
    sa.Column("code", sa.String(5), primary_key=True),
    sa.Column("old_code", sa.String(5), nullable=False, unique=True),
    sa.Column("name_fa", sa.String(80), nullable=False),
    sa.Column("name_en", sa.String(80), nullable=False),
    sa.Column("capital_fa", sa.String(80), nullable=False),
    sa.Column("capital_en", sa.String(80), nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("population", sa.BigInteger, nullable=False),
    sa.Column("households", sa.BigInteger),
)

counties = sa.Table(
    "counties",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("province_code", sa.String(5), nullable=False, index=True),
    sa.Column("name_fa", sa.String(120), nullable=False),
    sa.Column("name_en", sa.String(120), nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("population", sa.BigInteger, nullable=False),
    sa.Column("wikidata", sa.String(16)),  # the county's Wikidata item (Q...), where OSM has one
    sa.Column("osm_id", sa.String(32)),  # its OpenStreetMap boundary relation
    sa.Column("boundary", sa.String(160), nullable=False),  # 'osm', or how it was made
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("county_id", sa.Integer, nullable=False, index=True),
    sa.Column("name_fa", sa.String(120), nullable=False),
    sa.Column("name_en", sa.String(120), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("population", sa.BigInteger, nullable=False),
    sa.Column("source", sa.String(10), nullable=False),  # geonames | synthetic | imported
    one_of("kind", PLACE_KINDS),
    one_of("source", PLACE_SOURCES),
)

# The big tables carry only the indexes a query plan uses: the pages read the rollups, and
# the rollup rebuild reads allocations and purchases by household (primary key and
# ix_purchases_household_time). Every other index would slow each load for no reader. The
# purchases index also holds the time and credit, so that an import sums a household's
# stored spending from the index alone (it replaced ix_purchases_household_id).
households = sa.Table(
    "households",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=False),
    sa.Column("county_id", sa.Integer, nullable=False),
    sa.Column("place_id", sa.Integer),
    sa.Column("members", sa.SmallInteger, nullable=False),
    sa.Column("decile", sa.SmallInteger, nullable=False),
    sa.Column("grp", sa.String(16), nullable=False),
    sa.Column("head_hash", sa.String(64), nullable=False),
    one_of("grp", GROUPS),
    sa.CheckConstraint("decile BETWEEN 1 AND 10", name="ck_decile_range"),
)

allocations = sa.Table(
    "allocations",
    metadata,
    sa.Column("household_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("amount_toman", sa.BigInteger, nullable=False),
    sa.Column("opens_on", sa.Date, nullable=False),
    sa.Column("wave_id", sa.Integer),  # the wave that opened it (programme.assign_waves)
    # a wave's households (queries/wave_load.py), without reading every allocation
    sa.Index("ix_allocations_wave", "wave_id", "household_id"),
)

purchases = sa.Table(
    "purchases",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=False),
    sa.Column("household_id", sa.BigInteger, nullable=False),
    sa.Column("store_id", sa.Integer, nullable=False),
    sa.Column("purchased_at", sa.DateTime, nullable=False),
    sa.Column("credit_toman", sa.BigInteger, nullable=False),
    sa.Column("cash_toman", sa.BigInteger, nullable=False),
    sa.Column("basket_id", sa.Integer, nullable=False),
    sa.Index("ix_purchases_household_time", "household_id", "purchased_at", "credit_toman"),
    # a store's purchases in time order: its bursts (after an import) and its drill-down
    sa.Index("ix_purchases_store_time", "store_id", "purchased_at", "household_id"),
)
# Indexes of earlier versions that setup.init drops where it finds them (a newer one covers them).
OBSOLETE_INDEXES = ("ix_purchases_household_id",)

stores = sa.Table(
    "stores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("terminal_id", sa.String(16), nullable=False, unique=True),
    sa.Column("name", sa.String(160), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("chain", sa.String(60)),
    sa.Column("county_id", sa.Integer, nullable=False, index=True),
    sa.Column("place_id", sa.Integer),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("joined_on", sa.Date, nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("status_since", sa.Date),
    one_of("kind", STORE_KINDS),
    one_of("status", STORE_STATUSES),
)

complaints = sa.Table(
    "complaints",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("store_id", sa.Integer, nullable=False, index=True),
    sa.Column("channel", sa.String(12), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("reporter_hash", sa.String(64), nullable=False),
    sa.Column("filed_at", sa.DateTime, nullable=False),
    sa.Column("dispatched_at", sa.DateTime),
    sa.Column("inspected_at", sa.DateTime),
    sa.Column("outcome", sa.String(10), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("closed_at", sa.DateTime),
    one_of("channel", CHANNELS),
    one_of("kind", COMPLAINT_KINDS),
    one_of("outcome", OUTCOMES),
    one_of("action", ACTIONS),
)

tasks = sa.Table(
    "tasks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("province_code", sa.String(5), nullable=False, index=True),
    sa.Column("county_id", sa.Integer),
    sa.Column("agency", sa.String(24), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("detail", sa.Text),
    sa.Column("owner", sa.String(120)),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("done_on", sa.Date),
    sa.Column("priority", sa.SmallInteger, nullable=False),
    sa.Column("indicator", sa.String(200)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_on", sa.Date, nullable=False),
    one_of("status", TASK_STATUSES),
)

task_events = sa.Table(
    "task_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("task_id", sa.Integer, nullable=False, index=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("old_status", sa.String(12)),
    sa.Column("new_status", sa.String(12), nullable=False),
    sa.Column("note", sa.Text),
)

escalations = sa.Table(
    "escalations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("province_code", sa.String(5), nullable=False, index=True),
    sa.Column("county_id", sa.Integer),
    sa.Column("problem", sa.Text, nullable=False),
    sa.Column("raised_by", sa.String(24), nullable=False),
    sa.Column("level", sa.String(12), nullable=False),
    sa.Column("raised_on", sa.Date, nullable=False),
    sa.Column("answered_on", sa.Date),
    sa.Column("answer", sa.Text),
    sa.Column("raised_by_user", sa.String(80)),  # the signed-in user (None: before sign-in)
    sa.Column("answered_by_user", sa.String(80)),
)

# --- The programme's other channels (issue 30): method two, mothers' packages, applications --
# Each row moves on as it is updated by id (registered, then delivered or cancelled); the
# checks keep the order of its moments (on SQLite the stored text of two moments sorts as they
# do).

method_two = sa.Table(
    "method_two",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=False),
    sa.Column("household_id", sa.BigInteger, nullable=False),
    sa.Column("registered_at", sa.DateTime, nullable=False),
    sa.Column("cancelled_at", sa.DateTime),
    sa.Column("store_id", sa.Integer),  # where the package is picked up
    sa.Column("delivered_at", sa.DateTime),
    sa.Column("package_toman", sa.BigInteger, nullable=False),
    sa.CheckConstraint(
        "cancelled_at IS NULL OR cancelled_at >= registered_at", name="ck_cancelled_after"
    ),
    sa.CheckConstraint(
        "delivered_at IS NULL OR (delivered_at >= registered_at AND "
        "(cancelled_at IS NULL OR delivered_at <= cancelled_at))",
        name="ck_delivered_between",
    ),
)

mother_packages = sa.Table(
    "mother_packages",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=False),
    sa.Column("household_id", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("eligible_on", sa.Date, nullable=False),
    sa.Column("issued_on", sa.Date),
    sa.Column("collected_at", sa.DateTime),
    sa.Column("store_id", sa.Integer),  # where it was collected
    one_of("kind", MOTHER_KINDS),
    sa.CheckConstraint("issued_on IS NULL OR issued_on >= eligible_on", name="ck_issued_after"),
    sa.CheckConstraint(
        "collected_at IS NULL OR (issued_on IS NOT NULL AND collected_at >= issued_on)",
        name="ck_collected_after",
    ),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=False),
    sa.Column("applicant_hash", sa.String(64), nullable=False),  # keyed hash of the national ID
    sa.Column("county_id", sa.Integer, nullable=False),
    sa.Column("members", sa.SmallInteger, nullable=False),
    sa.Column("filed_at", sa.DateTime, nullable=False),
    sa.Column("decided_at", sa.DateTime),
    sa.Column("outcome", sa.String(10)),
    sa.Column("household_id", sa.BigInteger),  # the household it became, once approved
    one_of("outcome", DECISIONS),
    sa.CheckConstraint("decided_at IS NULL OR decided_at >= filed_at", name="ck_decided_after"),
    sa.CheckConstraint("(decided_at IS NULL) = (outcome IS NULL)", name="ck_outcome_when_decided"),
    sa.CheckConstraint(
        "household_id IS NULL OR outcome = 'approved'", name="ck_household_when_approved"
    ),
)

# --- Imports: every stored extract, and the records it changed ---------------------------------

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("form", sa.String(80), nullable=False),  # how it was read: 'CSV, UTF-8, comma'
    sa.Column("unit", sa.String(5), nullable=False),  # toman | rial
    sa.Column("read", sa.BigInteger, nullable=False),
    sa.Column("inserted", sa.BigInteger, nullable=False),
    sa.Column("updated", sa.BigInteger, nullable=False),
    sa.Column("unchanged", sa.BigInteger, nullable=False),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),  # Tehran time
    sa.Column("seconds", sa.Float, nullable=False),
    sa.Column("latest_event", sa.DateTime),  # the latest event the file holds
    sa.Column("province_code", sa.String(5)),  # the province of its rows; null: national
)

import_changes = sa.Table(
    "import_changes",
    metadata,
    sa.Column("import_id", sa.Integer, nullable=False, index=True),
    sa.Column("record", sa.String(40), nullable=False),  # the key of the updated record
    sa.Column("changed", sa.String(400), nullable=False),  # the columns that changed
)

# --- People: who signs in, their sessions, and what they did ---------------------------------

users = sa.Table(
    "users",
    metadata,
    sa.Column("username", sa.String(80), primary_key=True),
    sa.Column("display_name", sa.String(120), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("province_code", sa.String(5)),
    sa.Column("county_id", sa.Integer),
    sa.Column("agency", sa.String(24)),
    sa.Column("identity", sa.String(200), unique=True),  # OpenID Connect email or subject
    sa.Column("password_hash", sa.String(200)),  # argon2id; None: signs in through OIDC only
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("demo", sa.Boolean, nullable=False),  # a sample database's demo account
    sa.Column("created_at", sa.DateTime, nullable=False),  # Tehran time, as every time here
    sa.Column("last_sign_in_at", sa.DateTime),
    one_of("role", ROLES),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # SHA-256 of the cookie's token
    sa.Column("username", sa.String(80), nullable=False, index=True),
    sa.Column("method", sa.String(8), nullable=False),  # password | oidc
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("seen_at", sa.DateTime, nullable=False),
    sa.Column("ended_at", sa.DateTime),
    # sign_out | idle | expired | inactive | password | identity | demo_closed
    sa.Column("end_reason", sa.String(12)),
    sa.Column("subject", sa.String(200)),  # oidc: the provider's subject (sub) it was opened for
    sa.Column("identity", sa.String(200)),  # oidc: the account's identity (or username) it matched
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("username", sa.String(80), nullable=False, index=True),  # as typed, if unknown
    sa.Column("action", sa.String(24), nullable=False),
    sa.Column("detail", sa.Text),
    sa.Column("province_code", sa.String(5)),
    sa.Column("county_id", sa.Integer),
)

# --- Programme settings: data, not constants -------------------------------------------------

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
    sa.Column("note", sa.Text),
)

waves = sa.Table(
    "waves",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("phase", sa.SmallInteger, nullable=False),
    sa.Column("grp", sa.String(16)),
    sa.Column("decile_min", sa.SmallInteger, nullable=False),
    sa.Column("decile_max", sa.SmallInteger, nullable=False),
    sa.Column("opens_on", sa.Date, nullable=False),
    sa.Column("label_fa", sa.String(120), nullable=False),
    sa.Column("label_en", sa.String(120), nullable=False),
    sa.Column("source", sa.String(120), nullable=False),
)

amounts = sa.Table(
    "amounts",
    metadata,
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("grp", sa.String(16), primary_key=True),
    sa.Column("per_capita_toman", sa.BigInteger, nullable=False),
)

agencies = sa.Table(
    "agencies",
    metadata,
    sa.Column("code", sa.String(24), primary_key=True),
    sa.Column("name_fa", sa.String(120), nullable=False),
    sa.Column("name_en", sa.String(120), nullable=False),
)

items = sa.Table(
    "items",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("name_fa", sa.String(60), nullable=False),
    sa.Column("name_en", sa.String(60), nullable=False),
)

basket_items = sa.Table(
    "basket_items",
    metadata,
    sa.Column("basket_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("item", sa.String(16), primary_key=True),
    sa.Column("share_permille", sa.SmallInteger, nullable=False),
)

# --- Rollups: small additive tables rebuilt from the core tables ------------------------------
# rollup_daily: day x county x decile x group; distinct counts as first occurrences.
# rollup_waves: households by the wave of their first allocation, and their first purchase by
#   days since that wave opened (days_since 0 holds the households themselves too).
# rollup_items: basket value by day x county x item, in toman x 1000 (shares are per mille);
#   it has no decile or group: those filters do not narrow the basket.
# rollup_balance: by day x county x allocation month, credit released and credit consumed,
#   spending a household's oldest credit first (FIFO); no decile or group keys either.

rollup_daily = sa.Table(
    "rollup_daily",
    metadata,
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("province_code", sa.String(5), nullable=False),
    sa.Column("county_id", sa.Integer, nullable=False),
    sa.Column("decile", sa.SmallInteger, nullable=False),
    sa.Column("grp", sa.String(16), nullable=False),
    sa.Column("released_toman", sa.BigInteger, nullable=False),
    sa.Column("new_households", sa.BigInteger, nullable=False),
    sa.Column("new_members", sa.BigInteger, nullable=False),
    sa.Column("purchases", sa.BigInteger, nullable=False),
    sa.Column("credit_toman", sa.BigInteger, nullable=False),
    sa.Column("cash_toman", sa.BigInteger, nullable=False),
    sa.Column("new_buyers", sa.BigInteger, nullable=False),
    sa.Index("ix_rollup_daily_day_province", "day", "province_code"),
    sa.Index("ix_rollup_daily_county_day", "county_id", "day"),
)

# rollup_to_date: rollup_daily summed over counties and cumulated over days: for every day of
# the data and every province x decile x group, the sums of all days up to it; a figure of the
# country or a province as of a date reads one day's rows, not every day before it.
rollup_to_date = sa.Table(
    "rollup_to_date",
    metadata,
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("province_code", sa.String(5), nullable=False),
    sa.Column("decile", sa.SmallInteger, nullable=False),
    sa.Column("grp", sa.String(16), nullable=False),
    *[sa.Column(c.name, sa.BigInteger, nullable=False) for c in rollup_daily.columns
      if c.name not in ("day", "province_code", "county_id", "decile", "grp")],
    sa.Index("ix_rollup_to_date_day", "day", "province_code"),
)  # fmt: skip

rollup_waves = sa.Table(
    "rollup_waves",
    metadata,
    sa.Column("wave_id", sa.Integer, nullable=False),
    sa.Column("days_since", sa.Integer, nullable=False),
    sa.Column("province_code", sa.String(5), nullable=False),
    sa.Column("county_id", sa.Integer, nullable=False),
    sa.Column("decile", sa.SmallInteger, nullable=False),
    sa.Column("grp", sa.String(16), nullable=False),
    sa.Column("households", sa.BigInteger, nullable=False),
    sa.Column("buyers", sa.BigInteger, nullable=False),
    sa.Index("ix_rollup_waves_province", "province_code", "wave_id"),
)

rollup_items = sa.Table(
    "rollup_items",
    metadata,
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("province_code", sa.String(5), nullable=False),
    sa.Column("county_id", sa.Integer, nullable=False),
    sa.Column("item", sa.String(16), nullable=False),
    sa.Column("value_toman_permille", sa.BigInteger, nullable=False),
    sa.Index("ix_rollup_items_day_province", "day", "province_code"),
)

rollup_balance = sa.Table(
    "rollup_balance",
    metadata,
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("province_code", sa.String(5), nullable=False),
    sa.Column("county_id", sa.Integer, nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("released_toman", sa.BigInteger, nullable=False),
    sa.Column("consumed_toman", sa.BigInteger, nullable=False),
    sa.Index("ix_rollup_balance_day_province", "day", "province_code"),
)

# Tables derived from the core tables and kept up to date by whatever writes those (the seed,
# each import): what a page would otherwise recompute on every view. derived names each one,
# with the first day its rows hold for (null: every day) and when it was last refreshed.
derived = sa.Table(
    "derived",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("valid_from", sa.Date),
    sa.Column("refreshed_at", sa.DateTime, nullable=False),
)

# village_nearest: every village's great-circle distance to its nearest store and nearest
# chain store among the stores active today (null: no such store); it holds for every as-of
# date from the day of the latest store joining or cut (derived.valid_from) on.
village_nearest = sa.Table(
    "village_nearest",
    metadata,
    sa.Column("place_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("nearest_store_km", sa.Float),
    sa.Column("nearest_chain_km", sa.Float),
)

# The store-risk scan's inputs (dashboard.risk_marks): per store and day, the purchases and
# how many show each purchase pattern (rollup_store_days), the purchases made in bursts of
# cards (rollup_store_bursts, only days with any), and every store's sums over all days
# (rollup_store_totals; a scan as of an earlier day takes the days after it away).
_STORE_MEASURES = ("purchases", "credit_toman", "cash_toman", "located", "drained",
                   "round_credit", "repeated", "far", "night")  # fmt: skip
rollup_store_days = sa.Table(
    "rollup_store_days",
    metadata,
    sa.Column("store_id", sa.Integer, nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    *[sa.Column(m, sa.BigInteger, nullable=False) for m in _STORE_MEASURES],
    sa.Index("ix_rollup_store_days_store_day", "store_id", "day"),
    sa.Index("ix_rollup_store_days_day", "day"),
)
rollup_store_bursts = sa.Table(
    "rollup_store_bursts",
    metadata,
    sa.Column("store_id", sa.Integer, nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("burst", sa.BigInteger, nullable=False),
    sa.Index("ix_rollup_store_bursts_store_day", "store_id", "day"),
)
rollup_store_totals = sa.Table(
    "rollup_store_totals",
    metadata,
    sa.Column("store_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("first_day", sa.Date, nullable=False),
    sa.Column("last_day", sa.Date, nullable=False),
    *[sa.Column(m, sa.BigInteger, nullable=False) for m in (*_STORE_MEASURES, "burst")],
)

# nullable columns added to tables that databases in use already hold: setup.init adds them
ADDED_COLUMNS = (
    "escalations.raised_by_user",
    "escalations.answered_by_user",
    "imports.province_code",  # null in an older import: national
    "sessions.subject",  # null in an older session: opened before sessions were bound
    "sessions.identity",
)

CORE_TABLES = (
    "provinces",
    "counties",
    "places",
    "households",
    "allocations",
    "purchases",
    "stores",
    "complaints",
    "tasks",
    "task_events",
    "escalations",
    "method_two",
    "mother_packages",
    "applications",
)
