"""Werknemersnummers filled in by the user where the borderel leaves them blank.

They live in the archive (encrypted, per collectivity, by relatienummer of the employee) and
are put into `insured.employee_number` of the employee (rol H) and of the partner and children
(P/K rows carry their employee's number). The file's own number always wins. The column
`employee_number_local` (bool) marks the numbers that came from here."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from digibord.formats.borderel import Borderel

LOCAL_COLUMN = "employee_number_local"


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
    return dataclasses.replace(borderel, insured=insured)


def apply_local_employee_numbers(borderel: Borderel, archive=None) -> Borderel:
    """The borderel with the locally filled werknemersnummers of its collectivity (from the
    user's archive unless `archive` is given). Creates no archive when there is none."""
    from digibord.archive.store import open_archive

    archive = archive if archive is not None else open_archive()
    local = (archive.local_employee_numbers(borderel.header.collectivity_number)
             if archive.exists() else {})
    return fill_employee_numbers(borderel, local)
