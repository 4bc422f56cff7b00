"""The command line: db init, seed, export, import. Export options go through the same parser
as the URL (dashboard.filters.parse): codes or names, Gregorian or Solar Hijri dates, deciles,
group. Import loads an extract all or nothing; its last line on standard output is JSON."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

import sqlalchemy as sa
from tqdm import tqdm

from dashboard import db, estimates, sample, seeding
from dashboard.filters import GROUPS, Filters, parse, reasons
from dashboard.importer import templates
from dashboard.importer.kinds import KINDS
from dashboard.importer.reading import ExtractError
from dashboard.importer.run import REJECT_COLUMNS, rejects, run
from queries import meta
from queries.exports import EXPORTS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("db", help="database set-up").add_subparsers(dest="action")
    init_cmd = init.add_parser("init", help="create the schema and load reference data")
    init_cmd.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL or data/kalabarg.db)")
    seed = commands.add_parser("seed", help="replace the database with generated sample data")
    seed.add_argument("--preset", choices=sorted(sample.PRESETS), default="sample")
    seed.add_argument("--seed", type=int, default=1)
    seed.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL or data/kalabarg.db)")
    export = commands.add_parser("export", help="write a table a page shows as CSV or Excel")
    export.add_argument("name", nargs="?", choices=sorted(EXPORTS), metavar="NAME")
    export.add_argument("--list", action="store_true", help="list the tables and exit")
    export.add_argument("--province", help="today's ISO code (IR-15) or Persian or English name")
    export.add_argument("--county", help="county id or name (with --province)")
    export.add_argument(
        "--as-of", help="YYYY-MM-DD, or Solar Hijri 1404/11/21 (default: last day with purchases)"
    )
    export.add_argument("--deciles", help="decile range, e.g. 1-3 (default 1-10)")
    export.add_argument("--group", help=f"household group: {', '.join(GROUPS)}")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument(
        "--output", "-o", type=Path, help="file to write (default: standard output)"
    )
    export.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL or data/kalabarg.db)")
    load = commands.add_parser("import", help="load an extract (CSV or Excel), all or nothing")
    load.add_argument(
        "kind", nargs="?", choices=sorted(KINDS), metavar="KIND", help=", ".join(KINDS)
    )
    load.add_argument("file", nargs="?", type=Path, metavar="FILE", help=".csv or .xlsx")
    load.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL or data/kalabarg.db)")
    load.add_argument(
        "--unit",
        choices=("toman", "rial"),
        default="toman",
        help="the unit of the file's amounts (default toman)",
    )
    load.add_argument("--sheet", help="the Excel sheet (default: the first)")
    load.add_argument("--dry-run", action="store_true", help="judge and report, store nothing")
    load.add_argument("--rejects", type=Path, help="rejects CSV (default FILE.rejects.csv)")
    load.add_argument(
        "--template",
        choices=sorted(KINDS),
        metavar="KIND",
        help="write the expected header with two example rows",
    )
    load.add_argument("--output", type=Path, help="the template's file (.csv or .xlsx)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    url = args.db or db.database_url()
    if args.command == "db":
        created = db.init(db.make_engine(url))
        print("database initialised" if created else "database already initialised")
        return 0
    if args.command == "seed":
        counts = seeding.seed(url, args.preset, args.seed)
        for table, rows in counts.items():
            print(f"{table:>14}: {rows:,}")
        return 0
    if args.command == "import":
        return _import(args, url)
    return _export(args, url)


def _import(args: argparse.Namespace, url: str) -> int:
    if args.template:
        table = templates.template(KINDS[args.template])
        if args.output and args.output.suffix.lower() == ".xlsx":
            table.write_excel(args.output, worksheet=args.template, autofit=True)
        elif args.output:
            table.write_csv(args.output)
        else:
            sys.stdout.write(table.write_csv())
        return 0
    if not args.kind or not args.file:
        print("error: give KIND and FILE, or --template KIND", file=sys.stderr)
        return 2
    summary = {
        "kind": args.kind,
        "read": 0,
        "inserted": 0,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    bar = tqdm(
        total=100, desc=f"import {args.kind}", unit="%", file=sys.stderr, leave=False, disable=None
    )

    def progress(fraction: float, label: str) -> None:
        bar.set_postfix_str(label)
        bar.update(round(fraction * 100) - bar.n)

    try:
        outcome = run(
            db.make_engine(url),
            args.kind,
            args.file,
            unit=args.unit,
            sheet=args.sheet,
            dry_run=args.dry_run,
            actor=_actor(),
            progress=progress,
        )
    except ExtractError as error:
        bar.close()
        print(f"error: {error}", file=sys.stderr)
        print(json.dumps(summary))
        return 2
    bar.close()
    judgement = outcome.judgement
    summary = outcome.counts()
    print(f"read {args.file.name} as {judgement.form}: {judgement.read:,} rows")
    if judgement.extra:
        print(f"extra columns, ignored: {', '.join(judgement.extra)}")
    if judgement.blank:
        print(f"blank lines, skipped: {judgement.blank:,}")
    path = args.rejects or args.file.with_name(args.file.name + ".rejects.csv")
    if judgement.refused:
        rejects(judgement).select(REJECT_COLUMNS).write_csv(path)
        print(
            f"nothing stored: {judgement.rejected:,} of {judgement.read:,} rows rejected; "
            f"every reason is in {path}"
        )
        print(json.dumps(summary))
        return 2
    if path.exists():  # a rejects file of an earlier run names rows no longer rejected
        path.unlink()
        print(f"removed the earlier rejects file {path.name}: no row is rejected now")
    if args.dry_run:
        print("dry run: every row is clean; nothing stored")
    elif not outcome.stored:
        print("nothing to store: every row is stored already, as it is")
    else:
        print(f"stored as import {outcome.import_id} in {outcome.seconds} s")
    print(json.dumps(summary))
    return 0


def _actor() -> str:
    """Who runs the command line (the operating-system user until sign-in exists)."""
    try:
        return f"cli:{getpass.getuser()}"
    except OSError:
        return "cli"


def _export(args: argparse.Namespace, url: str) -> int:
    if args.list or not args.name:
        for export in EXPORTS.values():
            print(f"{export.name:<20} {export.description}")
        return 0
    engine = db.make_engine(url)
    with engine.connect() as conn:
        try:
            filters = _filters(conn, args)
        except ValueError as error:  # FilterError too
            print(f"error: {error}", file=sys.stderr)
            return 2
        table = EXPORTS[args.name].query(conn, filters)
        fraction = meta.settings(conn).household_fraction
    if args.format == "xlsx":
        if not args.output:
            print("error: --format xlsx needs --output FILE", file=sys.stderr)
            return 2
        estimates.write_excel(table, args.output, args.name, fraction, "en")
    elif args.output:
        Path(args.output).write_text(estimates.csv_text(table, fraction, "en"), "utf-8")
    else:
        sys.stdout.write(estimates.csv_text(table, fraction, "en"))
    return 0


def _filters(conn: sa.Connection, args: argparse.Namespace) -> Filters:
    """Filters from the export options, checked as the URL's are; any option that is not
    valid is an error (ValueError naming each)."""
    options = {
        "as_of": args.as_of,
        "province": args.province,
        "county": args.county,
        "deciles": args.deciles,
        "group": args.group,
    }
    filters, rejected = parse(options, meta.universe(conn, only_with_data=False))
    if rejected:
        raise ValueError("; ".join(reasons(rejected, lambda key: "--" + key.replace("_", "-"))))
    return filters
