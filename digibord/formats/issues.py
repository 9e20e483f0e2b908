"""Errors and warnings about an input file, as data; the words come from the message catalog."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from digibord.i18n import tr

_CONTROL = re.compile("[\x00-\x1f\x7f]")


def has_control(text: str) -> bool:
    """Whether `text` holds a control character (0x00-0x1F, 0x7F)."""
    return _CONTROL.search(text) is not None


def shown_text(text: str) -> str:
    """`text` as a person can read it: each control character written as `<0x0D>` (a CR or a
    BEL in the found text would otherwise move the cursor or show nothing at all)."""
    return _CONTROL.sub(lambda m: f"<0x{ord(m.group()):02X}>", text)


@dataclass(frozen=True)
class Issue:
    """One problem found in a file.

    `code` is the message key (`resources/translations/*.json`), `params` fill it in. `line` is
    the 1-based physical line in the file (None for problems of the file as a whole), `field`
    the field name as the spec writes it, `position` the 1-based inclusive columns ("59-69"),
    `text` what was found there."""

    code: str
    line: int | None = None
    field: str | None = None
    position: str | None = None
    text: str | None = None
    params: tuple[tuple[str, object], ...] = dc_field(default=())

    def message(self, lang: str | None = None) -> str:
        return tr(self.code, lang, **dict(self.params))

    def to_json(self, lang: str | None = None, with_text: bool = True) -> dict:
        out: dict = {"line": self.line, "field": self.field}
        if with_text:
            out["position"] = self.position
            out["text"] = self.text
        out["code"] = self.code
        out["message"] = self.message(lang)
        return out

    def describe(self, source: str, lang: str | None = None) -> str:
        """One line for a person: file, line, field and positions, what was found, message."""
        where = [source]
        if self.line is not None:
            where.append(tr("where.line", lang, line=self.line))
        if self.field:
            pos = (
                f" ({tr('where.positions', lang, position=self.position)})" if self.position else ""
            )
            where.append(tr("where.field", lang, field=self.field) + pos)
        found = ""
        if self.text is not None:
            found = " " + tr("where.found", lang, text=shown_text(self.text))
        return f"{', '.join(where)}: {self.message(lang)}{found}"


def issue(
    code: str,
    line: int | None = None,
    field: str | None = None,
    position: str | None = None,
    text: str | None = None,
    **params: object,
) -> Issue:
    return Issue(code, line, field, position, text, tuple(params.items()))


class InputRefused(Exception):
    """Input that the program refuses, with the problems that say why (no traceback shown)."""

    def __init__(
        self,
        source: str,
        errors: list[Issue],
        total: int | None = None,
        warnings: list[Issue] | None = None,
    ):
        self.source = source
        self.errors = list(errors)
        self.total = total if total is not None else len(self.errors)
        self.warnings = list(warnings or [])
        super().__init__(self.describe())

    def describe(self, lang: str | None = None) -> str:
        lines = [e.describe(self.source, lang) for e in self.errors]
        rest = self.total - len(self.errors)
        if rest > 0:
            lines.append(tr("errors.more", lang, count=rest))
        return "\n".join(lines)
