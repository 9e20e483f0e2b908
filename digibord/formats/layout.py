"""Record layouts as data: `resources/layouts/borderel_v<NN>.csv` is the single place that says
where each field of each record type stands, its type, whether it is required and which values
it may take. The reader and the writer take every position from here."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from digibord.paths import resource

RECORD_LENGTH = 250
# A: text; N: unsigned number; ID: digits kept as text (identifiers, BSN); D: date YYYYMMDD;
# M: month YYYYMM; S: sign + digits, euro cents; F: filler (ignored).
FIELD_TYPES = ("A", "N", "ID", "D", "M", "S", "F")


@dataclass(frozen=True)
class Field:
    record: str
    start: int  # 1-based, inclusive
    length: int
    type: str
    label: str  # the spec's (Dutch) field name, shown in messages and JSON
    name: str  # the code name, column name in the frames
    required: bool
    allowed: tuple[str, ...]

    @property
    def stop(self) -> int:
        """0-based exclusive end, for slicing."""
        return self.start - 1 + self.length

    @property
    def position(self) -> str:
        return (
            f"{self.start}-{self.start + self.length - 1}" if self.length > 1 else str(self.start)
        )


@dataclass(frozen=True)
class Layout:
    version: str
    records: dict[str, tuple[Field, ...]]

    def field(self, record: str, name: str) -> Field:
        for f in self.records[record]:
            if f.name == name:
                return f
        raise KeyError(f"{record}.{name}")


@cache
def load_layout(version: str = "01") -> Layout:
    path = resource("layouts", f"borderel_v{version}.csv")
    records: dict[str, list[Field]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ftype = row["type"].strip()
            if ftype not in FIELD_TYPES:
                raise ValueError(f"{path}: field {row['field']}: unknown type {ftype!r}")
            field = Field(
                record=row["record"].strip(),
                start=int(row["start"]),
                length=int(row["length"]),
                type=ftype,
                label=row["field"].strip(),
                name=row["name"].strip(),
                required=row["required"].strip().lower() in ("yes", "ja", "true", "1"),
                allowed=tuple(row["allowed"].split()),
            )
            records.setdefault(field.record, []).append(field)
    return Layout(version, {k: tuple(sorted(v, key=lambda f: f.start)) for k, v in records.items()})


def supported_versions() -> tuple[str, ...]:
    return tuple(
        sorted(p.stem.rsplit("v", 1)[1] for p in resource("layouts").glob("borderel_v*.csv"))
    )
