"""The computations of reports.md, each into a frozen dataclass result that every renderer draws
from: insured_list (section 1), corrections (2), diff (3), salary (4), payroll_check (5); the
shared pieces in common."""
