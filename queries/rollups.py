"""Rebuild the additive rollups from the core tables (after seed and import)."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard import schema as s
from queries.sql import day_of, days_between, total

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


def rebuild(conn: sa.Connection) -> dict[str, int]:
    """Rebuild every rollup from the core tables; returns rows per rollup table."""
    return {
        "rollup_daily": rebuild_daily(conn),
        "rollup_waves": rebuild_waves(conn),
        "rollup_items": rebuild_items(conn),
        "rollup_balance": rebuild_balance(conn),
    }


def _count(conn: sa.Connection, table: sa.Table) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def rebuild_daily(conn: sa.Connection) -> int:
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
    return _count(conn, s.rollup_daily)


def _first_allocations() -> sa.Subquery:
    """Each household's first allocation: its day and the wave that opened it."""
    a = s.allocations
    first = (
        sa.select(a.c.household_id, sa.func.min(a.c.opens_on).label("first_day"))
        .group_by(a.c.household_id)
        .subquery()
    )
    return (
        sa.select(a.c.household_id, a.c.opens_on.label("first_day"), a.c.wave_id)
        .join(
            first,
            (first.c.household_id == a.c.household_id) & (first.c.first_day == a.c.opens_on),
        )
        .subquery()
    )


def rebuild_waves(conn: sa.Connection) -> int:
    """Replace rollup_waves: households per first wave, and first purchases by days since."""
    h, c, p, r = s.households, s.counties, s.purchases, s.rollup_waves
    first = _first_allocations()
    first_buy = (
        sa.select(p.c.household_id, sa.func.min(p.c.purchased_at).label("first_at"))
        .group_by(p.c.household_id)
        .subquery()
    )
    since = days_between(first.c.first_day, day_of(first_buy.c.first_at))
    area = [first.c.wave_id, c.c.province_code, h.c.county_id, h.c.decile, h.c.grp]
    joined = first.join(h, h.c.id == first.c.household_id).join(c, c.c.id == h.c.county_id)
    zero = sa.literal(0, sa.BigInteger)
    parts = sa.union_all(
        sa.select(
            *area[:1],
            sa.literal(0, sa.Integer).label("days_since"),
            *area[1:],
            sa.cast(sa.func.count(), sa.BigInteger).label("households"),
            zero.label("buyers"),
        )
        .select_from(joined)
        .where(first.c.wave_id.is_not(None))
        .group_by(*area),
        sa.select(
            *area[:1],
            since.label("days_since"),
            *area[1:],
            zero.label("households"),
            sa.cast(sa.func.count(), sa.BigInteger).label("buyers"),
        )
        .select_from(joined.join(first_buy, first_buy.c.household_id == first.c.household_id))
        .where(first.c.wave_id.is_not(None))
        .group_by(*area, since),
    ).subquery()
    keys = ["wave_id", "days_since", "province_code", "county_id", "decile", "grp"]
    merged = sa.select(
        *[parts.c[k] for k in keys], total(parts.c.households), total(parts.c.buyers)
    ).group_by(*[parts.c[k] for k in keys])
    conn.execute(r.delete())
    conn.execute(r.insert().from_select([*keys, "households", "buyers"], merged))
    return _count(conn, r)


