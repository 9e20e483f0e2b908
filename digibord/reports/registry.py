"""The presentations of all reports, keyed by the type of the computed result: a renderer asks
`presentation_for(result)` and never tests a result's type itself."""

from __future__ import annotations

from digibord.reports import corrections, diff, insured, payroll_check, salary, trend
from digibord.reports.spec import Presentation

PRESENTATIONS: tuple[Presentation, ...] = (
    insured.PRESENTATION,
    corrections.PRESENTATION,
    diff.PRESENTATION,
    salary.PRESENTATION,
    payroll_check.PRESENTATION,
    trend.PRESENTATION, trend.OVERVIEW,
)
_BY_TYPE = {p.result_type: p for p in PRESENTATIONS}
_BY_NAME = {p.name: p for p in PRESENTATIONS}


class UnknownReport(TypeError):
    """A result no presentation is registered for: a bug of ours, not a user's mistake."""


def type_key(result: object) -> str:
    cls = type(result)
    return f"{cls.__module__}:{cls.__qualname__}"


def presentation_for(result: object) -> Presentation:
    try:
        return _BY_TYPE[type_key(result)]
    except KeyError:
        raise UnknownReport(type_key(result)) from None


def presentation_named(name: str) -> Presentation:
    return _BY_NAME[name]
