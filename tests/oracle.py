"""Independent computations of the DESIGN.md section 5 metrics from raw rows, in polars.

Reads whole tables with plain SELECT * (no code of queries/) and applies the definitions.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import jdatetime
import numpy as np
import polars as pl

from dashboard.filters import Filters

DATETIMES = {
    "purchases": ["purchased_at"],
    "complaints": ["filed_at", "dispatched_at", "inspected_at", "closed_at"],
    "method_two": ["registered_at", "cancelled_at", "delivered_at"],
    "mother_packages": ["collected_at"],
    "applications": ["filed_at", "decided_at"],
}
DATES = {
    "allocations": ["opens_on"],
    "stores": ["joined_on", "status_since"],
    "tasks": ["due_on", "done_on", "created_on"],
    "waves": ["opens_on"],
    "escalations": ["raised_on", "answered_on"],
    "mother_packages": ["eligible_on", "issued_on"],
}
TABLES = (
    "places",
    "basket_items",
    "counties", "households", "allocations", "purchases", "stores", "complaints", "tasks",
    "settings", "waves", "escalations", "method_two", "mother_packages", "applications",
)  # fmt: skip


def raw_tables(sqlite_path: str) -> dict[str, pl.DataFrame]:
    """Every table the metrics need, as read from the SQLite file."""
    conn = sqlite3.connect(sqlite_path)
    try:
        tables = {}
        for name in TABLES:
            frame = pl.read_database(f"SELECT * FROM {name}", connection=conn)
            frame = frame.with_columns(
                [pl.col(c).str.to_datetime("%Y-%m-%d %H:%M:%S%.f") for c in DATETIMES.get(name, [])]
                + [pl.col(c).str.to_date("%Y-%m-%d") for c in DATES.get(name, [])]
            )
            tables[name] = frame
        return tables
    finally:
        conn.close()


def sh_month(day: dt.date) -> str:
    """The Solar Hijri month 'YYYY-MM' of a day (jdatetime, not our calendar module)."""
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year:04d}-{j.month:02d}"


def sh_months_to(first: str, as_of: dt.date) -> list[str]:
    """Every Solar Hijri month from first to the as-of day's, walking the days."""
    day = jdatetime.date(*map(int, first.split("-")), 1).togregorian()
    months = []
    while day <= as_of:
        if sh_month(day) not in months:
            months.append(sh_month(day))
        day += dt.timedelta(days=1)
    return months


def counties_with_households(raw: dict[str, pl.DataFrame], f: Filters) -> set[int]:
    """The counties of f's area that hold a household with an allocation."""
    ids = raw["allocations"]["household_id"].unique().implode()
    homes = raw["households"].filter(pl.col("id").is_in(ids))
    return set(homes["county_id"]) & set(_area_counties(raw, f))


def sample_factor(raw: dict[str, pl.DataFrame]) -> int:
    """How many households each sampled one stands for (1 / household_fraction, whole)."""
    settings = dict(raw["settings"].select("key", "value").iter_rows())
    fraction = float(settings["household_fraction"])
    return round(1 / fraction) if fraction < 1 else 1


def _area_counties(raw: dict[str, pl.DataFrame], f: Filters) -> pl.Series:
    counties = raw["counties"]
    if f.county is not None:
        counties = counties.filter(pl.col("id") == f.county)
    elif f.province:
        counties = counties.filter(pl.col("province_code") == f.province)
    return counties["id"]


