"""Crafting test files: take a sample borderel's lines and change fields by their layout name."""

from __future__ import annotations

from pathlib import Path

from digibord.formats.layout import load_layout


def sample_lines(samples_dir: Path, month: str = "02") -> list[bytes]:
    data = (samples_dir / f"2026-{month}_01.dat").read_bytes()
    return data.split(b"\r\n")[:-1]


def join(lines: list[bytes], end: bytes = b"\r\n") -> bytes:
    return end.join(lines) + end


def put(line: bytes, name: str, value: str | bytes) -> bytes:
    """Write `value` into field `name` of this record (padded/cut to the field's width)."""
    field = load_layout().field(line[:2].decode(), name)
    raw = value.encode("cp1252") if isinstance(value, str) else value
    raw = raw.ljust(field.length)[: field.length]
    return line[: field.start - 1] + raw + line[field.stop :]


def get(line: bytes, name: str) -> str:
    field = load_layout().field(line[:2].decode(), name)
    return line[field.start - 1 : field.stop].decode("cp1252")


def find(lines: list[bytes], record: str, pred=lambda line: True) -> int:
    """Index of the first record of this type for which pred(line) holds."""
    for i, line in enumerate(lines):
        if line[:2] == record.encode() and pred(line):
            return i
    raise LookupError(record)
