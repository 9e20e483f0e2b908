"""Werknemersnummers filled in by the user where the borderel leaves them blank.

They live in the archive (one sealed JSON map per collectivity, relatienummer of the employee
-> number) and are put into `insured.employee_number` of the employee (rol H) and of the
partner and children (P/K rows carry their employee's number). The file's own number always
wins. The column `employee_number_local` (bool) marks the numbers that came from here."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass

import numpy as np
import pandas as pd

from digibord.archive import crypto
from digibord.archive.database import Database
from digibord.archive.entries import now
from digibord.archive.errors import ArchiveError, TamperedRecord
from digibord.archive.integrity import Integrity
from digibord.archive.keys import Keys
from digibord.archive.manifest import NUMBERS, blob_digest
from digibord.archive.records import Records
from digibord.formats.borderel import Borderel, month_text, relation_text
from digibord.i18n import tr

LOCAL_COLUMN = "employee_number_local"
EMPLOYEE_NUMBER_WIDTH = 15  # werknemersnummer is A(15) in the file


@dataclass(frozen=True)
class LocalEmployeeNumber:
    """A werknemersnummer the user filled in because the borderel left it blank."""

    relation_number: int
    employee_number: str
    set_at: str


def _aad(collectivity: str) -> bytes:
    return b"digibord-employee-numbers-v1\n" + collectivity.encode("utf-8")


def check_employee_number(text: str) -> str:
    """A werknemersnummer as the file could hold it: 1 to 15 printable characters."""
    value = text.strip()
    try:
        value.encode("cp1252")
    except UnicodeEncodeError:
        value = ""
    if not value or len(value) > EMPLOYEE_NUMBER_WIDTH or not value.isprintable():
        raise ArchiveError(tr("archive.employee.invalid", number=text,
                              width=EMPLOYEE_NUMBER_WIDTH))
    return value


def fill_employee_numbers(borderel: Borderel, local: dict) -> Borderel:
    """`local` maps relatienummer (int) to a werknemersnummer (str or LocalEmployeeNumber)."""
    insured = borderel.insured.copy()
    current = insured["employee_number"]
    mask = np.zeros(len(insured), dtype=bool)
    if local:
        numbers = pd.Series({int(rel): getattr(v, "employee_number", v)
                             for rel, v in local.items()}, dtype=object)
        # By policyholder: the employee's own row and those of the family in one go.
        found = insured["policyholder"].map(numbers)
        mask = (current.fillna("") == "").to_numpy() & found.notna().to_numpy()
        if mask.any():
            values = np.where(mask, found.fillna("").astype(object), current.astype(object))
            insured["employee_number"] = pd.Series(values, index=insured.index,
                                                   dtype=current.dtype)
    insured[LOCAL_COLUMN] = mask
    # the file's warning that an employee has no number no longer holds where the user
    # filled it in: said on every run it read as if the family could still not be converted
    filled = set(relation_text(insured["relation_number"].to_numpy()[mask]).tolist())
    warnings = tuple(w for w in borderel.warnings
                     if not (w.code == "reader.no_employee_number"
                             and dict(w.params).get("relation") in filled))
    return dataclasses.replace(borderel, insured=insured, warnings=warnings)


class EmployeeNumbers:
    """The `local_employee_numbers` table; checks against the latest month of `records`,
    and every change recorded in the manifest (`integrity`)."""

    def __init__(self, db: Database, keys: Keys, integrity: Integrity, records: Records):
        self.db = db
        self.keys = keys
        self.integrity = integrity
        self.records = records

    def _read(self, con: sqlite3.Connection, collectivity: str) -> dict[str, dict]:
        row = con.execute("SELECT nonce, ciphertext FROM local_employee_numbers "
                          "WHERE collectivity_number=?", (collectivity,)).fetchone()
        if row is None:
            return {}
        try:
            plain = crypto.unseal(self.keys.get(), row[0], row[1], _aad(collectivity))
        except crypto.InvalidTag:
            raise TamperedRecord(tr("archive.tampered_numbers", collectivity=collectivity,
                                    path=self.db.path)) from None
        return json.loads(plain)

    def get(self, collectivity: str) -> dict[int, LocalEmployeeNumber]:
        """The werknemersnummers filled in locally for a collectivity, by relatienummer."""
        with self.db.connect() as con:
            if con is None:
                return {}
            numbers = self._read(con, collectivity)
        return {int(rel): LocalEmployeeNumber(int(rel), v["employee_number"], v["set_at"])
                for rel, v in numbers.items()}

    def set(self, collectivity: str, relation_number: int, employee_number: str | None,
            check: bool = True) -> None:
        """Fill in (or with None: forget) the werknemersnummer of an employee whose borderel
        leaves it blank. With `check`, the latest month of the collectivity must hold this
        relatienummer as a hoofdverzekerde without a number, and no other employee may have
        the number already."""
        relation_number = int(relation_number)
        if employee_number is not None:
            employee_number = check_employee_number(employee_number)
        if check and employee_number is not None:
            self._check(collectivity, relation_number, employee_number)
        key = self.keys.get(create=True)
        with self.integrity.change(create=True) as work:
            con = work.con
            numbers = self._read(con, collectivity)
            rel = str(relation_number)
            if employee_number is None:
                if numbers.pop(rel, None) is None:
                    raise ArchiveError(tr("archive.employee.not_set", relation=relation_number,
                                          collectivity=collectivity))
            else:
                for other, value in numbers.items():
                    if other != rel and value["employee_number"] == employee_number:
                        raise ArchiveError(tr("archive.employee.taken", number=employee_number,
                                              relation=int(other)))
                numbers[rel] = {"employee_number": employee_number, "set_at": now()}
            work.changed = True
            if not numbers:
                con.execute("DELETE FROM local_employee_numbers WHERE collectivity_number=?",
                            (collectivity,))
                work.manifest.set_blob((NUMBERS, collectivity, ""), None)
                return
            plain = json.dumps(numbers, sort_keys=True).encode("utf-8")
            nonce, ciphertext = crypto.seal(key, plain, _aad(collectivity))
            con.execute("INSERT INTO local_employee_numbers VALUES(?, ?, ?, ?) "
                        "ON CONFLICT(collectivity_number) DO UPDATE SET "
                        "updated_at=excluded.updated_at, nonce=excluded.nonce, "
                        "ciphertext=excluded.ciphertext",
                        (collectivity, now(), nonce, ciphertext))
            work.manifest.set_blob((NUMBERS, collectivity, ""), blob_digest(nonce, ciphertext))

    def _check(self, collectivity: str, relation_number: int, employee_number: str) -> None:
        months = self.records.months(collectivity)
        if not months:
            raise ArchiveError(tr("archive.collectivity.unknown", number=collectivity,
                                  choices=", ".join(c.number for c in
                                                    self.records.collectivities())
                                  or tr("archive.none")))
        latest = months[-1]
        insured = self.records.parse(latest).insured
        mine = insured[insured["relation_number"] == relation_number]
        month = month_text(latest.prolongation_month)
        if mine.empty:
            raise ArchiveError(tr("archive.employee.unknown_relation",
                                  relation=relation_text(relation_number),
                                  month=month, collectivity=collectivity))
        if mine["role"].iloc[0] != "H":
            raise ArchiveError(tr("archive.employee.not_employee",
                                  relation=relation_text(relation_number),
                                  policyholder=relation_text(int(mine["policyholder"].iloc[0]))))
        if mine["employee_number"].iloc[0]:
            raise ArchiveError(tr("archive.employee.in_file",
                                  relation=relation_text(relation_number),
                                  number=mine["employee_number"].iloc[0], month=month))
        employees = insured[(insured["role"] == "H")
                            & (insured["employee_number"] == employee_number)]
        if not employees.empty:
            raise ArchiveError(tr("archive.employee.taken", number=employee_number,
                                  relation=int(employees["relation_number"].iloc[0])))
