"""Figures safe to publish (issue 31, finding 7): the small-cell suppression of a table written
"for publication" (`export --publish`, the pages' third download). Pure: no database, no
Streamlit; queries.exports.published feeds it a query's table.

The rule, in the terms statistical offices use (ONS, UK LLC; the ESS handbook on statistical
disclosure control of frequency tables):

- Primary suppression. In a table whose rows lie below province level (a county, a store, a
  decile or a month of a county's view; see Protection.level), every protected count (a count
  of households, buyers, members, complaints, reporters or applicants, and their kin: the
  registered, the eligible, the filed, the on-time...) from 1 to publish_min_cell - 1 is
  written empty, and the row's `note` says `suppressed`. Tables whose rows are provinces or
  the country are written as they are: the province totals stay exact.
- Zero is not suppressed. A zero names nobody; in these tables it is most often structural (no
  store in the county, no application yet), and suppressing every zero would blank the tables
  of small counties for nothing. A zero can still be chosen as a partner (below), last.
- A sample is judged by its own count. On data holding 1 in N households (the sample preset)
  a household-based count (dashboard.estimates.ESTIMATED) is written as the full-scale
  estimate; it is suppressed when the sample's own count (the estimate / N) is under the
  threshold: an estimate resting on fewer than publish_min_cell sampled households (the
  unweighted base, as survey estimates are judged).
- Secondary suppression. The reader knows more than the cells: the totals of the column over
  the rows that add up to a published figure (a province's counties add up to the province,
  a county view's deciles to the county; Protection.margins), and the equations between the
  columns of a row (complaints = on_time + late + overdue + open_within_target; Protection.
  relations). Where a suppressed cell is the only unknown of such an equation, the smallest
  other cell of that equation is suppressed too (a cell that is not zero before a zero; the
  smaller first). This runs to a fixed point, and then a linear-algebra check makes sure that
  no suppressed cell is fixed by any combination of the equations either (the null space of
  the equations in the unknown cells has a component at every unknown); where one is, one
  more partner is suppressed and the whole runs again.
- Figures computed from a count go with it. A money sum (released_toman), a ratio (reach,
  uptake, registration_rate) or a median (median_delivery_days) whose row's count is
  suppressed is suppressed too (Protection.sums, Protection.ratios). A count the table does
  not write but gives away (buyers = reach x households) is protected as a count
  (Protection.implied): hiding it hides its ratio.

What a table of one row cannot do: where a group of rows is a single row (a province with one
county holding complaints), its cell is the province's figure, published exactly by design,
and no partner exists. What is not covered: tables read together (the same cells suppressed in
a different pattern by another export or view; two decile ranges or two dates subtracted), and
bounds from non-negativity (two suppressed cells adding up to 3). One pair is covered: a
county's view of a table of counties (or stores, or waves) leaves empty, besides its own, what
the province's published table leaves empty on the same rows (align; queries.exports.published).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl
import xlsxwriter

from dashboard import estimates, i18n
from dashboard.filters import Filters

NOTE = "note"  # the column a published table gains
SUPPRESSED = "suppressed"  # its value on a row with a suppressed cell
PROVINCE = "province"  # in Protection.margins: the province of the row's county
HIDDEN = "_"  # a column whose name starts so is read, never written (queries.exports adds some)

# Protection.level: which rows lie below province level
ROWS = "rows"  # always: every row is a county, a store, a county's wave
AREAS = "areas"  # the areas the view compares: provinces nationally, counties with a province
OWN_AREA = "own_area"  # rows of the area's own parts (deciles, months): below with a county
NONE = "none"  # no protected count (tasks, villages' census population): written as it is
REFUSED = "refused"  # single records of people's acts: not for publication at all


class NotPublishable(ValueError):
    """A table that cannot be published (REFUSED, or no rules): its reason."""


@dataclasses.dataclass(frozen=True)
class Implied:
    """A count a table does not write but gives away: ratio x base (buyers = reach x
    households). part: the count is part of the base, so an empty ratio (a base of 0) means 0;
    else an empty ratio leaves it unknown (households per store where no store is active)."""

    ratio: str
    base: str
    part: bool = True


@dataclasses.dataclass(frozen=True)
class Protection:
    """How a table is judged for publication.

    level: ROWS, AREAS, OWN_AREA, NONE or REFUSED (above).
    counts: the protected counts it writes (or, named _x, reads from queries.exports).
    implied: protected counts it gives away, by name (hidden: _buyers).
    sums: additive figures computed from counts (money, purchases), each with its counts.
    ratios: figures that do not add up (ratios, medians), each with what it is computed from.
    relations: (total, parts) equations between the columns of a row.
    margins: None where the rows add up to nothing published (a KPI now and 7 days before);
      else the columns whose equal values make a group adding up to a known total (() the
      whole table; PROVINCE the province of the county in column `county`).
    county: the column holding the row's county id (for PROVINCE, and a county's view).
    same: a count repeated on every row with equal values of these columns (one cell).
    linked: a figure suppressed with any count of the rows sharing the value of this column
      (a forecast read off the county's earlier waves).
    key: the columns that name a row (a county's view is matched to the province's by them).
    reason: why a REFUSED table is not published.
    """

    level: str
    counts: tuple[str, ...] = ()
    implied: Mapping[str, Implied] = dataclasses.field(default_factory=dict)
    sums: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    ratios: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    relations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    margins: tuple[str, ...] | None = None
    county: str | None = None
    same: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    linked: Mapping[str, str] = dataclasses.field(default_factory=dict)
    key: tuple[str, ...] = ()
    reason: str = ""

    @property
    def protected(self) -> tuple[str, ...]:
        """The counts judged against the threshold: written, read and implied."""
        return (*self.counts, *self.implied)

    @property
    def additive(self) -> tuple[str, ...]:
        """The columns whose cells add up (the counts and the sums)."""
        return (*self.protected, *self.sums)

    @property
    def derived(self) -> dict[str, tuple[str, ...]]:
        """Every figure computed from others, with them."""
        return {**self.sums, **self.ratios}


# --- every table that may be written for publication, by its export (or page download) name --

_BUYERS = {"_buyers": Implied("reach", "households")}
_CREDIT = {"released_toman": ("households", "members"), "spent_toman": ("_buyers",)}
_UPTAKE = {
    "uptake": ("released_toman", "spent_toman"),
    "reach": ("_buyers", "households"),
    "topup_share": ("_buyers",),
}
_STATES = ("on_time", "late", "overdue", "open_within_target")
_COMPLAINTS = Protection(
    ROWS,
    counts=("complaints", *_STATES),
    relations=(("complaints", _STATES),),
    ratios={
        "compliance": ("on_time", "late", "overdue"),
        "median_dispatch_h": ("complaints", *_STATES),
        "p90_dispatch_h": ("complaints", *_STATES),
    },
    margins=(PROVINCE,),
    county="county_id",
    key=("county_id",),
)
_PENDING = ("delivered", "pending", "pending_overdue")
# the view's own households and buyers (queries.exports adds them): a month's or an item's
# money is the money of the view's households
_WHOSE_MONEY = ("_households", "_buyers")

PROTECTIONS: dict[str, Protection] = {
    "overview-kpis": Protection(  # a KPI table: one column per KPI, a row now and 7 days before
        OWN_AREA,
        counts=("households", "members", "_on_time", "_late", "_overdue"),
        implied=_BUYERS,
        sums={"released_toman": ("households", "members"), "spent_toman": ("_buyers",)},
        ratios={
            "uptake": ("released_toman", "spent_toman"),
            "reach": ("_buyers", "households"),
            "dispatch_compliance": ("_on_time", "_late", "_overdue"),
        },
    ),
    "uptake-by-decile": Protection(
        OWN_AREA,
        counts=("households",),
        implied=_BUYERS,
        sums={"released_toman": ("households",), "spent_toman": ("_buyers",)},
        ratios=_UPTAKE,
        margins=(),
    ),
    "uptake-by-area": Protection(
        AREAS,
        counts=("households", "members"),
        implied=_BUYERS,
        sums=_CREDIT,
        ratios=_UPTAKE,
        margins=(PROVINCE,),
        county="area_code",
    ),
    "uptake-waves": Protection(
        OWN_AREA,
        counts=("households", "buyers"),
        ratios={"reach": ("buyers", "households")},
        margins=(),
        same={"households": ("wave_id",)},
    ),
    "uptake-months": Protection(
        OWN_AREA,
        counts=_WHOSE_MONEY,
        sums=dict.fromkeys(("released_toman", "spent_toman", "carried_toman"), _WHOSE_MONEY),
        same=dict.fromkeys(_WHOSE_MONEY, ()),
    ),
    "balance-age": Protection(
        OWN_AREA,
        counts=_WHOSE_MONEY,
        sums=dict.fromkeys(("released_toman", "unspent_toman"), _WHOSE_MONEY),
        same=dict.fromkeys(_WHOSE_MONEY, ()),
    ),
    "basket": Protection(
        OWN_AREA,
        counts=_WHOSE_MONEY,
        sums={"value_toman": _WHOSE_MONEY},
        same=dict.fromkeys(_WHOSE_MONEY, ()),
    ),
    "method-two-by-area": Protection(
        AREAS,
        counts=("households_with_credit", "registered", "cancelled", *_PENDING),
        relations=(("registered", ("delivered", "pending")),),
        ratios={
            "registration_rate": ("registered", "households_with_credit"),
            "median_delivery_days": ("delivered",),
        },
        margins=(PROVINCE,),
        county="area_code",
    ),
    "mothers-by-county": Protection(
        ROWS,
        counts=("eligible", "issued", "collected", "uncollected_overdue"),
        ratios={
            "collection_rate": ("collected", "issued"),
            "median_collect_days": ("collected",),
        },
        margins=(PROVINCE,),
        county="county_id",
        key=("county_id",),
    ),
    "applications-by-county": Protection(
        ROWS,
        counts=("filed", "decided", "approved", "rejected", "pending", "pending_overdue"),
        relations=(("filed", ("decided", "pending")), ("decided", ("approved", "rejected"))),
        ratios={"median_decision_days": ("decided",)},
        margins=(PROVINCE,),
        county="county_id",
        key=("county_id",),
    ),
    "store-density": Protection(  # stores are not people; households per store gives
        ROWS,  # the county's households away
        implied={"_households": Implied("households_per_store", "active", part=False)},
        ratios={"households_per_store": ("_households",)},
        margins=(PROVINCE,),
        county="county_id",
        key=("county_id",),
    ),
    "village-coverage": Protection(NONE),  # census population and distances
    "complaints-by-county": _COMPLAINTS,
    "complaints-watchlist": Protection(
        REFUSED,
        reason="complaints-watchlist lists single complaints (each a count of one, with its "
        "store, kind and minute): it is not for publication; complaints-by-county is",
    ),
    "three-reporter-stores": Protection(
        ROWS, counts=("reporters",), margins=(PROVINCE,), county="county_id", key=("store_id",)
    ),
    "store-risk": Protection(  # fewer than N purchases at a store: fewer than N buyers, whose
        ROWS,  # spending its credit_toman would show
        counts=("purchases",),
        sums={"credit_toman": ("purchases",)},
        margins=(PROVINCE,),
        county="county_id",
        key=("store_id",),
    ),
    "wave-load": Protection(
        ROWS,
        counts=("households", "first3d_purchases"),
        sums={"forecast_purchases": ("households", "first3d_purchases")},
        ratios={
            "per_store_day": ("first3d_purchases", "forecast_purchases"),
            "load_ratio": ("per_store_day",),
        },
        margins=(PROVINCE, "wave_id"),
        county="county_id",
        linked={"forecast_purchases": "county_id"},
        key=("county_id", "wave_id", "opens_on"),
    ),
    "tasks": Protection(NONE),  # officials' work, no count of people
    "tasks-by-agency": Protection(NONE),
    # the pages' other downloads
    "complaints-by-channel": dataclasses.replace(
        _COMPLAINTS, level=OWN_AREA, margins=(), county=None, key=()
    ),
    "complaints-by-kind": dataclasses.replace(
        _COMPLAINTS, level=OWN_AREA, margins=(), county=None, key=()
    ),
    "complaints-sanctions": Protection(
        ROWS,
        counts=("unfounded", "violation", "warning", "terminal_cut", "tazirat_referral"),
        margins=(PROVINCE,),
        county="county_id",
        key=("county_id",),
    ),
    "store-density-by-province": Protection(NONE),  # provinces
    "village-coverage-uncovered": Protection(NONE),
}


def protection(name: str) -> Protection:
    """The rules of the table name; NotPublishable where it is refused or has none."""
    rules = PROTECTIONS.get(name)
    if rules is None:
        raise NotPublishable(f"{name} has no publication rules (dashboard.disclosure)")
    if rules.level == REFUSED:
        raise NotPublishable(rules.reason)
    return rules


def publishable(name: str) -> bool:
    """True when the table name may be written for publication."""
    return name in PROTECTIONS and PROTECTIONS[name].level != REFUSED


def below_province(rules: Protection, f: Filters) -> bool:
    """True when the rows of a table judged by rules lie below province level in view f."""
    if rules.level == ROWS:
        return True
    if rules.level == AREAS:
        return f.province is not None
    if rules.level == OWN_AREA:
        return f.county is not None
    return False


# --- the suppression ---------------------------------------------------------------------------


def publish(
    table: pl.DataFrame,
    rules: Protection,
    f: Filters,
    min_cell: int,
    fraction: float,
    provinces: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """table as it may be published: its suppressed cells empty, a `note` column (`suppressed`
    on a row with one), its hidden (_x) columns or KPI rows left out. Written values are never
    changed. provinces: county id (as text) -> province code, for margins by PROVINCE."""
    if rules.level == REFUSED:
        raise NotPublishable(rules.reason)
    if "key" in table.columns:  # a KPI table: key, value, value_7_days_before
        return _publish_kpis(table, rules, f, min_cell, fraction)
    masks = {}
    if below_province(rules, f) and table.height:
        masks = suppression(table, rules, min_cell, estimates.factor(fraction), provinces or {})
    return written(table, masks)


def written(table: pl.DataFrame, masks: Mapping[str, np.ndarray]) -> pl.DataFrame:
    """table with the masked cells empty, a note column, and no hidden column."""
    shown = [c for c in table.columns if not c.startswith(HIDDEN)]
    blanked = np.zeros(table.height, dtype=bool)
    columns = []
    for name in shown:
        column = table[name]
        mask = masks.get(name)
        if mask is not None and mask.any():
            blanked |= mask & column.is_not_null().to_numpy()
            column = column.clone().scatter(np.flatnonzero(mask), None)
        columns.append(column)
    note = pl.Series(NOTE, [SUPPRESSED if b else None for b in blanked], dtype=pl.String)
    return pl.DataFrame([*columns, note])


def align(own: pl.DataFrame, wide: pl.DataFrame, key: Sequence[str]) -> pl.DataFrame:
    """own (a published table of a county's view) with every cell empty that wide (the
    province's, published) leaves empty on the row with the same key: a cell the province's
    table hides as a partner is not given away by the county's."""
    shown = own.drop(NOTE)
    columns = [c for c in shown.columns if c not in key]
    rows = {tuple(r): i for i, r in enumerate(wide.select(key).rows())}
    empty = {c: wide[c].is_null().to_list() for c in columns}
    masks = {c: np.zeros(own.height, dtype=bool) for c in columns}
    for row, name in enumerate(shown.select(key).rows()):
        match = rows.get(tuple(name))
        if match is not None:
            for c in columns:
                masks[c][row] = empty[c][match]
    out = written(shown, masks)
    noted = own[NOTE].is_not_null() | out[NOTE].is_not_null()
    return out.with_columns(pl.when(noted).then(pl.lit(SUPPRESSED)).alias(NOTE))


def _publish_kpis(
    table: pl.DataFrame, rules: Protection, f: Filters, min_cell: int, fraction: float
) -> pl.DataFrame:
    """A KPI table judged as a wide table: a column per key, a row per value column (now, 7
    days before); hidden keys (_x) are read and left out."""
    values = [c for c in table.columns if c != "key"]
    keys = table["key"].to_list()
    wide = pl.DataFrame(
        {k: [table[v][i] for v in values] for i, k in enumerate(keys)},
        schema=dict.fromkeys(keys, pl.Float64),
    )
    masks = {}
    if below_province(rules, f):
        masks = suppression(wide, rules, min_cell, estimates.factor(fraction), {})
    none = np.zeros(len(values), dtype=bool)
    kept = [i for i, k in enumerate(keys) if not k.startswith(HIDDEN)]
    shown = table[kept]
    blank = {v: [bool(masks.get(keys[i], none)[j]) for i in kept] for j, v in enumerate(values)}
    columns = [shown["key"]]
    noted = [False] * len(kept)
    for v in values:
        cells = shown[v].to_list()
        for row, hide in enumerate(blank[v]):
            if hide and cells[row] is not None:
                cells[row], noted[row] = None, True
        columns.append(pl.Series(v, cells, dtype=shown.schema[v]))
    note = pl.Series(NOTE, [SUPPRESSED if n else None for n in noted], dtype=pl.String)
    return pl.DataFrame([*columns, note])


def suppression(
    table: pl.DataFrame,
    rules: Protection,
    min_cell: int,
    factor: float = 1,
    provinces: Mapping[str, str] | None = None,
) -> dict[str, np.ndarray]:
    """The cells of table to suppress, per column (a boolean array per row), primary and
    secondary, with the figures computed from them; implied counts have masks too (hidden:
    their ratios carry them). factor: the sample's N (estimated counts are judged by their
    sample count)."""
    grid = _Grid(table, rules, factor, provinces or {})
    grid.primary(min_cell)
    grid.secondary()
    return grid.mask


class _Grid:
    """The additive figures of a table as floats, what is suppressed, and what is unknown. A
    cell of an additive column is named (column, row) by the first row that holds it."""

    def __init__(
        self, table: pl.DataFrame, rules: Protection, factor: float, provinces: Mapping[str, str]
    ) -> None:
        self.rules, self.n = rules, table.height
        needed = {*rules.counts, *rules.derived, *(i.ratio for i in rules.implied.values()),
                  *(i.base for i in rules.implied.values())}  # fmt: skip
        missing = sorted(needed - set(table.columns))
        if missing:
            raise ValueError(f"columns missing for the publication rules: {', '.join(missing)}")
        self.values = {c: _floats(table[c]) for c in needed}
        self.unknowable = {c: np.zeros(self.n, dtype=bool) for c in needed}
        for name, implied in rules.implied.items():
            ratio, base = self.values[implied.ratio], self.values[implied.base]
            count = np.round(ratio * base)
            count[np.isnan(ratio)] = 0 if implied.part else np.nan
            self.values[name] = count
            self.unknowable[name] = np.isnan(count)
        self.weight = {
            c: factor if c.lstrip(HIDDEN) in estimates.ESTIMATED else 1 for c in self.values
        }
        self.mask = {c: np.zeros(self.n, dtype=bool) for c in self.values}
        self.cell = {c: _cells(table, rules.same.get(c)) for c in rules.additive}
        self.groups = _groups(table, rules, provinces)
        self.keys = {k: np.array(table[k].to_list(), dtype=object) for k in rules.linked.values()}
        self.stuck: set[tuple[str, int]] = set()  # fixed cells no partner can cover

    def sample_count(self, column: str) -> np.ndarray:
        """The column's counts as the sample holds them (the estimate / N)."""
        return np.round(self.values[column] / self.weight[column])

    def unknown(self, column: str) -> np.ndarray:
        """The cells of column a reader cannot read off the table."""
        out = self.mask[column] | self.unknowable[column]
        implied = self.rules.implied.get(column)
        if implied is not None:
            out = out | self.mask[implied.ratio] | self.mask[implied.base]
        return out

    def covered(self, column: str) -> np.ndarray:
        """The cells of column that must stay unknown: suppressed, or unknowable (an implied
        count no ratio gives: as good as suppressed, its value unseen)."""
        return self.mask[column] | self.unknowable[column]

    def known(self, column: str) -> np.ndarray:
        """The cells of column a reader reads, empty ones that are no number (no forecast)
        left out: those add nothing and cannot be partners."""
        return ~self.unknown(column) & ~np.isnan(self.values[column])

    def primary(self, min_cell: int) -> None:
        for column in self.rules.protected:
            count = self.sample_count(column)
            with np.errstate(invalid="ignore"):
                self.mask[column] |= (count >= 1) & (count < min_cell)
        self._spread()

    def secondary(self) -> None:
        """Partners until no suppressed cell is the only unknown of an equation, nor fixed by
        the equations together."""
        while self._relations() or self._margins() or self._algebra():
            self._spread()

    def _spread(self) -> None:
        """Repeated cells, figures computed from suppressed ones, linked figures: to a fixed
        point."""
        while True:
            before = sum(int(m.sum()) for m in self.mask.values())
            for column, cells in self.cell.items():
                self.mask[column] |= np.isin(cells, cells[self.mask[column]])
            for column, bases in self.rules.derived.items():
                for base in bases:
                    self.mask[column] |= self.mask[base]
            for column, key in self.rules.linked.items():
                counts = np.zeros(self.n, dtype=bool)
                for c in self.rules.protected:
                    counts |= self.mask[c]
                self.mask[column] |= np.isin(self.keys[key], self.keys[key][counts])
            if sum(int(m.sum()) for m in self.mask.values()) == before:
                return

    def _pick(self, cells: Sequence[tuple[str, int]]) -> bool:
        """Suppress the best partner among known cells (not zero before zero, then the
        smallest sample count, then the first row); False when there is none."""
        if not cells:
            return False

        def order(cell: tuple[str, int]) -> tuple:
            column, row = cell
            count = self.sample_count(column)[row]
            return (count == 0, count, row)

        column, row = min(cells, key=order)
        self.mask[column][row] = True
        self._spread()
        return True

    def equations(self) -> list[list[tuple[str, int, float]]]:
        """Every equation a reader has between the cells: each row's relations, each group's
        column totals; terms (column, cell, coefficient)."""
        out = []
        for total, parts in self.rules.relations:
            for row in range(self.n):
                terms = [(total, row, 1.0), *((p, row, -1.0) for p in parts)]
                out.append([(c, int(self.cell[c][r]), v) for c, r, v in terms])
        for column in self.rules.additive:
            cells = self.cell[column]
            for rows in self.groups:
                own = sorted({int(cells[r]) for r in rows})  # each cell once
                if len(own) >= 2:  # a group of one cell is its total: published by design
                    out.append([(column, r, 1.0) for r in own])
        return out

    def _lonely(self, terms: list[tuple[str, int, float]]) -> bool:
        """Where a covered cell is the only unknown of the equation, one partner."""
        unknown = [(c, r) for c, r, _ in terms if self.unknown(c)[r]]
        if len(unknown) != 1 or not self.covered(unknown[0][0])[unknown[0][1]]:
            return False
        return self._pick([(c, r) for c, r, _ in terms if self.known(c)[r]])

    def _relations(self) -> bool:
        equations = self.equations()[: len(self.rules.relations) * self.n]
        return any(self._lonely(terms) for terms in equations)

    def _margins(self) -> bool:
        equations = self.equations()[len(self.rules.relations) * self.n :]
        return any(self._lonely(terms) for terms in equations)

    def _algebra(self) -> bool:
        """Where the equations together fix a covered cell, one partner in one of its
        equations; False when none is fixed (or none can be covered). The equations are solved
        in sets that share no unknown."""
        equations = self.equations()
        unknown = [[(c, r, v) for c, r, v in terms if self.unknown(c)[r]] for terms in equations]
        for part in _components(unknown):
            cells = sorted({(c, r) for e in part for c, r, _ in unknown[e]})
            index = {cell: i for i, cell in enumerate(cells)}
            matrix = np.zeros((len(part), len(cells)))
            for row, e in enumerate(part):
                for c, r, v in unknown[e]:
                    matrix[row, index[(c, r)]] += v
            for i in np.flatnonzero(_fixed(matrix)):
                column, row = cells[i]
                if not self.covered(column)[row] or (column, row) in self.stuck:
                    continue
                partners = [
                    (c, r)
                    for e in part
                    if any((c, r) == (column, row) for c, r, _ in unknown[e])
                    for c, r, _ in equations[e]
                    if self.known(c)[r]
                ]
                if self._pick(partners):
                    return True
                self.stuck.add((column, row))
        return False


def _components(equations: list[list[tuple[str, int, float]]]) -> list[list[int]]:
    """The equations (by index) in sets that share no unknown, those with none left out."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(cell: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(cell, cell) != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for terms in equations:
        for c, r, _ in terms[1:]:
            parent[root((c, r))] = root((terms[0][0], terms[0][1]))
    parts: dict[tuple[str, int], list[int]] = {}
    for e, terms in enumerate(equations):
        if terms:
            parts.setdefault(root((terms[0][0], terms[0][1])), []).append(e)
    return list(parts.values())


def _cells(table: pl.DataFrame, keys: tuple[str, ...] | None) -> np.ndarray:
    """Each row's cell: its own row, or the first row with the same values of keys."""
    if keys is None:
        return np.arange(table.height)
    rows = table.select(keys).rows() if keys else [()] * table.height
    first: dict[tuple, int] = {}
    return np.array([first.setdefault(tuple(r), i) for i, r in enumerate(rows)], dtype=int)


def _groups(
    table: pl.DataFrame, rules: Protection, provinces: Mapping[str, str]
) -> list[list[int]]:
    """The rows of each group whose column totals are known (none without margins); a county
    missing from provinces is grouped with the other unknown ones."""
    if rules.margins is None:
        return []
    columns = []
    for m in rules.margins:
        if m == PROVINCE:
            counties = table[rules.county].cast(pl.String).to_list()
            columns.append([provinces.get(c or "", "?") for c in counties])
        else:
            columns.append(table[m].to_list())
    grouped: dict[tuple, list[int]] = {}
    for row, key in enumerate(zip(*columns, strict=True) if columns else [()] * table.height):
        grouped.setdefault(tuple(key), []).append(row)
    return list(grouped.values())


def _fixed(matrix: np.ndarray) -> np.ndarray:
    """For each unknown (column of matrix): True when the equations fix its value, that is,
    every vector of the null space is 0 there."""
    if matrix.size == 0:
        return np.zeros(matrix.shape[1], dtype=bool)
    _, singular, vh = np.linalg.svd(matrix)
    tolerance = max(matrix.shape) * np.finfo(float).eps * (singular[0] if singular.size else 0)
    rank = int((singular > max(tolerance, 1e-9)).sum())
    null = vh[rank:]
    if null.shape[0] == 0:
        return np.ones(matrix.shape[1], dtype=bool)
    return np.all(np.abs(null) < 1e-8, axis=0)


def _floats(column: pl.Series) -> np.ndarray:
    """A column as floats, empty cells as NaN."""
    return column.cast(pl.Float64).fill_null(np.nan).to_numpy().astype(float)


# --- the files -------------------------------------------------------------------------------


def file_note(min_cell: int, lang: str) -> str:
    """The line a published file carries: for publication, cells under min_cell suppressed."""
    return i18n.t("publish.file_note", lang, n=i18n.number(min_cell, lang))


def _notes(table: pl.DataFrame, fraction: float, lang: str, min_cell: int) -> list[str]:
    line = estimates.note(table, fraction, lang)
    return [*([] if line is None else [line]), file_note(min_cell, lang)]


def csv_text(table: pl.DataFrame, fraction: float, lang: str, min_cell: int) -> str:
    """A published table as CSV: the estimate line (dashboard.estimates) where it has one, then
    the publication line, each starting "# ", then the table."""
    lines = "".join(f"# {line}\n" for line in _notes(table, fraction, lang, min_cell))
    return lines + table.write_csv()


def write_excel(
    table: pl.DataFrame, target: object, sheet: str, fraction: float, lang: str, min_cell: int
) -> None:
    """A published table as an Excel workbook; its second sheet "note" holds the estimate line
    (where it has one) and the publication line."""
    with xlsxwriter.Workbook(target) as book:
        table.write_excel(book, worksheet=sheet[:31], autofit=True)
        notes = book.add_worksheet("note")
        for row, line in enumerate(_notes(table, fraction, lang, min_cell)):
            notes.write(row, 0, line)
