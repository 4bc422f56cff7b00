"""Every table a page shows, by name, for `python -m dashboard export`: the page's own queries;
and any such table as it may be published (`export --publish`, the pages' third download:
dashboard.disclosure, whose PROTECTIONS say, per name, what is protected and how)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import polars as pl
import sqlalchemy as sa

from dashboard import disclosure
from dashboard.filters import Filters
from queries import (
    applications,
    complaints,
    meta,
    method_two,
    mothers,
    overview,
    risk,
    stores,
    tasks,
    uptake,
    wave_load,
)


@dataclasses.dataclass(frozen=True)
class Export:
    """A named table: what it holds and the query function that produces it."""

    name: str
    description: str
    query: Callable[[sa.Connection, Filters], pl.DataFrame]


EXPORTS = {
    e.name: e
    for e in (
        Export(
            "overview-kpis",
            "Overview KPIs: key, value, value_7_days_before (ratios as fractions in 0..1)",
            overview.kpis,
        ),
        Export(
            "uptake-by-decile",
            "Uptake page: decile, households, reach, released_toman, spent_toman, uptake, "
            "topup_share",
            uptake.by_decile,
        ),
        Export(
            "uptake-by-area",
            "Uptake page, ranked areas (provinces, or a province's counties): area_code, "
            "area_name_fa, area_name_en, households, members, released_toman, spent_toman, "
            "uptake, reach, topup_share",
            uptake.by_area,
        ),
        Export(
            "uptake-waves",
            "Uptake page, wave curves: wave_id, opens_on, households, day, buyers, reach (one "
            "row per wave and day since it opened, 0 to the as-of date, at most 120)",
            uptake.waves_export,
        ),
        Export(
            "uptake-months",
            "Uptake page, by Solar Hijri month: month, released_toman, spent_toman, "
            "carried_toman (every month from the first release to the as-of month)",
            uptake.months_export,
        ),
        Export(
            "balance-age",
            "Uptake page, unspent credit by the month it was given (oldest spent first; deciles "
            "and group do not narrow it): month, released_toman, unspent_toman",
            uptake.balance_age_export,
        ),
        Export(
            "basket",
            "Uptake page, the basket by value (deciles and group do not narrow it): item, "
            "name_fa, name_en, value_toman",
            uptake.basket_export,
        ),
        Export(
            "method-two-by-area",
            "Uptake page, method two per area (provinces, or a province's counties): "
            "area_code, area_name_fa, area_name_en, households_with_credit, registered, "
            "cancelled, delivered, pending, pending_overdue, registration_rate, "
            "median_delivery_days (most overdue first)",
            method_two.by_area,
        ),
        Export(
            "mothers-by-county",
            "Mothers and applicants page, mothers' packages per county: county_id, "
            "county_name_fa, county_name_en, eligible, issued, collected, collection_rate, "
            "uncollected_overdue, median_collect_days (lowest collection rate first)",
            mothers.by_county,
        ),
        Export(
            "applications-by-county",
            "Mothers and applicants page, new applications per county (deciles and group do "
            "not narrow them): county_id, county_name_fa, county_name_en, filed, decided, "
            "approved, rejected, pending, pending_overdue, median_decision_days (most overdue "
            "first)",
            applications.by_county,
        ),
        Export(
            "store-density",
            "Stores page, per county: county_id, county_name_fa, county_name_en, chain, "
            "small_shop, cooperative, active, suspended, terminated, residents, stores_per_10k, "
            "households_per_store",
            stores.density,
        ),
        Export(
            "village-coverage",
            "Stores page, per village: place_id, name_fa, name_en, county_id, population, "
            "nearest_store_km, nearest_chain_km, coverage (chain|small_shop_only|none)",
            stores.village_export,
        ),
        Export(
            "complaints-by-county",
            "Complaints page, per county: county_id, county_name_fa, county_name_en, complaints, "
            "on_time, late, overdue, open_within_target, compliance, median_dispatch_h, "
            "p90_dispatch_h (worst compliance first)",
            complaints.by_county,
        ),
        Export(
            "complaints-watchlist",
            "Complaints not dispatched at the as-of moment, past 18 h: complaint_id, store_id, "
            "county_id, channel, kind, filed_at, age_h, state (at_risk|overdue), oldest first",
            complaints.watchlist_export,
        ),
        Export(
            "three-reporter-stores",
            "Stores reported by three or more people: store_id, name, county_id, reporters, "
            "terminal_cut (true|false)",
            complaints.three_reporter,
        ),
        Export(
            "store-risk",
            "Store risk page: store_id, name, county_id, kind, score, flags (the patterns "
            "raised, ';'-separated: drain, round, repeat, burst, far, night, volume, "
            "cut_selling), purchases, credit_toman (up to the as-of day), highest score first",
            risk.export,
        ),
        Export(
            "wave-load",
            "Stores page, wave-day load per county and wave (the opened ones and the next): "
            "county_id, county_name_fa, county_name_en, wave_id, opens_on, households, "
            "active_stores, first3d_purchases, forecast_purchases, per_store_day, "
            "capacity_per_store_day, load_ratio (highest load first)",
            wave_load.export,
        ),
        Export(
            "tasks",
            "Tasks page: task_id, province_code, county_id, agency, title, owner, due_on, status, "
            "done_on, overdue (true|false), overdue first",
            tasks.export,
        ),
        Export(
            "tasks-by-agency",
            "Tasks page, per agency: agency, open, overdue, done, on_time_rate",
            tasks.by_agency_export,
        ),
    )
}


def published(conn: sa.Connection, name: str, table: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """table, the rows of the table name (an export or a page download) for view f, as it may
    be published (dashboard.disclosure.publish, with the publish_min_cell setting): small cells
    and their partners empty, a note column. A county's view of a table of counties (stores,
    waves) also leaves empty what the province's published table leaves empty on the same rows
    (disclosure.align), so that the two together give nothing away.
    NotPublishable where the table may not be published."""
    rules = disclosure.protection(name)
    if disclosure.below_province(rules, f) and name in _BASES:
        table = _BASES[name](conn, f, table)
    values = meta.settings(conn)
    counties = meta.universe(conn, only_with_data=False).counties
    provinces = {a.code: code for code, areas in counties.items() for a in areas}
    shown = disclosure.publish(
        table, rules, f, values.publish_min_cell, values.household_fraction, provinces
    )
    wide = f.province_wide()
    if rules.key and f.county is not None and wide != f and name in EXPORTS:
        whole = published(conn, name, EXPORTS[name].query(conn, wide), wide)
        shown = disclosure.align(shown, whole, rules.key)
    return shown


def _kpi_bases(conn: sa.Connection, f: Filters, table: pl.DataFrame) -> pl.DataFrame:
    """The KPI table with the view's judged complaints (hidden rows _on_time, _late,
    _overdue): what dispatch_compliance is computed from."""
    moments = (f, f.shifted(-overview.CHANGE_DAYS))
    states = [complaints.headline(complaints.found(conn, moment)) for moment in moments]
    keys = ("on_time", "late", "overdue")
    extra = pl.DataFrame(
        {
            "key": [f"_{k}" for k in keys],
            "value": [float(states[0][k]) for k in keys],
            "value_7_days_before": [float(states[1][k]) for k in keys],
        },
        schema=table.schema,
    )
    return pl.concat([table, extra])


def _area_credit(every_household: bool) -> Callable[..., pl.DataFrame]:
    """A table of the view's money with the view's households and buyers (hidden columns
    _households, _buyers: whose money it is); every_household: the table is not narrowed by
    deciles or group."""

    def bases(conn: sa.Connection, f: Filters, table: pl.DataFrame) -> pl.DataFrame:
        whole = dataclasses.replace(f, decile_min=1, decile_max=10, group=None)
        money = overview.credit(conn, whole if every_household else f)
        return table.with_columns(
            _households=pl.lit(money["households"], pl.Int64),
            _buyers=pl.lit(money["buyers"], pl.Int64),
        )

    return bases


# the figures some tables are judged by and do not show (dashboard.disclosure's hidden _x)
_BASES: dict[str, Callable[[sa.Connection, Filters, pl.DataFrame], pl.DataFrame]] = {
    "overview-kpis": _kpi_bases,
    "uptake-months": _area_credit(every_household=False),
    "balance-age": _area_credit(every_household=True),
    "basket": _area_credit(every_household=True),
}
