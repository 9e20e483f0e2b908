"""Spreadsheet column names: 0 <-> `A`, 25 <-> `Z`, 26 <-> `AA` — the one place for the
journal reader, the window's journal preview and the xlsx writer."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def letter_number(letters: str) -> int:
    """`A` -> 0, `AA` -> 26 (the inverse of column_letter)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1
