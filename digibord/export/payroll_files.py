"""Writing the salary conversion as a payroll import file, the way a profile says
(docs/reports.md "Importbestanden per salarispakket"): long CSV (`csv`: generic, AFAS, Exact
Online), wide CSV (Loket.nl), wide Excel (Nmbrs) and the fixed-width RAET Beaufort DPIA100
records, each for the result's pay period. A profile of lasting values (AFAS vaste
looncomponenten) writes premie and bijdrage with their begin date plus a closing line for each
value that ends, and the corrections to a second file with its one-off profile. Written through
`digibord.export.atomic`: never half a file, readable by the user only, an existing file
replaced only when asked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xlsxwriter

from digibord.errors import CommandRefused
from digibord.export.atomic import atomic_output, atomic_outputs, check_target, write_bytes
from digibord.export.cells import refuse_formulas
from digibord.formats.profiles import AMOUNTS, DPIA_WIDTHS, Profile, load_profile
from digibord.i18n import tr
from digibord.reconcile.pay_period import PayPeriod, PayPeriodRef, periods_of_month

if TYPE_CHECKING:
    from digibord.reconcile.salary import SalaryResult

_RESULT_COLUMN = {"premie": "premium_cent", "correctie": "correction_cent",
                  "bijdrage": "contribution_cent"}


def plain_amounts(cents: pd.Series | np.ndarray, decimal: str = ",") -> np.ndarray:
    """int64 cents -> `-12,30` texts: two decimals, no thousands separator, minus in front."""
    c = np.asarray(cents, dtype=np.int64)
    units = pd.Series(np.abs(c) // 100).astype(str)
    rest = pd.Series(np.abs(c) % 100).astype(str).str.zfill(2)
    sign = pd.Series(np.where(c < 0, "-", ""), dtype=object)
    return (sign + units + decimal + rest).to_numpy(dtype=object)


def signed(profile: Profile, amount: str, cents: np.ndarray) -> np.ndarray:
    """A deduction (premie, correctie) is written positive or negative as the profile says; the
    bijdrage is a payment to the employee and always stays positive."""
    if amount != "bijdrage" and profile.settings["deduction_sign"] == "negative":
        return -cents
    return cents


def result_period(result: SalaryResult) -> PayPeriodRef:
    """The pay period of a conversion (a result made without one: its month)."""
    period = getattr(result, "pay_period", None)
    if period is not None:
        return period
    month = result.prolongation_month
    return PayPeriodRef(PayPeriod.MONTH, month // 100, month % 100)


def amount_lines(result: SalaryResult, profile: Profile, amounts: tuple[str, ...] = AMOUNTS,
                 closing: bool = False) -> pd.DataFrame:
    """One row per employee per non-zero amount of `amounts`, in werknemersnummer order, then
    premie, correctie, bijdrage: employee_number, name, amount, component, cent, start (the
    begin date: the first day of the pay period), end (None). With `closing` also a row per
    lasting value that ends (result.closing): 0 from the period's first day, or with the
    profile's `closing = "end_date"` the previous value from the previous period's first day
    with the day before this period as end."""
    rows = result.rows
    period = result_period(result)
    parts = []
    for rank, amount in enumerate(AMOUNTS):
        if amount not in amounts:
            continue
        cents = rows[_RESULT_COLUMN[amount]].to_numpy(dtype=np.int64)
        keep = np.flatnonzero(cents != 0)
        parts.append(pd.DataFrame({
            "_row": keep, "_rank": np.full(len(keep), rank),
            "employee_number": rows["employee_number"].to_numpy(dtype=object)[keep],
            "name": rows["employee_name"].to_numpy(dtype=object)[keep],
            "amount": amount, "component": profile.components[amount],
            "cent": signed(profile, amount, cents[keep]),
            "start": period.start, "end": None,
        }))
    extra = _closing_parts(result, profile, period) if closing else []
    lines = pd.concat(parts + extra, ignore_index=True)
    lines["employee_number"] = lines["employee_number"].astype(object)
    # rows are in werknemersnummer order already: sort on their index, unless closing lines
    # (employees no longer in rows) have to be placed among them
    keys = ["employee_number", "_rank"] if any(len(e) for e in extra) else ["_row", "_rank"]
    return lines.sort_values(keys, kind="stable").drop(
        columns=["_row", "_rank"]).reset_index(drop=True)


def _closing_parts(result, profile: Profile, period: PayPeriodRef) -> list[pd.DataFrame]:
    frame = getattr(result, "closing", None)
    if frame is None or len(frame) == 0:
        return []
    end_date = profile.settings.get("closing") == "end_date"
    before = getattr(result, "closing_from", None) or period.previous()
    parts = []
    for rank, amount in ((0, "premie"), (2, "bijdrage")):
        cents = frame[_RESULT_COLUMN[amount]].to_numpy(dtype=np.int64)
        keep = np.flatnonzero(cents != 0)
        parts.append(pd.DataFrame({
            "_row": -1, "_rank": np.full(len(keep), rank),
            "employee_number": frame["employee_number"].to_numpy(dtype=object)[keep],
            "name": frame["employee_name"].to_numpy(dtype=object)[keep],
            "amount": amount, "component": profile.components[amount],
            "cent": signed(profile, amount, cents[keep]) if end_date else np.zeros(
                len(keep), dtype=np.int64),
            "start": before.start if end_date else period.start,
            "end": period.start - dt.timedelta(days=1) if end_date else None,
        }))
    return parts


def period_text(month: int, fmt: str) -> str:
    """A year and a period number (YYYYMM: the month, or a 4-week period 1-13) as `fmt`."""
    year, mon = divmod(month, 100)
    return {"YYYYMM": f"{year:04d}{mon:02d}", "YYYY-MM": f"{year:04d}-{mon:02d}",
            "MM-YYYY": f"{mon:02d}-{year:04d}"}[fmt]


def pay_period_text(period: PayPeriodRef, fmt: str) -> str:
    """The pay period as a profile writes it: with 4weken `2026-04` is period 4 of 2026."""
    return period_text(period.year * 100 + period.number, fmt)


def _period_column(result: SalaryResult, period: PayPeriodRef, settings: dict) -> str:
    """The `periode` of a csv line: the pay period, or (setting `period`) the borderel's
    prolongatiemaand whatever the salarisperiode."""
    if settings["period"] == "prolongation_month":
        return period_text(result.prolongation_month, settings["period_format"])
    return pay_period_text(period, settings["period_format"])


def date_text(day: dt.date, fmt: str) -> str:
    return {"ddmmyyyy": day.strftime("%d%m%Y"), "dd-mm-yyyy": day.strftime("%d-%m-%Y"),
            "yyyy-mm-dd": day.isoformat()}[fmt]


def first_day(month: int) -> dt.date:
    return dt.date(month // 100, month % 100, 1)


def pay_period_number(month: int, four_weekly: bool) -> int:
    """The month 1-12, or the first 4-week period (1-13) that starts in the month (the period
    the month's borderel is in force for: March is period 4, starting 26 March)."""
    return periods_of_month(month, PayPeriod.FOUR_WEEKS if four_weekly else PayPeriod.MONTH)[0]


def _encode(profile: Profile, text: str) -> bytes:
    encoding = profile.settings.get("encoding", "utf-8")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        # the line it stands on names the employee (their werknemersnummer, or the name)
        start = text.rfind("\n", 0, exc.start) + 1
        stop = text.find("\n", exc.start)
        line = text[start:stop if stop >= 0 else len(text)].rstrip("\r")
        raise CommandRefused(tr("payroll.profile.error.unencodable", file=profile.path,
                                encoding=encoding, char=exc.object[exc.start:exc.end],
                                line=line)) from exc
    if profile.settings.get("bom") and encoding.lower().replace("-", "") == "utf8":
        data = b"\xef\xbb\xbf" + data
    return data


def _csv_text(table: pd.DataFrame, profile: Profile, header: list[str]) -> str:
    s = profile.settings
    delim = s["delimiter"]

    def quote(col: pd.Series) -> pd.Series:
        col = col.astype(str)
        needs = col.str.contains(delim, regex=False) | col.str.contains('"', regex=False)
        return col.where(~needs, '"' + col.str.replace('"', '""', regex=False) + '"')

    body = quote(table.iloc[:, 0]) if len(table.columns) else pd.Series([], dtype=object)
    for i in range(1, len(table.columns)):
        body = body + delim + quote(table.iloc[:, i])
    lines = ([delim.join(header)] if s["header"] else []) + body.tolist()
    return "".join(line + s["line_end"] for line in lines)


def _dates(days: pd.Series, fmt: str) -> pd.Series:
    """Dates (or None) as texts: a handful of distinct days, each formatted once and spread
    over the column by one hash look-up."""
    text = {d: date_text(d, fmt) for d in pd.unique(days.dropna())}
    out = days.map(text).astype(object)
    return out.where(out.notna(), "")


def numeric_numbers(numbers: pd.Series, profile: Profile) -> pd.Series:
    """Werknemersnummers as numbers (a payroll that keys employees by an integer): leading
    zeros dropped; one with other characters is refused naming the profile setting."""
    s = numbers.astype(str).str.strip()
    bad = ~s.str.fullmatch(r"[0-9]+")
    if bad.any():
        raise CommandRefused(tr("profiles.error.numeric_employee", file=profile.path,
                                setting="settings.numeric_employee",
                                numbers=", ".join(sorted(set(s[bad].tolist()))[:10])))
    out = s.str.lstrip("0").replace("", "0").astype(object)
    _distinct(s, out, profile)
    return out


def _distinct(numbers: pd.Series, written: pd.Series, profile: Profile) -> None:
    """Two employees must not become one in payroll: werknemersnummers that differ (`004708`
    and `4708`: two employees, reports.md §4) but are written alike once their leading zeros
    are dropped are refused, naming both."""
    pairs = pd.DataFrame({"number": numbers.to_numpy(dtype=object),
                          "written": written.to_numpy(dtype=object)}).drop_duplicates()
    twice = pairs[pairs["written"].duplicated(keep=False)]
    if len(twice):
        first = twice["written"].iloc[0]
        names = sorted(twice.loc[twice["written"] == first, "number"].tolist())
        raise CommandRefused(tr("payroll.profile.error.same_number", file=profile.path,
                                numbers=", ".join(repr(n) for n in names), written=first))


def long_csv_bytes(result: SalaryResult, profile: Profile,
                   amounts: tuple[str, ...] | None = None) -> bytes:
    """`csv` format: one line per employee per non-zero amount (of `amounts`; by default all
    three, or for lasting values premie and bijdrage with their closing lines)."""
    s = profile.settings
    lasting = profile.lasting
    if amounts is None:
        amounts = ("premie", "bijdrage") if lasting else AMOUNTS
    lines = amount_lines(result, profile, amounts, closing=lasting)
    period = result_period(result)
    n = len(lines)
    number = lines["employee_number"]
    if s["numeric_employee"]:
        number = numeric_numbers(number, profile)
    # only the columns the profile writes are made
    values = {
        "werknemersnummer": lambda: number,
        "looncomponent": lambda: lines["component"],
        "periode": lambda: pd.Series([_period_column(result, period, s)] * n, dtype=object),
        "bedrag": lambda: pd.Series(plain_amounts(lines["cent"], s["decimal"]), dtype=object),
        "ingangsdatum": lambda: _dates(lines["start"], s["date_format"]),
        "einddatum": lambda: _dates(lines["end"], s["date_format"]),
        "naam": lambda: lines["name"],
        "jaar": lambda: pd.Series([str(period.year)] * n, dtype=object),
        "periodenummer": lambda: pd.Series([str(period.number)] * n, dtype=object),
        "werkgever": lambda: pd.Series([s["employer"]] * n, dtype=object),
    }
    cols = s["columns"]
    table = pd.DataFrame({c: values[c]().to_numpy(dtype=object) for c in cols})
    header = [s["headings"].get(c, c) for c in cols]
    return _encode(profile, _csv_text(table, profile, header))


def _wide_rows(result, amounts: tuple[str, ...]) -> pd.DataFrame:
    """The employees with a non-zero amount among `amounts` (all, for the three)."""
    rows = result.rows
    if tuple(amounts) == AMOUNTS:
        return rows
    keep = np.zeros(len(rows), dtype=bool)
    for amount in amounts:
        keep |= rows[_RESULT_COLUMN[amount]].to_numpy(np.int64) != 0
    return rows[keep]


def _wide_values(rows: pd.DataFrame, profile: Profile,
                 amounts: tuple[str, ...]) -> dict[str, np.ndarray]:
    return {amount: signed(profile, amount, rows[_RESULT_COLUMN[amount]].to_numpy(np.int64))
            for amount in amounts}


def wide_csv_bytes(result: SalaryResult, profile: Profile,
                   amounts: tuple[str, ...] = AMOUNTS) -> bytes:
    """`csv-wide` (Loket.nl): employee columns, then one column per component code; an amount
    of 0 is left empty (not written)."""
    s = profile.settings
    rows = _wide_rows(result, amounts)
    n = len(rows)
    fixed = {"werknemersnummer": rows["employee_number"].to_numpy(dtype=object),
             "naam": rows["employee_name"].to_numpy(dtype=object),
             "werkgever": np.full(n, s["employer"], dtype=object),
             "periode": np.full(n, pay_period_text(result_period(result), "YYYYMM"),
                                dtype=object)}
    table = pd.DataFrame({c: fixed[c] for c in s["columns"]})
    header = [s["headings"].get(c, c) for c in s["columns"]]
    for amount, cents in _wide_values(rows, profile, amounts).items():
        text = plain_amounts(cents, s["decimal"])
        text[cents == 0] = ""
        table[f"_{amount}"] = text
        header.append(profile.components[amount])
    return _encode(profile, _csv_text(table, profile, header))


def write_wide_xlsx(result: SalaryResult, profile: Profile, path: Path,
                    amounts: tuple[str, ...] = AMOUNTS) -> None:
    """`xlsx-wide` (Nmbrs): optional title row, a heading row with one column per component
    code, values from the next row on; numbers as values, never formulas; 0 left empty.
    `path` is the temporary file of the atomic writer."""
    s = profile.settings
    rows = _wide_rows(result, amounts)
    fixed = {"debiteur": s["debtor"], "werkgever": s["employer"],
             "periode": pay_period_text(result_period(result), s["period_format"]),
             "dagen": "", "dagen_voor_lc": ""}
    columns = s["columns"]
    values = _wide_values(rows, profile, amounts)
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_numbers": False})
    sheet = book.add_worksheet(s["sheet"][:31])
    money = book.add_format({"num_format": "0.00"})
    r = 0
    if s["title_row"]:
        sheet.write_string(0, 0, s["title_row"])
        r = 1
    header = [s["headings"].get(c, c) for c in columns] + \
        [profile.components[a] for a in amounts]
    for c, text in enumerate(header):
        sheet.write_string(r, c, text)
    numbers = rows["employee_number"].tolist()
    names = rows["employee_name"].tolist()
    cents = [values[a].tolist() for a in amounts]
    for i in range(len(rows)):  # one spreadsheet row per employee (not per line)
        for c, col in enumerate(columns):
            text = numbers[i] if col == "werknemersnummer" else (
                names[i] if col == "naam" else fixed[col])
            if text != "":
                sheet.write_string(r + 1 + i, c, str(text))
        for j, amount_cents in enumerate(cents):
            if amount_cents[i]:
                sheet.write_number(r + 1 + i, len(columns) + j, amount_cents[i] / 100, money)
    book.close()


def object_ids(numbers: pd.Series, profile: Profile) -> np.ndarray:
    """DPIA100 object id: werknemersnummer without leading zeros, with the employment sequence
    number appended when the profile asks (`1234 1`). Too long for its 50 positions: refused."""
    given = pd.Series(np.asarray(numbers, dtype=object), dtype=object).astype(str).str.strip()
    s = given.str.lstrip("0").replace("", "0")
    _distinct(given, s, profile)
    seq = profile.settings["employment_sequence"]
    if seq:
        s = s + " " + seq
    too_long = s.str.len() > DPIA_WIDTHS["object_id"]
    if too_long.any():
        raise CommandRefused(tr("payroll.profile.error.value_too_long",
                                found=s[too_long].iloc[0], field="object_id",
                                width=DPIA_WIDTHS["object_id"], file=profile.path))
    return s.to_numpy(dtype=object)


def dpia100_text(result: SalaryResult, profile: Profile, created: dt.date,
                 amounts: tuple[str, ...] = AMOUNTS) -> str:
    """The DPIA100 records, positions as docs/reports.md lists them (CR LF each); the
    verrekenperiode is the result's pay period, the ingangsdatum the first day of the
    prolongatiemaand (payroll-formats.md), with 4weken too."""
    s = profile.settings
    lines = amount_lines(result, profile, amounts)
    pay = result_period(result)
    period = f"{pay.number:02d}{pay.year:04d}"
    month = result.prolongation_month
    first_day = f"01{month % 100:02d}{month // 100:04d}"
    ids = pd.Series(object_ids(lines["employee_number"], profile), dtype=object)
    waarde = pd.Series(plain_amounts(lines["cent"], "."), dtype=object)
    code = lines["component"].astype(str)
    record = (s["procescode"].ljust(3) + code.str.ljust(6) + ids.str.ljust(50) + "V"
              + created.strftime("%d%m%Y").ljust(11) + s["creatiegebruiker"].ljust(16)
              + waarde.str.ljust(50) + first_day.ljust(11)
              + " " * 30 + s["productiesoort"].ljust(3) + period)
    return "".join(r + "\r\n" for r in record.tolist())


def has_corrections(result: SalaryResult) -> bool:
    return bool((result.rows["correction_cent"].to_numpy(dtype=np.int64) != 0).any())


def corrections_path(path: str | Path, one_off: Profile) -> Path:
    """The second file of a profile of lasting values: `<name>_correcties<ext>` beside it."""
    target = Path(path)
    return target.with_name(f"{target.stem}_correcties{one_off.settings['extension']}")


def one_off_profile(profile: Profile, given: Profile | None = None) -> Profile:
    """The one-off profile the corrections of a lasting profile are written with."""
    chosen = given or load_profile(profile.one_off)
    if chosen.lasting:
        raise CommandRefused(tr("payroll.profile.error.setting", file=profile.path,
                                setting="one_off", reason=tr("profiles.error.one_off_lasting",
                                                             name=chosen.name)))
    return chosen


def payroll_targets(result: SalaryResult, profile: Profile, path: str | Path,
                    one_off: Profile | None = None) -> list[Path]:
    """The files `write_payroll_import` makes: `path`, and for a profile of lasting values
    with corrections to pass on also the corrections file."""
    if profile.lasting and has_corrections(result):
        return [Path(path), corrections_path(path, one_off_profile(profile, one_off))]
    return [Path(path)]


def write_payroll_import(result: SalaryResult, profile: Profile, path: str | Path,
                         overwrite: bool = False, created: dt.date | None = None,
                         one_off: Profile | None = None) -> Path:
    """Write `result` (a SalaryResult) to `path` in the profile's format. A profile of lasting
    values also writes the corrections with its one-off profile (`one_off`, default the one
    the profile names) to `payroll_targets(...)[1]`; both files are checked before either is
    written. Returns `path`."""
    # a werknemersnummer or name that a spreadsheet would run: refused (docs/security.md)
    refuse_formulas(result.rows, profile.settings.get("columns", ["werknemersnummer"]))
    if profile.lasting:
        targets = payroll_targets(result, profile, path, one_off)
        for target in targets:
            check_target(target, overwrite)
        if len(targets) == 1:
            return write_bytes(path, long_csv_bytes(result, profile), overwrite)
        second = one_off_profile(profile, one_off)
        with atomic_outputs(targets, overwrite) as (main, other):  # both files, or neither
            main.write_bytes(long_csv_bytes(result, profile))
            _write_one(result, second, other, ("correctie",), created, temporary=True)
        return Path(path)
    return _write_one(result, profile, path, AMOUNTS, created, overwrite=overwrite)


def _write_one(result, profile: Profile, path, amounts, created, overwrite: bool = False,
               temporary: bool = False) -> Path:
    """One file in a one-off profile's format; `temporary`: `path` is the atomic writer's
    temporary file already."""
    fmt = profile.format
    if temporary:
        if fmt == "xlsx-wide":
            write_wide_xlsx(result, profile, Path(path), amounts)
        else:
            Path(path).write_bytes(_file_bytes(result, profile, amounts, created))
        return Path(path)
    if fmt == "xlsx-wide":
        with atomic_output(path, overwrite) as tmp:
            write_wide_xlsx(result, profile, tmp, amounts)
        return Path(path)
    return write_bytes(path, _file_bytes(result, profile, amounts, created), overwrite)


def _file_bytes(result, profile: Profile, amounts, created) -> bytes:
    fmt = profile.format
    if fmt == "csv":
        return long_csv_bytes(result, profile, amounts)
    if fmt == "csv-wide":
        return wide_csv_bytes(result, profile, amounts)
    if fmt == "dpia100":
        return _encode(profile, dpia100_text(result, profile, created or dt.date.today(),
                                             amounts))
    raise ValueError(fmt)  # check_profile admits only the formats above
