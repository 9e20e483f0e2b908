"""What a view shows of a report, handed to the renderers without them knowing the view: which
rows (positions in the report's rows frame, `Presentation.rows(result)`, in the view's order),
which columns (field keys, in the view's order) and whether the report's parts (the policy per
person, the employees not converted) come along.

The window makes one from its table (search, column filters, sort order, hidden columns);
the command line passes none, and then every renderer writes the report whole, as it always
did. A grouped report (per employee, per person) keeps its groups together: only which rows
are chosen counts there, and the groups follow in the order their first row is chosen."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class RowSelection:
    rows: np.ndarray | None = None  # positions, in the order shown; None: all, the report's order
    columns: tuple[str, ...] | None = None  # field keys in the order shown; None: the defaults
    parts: bool = True  # the report's further tables (Polis per verzekerde, Niet omgezet)

    def __post_init__(self) -> None:
        if self.rows is not None:
            object.__setattr__(self, "rows", np.ascontiguousarray(self.rows, dtype=np.int64))
        if self.columns is not None:
            object.__setattr__(self, "columns", tuple(self.columns))

    def count(self, total: int) -> int:
        """How many rows are chosen of a report with `total` rows."""
        return total if self.rows is None else len(self.rows)

    def is_subset(self, total: int) -> bool:
        """Fewer rows than the report has (a search or filter is on)."""
        return self.rows is not None and len(self.rows) < total


ALL = RowSelection()
