"""The fuzz oracle: what must hold for any bytes offered as a borderel (tests/test_fuzz.py,
bench/fuzz.py; the mutants come from devtools/mutate.py).

- No exception escapes the reader: `parse_borderel` returns a result, with errors or a
  borderel.
- For an accepted file every report use case either gives a result or refuses with
  InputRefused / CommandRefused (a missing werknemersnummer, two months that cannot be
  compared); anything else escapes to the caller, which counts it as a failure.
- Every result reconciles to the file's `90` record: the insured list's totals, the
  corrections total, the diff's totals of both files, and the salary conversion's premie and
  correctie over converted and not converted employees.
- Each result can be rendered as the JSON of `--json`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from devtools.synth import generate_series
from digibord.app.reports import corrections_report, diff_report, insured_report
from digibord.app.salary import convert_salary
from digibord.errors import CommandRefused
from digibord.formats.borderel import Borderel
from digibord.formats.issues import InputRefused
from digibord.formats.reader import parse_borderel
from digibord.formats.writer import write_borderel
from digibord.reconcile.salary import PayPeriod, SalaryOptions
from digibord.reports.build import report_json

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "samples"

REFUSED = "refused"  # the reader said why not
ACCEPTED = "accepted"  # read; every report made and reconciled
WARNED = "accepted with warnings"
REPORT_REFUSED = "a report refused"  # read, but a use case refused (e.g. no werknemersnummer)
OUTCOMES = (REFUSED, ACCEPTED, WARNED, REPORT_REFUSED)

SALARY_OPTIONS = (
    SalaryOptions(amount_cent=2500),  # refused when an employee has no werknemersnummer
    SalaryOptions(period=PayPeriod.FOUR_WEEKS, percent_bp=5000, skip_missing=True),
)


class NotReconciled(AssertionError):
    """A report's total differs from the `90` record of the file it was made from."""


@dataclass(frozen=True)
class Seed:
    """A good file to mutate and the borderel to compare it with in the diff (another month
    of the same collectivity)."""

    name: str
    data: bytes
    partner: Borderel


def seeds() -> list[Seed]:
    """The three sample borderels (cp1252, CR LF) and a synthetic series of three months
    (devtools.synth: every mutatiecode, unknown and failing BSNs, a werknemersnummer missing),
    one of them as UTF-8 with byte order mark and LF line ends; each with its neighbour month
    as partner for the diff."""
    out = []
    months = ("2026-01", "2026-02", "2026-03")
    samples = [(SAMPLES / f"{m}_01.dat").read_bytes() for m in months]
    parsed = [parse_borderel(d, m).borderel for d, m in zip(samples, months, strict=True)]
    for i, (m, data) in enumerate(zip(months, samples, strict=True)):
        out.append(Seed(f"sample {m}", data, parsed[i - 1 if i else 1]))
    series = generate_series([202511, 202512, 202601], 6, seed=15, missing_employee_numbers=1)
    for i, b in enumerate(series):
        out.append(Seed(f"synthetic {b.label()}", write_borderel(b), series[i - 1 if i else 1]))
    last = series[-1]
    utf8 = b"\xef\xbb\xbf" + write_borderel(last, line_end="\n", encoding="utf-8")
    out.append(Seed(f"synthetic {last.label()} UTF-8", utf8, series[-2]))
    return out


def _agree(what: str, computed: int, expected: int) -> None:
    if int(computed) != int(expected):
        raise NotReconciled(f"{what}: report {int(computed)}, 90 record {int(expected)}")


def exercise(data: bytes, partner: Borderel | None = None, source: str = "mutant.dat") -> str:
    """Read `data` and make every report of it; returns the outcome (one of OUTCOMES).
    Raises whatever escapes (a bug), or NotReconciled."""
    result = parse_borderel(data, source)
    b = result.borderel
    if b is None:
        if not result.errors:
            raise NotReconciled("refused without an error")
        return REFUSED
    t = b.trailer
    refused = False

    insured = insured_report(b)
    _agree("insured list prolongatie", insured.total_prolongation_cent,
           t.total_prolongation_cent)
    _agree("insured list correcties", insured.total_corrections_cent, t.total_corrections_cent)
    _agree("insured list rows", insured.rows["total_cent"].sum(), t.total_due_cent)
    report_json(insured)

    corrections = corrections_report([b])
    _agree("corrections", corrections.total_net_cent, t.total_corrections_cent)
    report_json(corrections)

    if partner is not None:
        van, tot = (partner, b) if partner.key < b.key else (b, partner)
        try:
            diff = diff_report(van, tot, include_unchanged=True)
        except (InputRefused, CommandRefused):  # same month, another collectivity
            refused = True
        else:
            _agree("diff van", diff.total_from_cent, van.trailer.total_prolongation_cent)
            _agree("diff tot", diff.total_to_cent, tot.trailer.total_prolongation_cent)
            report_json(diff)

    for options in SALARY_OPTIONS:
        try:
            salary = convert_salary(b, options, local_numbers=False)
        except (InputRefused, CommandRefused):
            refused = True
            continue
        rows, left = salary.rows, salary.not_converted
        _agree("salary premie", rows["monthly_premium_cent"].sum() + left["premium_cent"].sum(),
               t.total_prolongation_cent)
        _agree("salary correctie", rows["correction_cent"].sum()
               + left["correction_cent"].sum(), t.total_corrections_cent)
        report_json(salary)
    if refused:
        return REPORT_REFUSED
    return WARNED if b.warnings else ACCEPTED