def rebuild_items(conn: sa.Connection) -> int:
    """Replace rollup_items: basket value by day, county and item (toman x 1000).

    Purchases are first summed by day, county and basket, then spread over the basket's items:
    eleven times fewer rows to group than joining every purchase to its items.
    """
    h, c, p, b, r = s.households, s.counties, s.purchases, s.basket_items, s.rollup_items
    day = day_of(p.c.purchased_at)
    by_basket = (
        sa.select(
            day.label("day"),
            c.c.province_code,
            h.c.county_id,
            p.c.basket_id,
            total(p.c.credit_toman + p.c.cash_toman).label("value"),
        )
        .select_from(p.join(h, h.c.id == p.c.household_id).join(c, c.c.id == h.c.county_id))
        .group_by(day, c.c.province_code, h.c.county_id, p.c.basket_id)
        .subquery()
    )
    keys = [by_basket.c.day, by_basket.c.province_code, by_basket.c.county_id, b.c.item]
    query = (
        sa.select(*keys, total(by_basket.c.value * b.c.share_permille))
        .select_from(by_basket.join(b, b.c.basket_id == by_basket.c.basket_id))
        .group_by(*keys)
    )
    conn.execute(r.delete())
    columns = ["day", "province_code", "county_id", "item", "value_toman_permille"]
    conn.execute(r.insert().from_select(columns, query))
    return _count(conn, r)


def rebuild_balance(conn: sa.Connection) -> int:
    """Replace rollup_balance: released and consumed credit by day, county and allocation month.

    Each purchase consumes the household's oldest unspent credit first: the part of the
    purchase's span of cumulative spending [before, before + credit) that overlaps an
    allocation's span of cumulative credit [start, start + amount) is consumed from that month.
    """
    a, p, h, c, r = s.allocations, s.purchases, s.households, s.counties, s.rollup_balance
    spent = sa.select(
        p.c.household_id,
        p.c.purchased_at,
        p.c.credit_toman,
        (
            sa.func.sum(p.c.credit_toman).over(
                partition_by=p.c.household_id,
                order_by=(p.c.purchased_at, p.c.id),
                rows=(None, 0),
            )
            - p.c.credit_toman
        ).label("before"),
    ).subquery()
    credit = sa.select(
        a.c.household_id,
        a.c.month,
        a.c.amount_toman,
        (
            sa.func.sum(a.c.amount_toman).over(
                partition_by=a.c.household_id, order_by=(a.c.opens_on, a.c.month), rows=(None, 0)
            )
            - a.c.amount_toman
        ).label("start"),
    ).subquery()
    low = sa.case((spent.c.before > credit.c.start, spent.c.before), else_=credit.c.start)
    span_end = spent.c.before + spent.c.credit_toman
    credit_end = credit.c.start + credit.c.amount_toman
    high = sa.case((span_end < credit_end, span_end), else_=credit_end)
    day = day_of(spent.c.purchased_at)
    consumed = (
        sa.select(
            day.label("day"),
            c.c.province_code,
            h.c.county_id,
            credit.c.month,
            sa.literal(0, sa.BigInteger).label("released_toman"),
            total(high - low).label("consumed_toman"),
        )
        .select_from(
            spent.join(
                credit,
                (credit.c.household_id == spent.c.household_id)
                & (credit.c.start < span_end)
                & (spent.c.before < credit_end),
            )
            .join(h, h.c.id == spent.c.household_id)
            .join(c, c.c.id == h.c.county_id)
        )
        .group_by(day, c.c.province_code, h.c.county_id, credit.c.month)
    )
    released = (
        sa.select(
            a.c.opens_on.label("day"),
            c.c.province_code,
            h.c.county_id,
            a.c.month,
            total(a.c.amount_toman).label("released_toman"),
            sa.literal(0, sa.BigInteger).label("consumed_toman"),
        )
        .select_from(a.join(h, h.c.id == a.c.household_id).join(c, c.c.id == h.c.county_id))
        .group_by(a.c.opens_on, c.c.province_code, h.c.county_id, a.c.month)
    )
    parts = sa.union_all(released, consumed).subquery()
    keys = [parts.c.day, parts.c.province_code, parts.c.county_id, parts.c.month]
    merged = sa.select(
        *keys, total(parts.c.released_toman), total(parts.c.consumed_toman)
    ).group_by(*keys)
    conn.execute(r.delete())
    columns = ["day", "province_code", "county_id", "month", "released_toman", "consumed_toman"]
    conn.execute(r.insert().from_select(columns, merged))
    return _count(conn, r)
