"""`digibord check` and `digibord list`."""

from __future__ import annotations

import sys

from digibord.commands.common import (
    add_output_options,
    check_new_file,
    print_json,
    print_warnings,
)
from digibord.formats.input_file import read_input
from digibord.formats.issues import InputRefused, issue
from digibord.formats.reader import ParseResult, parse_borderel
from digibord.i18n import tr


def register(sub) -> None:
    check = sub.add_parser("check", help=tr("cli.help.check"))
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--json", action="store_true", help=tr("cli.help.json"))
    check.set_defaults(handler=run_check)

    lst = sub.add_parser("list", help=tr("cli.help.list"))
    lst.add_argument("file", metavar="FILE")
    lst.add_argument("--collectivity", metavar="N", help=tr("cli.help.collectivity"))
    add_output_options(lst)
    lst.set_defaults(handler=run_list)


def _parse_path(path: str) -> ParseResult:
    try:
        data = read_input(path)
    except OSError as exc:
        error = issue("reader.cannot_read", reason=exc.strerror or str(exc))
        return ParseResult(path, None, [error], [], 1)
    except InputRefused as exc:
        return ParseResult(path, None, exc.errors, exc.warnings, exc.total)
    return parse_borderel(data, path, frames=False)  # check needs no frames


def run_check(args) -> int:
    results = [_parse_path(f) for f in args.files]
    if args.json:
        from digibord.export.json_export import check_json

        print_json(check_json(results))
    else:
        for r in results:
            if r.valid:
                h = r.borderel.header
                print(
                    tr(
                        "cli.check.valid",
                        file=r.source,
                        collectivity=h.collectivity_number,
                        month=r.borderel.label(),
                    )
                )
            else:
                print(tr("cli.check.invalid", file=r.source, count=r.error_total))
                print(r.refusal().describe())
            print_warnings(r.source, r.warnings)
    return 0 if all(r.valid for r in results) else 1


def run_list(args) -> int:
    from digibord.commands.inputs import load_input
    from digibord.reconcile.insured_list import insured_list

    borderel = load_input(args.file, args.collectivity)
    print_warnings(borderel.source, borderel.warnings)
    result = insured_list(borderel)
    if args.json:
        from digibord.export.json_export import insured_list_json

        print_json(insured_list_json(result, args.show_bsn))
    elif args.csv:
        from digibord.export.csv_export import insured_list_csv

        insured_list_csv(result, check_new_file(args.csv, args.force), args.show_bsn)
    elif args.xlsx or args.pdf:
        from digibord.export.files import write_report

        columns = args.columns.split(",") if args.columns else None
        write_report(
            result,
            check_new_file(args.xlsx or args.pdf, args.force),
            "xlsx" if args.xlsx else "pdf",
            columns=columns,
            show_bsn=args.show_bsn,
        )
    else:
        _print_table(result)
    return 0


def _print_table(result) -> None:
    from digibord.money import format_euro

    b = result.borderel
    out = sys.stdout
    out.write(f"{b.header.collectivity_number} {b.header.collectivity_name} — {b.label()}\n")
    for row in result.rows.itertuples(index=False):
        out.write(
            f"{row.relation_number:010d} {row.role} {row.employee_number:<15} "
            f"{row.name:<40} {format_euro(row.total_cent):>14}\n"
        )
    out.write(
        tr(
            "cli.list.totals",
            count=len(result.rows),
            prolongation=format_euro(result.total_prolongation_cent),
            corrections=format_euro(result.total_corrections_cent),
            total=format_euro(result.total_cent),
        )
        + "\n"
    )
