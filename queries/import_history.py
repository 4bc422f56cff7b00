"""What the imports have brought: their history, and each source's freshness."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from dashboard import schema as s
from dashboard.importer.kinds import KINDS
from dashboard.rows import read_rows
from queries import accounts

HISTORY_ROWS = 50


def data_version(conn: sa.Connection) -> int:
    """A number that grows with every stored import (part of every cached result's key)."""
    return conn.execute(sa.select(sa.func.coalesce(sa.func.max(s.imports.c.id), 0))).scalar_one()


def _of_area(province: str | None) -> list[sa.ColumnElement[bool]]:
    """The imports a user of area province sees: all (None: national), else their province's
    and the national ones (a file of several provinces: theirs may be among them)."""
    if province is None:
        return []
    code = s.imports.c.province_code
    return [sa.or_(code == province, code.is_(None))]


def history(conn: sa.Connection, province: str | None = None) -> pl.DataFrame:
    """The latest stored imports of a user of area province (None: national; see _of_area),
    newest first: id, kind, file_name, province_code and its names area_fa, area_en (None:
    national), started_at, read, inserted, updated, unchanged, actor (as shown: the user's
    display name), seconds, form, unit, sha256."""
    i = s.imports
    columns = [
        "id",
        "kind",
        "file_name",
        "province_code",
        "area_fa",
        "area_en",
        "started_at",
        "read",
        "inserted",
        "updated",
        "unchanged",
        "actor",
        "seconds",
        "form",
        "unit",
        "sha256",
    ]
    joined, actor = accounts.named(i, i.c.actor)
    p = s.provinces
    named = {"actor": actor, "area_fa": p.c.name_fa, "area_en": p.c.name_en}
    shown = [named[c].label(c) if c in named else i.c[c] for c in columns]
    query = (
        sa.select(*shown)
        .select_from(joined.outerjoin(p, p.c.code == i.c.province_code))
        .where(*_of_area(province))
        .order_by(i.c.id.desc())
        .limit(HISTORY_ROWS)
    )
    schema = dict.fromkeys(("id", "read", "inserted", "updated", "unchanged"), pl.Int64)
    schema |= {"started_at": pl.Datetime("us"), "seconds": pl.Float64}
    return read_rows(conn, query, {c: schema.get(c, pl.String) for c in columns})


def stored_between(
    conn: sa.Connection, province: str | None, since: dt.datetime, now: dt.datetime
) -> int:
    """How many imports a user of area province sees (_of_area) were stored after since and
    by now."""
    i = s.imports
    query = sa.select(sa.func.count()).where(
        i.c.started_at > since, i.c.started_at <= now, *_of_area(province)
    )
    return conn.execute(query).scalar_one()


def freshness(conn: sa.Connection, province: str | None = None) -> pl.DataFrame:
    """Per source (kind), for a user of area province (None: national): the last import they
    see (when, file; see _of_area) and the latest event the data of their area holds (the day
    of the last purchase or credit opening, of the last complaint filed, of the last store
    joining or changing status, of the other channels' last moment: a registration, delivery,
    cancellation, package or decision; none for households and places). One row per kind."""
    i, r, c, store = s.imports, s.rollup_daily, s.complaints, s.stores
    last = (
        sa.select(i.c.kind, sa.func.max(i.c.id).label("id"))
        .where(*_of_area(province))
        .group_by(i.c.kind)
        .subquery()
    )
    imports = read_rows(
        conn,
        sa.select(i.c.kind, i.c.started_at, i.c.file_name).join(last, last.c.id == i.c.id),
        {"kind": pl.String, "last_import": pl.Datetime("us"), "file_name": pl.String},
    )
    in_area, stores_in, complaints_in = [], [], []
    if province is not None:
        counties = sa.select(s.counties.c.id).where(s.counties.c.province_code == province)
        in_area = [r.c.province_code == province]
        stores_in = [store.c.county_id.in_(counties)]
        complaints_in = [c.c.store_id.in_(sa.select(store.c.id).where(*stores_in))]
    events = {
        "purchases": sa.select(sa.func.max(r.c.day)).where(r.c.purchases > 0, *in_area),
        "allocations": sa.select(sa.func.max(r.c.day)).where(r.c.released_toman > 0, *in_area),
        "complaints": sa.select(sa.func.max(c.c.filed_at)).where(*complaints_in),
        "stores": sa.select(
            sa.func.max(sa.func.coalesce(store.c.status_since, store.c.joined_on))
        ).where(*stores_in),
    }
    latest = [_day(conn.execute(q).scalar_one()) for q in events.values()]
    for kind, moments in CHANNEL_MOMENTS.items():
        table = s.metadata.tables[kind]
        where = [] if province is None else [_channel_in(table, province)]
        days = [_day(conn.execute(sa.select(sa.func.max(table.c[m])).where(*where)).scalar_one())
                for m in moments]  # fmt: skip
        latest.append(max((d for d in days if d is not None), default=None))
    held = pl.DataFrame(
        {"kind": [*events, *CHANNEL_MOMENTS], "latest_event": latest},
        schema={"kind": pl.String, "latest_event": pl.Date},
    )
    return (
        pl.DataFrame({"kind": list(KINDS)})
        .join(imports, on="kind", how="left")
        .join(held, on="kind", how="left")
    )


# the moments of the other channels' rows, the latest of which says how recent their data is
CHANNEL_MOMENTS = {
    "method_two": ("registered_at", "cancelled_at", "delivered_at"),
    "mother_packages": ("eligible_on", "issued_on", "collected_at"),
    "applications": ("filed_at", "decided_at"),
}


def _channel_in(table: sa.Table, province: str) -> sa.ColumnElement[bool]:
    """A channel's rows in a province: by their own county, or their household's."""
    counties = sa.select(s.counties.c.id).where(s.counties.c.province_code == province)
    if "county_id" in table.c:
        return table.c.county_id.in_(counties)
    homes = sa.select(s.households.c.id).where(s.households.c.county_id.in_(counties))
    return table.c.household_id.in_(homes)


def _day(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def with_stale(table: pl.DataFrame, stale_after_days: float, now: dt.datetime) -> pl.DataFrame:
    """freshness with stale: the last import older than stale_after_days at now (None when
    never imported)."""
    limit = now - dt.timedelta(days=stale_after_days)
    return table.with_columns(
        stale=pl.when(pl.col("last_import").is_null())
        .then(None)
        .otherwise(pl.col("last_import") < limit)
    )
