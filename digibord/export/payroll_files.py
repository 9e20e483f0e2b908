"""Writing the salary conversion as a payroll import file, the way a profile says
(docs/reports.md): long CSV (`csv`, AFAS), wide CSV (Loket.nl), wide Excel (Nmbrs) and the
fixed-width RAET Beaufort DPIA100 records. Written through `digibord.export.atomic`: never half
a file, readable by the user only, an existing file replaced only when asked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from digibord.errors import CommandRefused
from digibord.export.atomic import atomic_output, write_bytes
from digibord.export.cells import refuse_formulas
from digibord.formats.profiles import AMOUNTS, DPIA_WIDTHS, Profile
from digibord.i18n import tr

_RESULT_COLUMN = {"premie": "premium_cent", "correctie": "correction_cent",
                  "bijdrage": "contribution_cent"}


def plain_amounts(cents, decimal: str = ",") -> np.ndarray:
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


def amount_lines(result, profile: Profile) -> pd.DataFrame:
    """One row per employee per non-zero amount, in employee order, then premie, correctie,
    bijdrage: employee_number, name, amount, component, cent."""
    rows = result.rows
    parts = []
    for rank, amount in enumerate(AMOUNTS):
        cents = rows[_RESULT_COLUMN[amount]].to_numpy(dtype=np.int64)
        keep = np.flatnonzero(cents != 0)
        parts.append(pd.DataFrame({
            "_row": keep, "_rank": np.full(len(keep), rank),
            "employee_number": rows["employee_number"].to_numpy(dtype=object)[keep],
            "name": rows["employee_name"].to_numpy(dtype=object)[keep],
            "amount": amount, "component": profile.components[amount],
            "cent": signed(profile, amount, cents[keep]),
        }))
    lines = pd.concat(parts, ignore_index=True)
    return lines.sort_values(["_row", "_rank"], kind="stable").drop(
        columns=["_row", "_rank"]).reset_index(drop=True)


def period_text(month: int, fmt: str) -> str:
    year, mon = divmod(month, 100)
    return {"YYYYMM": f"{year:04d}{mon:02d}", "YYYY-MM": f"{year:04d}-{mon:02d}",
            "MM-YYYY": f"{mon:02d}-{year:04d}"}[fmt]


def date_text(day: dt.date, fmt: str) -> str:
    return {"ddmmyyyy": day.strftime("%d%m%Y"), "dd-mm-yyyy": day.strftime("%d-%m-%Y"),
            "yyyy-mm-dd": day.isoformat()}[fmt]


def first_day(month: int) -> dt.date:
    return dt.date(month // 100, month % 100, 1)


def pay_period_number(month: int, four_weekly: bool) -> int:
    """The month 1-12, or the 4-week period (1-13) in which the month's first day falls."""
    if not four_weekly:
        return month % 100
    return min(13, (first_day(month).timetuple().tm_yday - 1) // 28 + 1)


def _encode(profile: Profile, text: str) -> bytes:
    encoding = profile.settings.get("encoding", "utf-8")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise CommandRefused(tr("payroll.profile.error.setting", file=profile.path,
                                setting="settings.encoding",
                                reason=f"{exc.object[exc.start:exc.end]!r} ({encoding})")) from exc
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


def long_csv_bytes(result, profile: Profile) -> bytes:
    """`csv` format: one line per employee per non-zero amount."""
    s = profile.settings
    lines = amount_lines(result, profile)
    month = result.prolongation_month
    values = {
        "werknemersnummer": lines["employee_number"],
        "looncomponent": lines["component"],
        "periode": pd.Series([period_text(month, s["period_format"])] * len(lines), dtype=object),
        "bedrag": pd.Series(plain_amounts(lines["cent"], s["decimal"]), dtype=object),
        "ingangsdatum": pd.Series([date_text(first_day(month), s["date_format"])] * len(lines),
                                  dtype=object),
        "naam": lines["name"],
    }
    cols = s["columns"]
    table = pd.DataFrame({c: values[c].to_numpy(dtype=object) for c in cols})
    header = [s["headings"].get(c, c) for c in cols]
    return _encode(profile, _csv_text(table, profile, header))


def _wide_values(result, profile: Profile) -> dict[str, np.ndarray]:
    rows = result.rows
    return {amount: signed(profile, amount, rows[_RESULT_COLUMN[amount]].to_numpy(np.int64))
            for amount in AMOUNTS}


def wide_csv_bytes(result, profile: Profile) -> bytes:
    """`csv-wide` (Loket.nl): employee columns, then one column per component code; an amount
    of 0 is left empty (not written)."""
    s = profile.settings
    rows = result.rows
    n = len(rows)
    fixed = {"werknemersnummer": rows["employee_number"].to_numpy(dtype=object),
             "naam": rows["employee_name"].to_numpy(dtype=object),
             "werkgever": np.full(n, s["employer"], dtype=object),
             "periode": np.full(n, period_text(result.prolongation_month, "YYYYMM"),
                                dtype=object)}
    table = pd.DataFrame({c: fixed[c] for c in s["columns"]})
    header = [s["headings"].get(c, c) for c in s["columns"]]
    for amount, cents in _wide_values(result, profile).items():
        text = plain_amounts(cents, s["decimal"])
        text[cents == 0] = ""
        table[f"_{amount}"] = text
        header.append(profile.components[amount])
    return _encode(profile, _csv_text(table, profile, header))


def write_wide_xlsx(result, profile: Profile, path: Path) -> None:
    """`xlsx-wide` (Nmbrs): optional title row, a heading row with one column per component
    code, values from the next row on; numbers as values, never formulas; 0 left empty.
    `path` is the temporary file of the atomic writer."""
    s = profile.settings
    rows = result.rows
    fixed = {"debiteur": s["debtor"], "werkgever": s["employer"],
             "periode": period_text(result.prolongation_month, s["period_format"]),
             "dagen": "", "dagen_voor_lc": ""}
    columns = s["columns"]
    values = _wide_values(result, profile)
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_numbers": False})
    sheet = book.add_worksheet(s["sheet"][:31])
    money = book.add_format({"num_format": "0.00"})
    r = 0
    if s["title_row"]:
        sheet.write_string(0, 0, s["title_row"])
        r = 1
    header = [s["headings"].get(c, c) for c in columns] + \
        [profile.components[a] for a in AMOUNTS]
    for c, text in enumerate(header):
        sheet.write_string(r, c, text)
    numbers = rows["employee_number"].tolist()
    names = rows["employee_name"].tolist()
    cents = [values[a].tolist() for a in AMOUNTS]
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


def object_ids(numbers, profile: Profile) -> np.ndarray:
    """DPIA100 object id: werknemersnummer without leading zeros, with the employment sequence
    number appended when the profile asks (`1234 1`). Too long for its 50 positions: refused."""
    s = pd.Series(np.asarray(numbers, dtype=object), dtype=object).astype(str).str.strip()
    s = s.str.lstrip("0").replace("", "0")
    seq = profile.settings["employment_sequence"]
    if seq:
        s = s + " " + seq
    too_long = s.str.len() > DPIA_WIDTHS["object_id"]
    if too_long.any():
        raise CommandRefused(tr("payroll.profile.error.value_too_long",
                                found=s[too_long].iloc[0], field="object_id",
                                width=DPIA_WIDTHS["object_id"], file=profile.path))
    return s.to_numpy(dtype=object)


def dpia100_text(result, profile: Profile, created: dt.date) -> str:
    """The DPIA100 records, positions as payroll-formats.md lists them (CR LF each)."""
    s = profile.settings
    lines = amount_lines(result, profile)
    month = result.prolongation_month
    four = result.options.period.value == "4weken"
    period = f"{pay_period_number(month, four):02d}{month // 100:04d}"
    ids = pd.Series(object_ids(lines["employee_number"], profile), dtype=object)
    waarde = pd.Series(plain_amounts(lines["cent"], "."), dtype=object)
    code = lines["component"].astype(str)
    record = (s["procescode"].ljust(3) + code.str.ljust(6) + ids.str.ljust(50) + "V"
              + created.strftime("%d%m%Y").ljust(11) + s["creatiegebruiker"].ljust(16)
              + waarde.str.ljust(50) + first_day(month).strftime("%d%m%Y").ljust(11)
              + " " * 30 + s["productiesoort"].ljust(3) + period)
    return "".join(r + "\r\n" for r in record.tolist())


def write_payroll_import(result, profile: Profile, path: str | Path, overwrite: bool = False,
                         created: dt.date | None = None) -> Path:
    """Write `result` (a SalaryResult) to `path` in the profile's format."""
    # a werknemersnummer or name that a spreadsheet would run: refused (docs/security.md)
    refuse_formulas(result.rows, profile.settings.get("columns", ["werknemersnummer"]))
    fmt = profile.format
    if fmt == "csv":
        return write_bytes(path, long_csv_bytes(result, profile), overwrite)
    if fmt == "csv-wide":
        return write_bytes(path, wide_csv_bytes(result, profile), overwrite)
    if fmt == "dpia100":
        text = dpia100_text(result, profile, created or dt.date.today())
        return write_bytes(path, _encode(profile, text), overwrite)
    if fmt == "xlsx-wide":
        with atomic_output(path, overwrite) as tmp:
            write_wide_xlsx(result, profile, tmp)
        return Path(path)
    raise ValueError(fmt)  # check_profile admits only the formats above
