"""Rebuild the additive rollups from the core tables (after seed and import)."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard import schema as s
from queries.sql import day_of, total

KEYS = ("day", "province_code", "county_id", "decile", "grp")
MEASURES = (
    "released_toman",
    "new_households",
    "new_members",
    "purchases",
    "credit_toman",
    "cash_toman",
    "new_buyers",
)


def _part(day, source, household_col, **measures) -> sa.Select:
    """One additive part keyed by day x area x decile x group, zeros for the other measures."""
    h, c = s.households, s.counties
    columns = [
        day.label("day"),
        c.c.province_code,
        h.c.county_id,
        h.c.decile,
        h.c.grp,
    ] + [measures.get(m, sa.literal(0, sa.BigInteger)).label(m) for m in MEASURES]
    return (
        sa.select(*columns)
        .select_from(source.join(h, household_col == h.c.id).join(c, h.c.county_id == c.c.id))
        .group_by(day, c.c.province_code, h.c.county_id, h.c.decile, h.c.grp)
    )


def rebuild(conn: sa.Connection) -> int:
    """Replace rollup_daily with fresh sums; returns its row count.

    Distinct counts are stored as first occurrences (households whose first allocation opens
    that day, households whose first purchase falls on that day) so that 'as of D' is a sum.
    """
    a, p, h = s.allocations, s.purchases, s.households
    first_open = (
        sa.select(a.c.household_id, sa.func.min(a.c.opens_on).label("first_day"))
        .group_by(a.c.household_id)
        .subquery()
    )
    first_buy = (
        sa.select(p.c.household_id, sa.func.min(p.c.purchased_at).label("first_at"))
        .group_by(p.c.household_id)
        .subquery()
    )
    purchase_day = day_of(p.c.purchased_at)
    parts = sa.union_all(
        _part(a.c.opens_on, a, a.c.household_id, released_toman=total(a.c.amount_toman)),
        _part(
            first_open.c.first_day,
            first_open,
            first_open.c.household_id,
            new_households=sa.cast(sa.func.count(), sa.BigInteger),
            new_members=total(h.c.members),
        ),
        _part(
            purchase_day,
            p,
            p.c.household_id,
            purchases=sa.cast(sa.func.count(), sa.BigInteger),
            credit_toman=total(p.c.credit_toman),
            cash_toman=total(p.c.cash_toman),
        ),
        _part(
            day_of(first_buy.c.first_at),
            first_buy,
            first_buy.c.household_id,
            new_buyers=sa.cast(sa.func.count(), sa.BigInteger),
        ),
    ).subquery()
    merged = sa.select(
        *[parts.c[k] for k in KEYS], *[total(parts.c[m]).label(m) for m in MEASURES]
    ).group_by(*[parts.c[k] for k in KEYS])
    conn.execute(s.rollup_daily.delete())
    conn.execute(s.rollup_daily.insert().from_select([*KEYS, *MEASURES], merged))
    return conn.execute(sa.select(sa.func.count()).select_from(s.rollup_daily)).scalar_one()
