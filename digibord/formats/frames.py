"""The borderel's three frames (docs in digibord/formats/borderel.py) made from the reader's
column arrays, and the program's choice of pandas' string storage. The one module where the
reader's data becomes pandas, so that validating a file (`check`) never imports pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd

# The program's string storage, chosen once here (every module that makes frames imports this
# one: the reader, reconcile.common, synth): text columns are pandas' "str" dtype held as Python
# strings, never as Arrow strings, whether or not pyarrow happens to be installed. Measured on
# two 500 000-line months (docs/reader.md), Arrow storage made compute_diff, corrections and
# salary about twice as slow: each of them takes text columns out as Python objects.
pd.set_option("mode.string_storage", "python")

_MUTATION = np.array([f"{i:02d}" for i in range(100)], dtype=object)


def _obj(values: np.ndarray) -> np.ndarray:
    return values.astype(object)


def products_frame(*, product_code, product_kind, description, discount_bp,
                   line_number) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "product_code": _obj(product_code),
            "product_kind": _obj(product_kind),
            "description": _obj(description),
            "discount_bp": discount_bp,
            "line_number": line_number,
        }
    )


def insured_frame(*, relation_number, policyholder, role, employee_number, bsn, surname,
                  prefix, initials, name, birth_date, gender, start_date, end_date,
                  line_number) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "relation_number": relation_number,
            "policyholder": policyholder,
            "role": _obj(role),
            "employee_number": _obj(employee_number),
            "bsn": _obj(bsn),
            "surname": _obj(surname),
            "prefix": _obj(prefix),
            "initials": _obj(initials),
            "name": _obj(name),
            "birth_date": birth_date,
            "gender": _obj(gender),
            "start_date": start_date,
            "end_date": end_date,
            "line_number": line_number,
        }
    )


def lines_frame(*, relation_number, line_kind, premium_month, product_code, gross_cent,
                collective_discount_cent, other_discount_cent, net_cent, mutation_code,
                mutation_date, line_number) -> pd.DataFrame:
    """`mutation_code` as the numbers 0..99; the frame holds their two-digit text."""
    return pd.DataFrame(
        {
            "relation_number": relation_number,
            "line_kind": _obj(line_kind),
            "premium_month": premium_month,
            "product_code": _obj(product_code),
            "gross_cent": gross_cent,
            "collective_discount_cent": collective_discount_cent,
            "other_discount_cent": other_discount_cent,
            "net_cent": net_cent,
            "mutation_code": _MUTATION[mutation_code],
            "mutation_date": mutation_date,
            "line_number": line_number,
        }
    )