def kpis(
    raw: dict[str, pl.DataFrame], f: Filters, today: dt.date | None = None
) -> dict[str, float | None]:
    """The Overview KPIs for f, straight from the definitions; tasks overdue on day today
    (default: the as-of date)."""
    today = today or f.as_of
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    area = _area_counties(raw, f).implode()
    hh = raw["households"].filter(
        pl.col("county_id").is_in(area),
        pl.col("decile").is_between(f.decile_min, f.decile_max),
    )
    if f.group:
        hh = hh.filter(pl.col("grp") == f.group)
    released = raw["allocations"].filter(
        pl.col("opens_on") <= f.as_of, pl.col("household_id").is_in(hh["id"].implode())
    )
    with_credit = hh.filter(pl.col("id").is_in(released["household_id"].implode()))
    bought = raw["purchases"].filter(
        pl.col("purchased_at") < moment, pl.col("household_id").is_in(hh["id"].implode())
    )
    released_toman = released["amount_toman"].sum()
    spent = bought["credit_toman"].sum()
    buyers = bought["household_id"].n_unique()

    stores = raw["stores"].filter(pl.col("county_id").is_in(area))
    active = stores.filter(
        (pl.col("joined_on") <= f.as_of)
        & ~(
            pl.col("status").is_in(["suspended", "terminated"])
            & (pl.col("status_since") <= f.as_of)
        )
    ).height

    complaints = raw["complaints"].filter(
        pl.col("store_id").is_in(stores["id"].implode()), pl.col("filed_at") < moment
    )
    settings = dict(raw["settings"].select("key", "value").iter_rows())
    target = dt.timedelta(hours=float(settings["dispatch_target_hours"]))
    on_time = late = overdue = 0
    for filed, dispatched in complaints.select("filed_at", "dispatched_at").iter_rows():
        if dispatched is not None and dispatched < moment:
            on_time += dispatched - filed <= target
            late += dispatched - filed > target
        else:
            overdue += moment - filed > target
    judged = on_time + late + overdue

    tasks = raw["tasks"]
    if f.county is not None:
        tasks = tasks.filter(pl.col("county_id") == f.county)
    elif f.province:
        tasks = tasks.filter(pl.col("province_code") == f.province)
    overdue_tasks = tasks.filter(
        (pl.col("due_on") < today) & (pl.col("done_on").is_null() | (pl.col("done_on") > today))
    ).height
    n = sample_factor(raw)
    return {
        "households": with_credit.height * n,
        "members": with_credit["members"].sum() * n,
        "released_toman": released_toman * n,
        "spent_toman": spent * n,
        "uptake": spent / released_toman if released_toman else None,
        "reach": buyers / with_credit.height if with_credit.height else None,
        "active_stores": active,
        "dispatch_compliance": on_time / judged if judged else None,
        "overdue_tasks": overdue_tasks,
    }


def _households(raw: dict[str, pl.DataFrame], f: Filters) -> pl.DataFrame:
    """Households of the filtered area, deciles and group, with their province code."""
    hh = raw["households"].filter(
        pl.col("county_id").is_in(_area_counties(raw, f).implode()),
        pl.col("decile").is_between(f.decile_min, f.decile_max),
    )
    if f.group:
        hh = hh.filter(pl.col("grp") == f.group)
    return hh.join(
        raw["counties"].select(pl.col("id").alias("county_id"), "province_code"), on="county_id"
    )


def uptake_rows(raw: dict[str, pl.DataFrame], f: Filters, by: str) -> pl.DataFrame:
    """Per value of a household column (decile, province_code, county_id): households and
    members with credit, buyers, released, spent (credit), cash, and the three ratios."""
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    hh = _households(raw, f)
    released = raw["allocations"].filter(pl.col("opens_on") <= f.as_of)
    bought = raw["purchases"].filter(pl.col("purchased_at") < moment)
    per_household = (
        hh.join(
            released.group_by("household_id").agg(released=pl.col("amount_toman").sum()),
            left_on="id",
            right_on="household_id",
            how="left",
        )
        .join(
            bought.group_by("household_id").agg(
                spent=pl.col("credit_toman").sum(), cash=pl.col("cash_toman").sum()
            ),
            left_on="id",
            right_on="household_id",
            how="left",
        )
        .with_columns(pl.col("released", "spent", "cash").fill_null(0))
        .with_columns(
            has_credit=pl.col("released") > 0,
            bought=pl.col("id").is_in(bought["household_id"].implode()),
        )
    )
    n = sample_factor(raw)
    rows = per_household.group_by(by).agg(
        households=pl.col("has_credit").sum() * n,
        members=pl.col("members").filter(pl.col("has_credit")).sum() * n,
        buyers=pl.col("bought").sum() * n,
        released_toman=pl.col("released").sum() * n,
        spent_toman=pl.col("spent").sum() * n,
        cash_toman=pl.col("cash").sum() * n,
    )
    return rows.with_columns(
        uptake=pl.when(pl.col("released_toman") > 0).then(
            pl.col("spent_toman") / pl.col("released_toman")
        ),
        reach=pl.when(pl.col("households") > 0).then(pl.col("buyers") / pl.col("households")),
        topup_share=pl.when(pl.col("spent_toman") + pl.col("cash_toman") > 0).then(
            pl.col("cash_toman") / (pl.col("spent_toman") + pl.col("cash_toman"))
        ),
    )


