"""The judgement of an extract: every row parsed and checked, alone and against the others and
the database, then sorted into inserts, updates and unchanged rows, or rejected with reasons.

Nothing is written here; dashboard.importer.storing writes what a clean judgement allows. A
purchases extract (a province's month: millions of rows) is judged in two passes: its rows
checked alone a batch at a time and put aside on disk (dashboard.staging), then
judged against the others and the database a bucket of households at a time, each clean
bucket handed to a sink that stores it (the import's transaction keeps it all or nothing).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import polars as pl
import sqlalchemy as sa

from dashboard import programme
from dashboard import schema as s
from dashboard.importer import area, balance, identity, references
from dashboard.importer.kinds import Kind
from dashboard.importer.parsing import PROBLEM, RAW, TYPES, parse, problems
from dashboard.importer.reading import Extract
from dashboard.lookups import matching
from dashboard.rows import read_raw, read_rows
from dashboard.staging import Staging

Progress = Callable[[float, str], None]
# a clean bucket of a staged extract's rows (with 'line' and 'fate') and its rollup context
Sink = Callable[[pl.DataFrame, dict[str, pl.DataFrame]], None]
HASHED = {"national_id": "head_hash", "reporter": "reporter_hash"}
# an identifier hashed into another column for a kind: an applicant is no household's head yet
HASHED_AS = {("applications", "national_id"): "applicant_hash"}
BY_HEAD = ("allocations", "purchases", "method_two", "mother_packages")  # household by its head
STAGED = ("purchases",)  # kinds judged in buckets of households, their rows on disk between


@dataclasses.dataclass
class Judgement:
    """What importing an extract would do."""

    kind: Kind
    form: str
    extra: list[str]
    read: int
    rows: pl.DataFrame  # the rows as they would be stored, with 'line' and 'fate' (staged: none)
    problems: pl.DataFrame  # line, column, value, reason, detail; sorted by line
    old: pl.DataFrame  # the stored versions of the rows that would be updated
    context: dict[str, pl.DataFrame]  # what the rollups need (dashboard.importer.balance)
    blank: int = 0  # blank lines skipped (not rows)
    province: str | None = None  # the one province of a clean file's rows (None: national)
    fates: dict[str, int] = dataclasses.field(default_factory=dict)  # of the rows not rejected
    latest: object = None  # the latest event (kind.event) of the file's rows

    @property
    def rejected(self) -> int:
        """Rows with at least one problem (a problem of the header rejects every row)."""
        if (self.problems["line"] == 1).any():
            return self.read
        return self.problems["line"].n_unique()

    @property
    def refused(self) -> bool:
        """Whether the file is refused: a row rejected, or its header wanting (even with no
        rows)."""
        return not self.problems.is_empty()

    def counts(self) -> dict[str, int | str]:
        """The summary line: kind, read, inserted, updated, unchanged, rejected (read is the sum
        of the other four; with rejections, the rest say what the clean rows would have been)."""
        rejected = self.rejected
        count = self.fates if rejected < self.read else {}
        return {
            "kind": self.kind.name,
            "read": self.read,
            "inserted": count.get("insert", 0),
            "updated": count.get("update", 0),
            "unchanged": count.get("unchanged", 0),
            "rejected": rejected,
        }


def judge(
    conn: sa.Connection,
    extract: Extract,
    kind: Kind,
    rial: bool,
    progress: Progress,
    province: str | None = None,
    sink: Sink | None = None,
) -> Judgement:
    """The judgement of extract as kind (amounts in rial when rial), read inside conn's
    transaction; with province (a provincial data officer's), rows outside it are rejected.
    A staged kind's clean buckets go to sink while nothing is rejected (see the module)."""
    if kind.name in STAGED and _header_problems(extract, kind).is_empty():
        return _judge_staged(conn, extract, kind, rial, progress, province, sink)
    found = [_header_problems(extract, kind)]
    parts, read = [], 0
    for batch in extract.batches():
        typed, bad = parse(batch, kind, rial)
        parts.append(typed)
        found.append(bad)
        read += batch.height
        progress(0.1, f"{read:,}")
    rows = pl.concat(parts) if parts else _empty_rows(kind)
    if (pl.concat(found)["line"] == 1).any():  # a required column missing: judge no further
        return Judgement(
            kind,
            extract.form,
            extract.extra,
            read,
            rows.with_columns(fate=pl.lit(None, pl.String)),
            _sorted(found),
            rows.clear(),
            {},
            extract.blank,
        )
    rows = _hash(rows, kind)
    given = _given(set(extract.headers.values()), kind)
    found += _alternatives(rows, kind, _sorted(found))
    progress(0.4, "references")
    rows, more = _references(conn, rows, kind)
    found += more
    placed = area.placed(conn, rows, kind.name)
    found += area.outside(rows, placed, province)
    found += _duplicates(rows, kind)
    if kind.name == "households":
        rows, more = _household_ids(conn, rows)
        found += more
    if kind.name == "stores":
        found += _terminals(conn, rows)
    if kind.name == "allocations":
        rows = _waves(conn, rows)
    progress(0.6, "stored rows")
    rows, old, more = _fates(conn, rows, kind, given, _sorted(found)["line"])
    rows = _defaults(rows, kind.name)
    found += more
    found += _order(rows, kind, _sorted(found))  # the rows as stored: kept columns merged
    found += _needed(rows, kind, _sorted(found))
    context: dict[str, pl.DataFrame] = {}
    if kind.name in balance.ROLLED:
        progress(0.7, "credit")
        clean = rows.join(_sorted(found).select("line").unique(), on="line", how="anti")
        context, more = balance.check(conn, kind.name, clean, old)
        found += more
    judged = _sorted(found)
    place = None if not judged.is_empty() else area.province(placed)
    latest = rows[kind.event].max() if kind.event and rows.height else None
    return Judgement(kind, extract.form, extract.extra, read, rows, judged, old, context,
                     extract.blank, place, _fate_counts(rows, judged), latest)  # fmt: skip


def _judge_staged(
    conn: sa.Connection,
    extract: Extract,
    kind: Kind,
    rial: bool,
    progress: Progress,
    province: str | None,
    sink: Sink | None,
) -> Judgement:
    """judge() in two passes (see the module): what a row is alone, then a bucket at a time."""
    table = s.metadata.tables[kind.table]
    kept = [c.name for c in table.columns]
    given = _given(set(extract.headers.values()), kind)
    found, keys, provinces, read = [], [], [], 0
    with Staging("household_id") as staging:
        for batch in extract.batches():
            rows, bad = parse(batch, kind, rial)
            read += batch.height
            progress(0.1, f"{read:,}")
            rows = _hash(rows, kind)
            found += [bad, *_alternatives(rows, kind, _sorted([bad]))]
            rows, more = _references(conn, rows, kind)
            placed = area.placed(conn, rows, kind.name)
            found += [*more, *area.outside(rows, placed, province)]
            provinces.append({c: of.drop_nulls().unique() for c, of in placed.items()})
            keys.append(rows[kind.key[0]])  # the one-column key of a staged kind
            raw = [c for c in rows.columns if c.endswith(RAW)]
            staging.add(rows.select("line", *[c for c in kept if c in rows.columns], *raw))
        key = kind.key[0]
        keys = pl.concat(keys) if keys else pl.Series(key, [], pl.Int64)
        twice = keys.filter(keys.is_duplicated()).unique()  # their lines read back: few
        if not twice.is_empty():
            repeated = staging.rows(pl.col(key).is_in(twice.implode()), ["line", key])
            found += _duplicates(repeated, kind)
        stored = _stored_ids(conn, table.c[key], keys)
        del keys
        refused = _sorted(found)["line"]
        fates: dict[str, int] = {}
        latest, clean_so_far = None, refused.is_empty()
        for number, rows in enumerate(staging.buckets()):
            progress(0.5, f"{number + 1} / {staging.count}")
            rows, old, more = _fates(conn, rows, kind, given, refused, stored)
            rows = _defaults(rows, kind.name)
            clean = rows.join(_sorted(more).select("line"), on="line", how="anti").join(
                refused.to_frame(), on="line", how="anti"
            )
            context, credit = balance.check(conn, kind.name, clean, old)
            found += [*more, *credit]
            clean_so_far = clean_so_far and not any(f.height for f in (*more, *credit))
            clean = clean.join(_sorted(credit).select("line"), on="line", how="anti")
            for fate, n in clean["fate"].value_counts().iter_rows():
                fates[fate] = fates.get(fate, 0) + n
            latest = max((d for d in (latest, rows[kind.event].max()) if d is not None),
                         default=None)  # fmt: skip
            if sink is not None and clean_so_far:
                sink(rows, context)
    judged = _sorted(found)
    placed = {c: pl.concat([p[c] for p in provinces]) for c in (provinces[0] if provinces else {})}
    place = None if not judged.is_empty() else area.province(placed)
    none = _empty_rows(kind).with_columns(fate=pl.lit(None, pl.String),
                                          changed=pl.lit(None, pl.String))  # fmt: skip
    return Judgement(kind, extract.form, extract.extra, read, none, judged,
                     pl.DataFrame(), {}, extract.blank, place, fates, latest)  # fmt: skip


def _fate_counts(rows: pl.DataFrame, judged: pl.DataFrame) -> dict[str, int]:
    """How many rows not rejected would be inserted, updated or left unchanged."""
    clean = rows.join(judged.select("line").unique(), on="line", how="anti")
    return dict(clean["fate"].value_counts().iter_rows())


def _sorted(found: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat([pl.DataFrame(schema=PROBLEM), *found]).sort("line", maintain_order=True)


def _empty_rows(kind: Kind) -> pl.DataFrame:
    schema = {"line": pl.Int64} | {c.name: TYPES[c.parse] for c in kind.columns}
    return pl.DataFrame(schema=schema)


def _header_problems(extract: Extract, kind: Kind) -> pl.DataFrame:
    given = set(extract.headers.values())
    missing = [c.name for c in kind.columns if c.required and c.name not in given]
    missing += ["|".join(g) for g in kind.one_of if not given & set(g)]
    rows = [(1, m, "", "missing_column", None) for m in missing]
    rows += [(1, d, "", "doubled_column", None) for d in extract.doubled]
    return pl.DataFrame(rows, schema=PROBLEM, orient="row")


def _hash(rows: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """Identifiers as keyed hashes (the clear values stay in memory only, for masking)."""
    names = [c.name for c in kind.columns if c.name in HASHED]
    if not names:
        return rows
    secret = identity.key()
    return rows.with_columns(
        identity.hashed(rows[n], secret).alias(HASHED_AS.get((kind.name, n), HASHED[n]))
        for n in names
    )


def _given(headers: set[str], kind: Kind) -> set[str]:
    """The stored columns the file speaks for: its own, and those made from them."""
    made = {"county": "county_id", "national_id": "household_id" if kind.name in BY_HEAD
            else HASHED_AS.get((kind.name, "national_id"), "head_hash"),
            "reporter": "reporter_hash",
            "terminal_id": "store_id" if kind.name != "stores" else "terminal_id"}  # fmt: skip
    given = headers | {made[h] for h in headers if h in made}
    if kind.name == "allocations":
        given.add("wave_id")  # made from the household and opens_on
    return given


def _defaults(rows: pl.DataFrame, kind: str) -> pl.DataFrame:
    """The values a new row may leave out: no cash, no basket, an English name as the
    Persian (a record that is updated keeps what it had, see _fates)."""
    new = pl.col("fate") == "insert"
    if kind == "purchases":
        return rows.with_columns(pl.col("cash_toman").fill_null(0),
                                 pl.col("basket_id").fill_null(balance.NO_BASKET))  # fmt: skip
    if kind == "places":
        return rows.with_columns(
            name_en=pl.when(new).then(pl.coalesce("name_en", "name_fa")).otherwise("name_en")
        )
    return rows


def _needed(rows: pl.DataFrame, kind: Kind, found: pl.DataFrame) -> list[pl.DataFrame]:
    """Values a record cannot be stored without that a file may leave out when it updates
    one (a method-two package's amount): missing from a new record, or emptied in an update
    (rows as they would be stored, after the defaults). A line whose value there was refused
    already is not named again."""
    table = s.metadata.tables[kind.table]
    grouped = {c for group in kind.one_of for c in group}
    out = []
    for column in kind.columns:
        name = column.name
        if column.required or name in kind.key or name in grouped or name not in table.c:
            continue
        if table.c[name].nullable:
            continue
        refused = found.filter(pl.col("column") == name)["line"].implode()
        out.append(problems(rows, pl.col(name).is_null() & ~pl.col("line").is_in(refused), name,
                            "missing", value=pl.lit("")))  # fmt: skip
    return out


def _alternatives(rows: pl.DataFrame, kind: Kind, found: pl.DataFrame) -> list[pl.DataFrame]:
    """A row that gives none of a group of alternative columns (a county by neither); a row
    whose value there was refused already is not named twice."""
    out = []
    for group in kind.one_of:
        refused = found.filter(pl.col("column").is_in(group))["line"].implode()
        none = pl.all_horizontal(pl.col(g).is_null() for g in group) & ~pl.col("line").is_in(
            refused
        )
        out.append(problems(rows, none, "|".join(group), "missing", value=pl.lit("")))
    return out


def _references(conn: sa.Connection, rows: pl.DataFrame, kind: Kind):
    found: list[pl.DataFrame] = []
    names = {c.name for c in kind.columns}
    if "county_id" in names:
        rows, more = references.counties(conn, rows)
        found += more
    if "place_id" in names:
        found += references.places(conn, rows)
    if "lat" in names:
        found += references.coordinates(rows)
    if "household_id" in names and kind.name != "households":
        rows, more = references.households(conn, rows)
        found += more
    if "store_id" in names and kind.name != "stores":
        rows, more = references.stores(conn, rows)
        found += more
    return rows, found


def _first_lines(rows: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """rows with 'first': the line where the same values of columns first appear."""
    return rows.with_columns(first=pl.col("line").min().over(columns))


def _duplicates(rows: pl.DataFrame, kind: Kind) -> list[pl.DataFrame]:
    """Keys (and people, and terminals) that appear twice in the file."""
    checks = [(list(kind.key), kind.key[-1], "duplicate_key", False)]
    if kind.name == "households":
        checks.append((["head_hash"], "national_id", "duplicate_person", True))
    if kind.name == "stores":
        checks.append((["terminal_id"], "terminal_id", "duplicate_terminal", False))
    found = []
    for columns, shown, reason, secret in checks:
        given = rows.drop_nulls(columns)
        twice = given.filter(pl.struct(columns).is_duplicated())  # few: the rest left at once
        keyed = _first_lines(twice, columns)
        found.append(
            problems(
                keyed,
                pl.col("line") != pl.col("first"),
                shown,
                reason,
                detail=pl.col("first"),
                secret=secret,
            )
        )
    return found


def _household_ids(conn: sa.Connection, rows: pl.DataFrame):
    """The id of each household row that gives none (the welfare database keys a household by
    its head's national ID): the stored household's of its head, else a new id past every
    stored one and every one the file gives, in the file's order (the import's transaction
    holds it). A head stored under two households is ambiguous. Returns rows and problems."""
    without = rows.filter(pl.col("id").is_null() & pl.col("head_hash").is_not_null())
    if without.is_empty():
        return rows, []
    heads = references.heads(conn, without["head_hash"])
    last = max(conn.execute(sa.select(sa.func.max(s.households.c.id))).scalar_one() or 0,
               rows["id"].max() or 0)  # fmt: skip
    new = (
        without.join(heads, on="head_hash", how="anti")
        .group_by("head_hash")
        .agg(pl.col("line").min())
        .sort("line")
        .select("head_hash", new_id=last + pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
    )
    rows = rows.join(heads, on="head_hash", how="left", maintain_order="left").join(
        new, on="head_hash", how="left", maintain_order="left"
    )
    ambiguous = problems(
        rows,
        pl.col("id").is_null() & (pl.col("n") > 1),
        "national_id",
        "ambiguous_person",
        value=pl.col("national_id"),
        secret=True,
    )
    given = rows.drop_nulls("id").group_by("id").agg(given_on=pl.col("line").min())
    ids = pl.col("id").fill_null(pl.coalesce("head_id", "new_id"))
    rows = rows.with_columns(filled=pl.col("id").is_null(), id=ids)
    rows = rows.join(given, on="id", how="left", maintain_order="left")
    taken = problems(  # the stored household of a head whose id another line gives too
        rows, pl.col("filled") & pl.col("given_on").is_not_null(), "id", "duplicate_key",
        value=pl.col("id").cast(pl.String), detail=pl.col("given_on"),
    )  # fmt: skip
    return rows.drop("head_id", "n", "new_id", "filled", "given_on"), [ambiguous, taken]


def _terminals(conn: sa.Connection, rows: pl.DataFrame) -> list[pl.DataFrame]:
    """Terminals that the database gives to another store."""
    t = s.stores
    owners = matching(
        conn,
        [t.c.terminal_id, t.c.id],
        t.c.terminal_id,
        rows["terminal_id"],
        {"terminal_id": pl.String, "owner": pl.Int64},
    )
    owned = rows.join(owners, on="terminal_id", how="inner")
    return [
        problems(
            owned,
            pl.col("owner") != pl.col("id"),
            "terminal_id",
            "terminal_taken",
            detail=pl.col("owner"),
        )
    ]


def _before(late: str, early: str, reason: str) -> tuple:
    return late, early, pl.col(late) < pl.col(early), reason, True


# the order of a row's moments, and the columns that go together: (the column named, the other
# it is judged against, when the row is wrong, the reason, whether the other's value is quoted)
_ORDER: dict[str, list[tuple[str, str, pl.Expr, str, bool]]] = {
    "stores": [_before("status_since", "joined_on", "before_joined")],
    "complaints": [_before("dispatched_at", "filed_at", "before_filed")],
    "method_two": [
        _before("cancelled_at", "registered_at", "before_registered"),
        _before("delivered_at", "registered_at", "before_registered"),
        ("delivered_at", "cancelled_at", pl.col("delivered_at") > pl.col("cancelled_at"),
         "after_cancelled", True),
    ],
    "mother_packages": [
        _before("issued_on", "eligible_on", "before_eligible"),
        ("collected_at", "issued_on",  # the package can be collected from the day's midnight
         pl.col("collected_at") < pl.col("issued_on").cast(pl.Datetime("us")), "before_issued",
         True),
        ("collected_at", "issued_on",
         pl.col("collected_at").is_not_null() & pl.col("issued_on").is_null(),
         "collected_not_issued", False),
    ],
    "applications": [
        _before("decided_at", "filed_at", "before_filed"),
        ("outcome", "decided_at", pl.col("outcome").is_not_null() & pl.col("decided_at").is_null(),
         "outcome_undecided", False),
        ("decided_at", "outcome", pl.col("decided_at").is_not_null() & pl.col("outcome").is_null(),
         "decided_no_outcome", False),
        ("household_id", "outcome",
         pl.col("household_id").is_not_null() & pl.col("outcome").ne_missing("approved"),
         "household_not_approved", False),
    ],
}  # fmt: skip


def _order(rows: pl.DataFrame, kind: Kind, found: pl.DataFrame) -> list[pl.DataFrame]:
    """Moments out of order, and columns that must go together but do not, judged on the rows
    as they would be stored (a column the file leaves out holds the stored record's value, see
    _fates); the moment judged against is quoted as given, or as stored. A line whose value
    of either column was refused already is not named again (found: the problems so far)."""
    out = []
    for column, other, wrong, reason, quoted in _ORDER.get(kind.name, []):
        refused = found.filter(pl.col("column").is_in([column, other]))["line"].implode()
        out.append(
            problems(
                rows,
                wrong & ~pl.col("line").is_in(refused),
                column,
                reason,
                value=_shown(rows, column),
                detail=_shown(rows, other) if quoted else None,
            )
        )
    return out


def _shown(rows: pl.DataFrame, column: str) -> pl.Expr:
    """A cell as the file gives it or, for a column the file leaves out, as stored."""
    dtype = rows.schema[column]
    if dtype == pl.Datetime:
        stored = pl.col(column).dt.strftime("%Y-%m-%d %H:%M:%S")
    elif dtype == pl.Date:
        stored = pl.col(column).dt.strftime("%Y-%m-%d")
    else:
        stored = pl.col(column).cast(pl.String)
    raw = column + RAW
    return pl.coalesce(pl.col(raw), stored) if raw in rows.columns else stored


def _waves(conn: sa.Connection, rows: pl.DataFrame) -> pl.DataFrame:
    """wave_id: the wave of the household's group and decile that opens that month on that
    day (null when the file's date is no wave's)."""
    h = s.households
    people = matching(
        conn,
        [h.c.id, h.c.grp, h.c.decile],
        h.c.id,
        rows["household_id"],
        {"household_id": pl.Int64, "grp": pl.String, "decile": pl.Int64},
    )
    waves = read_rows(conn, sa.select(s.waves))
    keyed = rows.join(people, on="household_id", how="left", maintain_order="left")
    keys = keyed.select("month", "grp", "decile").drop_nulls()
    assigned = programme.assign_waves(waves, keys) if keys.height else None
    if assigned is None:
        return rows.with_columns(wave_id=pl.lit(None, pl.Int64))
    assigned = assigned.rename({"opens_on": "wave_opens"})
    keyed = keyed.join(assigned, on=["month", "grp", "decile"], how="left", maintain_order="left")
    same = pl.col("wave_opens") == pl.col("opens_on")
    return rows.with_columns(
        wave_id=keyed.select(pl.when(same).then("wave_id")).to_series().cast(pl.Int64)
    )


def _stored_ids(conn: sa.Connection, key: sa.Column, ids: pl.Series) -> pl.Series:
    """Which of ids are stored: the stored ids between the least and the greatest, read from
    the primary key (a new month's ids lie past every stored one: none to read)."""
    if ids.is_empty():
        return ids
    query = sa.select(key).where(key.between(ids.min(), ids.max()))
    stored = read_raw(conn, query, {"id": pl.Int64})["id"]
    return stored.filter(stored.is_in(ids.implode()))


def _as_given(row: dict) -> str:
    """The first changed cell of a row, as the file gives it."""
    column = row["changed"].split(",")[0]
    return str(row.get(column + RAW) or row[column])


def _fates(conn: sa.Connection, rows: pl.DataFrame, kind: Kind, given: set[str],
           refused: pl.Series, stored: pl.Series | None = None):  # fmt: skip
    """Each row's fate (insert, update, unchanged) against the stored row of its key, judged
    on the columns the file gives (one it leaves out says nothing: an updated record keeps
    its stored value there); a fact stored with other values is a conflict (not named for a
    row refused already, on lines refused). Returns rows, the stored versions of updated
    rows, and the conflicts."""
    table = s.metadata.tables[kind.table]
    stored_columns = [c.name for c in table.columns if c.name in rows.columns]
    compared = [c for c in stored_columns if c not in kind.key and c != "source" and c in given]
    kept = [c for c in stored_columns if c not in kind.key and c != "source" and c not in given]
    schema = {c: rows.schema[c] for c in stored_columns}
    keys = rows.drop_nulls(list(kind.key))
    if len(kind.key) == 1:
        ids = keys[kind.key[0]]
        ids = _stored_ids(conn, table.c[kind.key[0]], ids) if stored is None else stored.filter(
            stored.is_in(ids.implode()))  # fmt: skip
        old = matching(conn, [table.c[c] for c in stored_columns], table.c[kind.key[0]], ids,
                       schema)  # fmt: skip
    else:
        first = kind.key[0]
        old = matching(
            conn, [table.c[c] for c in stored_columns], table.c[first], keys[first], schema
        ).join(keys.select(kind.key), on=list(kind.key), how="semi")
    marked = old.with_columns(stored=pl.lit(True))
    joined = rows.join(marked, on=list(kind.key), how="left", suffix="_old", maintain_order="left")
    exists = pl.col("stored").fill_null(False)
    differs = [pl.col(c).ne_missing(pl.col(f"{c}_old")) for c in compared]
    changed = pl.concat_str(
        [pl.when(d).then(pl.lit(c)) for c, d in zip(compared, differs, strict=True)],
        separator=",",
        ignore_nulls=True,
    )
    joined = joined.with_columns(
        fate=pl.when(~exists)
        .then(pl.lit("insert"))
        .when(changed == "")
        .then(pl.lit("unchanged"))
        .otherwise(pl.lit("update")),
        changed=changed,
    )
    joined = joined.with_columns(
        pl.when(exists).then(pl.col(f"{c}_old")).otherwise(pl.col(c)).alias(c) for c in kept
    )
    conflicts = []
    if kind.facts:
        first = pl.col("changed").str.split(",").list.first()
        shown = pl.struct(pl.all()).map_elements(_as_given, pl.String)
        conflicts.append(
            problems(
                joined,
                (pl.col("fate") == "update") & ~pl.col("line").is_in(refused.implode()),
                first,
                "fact_changed",
                value=shown,
                detail=pl.col("changed"),
            )
        )
    rows = joined.select(*rows.columns, "fate", "changed")
    updated = rows.filter(pl.col("fate") == "update").select(kind.key)
    return rows, old.join(updated, on=list(kind.key), how="semi"), conflicts
