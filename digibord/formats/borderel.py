"""The borderel as the program holds it: a header, a trailer and three column tables.

Frames (pandas), one row per record, columns named as in the glossary:

`products` (record 05), in file order:
    product_code str, product_kind str ('B','A','T'), description str,
    discount_bp int64 (collectieve korting in hundredths of a percent), line_number int64

`insured` (record 10), in file order:
    relation_number int64, policyholder int64 (relatienummer hoofdverzekerde),
    role text ('H','P','K'; categorical), employee_number str (the employee's: on P/K rows the
    hoofdverzekerde's werknemersnummer; '' when unknown), bsn str ('' when unknown),
    surname, prefix, initials, name (display name 'J.H. van der Berg') str,
    birth_date, start_date, end_date datetime64[s] (end_date NaT = none),
    gender str ('M','V','O'), line_number int64

`lines` (record 20), in file order:
    relation_number int64, line_kind text ('P','C'; categorical), premium_month int64 (YYYYMM),
    product_code text (categorical), gross_cent, collective_discount_cent,
    other_discount_cent, net_cent int64, mutation_code str ('00'..'99'),
    mutation_date datetime64[s] (NaT on P lines), line_number int64

The reader gives the three text columns of few distinct values as categoricals (values,
comparisons and output as plain text; the reports match on their codes); frames made
elsewhere (devtools.synth) may hold them as plain text, and every consumer takes both.

Relatienummers are N(10) in the file and int64 here (fast joins); `relation_text` writes them
back as the file does. Months are int YYYYMM; `month_text` writes `YYYY-MM`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from digibord.formats.issues import Issue

if TYPE_CHECKING:  # the frames' type only: validating a file (`check`) needs no pandas
    import pandas as pd

PROLONGATION = "P"
CORRECTION = "C"
RELATION_WIDTH = 10

MUTATION_CODES = {
    "00": "mutation.00",
    "01": "mutation.01",
    "02": "mutation.02",
    "03": "mutation.03",
    "04": "mutation.04",
    "05": "mutation.05",
    "06": "mutation.06",
    "07": "mutation.07",
    "08": "mutation.08",
    "99": "mutation.99",
}


@dataclass(frozen=True)
class Header:
    collectivity_number: str
    collectivity_name: str
    prolongation_month: int  # YYYYMM
    creation_date: dt.date
    employer_number: str
    sequence: int
    layout_version: str = "01"


@dataclass(frozen=True)
class Trailer:
    insured_count: int
    line_count: int
    total_prolongation_cent: int
    total_corrections_cent: int
    total_due_cent: int


class _Heading:
    """What a borderel's header says about its place among the months (needs `header`)."""

    header: Header

    @property
    def month(self) -> int:
        return self.header.prolongation_month

    @property
    def key(self) -> tuple[int, int]:
        """Order of borderels of one collectivity: prolongatiemaand, then volgnummer."""
        return (self.header.prolongation_month, self.header.sequence)

    def label(self) -> str:
        """`2026-03` or `2026-03 (volgnummer 2)`."""
        text = month_text(self.header.prolongation_month)
        return text if self.header.sequence == 1 else f"{text} ({self.header.sequence})"


@dataclass(frozen=True, eq=False)
class Borderel(_Heading):
    header: Header
    products: pd.DataFrame
    insured: pd.DataFrame
    lines: pd.DataFrame
    trailer: Trailer
    source: str = ""
    encoding: str = "cp1252"
    warnings: tuple[Issue, ...] = field(default=())
    # a month of the archive: the name of the file it was imported with (`source` then says
    # where it comes from, for messages); "" for a file, whose name `source` is
    file_name: str = ""


@dataclass(frozen=True, eq=False)
class CheckedBorderel(_Heading):
    """A borderel found valid without its frames (`parse_borderel(..., frames=False)`): what
    `check` reports of a valid file."""

    header: Header
    trailer: Trailer
    source: str = ""
    encoding: str = "cp1252"
    warnings: tuple[Issue, ...] = field(default=())


def month_before(month: int) -> int:
    """202601 -> 202512."""
    year, mon = divmod(month, 100)
    return (year - 1) * 100 + 12 if mon == 1 else month - 1


def month_text(month: int) -> str:
    """202603 -> '2026-03'."""
    return f"{month // 100:04d}-{month % 100:02d}"


def parse_month_text(text: str) -> int:
    """'2026-03' -> 202603; ValueError otherwise."""
    year, _, mon = text.strip().partition("-")
    if len(year) != 4 or len(mon) != 2 or not (year + mon).isdigit() or not 1 <= int(mon) <= 12:
        raise ValueError(text)
    return int(year) * 100 + int(mon)


def relation_text(values: int | np.ndarray) -> np.ndarray | str:
    """Relatienummers as the file writes them: ten digits, zero-padded."""
    if np.isscalar(values):
        return f"{int(values):0{RELATION_WIDTH}d}"
    arr = np.asarray(values, dtype=np.int64)
    if arr.size == 0:  # numpy's zfill refuses an empty array
        return np.zeros(0, dtype=object)
    return np.char.zfill(arr.astype(str), RELATION_WIDTH).astype(object)


def date_text(values: np.ndarray | pd.Series) -> list:
    """datetime64 column -> list of 'YYYY-MM-DD' or None (JSON's missing date)."""
    arr = np.asarray(values, dtype="datetime64[D]")
    text = np.datetime_as_string(arr, unit="D")
    out = text.astype(object)
    out[np.isnat(arr)] = None
    return out.tolist()