def wave_reach(raw: dict[str, pl.DataFrame], f: Filters) -> dict[int, tuple[int, int]]:
    """Per wave opened by as-of: (households whose first allocation it opened, those of them
    who bought by the as-of moment), full-scale."""
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    hh = _households(raw, f)
    first = (
        raw["allocations"]
        .sort("opens_on")
        .group_by("household_id")
        .first()
        .filter(pl.col("household_id").is_in(hh["id"].implode()), pl.col("opens_on") <= f.as_of)
    )
    buyers = raw["purchases"].filter(pl.col("purchased_at") < moment)["household_id"].unique()
    out = {}
    n = sample_factor(raw)
    for wave, group in first.group_by("wave_id"):
        out[wave[0]] = (
            group.height * n,
            group.filter(pl.col("household_id").is_in(buyers.implode())).height * n,
        )
    return out


def months(raw: dict[str, pl.DataFrame], f: Filters) -> dict[str, tuple[int, int]]:
    """Released and spent (credit) per Solar Hijri month of release or purchase, to as-of."""
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    ids = _households(raw, f)["id"].implode()
    released = raw["allocations"].filter(
        pl.col("opens_on") <= f.as_of, pl.col("household_id").is_in(ids)
    )
    spent = raw["purchases"].filter(
        pl.col("purchased_at") < moment, pl.col("household_id").is_in(ids)
    )
    out: dict[str, list[int]] = {}
    for day, amount in released.select("opens_on", "amount_toman").iter_rows():
        out.setdefault(sh_month(day), [0, 0])[0] += amount
    for at, amount in spent.select("purchased_at", "credit_toman").iter_rows():
        out.setdefault(sh_month(at.date()), [0, 0])[1] += amount
    n = sample_factor(raw)
    return {m: (r * n, s * n) for m, (r, s) in out.items()}


def basket(raw: dict[str, pl.DataFrame], items: pl.DataFrame, f: Filters) -> dict[str, float]:
    """Value in toman per item (credit + cash times the basket share), in the area, to as-of;
    deciles and group ignored."""
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    area = raw["households"].filter(pl.col("county_id").is_in(_area_counties(raw, f).implode()))
    buys = raw["purchases"].filter(
        pl.col("purchased_at") < moment, pl.col("household_id").is_in(area["id"].implode())
    )
    value = (
        buys.join(items, on="basket_id")
        .group_by("item")
        .agg(
            ((pl.col("credit_toman") + pl.col("cash_toman")) * pl.col("share_permille")).sum()
            / 1000
        )
    )
    n = sample_factor(raw)
    return {item: v * n for item, v in value.iter_rows()}


