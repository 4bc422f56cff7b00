"""The command line: db init, seed, export, import, user, audit. Export options go through the
same parser as the URL (dashboard.filters.parse): codes or names, Gregorian or Solar Hijri dates,
deciles, group. Import loads an extract all or nothing; its last line on standard output is
JSON. User reads passwords from standard input, never from an option."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from pathlib import Path

import polars as pl
import sqlalchemy as sa
from tqdm import tqdm

from dashboard import (
    brief,
    calendar,
    db,
    digest,
    disclosure,
    estimates,
    people,
    rollups,
    sample,
    seeding,
    setup,
)
from dashboard.filters import Filters, area_name, find, parse, parse_day, reasons
from dashboard.importer import folder, templates
from dashboard.importer.kinds import KINDS
from dashboard.importer.reading import ExtractError
from dashboard.importer.run import REJECT_COLUMNS, rejects, run
from dashboard.schema import GROUPS
from queries import accounts, audit, brief_figures, changes, meta
from queries.exports import EXPORTS, published


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("db", help="database set-up").add_subparsers(dest="action")
    init_cmd = init.add_parser("init", help="create the schema and load reference data")
    init_cmd.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL or data/kalabarg.db)")
    rebuild = init.add_parser(
        "rebuild", help="rebuild every rollup from the core tables (after a risk_* setting changed)"
    )
    rebuild.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL or data/kalabarg.db)")
    seed = commands.add_parser("seed", help="replace the database with generated sample data")
    seed.add_argument("--preset", choices=sorted(sample.PRESETS), default="sample")
    seed.add_argument("--seed", type=int, default=1)
    seed.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL or data/kalabarg.db)")
    export = commands.add_parser(
        "export",
        help="write a table a page shows as CSV or Excel (an administrator's tool on the "
        "server: it reads every province; the app keeps each user to their area)",
    )
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
    export.add_argument(
        "--publish",
        action="store_true",
        help="for publication: counts of people under the publish_min_cell setting (10) in rows "
        "below province level empty, with partner cells and what is computed from them, and a "
        "note column (README, Command line)",
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
    load.add_argument(
        "--folder", type=Path, metavar="DIR",
        help="import every extract in DIR (names start with a kind), in dependency order",
    )  # fmt: skip
    _people_parsers(commands)
    brief = commands.add_parser("brief", help="write the one-page meeting brief as PDF")
    brief.add_argument("--province", help="today's ISO code (IR-15), an old code's name, or name")
    brief.add_argument("--county", help="county id or name (with --province)")
    brief.add_argument("--as-of", help="YYYY-MM-DD, or Solar Hijri 1404/11/21 (default: last day)")
    brief.add_argument("--lang", choices=("fa", "en"), default="fa")
    brief.add_argument("--output", "-o", type=Path, required=True, help="the PDF to write")
    brief.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL or data/kalabarg.db)")
    digest = commands.add_parser(
        "digest", help="write what changed in a user's area since a moment (PDF or CSV)"
    )
    digest.add_argument("--user", required=True, help="the user whose area it covers")
    digest.add_argument(
        "--since",
        help="YYYY-MM-DD HH:MM (Iran time), or a day (Gregorian or Solar Hijri) from its start "
        "(default: 24 hours before now)",
    )
    digest.add_argument("--lang", choices=("fa", "en"), default="fa")
    digest.add_argument(
        "--output", "-o", type=Path, required=True, help="FILE.pdf (one A4 page) or FILE.csv"
    )
    digest.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL or data/kalabarg.db)")
    return parser


def _people_parsers(commands: argparse._SubParsersAction) -> None:
    user = commands.add_parser("user", help="add, change, disable and list users")
    actions = user.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user; the password is read from standard input")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=list(people.ROLES))
    add.add_argument("--province", help="today's ISO code (IR-15) or its name")
    add.add_argument("--county", help="county id or name (with --province)")
    add.add_argument("--agency", help="agency code, for a committee member (welfare, guilds, ...)")
    add.add_argument("--name", help="the name shown with their changes (default: username)")
    add.add_argument("--identity", help="their OpenID Connect email or subject, if not username")
    passwd = actions.add_parser(
        "passwd", help="set a password, read from standard input; ends the user's sessions"
    )
    passwd.add_argument("username")
    disable = actions.add_parser("disable", help="disable a user and end their sessions")
    disable.add_argument("username")
    actions.add_parser("list", help="list the users")
    for command in (add, passwd, disable, *actions.choices.values()):
        if not any(a.dest == "db" for a in command._actions):
            command.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL)")
    log = commands.add_parser("audit", help="print the audit log as CSV, oldest first")
    log.add_argument("--since", help="YYYY-MM-DD or Solar Hijri 1405/02/15 (default: all)")
    log.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL or data/kalabarg.db)")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    url = args.db or db.database_url()
    if args.command == "db" and args.action == "rebuild":
        with db.make_engine(url).begin() as conn:
            for table, rows in rollups.rebuild(conn).items():
                print(f"{table:>19}: {rows:,}")
        return 0
    if args.command == "db":
        created = setup.init(db.make_engine(url))
        print("database initialised" if created else "database already initialised")
        _demo_accounts(url)
        return 0
    if args.command == "seed":
        counts = seeding.seed(url, args.preset, args.seed)
        for table, rows in counts.items():
            print(f"{table:>14}: {rows:,}")
        _demo_accounts(url)
        return 0
    if args.command == "import":
        return _import(args, url)
    if args.command == "user":
        return _user(args, url)
    if args.command == "audit":
        return _audit(args, url)
    if args.command == "brief":
        return _brief(args, url)
    if args.command == "digest":
        return _digest(args, url)
    return _export(args, url)


def _brief(args: argparse.Namespace, url: str) -> int:
    args.deciles = args.group = None  # the brief is of an area and a date
    with db.make_engine(url).connect() as conn:
        try:
            filters = _filters(conn, args)
        except ValueError as error:  # FilterError too
            print(f"error: {error}", file=sys.stderr)
            return 2
        universe = meta.universe(conn, only_with_data=False)
        now = calendar.now()
        contents = brief_figures.contents(conn, filters, now)
    head = brief.head(filters, universe, args.lang)
    data = brief.pdf(contents, head, args.lang, now, _actor())
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data) / 1024:.0f} KB, one A4 page)")
    return 0


def _moment(text: str) -> dt.datetime:
    """A moment from the command line: an ISO date and time, or a day (parse_day) from its
    start."""
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return dt.datetime.combine(parse_day(text), dt.time())


def _digest(args: argparse.Namespace, url: str) -> int:
    form = args.output.suffix.lower()
    if form not in (".pdf", ".csv"):
        print(f"error: --output: {args.output.name} is neither .pdf nor .csv", file=sys.stderr)
        return 2
    now = calendar.now()
    try:
        since = _moment(args.since) if args.since else now - changes.DIGEST_WINDOW
    except ValueError:
        print(f"error: --since: {args.since!r} is not a date and time", file=sys.stderr)
        return 2
    if since >= now:
        print(f"error: --since: {since} is not before now ({now})", file=sys.stderr)
        return 2
    engine = db.make_engine(url)
    with engine.connect() as conn:
        user = accounts.user(conn, args.user)
        if user is None:
            print(f"error: --user: no active user {args.user!r}", file=sys.stderr)
            return 2
        if not user.rights.data:
            print(f"error: --user: {user.username} ({user.role}) sees no data", file=sys.stderr)
            return 2
        items = changes.changes(conn, user, since, now)
        window = digest.Window((since, now), changes.data_days(conn, since, now))
        universe = meta.universe(conn, only_with_data=False)
    if form == ".csv":
        args.output.write_text(digest.csv(items), "utf-8")
    else:
        area = area_name(changes.area_of(user, now.date()), universe, args.lang)
        name = user.display_name or user.username
        args.output.write_bytes(digest.pdf(items, area, name, window, args.lang))
    size = args.output.stat().st_size / 1024
    print(f"wrote {args.output} ({size:.0f} KB): {sum(i.count for i in items)} changes")
    return 0


def _demo_accounts(url: str) -> None:
    added = accounts.add_demo_accounts(db.make_engine(url), calendar.now())
    if added:
        print(f"sample data: {added} demo accounts, listed on the sign-in page")


def _password() -> str:
    """The password from standard input: typed unseen at a terminal, else its first line."""
    if sys.stdin.isatty():
        return getpass.getpass("password: ")
    return sys.stdin.readline().rstrip("\r\n")


def _user(args: argparse.Namespace, url: str) -> int:
    engine = db.make_engine(url)
    setup.init(engine)
    now, by = calendar.now(), _actor()
    try:
        if args.action == "add":
            user = accounts.add_user(
                engine, _new_user(engine, args), _password(), now, by, args.identity
            )
            area = [user.province_code or "national", user.county_id, user.agency]
            print(f"added {user.username}: {user.role}, " + ", ".join(map(str, filter(None, area))))
        elif args.action == "passwd":
            ended = accounts.set_password(engine, args.username, _password(), now, by)
            print(f"new password for {args.username}; {ended} open session(s) ended")
        elif args.action == "disable":
            accounts.disable(engine, args.username, now, by)
            print(f"disabled {args.username}; their sessions have ended")
        else:
            with engine.connect() as conn:
                sys.stdout.write(accounts.users(conn).write_csv())
    except (accounts.AccountError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _new_user(engine: sa.Engine, args: argparse.Namespace) -> people.User:
    """The user the options describe, the province and county found by code or name."""
    with engine.connect() as conn:
        universe = meta.universe(conn, only_with_data=False)
    province = county = None
    if args.province:
        found = find(args.province, universe.provinces)
        if found is None:
            raise ValueError(f"--province: unknown province {args.province!r}")
        province = found.code
    if args.county:
        found = find(args.county, universe.counties.get(province or "", ()))
        if found is None:
            raise ValueError(f"--county: {args.county!r} is not a county of {province}")
        county = int(found.code)
    return people.User(args.username, args.name or "", args.role, province, county, args.agency)


def _audit(args: argparse.Namespace, url: str) -> int:
    try:
        since = dt.datetime.combine(parse_day(args.since), dt.time()) if args.since else None
    except ValueError as error:
        print(f"error: --since: {error}", file=sys.stderr)
        return 2
    engine = db.make_engine(url)
    setup.init(engine)
    with engine.connect() as conn:
        rows = audit.entries(conn, since, limit=None)
    shown = rows.reverse().with_columns(pl.col("at").dt.strftime("%Y-%m-%d %H:%M:%S"))
    sys.stdout.write(shown.write_csv())
    return 0


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
    if args.folder:
        return _import_folder(args, url)
    if not args.kind or not args.file:
        print("error: give KIND and FILE, --folder DIR, or --template KIND", file=sys.stderr)
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


def _import_folder(args: argparse.Namespace, url: str) -> int:
    """Every extract of the folder (dashboard.importer.folder): a JSON line per file, 2 when
    any was refused."""
    if args.kind or args.file:
        print("error: --folder takes no KIND or FILE", file=sys.stderr)
        return 2
    if not args.folder.is_dir():
        print(f"error: {args.folder} is not a folder", file=sys.stderr)
        return 2
    refused = False
    engine = db.make_engine(url)
    for filed in folder.import_folder(engine, args.folder, args.unit, _actor()):
        refused |= filed.fate == "refused"
        print(json.dumps(filed.line(), ensure_ascii=False), flush=True)
    return 2 if refused else 0


def _actor() -> str:
    """Who runs the command line: the server's operating-system user."""
    try:
        return f"cli:{getpass.getuser()}"
    except OSError:
        return "cli"


