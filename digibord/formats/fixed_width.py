"""Fixed-width records as a matrix of characters, and the typed conversion of its columns.

A file is split into lines with numpy (no Python loop per line), then the record lines are laid
into an (n, 250) array of code units: bytes for cp1252 files, UCS-4 code points for the rare UTF-8
file whose text does not fit cp1252. Each field is then a column slice of that matrix, checked
and converted over all rows at once. Fields are read as text and converted explicitly; nothing
is guessed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digibord.formats.layout import RECORD_LENGTH, Field

SPACE, CR, LF, EOF_MARK = 32, 13, 10, 26
ZERO = 48
_CHUNK = 65536

# cp1252 -> Unicode code point for every byte; the five bytes cp1252 leaves undefined map to
# U+FFFD and are reported as encoding errors before anything is decoded.
_CP1252 = np.array(
    [ord(bytes([b]).decode("cp1252", errors="replace")) for b in range(256)], dtype=np.uint32
)
CP1252_UNDEFINED = np.array([0x81, 0x8D, 0x8F, 0x90, 0x9D], dtype=np.uint8)


@dataclass(frozen=True)
class Lines:
    """Where each physical line of the text starts and ends (end excludes CR LF)."""

    starts: np.ndarray  # int64
    ends: np.ndarray  # int64

    @property
    def lengths(self) -> np.ndarray:
        return self.ends - self.starts


def split_lines(units: np.ndarray, raw: bytes | None = None) -> Lines:
    """Line boundaries of `units` (LF or CR LF; the text after the last LF is a line too unless
    it is empty). `raw`, the same text as bytes, lets the common case skip a full scan."""
    regular = _regular_lines(units, raw)
    if regular is not None:
        return regular
    lf = np.flatnonzero(units == LF)
    starts = np.concatenate(([0], lf + 1))
    ends = np.concatenate((lf, [units.size]))
    if starts[-1] >= units.size:  # text ends with a line end: no last, empty line
        starts, ends = starts[:-1], ends[:-1]
    nonempty = ends > starts
    cr = np.zeros(ends.size, dtype=bool)
    cr[nonempty] = units[ends[nonempty] - 1] == CR
    return Lines(starts.astype(np.int64), (ends - cr).astype(np.int64))


def _regular_lines(units: np.ndarray, raw: bytes | None) -> Lines | None:
    """Lines of exactly 250 characters with the same line end throughout, as the insurer writes
    them: recognised by counting line ends (C speed) and checking where they stand (strided)."""
    if raw is None or units.dtype != np.uint8 or units.size < RECORD_LENGTH + 1:
        return None
    stride = RECORD_LENGTH + (2 if units[RECORD_LENGTH] == CR else 1)
    n = -(-units.size // stride)
    if units.size != n * stride - (stride - RECORD_LENGTH):  # the last line has no line end
        return None
    if raw.count(b"\n", 0, units.size) != n - 1:
        return None
    body = units[: (n - 1) * stride].reshape(n - 1, stride)
    if not (body[:, -1] == LF).all() or (
        stride == RECORD_LENGTH + 2 and not (body[:, -2] == CR).all()
    ):
        return None
    if stride == RECORD_LENGTH + 1 and (body[:, -2] == CR).any():
        return None  # 249 characters + CR LF: the CR is a line end, not a 250th character
    starts = np.arange(n, dtype=np.int64) * stride
    return Lines(starts, starts + RECORD_LENGTH)


def record_matrix(units: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """An (n, 250) array of the lines starting at `starts`, each cut or padded with spaces to 250.

    Files made by the insurer have every line exactly 250 long at a fixed stride: then this is a
    view, no copy. Otherwise (stripped trailing blanks, mixed line ends) it is gathered in chunks
    so that memory stays bounded."""
    n = starts.size
    if n == 0:
        return np.empty((0, RECORD_LENGTH), dtype=units.dtype)
    if np.all(lengths == RECORD_LENGTH):
        stride = int(starts[1] - starts[0]) if n > 1 else RECORD_LENGTH
        regular = n == 1 or bool(np.all(np.diff(starts) == stride))
        if regular and starts[0] + stride * (n - 1) + RECORD_LENGTH <= units.size:
            return np.lib.stride_tricks.as_strided(
                units[starts[0] :],
                shape=(n, RECORD_LENGTH),
                strides=(stride * units.itemsize, units.itemsize),
                writeable=False,
            )
    out = np.full((n, RECORD_LENGTH), SPACE, dtype=units.dtype)
    cols = np.arange(RECORD_LENGTH, dtype=np.int64)
    last = units.size - 1
    for lo in range(0, n, _CHUNK):  # bounded memory: one chunk of index arrays at a time
        s = starts[lo : lo + _CHUNK, None]
        inside = cols[None, :] < np.minimum(lengths[lo : lo + _CHUNK], RECORD_LENGTH)[:, None]
        idx = np.minimum(s + cols[None, :], last)
        out[lo : lo + _CHUNK] = np.where(inside, units[idx], SPACE)
    return out


def to_text(block: np.ndarray) -> np.ndarray:
    """Rows of code units -> numpy unicode strings with trailing spaces removed."""
    width = block.shape[1]
    points = _CP1252[block] if block.dtype == np.uint8 else block.astype(np.uint32)
    text = np.ascontiguousarray(points).view(f"<U{width}").reshape(-1)
    return np.strings.rstrip(text, " ")


def raw_text(block: np.ndarray) -> list[str]:
    """The literal text of a few rows (for messages), trailing spaces kept out."""
    return [str(t) for t in to_text(block)]


@dataclass
class Column:
    """One field of all records of one type: its value and where it failed."""

    field: Field
    values: np.ndarray
    empty: np.ndarray  # bool: the field holds no value (spaces, or zeros for dates/IDs)
    invalid: np.ndarray  # bool: the field does not fit its type
    problem: str = ""  # message key for `invalid`
    rows: np.ndarray | None = None  # the matrix rows the values belong to


def _digits(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Digit values (int64, garbage where not a digit) and whether every char is a digit."""
    d = block - block.dtype.type(ZERO)  # unsigned: anything below '0' wraps to a large value
    ok = (d <= 9).all(axis=1)
    return d, ok


