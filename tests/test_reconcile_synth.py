"""Reports 1-5 over synthetic month series (devtools.synth), property-based: identities of
reports 2-4, and the command line's JSON against tests/reference_reports.py (a plain second
reading of the spec that parses the .dat itself) over series written to files, as the acceptance
cases use them: `digibord list|corrections|diff|salary|payroll-check ... --json`."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devtools import synth
from devtools.synth import generate_series
from digibord.cli import main
from digibord.formats.writer import write_borderel
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.reconcile.salary import (
    ContributionFor,
    ContributionOn,
    PayPeriod,
    SalaryOptions,
    compute_salary,
)
from tests.reference_reports import (
    Dat,
    Refused,
    read_dat,
    ref_corrections,
    ref_diff,
    ref_list,
    ref_payroll_check,
    ref_salary,
)
from tests.report_support import assert_matches_expected


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 40), start=st.sampled_from([202511, 202601]),
       gap=st.integers(1, 3))
def test_series_identities(seed, n, start, gap):
    months = [start, start + gap]
    van, tot = generate_series(months, n, seed, bsn_problems=False)
    for all_rows in (False, True):
        d = compute_diff(van, tot, include_unchanged=all_rows)
        assert d.total_from_cent == van.trailer.total_prolongation_cent
        assert d.total_to_cent == tot.trailer.total_prolongation_cent
        assert int(d.rows["difference_cent"].sum()) == d.total_difference_cent
        assert int(d.shown_rows()["difference_cent"].sum()) == d.total_difference_cent
        assert int(d.employees["difference_cent"].sum()) == d.total_difference_cent
    for b in (van, tot):
        c = compute_corrections([b])
        assert c.total_net_cent == b.trailer.total_corrections_cent
        assert int(c.employees["net_cent"].sum()) == c.total_net_cent
        s = compute_salary(b, SalaryOptions(on=ContributionOn.TOTAL,
                                            for_=ContributionFor.EVERYONE, percent_bp=10000))
        assert s.total_premium_cent + s.total_correction_cent == b.trailer.total_due_cent
        assert s.total_contribution_cent == s.total_premium_cent  # 100 % of everything
        s4 = compute_salary(b, SalaryOptions(period=PayPeriod.FOUR_WEEKS, amount_cent=2500))
        assert s4.total_correction_cent == b.trailer.total_corrections_cent
        assert (s4.rows["contribution_cent"] <= 2500 * 12 // 13 + 1).all()
    both = compute_corrections([tot, van])
    assert both.total_net_cent == (van.trailer.total_corrections_cent
                                   + tot.trailer.total_corrections_cent)


@contextlib.contextmanager
def _example_folder():
    """A temporary folder that is also this example's data folder: hypothesis runs every
    example inside one test, and what one example's `salary` remembers (a contribution, say)
    must not become the next example's setting."""
    with tempfile.TemporaryDirectory() as tmp:
        before = os.environ.get("DIGIBORD_HOME")
        os.environ["DIGIBORD_HOME"] = str(Path(tmp) / "home")
        try:
            yield tmp
        finally:
            if before is None:
                os.environ.pop("DIGIBORD_HOME", None)
            else:
                os.environ["DIGIBORD_HOME"] = before


