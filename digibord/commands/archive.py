"""`digibord import FILE...` and `digibord archive [...]`: keeping borderels in the local
encrypted archive (docs/archive.md).

    digibord import FILE ...
    digibord archive [--json | --csv PATH | --xlsx PATH | --pdf PATH] [--force]
                     [--collectivity N]
    digibord archive remove YYYY-MM [--collectivity N] [--volgnummer N] [--yes]
    digibord archive prune [--years N] [--yes]
    digibord archive retention [YEARS]
    digibord archive employee-number [RELATIENUMMER [NUMMER]] [--collectivity N] [--remove]
    digibord archive accept-restore [--yes]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from digibord.app.archive import import_files
from digibord.app.trend import archive_overview
from digibord.archive.errors import ArchiveError
from digibord.archive.lookup import parse_month
from digibord.archive.store import Archive, ArchiveEntry, IntegrityReport, open_archive
from digibord.commands.archive_output import add_file_options, wanted_file, write_listing
from digibord.commands.common import CommandRefused, print_json, print_warnings
from digibord.formats.borderel import month_text, relation_text
from digibord.i18n import tr
from digibord.money import format_euro

YES_ANSWERS = ("j", "ja", "y", "yes")


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    if name == "import":
        parser.add_argument("files", nargs="+", metavar=tr("cli.metavar.file"),
                            help=tr("archive.help.files"))
        parser.set_defaults(handler=cmd_import)
        return
    a = parser
    a.add_argument("--json", action="store_true", help=tr("archive.help.json"))
    a.add_argument("--collectivity", metavar="N", help=tr("archive.help.collectivity"))
    add_file_options(a)  # --csv/--xlsx/--pdf PATH, --force: the listing as a report
    a.set_defaults(handler=cmd_list)
    sub = a.add_subparsers(dest="archive_command", metavar=tr("cli.metavar.action"),
                           parser_class=type(a), required=False)

    r = sub.add_parser("remove", help=tr("archive.help.remove"),
                       description=tr("archive.help.remove"))
    r.add_argument("month", metavar="YYYY-MM", help=tr("archive.help.month"))
    # SUPPRESS: `archive --collectivity N remove ...` keeps N; a None default would erase it.
    r.add_argument("--collectivity", metavar="N", default=argparse.SUPPRESS,
                   help=tr("archive.help.collectivity"))
    r.add_argument("--volgnummer", type=int, metavar="N", dest="sequence",
                   help=tr("archive.help.sequence"))
    r.add_argument("--yes", action="store_true", help=tr("archive.help.yes"))
    r.set_defaults(handler=cmd_remove)

    pr = sub.add_parser("prune", help=tr("archive.help.prune"),
                        description=tr("archive.help.prune"))
    pr.add_argument("--years", type=int, metavar="N", help=tr("archive.help.years"))
    pr.add_argument("--yes", action="store_true", help=tr("archive.help.yes"))
    pr.set_defaults(handler=cmd_prune)

    rt = sub.add_parser("retention", help=tr("archive.help.retention"),
                        description=tr("archive.help.retention"))
    rt.add_argument("years", nargs="?", type=int, metavar="JAREN",
                    help=tr("archive.help.years"))
    rt.set_defaults(handler=cmd_retention)

    e = sub.add_parser("employee-number", help=tr("archive.help.employee_number"),
                       description=tr("archive.help.employee_number"))
    e.add_argument("relation", nargs="?", metavar="RELATIENUMMER",
                   help=tr("archive.help.relation"))
    e.add_argument("number", nargs="?", metavar="NUMMER", help=tr("archive.help.number"))
    e.add_argument("--collectivity", metavar="N", default=argparse.SUPPRESS,
                   help=tr("archive.help.collectivity"))
    e.add_argument("--remove", action="store_true", help=tr("archive.help.remove_number"))
    e.set_defaults(handler=cmd_employee_number, parser=e)

    ar = sub.add_parser("accept-restore", help=tr("archive.help.accept_restore"),
                        description=tr("archive.help.accept_restore"))
    ar.add_argument("--yes", action="store_true", help=tr("archive.help.yes"))
    ar.set_defaults(handler=cmd_accept_restore)


# ---------------------------------------------------------------------- import

def cmd_import(args: argparse.Namespace) -> int:
    outcome = import_files(args.files)
    for _name, message in outcome.refused:
        sys.stderr.write(message + "\n")
    if outcome.refused:
        # All or nothing: fix or leave out the refused files and run the same command again.
        raise CommandRefused(tr("archive.import.nothing_stored", count=len(outcome.refused)))
    # outcome.key_notice, if any, is said by cli.main at the end, as for every command
    for name, result in outcome.stored:
        print_warnings(name, result.warnings)
        print(f"{name}: {result.message()}")
    return 0


# ---------------------------------------------------------------------- listing

def _local_time(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def _entry_json(e: ArchiveEntry) -> dict:
    return {
        "prolongatiemaand": month_text(e.prolongation_month),
        "volgnummer": e.sequence,
        "actueel": e.current,
        "bestand": e.file_name,
        "sha256": e.sha256,
        "geimporteerd": e.imported_at,
        "bytes": e.size,
        "aantal_verzekerden": e.insured_count,
        "aantal_premieregels": e.line_count,
        "totaal_prolongatie_cent": e.total_prolongation_cent,
        "totaal_correcties_cent": e.total_corrections_cent,
        "totaal_te_betalen_cent": e.total_due_cent,
        "gecontroleerd": e.authentic,
    }


def cmd_list(args: argparse.Namespace) -> int:
    archive = open_archive()
    collectivity = (archive.resolve_collectivity(args.collectivity)
                    if args.collectivity is not None else None)
    entries = archive.entries(collectivity)
    problem = None
    try:
        entries = archive.check_entries(entries)
    except ArchiveError as exc:  # still show what is there; the key message says what to do
        problem = str(exc)
    integrity = None
    if problem is None:
        try:
            integrity = archive.integrity()
        except ArchiveError as exc:
            problem = str(exc)
    tampered = [e for e in entries if e.authentic is False]
    groups: dict[str, list[ArchiveEntry]] = {}
    for e in entries:
        groups.setdefault(e.collectivity_number, []).append(e)
    if wanted_file(args):
        write_listing(args, archive_overview(entries))
    elif args.json:
        print_json({
            "collectiviteiten": [
                {"collectiviteitsnummer": number, "naam": group[-1].collectivity_name,
                 "maanden": [_entry_json(e) for e in group]}
                for number, group in groups.items()],
            "sleutel": {"keyring": "sleutelbos", "file": "bestand"}.get(
                archive.key_storage() or ""),
            "bewaartermijn_jaren": archive.retention_years(),
            "integriteit": _integrity_json(integrity),
        })
    else:
        _print_listing(archive, groups)
    for e in tampered:
        sys.stderr.write(tr("archive.tampered", label=e.label(), path=archive.path) + "\n")
    integrity_problems = integrity.problems() if integrity is not None else []
    for text in integrity_problems:
        sys.stderr.write(text + "\n")
    if problem:
        sys.stderr.write(problem + "\n")
    return 1 if tampered or problem or integrity_problems else 0


_STATE_JSON = {"ok": "in_orde", "unchecked": "niet_gecontroleerd", "empty": "leeg",
               "changed": "gewijzigd", "rolled_back": "teruggezet", "invalid": "ongeldig"}


def _integrity_json(report: IntegrityReport | None) -> dict | None:
    """The manifest check for `archive --json` (None when it could not run: no key)."""
    if report is None:
        return None
    return {
        "toestand": _STATE_JSON[report.state],
        "generatie_database": report.database_generation,
        "generatie_sleutel": report.key_generation,
        "meldingen": report.problems(),
    }


def _print_listing(archive: Archive, groups: dict[str, list[ArchiveEntry]]) -> None:
    if not groups:
        print(tr("archive.empty"))
        return
    head = (tr("archive.col.month"), tr("archive.col.sequence"), tr("archive.col.file"),
            tr("archive.col.insured"), tr("archive.col.lines"), tr("archive.col.total"),
            tr("archive.col.imported"))
    for number, group in groups.items():
        print(tr("archive.list.collectivity", number=number, name=group[-1].collectivity_name))
        rows = [head]
        for e in group:
            mark = "*" if e.current else " "
            if e.authentic is False:
                mark = "!"
            rows.append((month_text(e.prolongation_month), f"{e.sequence} {mark}", e.file_name,
                         str(e.insured_count), str(e.line_count),
                         format_euro(e.total_due_cent), _local_time(e.imported_at)))
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        right = {3, 4, 5}
        for r in rows:
            cells = [c.rjust(w) if i in right else c.ljust(w)
                     for i, (c, w) in enumerate(zip(r, widths, strict=True))]
            print("  " + "  ".join(cells).rstrip())
        print()
    print(tr("archive.list.legend"))
    print(tr("archive.list.key", where=archive.key_description()))
    print(tr("archive.list.retention", years=archive.retention_years()))


# ---------------------------------------------------------------------- removing

def _confirm(args: argparse.Namespace, entries: list[ArchiveEntry], title: str,
             lines: list[str] | None = None, words: str = "archive") -> None:
    """Show what goes; go on only with --yes or a 'j' on standard input. `words`: the prefix
    of the question and refusal keys ('archive': removing; 'archive.accept': accepting)."""
    print(title)
    for text in lines if lines is not None else [e.label() for e in entries]:
        print("  " + text)
    if args.yes:
        return
    # Ask only a person at a terminal: in CI or a script standard input may be an open pipe
    # that never ends, and reading it would hang; there --yes says it.
    stdin = sys.stdin
    try:
        interactive = stdin is not None and not stdin.closed and stdin.isatty()
    except (AttributeError, OSError, ValueError):
        interactive = False
    if not interactive:
        raise CommandRefused(tr(f"{words}.confirm_needs_terminal"))
    sys.stderr.write(tr(f"{words}.confirm") + " ")
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line.endswith("\n"):
        sys.stderr.write("\n")  # no answer (end of input): keep the message on its own line
    answer = line.strip().lower()
    if answer not in YES_ANSWERS:
        raise CommandRefused(tr(f"{words}.cancelled"))


def cmd_remove(args: argparse.Namespace) -> int:
    month = parse_month(args.month)
    archive = open_archive()
    number = archive.resolve_collectivity(args.collectivity, month)
    entries = archive.remove_candidates(number, month, args.sequence)
    _confirm(args, entries, tr("archive.remove.title", count=len(entries)))
    gone = archive.remove_entries(entries)
    print(tr("archive.removed", count=len(gone)))
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    archive = open_archive()
    years = args.years if args.years is not None else archive.retention_years()
    entries = archive.prune_candidates(years)
    if not entries:
        print(tr("archive.prune.nothing", years=years))
        return 0
    _confirm(args, entries, tr("archive.prune.title", years=years, count=len(entries)))
    gone = archive.prune_entries(entries)
    print(tr("archive.removed", count=len(gone)))
    return 0


def cmd_accept_restore(args: argparse.Namespace) -> int:
    """Accept the database as it is now, after a backup was restored on purpose (or what the
    listing reported was looked at): shows what it reported, then asks (or --yes)."""
    archive = open_archive()
    if not archive.exists():
        raise CommandRefused(tr("archive.empty"))
    report = archive.integrity()
    if report.ok:
        print(tr("archive.accept.nothing"))
        return 0
    _confirm(args, [], tr("archive.accept.title"), report.problems(), words="archive.accept")
    generation = archive.accept_restore()
    print(tr("archive.accept.done", generation=generation))
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    archive = open_archive()
    if args.years is not None:
        archive.set_retention_years(args.years)
    print(tr("archive.list.retention", years=archive.retention_years()))
    return 0


# ---------------------------------------------------------------------- werknemersnummers

def _relation(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or len(value) > 10:
        raise CommandRefused(tr("archive.employee.bad_relation", text=text))
    return int(value)


def cmd_employee_number(args: argparse.Namespace) -> int:
    if args.remove and (args.relation is None or args.number is not None):
        args.parser.error(tr("archive.employee.usage_remove"))
    if not args.remove and args.relation is not None and args.number is None:
        args.parser.error(tr("archive.employee.usage_set"))
    archive = open_archive()
    number = archive.resolve_collectivity(args.collectivity)
    if args.relation is None:
        _print_employee_numbers(archive, number)
        return 0
    relation = _relation(args.relation)
    archive.set_employee_number(number, relation, None if args.remove else args.number)
    if args.remove:
        print(tr("archive.employee.removed", relation=relation_text(relation)))
    else:
        print(tr("archive.employee.set", relation=relation_text(relation),
                 number=args.number.strip(), collectivity=number))
    return 0


def _print_employee_numbers(archive: Archive, collectivity: str) -> None:
    local = archive.local_employee_numbers(collectivity)
    if not local:
        print(tr("archive.employee.none", collectivity=collectivity))
        return
    names: dict[int, str] = {}
    months = archive.months(collectivity)
    if months:  # names come from the latest month, decrypted in memory only
        insured = archive.load(collectivity, months[-1].prolongation_month,
                               local_numbers=False).insured
        names = dict(zip(insured["relation_number"].tolist(), insured["name"].tolist(),
                         strict=True))
    print(tr("archive.employee.title", collectivity=collectivity))
    for rel, item in sorted(local.items()):
        print(f"  {relation_text(rel)}  {item.employee_number:<15}  {names.get(rel, '')}  "
              f"({tr('archive.employee.local')}, {_local_time(item.set_at)})")
