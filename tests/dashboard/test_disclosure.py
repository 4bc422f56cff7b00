"""Figures safe to publish (issue 31, finding 7): the suppression on hand-made tables, and for
every export on both databases, an attacker who knows every total and every equation between
the columns and still cannot work out a suppressed cell."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import polars as pl
import pytest

from dashboard import db, disclosure, estimates
from dashboard.disclosure import PROVINCE, Protection
from dashboard.filters import Filters
from queries import complaints, meta
from queries.exports import EXPORTS, published
from tests.conftest import ROOT

DAY = dt.date(2026, 2, 10)  # the other channels' edges fall on it (tests/populate.py)
NATIONAL = Filters(as_of=DAY)
ILAM = Filters(as_of=DAY, province="IR-16")
EDGE_TOWN = Filters(as_of=DAY, province="IR-16", county=9_000_002)
ILAM_COUNTY = Filters(as_of=DAY, province="IR-16", county=1_291_845)
LOW_DECILES = Filters(as_of=DAY, province="IR-16", decile_min=1, decile_max=3)
KHORRAMABAD_LOW = Filters(as_of=DAY, province="IR-15", county=1_279_146, decile_min=1, decile_max=3)
VIEWS = {
    "national": NATIONAL,
    "IR-16": ILAM,
    "IR-16 edge town": EDGE_TOWN,
    "IR-16 Ilam county": ILAM_COUNTY,
    "IR-16 deciles 1-3": LOW_DECILES,
    "IR-15 Khorramabad deciles 1-3": KHORRAMABAD_LOW,
}
# integer columns that count no people (stores, places, tasks, keys): never protected
NOT_PEOPLE = {
    "decile", "day", "wave_id", "county_id", "place_id", "store_id", "task_id", "complaint_id",
    "chain", "small_shop", "cooperative", "active", "suspended", "terminated", "residents",
    "population", "active_stores", "open", "overdue", "done", "score",
    "capacity_per_store_day",
}  # fmt: skip


# --- the attacker: independent of dashboard.disclosure's own bookkeeping ----------------------


def _wide(table: pl.DataFrame) -> pl.DataFrame:
    """A KPI table (key, value, value_7_days_before) as a column per key, a row per moment."""
    if "key" not in table.columns:
        return table
    keys = table["key"].to_list()
    moments = [c for c in table.columns if c not in ("key", disclosure.NOTE)]
    return pl.DataFrame(
        {k: [table[m][i] for m in moments] for i, k in enumerate(keys)},
        schema=dict.fromkeys(keys, pl.Float64),
    )


def _column(table: pl.DataFrame, name: str) -> np.ndarray:
    return table[name].cast(pl.Float64).fill_null(np.nan).to_numpy().astype(float)


def _readable(rules: Protection, table: pl.DataFrame) -> dict[str, np.ndarray]:
    """Per additive column of rules the table holds or gives away: which cells a reader of
    table reads (True) or not (False)."""
    read = {}
    for name in rules.additive:
        if name in rules.implied:
            implied = rules.implied[name]
            ratio, base = _column(table, implied.ratio), _column(table, implied.base)
            empty_ratio = np.isnan(ratio) & (base == 0) & implied.part
            read[name] = (~np.isnan(ratio) & ~np.isnan(base)) | empty_ratio
        elif name in table.columns:
            read[name] = ~np.isnan(_column(table, name))
    return read


def attack(
    rules: Protection, before: pl.DataFrame, after: pl.DataFrame, provinces: dict[str, str]
) -> list[str]:
    """What a reader of after (the published table) can work out of the cells it hides,
    knowing the equations of rules and every total of before (the table unpublished) over
    each group of rows: each cell that is the only unknown of an equation, or that the
    equations fix together (linear algebra). Empty when nothing can be."""
    before, after = _wide(before), _wide(after)
    hidden_before, hidden_after = _readable(rules, before), _readable(rules, after)
    # unknowns: cells the unpublished table gives and the published one does not; an implied
    # count neither gives (no store: no households per store) is unknown too
    unknown = {}
    for name, read in hidden_after.items():
        gone = ~read & hidden_before[name]
        never = ~read & ~hidden_before[name] & (name in rules.implied)
        unknown[name] = gone | never
    variables = [(c, int(r)) for c, cells in unknown.items() for r in np.flatnonzero(cells)]
    if not variables:
        return []
    index = {v: i for i, v in enumerate(variables)}
    equations: list[dict[tuple[str, int], float]] = []
    for total, parts in rules.relations:
        for row in range(before.height):
            equations.append({(total, row): 1.0} | {(p, row): -1.0 for p in parts})
    groups = _attack_groups(rules, before, provinces)
    for name in unknown:
        for rows in groups:
            if len(_distinct_cells(rules, before, name, rows)) >= 2:
                equations.append({(name, r): 1.0 for r in rows})
        keys = rules.same.get(name)
        if keys is not None:  # the same figure on every row with these keys
            seen: dict[tuple, int] = {}
            rows_keys = before.select(keys).rows() if keys else [()] * before.height
            for row, key in enumerate(rows_keys):
                if key in seen:
                    equations.append({(name, seen[key]): 1.0, (name, row): -1.0})
                seen.setdefault(key, row)
    found = []
    rows = []  # each equation in the unknowns alone
    for terms in equations:
        open_terms = {v: k for v, k in terms.items() if v in index}
        if len(open_terms) == 1:
            found.append(f"{next(iter(open_terms))} is the only unknown of {sorted(terms)}")
        if open_terms:
            rows.append(open_terms)
    for block in _blocks(rows):  # equations sharing no unknown are solved apart
        names = sorted({v for e in block for v in rows[e]})
        where = {v: i for i, v in enumerate(names)}
        a = np.zeros((len(block), len(names)))
        for r, e in enumerate(block):
            for v, k in rows[e].items():
                a[r, where[v]] = k
        rank = np.linalg.matrix_rank(a)
        for v, i in where.items():
            unit = np.zeros((1, len(names)))
            unit[0, i] = 1
            if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
                found.append(f"{v} is fixed by the equations together")
    return found


def _blocks(rows: list[dict]) -> list[list[int]]:
    """The equations (by index) grouped so that no two groups share an unknown."""
    by_unknown: dict = {}
    for e, terms in enumerate(rows):
        for v in terms:
            by_unknown.setdefault(v, []).append(e)
    seen: set[int] = set()
    blocks = []
    for start in range(len(rows)):
        if start in seen:
            continue
        block, todo = [], [start]
        seen.add(start)
        while todo:
            e = todo.pop()
            block.append(e)
            for v in rows[e]:
                for other in by_unknown[v]:
                    if other not in seen:
                        seen.add(other)
                        todo.append(other)
        blocks.append(sorted(block))
    return blocks


def _attack_groups(
    rules: Protection, table: pl.DataFrame, provinces: dict[str, str]
) -> list[list[int]]:
    if rules.margins is None:
        return []
    keys = []
    for row in range(table.height):
        key = []
        for m in rules.margins:
            if m == PROVINCE:
                key.append(provinces.get(str(table[rules.county][row])))
            else:
                key.append(table[m][row])
        keys.append(tuple(key))
    return [[r for r, k in enumerate(keys) if k == key] for key in dict.fromkeys(keys)]


def _distinct_cells(rules: Protection, table: pl.DataFrame, name: str, rows: list[int]) -> set:
    keys = rules.same.get(name)
    if keys is None:
        return set(rows)
    return {tuple(table[k][r] for k in keys) for r in rows}


def check_written(before: pl.DataFrame, after: pl.DataFrame) -> None:
    """after is before with cells emptied and a note: every value it writes is before's, and
    a row is noted exactly where a cell was emptied."""
    assert after.columns == [*before.columns, disclosure.NOTE]
    assert after.height == before.height
    emptied = np.zeros(before.height, dtype=bool)
    for name in before.columns:
        was, now = before[name].to_list(), after[name].to_list()
        for row, (a, b) in enumerate(zip(was, now, strict=True)):
            if b is None:
                emptied[row] |= a is not None
            else:
                assert b == a, (name, row, a, b)
    assert (after[disclosure.NOTE] == disclosure.SUPPRESSED).fill_null(False).to_list() == list(
        emptied
    )


def check_primary(
    rules: Protection, before: pl.DataFrame, after: pl.DataFrame, factor: float, min_cell: int
) -> None:
    """Every protected count from 1 to min_cell - 1 (the sample's own count) is unreadable."""
    wide_before, wide_after = _wide(before), _wide(after)
    read = _readable(rules, wide_after)
    for name in rules.protected:
        if name not in read:
            continue  # a hidden base the table does not hold
        if name in rules.implied:
            implied = rules.implied[name]
            values = np.round(
                _column(wide_before, implied.ratio) * _column(wide_before, implied.base)
            )
        else:
            values = _column(wide_before, name)
        weight = factor if name.lstrip("_") in estimates.ESTIMATED else 1
        sample = np.round(values / weight)
        small = (sample >= 1) & (sample < min_cell)
        assert not (small & read[name]).any(), (name, np.flatnonzero(small & read[name]))


# --- hand-made tables -------------------------------------------------------------------------

COUNTIES = {"1": "IR-01", "2": "IR-01", "3": "IR-01", "4": "IR-02", "5": "IR-02"}
HOUSEHOLDS = Protection("rows", counts=("households",), margins=(PROVINCE,), county="county_id")


def _table(**columns: list) -> pl.DataFrame:
    return pl.DataFrame(columns, strict=False)


def _suppressed(table: pl.DataFrame, rules: Protection, factor: float = 1) -> dict[str, list]:
    masks = disclosure.suppression(table, rules, 10, factor, COUNTIES)
    return {c: np.flatnonzero(m).tolist() for c, m in masks.items() if m.any()}


def test_one_small_cell_in_a_column_gets_the_next_smallest_as_partner() -> None:
    table = _table(county_id=[1, 2, 3, 4, 5], households=[4, 50, 30, 200, 300])
    assert _suppressed(table, HOUSEHOLDS) == {"households": [0, 2]}
    assert attack(HOUSEHOLDS, table, _published(table, HOUSEHOLDS), COUNTIES) == []
    # without the partner the province's total would give it back
    alone = disclosure.written(table, {"households": np.array([True, False, False, False, False])})
    assert attack(HOUSEHOLDS, table, alone, COUNTIES) == [
        "('households', 0) is the only unknown of [('households', 0), ('households', 1), "
        "('households', 2)]",
        "('households', 0) is fixed by the equations together",
    ]


def test_a_zero_is_written_and_is_a_partner_only_when_nothing_else_is_left() -> None:
    table = _table(county_id=[1, 2, 3], households=[3, 0, 40])
    assert _suppressed(table, HOUSEHOLDS) == {"households": [0, 2]}, "40 before the zero"
    published_ = _published(table, HOUSEHOLDS)
    assert published_["households"].to_list() == [None, 0, None]
    only_zeros = _table(county_id=[1, 2, 3], households=[3, 0, 0])
    assert _suppressed(only_zeros, HOUSEHOLDS) == {"households": [0, 1]}


def test_cells_of_many_small_counts_need_no_partner_and_a_lone_row_is_its_province() -> None:
    table = _table(county_id=[1, 2, 4], households=[3, 5, 7])
    # IR-01: two suppressed cells cover each other; IR-02: one county, its figure is the
    # province's own, published exactly by design
    assert _suppressed(table, HOUSEHOLDS) == {"households": [0, 1, 2]}
    assert attack(HOUSEHOLDS, table, _published(table, HOUSEHOLDS), COUNTIES) == []


def _published(table: pl.DataFrame, rules: Protection, factor: float = 1) -> pl.DataFrame:
    fraction = 1 / factor
    return disclosure.publish(table, rules, EDGE_TOWN, 10, fraction, COUNTIES)


COMPLAINTS = disclosure.PROTECTIONS["complaints-by-county"]


def test_a_row_whose_columns_add_up_gets_a_partner_in_the_row() -> None:
    table = _table(
        county_id=[4],
        complaints=[12],
        on_time=[11],
        late=[1],
        overdue=[0],
        open_within_target=[0],
        compliance=[11 / 12],
        median_dispatch_h=[10.0],
        p90_dispatch_h=[20.0],
    )
    masks = _suppressed(table, COMPLAINTS)
    assert masks["late"] == [0] and masks["on_time"] == [0], "11 before 12: the smaller"
    assert "complaints" not in masks and "overdue" not in masks
    assert masks["compliance"] == masks["median_dispatch_h"] == [0], "computed from them"
    after = _published(table, COMPLAINTS)
    assert after.row(0, named=True) | {"county_name": None} == {
        "county_id": 4, "complaints": 12, "on_time": None, "late": None, "overdue": 0,
        "open_within_target": 0, "compliance": None, "median_dispatch_h": None,
        "p90_dispatch_h": None, "note": "suppressed", "county_name": None,
    }  # fmt: skip
    assert attack(COMPLAINTS, table, after, COUNTIES) == []


APPLICATIONS = disclosure.PROTECTIONS["applications-by-county"]


def test_partners_run_to_a_fixed_point_across_rows_and_columns() -> None:
    """A small pending count pulls decided (filed = decided + pending), which pulls approved
    (decided = approved + rejected); each of those alone in its column pulls a partner in
    the other county, whose row then needs partners of its own."""
    table = _table(
        county_id=[1, 2],
        filed=[30, 60],
        decided=[25, 40],
        approved=[12, 25],
        rejected=[13, 15],
        pending=[5, 20],
        pending_overdue=[0, 12],
        median_decision_days=[3.0, 4.0],
    )
    masks = _suppressed(table, APPLICATIONS)
    assert masks["pending"] == [0, 1] and masks["decided"] == [0, 1]
    assert masks["approved"] == [0, 1] and masks["rejected"] == [0, 1]
    assert masks["median_decision_days"] == [0, 1]
    assert "filed" not in masks, "the filed of each county stays: no equation gives a cell"
    assert attack(APPLICATIONS, table, _published(table, APPLICATIONS), COUNTIES) == []


def test_equations_that_fix_a_cell_only_together_get_one_more_partner() -> None:
    """x, y, z are small; each of s1 = x + y, s2 = y + z, s3 = x + z has two unknowns, but the
    three together give x = (s1 - s2 + s3) / 2: the check by linear algebra adds a partner.
    (The s's are not the sums here: the attacker reads the structure, not the values.)"""
    rules = Protection(
        "rows",
        counts=("x", "y", "z", "s1", "s2", "s3"),
        relations=(("s1", ("x", "y")), ("s2", ("y", "z")), ("s3", ("x", "z"))),
    )
    table = _table(x=[3], y=[4], z=[5], s1=[107], s2=[109], s3=[108])
    masks = _suppressed(table, rules)
    assert masks == {"x": [0], "y": [0], "z": [0], "s1": [0]}, "the smallest s covers them"
    after = disclosure.written(table, disclosure.suppression(table, rules, 10))
    assert attack(rules, table, after, {}) == []
    without = disclosure.written(table, {c: np.array([True]) for c in ("x", "y", "z")})
    assert "('x', 0) is fixed by the equations together" in attack(rules, table, without, {})


UPTAKE = disclosure.PROTECTIONS["uptake-by-area"]


def _areas(households: list, members: list, buyers: list) -> pl.DataFrame:
    return _table(
        area_code=[str(i + 1) for i in range(len(households))],
        households=households,
        members=members,
        released_toman=[h * 1_000_000 for h in households],
        spent_toman=[b * 600_000 for b in buyers],
        uptake=[b * 0.6 / h for h, b in zip(households, buyers, strict=True)],
        reach=[b / h for h, b in zip(households, buyers, strict=True)],
        topup_share=[0.1] * len(households),
    )


def test_money_and_ratios_of_a_suppressed_count_are_suppressed_with_it() -> None:
    table = _areas([8, 40, 60], [30, 150, 200], [6, 30, 45])
    masks = _suppressed(table, UPTAKE)
    assert masks["households"] == [0, 1]
    assert masks["released_toman"] == [0, 1], "credit released to the suppressed households"
    assert masks["reach"] == [0, 1] and masks["uptake"] == [0, 1]
    after = _published(table, UPTAKE)
    assert after["members"].to_list() == [30, 150, 200], "members are 10 or more everywhere"
    assert attack(UPTAKE, table, after, COUNTIES) == []


def test_a_count_the_table_gives_away_is_protected_as_one() -> None:
    """reach x households gives the buyers: 3 buyers of 50 households hide the reach, the
    spending and the top-up share of that county, and of a partner county."""
    table = _areas([50, 40, 60], [150, 150, 200], [3, 30, 45])
    masks = _suppressed(table, UPTAKE)
    assert masks["_buyers"] == [0, 1]
    assert masks["reach"] == masks["spent_toman"] == masks["topup_share"] == [0, 1]
    assert "households" not in masks
    after = _published(table, UPTAKE)
    assert "_buyers" not in after.columns
    assert attack(UPTAKE, table, after, COUNTIES) == []


def test_a_sample_is_judged_by_its_own_count() -> None:
    """At 1 in 500, 2,500 households are 5 in the sample (suppressed), 5,000 are 10 (not);
    complaints are never sampled."""
    table = _table(county_id=[1, 2, 3], households=[2_500, 5_000, 500_000])
    assert _suppressed(table, HOUSEHOLDS, factor=500) == {"households": [0, 1]}
    assert _suppressed(table, HOUSEHOLDS, factor=1) == {}


def test_provinces_and_the_country_are_written_as_they_are() -> None:
    table = _areas([8, 40], [30, 150], [6, 30]).with_columns(
        area_code=pl.Series(["IR-01", "IR-02"])
    )
    after = disclosure.publish(table, UPTAKE, NATIONAL, 10, 1, {})
    assert after.drop(disclosure.NOTE).equals(table)
    assert after[disclosure.NOTE].null_count() == 2
    deciles = disclosure.PROTECTIONS["uptake-by-decile"]
    by_decile = _areas([8, 40], [30, 150], [6, 30]).drop("members", "area_code")
    assert disclosure.publish(by_decile, deciles, ILAM, 10, 1).drop("note").equals(by_decile)
    assert disclosure.publish(by_decile, deciles, EDGE_TOWN, 10, 1)["note"].to_list() == [
        "suppressed",
        "suppressed",
    ], "the deciles of a county lie below province level"


def test_a_kpi_table_is_judged_by_key() -> None:
    kpis = pl.DataFrame(
        {
            "key": [
                "households",
                "members",
                "released_toman",
                "spent_toman",
                "uptake",
                "reach",
                "active_stores",
                "dispatch_compliance",
                "overdue_tasks",
                "_on_time",
                "_late",
                "_overdue",
            ],  # fmt: skip
            "value": [6.0, 20.0, 6e6, 3e6, 0.5, 0.5, 3.0, 0.8, 2.0, 40.0, 10.0, 0.0],
            "value_7_days_before": [
                6.0,
                20.0,
                6e6,
                2e6,
                1 / 3,
                1 / 3,
                3.0,
                0.75,
                1.0,
                30.0,
                10.0,
                0.0,
            ],  # fmt: skip
        }
    )
    rules = disclosure.PROTECTIONS["overview-kpis"]
    after = disclosure.publish(kpis, rules, EDGE_TOWN, 10, 1)
    shown = {r["key"]: (r["value"], r["value_7_days_before"], r["note"]) for r in after.to_dicts()}
    assert set(shown) == {k for k in kpis["key"] if not k.startswith("_")}
    for key in ("households", "released_toman", "spent_toman", "uptake", "reach"):
        assert shown[key] == (None, None, "suppressed"), key
    assert shown["members"] == (20.0, 20.0, None)
    assert shown["active_stores"] == (3.0, 3.0, None) and shown["overdue_tasks"][:2] == (2, 1)
    assert shown["dispatch_compliance"] == (0.8, 0.75, None), "40 and 10 judged: not small"
    fewer = kpis.with_columns(
        pl.when(pl.col("key") == "_late").then(3.0).otherwise(pl.col("value")).alias("value")
    )
    after = disclosure.publish(fewer, rules, EDGE_TOWN, 10, 1)
    assert after.filter(key="dispatch_compliance").row(0)[1:] == (None, 0.75, "suppressed")
    assert disclosure.publish(kpis, rules, ILAM, 10, 1)["note"].null_count() == after.height


def test_a_figure_repeated_on_rows_is_one_cell() -> None:
    """uptake-waves writes a wave's households on every day's row: suppressed on all of them,
    and its partner is a whole wave."""
    rules = disclosure.PROTECTIONS["uptake-waves"]
    table = _table(
        wave_id=[1, 1, 1, 2, 2, 3, 3],
        households=[6, 6, 6, 40, 40, 90, 90],
        day=[0, 1, 2, 0, 1, 0, 1],
        buyers=[0, 2, 5, 12, 30, 40, 80],
    ).with_columns(reach=pl.col("buyers") / pl.col("households"))
    masks = _suppressed(table, rules)
    assert masks["households"] == [0, 1, 2, 3, 4]
    assert masks["buyers"] == [1, 2], "two small: they cover each other"
    after = _published(table, rules)
    assert attack(rules, table, after, {}) == []


def test_a_watchlist_of_single_complaints_is_not_published() -> None:
    with pytest.raises(disclosure.NotPublishable, match="not for publication"):
        disclosure.protection("complaints-watchlist")
    assert not disclosure.publishable("complaints-watchlist")
    assert disclosure.publishable("complaints-by-county")


def test_every_export_and_page_download_has_publication_rules() -> None:
    assert set(EXPORTS) <= set(disclosure.PROTECTIONS)
    named = set()
    for page in (ROOT / "views").glob("*.py"):
        source = page.read_text("utf-8")
        named |= set(re.findall(r'table_buttons\(\s*[^"]*?,\s*f?"([^"]+)"', source))
    named = {
        n.replace("{dimension}", d) if "{dimension}" in n else n
        for n in named
        for d in complaints.DIMENSIONS
    }
    assert named and named <= set(disclosure.PROTECTIONS), named - set(disclosure.PROTECTIONS)


# --- every export, on both databases ----------------------------------------------------------


@pytest.fixture(scope="module")
def counties_of(raw: dict) -> dict[str, str]:
    """county id (text) -> province code, from the raw rows."""
    rows = raw["counties"].select("id", "province_code").iter_rows()
    return {str(county): province for county, province in rows}


def check_aligned(conn, name: str, f: Filters, after: pl.DataFrame) -> None:
    """A county's view of a table of counties (stores, waves) hides every cell the province's
    published table hides on the same row."""
    rules = disclosure.PROTECTIONS[name]
    if not rules.key or f.county is None:
        return
    wide = f.province_wide()
    whole = published(conn, name, EXPORTS[name].query(conn, wide), wide)
    rows = {tuple(r): i for i, r in enumerate(whole.select(rules.key).rows())}
    for row, key in enumerate(after.select(rules.key).rows()):
        if key in rows:
            for column in after.columns:
                if whole[column][rows[key]] is None:
                    assert after[column][row] is None, (column, key)


@pytest.mark.parametrize("name", list(EXPORTS))
def test_no_suppressed_cell_can_be_worked_out(
    db_url: str, name: str, counties_of: dict[str, str]
) -> None:
    """For every export with --publish, in views with small cells (a province's counties, two
    counties, low deciles): every written value is the unpublished one, every small count is
    empty, and an attacker knowing each group's totals (the province's figure) and every
    equation between the columns finds no suppressed cell as the only unknown of an equation,
    nor fixed by the equations together."""
    rules = disclosure.PROTECTIONS[name]
    suppressed = 0
    with db.make_engine(db_url).connect() as conn:
        settings = meta.settings(conn)
        factor = estimates.factor(settings.household_fraction)
        for view, f in VIEWS.items():
            if rules.level == disclosure.REFUSED:
                with pytest.raises(disclosure.NotPublishable):
                    published(conn, name, EXPORTS[name].query(conn, f), f)
                continue
            before = EXPORTS[name].query(conn, f)
            after = published(conn, name, before, f)
            check_written(before, after)
            check_aligned(conn, name, f, after)
            if disclosure.below_province(rules, f):
                check_primary(rules, before, after, factor, settings.publish_min_cell)
            else:
                assert after[disclosure.NOTE].null_count() == after.height, view
            assert attack(rules, before, after, counties_of) == [], view
            suppressed += int((after[disclosure.NOTE] == disclosure.SUPPRESSED).sum())
    has_counts = rules.protected and rules.level in (disclosure.ROWS, disclosure.AREAS)
    if has_counts or rules.level == disclosure.OWN_AREA:
        assert suppressed > 0, "the views hold small cells: the test tests something"


def test_every_count_column_is_classified(sqlite_url: str) -> None:
    """No integer column and no household-based figure of an export escapes the rules: each
    is protected, computed from protected counts, or counts no people (NOT_PEOPLE)."""
    with db.make_engine(sqlite_url).connect() as conn:
        for name, export in EXPORTS.items():
            rules = disclosure.PROTECTIONS[name]
            if rules.level == disclosure.REFUSED:
                continue
            table = _wide(export.query(conn, ILAM))
            classified = {*rules.counts, *rules.sums, *rules.ratios}
            for column, dtype in table.schema.items():
                people = dtype.is_integer() or column in estimates.ESTIMATED
                if name == "overview-kpis":
                    people = column in estimates.ESTIMATED
                if people and column not in NOT_PEOPLE:
                    assert column in classified, (name, column)


def test_relations_hold_in_the_data(db_url: str) -> None:
    """The equations the rules give the attacker are true of every row (else the rules
    would protect against the wrong sums)."""
    with db.make_engine(db_url).connect() as conn:
        for name, rules in disclosure.PROTECTIONS.items():
            if name not in EXPORTS or not rules.relations:
                continue
            for f in (NATIONAL, ILAM):
                table = EXPORTS[name].query(conn, f)
                for total, parts in rules.relations:
                    assert table[total].equals(table.select(pl.sum_horizontal(parts))[:, 0]), (
                        name,
                        total,
                    )


def test_the_province_total_stays_exact(db_url: str) -> None:
    """Ilam's counties are published with cells suppressed; the national table, whose rows are
    provinces, writes Ilam's figures exact: the sums of every county, suppressed or not."""
    with db.make_engine(db_url).connect() as conn:
        counties = EXPORTS["uptake-by-area"].query(conn, ILAM)
        shown = published(conn, "uptake-by-area", counties, ILAM)
        provinces = published(
            conn, "uptake-by-area", EXPORTS["uptake-by-area"].query(conn, NATIONAL), NATIONAL
        )
    assert shown["households"].null_count() > 0
    ilam = provinces.filter(area_code="IR-16").row(0, named=True)
    for column in ("households", "members", "released_toman", "spent_toman"):
        assert ilam[column] == counties[column].sum(), column
    assert ilam["note"] is None


@pytest.mark.parametrize("dimension", ["county", "channel", "kind"])
def test_the_pages_download_for_publication(
    sqlite_url: str, counties_of: dict[str, str], dimension: str
) -> None:
    """The third download of a page (frame.downloads) writes the page's own table as the
    command line would: its lines, the note column, no cell to work out; in a county's view a
    table of counties hides what the province's hides."""
    from frame import downloads

    engine = db.make_engine(sqlite_url)
    for f in (ILAM, EDGE_TOWN):
        with engine.connect() as conn:
            figures = complaints.figures(conn, f)
        for name, table in ((f"complaints-by-{dimension}", figures[f"by_{dimension}"]),
                            ("complaints-sanctions", figures["sanctions"])):  # fmt: skip
            data = downloads._published_csv(engine, table, name, f, "en")
            text = data.decode("utf-8-sig")
            assert text.startswith("# For publication: counts of households, buyers, members")
            after = pl.read_csv(
                text.encode(), comment_prefix="#", schema_overrides=table.schema
            ).with_columns(pl.col(disclosure.NOTE).cast(pl.String))
            check_written(table, after)
            rules = disclosure.PROTECTIONS[name]
            assert attack(rules, table, after, counties_of) == [], (name, f)
            with engine.connect() as conn:
                assert after.equals(published(conn, name, table, f)), "the same as --publish"