def _export(args: argparse.Namespace, url: str) -> int:
    if args.list or not args.name:
        for export in EXPORTS.values():
            print(f"{export.name:<20} {export.description}")
        return 0
    if args.publish and not disclosure.publishable(args.name):
        print(f"error: --publish: {disclosure.PROTECTIONS[args.name].reason}", file=sys.stderr)
        return 2
    engine = db.make_engine(url)
    setup.init(engine)  # a database from before the newest tables reads them as empty
    with engine.connect() as conn:
        try:
            filters = _filters(conn, args)
        except ValueError as error:  # FilterError too
            print(f"error: {error}", file=sys.stderr)
            return 2
        table = EXPORTS[args.name].query(conn, filters)
        if args.publish:  # small cells suppressed (dashboard.disclosure)
            table = published(conn, args.name, table, filters)
        settings = meta.settings(conn)
    fraction, min_cell = settings.household_fraction, settings.publish_min_cell
    if args.format == "xlsx":
        if not args.output:
            print("error: --format xlsx needs --output FILE", file=sys.stderr)
            return 2
        if args.publish:
            disclosure.write_excel(table, args.output, args.name, fraction, "en", min_cell)
        else:
            estimates.write_excel(table, args.output, args.name, fraction, "en")
        return 0
    if args.publish:
        text = disclosure.csv_text(table, fraction, "en", min_cell)
    else:
        text = estimates.csv_text(table, fraction, "en")
    if args.output:
        Path(args.output).write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
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