def balance_age(raw: dict[str, pl.DataFrame], f: Filters) -> dict[str, tuple[int, int]]:
    """Per allocation month: (released by as-of, unspent), each household spending its oldest
    opened credit first; area only (deciles and group ignored)."""
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    area = raw["households"].filter(pl.col("county_id").is_in(_area_counties(raw, f).implode()))
    ids = area["id"].implode()
    spent = dict(
        raw["purchases"]
        .filter(pl.col("purchased_at") < moment, pl.col("household_id").is_in(ids))
        .group_by("household_id")
        .agg(pl.col("credit_toman").sum())
        .iter_rows()
    )
    opened = raw["allocations"].filter(
        pl.col("opens_on") <= f.as_of, pl.col("household_id").is_in(ids)
    )
    out: dict[str, list[int]] = {}
    for (household,), rows in opened.sort("opens_on", "month").group_by(
        "household_id", maintain_order=True
    ):
        left = spent.get(household, 0)
        for month, amount in rows.select("month", "amount_toman").iter_rows():
            used = min(left, amount)
            left -= used
            totals = out.setdefault(month, [0, 0])
            totals[0] += amount
            totals[1] += amount - used
    n = sample_factor(raw)
    return {m: (r * n, u * n) for m, (r, u) in out.items()}


def village_coverage(raw: dict[str, pl.DataFrame], f: Filters, radius: float) -> pl.DataFrame:
    """Brute force: every village of the area against every store active at as-of."""
    stores = raw["stores"].filter(
        (pl.col("joined_on") <= f.as_of)
        & ~(
            pl.col("status").is_in(["suspended", "terminated"])
            & (pl.col("status_since") <= f.as_of)
        )
    )
    villages = raw["places"].filter(
        pl.col("kind") == "village", pl.col("county_id").is_in(_area_counties(raw, f).implode())
    )
    rows = []
    for place in villages.iter_rows(named=True):
        all_km = _haversine(place["lat"], place["lon"], stores["lat"], stores["lon"])
        chains = stores["kind"].to_numpy() == "chain"
        nearest = float(all_km.min()) if len(all_km) else None
        chain = float(all_km[chains].min()) if chains.any() else None
        covered = "none"
        if chain is not None and round(chain, 3) <= radius:
            covered = "chain"
        elif nearest is not None and round(nearest, 3) <= radius:
            covered = "small_shop_only"
        rows.append((place["id"], place["county_id"], nearest, chain, covered))
    return pl.DataFrame(
        rows,
        schema={
            "place_id": pl.Int64,
            "county_id": pl.Int64,
            "nearest_store_km": pl.Float64,
            "nearest_chain_km": pl.Float64,
            "coverage": pl.String,
        },  # fmt: skip
        orient="row",
    )


def _haversine(lat: float, lon: float, lats: pl.Series, lons: pl.Series):
    """Great-circle km from one point to many, written out here (not dashboard.geography)."""
    p1, p2 = np.radians(lat), np.radians(lats.to_numpy())
    dp, dl = p2 - p1, np.radians(lons.to_numpy() - lon)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def complaint_states(raw: dict[str, pl.DataFrame], f: Filters) -> pl.DataFrame:
    """Each complaint of the area filed before the as-of moment with its state at the moment
    (on_time, late, open_within_target, overdue), dispatch hours, age in hours, and at_risk
    (open within target and past the at-risk mark) with the hours left to the target."""
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    settings = dict(raw["settings"].select("key", "value").iter_rows())
    target = dt.timedelta(hours=float(settings["dispatch_target_hours"]))
    at_risk = dt.timedelta(hours=float(settings["at_risk_hours"]))
    stores = raw["stores"].filter(pl.col("county_id").is_in(_area_counties(raw, f).implode()))
    rows = []
    filed = raw["complaints"].filter(
        pl.col("store_id").is_in(stores["id"].implode()), pl.col("filed_at") < moment
    )
    counties = dict(stores.select("id", "county_id").iter_rows())
    for r in filed.iter_rows(named=True):
        dispatched = r["dispatched_at"] is not None and r["dispatched_at"] < moment
        took = r["dispatched_at"] - r["filed_at"] if dispatched else None
        age = moment - r["filed_at"]
        if dispatched:
            state = "on_time" if took <= target else "late"
        else:
            state = "open_within_target" if age <= target else "overdue"
        risky = state == "open_within_target" and age > at_risk
        rows.append(
            {
                "id": r["id"], "store_id": r["store_id"], "county_id": counties[r["store_id"]],
                "channel": r["channel"], "kind": r["kind"], "state": state,
                "took_h": None if took is None else took.total_seconds() / 3600,
                "age_h": age.total_seconds() / 3600,
                "at_risk": risky,
                "hours_left": (target - age).total_seconds() / 3600 if risky else None,
                "reporter_hash": r["reporter_hash"], "outcome": r["outcome"],
                "closed_at": r["closed_at"], "action": r["action"], "filed_at": r["filed_at"],
            }
        )  # fmt: skip
    schema = {
        "id": pl.Int64, "store_id": pl.Int64, "county_id": pl.Int64, "channel": pl.String,
        "kind": pl.String, "state": pl.String, "took_h": pl.Float64, "age_h": pl.Float64,
        "at_risk": pl.Boolean, "hours_left": pl.Float64, "reporter_hash": pl.String,
        "outcome": pl.String, "closed_at": pl.Datetime("us"), "action": pl.String,
        "filed_at": pl.Datetime("us"),
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema)


