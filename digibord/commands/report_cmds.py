"""`digibord corrections`, `diff` and `payroll-check` (reports.md sections 2, 3 and 5): each
computes its result once and renders it on screen, as JSON, CSV, Excel or PDF."""

from __future__ import annotations

import argparse
import sys

from digibord.commands.common import (
    CommandRefused,
    add_output_options,
    check_new_file,
    print_json,
    print_warnings,
)
from digibord.commands.inputs import load_previous
from digibord.commands.salary_cmds import add_salary_options, salary_choices
from digibord.export.csv_export import write_payroll_check_csv
from digibord.export.json_export import payroll_check_json
from digibord.export.tables import options_text
from digibord.formats.payroll_journal import (
    ComponentCodes,
    JournalPick,
    JournalRefused,
    JournalShape,
    column_choice,
    read_journal,
)
from digibord.formats.profiles import load_profile
from digibord.i18n import tr
from digibord.money import format_euro
from digibord.reconcile.payroll_check import compute_payroll_check

# ---- screen rendering (plain text tables) ---------------------------------------------------


def _table(headings: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [len(h) for h in headings]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return [line(headings), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _out(lines) -> None:
    sys.stdout.write("\n".join(lines) + "\n")


def _euros(values) -> list[str]:
    return [format_euro(v) for v in values]


def print_corrections(result) -> None:
    from digibord.export.json_export import corrections_table

    t = corrections_table(result)
    refs = ", ".join(b.label() for b in result.borderels)
    lines = [tr("reports.corrections.title", number=result.collectivity_number,
                name=result.collectivity_name, months=refs), ""]
    several = len(result.borderels) > 1
    heads = [tr("reports.col.relation_number"), tr("reports.col.name"),
             tr("reports.col.premium_month"), tr("reports.col.product"),
             tr("reports.col.mutation"), tr("reports.col.mutation_date"),
             tr("reports.col.gross"), tr("reports.col.discount"), tr("reports.col.net")]
    if several:
        heads.insert(0, tr("reports.col.prolongation_month"))
    for emp in result.employees.itertuples():
        part = t.iloc[emp.start:emp.stop]
        rows = [[rel, name, pm, code, f"{mc} {meaning}", md or "", *_euros([b, k, n])]
                for rel, name, pm, code, mc, meaning, md, b, k, n in zip(
                    part["relatienummer"], part["naam"], part["premiemaand"],
                    part["productcode"], part["mutatiecode"], part["mutatie"],
                    part["mutatiedatum"], part["bruto_cent"], part["korting_cent"],
                    part["netto_cent"], strict=True)]
        if several:
            rows = [[pm, *r] for pm, r in zip(part["prolongatiemaand"], rows, strict=True)]
        lines.append(f"{emp.employee_number or '-'}  {emp.employee_name}")
        lines += _table(heads, rows, right={len(heads) - 3, len(heads) - 2, len(heads) - 1})
        lines.append(tr("reports.subtotal", amount=format_euro(emp.net_cent)))
        lines.append("")
    lines.append(tr("reports.total", amount=format_euro(result.total_net_cent)))
    _out(lines)


def print_diff(result) -> None:
    lines = [tr("reports.diff.title", number=result.collectivity_number,
                name=result.collectivity_name, van=result.van.label(), tot=result.tot.label()),
             ""]
    heads = [tr("reports.col.relation_number"), tr("reports.col.name"),
             tr("reports.col.product"), tr("reports.col.status"), tr("reports.col.net_from"),
             tr("reports.col.net_to"), tr("reports.col.difference")]
    from digibord.formats.borderel import relation_text

    for pos, emp in enumerate(result.employees.itertuples()):
        if not result.include_unchanged and emp.changed_count == 0:
            continue
        part = result.employee_shown_rows(pos)
        rows = [[relation_text(int(rel)), name, code, tr(f"reports.status.{st}"),
                 *_euros([a, b, c])]
                for rel, name, code, st, a, b, c in zip(
                    part["relation_number"], part["name"], part["product_code"],
                    part["status"], part["net_from_cent"], part["net_to_cent"],
                    part["difference_cent"], strict=True)]
        lines.append(f"{emp.employee_number or '-'}  {emp.employee_name}")
        lines += _table(heads, rows, right={4, 5, 6})
        lines.append(tr("reports.subtotal", amount=format_euro(emp.difference_cent)))
        lines.append("")
    lines.append(tr("reports.diff.totals", van=format_euro(result.total_from_cent),
                    tot=format_euro(result.total_to_cent),
                    difference=format_euro(result.total_difference_cent)))
    _out(lines)


def print_salary(result) -> None:
    lines = [tr("salary.title", number=result.collectivity_number,
                name=result.collectivity_name, month=result.borderel.label()), ""]
    heads = [tr("reports.col.employee_number"), tr("reports.col.employee"),
             tr("salary.col.premium"), tr("salary.col.correction"),
             tr("salary.col.contribution"), tr("salary.col.deduction")]
    r = result.rows
    rows = [[num, name, *_euros([p, c, b, d])]
            for num, name, p, c, b, d in zip(
                r["employee_number"], r["employee_name"], r["premium_cent"],
                r["correction_cent"], r["contribution_cent"], r["deduction_cent"], strict=True)]
    lines += _table(heads, rows, right={2, 3, 4, 5})
    lines.append(tr("salary.totals", premium=format_euro(result.total_premium_cent),
                    correction=format_euro(result.total_correction_cent),
                    contribution=format_euro(result.total_contribution_cent)))
    _out(lines)


def print_payroll_check(result) -> None:
    journal = result.journal
    lines = [tr("payroll.title", number=result.collectivity_number,
                name=result.collectivity_name, month=result.borderel.label(),
                payroll=result.payroll_source),
             tr("payroll.read", payroll=result.payroll_source,
                shape=tr(f"payroll.shape.{result.shape.key}"),
                row=journal.heading_row_number, columns=journal_columns_text(journal)),
             options_text(result), ""]
    heads = [tr("reports.col.employee_number"), tr("reports.col.employee"),
             tr("payroll.col.expected"), tr("payroll.col.withheld"),
             tr("reports.col.difference"), tr("reports.col.status"),
             tr("payroll.col.explanation")]
    r = result.rows
    rows = [[num, name, *_euros([e, w, d]), tr(f"payroll.status.{st}"),
             tr(f"payroll.explanation.{ex}") if ex else ""]
            for num, name, e, w, d, st, ex in zip(
                r["employee_number"], r["employee_name"], r["expected_cent"],
                r["withheld_cent"], r["difference_cent"], r["status"], r["explanation"],
                strict=True)]
    lines += _table(heads, rows, right={2, 3, 4})
    lines.append(tr("payroll.totals", expected=format_euro(result.total_expected_cent),
                    withheld=format_euro(result.total_withheld_cent),
                    difference=format_euro(result.total_difference_cent)))
    _out(lines)


def journal_columns_text(journal) -> str:
    """`Personeelsnummer, Looncomponent, Bedrag`: the columns read, in the file's words."""
    cols = journal.columns
    parts = [journal.employee_column, journal.component_column,
             journal.heading(cols.amount) if cols.amount is not None else "",
             *(journal.heading(c) for c, _ in cols.component_columns)]
    return ", ".join(p for p in parts if p)


# ---- output dispatch ------------------------------------------------------------------------

def _render(args, result, to_json, write_csv, to_screen) -> int:
    if args.json:
        print_json(to_json(result))
    elif args.csv:
        write_csv(result, check_new_file(args.csv, args.force))
    elif args.xlsx or args.pdf:
        from digibord.export.files import write_report

        fmt, path = ("xlsx", args.xlsx) if args.xlsx else ("pdf", args.pdf)
        columns = [c.strip() for c in args.columns.split(",")] if args.columns else None
        write_report(result, check_new_file(path, args.force), fmt, columns=columns,
                     show_bsn=args.show_bsn)
    else:
        to_screen(result)
    return 0


def _load(args, arg, local_numbers: bool = False):
    from digibord.commands.inputs import load_input

    borderel = load_input(arg, args.collectivity, local_numbers)
    print_warnings(borderel.source, borderel.warnings)
    return borderel


def _corrections(args) -> int:
    from digibord.export.csv_export import write_corrections_csv
    from digibord.export.json_export import corrections_json
    from digibord.reconcile.corrections import compute_corrections

    result = compute_corrections([_load(args, f) for f in args.files])
    return _render(args, result, corrections_json, write_corrections_csv, print_corrections)


def _diff(args) -> int:
    from digibord.export.csv_export import write_diff_csv
    from digibord.export.json_export import diff_json
    from digibord.reconcile.diff import compute_diff

    result = compute_diff(_load(args, args.van), _load(args, args.tot),
                          include_unchanged=args.all)
    return _render(args, result, diff_json, write_diff_csv, print_diff)


SHAPES = {"per-werknemer": JournalShape.PER_EMPLOYEE,
          "per-component": JournalShape.PER_COMPONENT,
          "kolom-per-component": JournalShape.COLUMN_PER_COMPONENT}


def journal_pick(args) -> JournalPick:
    """The expert overrides of the journal's columns: a heading or a 1-based column number;
    --heading-row is the line (CSV) or row (Excel) as a person counts."""
    return JournalPick(
        heading_row=args.heading_row - 1 if args.heading_row else None,
        employee=column_choice(args.employee_column), amount=column_choice(args.amount_column),
        component=column_choice(args.component_column),
        shape=SHAPES[args.shape] if args.shape else None)


def _payroll_check(args) -> int:
    borderel = _load(args, args.file, local_numbers=True)
    choices = salary_choices(args)
    profile = load_profile(choices.profile)  # a bad profile is refused before any reading
    try:
        journal = read_journal(args.payroll, ComponentCodes.of_profile(profile),
                               journal_pick(args))
    except JournalRefused as exc:
        if exc.unrecognised:  # on the command line the columns are named with options
            raise CommandRefused(f"{exc}\n{tr('payroll.cli.hint')}") from exc
        raise
    for warning in journal.warnings:
        sys.stderr.write(f"{journal.source}: {warning}\n")
    previous = load_previous(args.previous, borderel, args.collectivity)
    if previous is not None:
        print_warnings(previous.source, previous.warnings)
    result = compute_payroll_check(borderel, journal, choices.options, profile=profile.name,
                                   previous=previous)
    for warning in result.warnings:
        sys.stderr.write(warning + "\n")
    return _render(args, result, payroll_check_json, write_payroll_check_csv,
                   print_payroll_check)


def _heading_row(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(text)
    return int(text)


def _common(p: argparse.ArgumentParser, collectivity: bool = True) -> None:
    add_output_options(p)
    if collectivity:
        p.add_argument("--collectivity", metavar="N", help=tr("reports.help.collectivity"))


def register(subparsers) -> None:
    p = subparsers.add_parser("corrections", help=tr("reports.help.corrections"),
                              description=tr("reports.help.corrections"))
    p.add_argument("files", nargs="+", metavar="FILE", help=tr("reports.help.files"))
    _common(p)
    p.set_defaults(handler=_corrections)

    p = subparsers.add_parser("diff", help=tr("reports.help.diff"),
                              description=tr("reports.help.diff"))
    p.add_argument("van", metavar="VAN", help=tr("reports.help.van"))
    p.add_argument("tot", metavar="TOT", help=tr("reports.help.tot"))
    p.add_argument("--all", action="store_true", help=tr("reports.help.all"))
    _common(p)
    p.set_defaults(handler=_diff)

    p = subparsers.add_parser("payroll-check", help=tr("payroll.help.command"),
                              description=tr("payroll.help.command"))
    p.add_argument("file", metavar="FILE", help=tr("reports.help.file"))
    p.add_argument("payroll", metavar="PAYROLL", help=tr("payroll.help.payroll"))
    add_salary_options(p)  # brings --collectivity
    p.add_argument("--profile", metavar="NAME", help=tr("payroll.help.profile"))
    p.add_argument("--previous", metavar="VORIGE", help=tr("payroll.help.previous"))
    p.add_argument("--employee-column", metavar="C", help=tr("payroll.help.employee_column"))
    p.add_argument("--amount-column", metavar="C", help=tr("payroll.help.amount_column"))
    p.add_argument("--component-column", metavar="C",
                   help=tr("payroll.help.component_column"))
    p.add_argument("--heading-row", metavar="N", type=_heading_row,
                   help=tr("payroll.help.heading_row"))
    p.add_argument("--shape", choices=tuple(SHAPES), help=tr("payroll.help.shape"))
    _common(p, collectivity=False)
    p.set_defaults(handler=_payroll_check)
