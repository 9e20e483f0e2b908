"""Validating borderel files (`digibord check`, the window's refusal dialog): every error and
warning of each file, also of a file that cannot be read. Kept apart from the other use cases
so that checking loads neither the archive nor the report renderers."""

from __future__ import annotations

from digibord.errors import read_reason
from digibord.formats.borderel import month_text
from digibord.formats.input_file import read_input
from digibord.formats.issues import InputRefused, issue
from digibord.formats.reader import ParseResult, parse_borderel


def check_file(path: str) -> ParseResult:
    """Every error and warning of one file; a valid one without frames (check needs none)."""
    try:
        data = read_input(path)
    except OSError as exc:
        error = issue("reader.cannot_read", reason=read_reason(exc))
        return ParseResult(path, None, [error], [], 1)
    except InputRefused as exc:  # a FIFO, too large, or plainly not a borderel
        return ParseResult(path, None, exc.errors, exc.warnings, exc.total)
    return parse_borderel(data, path, frames=False)


def check_json(results: list[ParseResult], lang: str | None = None) -> dict:
    """`check --json`: per file whether it is valid, its errors and warnings (docs/cli.md)."""
    files = []
    for r in results:
        entry = {
            "file": r.source,
            "valid": r.valid,
            "errors": [e.to_json(lang) for e in r.errors],
            "warnings": [w.to_json(lang) for w in r.warnings],
            "error_count": r.error_total,
        }
        if r.borderel is not None:
            h = r.borderel.header
            entry.update(collectiviteitsnummer=h.collectivity_number,
                         prolongatiemaand=month_text(h.prolongation_month),
                         volgnummer=h.sequence)
        files.append(entry)
    return {"files": files}