def wave_load(raw: dict[str, pl.DataFrame], f: Filters) -> dict[tuple[int, object], dict]:
    """Wave-day load per (county_id, wave_id) of f's area: the waves opened by the as-of date
    and the next (the settings' announced one, wave_id None, when the table has none), row
    by row over the raw tables (the definitions of queries/wave_load.py's docstring)."""
    settings = dict(raw["settings"].select("key", "value").iter_rows())
    n = sample_factor(raw)
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    waves = raw["waves"].sort("opens_on", "id").to_dicts()
    opened = [w for w in waves if w["opens_on"] <= f.as_of]
    later = [w for w in waves if w["opens_on"] > f.as_of][:1]
    announced = settings.get("next_wave_opens_on") or ""
    if not later and announced and dt.date.fromisoformat(announced) > f.as_of:
        low, _, high = (settings.get("next_wave_deciles") or "1-10").partition("-")
        later = [{"id": None, "opens_on": dt.date.fromisoformat(announced),
                  "decile_min": int(low), "decile_max": int(high or low),
                  "grp": settings.get("next_wave_grp") or None}]  # fmt: skip
    counties = set(_area_counties(raw, f).to_list())
    homes = {
        h["id"]: h for h in raw["households"].to_dicts()
        if h["county_id"] in counties and f.decile_min <= h["decile"] <= f.decile_max
        and (f.group is None or h["grp"] == f.group)
    }  # fmt: skip
    allocations = [a for a in raw["allocations"].to_dicts() if a["household_id"] in homes]
    bought: dict[int, list[dt.datetime]] = {}
    for p in raw["purchases"].iter_rows(named=True):
        if p["household_id"] in homes:
            bought.setdefault(p["household_id"], []).append(p["purchased_at"])
    capacity = {k: float(settings.get(f"wave_capacity_{k}") or 0) for k in
                ("chain", "small_shop", "cooperative")}  # fmt: skip
    stores = [s for s in raw["stores"].to_dicts() if s["county_id"] in counties]

    def active(county: int, day: dt.date) -> list[dict]:
        return [s for s in stores if s["county_id"] == county and s["joined_on"] <= day
                and not (s["status"] in ("suspended", "terminated")
                         and s["status_since"] <= day)]  # fmt: skip

    rows: dict[tuple[int, object], dict] = {}
    for w in opened:
        start = dt.datetime.combine(w["opens_on"], dt.time())
        end = min(start + dt.timedelta(days=3), moment)
        for a in (a for a in allocations if a["wave_id"] == w["id"]):
            county = homes[a["household_id"]]["county_id"]
            row = rows.setdefault((county, w["id"]), {"wave": w, "households": 0, "first3d": 0})
            row["households"] += 1
            row["first3d"] += sum(start <= t < end for t in bought.get(a["household_id"], []))
    for w in later:
        members = [a for a in allocations if w["id"] is not None and a["wave_id"] == w["id"]]
        if members:
            chosen = [homes[a["household_id"]] for a in members]
        else:
            credited = {a["household_id"] for a in allocations}
            chosen = [h for i, h in homes.items() if i in credited
                      and w["decile_min"] <= h["decile"] <= w["decile_max"]
                      and (w["grp"] is None or h["grp"] == w["grp"])]  # fmt: skip
        for h in chosen:
            row = rows.setdefault((h["county_id"], w["id"]), {"wave": w, "households": 0})
            row["households"] += 1
            row["next"] = True
    for row in rows.values():  # full-scale estimates on a sample
        row["households"] *= n
        row["first3d"] = None if row.get("next") else row["first3d"] * n
    for (county, _), row in rows.items():
        w, upcoming = row["wave"], row.get("next", False)
        same = [r for (c, _), r in rows.items() if c == county and not r.get("next")
                and r["wave"]["opens_on"] < w["opens_on"]
                and (r["wave"]["decile_min"], r["wave"]["decile_max"], r["wave"]["grp"])
                == (w["decile_min"], w["decile_max"], w["grp"])]  # fmt: skip
        last = max(same, key=lambda r: r["wave"]["opens_on"], default=None)
        row["forecast"] = None
        if last is not None:
            row["forecast"] = row["households"] * last["first3d"] / last["households"]
        day = f.as_of if upcoming else w["opens_on"]
        open_stores = active(county, day)
        row["active_stores"] = len(open_stores)
        row["capacity"] = (
            sum(capacity[s["kind"]] for s in open_stores) / len(open_stores)
            if open_stores
            else None
        )
        served = row["forecast"] if upcoming else row["first3d"]
        row["per_store_day"] = (
            served / len(open_stores) / 3 if open_stores and served is not None else None
        )
        row["load_ratio"] = (
            row["per_store_day"] / row["capacity"]
            if row["per_store_day"] is not None and row["capacity"] else None
        )  # fmt: skip
    return rows


