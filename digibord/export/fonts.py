"""The report font (the bundled DejaVu Sans and Sans Bold) and its metrics: one set of widths for
every surface a page is drawn on (the PDF, the printer, the preview), so that they all break
lines and place columns alike.

Widths are the font's advances without kerning (reportlab adds them up that way, and the
printer's QFont has kerning switched off to match)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from digibord.paths import resource

if TYPE_CHECKING:
    from collections.abc import Sequence

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
FILES = {FONT: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
ELLIPSIS = "…"


def font_file(font: str) -> Path:
    return resource("fonts", FILES[font])


@cache
def register_fonts() -> None:
    for name in FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_file(name))))


def width(text: str, font: str = FONT, size: float = 7.5) -> float:
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)


@cache
def _advance_table(font: str) -> np.ndarray:
    """Advance width (1/1000 em) of every BMP character of a registered TrueType font."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    table = np.full(0x10000, face.defaultWidth, dtype=np.float64)
    codes = np.fromiter((c for c in face.charWidths if c < 0x10000), dtype=np.int64)
    table[codes] = [face.charWidths[c] for c in codes.tolist()]
    return table


def text_widths(texts: Sequence[str] | np.ndarray, font: str = FONT,
                size: float = 7.5) -> np.ndarray:
    """Widths in points of many strings at once: all characters as one code point array,
    looked up, summed per string."""
    texts = [str(t) for t in texts]
    if not texts:
        return np.zeros(0)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    table = _advance_table(font)
    advances = table[np.minimum(codes, 0xFFFF)]
    sums = np.add.reduceat(np.r_[advances, 0.0], np.r_[0, np.cumsum(lengths)[:-1]])
    return np.where(lengths > 0, sums, 0.0) * size / 1000.0


@cache
def char_advances(font: str) -> list[float]:
    """`_advance_table` as a list, for code that measures one short text at a time."""
    return _advance_table(font).tolist()


def char_offsets(texts: Sequence[str] | np.ndarray, font: str = FONT,
                 size: float = 7.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For a surface that places every glyph itself: the characters of all `texts` as one
    code point array, each text's length, and each character's x in points from the start of
    its text (the advances before it, added up as `text_widths` does). `texts` are str."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    advances = _advance_table(font)[np.minimum(codes, 0xFFFF)]
    advances *= size / 1000.0
    before = np.empty(len(codes) + 1)  # x of each character from the very first
    before[0] = 0.0
    np.cumsum(advances, out=before[1:])
    starts = np.cumsum(lengths) - lengths
    offsets = before[:-1] - np.repeat(before[starts], lengths)
    return codes.astype(np.int64), lengths, offsets


def fit(text: str, room: float, font: str = FONT, size: float = 7.5) -> str:
    """`text`, shortened with '…' to fit `room` points."""
    if width(text, font, size) <= room:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if width(text[:mid] + ELLIPSIS, font, size) <= room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def wrap(text: str, room: float, font: str = FONT, size: float = 7.5) -> list[str]:
    """`text` broken into lines of at most `room` points at its spaces (a single word longer
    than the room is shortened, never run over the margin)."""
    words = text.split()
    if not words:
        return [""]
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if not line or width(candidate, font, size) <= room:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return [fit(x, room, font, size) for x in lines]


# Dutch compound headings break before their last part, with a hyphen (`Prolongatie-` /
# `maand`), as a typesetter would: a heading is set on two lines before anything is cut.
COMPOUND_TAILS = ("maand", "nummer", "datum", "premie", "bijdrage", "korting", "naam",
                  "soort", "code", "verzekerde")


def _breaks(text: str) -> list[tuple[str, str]]:
    """Every way to cut `text` into two lines: at a space, after a hyphen or a full stop
    inside a word; a heading of one word also before the tail of a Dutch compound (adding the
    hyphen)."""
    out = []
    for i, ch in enumerate(text):
        if ch == " ":
            out.append((text[:i], text[i + 1:]))
        elif ch in "-." and 0 < i < len(text) - 1 and text[i + 1] != " ":
            out.append((text[:i + 1], text[i + 1:]))
    if " " not in text.strip():
        lower = text.lower()
        for tail in COMPOUND_TAILS:
            at = len(text) - len(tail)
            if at >= 3 and lower.endswith(tail) and text[at - 1].isalpha():
                out.append((text[:at] + "-", text[at:]))
    return [(a.strip(), b.strip()) for a, b in out if a.strip() and b.strip()]


def two_lines(text: str, font: str = FONT, size: float = 7.5) -> tuple[list[str], float]:
    """The narrowest way to set `text` on at most two lines and its width (one line when no
    break makes it narrower)."""
    best, best_width = [text], width(text, font, size)
    for first, second in _breaks(text):
        w = max(width(first, font, size), width(second, font, size))
        if w < best_width - 0.01:
            best, best_width = [first, second], w
    return best, best_width
