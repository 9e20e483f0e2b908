"""Read a borderel `.dat` file (docs/format.md) into a `Borderel`, or say
precisely why not.

Every check runs over whole columns (numpy); only the few problems that are reported become
Python objects. All errors are collected (the first `MAX_LISTED` are listed, the rest counted),
so that one run tells the administrator everything that is wrong with a file. Validation needs
numpy only: pandas is imported when the frames are built, which `check` never asks for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from digibord.errors import read_reason
from digibord.formats import fixed_width as fw
from digibord.formats.borderel import Borderel, CheckedBorderel, Header, Trailer
from digibord.formats.input_file import read_input
from digibord.formats.issues import InputRefused, Issue, issue
from digibord.formats.layout import RECORD_LENGTH, Field, load_layout, supported_versions
from digibord.formats.packing import PACKED_WIDTH, packed_text
from digibord.formats.sniff import sniff
from digibord.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Callable

MAX_LISTED = 200
RANK = {1: 0, 5: 1, 10: 2, 20: 2, 90: 3}  # record order: 01, 05..., 10/20 mixed, 90
RANK_OF_TYPE = np.full(100, -1, dtype=np.int64)
RANK_OF_TYPE[list(RANK)] = list(RANK.values())
# By the two bytes of a line's start (first | second << 8): its record type (-1: not two
# digits), whether that type is known and its rank; index -1 (not digits) is the last entry.
_RECORD_TYPE = np.full(1 << 16, -1, dtype=np.int16)
for _d0 in range(10):
    for _d1 in range(10):
        _RECORD_TYPE[48 + _d0 | (48 + _d1) << 8] = _d0 * 10 + _d1
_KNOWN_TYPE = np.append(RANK_OF_TYPE >= 0, False)
_RANK = np.append(RANK_OF_TYPE, -1)
BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1], dtype=np.int64)
UTF8_BOM = b"\xef\xbb\xbf"
WHITE_SPACE = np.array([9, 11, 12, 13, 32, 0xA0])  # tab, VT, FF, CR, space, no-break space
_UNDEFINED = np.zeros(256, dtype=bool)
_UNDEFINED[fw.CP1252_UNDEFINED] = True
_HIGH_BITS = np.uint64(0x8080808080808080)
# Memory stays proportional to the file: more non-blank lines than one per 50 bytes, or record
# lines that padded to their last field would take more than twice the file, are not a
# borderel (its records are 250 characters; even stripped of trailing blanks they keep their
# fields). The slack lets any small file through.
BYTES_PER_LINE = 50
PADDED_FACTOR = 2
SLACK_LINES = 1 << 20
SLACK_BYTES = 1 << 26
UTF8_CHUNK = 1 << 22  # bytes of UTF-8 decoded at a time


@dataclass
class ParseResult:
    source: str
    borderel: Borderel | CheckedBorderel | None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    error_total: int = 0

    @property
    def valid(self) -> bool:
        return self.borderel is not None

    def refusal(self) -> InputRefused:
        return InputRefused(self.source, self.errors, self.error_total, self.warnings)


@dataclass
class _BadUtf8:
    """Bytes that are not UTF-8 found so far: the lines they are on (`count`), the last of
    them, and the lines before byte `offset` (counted up to the last piece that had some)."""

    count: int = 0
    last_line: int = -1
    offset: int = 3  # after the byte order mark
    lines: int = 0


class _Stop(Exception):
    """The file cannot be read any further (not a borderel, unsupported layout, ...)."""


class _Problems:
    """Collects issues; lists at most MAX_LISTED of each kind, counts all."""

    def __init__(self) -> None:
        self.items: list[Issue] = []
        self.total = 0

    def add(self, item: Issue) -> None:
        self.total += 1
        if len(self.items) < MAX_LISTED * 4:
            self.items.append(item)

    def ordered(self) -> list[Issue]:
        return sorted(self.items, key=lambda i: i.line or 0)[:MAX_LISTED]


def read_borderel(path: str | Path) -> Borderel:
    """The borderel in `path`; raises InputRefused (with every problem) when it cannot be opened."""
    path = Path(path)
    # no name here holds the bytes: the parser lets them go before it builds the frames
    result = parse_borderel(_file_bytes(path), str(path))
    if result.borderel is None:
        raise result.refusal()
    return result.borderel


def _file_bytes(path: Path) -> bytes:
    try:
        return read_input(path)
    except OSError as exc:
        raise InputRefused(
            str(path), [issue("reader.cannot_read", reason=read_reason(exc))]
        ) from None


def parse_borderel(
    data: bytes, source: str = "", progress: Callable[[float], None] | None = None,
    frames: bool = True
) -> ParseResult:
    """Parse and validate `data`. `progress(fraction)`, when given, is called between stages
    with a number from 0 to 1 (the window's progress bar). With `frames=False` a valid file
    gives a `CheckedBorderel` (header, trailer, warnings; no frames): what `check` needs, with
    exactly the same errors and warnings, without building (or importing) pandas frames."""
    parser = _Parser(data, source, progress, frames)
    del data  # the parser's reference is the last one a caller like read_borderel leaves
    try:
        borderel = parser.run()
    except _Stop:
        borderel = None
    errors = parser.errors.ordered()
    warnings = parser.warnings.ordered()
    if parser.errors.total:
        borderel = None
    elif borderel is not None:
        borderel = replace(borderel, warnings=tuple(warnings))
    return ParseResult(source, borderel, errors, warnings, parser.errors.total)


class _Parser:
    def __init__(self, data: bytes, source: str, progress=None, frames: bool = True) -> None:
        self.progress = progress or (lambda fraction: None)
        self.data = data
        self.source = source
        self.frames = frames
        self.errors = _Problems()
        self.warnings = _Problems()
        self.encoding = "cp1252"
        self.raw: bytes | None = None  # the file's bytes that `units` views (not for UTF-8)
        self.odd = None  # (positions, code points) of characters beyond cp1252 (UTF-8)
        self.tail_marks = 0  # 0x1A bytes taken off the end of the file
        self.body_end: list[int] = []  # the units after the last line: its line end

    # -- helpers ---------------------------------------------------------------------------
    def refuse(self, *args, **params) -> None:
        """The file is not a borderel of a layout we know: say only that (a long line or a
        stray byte found on the way would be noise) and stop."""
        self.errors = _Problems()
        self.error(*args, **params)
        raise _Stop

    def error(
        self,
        code: str,
        line: int | None = None,
        fld: Field | None = None,
        text: str | None = None,
        **params: object,
    ) -> None:
        self.errors.add(
            issue(
                code,
                line,
                fld.label if fld else None,
                fld.position if fld else None,
                text,
                **params,
            )
        )

    def cells(self, rows: np.ndarray, a: int, b: int) -> np.ndarray:
        """Columns a..b-1 of the given record rows, padded with spaces."""
        return fw.cells(self.units, self.lines, rows, a, b)

    def _odd_in(self, rows: np.ndarray, a: int, width: int):
        """(row in block, column, code point) of the characters beyond cp1252 in columns
        a..a+width-1 of the given (increasing) rows, or None."""
        if self.odd is None or len(rows) == 0:
            return None
        positions, points = self.odd
        starts = self.lines.starts[rows] + a
        i = np.searchsorted(starts, positions, side="right") - 1
        at = np.maximum(i, 0)
        col = positions - starts[at]
        limit = np.minimum(self.lines.lengths[rows], RECORD_LENGTH) - a
        inside = (i >= 0) & (col < width) & (col < limit[at])
        return i[inside], col[inside], points[inside]

    def text(self, col: fw.Column) -> np.ndarray:
        """A text column's values as strings (trailing spaces off)."""
        odd = self._odd_in(col.rows, col.field.start - 1, col.field.length)
        return fw.to_text(col.values, odd)

    def raw_text(self, rows: np.ndarray, a: int, b: int) -> list[str]:
        return fw.raw_text(self.cells(rows, a, b), self._odd_in(rows, a, b - a))

    def field_errors(self, code, mask, rows, fld, params_of=None, **params) -> None:
        """One error per row where `mask` holds, naming the field and what stands in it."""
        self._report(self.errors, code, mask, rows, fld, params_of, params)

    def field_warnings(self, code, mask, rows, fld, params_of=None, **params) -> None:
        self._report(self.warnings, code, mask, rows, fld, params_of, params)

    def _report(
        self,
        target: _Problems,
        code: str,
        mask: np.ndarray,
        rows: np.ndarray,
        fld: Field,
        params_of,
        params: dict,
    ) -> None:
        bad = np.flatnonzero(mask)
        if bad.size == 0:
            return
        target.total += max(0, bad.size - MAX_LISTED)  # counted, not listed
        shown = bad[:MAX_LISTED]
        found = self.cells(rows[shown], fld.start - 1, fld.stop)
        odd = self._odd_in(rows[shown], fld.start - 1, fld.length)
        # exactly as found: numpy's strings would drop a trailing NUL (a BSN '39083016<0x00>'
        # shown as '39083016', "only digits expected"); only text pads with spaces, so in a
        # field of digits, a date or an amount a trailing space is shown too ('0 ' for a
        # mutatiecode), unless the field is all spaces
        texts = fw.exact_text(found, odd, keep_spaces=fld.type != "A")
        for i, text in zip(shown, texts, strict=True):
            extra = params_of(i) if params_of else {}
            target.add(
                issue(
                    code,
                    int(self.line_no[rows[i]]),
                    fld.label,
                    fld.position,
                    text,
                    **params,
                    **extra,
                )
            )

    # -- stages ----------------------------------------------------------------------------
    def run(self) -> Borderel | CheckedBorderel | None:
        # fractions: roughly the share of the time each stage takes on a large file
        units = self.decode()
        self.split(units)
        del units  # self.units, until the frames are built
        self.progress(0.15)
        self.check_structure()
        header = self.read_header()
        self.layout = load_layout(header["layout_version"])
        self.check_bytes()
        cols = {}
        for fraction, rt in ((0.2, "05"), (0.45, "10"), (0.6, "20"), (0.6, "90")):
            cols[rt] = self.read_fields(rt)
            self.progress(fraction)
        self.check_products(cols["05"])
        self.check_insured(cols["10"])
        self.check_lines(cols["20"], cols["05"], cols["10"], header)
        self.check_trailer(cols["90"], cols["10"], cols["20"])
        self.progress(0.7)
        if self.errors.total:
            return None
        if self.frames:
            self._release_text()
            borderel = self.build(header, cols)
        else:
            borderel = self.checked(header, cols)
        self.progress(1.0)
        return borderel

    def _release_text(self) -> None:
        """The checks are done and the frames come from the gathered blocks: the file's text
        (its bytes, or the decoded units, and the line matrix viewing them) is freed before the
        frames take their memory, when the caller keeps no reference (read_borderel): a
        500 000-line file's peak is then its frames', not its frames' plus its bytes."""
        self.data = self.raw = self.units = None
        self.lines = replace(self.lines, matrix=None, first=None)

    def decode(self) -> np.ndarray:
        data = self.data
        kind = sniff(data) if data else None
        if kind:
            self.error("reader.looks_like", kind=_kind_name(kind))
            raise _Stop
        if data.startswith(UTF8_BOM):
            self.encoding = "utf-8"
            self.warnings.add(issue("reader.utf8_bom"))
            return self._decode_utf8()
        # a view on the file's bytes, no copy: a 500 000-line file is 126 MB
        self.raw = data
        units = np.frombuffer(data, dtype=np.uint8)
        return units[: self._body_end(units)]

    def _decode_utf8(self) -> np.ndarray:
        """Text after a UTF-8 byte order mark, as cp1252 bytes with the same positions (the
        fast byte path): a character that cp1252 lacks (ğ) becomes fw.ODD_MARK there, its code
        point kept aside in `self.odd` and put back wherever text is taken out. Decoded in
        pieces cut at line ends, so that no copy of the whole text is held as a string. Bytes
        that are not UTF-8 are an error (the first run of a line, as for cp1252) and read as
        "replace" reads them (U+FFFD), so that the rest of the file is still checked."""
        data = self.data
        view = memoryview(data)
        units = np.empty(len(data) - 3 - _continuation_bytes(data), dtype=np.uint8)
        at, odd_at, odd_points = 0, [], []
        seen = _BadUtf8()
        for a, b in _utf8_pieces(data):
            try:
                text = str(view[a:b], "utf-8")
            except UnicodeDecodeError:
                text = self._bad_utf8(view[a:b], a, seen)
            try:
                part = np.frombuffer(text.encode("cp1252"), dtype=np.uint8)
            except UnicodeEncodeError:  # beyond cp1252: by code points, for this piece only
                points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
                part = fw.to_cp1252(points)
                odd = np.flatnonzero(part == fw.ODD_MARK)
                odd_at.append(odd + at)
                odd_points.append(points[odd])
            if at + part.size > units.size:  # a lone continuation byte became a character
                grown = np.empty(max(at + part.size, units.size + units.size // 8), np.uint8)
                grown[:at] = units[:at]
                units = grown
            units[at : at + part.size] = part
            at += part.size
        self.errors.total += max(0, seen.count - MAX_LISTED)
        if odd_at:
            self.odd = (np.concatenate(odd_at), np.concatenate(odd_points))
        return units[: self._body_end(units[:at])]

    def _bad_utf8(self, piece: memoryview, offset: int, seen: _BadUtf8) -> str:
        """`piece` (the bytes from `offset` on) as text, read as Python's "replace" reads bytes
        that are not UTF-8 (a U+FFFD per maximal part that is no character: one per byte of a
        cp1252 file, one for a character cut off); the first run of such bytes on each line
        an error, naming the line, its column in characters (as every other position counts:
        what comes before it on the line is read alike either way) and the field it stands
        in (the record type is the line's first two characters). Found with numpy on the
        piece as `surrogateescape` reads it (each bad byte one character U+DC80..U+DCFF);
        lines counted on from the last piece that had some: linear in the file."""
        seen.lines += self.data.count(b"\n", seen.offset, offset)
        seen.offset = offset
        escaped = str(piece, "utf-8", "surrogateescape")
        points = np.frombuffer(escaped.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        bad = np.flatnonzero((points >= 0xDC80) & (points <= 0xDCFF))
        if not len(bad):  # (the strict reading failed, so there is one)
            return escaped
        ends = np.flatnonzero(points == fw.LF)
        line = seen.lines + 1 + np.searchsorted(ends, bad)  # the file's line of each bad byte
        first = np.flatnonzero(np.r_[line[0] != seen.last_line, line[1:] != line[:-1]])
        room = max(0, MAX_LISTED - seen.count)
        seen.count += len(first)
        seen.last_line = int(line[-1])
        records = load_layout().records
        for i in first[:room].tolist():
            at = int(bad[i])
            stop = at + 1
            while stop < len(points) and 0xDC80 <= points[stop] <= 0xDCFF:
                stop += 1
            line_start = escaped.rfind("\n", 0, at) + 1
            column = at - line_start + 1
            rtype = escaped[line_start : min(line_start + 2, at)]
            # a line of no known type: its first two characters are still its recordsoort
            fields = records.get(rtype, records["01"][:1])
            fld = next((f.label for f in fields if f.start <= column < f.start + f.length), None)
            shown = " ".join(f"0x{int(p) - 0xDC00:02X}" for p in points[at:stop])
            self.errors.add(issue("reader.bad_utf8", int(line[i]), fld, str(column), shown))
        return str(piece, "utf-8", "replace")

    def _body_end(self, units: np.ndarray) -> int:
        """Where the text ends once the line ends (CR LF or LF) and the DOS end-of-file byte
        that may follow the 90 record are taken off (at most one 0x1A; more is an error). A CR
        not followed by LF is a character of the last line, as of any other."""
        tail = fw.tail_of(units, (fw.CR, fw.LF, fw.EOF_MARK))
        # the last CR that no LF follows belongs to the last line, with everything before it
        end = max(tail, fw.last_lone_cr(units, tail) + 1)
        marks = fw.count_units(units[end:], fw.EOF_MARK)
        self.tail_marks = marks
        self.body_end = units[end : end + 2].tolist()  # the last line's own line end
        if marks > 1:
            self.error("reader.eof_marks", count=marks)
        if end == 0:
            self.error("reader.empty")
            raise _Stop
        return end

    def _ends_cr_cr_lf(self, units: np.ndarray, stop: int) -> bool:
        """Whether the line whose characters end at `stop` (in the body `units`) ends CR CR
        LF: its last character a CR, then the line end CR LF."""
        after = units[stop : stop + 2].tolist() if stop < units.size else self.body_end
        return int(units[stop - 1]) == fw.CR and after == [fw.CR, fw.LF]

    def split(self, units: np.ndarray) -> None:
        raw = self.raw
        try:
            lines = fw.scan_lines(units, MAX_LISTED, SLACK_LINES + units.size // BYTES_PER_LINE)
        except fw.TooManyLines:
            self.refuse("reader.short_lines")
        for number in lines.blank_numbers.tolist():
            self.warnings.add(issue("reader.blank_line", number))
        self.warnings.total += max(0, lines.blank_total - MAX_LISTED)
        if lines.starts.size == 0:
            self.error("reader.empty")
            raise _Stop
        self.units = units
        self.lines = lines
        self.line_no = lines.numbers
        starts, lens = lines.starts, lines.lengths
        long_rows = np.flatnonzero(lens > RECORD_LENGTH)
        self.errors.total += max(0, long_rows.size - MAX_LISTED)
        for r in long_rows[:MAX_LISTED].tolist():
            start, stop = int(starts[r]) + RECORD_LENGTH, int(starts[r] + lens[r])
            # only the first characters become text: the line may be hundreds of megabytes
            text = fw.tail_text(units, start, stop, 40, self.odd)
            if self._ends_cr_cr_lf(units, stop):  # one CR too many before the line end
                code = "reader.line_too_long_crcrlf"
            elif fw.holds(units, raw, start, stop - 1, fw.CR):
                # CR alone as line end (old Mac): the whole file reads as one long line
                code = "reader.line_too_long_cr"
            else:
                code = "reader.line_too_long"
            self.errors.add(
                issue(
                    code,
                    int(self.line_no[r]),
                    None,
                    _span(RECORD_LENGTH + 1, int(lens[r])),
                    text,
                    length=int(lens[r]),
                    expected=RECORD_LENGTH,
                )
            )

    def check_bytes(self) -> None:
        """Bytes that cp1252 leaves undefined: the first of each line, with the field it is in
        and its own column."""
        units, raw = self.units, self.raw
        if self.encoding == "utf-8":
            return  # decoded from UTF-8: every character is valid
        size = units.size
        if raw.isascii():
            return  # no byte above 0x7F at all: one scan at C speed
        starts = self.lines.starts
        listed: list[tuple[int, int]] = []  # (row, position) of the first bad byte of a row
        rows_total, last_row = 0, -1
        for w0 in range(0, size, fw.WINDOW):
            bad = _undefined_at(units[w0 : w0 + fw.WINDOW]) + w0
            if bad.size == 0:
                continue
            row = np.searchsorted(starts, bad, side="right") - 1
            _, first = np.unique(row, return_index=True)
            if row[first[0]] == last_row:  # that row's first bad byte was in the last window
                first = first[1:]
            last_row = int(row[-1])
            rows_total += first.size
            room = MAX_LISTED - len(listed)
            listed += zip(row[first[:room]].tolist(), bad[first[:room]].tolist(), strict=True)
        self.errors.total += max(0, rows_total - MAX_LISTED)
        for r, at in listed:
            col = at - int(starts[r]) + 1
            self.errors.add(
                issue(
                    "reader.bad_byte",
                    int(self.line_no[r]),
                    self._field_at(r, col),
                    str(col),
                    f"0x{int(units[at]):02X}",
                )
            )

    def _field_at(self, row: int, col: int) -> str | None:
        """The spec's name of the field at 1-based column `col` of record row `row`."""
        # a line of no known type: its first two characters are still its recordsoort
        fields = self.layout.records.get(fw.raw_text(self.cells(np.array([row]), 0, 2))[0],
                                         self.layout.records["01"][:1])
        return next((f.label for f in fields if f.start <= col < f.start + f.length), None)

    def check_structure(self) -> None:
        n = self.lines.starts.size
        idx = np.arange(n)
        first = self.lines.first if self.lines.first is not None else self.cells(None, 0, 2)
        if first.dtype == np.uint8:  # both characters at once through a table
            rtype = _RECORD_TYPE[first[:, 0] | first[:, 1].astype(np.uint16) << 8]
        else:
            d0, d1 = first[:, 0].astype(np.int64) - 48, first[:, 1].astype(np.int64) - 48
            digits = (d0 >= 0) & (d0 <= 9) & (d1 >= 0) & (d1 <= 9)
            rtype = np.where(digits, d0 * 10 + d1, -1).astype(np.int16)
            del d0, d1, digits
        rec_field = load_layout().records["01"][0]  # recordsoort, positions 1-2 in every layout
        if rtype[0] != 1:
            # "not a borderel at all" belongs to the file, not to a line (spec): no line number
            found = self.raw_text(np.array([0]), 0, 2)[0]
            self.refuse("reader.no_header", None, rec_field, found)
        known = _KNOWN_TYPE[rtype]
        self._check_padding(rtype, known)
        trailer = np.flatnonzero(rtype == 90)
        end = int(trailer[0]) if trailer.size else n
        # the one 0x1A the spec allows after the 90 may stand on a line of its own with a blank
        # line after it (which is what keeps it from being taken off the end of the file)
        eof = np.zeros(n, dtype=bool)
        cand = end + 1 + np.flatnonzero(first[end + 1 :, 0] == fw.EOF_MARK)
        eof[cand] = fw.all_in(self.units, self.lines, cand, 1, RECORD_LENGTH, [fw.SPACE])
        marks = int(eof.sum())
        if marks and marks + self.tail_marks > 1 and self.tail_marks <= 1:
            self.error("reader.eof_marks", count=marks + self.tail_marks)
        known |= eof  # not a record: the lines below pass it by
        unknown = np.flatnonzero(~known)
        # a line of tabs (or other white space) is not blank in the spec's sense, which allows
        # only spaces; say so rather than "unknown record type" for what looks empty
        white = np.zeros(n, dtype=bool)
        # (not np.isin of nothing: it would sort, and np.unique imports numpy.ma)
        cand = unknown[np.isin(first[unknown, 0], WHITE_SPACE)] if unknown.size else unknown
        white[cand] = fw.all_in(self.units, self.lines, cand, 0, RECORD_LENGTH, WHITE_SPACE)
        self.field_errors("reader.not_blank_line", white, idx, rec_field)
        self.field_errors("reader.unknown_record", ~known & ~white, idx, rec_field)
        if not trailer.size:
            self.error("reader.missing_trailer")
        else:
            self._spaces_after_trailer(end, rec_field)
        after = (idx > end) & known & ~eof
        self.field_errors("reader.after_trailer", after, idx, rec_field)
        second_header = (rtype == 1) & (idx > 0) & ~after
        self.field_errors("reader.second_header", second_header, idx, rec_field)
        ranked = known & ~after & ~second_header & ~eof
        rank = np.where(ranked, _RANK[rtype], -1).astype(np.int8)
        running = np.maximum.accumulate(rank)
        before = np.concatenate(([-1], running[:-1])).astype(np.int8)
        self.field_errors("reader.out_of_order", ranked & (rank < before), idx, rec_field)
        self.rtype = np.where(ranked, rtype, -1)

    def _spaces_after_trailer(self, trailer: int, rec_field: Field) -> None:
        """A line of spaces after the 90 (also beside its 0x1A) is an error, not a blank line:
        the spec lets only line ends and one 0x1A follow the 90, and ignores those. `split`
        counted the lines after the 90 that are empty or all spaces as blank lines; their
        warnings give way (to nothing for an empty one, to the error for spaces). In a normal
        file the region after the 90 is its line end alone (the file's end is taken off)."""
        lines = self.lines
        after = self.units[int(lines.starts[trailer] + lines.lengths[trailer]):]
        if after.size <= 2:  # the 90's own line end, or none
            return
        # the pieces between line feeds; the first is the rest of the 90's own line end
        lf = np.flatnonzero(after == fw.LF)
        starts, ends = np.r_[0, lf + 1], np.r_[lf, after.size]

        def per_piece(mask: np.ndarray) -> np.ndarray:
            counted = np.r_[0, np.cumsum(mask)]
            return counted[ends] - counted[starts]

        later = np.arange(starts.size) >= 1  # the first piece: the rest of the 90's line end
        blank = later & (per_piece(~np.isin(after, (fw.SPACE, fw.CR, fw.LF))) == 0)
        # the 0x1A on a line of its own, padded with spaces (a mark elsewhere on a line of
        # spaces makes it a line of an unknown record type)
        lead = after[np.minimum(starts, after.size - 1)] == fw.EOF_MARK
        marked = later & lead & (per_piece(~np.isin(after, (fw.SPACE, fw.CR, fw.LF,
                                                            fw.EOF_MARK))) == 0) \
            & (per_piece(after == fw.EOF_MARK) == 1)
        bad = np.flatnonzero((blank | marked) & (per_piece(after == fw.SPACE) > 0))
        first = int(self.line_no[trailer])
        for k in bad[:MAX_LISTED].tolist():
            piece = after[starts[k]:ends[k]]
            found = "".join(map(chr, piece[piece != fw.CR][:2].tolist()))  # at positions 1-2
            self.error("reader.spaces_after_trailer", first + k, rec_field, found)
        self.errors.total += max(0, bad.size - MAX_LISTED)
        self.warnings.total -= int(np.count_nonzero(blank))  # `split` warned of each
        self.warnings.items = [w for w in self.warnings.items
                               if not (w.code == "reader.blank_line" and (w.line or 0) > first)]

    def _check_padding(self, rtype: np.ndarray, known: np.ndarray) -> None:
        """Refuse a file whose record lines, padded to their last field, would take more than
        PADDED_FACTOR times the file: its lines are mostly broken-off records, not a borderel."""
        if self.lines.matrix is not None:
            return  # every line is 250 long
        counts = np.bincount(rtype[known], minlength=100)
        layout = load_layout()
        padded = sum(
            int(counts[int(rt)]) * max(f.stop for f in fields if f.type != "F")
            for rt, fields in layout.records.items()
        )
        if padded > PADDED_FACTOR * self.units.nbytes + SLACK_BYTES:
            self.refuse("reader.short_lines")

    def rows(self, rt: str) -> np.ndarray:
        return np.flatnonzero(self.rtype == int(rt))

    def read_header(self) -> dict:
        rows = np.array([0])
        line = int(self.line_no[0])  # the header's physical line: blank lines may precede it
        fields = {f.name: f for f in load_layout().records["01"]}
        file_f = fields["file_id"]
        file_id = self.raw_text(rows, file_f.start - 1, file_f.stop)[0]
        if file_id != "BRDVGZ":
            self.refuse("reader.not_borderel", None, file_f, file_id)
        version_f = fields["layout_version"]
        version = self.raw_text(rows, version_f.start - 1, version_f.stop)[0]
        if version not in supported_versions():
            self.refuse(
                "reader.unsupported_version",
                line,
                version_f,
                version,
                supported=", ".join(supported_versions()),
            )
        self.layout = load_layout(version)
        cols = self.read_fields("01", rows)
        values = {name: c.values[0] for name, c in cols.items()}
        text = {
            name: str(self.text(c)[0]) if c.field.type in ("A", "ID") else None
            for name, c in cols.items()
        }
        bad = {
            name for name, c in cols.items() if c.invalid[0] or (c.empty[0] and c.field.required)
        }
        seq = int(values["sequence"])
        if "sequence" not in bad and seq < 1:
            self.error("reader.sequence_zero", line, fields["sequence"], f"{seq:02d}")
        return {
            "layout_version": version,
            "collectivity_number": text["collectivity_number"],
            "collectivity_name": text["collectivity_name"],
            "prolongation_month": None
            if "prolongation_month" in bad
            else int(values["prolongation_month"]),
            "creation_date": values["creation_date"],
            "employer_number": text["employer_number"],
            "sequence": seq,
        }

    def read_fields(self, rt: str, rows: np.ndarray | None = None) -> dict[str, fw.Column]:
        """Convert and check every field of record type `rt`: type, required, allowed values.
        The type's rows are gathered once into a block as wide as its last field."""
        if rows is None:
            rows = self.rows(rt)
            if rt == "90":
                rows = rows[:1]
        fields = [f for f in self.layout.records[rt] if f.type != "F"]
        block = fw.Block(self.cells(rows, 0, max(f.stop for f in fields)))
        cols: dict[str, fw.Column] = {}
        for f in fields:
            col = block.read(f, dates=self.frames or rt == "01")
            col.rows = rows
            # most fields are valid and filled on every row: then no mask needs combining
            invalid, empty = bool(col.invalid.any()), bool(col.empty.any())
            if invalid:
                self.field_errors(
                    col.problem,
                    col.invalid,
                    rows,
                    f,
                    **({"digits": f.length - 1} if f.type == "S" else {}),
                )
            if f.required and empty:
                filled = col.empty & ~col.invalid if invalid else col.empty
                self.field_errors("reader.required_empty", filled, rows, f)
            if f.allowed and f.name != "record_type":
                outside = ~_allowed(col, block, f)
                if invalid or empty:
                    outside &= _usable(col)
                self.field_errors(
                    "reader.not_allowed", outside, rows, f, allowed=", ".join(f.allowed)
                )
            cols[f.name] = col
        return cols

    # -- meaning across fields and records -------------------------------------------------
    def check_products(self, p: dict[str, fw.Column]) -> None:
        code = p["product_code"]
        dup = _later_duplicates(self.text_keys(code), _usable(code))
        self.field_errors("reader.duplicate_product", dup, code.rows, code.field)

    def check_insured(self, c: dict[str, fw.Column]) -> None:
        rows = c["relation_number"].rows
        rel, holder = c["relation_number"].values, c["policyholder"].values
        role = np.ascontiguousarray(c["role"].values[:, 0])
        # a number that is empty or not a number names nobody: its own error says so
        usable = _usable(c["relation_number"])
        holder_ok = _usable(c["policyholder"])
        # one sort: the duplicates, and the look-ups of numbers not found near their row
        self.usable_relations = np.sort(rel[usable])
        dup = _later_duplicates(rel, usable, self.usable_relations)
        self.relations_unique = not dup.any()
        self.field_errors("reader.duplicate_relation", dup, rows, c["relation_number"].field)
        holder_f = c["policyholder"].field
        is_h = role == ord("H")
        self.field_errors(
            "reader.holder_not_self",
            is_h & (holder != rel) & usable & holder_ok,
            rows,
            holder_f,
        )
        dependent = (role == ord("P")) | (role == ord("K"))
        # a holder whose rol is unknown may well be the H: its own error says what is wrong
        h_rows = np.flatnonzero(~dependent & usable)
        has_h, _ = _member_near(holder, np.arange(rel.size), rel[h_rows], h_rows)
        missing = dependent & ~has_h & holder_ok
        exists = np.zeros(rel.size, dtype=bool)
        exists[missing] = _member(holder[missing], self.usable_relations)
        self.field_errors("reader.holder_missing", missing & ~exists, rows, holder_f)
        self.field_errors("reader.holder_not_h", missing & exists, rows, holder_f)
        self.insured_keys = (rel[usable], rows[usable])
        emp = c["employee_number"]
        self.field_warnings(
            "reader.no_employee_number",
            is_h & emp.empty,
            rows,
            emp.field,
            params_of=lambda r: {"relation": f"{int(rel[r]):010d}"},
        )
        bsn = c["bsn"]
        present = ~bsn.empty & ~bsn.invalid
        digits = bsn.values.astype(np.int64) - 48
        bad_bsn = present & ((digits @ BSN_WEIGHTS) % 11 != 0)
        self.field_warnings("reader.bsn_check", bad_bsn, rows, bsn.field)

    def check_lines(
        self,
        c: dict[str, fw.Column],
        p: dict[str, fw.Column],
        ins: dict[str, fw.Column],
        header: dict,
    ) -> None:
        rows = c["relation_number"].rows
        rel_col, code_col = c["relation_number"], c["product_code"]
        rel = rel_col.values
        rel_ok = _usable(rel_col)
        known_rel, person = _member_near(rel, rows, *self.insured_keys, self.usable_relations)
        self.field_errors("reader.unknown_relation", ~known_rel & rel_ok, rows, rel_col.field)
        product = p["product_code"]
        keys = self.text_keys(product, code_col)
        known_codes = _distinct(keys[: product.values.shape[0]][_usable(product)])
        line_keys = keys[product.values.shape[0] :]
        code_index = np.searchsorted(known_codes, line_keys)  # also the product's number
        known_prod = _found_at(code_index, line_keys, known_codes)
        code_ok = _usable(code_col)
        self.field_errors(
            "reader.unknown_product", ~known_prod & code_ok, rows, code_col.field
        )
        kind = np.ascontiguousarray(c["line_kind"].values[:, 0])
        is_p, is_c = kind == ord("P"), kind == ord("C")
        month_col = c["premium_month"]
        month = month_col.values
        month_ok = ~month_col.invalid & ~month_col.empty
        pm = header["prolongation_month"]
        if pm is not None:
            self.field_errors(
                "reader.p_month",
                is_p & month_ok & (month != pm),
                rows,
                month_col.field,
                expected=_month(pm),
            )
            self.field_errors(
                "reader.c_month_after",
                is_c & month_ok & (month > pm),
                rows,
                month_col.field,
                prolongation=_month(pm),
            )
        mcode_col, date_col = c["mutation_code"], c["mutation_date"]
        mcode_ok = ~mcode_col.invalid & ~mcode_col.empty
        self.field_errors(
            "reader.p_mutation_code",
            is_p & mcode_ok & (mcode_col.values != 0),
            rows,
            mcode_col.field,
        )
        self.field_errors(
            "reader.p_mutation_date",
            is_p & ~date_col.empty & ~date_col.invalid,
            rows,
            date_col.field,
        )
        self.field_errors("reader.c_no_mutation_date", is_c & date_col.empty, rows, date_col.field)
        self.field_warnings(
            "reader.c_code_00", is_c & mcode_ok & (mcode_col.values == 0), rows, mcode_col.field
        )
        # at most one P line per (relatienummer, productcode): one int64 key per line
        strange = ~known_prod
        if strange.any():  # codes without a 05 record get numbers after the known ones
            _, inverse = np.unique(line_keys[strange], return_inverse=True)
            code_index[strange] = known_codes.size + inverse.reshape(-1)
        codes = int(code_index.max(initial=0)) + 1
        p_rows = is_p & rel_ok & code_ok
        if self._no_pair_twice(person, code_index, codes, p_rows):
            dup_p = np.zeros(rows.size, dtype=bool)
        else:
            dup_p = _later_duplicates(rel * codes + code_index, p_rows)
        self.field_errors("reader.duplicate_p_line", dup_p, rows, code_col.field)
        amounts = [
            c[n]
            for n in ("gross_cent", "collective_discount_cent", "other_discount_cent", "net_cent")
        ]
        amounts_ok = np.logical_and.reduce([~a.invalid & ~a.empty for a in amounts])
        expected = amounts[0].values - amounts[1].values - amounts[2].values
        wrong = amounts_ok & (expected != amounts[3].values)
        self.field_errors(
            "reader.net_mismatch",
            wrong,
            rows,
            amounts[3].field,
            params_of=lambda i: {"expected": _signed(int(expected[i]), 11)},
        )
        # the trailer's totals are sums of nettopremie alone: a bad brutopremie or korting
        # (its own error) does not keep them from being compared
        net = amounts[3]
        self.nets_ok = bool((~net.invalid & ~net.empty).all())
        self.is_p, self.is_c = is_p, is_c

    def _no_pair_twice(
        self, person: np.ndarray, code_index: np.ndarray, codes: int, mask: np.ndarray
    ) -> bool:
        """Whether no two lines of `mask` share (person, product), found without a sort: when
        every such line's relatienummer was found at the nearest 10 record before it (`person`,
        its index) and no relatienummer is written twice, (person, product) is (relatienummer,
        product), and each pair marks one cell of a table of persons x products. False: not
        known this way (the sort decides)."""
        idx = np.flatnonzero(mask)
        size = self.usable_relations.size * codes
        if not self.relations_unique or size > 8 * idx.size + (1 << 16):
            return False
        near = person[idx]
        if (near < 0).any():
            return False
        seen = np.zeros(size, dtype=bool)
        seen[near * codes + code_index[idx]] = True
        return int(np.count_nonzero(seen)) == idx.size

    def check_trailer(
        self, t: dict[str, fw.Column], ins: dict[str, fw.Column], lines: dict[str, fw.Column]
    ) -> None:
        if t["insured_count"].rows.size == 0:
            return  # reported as a missing 90 record
        rows = t["insured_count"].rows
        net = lines["net_cent"].values
        is_p, is_c = self.is_p, self.is_c
        checks = [
            ("insured_count", ins["relation_number"].rows.size, 7, False),
            ("line_count", lines["relation_number"].rows.size, 7, False),
        ]
        if self.nets_ok and bool((is_p | is_c).all()):
            # a line of unknown regelsoort counts for neither: its own error says so
            checks += [
                ("total_prolongation_cent", int(net[is_p].sum()), 13, True),
                ("total_corrections_cent", int(net[is_c].sum()), 13, True),
            ]
        if self.nets_ok:
            checks.append(("total_due_cent", int(net.sum()), 13, True))
        for name, actual, width, signed in checks:
            col = t[name]
            if col.invalid[0] or col.empty[0]:
                continue
            if int(col.values[0]) != actual:
                shown = _signed(actual, width) if signed else f"{actual:0{width}d}"
                self.field_errors(
                    "reader.trailer_mismatch", np.array([True]), rows, col.field, expected=shown
                )

    def text_keys(self, *cols: fw.Column) -> np.ndarray:
        """One integer per row of the given text columns (same width), equal exactly where
        the texts are: up to 8 bytes packed into a uint64 (packing.packed_text), or, where
        they are wider or a byte is one that cp1252 leaves undefined (all read as U+FFFD) or
        marks a character beyond cp1252, the rank among the distinct texts (int64)."""
        blocks = [c.values for c in cols]
        if blocks[0].shape[1] <= PACKED_WIDTH and not any(_UNDEFINED[b].any() for b in blocks):
            keys = [packed_text(b) for b in blocks]
            return np.concatenate(keys) if len(keys) > 1 else keys[0]
        _, inverse = np.unique(np.concatenate([self.text(c) for c in cols]), return_inverse=True)
        return inverse.reshape(-1).astype(np.int64)

    # -- the result ------------------------------------------------------------------------
    def header_of(self, header: dict) -> Header:
        created = header["creation_date"]
        return Header(
            collectivity_number=header["collectivity_number"],
            collectivity_name=header["collectivity_name"],
            prolongation_month=header["prolongation_month"],
            creation_date=dt.date.fromisoformat(str(np.datetime64(created, "D"))),
            employer_number=header["employer_number"],
            sequence=header["sequence"],
            layout_version=header["layout_version"],
        )

    def trailer_of(self, t: dict[str, fw.Column]) -> Trailer:
        return Trailer(
            **{name: int(col.values[0]) for name, col in t.items() if name != "record_type"}
        )

    def checked(self, header: dict, cols: dict[str, dict[str, fw.Column]]) -> CheckedBorderel:
        return CheckedBorderel(
            header=self.header_of(header),
            trailer=self.trailer_of(cols["90"]),
            source=self.source,
            encoding=self.encoding,
        )

    def build(self, header: dict, cols: dict[str, dict[str, fw.Column]]) -> Borderel:
        # pandas is imported here, not at the top: `check` validates without it
        from digibord.formats import frames

        p, c, ln = cols["05"], cols["10"], cols["20"]
        products = frames.products_frame(
            product_code=self.text(p["product_code"]),
            product_kind=self.text(p["product_kind"]),
            description=self.text(p["description"]),
            discount_bp=p["discount_bp"].values,
            line_number=self.line_no[p["product_code"].rows],
        )
        rel, holder = c["relation_number"].values, c["policyholder"].values
        role = self.text(c["role"])
        emp_own = self.text(c["employee_number"])
        # P and K persons take the employee's werknemersnummer (the file's own is ignored):
        # that of the H whose relatienummer is their policyholder (a valid file has one)
        h_rows = np.flatnonzero(role == "H")
        emp_of_holder = emp_own[frames.holders_above(rel, holder, own=h_rows,
                                                     find=_search_among(rel, h_rows))]
        surname = self.text(c["surname"])
        prefix = self.text(c["prefix"])
        initials = self.text(c["initials"])
        bsn = self.text(c["bsn"])
        bsn = np.where(c["bsn"].empty, "", bsn)
        insured = frames.insured_frame(
            relation_number=rel,
            policyholder=holder,
            role=role,
            employee_number=emp_of_holder,
            bsn=bsn,
            surname=surname,
            prefix=prefix,
            initials=initials,
            name=frames.in_chunks(display_name, initials, prefix, surname),
            birth_date=c["birth_date"].values,
            gender=self.text(c["gender"]),
            start_date=c["start_date"].values,
            end_date=c["end_date"].values,
            line_number=self.line_no[c["relation_number"].rows],
        )
        lines = frames.lines_frame(
            relation_number=ln["relation_number"].values,
            line_kind=self.text(ln["line_kind"]),
            premium_month=ln["premium_month"].values,
            product_code=self.text(ln["product_code"]),
            gross_cent=ln["gross_cent"].values,
            collective_discount_cent=ln["collective_discount_cent"].values,
            other_discount_cent=ln["other_discount_cent"].values,
            net_cent=ln["net_cent"].values,
            mutation_code=ln["mutation_code"].values,
            mutation_date=ln["mutation_date"].values,
            line_number=self.line_no[ln["relation_number"].rows],
        )
        return Borderel(
            header=self.header_of(header),
            products=products,
            insured=insured,
            lines=lines,
            trailer=self.trailer_of(cols["90"]),
            source=self.source,
            encoding=self.encoding,
        )


def _search_among(rel: np.ndarray, rows: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """A look-up of relatienummers that are among `rows` (each must be): a binary search in
    the rows' relatienummers, sorted when it is called (holders_above calls it once, and not
    at all for a file whose families are written together)."""

    def find(wanted: np.ndarray) -> np.ndarray:
        keys = rel[rows]
        order = np.argsort(keys, kind="stable")
        return rows[order][np.searchsorted(keys[order], wanted)]

    return find


def display_name(initials: np.ndarray, prefix: np.ndarray, surname: np.ndarray) -> np.ndarray:
    """`voorletters voorvoegsels achternaam`, single spaces, empty parts left out. Each part
    is joined on only for the rows that have it (most have no voorvoegsel), into the width
    of all three with their spaces. "Single spaces" (borderel-dat.md) holds inside the parts
    too: a run of spaces in one (`van  der`) is one space, and a part that starts with a
    space (` J.`) loses it, as does a name ending in one (a voorvoegsel without achternaam,
    which a valid file cannot have); those few rows are mended one by one."""
    out = _joined(initials, _joined(prefix, surname))
    if len(out):
        odd = ((np.strings.find(out, "  ") >= 0) | np.strings.startswith(out, " ")
               | np.strings.endswith(out, " "))
        for i in np.flatnonzero(odd).tolist():
            out[i] = " ".join(word for word in str(out[i]).split(" ") if word)
    return out


def _joined(head: np.ndarray, tail: np.ndarray) -> np.ndarray:
    """`head + " " + tail` where head is not empty, else tail; of the width of the two and a
    space."""
    width = head.dtype.itemsize // 4 + 1 + tail.dtype.itemsize // 4
    has = head != ""
    if has.all():
        return np.strings.add(np.strings.add(head, " "), tail).astype(f"<U{width}", copy=False)
    out = tail.astype(f"<U{width}")
    at = np.flatnonzero(has)
    if len(at):
        out[at] = np.strings.add(np.strings.add(head[at], " "), tail[at])
    return out


def _usable(col: fw.Column) -> np.ndarray:
    """Rows where the field holds a value of its type (not empty, not malformed)."""
    return ~col.empty & ~col.invalid


def _allowed(col: fw.Column, block: fw.Block, f: Field) -> np.ndarray:
    """Rows whose value is one of the field's allowed values (only meaningful where the field
    is usable): a one-character text by its code unit, a short number by its value."""
    if f.type == "A" and f.length == 1 and all(len(a) == 1 for a in f.allowed):
        unit = col.values[:, 0]
        if unit.dtype == np.uint8:  # one look-up per row in a table of the 256 bytes
            return _table_of([ord(a) for a in f.allowed], 256)[unit]
        return np.isin(np.ascontiguousarray(unit), [ord(a) for a in f.allowed])
    if f.type == "N" and all(a.isdigit() and len(a) == f.length for a in f.allowed):
        if f.length <= 4:  # values 0..10**length - 1 (0 where not digits): a table
            return _table_of([int(a) for a in f.allowed], 10**f.length)[col.values]
        return np.isin(col.values, [int(a) for a in f.allowed])
    cells = col.values if f.type == "A" else block.units[:, f.start - 1 : f.stop]
    return np.isin(fw.to_text(cells), np.array(f.allowed))


def _distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values) without its check for masked arrays, which imports numpy.ma (some
    10 ms of every `check`'s start)."""
    s = np.sort(values)
    return s[np.concatenate(([True], s[1:] != s[:-1]))] if s.size else s


def _table_of(allowed: list[int], size: int) -> np.ndarray:
    table = np.zeros(size, dtype=bool)
    table[allowed] = True
    return table


def _undefined_at(units: np.ndarray) -> np.ndarray:
    """Positions of the bytes cp1252 leaves undefined: 8-byte words with a byte above 0x7F
    found first (text is mostly ASCII), then only their bytes looked up."""
    whole = units.size - units.size % 8
    words = units[:whole].view(np.uint64)
    high = np.flatnonzero((words & _HIGH_BITS) != 0)
    hit = np.flatnonzero(_UNDEFINED[words[high].view(np.uint8)])
    tail = whole + np.flatnonzero(_UNDEFINED[units[whole:]])
    return np.concatenate((high[hit // 8] * 8 + hit % 8, tail))


def _member(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Whether each value is in the sorted array (searchsorted, not a hash set)."""
    return _found_at(np.searchsorted(sorted_keys, values), values, sorted_keys)


def _found_at(pos: np.ndarray, values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Whether each value stands at its searchsorted position `pos` in `sorted_keys`."""
    if sorted_keys.size == 0:
        return np.zeros(values.size, dtype=bool)
    return sorted_keys[np.minimum(pos, sorted_keys.size - 1)] == values


def _later_duplicates(
    keys: np.ndarray, mask: np.ndarray, sorted_keys: np.ndarray | None = None
) -> np.ndarray:
    """Rows where `mask` holds and an earlier such row has the same key (the first occurrence
    is the real one). One sort when there is no duplicate, the common case; none when the
    caller has sorted `keys[mask]` already (`sorted_keys`)."""
    out = np.zeros(keys.shape[0], dtype=bool)
    idx = np.flatnonzero(mask)
    if idx.size < 2:
        return out
    k = keys[idx]
    s = np.sort(k) if sorted_keys is None else sorted_keys
    if not (s[1:] == s[:-1]).any():
        return out
    order = np.argsort(k, kind="stable")
    dup = np.zeros(idx.size, dtype=bool)
    dup[order[1:]] = k[order[1:]] == k[order[:-1]]
    out[idx] = dup
    return out


def _member_near(
    values: np.ndarray,
    rows: np.ndarray,
    keys: np.ndarray,
    key_rows: np.ndarray,
    sorted_keys: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """`_member(values, sorted keys)`, where `keys` (at `key_rows`) are the keys in file
    order: a value equal to the key at the nearest key row at or before its own row is found
    without a search (a borderel writes each person's 10 record before their 20s); the keys
    are sorted (unless given) only when some value is not found so. Also gives, per value,
    the index in `keys` of the key it was found at near its row (-1: not found so)."""
    found = np.zeros(values.size, dtype=bool)
    near = np.full(values.size, -1, dtype=np.int64)
    if key_rows.size:
        near = _last_at_or_before(key_rows, rows)
        found = (near >= 0) & (keys[np.maximum(near, 0)] == values)
        near[~found] = -1
    rest = np.flatnonzero(~found)
    if rest.size:
        if sorted_keys is None:
            sorted_keys = np.sort(keys)
        found[rest] = _member(values[rest], sorted_keys)
    return found, near


def _last_at_or_before(key_rows: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each of the (increasing) rows, the index of the last of the (increasing) key rows at
    or before it, -1 if none: a running count of key rows over the rows' range, which costs
    less than a binary search per row."""
    if rows.size == 0:
        return np.zeros(0, dtype=np.int64)
    size = int(max(rows[-1], key_rows[-1])) + 1
    marks = np.zeros(size, dtype=np.int32)
    marks[key_rows] = 1
    count = np.cumsum(marks, dtype=np.int64 if key_rows.size >= 1 << 31 else np.int32)
    return count[rows].astype(np.int64) - 1


def _utf8_pieces(data) -> list[tuple[int, int]]:
    """(start, stop) pieces of the UTF-8 text after the byte order mark, each ending just after
    a line end where one is near (an LF byte is never part of a multi-byte character)."""
    pieces, at, size = [], 3, len(data)
    while at < size:
        stop = min(at + UTF8_CHUNK, size)
        if stop < size:
            lf = data.find(b"\n", stop)
            stop = size if lf < 0 else lf + 1
        pieces.append((at, stop))
        at = stop
    return pieces


def _continuation_bytes(data) -> int:
    """Bytes 0x80..0xBF after the byte order mark: the UTF-8 characters are the others."""
    units = np.frombuffer(data, dtype=np.uint8)
    return sum(
        int(np.count_nonzero((units[a : a + fw.WINDOW] & 0xC0) == 0x80))
        for a in range(3, units.size, fw.WINDOW)
    )


def _span(first: int, last: int) -> str:
    """Positions as the layout writes them: `251-253`, or `251` for a single one."""
    return str(first) if first == last else f"{first}-{last}"


def _month(month: int) -> str:
    return f"{month:06d}"


def _signed(cents: int, width: int) -> str:
    return f"{'-' if cents < 0 else '+'}{abs(cents):0{width - 1}d}"


def _kind_name(kind: str) -> str:
    return tr(f"reader.kind.{kind}")