def _setting(raw: dict[str, pl.DataFrame], key: str) -> float:
    return float(dict(raw["settings"].select("key", "value").iter_rows())[key])


def _days(later: dt.datetime, earlier: dt.datetime) -> float:
    return (later - earlier) / dt.timedelta(days=1)


def _median(values: list[float]) -> float | None:
    return float(np.median(values)) if values else None


def method_two(raw: dict[str, pl.DataFrame], f: Filters, by: str) -> dict[object, dict]:
    """Per value of a household column (province_code, county_id, decile): the issue 30
    method-two counts at the as-of moment D (times at or before D count), full scale, and the
    median delivery days; row by row."""
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    target = dt.timedelta(days=_setting(raw, "method_two_delivery_days"))
    homes = {h["id"]: h for h in _households(raw, f).iter_rows(named=True)}
    n = sample_factor(raw)
    out: dict[object, dict] = {}
    for row in raw["method_two"].iter_rows(named=True):
        home = homes.get(row["household_id"])
        if home is None or row["registered_at"] > moment:
            continue
        figures = out.setdefault(
            home[by],
            {
                "registered": 0,
                "cancelled": 0,
                "delivered": 0,
                "pending": 0,
                "pending_overdue": 0,
                "days": [],
            },
        )
        if row["cancelled_at"] is not None and row["cancelled_at"] <= moment:
            figures["cancelled"] += n
            continue
        figures["registered"] += n
        if row["delivered_at"] is not None and row["delivered_at"] <= moment:
            figures["delivered"] += n
            figures["days"].append(_days(row["delivered_at"], row["registered_at"]))
        else:
            figures["pending"] += n
            figures["pending_overdue"] += n * (row["registered_at"] + target < moment)
    for figures in out.values():
        figures["median_delivery_days"] = _median(figures.pop("days"))
    return out


