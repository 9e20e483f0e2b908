"""Damaged borderels for fuzzing: a seeded mutator over the bytes of a `.dat` file.

Each mutant is one to three steps applied to a good file, drawn from OPERATORS: byte flips,
digit edits in amounts, dates and counts (the field positions come from the layout), deleted,
duplicated and swapped lines, truncation, inserted CR, LF, 0x1A, NUL and tab, changed record
types, cp1252 and UTF-8 edge bytes, long lines, edits of the `90` record, and one edit that
keeps the file valid (an amount changed on a `20` line with the trailer's totals changed to
match), so that some mutants are accepted with other numbers than the original.

The same seed gives the same mutants (`random.Random`, no global state). `tests/test_fuzz.py`
runs a few hundred in CI; `bench/fuzz.py` runs 100 000."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from digibord.formats.layout import Field, load_layout

# bytes a cp1252 reader must not take for characters, and UTF-8 that is broken or beyond cp1252
CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
EDGE_BYTES = (
    *CP1252_UNDEFINED, b"\x80", b"\xa0", b"\xff", b"\x00", b"\x7f", b"\x1b",
    b"\xc4\x9f",  # ğ: UTF-8 beyond cp1252 (two bytes for one character)
    b"\xe2\x82\xac",  # € in UTF-8
    b"\xf0\x9f\x98\x80",  # an emoji: four bytes
    b"\xc0\xaf",  # overlong '/'
    b"\xed\xa0\x80",  # a lone surrogate
    b"\xc3",  # a sequence cut off
    b"\xef\xbb\xbf",  # a byte order mark where it does not belong
    b"\xe2\x80\x99",  # ’ in UTF-8 (cp1252 has it as 0x92)
)
CONTROL = (b"\r", b"\n", b"\x1a", b"\x00", b"\t", b"\r\r\n", b"\r\n")
RECORD_TYPES = (b"01", b"05", b"10", b"20", b"90", b"99", b"00", b"2O", b" 2", b"\x002")
DIGIT_TYPES = ("S", "N", "D", "M", "ID")  # amounts, counts, dates, months, identifiers


@dataclass(frozen=True)
class Mutant:
    data: bytes
    steps: tuple[str, ...]  # what was done, in order, for a message that can be replayed


def _lines(data: bytes) -> list[bytes]:
    """The file as lines with their line ends kept (so joining gives the file back)."""
    return data.splitlines(keepends=True) or [data]


def _body(line: bytes) -> tuple[bytes, bytes]:
    text = line.rstrip(b"\r\n")
    return text, line[len(text):]


class Mutator:
    """Mutants of good borderels; `mutate(data)` returns one."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        layout = load_layout()
        self.fields: dict[bytes, tuple[Field, ...]] = {
            record.encode(): tuple(f for f in fields if f.type in DIGIT_TYPES)
            for record, fields in layout.records.items()}
        self.amounts = {f.name: f for f in layout.records["20"]}
        self.totals = {f.name: f for f in layout.records["90"]}

    def mutate(self, data: bytes, steps: int | None = None) -> Mutant:
        done = []
        for _ in range(steps or self.rng.choice((1, 1, 1, 2, 2, 3))):
            name = self.rng.choice(NAMES)
            data, what = OPERATORS[name](self, data)
            done.append(f"{name}: {what}")
        return Mutant(data, tuple(done))

    # ---- helpers -------------------------------------------------------------------------

    def _pick_line(self, lines: list[bytes], record: bytes | None = None) -> int | None:
        choices = [i for i, ln in enumerate(lines) if record is None or ln[:2] == record]
        return self.rng.choice(choices) if choices else None

    def _offset(self, data: bytes) -> int:
        return self.rng.randrange(len(data) + 1)

    # ---- operators -----------------------------------------------------------------------

    def flip(self, data: bytes) -> tuple[bytes, str]:
        if not data:
            return data, "empty"
        at = self.rng.randrange(len(data))
        bit = 1 << self.rng.randrange(8)
        return data[:at] + bytes([data[at] ^ bit]) + data[at + 1:], f"byte {at} ^ {bit:#04x}"

    def digit(self, data: bytes) -> tuple[bytes, str]:
        """One digit (or the sign) of an amount, count, date or month changed."""
        lines = _lines(data)
        i = self._pick_line(lines)
        if i is None:
            return data, "no line"
        body, end = _body(lines[i])
        fields = self.fields.get(body[:2], ())
        if not fields:
            return data, f"line {i + 1} has no number fields"
        f = self.rng.choice(fields)
        start, stop = f.start - 1, min(f.stop, len(body))
        if start >= stop:
            return data, f"line {i + 1} too short for {f.name}"
        at = self.rng.randrange(start, stop)
        old = body[at:at + 1]
        if old in (b"+", b"-"):
            new = self.rng.choice((b"+", b"-", b" ", b"0"))
        else:
            new = self.rng.choice((b"0", b"1", b"5", b"9", b" ", b"-", b"x"))
        lines[i] = body[:at] + new + body[at + 1:] + end
        return b"".join(lines), f"line {i + 1} {f.name} pos {at + 1} {old!r}->{new!r}"

    def delete(self, data: bytes) -> tuple[bytes, str]:
        lines = _lines(data)
        i = self.rng.randrange(len(lines))
        del lines[i]
        return b"".join(lines), f"line {i + 1}"

    def duplicate(self, data: bytes) -> tuple[bytes, str]:
        lines = _lines(data)
        i = self.rng.randrange(len(lines))
        line = lines[i] if lines[i].endswith(b"\n") else lines[i] + b"\r\n"
        lines.insert(self.rng.randrange(len(lines) + 1), line)
        return b"".join(lines), f"line {i + 1}"

    def swap(self, data: bytes) -> tuple[bytes, str]:
        lines = _lines(data)
        if len(lines) < 2:
            return data, "one line"
        i = self.rng.randrange(len(lines) - 1)
        j = i + 1 if self.rng.random() < 0.5 else self.rng.randrange(len(lines))
        bodies = [_body(lines[i]), _body(lines[j])]
        lines[i] = bodies[1][0] + bodies[0][1]
        lines[j] = bodies[0][0] + bodies[1][1]
        return b"".join(lines), f"lines {i + 1} and {j + 1}"

    def truncate(self, data: bytes) -> tuple[bytes, str]:
        at = self._offset(data)
        return data[:at], f"at {at}"

    def control(self, data: bytes) -> tuple[bytes, str]:
        at, what = self._offset(data), self.rng.choice(CONTROL)
        if self.rng.random() < 0.3:  # at the very end: after the 90, or inside a last line end
            at = len(data) - self.rng.choice((0, 0, 1, 2))
        return data[:at] + what + data[at:], f"{what!r} at {at}"

    def record_type(self, data: bytes) -> tuple[bytes, str]:
        lines = _lines(data)
        i = self.rng.randrange(len(lines))
        new = self.rng.choice(RECORD_TYPES)
        lines[i] = new + lines[i][2:]
        return b"".join(lines), f"line {i + 1} -> {new!r}"

    def edge_bytes(self, data: bytes) -> tuple[bytes, str]:
        at, what = self._offset(data), self.rng.choice(EDGE_BYTES)
        if self.rng.random() < 0.5 and at < len(data):  # in place of a byte (same length)
            return data[:at] + what + data[at + 1:], f"{what!r} for byte {at}"
        if self.rng.random() < 0.2:
            at = 0  # at the start: where a byte order mark would be
        return data[:at] + what + data[at:], f"{what!r} at {at}"

    def long_line(self, data: bytes) -> tuple[bytes, str]:
        lines = _lines(data)
        i = self.rng.randrange(len(lines))
        body, end = _body(lines[i])
        extra = self.rng.choice((1, 2, 250, 5000, 70000))
        fill = self.rng.choice((b" ", b"x", b"0"))
        lines[i] = body + fill * extra + end
        return b"".join(lines), f"line {i + 1} + {extra} x {fill!r}"

    def trailer(self, data: bytes) -> tuple[bytes, str]:
        """A count or total of the 90 record set to another value (sign, a cent, anything)."""
        lines = _lines(data)
        i = self._pick_line(lines, b"90")
        if i is None:
            return data, "no 90"
        f = self.rng.choice(tuple(f for f in self.totals.values() if f.type in ("N", "S")))
        body, end = _body(lines[i])
        old = body[f.start - 1:f.stop]
        if len(old) != f.length:
            return data, "90 too short"
        value = self._edited_number(old, f)
        lines[i] = body[:f.start - 1] + value + body[f.stop:] + end
        return b"".join(lines), f"{f.name} {old!r}->{value!r}"

    def _edited_number(self, old: bytes, f: Field) -> bytes:
        signed = f.type == "S"
        digits = f.length - 1 if signed else f.length
        try:
            value = int(old)
        except ValueError:
            value = 0
        choice = self.rng.randrange(5)
        if choice == 0:
            value += self.rng.choice((-1, 1))
        elif choice == 1:
            value = -value
        elif choice == 2:
            value = 10 ** digits - 1  # the largest the field holds
        elif choice == 3:
            value = 0
        else:
            value = self.rng.randrange(-(10 ** digits) + 1, 10 ** digits)
        if not signed:
            return str(abs(value)).zfill(digits)[-digits:].encode()
        sign = b"-" if value < 0 else b"+"
        return sign + str(abs(value)).zfill(digits)[-digits:].encode()

    def consistent(self, data: bytes) -> tuple[bytes, str]:
        """An amount of a `20` line changed with bruto and netto and the `90` totals alike: a
        valid file with other numbers (what the reports must then still reconcile to)."""
        lines = _lines(data)
        i = self._pick_line(lines, b"20")
        t = self._pick_line(lines, b"90")
        if i is None or t is None:
            return data, "no 20 or 90"
        body, end = _body(lines[i])
        gross, net = self.amounts["gross_cent"], self.amounts["net_cent"]
        kind = body[self.amounts["line_kind"].start - 1:self.amounts["line_kind"].stop]
        try:
            old_gross = int(body[gross.start - 1:gross.stop])
            old_net = int(body[net.start - 1:net.stop])
        except ValueError:
            return data, "amounts not numbers"
        delta = self.rng.choice((1, -1, 100, -100, 12345, -old_net))
        changes = [(gross, old_gross + delta), (net, old_net + delta)]
        tbody, tend = _body(lines[t])
        total = self.totals["total_prolongation_cent" if kind == b"P"
                           else "total_corrections_cent"]
        due = self.totals["total_due_cent"]
        try:
            old_total = int(tbody[total.start - 1:total.stop])
            old_due = int(tbody[due.start - 1:due.stop])
        except ValueError:
            return data, "90 not numbers"
        for f, value in changes:
            if abs(value) >= 10 ** (f.length - 1):
                return data, "out of range"
            body = body[:f.start - 1] + _signed(value, f.length) + body[f.stop:]
        for f, value in ((total, old_total + delta), (due, old_due + delta)):
            if abs(value) >= 10 ** (f.length - 1):
                return data, "out of range"
            tbody = tbody[:f.start - 1] + _signed(value, f.length) + tbody[f.stop:]
        lines[i], lines[t] = body + end, tbody + tend
        return b"".join(lines), f"line {i + 1} {kind!r} {delta:+d} cent, 90 alike"


def _signed(value: int, width: int) -> bytes:
    return (b"-" if value < 0 else b"+") + str(abs(value)).zfill(width - 1).encode()


OPERATORS: dict[str, Callable[[Mutator, bytes], tuple[bytes, str]]] = {
    "flip": Mutator.flip,
    "digit": Mutator.digit,
    "delete": Mutator.delete,
    "duplicate": Mutator.duplicate,
    "swap": Mutator.swap,
    "truncate": Mutator.truncate,
    "control": Mutator.control,
    "record_type": Mutator.record_type,
    "edge_bytes": Mutator.edge_bytes,
    "long_line": Mutator.long_line,
    "trailer": Mutator.trailer,
    "consistent": Mutator.consistent,
}
# draw weights: the valid edit more often, so that enough mutants are accepted
NAMES = tuple(name for name in OPERATORS for _ in range(3 if name == "consistent" else 1))


def mutants(seeds: list[bytes], count: int, seed: int) -> Iterator[tuple[int, Mutant]]:
    """`count` mutants, each of a seed file drawn in turn: (index of the seed, mutant)."""
    mutator = Mutator(seed)
    for n in range(count):
        k = n % len(seeds)
        yield k, mutator.mutate(seeds[k])
