"""Fixed-width records: the lines of a text found with numpy, each record type's rows gathered
into one block, and the typed conversion of a block's columns.

The text is an array of code units: the file's bytes for cp1252 (a view, no copy), UCS-4 code
points for the rare UTF-8 file whose text does not fit cp1252. Lines of exactly 250 characters at
one stride, as the insurer writes them, are a strided (lines x 250) view; any other file is
scanned in windows of bounded size, so that memory stays proportional to the file whatever its
lines look like. A record type's rows are then copied once into a contiguous block as wide as
its last field, and every field is a column slice of that block, checked and converted over all
rows at once. Fields are read as text and converted explicitly; nothing is guessed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from digibord.formats.layout import RECORD_LENGTH, Field

SPACE, CR, LF, EOF_MARK = 32, 13, 10, 26
ZERO = 48
WINDOW = 1 << 20  # code units looked at a time where a whole pass would need a copy
ROWS = 8192  # rows gathered at a time from irregular lines: bounded index temporaries
CONVERT_ROWS = 32768  # rows converted at a time: the int64 temporaries stay in the cache

# cp1252 -> Unicode code point for every byte; the five bytes cp1252 leaves undefined map to
# U+FFFD and are reported as encoding errors before anything is decoded.
_CP1252 = np.array(
    [ord(bytes([b]).decode("cp1252", errors="replace")) for b in range(256)], dtype=np.uint32
)
CP1252_UNDEFINED = np.array([0x81, 0x8D, 0x8F, 0x90, 0x9D], dtype=np.uint8)
_SIGNS = np.zeros(256, dtype=bool)  # the bytes a sign may be: +, - and a space (positive)
_SIGNS[[ord("+"), ord("-"), SPACE]] = True
_POWERS = [10 ** np.arange(w - 1, -1, -1, dtype=np.int64) for w in range(19)]


class TooManyLines(Exception):
    """More non-blank lines than the memory budget allows (see `scan_lines`)."""


@dataclass(frozen=True)
class Lines:
    """The non-blank lines of a text: where each starts, its length (line end not counted, cut
    at nothing) and its physical line number; the blank lines only counted. `stride` is set
    when every line is 250 long at one stride: then `matrix` is a view of the whole text."""

    starts: np.ndarray  # int64
    lengths: np.ndarray  # int64
    numbers: np.ndarray  # int64, 1-based physical line numbers
    blank_numbers: np.ndarray  # int64: the first `listed` blank lines' numbers
    blank_total: int
    matrix: np.ndarray | None = None  # (physical lines, 250) view, when regular
    stride: int = 0
    first: np.ndarray | None = None  # (lines, 2): the first two characters, when regular


def scan_lines(units: np.ndarray, listed: int, max_lines: int) -> Lines:
    """The lines of `units` (LF or CR LF; the text has no line end after its last line): the
    insurer's regular files without a full scan. At most `max_lines` non-blank lines are kept;
    more raise TooManyLines before they are stored."""
    regular = _regular(units, listed)
    if regular is not None:
        return regular
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    blank_numbers: list[np.ndarray] = []
    blank_total = kept = 0
    line_start = 0  # where the line in progress starts
    nonspace_before = 0  # characters other than space and LF before `line_start`'s window
    start_count = 0  # of those, before `line_start`
    lines_before = 0  # physical lines ended before this window
    size = units.size
    for w0 in range(0, size, WINDOW):
        u = units[w0 : w0 + WINDOW]
        is_lf = u == LF
        lf = np.flatnonzero(is_lf)
        # count of characters that are neither space nor LF, up to each position: a line is
        # blank when it holds none (its CR, if any, subtracted)
        counted = np.cumsum((u != SPACE) & ~is_lf, dtype=np.int64)
        del is_lf
        ends = np.concatenate((lf, [u.size])) if w0 + u.size == size else lf
        if ends.size == 0:
            nonspace_before += int(counted[-1])
            continue
        at_end = np.where(ends > 0, counted[np.maximum(ends - 1, 0)], 0) + nonspace_before
        starts = np.empty(ends.size, dtype=np.int64)
        starts[0] = line_start
        starts[1:] = lf[: ends.size - 1] + w0 + 1
        start_counts = np.empty(ends.size, dtype=np.int64)
        start_counts[0] = start_count
        start_counts[1:] = at_end[:-1]
        g_ends = ends + w0
        length = g_ends - starts
        # CR LF ends a line; a CR at the very end of the text (no LF after it) is a character
        ended = length > 0
        if w0 + u.size == size:
            ended[-1] = False
        has_cr = np.zeros(ends.size, dtype=bool)
        has_cr[ended] = units[g_ends[ended] - 1] == CR
        length -= has_cr
        blank = (at_end - start_counts - has_cr) == 0
        numbers = np.arange(lines_before + 1, lines_before + 1 + ends.size, dtype=np.int64)
        n_blank = int(blank.sum())
        if n_blank:
            if blank_total < listed:
                blank_numbers.append(numbers[blank][: listed - blank_total])
            blank_total += n_blank
        keep = ~blank
        kept += ends.size - n_blank
        if kept > max_lines:
            raise TooManyLines
        parts.append((starts[keep], length[keep], numbers[keep]))
        lines_before += ends.size
        line_start = int(g_ends[-1]) + 1
        start_count = int(at_end[-1])
        nonspace_before += int(counted[-1])
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        parts = [(empty, empty, empty)]
    return Lines(
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        np.concatenate(blank_numbers) if blank_numbers else np.zeros(0, dtype=np.int64),
        blank_total,
    )


def _regular(units: np.ndarray, listed: int) -> Lines | None:
    """Lines of exactly 250 characters with the same line end throughout, as the insurer writes
    them: recognised by counting line ends (C speed) and checking where they stand (strided)."""
    if units.dtype != np.uint8 or units.size < RECORD_LENGTH + 1:
        return None
    stride = RECORD_LENGTH + (2 if units[RECORD_LENGTH] == CR else 1)
    n = -(-units.size // stride)
    if units.size != n * stride - (stride - RECORD_LENGTH):  # the last line has no line end
        return None
    if count_units(units, LF) != n - 1:
        return None
    # one strided read of the four bytes where two lines meet: the last two of a line (CR LF,
    # or its 250th character and LF) and the first two of the next (its record type)
    joints = np.ascontiguousarray(
        np.ndarray((n - 1,), dtype="<u4", buffer=units, offset=stride - 2, strides=(stride,))
    )
    if stride == RECORD_LENGTH + 2:
        if not ((joints & 0xFFFF) == CR | LF << 8).all():
            return None
    elif not ((joints >> 8 & 0xFF) == LF).all():
        return None
    elif ((joints & 0xFF) == CR).any():
        return None  # 249 characters + CR LF: the CR is a line end, not a 250th character
    first = np.empty((n, 2), dtype=np.uint8)
    first[0] = units[:2]
    first[1:, 0] = joints >> 16 & 0xFF
    first[1:, 1] = joints >> 24
    del joints
    matrix = np.lib.stride_tricks.as_strided(
        units, shape=(n, RECORD_LENGTH), strides=(stride, 1), writeable=False
    )
    # a line of 250 spaces is blank: only lines that start with a space can be
    cand = np.flatnonzero(first[:, 0] == SPACE)
    blank = np.zeros(n, dtype=bool)
    for lo in range(0, cand.size, ROWS):  # in chunks: a file may be all blank lines
        part = cand[lo : lo + ROWS]
        blank[part] = (matrix[part] == SPACE).all(axis=1)
    numbers = np.arange(1, n + 1, dtype=np.int64)
    keep = ~blank
    starts = np.arange(n, dtype=np.int64)[keep] * stride
    return Lines(
        starts,
        np.full(starts.size, RECORD_LENGTH, dtype=np.int64),
        numbers[keep],
        numbers[blank][:listed],
        int(blank.sum()),
        matrix,
        stride,
        first[keep] if cand.size else first,
    )


def count_units(units: np.ndarray, unit: int) -> int:
    """How many times `unit` occurs: one comparison per window (faster than bytes.count)."""
    return sum(
        int(np.count_nonzero(units[lo : lo + WINDOW] == unit))
        for lo in range(0, units.size, WINDOW)
    )


def cells(
    units: np.ndarray, lines: Lines, rows: np.ndarray | None, a: int, b: int
) -> np.ndarray:
    """Columns a..b-1 (0-based) of the given lines (None: all of them) as a (rows, b-a) block,
    padded with spaces where a line is shorter, cut at 250. A contiguous copy, except for all
    the lines of a regular file without blank lines: a view then."""
    if rows is None:
        if lines.matrix is not None and lines.starts.size == lines.matrix.shape[0]:
            return lines.matrix[:, a:b]
        rows = np.arange(lines.starts.size)
    rows = np.asarray(rows, dtype=np.int64)
    if lines.matrix is not None:
        # each line's columns as one opaque item: numpy copies whole items, not unit by unit
        items = np.ndarray(
            shape=(lines.matrix.shape[0],),
            dtype=f"V{b - a}",
            buffer=units,
            offset=a,
            strides=(lines.stride,),
        )
        return items[lines.starts[rows] // lines.stride].view(np.uint8).reshape(-1, b - a)
    n, width = rows.size, b - a
    out = np.empty((n, width), dtype=units.dtype)
    if n == 0 or width <= 0:
        return out
    cols = np.arange(a, b, dtype=np.int64)
    last = units.size - 1
    for lo in range(0, n, ROWS):  # bounded memory: one chunk of index arrays at a time
        part = rows[lo : lo + ROWS]
        inside = cols[None, :] < np.minimum(lines.lengths[part], RECORD_LENGTH)[:, None]
        idx = np.minimum(lines.starts[part][:, None] + cols[None, :], last)
        out[lo : lo + ROWS] = np.where(inside, units[idx], SPACE)
    return out


def all_in(
    units: np.ndarray, lines: Lines, rows: np.ndarray, a: int, b: int, allowed: np.ndarray
) -> np.ndarray:
    """Per row: every character of columns a..b-1 (padded with spaces) is in `allowed`."""
    out = np.zeros(rows.size, dtype=bool)
    for lo in range(0, rows.size, ROWS):
        block = cells(units, lines, rows[lo : lo + ROWS], a, b)
        out[lo : lo + ROWS] = np.isin(block, allowed).all(axis=1)
    return out


def _points(block: np.ndarray, odd=None) -> np.ndarray:
    """Code points of a block; `odd` (rows, columns, code points) puts back the characters
    that a UTF-8 file holds beyond cp1252 (see `to_cp1252`)."""
    if block.dtype == np.uint8:
        # cp1252 is ASCII below 0x80: a widening copy, the table only for the few bytes above
        points = block.astype(np.uint32)
        high = block >= 0x80
        if high.any():
            points[high] = _CP1252[block[high]]
    else:
        points = block.astype(np.uint32)
    if odd is not None:
        points[odd[0], odd[1]] = odd[2]
    return points


def to_text(block: np.ndarray, odd: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
            ) -> np.ndarray:
    """Rows of code units -> numpy unicode strings with trailing spaces removed."""
    width = block.shape[1]
    if block.dtype == np.uint8 and width > 1:
        # the spaces come off the bytes (a quarter of the code points' memory); both kinds
        # of numpy string leave the NULs in place of them out, so the texts are the same
        raw = np.ascontiguousarray(block).view(f"S{width}").reshape(-1)
        block = np.strings.rstrip(raw, b" ").astype(f"S{width}", copy=False)
        block = block.view(np.uint8).reshape(-1, width)
        return np.ascontiguousarray(_points(block, odd)).view(f"<U{width}").reshape(-1)
    text = np.ascontiguousarray(_points(block, odd)).view(f"<U{width}").reshape(-1)
    return np.strings.rstrip(text, " ")


def raw_text(block: np.ndarray, odd: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
             ) -> list[str]:
    """The literal text of a few rows (for messages), trailing spaces kept out."""
    return [str(t) for t in to_text(block, odd)]


def exact_text(block: np.ndarray, odd: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
               keep_spaces: bool = False) -> list[str]:
    """The text of a few rows exactly as found, control characters included (numpy's strings
    would silently drop a trailing NUL), trailing spaces kept out (with `keep_spaces` kept,
    unless the row is all spaces). Messages show each control character as `<0x00>`
    (issues.shown_text); JSON keeps the characters."""
    texts = ["".join(map(chr, points)) for points in _points(block, odd).tolist()]
    return [t if keep_spaces and t.strip(" ") else t.rstrip(" ") for t in texts]


# code point -> cp1252 byte; a character cp1252 lacks becomes 0x81, a byte that cp1252 leaves
# undefined and so never stands for a character: a UTF-8 file beyond cp1252 is read as bytes
# with such a mark where each odd character stands, its code point kept aside
ODD_MARK = 0x81
@cache
def _to_cp1252_table() -> np.ndarray:
    """Code point -> cp1252 byte, for every code point (1.1 MB: built when a UTF-8 file needs
    it, not at start-up)."""
    table = np.full(0x110000, ODD_MARK, dtype=np.uint8)
    defined = np.ones(256, dtype=bool)
    defined[CP1252_UNDEFINED] = False
    codes = np.flatnonzero(defined)  # not np.setdiff1d: np.unique would import numpy.ma
    table[_CP1252[codes]] = codes
    return table


def to_cp1252(points: np.ndarray) -> np.ndarray:
    """Code points as cp1252 bytes, ODD_MARK where cp1252 has no such character."""
    return _to_cp1252_table()[points]


def tail_text(units: np.ndarray, start: int, stop: int, limit: int,
              odd: tuple[np.ndarray, np.ndarray] | None = None) -> str:
    """`raw_text` of units[start:stop] cut to `limit` characters, without converting more than
    `limit` of them (the rest of a long line may be hundreds of megabytes). `odd`: positions
    and code points of the characters beyond cp1252."""
    end = _strip_end(units, start, stop, 0)
    end = _strip_end(units, start, end, SPACE)
    end = _strip_end(units, start, end, 0)
    stop = min(end, start + limit)
    points = _points(units[start:stop])
    if odd is not None:
        lo, hi = np.searchsorted(odd[0], [start, stop])
        points[odd[0][lo:hi] - start] = odd[1][lo:hi]
    return "".join(map(chr, points.tolist()))


def tail_of(units: np.ndarray, ends: tuple[int, ...]) -> int:
    """Where the run of `ends` units at the end of the text starts (windows from the end, the
    first small: the run is a line end or two)."""
    stop, window = units.size, 64
    while stop > 0:
        lo = max(0, stop - window)
        other = np.flatnonzero(~np.isin(units[lo:stop], ends))
        if other.size:
            return lo + int(other[-1]) + 1
        stop, window = lo, WINDOW
    return 0


def last_lone_cr(units: np.ndarray, start: int) -> int:
    """Position of the last CR at or after `start` that no LF follows (-1: none), looked for
    in windows from the end."""
    stop = units.size
    while stop > start:
        lo = max(start, stop - WINDOW)
        part = units[lo:stop]
        after = np.empty(part.size, dtype=bool)
        after[:-1] = part[1:] != LF
        after[-1] = stop == units.size or units[stop] != LF
        lone = np.flatnonzero((part == CR) & after)
        if lone.size:
            return lo + int(lone[-1])
        stop = lo
    return -1


def _strip_end(units: np.ndarray, start: int, stop: int, unit: int) -> int:
    """Where units[start:stop] ends once a run of `unit` at its end is taken off."""
    while stop > start:
        lo = max(start, stop - WINDOW)
        other = np.flatnonzero(units[lo:stop] != unit)
        if other.size:
            return lo + int(other[-1]) + 1
        stop = lo
    return start


def holds(units: np.ndarray, raw: bytes | None, start: int, stop: int, unit: int) -> bool:
    """Whether units[start:stop] holds `unit`, in windows (no temporary of the line's size)."""
    if raw is not None and units.dtype == np.uint8:
        return raw.find(bytes([unit]), start, stop) >= 0
    return any(
        bool((units[lo : min(lo + WINDOW, stop)] == unit).any())
        for lo in range(start, stop, WINDOW)
    )


@dataclass
class Column:
    """One field of all records of one type: its value and where it failed."""

    field: Field
    values: np.ndarray | None  # numbers, dates, or the field's cells (A, ID)
    empty: np.ndarray  # bool: the field holds no value (spaces, or zeros for dates/IDs)
    invalid: np.ndarray  # bool: the field does not fit its type
    problem: str = ""  # message key for `invalid`
    rows: np.ndarray | None = None  # the record rows the values belong to


class Block:
    """The rows of one record type as one contiguous (rows, width) array of code units, with
    each column's smallest and largest unit: a field whose columns all lie in '0'..'9' (or all
    at or above a space) is valid on every row without a test per row."""

    def __init__(self, units: np.ndarray) -> None:
        self.units = units
        self.n = units.shape[0]
        self.low = _column_reduce(np.minimum, units)
        self.high = _column_reduce(np.maximum, units)

    def read(self, field: Field, dates: bool = True) -> Column:
        """Convert one field according to its layout type. Without `dates`, a date column's
        values are left out (None): `check` never needs them."""
        a, b = field.start - 1, field.stop
        cells = self.units[:, a:b]
        low, high = self.low[a:b], self.high[a:b]
        n = self.n
        kind = field.type
        blank = _blank(cells, low, high)
        if kind in ("A", "F"):
            if n == 0 or int(low.min()) >= SPACE:
                invalid = np.zeros(n, dtype=bool)
            else:  # only spaces pad: a control character is never part of a text
                invalid = (cells < SPACE).any(axis=1)
            return Column(field, cells, blank, invalid, "reader.control_char")
        if kind == "S":
            ok, value = _digits(self.units, a + 1, b, low[1:], high[1:])
            sign = np.ascontiguousarray(cells[:, 0])  # one strided read, then compact
            good = ok
            if not (n and int(low[0]) == int(high[0]) == ord("+")):  # else all positive
                if sign.dtype == np.uint8:  # a look-up in a table of the 256 bytes
                    good = ok & _SIGNS[sign]
                else:  # wider units (this module takes them; the reader gives bytes)
                    good = ok & ((sign == ord("+")) | (sign == ord("-")) | (sign == SPACE))
                np.negative(value, out=value, where=sign == ord("-"))
            return Column(field, value, blank, ~blank & ~good, "reader.bad_amount")
        if kind == "ID":
            ok = _all_digits(cells, low, high)
            # all zeros means "unknown" only where the field may be empty (the BSN)
            empty = blank
            if not field.required:
                empty = blank | (_as_text(cells) == _zeros(cells))
            return Column(field, cells, empty, ~blank & ~ok, "reader.not_numeric")
        if kind == "N":
            ok, value = _digits(self.units, a, b, low, high)
            return Column(field, value, blank, ~blank & ~ok, "reader.not_numeric")
        if kind == "M":
            ok, value = _digits(self.units, a, b, low, high)
            m = value % 100
            good = ok & (m >= 1) & (m <= 12) & (value >= 100)  # year at least 1
            return Column(field, value, blank, ~blank & ~good, "reader.bad_month")
        if kind == "D":
            ok = _all_digits(cells, low, high)
            y, m, d, zeros = _date_parts(self.units, a, b)
            good = ok & _valid_date(y, m, d)
            empty = blank | zeros
            values = to_datetime64(y, m, d, good) if dates else None
            return Column(field, values, empty, ~empty & ~good, "reader.bad_date")
        raise ValueError(f"unknown field type {kind}")


def _column_reduce(ufunc, units: np.ndarray) -> np.ndarray:
    """Smallest (or largest) unit of each column over all rows. Rows are folded 64 at a time
    into one long row first: a reduction over few long rows is much faster than over many
    short ones."""
    n, width = units.shape
    if n == 0:
        return np.zeros(width, dtype=units.dtype)
    fold = 64
    whole = n - n % fold
    parts = []
    if whole:
        wide = units[:whole].reshape(whole // fold, fold * width)
        parts.append(ufunc.reduce(wide, axis=0).reshape(fold, width))
    if whole < n:
        parts.append(units[whole:])
    return ufunc.reduce(np.concatenate(parts), axis=0)


def _as_text(cells: np.ndarray) -> np.ndarray:
    """Each row's cells as one fixed-width byte string, whatever the code unit's size: equal
    rows are equal strings (one comparison per row)."""
    return cells.view(f"S{cells.shape[1] * cells.itemsize}").reshape(-1)


def _repeated(cells: np.ndarray, unit: int) -> bytes:
    """The byte string of a row of `unit`s, as `_as_text` sees it."""
    return np.full(cells.shape[1], unit, dtype=cells.dtype).tobytes()


def _zeros(cells: np.ndarray) -> bytes:
    return _repeated(cells, ZERO)


def _blank(cells: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Rows where the field holds only spaces: one string comparison per row."""
    n = cells.shape[0]
    if n == 0 or int(low.max()) > SPACE or int(high.min()) < SPACE:
        return np.zeros(n, dtype=bool)  # some column holds no space on any row
    return _as_text(cells) == _repeated(cells, SPACE)


def _all_digits(cells: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    n = cells.shape[0]
    if n == 0 or (int(low.min()) >= ZERO and int(high.max()) <= ZERO + 9):
        return np.ones(n, dtype=bool)
    d = cells - cells.dtype.type(ZERO)  # unsigned: anything below '0' wraps to a large value
    return (d <= 9).all(axis=1)


def _small(cells: np.ndarray) -> np.ndarray:
    """The number that up to four digit cells make, in int32 (garbage where not digits)."""
    value = cells[:, 0].astype(np.int32) - ZERO
    for k in range(1, cells.shape[1]):
        value = value * 10 + cells[:, k] - ZERO
    return value


def _digits(units: np.ndarray, a: int, b: int, low: np.ndarray, high: np.ndarray):
    """Whether every character of columns a..b-1 is a digit, and the number they make (0 where
    they do not), per chunk of rows (the temporaries stay in the cache): eight digits at a
    time in one uint64 word where the block allows it (see `_words`), else one integer
    matrix-vector product."""
    cells = units[:, a:b]
    ok = _all_digits(cells, low, high)
    value = np.empty(units.shape[0], dtype=np.int64)
    for lo in range(0, units.shape[0], CONVERT_ROWS):
        part = units[lo : lo + CONVERT_ROWS]
        words = _digit_words(part, a, b)
        value[lo : lo + CONVERT_ROWS] = _digit_product(part[:, a:b]) if words is None else words
    if not ok.all():
        value = np.where(ok, value, 0)
    return ok, value


def _digit_product(cells: np.ndarray) -> np.ndarray:
    powers = _POWERS[cells.shape[1]]
    return cells.astype(np.int64) @ powers - ZERO * int(powers.sum())


_U64 = np.uint64
_ZEROS8 = _U64(0x3030303030303030)  # eight ASCII '0'
_EVEN_PAIRS = _U64(0x000000FF000000FF)
_ALL = (1 << 64) - 1


def _words(units: np.ndarray, a: int, b: int) -> list[np.ndarray] | None:
    """The digits of columns a..b-1 of every row as digit values in uint64 words of eight
    lanes, most significant word first, the first digit of a word in its lowest byte and
    missing leading digits zero (what the SWAR conversion below expects). Each word is one
    unaligned 8-byte read per row straight from the block: ending at the word's last digit
    (the bytes before it masked off) or, near the block's start, starting at its first digit
    (the bytes after it shifted out). None where the block does not allow this: not bytes,
    not contiguous, or a field too wide or in too narrow a block. Rows that do not hold digits
    get garbage (callers mask them)."""
    n, width = units.shape
    if units.dtype != np.uint8 or not units.flags.c_contiguous or n == 0 or not 0 < b - a <= 16:
        return None
    words = []
    stop = b
    while stop > a:
        k = min(8, stop - a)  # digits in this word
        shift = _U64(8 * (8 - k))
        if stop >= 8:
            word = _row_word(units, stop - 8) & _U64(_ALL << (8 * (8 - k)) & _ALL)
        elif stop - k + 8 <= width:
            word = _row_word(units, stop - k) << shift
        else:
            return None
        word -= _ZEROS8 << shift
        words.append(word)
        stop -= k
    return words[::-1]


def _row_word(units: np.ndarray, offset: int) -> np.ndarray:
    """Bytes offset..offset+7 of every row of a contiguous block as one little-endian uint64:
    an unaligned strided view, which the first operation on it copies."""
    return np.ndarray((units.shape[0],), dtype="<u8", buffer=units, offset=offset,
                      strides=(units.shape[1],))


def _eight_digits(word: np.ndarray) -> np.ndarray:
    """Eight digit values (first digit in the lowest byte) -> their number: pairs, then the
    four pairs combined by two multiplications (the SWAR parse of eight digits). In place, with
    one temporary: `word` is spent (a chunk's temporaries then stay in the cache)."""
    other = word >> _U64(8)
    word *= _U64(10)
    word += other  # even bytes: 10 * d0 + d1, ...
    np.right_shift(word, _U64(16), out=other)
    other &= _EVEN_PAIRS
    other *= _U64(1 + (10000 << 32))
    word &= _EVEN_PAIRS
    word *= _U64(100 + (1000000 << 32))
    word += other
    word >>= _U64(32)
    return word


def _digit_words(units: np.ndarray, a: int, b: int) -> np.ndarray | None:
    """The number each row's digits a..b-1 make, as int64, eight digits per word (None: the
    block does not allow word reads)."""
    words = _words(units, a, b)
    if words is None:
        return None
    value = _eight_digits(words[0])
    for word in words[1:]:
        value *= _U64(10**8)
        value += _eight_digits(word)
    return value.view(np.int64)


def _date_parts(units: np.ndarray, a: int, b: int) -> tuple[np.ndarray, ...]:
    """Year, month and day (int32) of the yyyymmdd in columns a..b-1 (garbage where they are not
    digits), and where the field is all zeros: one word per row where the block allows it,
    else column by column."""
    n = units.shape[0]
    if b - a != 8 or _words(units[:1], a, b) is None:
        # worked on column by column: a compact copy keeps the digits in the cache
        digits = np.ascontiguousarray(units[:, a:b])
        zeros = _as_text(digits) == _zeros(digits)
        return _small(digits[:, :4]), _small(digits[:, 4:6]), _small(digits[:, 6:8]), zeros
    parts = (np.empty(n, np.int32), np.empty(n, np.int32), np.empty(n, np.int32),
             np.empty(n, bool))
    for lo in range(0, n, CONVERT_ROWS):  # per chunk: the temporaries stay in the cache
        for out, part in zip(parts, _date_words(units[lo : lo + CONVERT_ROWS], a, b),
                             strict=True):
            out[lo : lo + CONVERT_ROWS] = part
    return parts


def _date_words(units: np.ndarray, a: int, b: int) -> tuple[np.ndarray, ...]:
    """`_date_parts` of a chunk whose block allows the word read."""
    pairs = _words(units, a, b)[0]
    zeros = pairs == 0  # the eight bytes less eight '0's: zero exactly when all are '0'
    other = pairs >> _U64(8)
    pairs *= _U64(10)
    pairs += other  # even bytes: yy, yy, mm, dd
    year = pairs & _U64(0xFF)
    year *= _U64(100)
    np.right_shift(pairs, _U64(16), out=other)
    other &= _U64(0xFF)
    year += other
    month = (pairs >> _U64(32)) & _U64(0xFF)
    day = (pairs >> _U64(48)) & _U64(0xFF)
    return year, month, day, zeros


_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int32)


def _valid_date(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Whether (y, m, d) is a date; the leap year is worked out for 29 February only."""
    month_ok = (m >= 1) & (m <= 12)
    good = month_ok & (d >= 1) & (d <= _DAYS[np.where(month_ok, m, 0)]) & (y >= 1)
    feb29 = np.flatnonzero(good & (m == 2) & (d == 29))
    if feb29.size:
        yy = y[feb29]
        good[feb29] = ((yy % 4 == 0) & (yy % 100 != 0)) | (yy % 400 == 0)
    return good


def to_datetime64(y: np.ndarray, m: np.ndarray, d: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Valid (year, month, day) as datetime64[s], NaT elsewhere: days counted from the civil
    date in integer arithmetic (proleptic Gregorian, as numpy counts)."""
    y = np.where(valid, y, 1970).astype(np.int64)
    m = np.where(valid, m, 1).astype(np.int64)
    d = np.where(valid, d, 1).astype(np.int64)
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    out = (days * 86400).view("datetime64[s]")
    out[~valid] = np.datetime64("NaT")
    return out