def cli_json(*args: str) -> tuple[int, dict | None, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([*args, "--json"])
        except SystemExit as exc:
            code = exc.code
    text = out.getvalue()
    return code, (json.loads(text) if code == 0 else None), err.getvalue()


def _files(folder: Path, months, n, seed, missing):
    paths = []
    for b in generate_series(months, n, seed, missing_employee_numbers=missing,
                             bsn_problems=False):
        path = folder / f"{b.header.prolongation_month}.dat"
        path.write_bytes(write_borderel(b))
        paths.append(path)
    return paths


def _same(code, got, expected_or_refused):
    if isinstance(expected_or_refused, Refused):
        assert code == 1, (code, expected_or_refused)
        return
    assert code == 0
    assert_matches_expected(got, expected_or_refused)


def _ref(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Refused as exc:
        return exc


SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(1, 25),
       start=st.sampled_from([202511, 202601, 202612]), gap=st.integers(1, 2),
       missing=st.integers(0, 2))
def test_list_corrections_diff_match_reference(seed, n, start, gap, missing):
    second = start + gap if (start % 100) + gap <= 12 else start + 100 - 12 + gap
    with _example_folder() as tmp:
        van, tot = _files(Path(tmp), [start, second], n, seed, missing)
        dv, dt = read_dat(van.read_bytes()), read_dat(tot.read_bytes())
        for path, d in ((van, dv), (tot, dt)):
            code, got, err = cli_json("list", str(path))
            _same(code, got, ref_list(d))
            code, got, err = cli_json("corrections", str(path))
            _same(code, got, ref_corrections([d]))
        code, got, err = cli_json("corrections", str(van), str(tot))
        _same(code, got, ref_corrections([dv, dt]))
        for extra in ((), ("--all",)):
            code, got, err = cli_json("diff", str(van), str(tot), *extra)
            _same(code, got, ref_diff(dv, dt, bool(extra)))
        code, got, err = cli_json("diff", str(tot), str(van))
        assert code == 1 and "Traceback" not in err


CONTRIBUTIONS = st.one_of(
    st.just(()),
    st.sampled_from(["0,01", "25,00", "12.5", "0", "1000", "7,77"]).map(lambda a: ("--amount", a)),
    st.sampled_from(["33,33", "100", "0,01", "12,5", "66.67", "0", "99,99"]).map(
        lambda p: ("--percent", p)),
)


def _hundredths(text: str) -> int:
    whole, _, frac = text.replace(",", ".").partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0"))


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(1, 25), month=st.sampled_from([202601, 202603]),
       period=st.sampled_from(["maand", "4weken"]),
       on=st.sampled_from(["basis", "aanvullend", "totaal"]),
       for_=st.sampled_from(["werknemer", "werknemer-partner", "iedereen"]),
       contribution=CONTRIBUTIONS, missing=st.integers(0, 2), skip=st.booleans())
def test_salary_and_payroll_check_match_reference(seed, n, month, period, on, for_,
                                                  contribution, missing, skip):
    with _example_folder() as tmp:
        (path,) = _files(Path(tmp), [month], n, seed, missing)
        d = read_dat(path.read_bytes())
        amount = _hundredths(contribution[1]) if contribution[:1] == ("--amount",) else 0
        percent = _hundredths(contribution[1]) if contribution[:1] == ("--percent",) else 0
        options = ["--period", period, "--on", on, "--for", for_, *contribution]
        if skip:
            options.append("--skip-missing")
        expected = _ref(ref_salary, d, period, on, for_, amount, percent, skip)
        code, got, err = cli_json("salary", str(path), *options)
        _same(code, got, expected)
        assert "Traceback" not in err
        # the check never stops for a missing werknemersnummer: those employees are rows
        converted = _ref(ref_salary, d, period, on, for_, amount, percent, True)
        export = Path(tmp) / "loon.csv"
        if isinstance(converted, Refused):  # a shared werknemersnummer: refused as well
            export.write_text("Personeelsnummer;Inhouding\r\nX999;12,34\r\n", encoding="cp1252")
            code, got, err = cli_json("payroll-check", str(path), str(export), *options)
            assert code == 1 and "Traceback" not in err
            return
        # payroll withheld: right for some, off by a cent for some, missing for some, plus one
        # employee payroll has and the borderel does not
        withheld = {}
        for i, row in enumerate(converted["rows"]):
            due = row["premie_cent"] + row["correctie_cent"] - row["bijdrage_cent"]
            if i % 4 != 3:
                withheld[row["werknemersnummer"]] = due + (1 if i % 4 == 2 else 0)
        withheld["X999"] = 1234
        export.write_text("Personeelsnummer;Naam;Inhouding\r\n" + "".join(
            f"{k};iemand;{_comma(v)}\r\n" for k, v in withheld.items()), encoding="cp1252")
        code, got, err = cli_json("payroll-check", str(path), str(export), *options)
        lines = [(k, "premie", v) for k, v in withheld.items()]
        _same(code, got, _ref(ref_payroll_check, d, lines, period, on, for_, amount, percent,
                              names=dict.fromkeys(withheld, "iemand")))