def mothers(raw: dict[str, pl.DataFrame], f: Filters) -> dict[int, dict]:
    """Per county: the issue 30 mothers' package counts at the as-of date and moment, full
    scale, and the median days to collection from the issue day's midnight; row by row."""
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    target = dt.timedelta(days=_setting(raw, "mothers_collect_days"))
    homes = {h["id"]: h for h in _households(raw, f).iter_rows(named=True)}
    n = sample_factor(raw)
    out: dict[int, dict] = {}
    for row in raw["mother_packages"].iter_rows(named=True):
        home = homes.get(row["household_id"])
        if home is None or row["eligible_on"] > f.as_of:
            continue
        figures = out.setdefault(
            home["county_id"],
            {"eligible": 0, "issued": 0, "collected": 0, "uncollected_overdue": 0, "days": []},
        )
        figures["eligible"] += n
        if row["issued_on"] is None or row["issued_on"] > f.as_of:
            continue
        figures["issued"] += n
        issued_at = dt.datetime.combine(row["issued_on"], dt.time())
        if row["collected_at"] is not None and row["collected_at"] <= moment:
            figures["collected"] += n
            figures["days"].append(_days(row["collected_at"], issued_at))
        elif issued_at + target < moment:
            figures["uncollected_overdue"] += n
    for figures in out.values():
        figures["median_collect_days"] = _median(figures.pop("days"))
        figures["collection_rate"] = (
            figures["collected"] / figures["issued"] if figures["issued"] else None
        )
    return out


def applications(raw: dict[str, pl.DataFrame], f: Filters) -> dict[int, dict]:
    """Per county of the area: the issue 30 application counts at the as-of moment (deciles
    and group aside), full scale, and the median days to a decision; row by row."""
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    target = dt.timedelta(days=_setting(raw, "applications_decision_days"))
    area = set(_area_counties(raw, f).to_list())
    n = sample_factor(raw)
    out: dict[int, dict] = {}
    for row in raw["applications"].iter_rows(named=True):
        if row["county_id"] not in area or row["filed_at"] > moment:
            continue
        figures = out.setdefault(row["county_id"], {
            "filed": 0, "decided": 0, "approved": 0, "rejected": 0, "pending": 0,
            "pending_overdue": 0, "days": []})  # fmt: skip
        figures["filed"] += n
        if row["decided_at"] is not None and row["decided_at"] <= moment:
            figures["decided"] += n
            figures[row["outcome"]] += n
            figures["days"].append(_days(row["decided_at"], row["filed_at"]))
        else:
            figures["pending"] += n
            figures["pending_overdue"] += n * (row["filed_at"] + target < moment)
    for figures in out.values():
        figures["median_decision_days"] = _median(figures.pop("days"))
    return out


def wave_days(raw: dict[str, pl.DataFrame], f: Filters, most: int) -> dict[tuple[int, int], tuple]:
    """Per wave opened by as-of and day d since it opened (0 to the as-of date, at most most):
    (opens_on, households whose first allocation (earliest opens_on) it opened, those of them
    whose first purchase by the as-of moment fell on the opening day + d or before), full
    scale; row by row."""
    moment = dt.datetime.combine(f.as_of + dt.timedelta(days=1), dt.time())
    ids = set(_households(raw, f)["id"])
    first_allocation: dict[int, tuple] = {}
    for row in raw["allocations"].iter_rows(named=True):
        known = first_allocation.get(row["household_id"])
        if known is None or row["opens_on"] < known[0]:
            first_allocation[row["household_id"]] = (row["opens_on"], row["wave_id"])
    first_purchase: dict[int, dt.date] = {}
    for row in raw["purchases"].iter_rows(named=True):
        if row["purchased_at"] < moment:
            day = row["purchased_at"].date()
            first_purchase[row["household_id"]] = min(
                first_purchase.get(row["household_id"], day), day
            )
    n = sample_factor(raw)
    waves: dict[int, list] = {}
    for household, (opens_on, wave) in first_allocation.items():
        if household in ids and opens_on <= f.as_of:
            waves.setdefault(wave, [opens_on, []])[1].append(first_purchase.get(household))
    out = {}
    for wave, (opens_on, firsts) in waves.items():
        for day in range(min((f.as_of - opens_on).days, most) + 1):
            last = opens_on + dt.timedelta(days=day)
            buyers = sum(1 for d in firsts if d is not None and d <= last)
            out[(wave, day)] = (opens_on, len(firsts) * n, buyers * n)
    return out
