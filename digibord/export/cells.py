"""Text that a spreadsheet would run as a formula (CSV injection, OWASP): the one rule every
writer of a CSV or payroll file applies (docs/security.md).

A borderel comes from outside: a name `=HYPERLINK("http://x.nl";"klik")` or `@SUM(A1:A2)` is
just text in the file, but Excel, LibreOffice and Google Sheets run it when they open a CSV.

- Reports (`--csv`) keep the text and neutralise it: a leading `'` makes the spreadsheet show
  the cell as text (OWASP's advice); the rest of the cell is unchanged.
- Payroll import files refuse it: a werknemersnummer with a quote in front is another
  werknemersnummer, and the import would book the premium on nobody (or on someone else).

A cell is formula-like when its first character, after any spaces (an import may trim them),
is one of `= + - @`, a tab, a CR, an LF or NUL, and the cell is not a number. A number is an
optional sign, ASCII digits and at most one decimal mark with digits after it (`-12,30`,
`-1234`, `+12.5`): a spreadsheet reads it as a value, never as a formula, and a quote in front
would turn an amount into text. `+31 6 1234 5678` (phone-like text, spaces inside) is not a
number and is neutralised. Only text is looked at: int cents and other numbers pass as they
are."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats.borderel import relation_text
from digibord.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Sequence

# OWASP's CSV-injection list (= + - @ tab CR), with LF and NUL (OWASP ASVS 1.2.10 names NUL)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
NUMBER = r"[+-]?[0-9]+(?:[.,][0-9]+)?"
QUOTE = "'"
_HAS_TEXT = ("string", "mixed", "mixed-integer")  # pandas' names for columns holding text
# the text of a payroll import file that comes from the borderel: the profile's name of the
# column (also the file format's word for it, in both languages) -> the column of SalaryResult
EMPLOYEE_FIELDS = {"werknemersnummer": "employee_number", "naam": "employee_name"}

__all__ = ["EMPLOYEE_FIELDS", "FORMULA_START", "FormulaRefused", "formula_like", "neutralise",
           "refuse_formulas"]


class FormulaRefused(CommandRefused):
    """A payroll import file would carry text a spreadsheet runs as a formula; the message
    names the employee (relatienummer) and the field."""


def formula_like(values: Sequence[object] | np.ndarray | pd.Series) -> np.ndarray:
    """Per value (a column: list, array or Series) whether it is text a spreadsheet would take
    for a formula; False for non-text values (numbers, None)."""
    s = pd.Series(values, dtype=object)
    if pd.api.types.infer_dtype(s, skipna=True) not in _HAS_TEXT:  # no text in the column
        return np.zeros(len(s), dtype=bool)
    lead = s.str.lstrip(" ")  # NaN for anything that is not a str
    starts = lead.str.slice(0, 1).isin(FORMULA_START).to_numpy(dtype=bool)
    number = lead.str.fullmatch(NUMBER).fillna(False).to_numpy(dtype=bool)
    return starts & ~number


def neutralise(values: Sequence[object]) -> list:
    """The values with `'` put in front of every formula-like text (see the module)."""
    out = list(values)
    for i in np.flatnonzero(formula_like(out)).tolist():  # only the few cells that need it
        out[i] = QUOTE + out[i]
    return out


def refuse_formulas(rows: pd.DataFrame, written: Sequence[str] | None = None,
                    holder: str = "policyholder", lang: str | None = None) -> None:
    """Refuse (FormulaRefused) a payroll import file whose werknemersnummer or naam column
    would hold formula-like text. `rows`: a SalaryResult's rows; `written`: the names of the
    columns the file has (a profile's `columns`; None: both). The message names the first such
    employee by relatienummer (`holder`), the field and the text, and how many there are."""
    names = [n for n in EMPLOYEE_FIELDS if written is None or n in written]
    for name in names:
        values = rows[EMPLOYEE_FIELDS[name]].to_numpy(dtype=object)
        bad = np.flatnonzero(formula_like(values))
        if len(bad):
            first = int(bad[0])
            raise FormulaRefused(tr(
                "hardening.formula_refused", lang, field=name,
                relation=relation_text(int(rows[holder].iloc[first])),
                found=_shown(values[first]), count=len(bad)))


def _shown(text: str) -> str:
    """The text as a message can show it: control characters written as `\\t`, `\\x00`."""
    return repr(str(text))[1:-1]