def _comma(cents: int) -> str:
    """-1234 -> '-12,34'."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


# ---- hand-made borderels: what the simulator does not make --------------------------------
# negative and zero nets, discounts, corrections of several months, re-issues of one month,
# werknemersnummers missing or shared, persons that change family between the two months

PRODUCTS = [("BEK", "B", "Basis", 0), ("AGD", "A", "Aanvullend Goed", 1250),
            ("TGD", "T", "Tand Goed", 1000), ("ABS", "A", "Aanvullend Best", 0)]


@st.composite
def family_months(draw):
    """Two months of one collectivity as (people, lines) lists for make_borderel."""
    n_emp = draw(st.integers(1, 6))
    numbers = draw(st.lists(st.sampled_from(["", "E1", "E2", "007", "7", "E3", "0042", "E4",
                                             "E5", "E6"]), min_size=n_emp, max_size=n_emp))
    unique = draw(st.booleans())
    if unique:  # mostly distinct numbers; blanks stay possible
        numbers = [n if n == "" else f"{n}-{i}" for i, n in enumerate(numbers)]
    months = []
    for month in (202602, 202603):
        people, lines = [], []
        rel = 100
        for e in range(n_emp):
            if draw(st.integers(0, 5)) == 0:
                continue  # this employee is not in this month
            holder = 1000 * (e + 1)
            people.append((holder, holder, "H", numbers[e], f"Werknemer {e}"))
            members = [(holder, "H")]
            for k in range(draw(st.integers(0, 3))):
                rel = holder + k + 1
                role = "P" if k == 0 else "K"
                people.append((rel, holder, role, "", f"Lid {e}.{k}"))
                members.append((rel, role))
            for person, _ in members:
                for code, *_ in PRODUCTS:
                    if draw(st.integers(0, 2)):
                        net = draw(st.sampled_from([0, 1, 3, 5, 149, 150, 2500, 2501, -7,
                                                    15825, 12345]))
                        lines.append((person, "P", month, code, net))
                for _ in range(draw(st.integers(0, 2))):
                    code = draw(st.sampled_from([p[0] for p in PRODUCTS]))
                    pm = draw(st.sampled_from([month - 1, month]))
                    net = draw(st.integers(-20000, 20000))
                    lines.append((person, "C", pm, code, net, draw(st.sampled_from(
                        ["01", "02", "03", "08", "99"]))))
        months.append((people, lines))
    return months


def _write(folder: Path, name: str, people, lines, month, sequence=1) -> Path:
    from tests.report_support import make_borderel

    b = make_borderel(people, lines, products=PRODUCTS, month=month, sequence=sequence)
    # discounts: gross = net + collective + other, every line still adds up
    n = len(b.lines)
    coll = (np.arange(n, dtype=np.int64) * 37) % 400
    other = np.where(np.arange(n) % 3 == 0, 100, 0).astype(np.int64)
    b.lines["collective_discount_cent"] = coll
    b.lines["other_discount_cent"] = other
    b.lines["gross_cent"] = b.lines["net_cent"].to_numpy() + coll + other
    path = folder / name
    path.write_bytes(write_borderel(b))
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=family_months(), reissue=st.booleans(), period=st.sampled_from(["maand", "4weken"]),
       on=st.sampled_from(["basis", "aanvullend", "totaal"]),
       for_=st.sampled_from(["werknemer", "werknemer-partner", "iedereen"]),
       contribution=CONTRIBUTIONS, skip=st.booleans(),
       journal=st.tuples(st.sampled_from(["per werknemer", "per component"]), st.booleans(),
                         st.integers(0, 7)))
def test_hand_made_borderels_match_reference(data, reissue, period, on, for_, contribution,
                                             skip, journal):
    (p1, l1), (p2, l2) = data
    with _example_folder() as tmp:
        folder = Path(tmp)
        if reissue:  # the same month twice: the original and its re-issue
            l2 = [(r, k, 202602 if k == "P" else min(pm, 202602), *rest)
                  for r, k, pm, *rest in l2]
            van = _write(folder, "a.dat", p1, l1, 202602)
            tot = _write(folder, "b.dat", p2, l2, 202602, sequence=2)
        else:
            van = _write(folder, "a.dat", p1, l1, 202602)
            tot = _write(folder, "b.dat", p2, l2, 202603)
        dv, dt = read_dat(van.read_bytes()), read_dat(tot.read_bytes())
        for path, d in ((van, dv), (tot, dt)):
            code, got, err = cli_json("list", str(path))
            _same(code, got, ref_list(d))
            code, got, err = cli_json("corrections", str(path))
            _same(code, got, ref_corrections([d]))
        for extra in ((), ("--all",)):
            code, got, err = cli_json("diff", str(van), str(tot), *extra)
            _same(code, got, ref_diff(dv, dt, bool(extra)))
        code, got, err = cli_json("diff", str(tot), str(van))
        assert code == 1 and "Traceback" not in err
        amount = _hundredths(contribution[1]) if contribution[:1] == ("--amount",) else 0
        percent = _hundredths(contribution[1]) if contribution[:1] == ("--percent",) else 0
        options = ["--period", period, "--on", on, "--for", for_, *contribution]
        if skip:
            options.append("--skip-missing")
        code, got, err = cli_json("salary", str(tot), *options)
        _same(code, got, _ref(ref_salary, dt, period, on, for_, amount, percent, skip))
        assert "Traceback" not in err
        _check_against_reference(folder, van, tot, dv, dt, options, (period, on, for_, amount,
                                                                     percent), journal)


def _journal_lines(tot: Dat, van: Dat, salary_args, offset: int) -> tuple[list, dict]:
    """What payroll withheld per employee, made to hit every verklaring: exact, the correction
    not booked, the contribution not paid or paid twice, one family member's premium missing,
    last month's amount, a cent off, absent; plus one employee only payroll has. Numbers of
    digits only lose their leading zeros on every other row, as a spreadsheet does."""
    converted = ref_salary(tot, *salary_args, skip_missing=True)
    try:
        before = {r["werknemersnummer"]: r["premie_cent"] + r["correctie_cent"] - r["bijdrage_cent"]
                  for r in ref_salary(van, *salary_args, skip_missing=True)["rows"]}
    except Refused:
        before = {}
    holder = {p.own_number: p.relation for p in tot.persons.values() if p.role == "H"}
    prolongation: dict[str, int] = {}
    for ln in tot.lines:
        if ln.kind == "P":
            prolongation[ln.relation] = prolongation.get(ln.relation, 0) + ln.net
    lines = []
    for i, row in enumerate(converted["rows"]):
        number = row["werknemersnummer"]
        due = row["premie_cent"] + row["correctie_cent"] - row["bijdrage_cent"]
        members = [prolongation.get(p.relation, 0) for p in tot.persons.values()
                   if p.holder == holder[number] and p.role in ("P", "K")
                   and p.relation != holder[number]]
        variant = (i + offset) % 8
        withheld = {0: due, 1: due - row["correctie_cent"], 2: due + row["bijdrage_cent"],
                    3: due - row["bijdrage_cent"], 4: due - (members[0] if members else 7),
                    5: before.get(number, due + 3), 6: due + 1}.get(variant)
        if withheld is None:
            continue  # payroll does not know this employee
        written = number.lstrip("0") or "0" if number.isdigit() and i % 2 else number
        lines.append((written, "premie", withheld + row["bijdrage_cent"]))
        lines.append((written, "bijdrage", row["bijdrage_cent"]))
    lines.append(("X999", "premie", 1234))
    return lines, dict.fromkeys((n for n, _, _ in lines), "iemand")


def _check_against_reference(folder: Path, van: Path, tot: Path, dv: Dat, dt: Dat, options,
                             salary_args, journal) -> None:
    """payroll-check with the month before as --previous, the journal in the shape drawn."""
    shape, negative, offset = journal
    try:
        lines, names = _journal_lines(dt, dv, salary_args, offset)
    except Refused:
        lines, names = [("X999", "premie", 1234)], {"X999": "iemand"}
    sign = -1 if negative else 1
    codes = {"premie": "7500", "correctie": "7510", "bijdrage": "7520"}
    export = folder / "journaal.csv"
    if shape == "per component":  # salary rows in between are ignored
        body = "".join(f"{n};iemand;1000;{_comma(250000)}\r\n{n};iemand;{codes[k]};"
                       f"{_comma(sign * c)}\r\n" for n, k, c in lines)
        export.write_text("Loonjournaal\r\n\r\nPersoneelsnummer;Naam;Looncomponent;Bedrag\r\n"
                          + body + "Totaal;;;0,00\r\n", encoding="cp1252")
    else:  # per werknemer: one amount, premie and bijdrage already netted
        per: dict[str, int] = {}
        for n, k, c in lines:
            per[n] = per.get(n, 0) + (-c if k == "bijdrage" else c)
        lines = [(n, "premie", c) for n, c in per.items()]
        export.write_text("Pers.nr.;Naam;Inh. zorgverzekering\r\n" + "".join(
            f"{n};iemand;{_comma(sign * c)}\r\n" for n, c in per.items()), encoding="cp1252")
    written = [(n, k, sign * c) for n, k, c in lines]
    expected = _ref(ref_payroll_check, dt, written, *salary_args, previous=dv, names=names)
    code, got, err = cli_json("payroll-check", str(tot), str(export), "--previous", str(van),
                              *options)
    assert "Traceback" not in err
    _same(code, got, expected)


def test_month_ranges_across_a_year_end():
    assert synth.months_from(202311, 4) == [202311, 202312, 202401, 202402]
    assert synth.months_back(3, last=202602) == [202512, 202601, 202602]
    assert synth.months_back(1) == [202603]