def _horner(d: np.ndarray) -> np.ndarray:
    value = np.zeros(d.shape[0], dtype=np.int64)
    for k in range(d.shape[1]):  # one step per character column, over all rows at once
        value = value * 10 + d[:, k].astype(np.int64)
    return value


_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _valid_date(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    month_ok = (m >= 1) & (m <= 12)
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    days = _DAYS[np.where(month_ok, m, 0)] - ((m == 2) & ~leap)
    return month_ok & (d >= 1) & (d <= days) & (y >= 1)


def to_datetime64(y: np.ndarray, m: np.ndarray, d: np.ndarray, valid: np.ndarray) -> np.ndarray:
    years = np.where(valid, y - 1970, 0).astype("datetime64[Y]")
    months = years.astype("datetime64[M]") + np.where(valid, m - 1, 0).astype("timedelta64[M]")
    days = months.astype("datetime64[D]") + np.where(valid, d - 1, 0).astype("timedelta64[D]")
    out = days.astype("datetime64[s]")
    out[~valid] = np.datetime64("NaT")
    return out


def read_column(matrix: np.ndarray, rows: np.ndarray, field: Field) -> Column:
    """Convert one field of the given rows according to its layout type."""
    block = matrix[rows, field.start - 1 : field.stop]
    blank = (block == SPACE).all(axis=1)
    n = rows.size
    kind = field.type
    if kind in ("A", "F"):
        return Column(field, block, blank, np.zeros(n, dtype=bool))
    if kind == "S":
        sign = block[:, 0]
        d, ok = _digits(block[:, 1:])
        good_sign = (sign == ord("+")) | (sign == ord("-")) | (sign == SPACE)
        value = np.where(ok, _horner(d), 0)
        value = np.where(sign == ord("-"), -value, value)
        invalid = ~blank & ~(ok & good_sign)
        problem = "reader.bad_amount"
        return Column(field, value, blank, invalid, problem)
    d, ok = _digits(block)
    value = np.where(ok, _horner(d), 0)
    zero = ok & (value == 0)
    if kind == "N":
        return Column(field, value, blank, ~blank & ~ok, "reader.not_numeric")
    if kind == "ID":
        # all zeros means "unknown" only where the field may be empty (the BSN)
        empty = blank | (zero & (not field.required))
        return Column(field, block, empty, ~blank & ~ok, "reader.not_numeric")
    if kind == "M":
        y, m = value // 100, value % 100
        good = ok & (m >= 1) & (m <= 12) & (y >= 1)
        return Column(field, value, blank, ~blank & ~good, "reader.bad_month")
    if kind == "D":
        y, m, dd = value // 10000, value // 100 % 100, value % 100
        good = ok & _valid_date(y, m, dd)
        empty = blank | zero
        return Column(
            field, to_datetime64(y, m, dd, good), empty, ~empty & ~good, "reader.bad_date"
        )
    raise ValueError(f"unknown field type {kind}")
