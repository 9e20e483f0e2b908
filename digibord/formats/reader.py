"""Read a borderel `.dat` file (docs/format.md) into a `Borderel`, or say
precisely why not.

Every check runs over whole columns (numpy); only the few problems that are reported become
Python objects. All errors are collected (the first `MAX_LISTED` are listed, the rest counted),
so that one run tells the administrator everything that is wrong with a file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from digibord.formats import fixed_width as fw
from digibord.formats.borderel import CORRECTION, PROLONGATION, Borderel, Header, Trailer
from digibord.formats.issues import InputRefused, Issue, issue
from digibord.formats.layout import RECORD_LENGTH, Field, load_layout, supported_versions
from digibord.formats.sniff import sniff

MAX_LISTED = 200
RANK = {1: 0, 5: 1, 10: 2, 20: 2, 90: 3}  # record order: 01, 05..., 10/20 mixed, 90
RANK_OF_TYPE = np.full(100, -1, dtype=np.int64)
RANK_OF_TYPE[list(RANK)] = list(RANK.values())
BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1], dtype=np.int64)
UTF8_BOM = b"\xef\xbb\xbf"
WHITE_SPACE = np.array([9, 11, 12, 13, 32, 0xA0])  # tab, VT, FF, CR, space, no-break space


@dataclass
class ParseResult:
    source: str
    borderel: Borderel | None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    error_total: int = 0

    @property
    def valid(self) -> bool:
        return self.borderel is not None

    def refusal(self) -> InputRefused:
        return InputRefused(self.source, self.errors, self.error_total, self.warnings)


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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputRefused(
            str(path), [issue("reader.cannot_read", reason=exc.strerror or str(exc))]
        ) from None
    result = parse_borderel(data, str(path))
    if result.borderel is None:
        raise result.refusal()
    return result.borderel


def parse_borderel(data: bytes, source: str = "", progress=None) -> ParseResult:
    """Parse and validate `data`. `progress(fraction)`, when given, is called between stages
    with a number from 0 to 1 (the window's progress bar)."""
    parser = _Parser(data, source, progress)
    try:
        borderel = parser.run()
    except _Stop:
        borderel = None
    errors = parser.errors.ordered()
    warnings = parser.warnings.ordered()
    if parser.errors.total:
        borderel = None
    elif borderel is not None:
        borderel = _with_warnings(borderel, warnings)
    return ParseResult(source, borderel, errors, warnings, parser.errors.total)


def _with_warnings(b: Borderel, warnings: list[Issue]) -> Borderel:
    from dataclasses import replace

    return replace(b, warnings=tuple(warnings))


class _Parser:
    def __init__(self, data: bytes, source: str, progress=None) -> None:
        self.progress = progress or (lambda fraction: None)
        self.data = data
        self.source = source
        self.errors = _Problems()
        self.warnings = _Problems()
        self.encoding = "cp1252"
        self.raw: bytes | None = None  # the bytes that `units` views, when they are bytes
        self.tail_marks = 0  # 0x1A bytes taken off the end of the file

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
        texts = fw.raw_text(self.matrix[rows[shown], fld.start - 1 : fld.stop])
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
    def run(self) -> Borderel | None:
        # fractions: roughly the share of the time each stage takes on a large file
        units = self.decode()
        self.split(units)
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
        borderel = self.build(header, cols)
        self.progress(1.0)
        return borderel

    def decode(self) -> np.ndarray:
        data = self.data
        kind = sniff(data) if data else None
        if kind:
            self.error("reader.looks_like", kind=_kind_name(kind))
            raise _Stop
        if data.startswith(UTF8_BOM):
            self.encoding = "utf-8"
            self.warnings.add(issue("reader.utf8_bom"))
            try:
                text = data[3:].decode("utf-8")
            except UnicodeDecodeError as exc:
                at = exc.start + 3
                line_start = data.rfind(b"\n", 0, at) + 1
                line = data.count(b"\n", 0, at) + 1
                # the column in characters, as every other position counts
                column = len(data[max(line_start, 3) : at].decode("utf-8", errors="replace")) + 1
                bad = " ".join(f"0x{b:02X}" for b in data[at : exc.end + 3])
                self.errors.add(issue("reader.bad_utf8", line, None, str(column), bad))
                raise _Stop from None
            text = text[: self._body_end(text, "\r\n\x1a")]
            try:
                self.raw = text.encode("cp1252")
                return np.frombuffer(self.raw, dtype=np.uint8)
            except UnicodeEncodeError:  # characters beyond cp1252: work in code points
                return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        # a view on the file's bytes, no copy: a 500 000-line file is 126 MB
        self.raw = data
        return np.frombuffer(data, dtype=np.uint8, count=self._body_end(data, b"\r\n\x1a"))

    def _body_end(self, text, ends) -> int:
        """Where the text ends once the line ends and the DOS end-of-file byte that may follow
        the 90 record are taken off (at most one 0x1A; more is an error)."""
        end = len(text)
        while end and text[end - 1 : end] in (ends[0:1], ends[1:2], ends[2:3]):
            end -= 1
        marks = text[end:].count(ends[2:3])
        self.tail_marks = marks
        if marks > 1:
            self.error("reader.eof_marks", count=marks)
        if end == 0:
            self.error("reader.empty")
            raise _Stop
        return end

    def split(self, units: np.ndarray) -> None:
        lines = fw.split_lines(units, self.raw if units.dtype == np.uint8 else None)
        lengths = lines.lengths
        blank = lengths == 0
        cand = np.flatnonzero(
            ~blank & (units[np.minimum(lines.starts, units.size - 1)] == fw.SPACE)
        )
        if cand.size:
            m = fw.record_matrix(units, lines.starts[cand], lengths[cand])
            blank[cand] = (m == fw.SPACE).all(axis=1)
            longer = cand[blank[cand] & (lengths[cand] > RECORD_LENGTH)]
            for i in longer:  # "holds only spaces", however many: blank, not a long record
                tail = units[lines.starts[i] + RECORD_LENGTH : lines.ends[i]]
                blank[i] = bool((tail == fw.SPACE).all())
        for i in np.flatnonzero(blank)[:MAX_LISTED]:
            self.warnings.add(issue("reader.blank_line", int(i) + 1))
        self.warnings.total += max(0, int(blank.sum()) - MAX_LISTED)
        rec = np.flatnonzero(~blank)
        if rec.size == 0:
            self.error("reader.empty")
            raise _Stop
        self.units = units
        self.line_no = rec + 1
        starts, lens = lines.starts[rec], lengths[rec]
        self.matrix = fw.record_matrix(units, starts, lens)
        long_rows = np.flatnonzero(lens > RECORD_LENGTH)
        self.errors.total += max(0, long_rows.size - MAX_LISTED)
        for r in long_rows[:MAX_LISTED]:
            extra = units[starts[r] + RECORD_LENGTH : starts[r] + lens[r]]
            text = fw.raw_text(extra[None, :])[0]
            # CR alone as line end (old Mac): the whole file reads as one long line
            cr_only = bool((extra[:-1] == fw.CR).any())
            self.errors.add(
                issue(
                    "reader.line_too_long_cr" if cr_only else "reader.line_too_long",
                    int(self.line_no[r]),
                    None,
                    _span(RECORD_LENGTH + 1, int(lens[r])),
                    text[:40],
                    length=int(lens[r]),
                    expected=RECORD_LENGTH,
                )
            )
        self.starts = starts

    def check_bytes(self) -> None:
        """Bytes that cp1252 leaves undefined: the first of each line, with the field it is in
        and its own column."""
        units, starts = self.units, self.starts
        if units.dtype != np.uint8:
            return  # decoded from UTF-8: every character is valid
        high = np.flatnonzero(units >= 0x80)
        bad = high[np.isin(units[high], fw.CP1252_UNDEFINED)]
        if bad.size == 0:
            return
        row = np.searchsorted(starts, bad, side="right") - 1
        _, first = np.unique(row, return_index=True)
        self.errors.total += max(0, first.size - MAX_LISTED)
        for k in first[:MAX_LISTED]:
            col = int(bad[k] - starts[row[k]]) + 1
            self.errors.add(
                issue(
                    "reader.bad_byte",
                    int(self.line_no[row[k]]),
                    self._field_at(row[k], col),
                    str(col),
                    f"0x{int(units[bad[k]]):02X}",
                )
            )

    def _field_at(self, row: int, col: int) -> str | None:
        """The spec's name of the field at 1-based column `col` of record row `row`."""
        fields = self.layout.records.get(fw.raw_text(self.matrix[row : row + 1, :2])[0], ())
        return next((f.label for f in fields if f.start <= col < f.start + f.length), None)

    def check_structure(self) -> None:
        m = self.matrix
        d0, d1 = m[:, 0].astype(np.int64) - 48, m[:, 1].astype(np.int64) - 48
        digits = (d0 >= 0) & (d0 <= 9) & (d1 >= 0) & (d1 <= 9)
        rtype = np.where(digits, d0 * 10 + d1, -1)
        rec_field = load_layout().records["01"][0]  # recordsoort, positions 1-2 in every layout
        if rtype[0] != 1:
            # "not a borderel at all" belongs to the file, not to a line (spec): no line number
            self.refuse("reader.no_header", None, rec_field, fw.raw_text(m[:1, :2])[0])
        known = np.isin(rtype, list(RANK))
        trailer = np.flatnonzero(rtype == 90)
        end = int(trailer[0]) if trailer.size else m.shape[0]
        # the one 0x1A the spec allows after the 90 may stand on a line of its own with a blank
        # line after it (which is what keeps it from being taken off the end of the file)
        eof = np.zeros(m.shape[0], dtype=bool)
        eof[end + 1 :] = (m[end + 1 :, 0] == fw.EOF_MARK) & (m[end + 1 :, 1:] == fw.SPACE).all(
            axis=1
        )
        marks = int(eof.sum())
        if marks and marks + self.tail_marks > 1 and self.tail_marks <= 1:
            self.error("reader.eof_marks", count=marks + self.tail_marks)
        known |= eof  # not a record: the lines below pass it by
        unknown = np.flatnonzero(~known)
        # a line of tabs (or other white space) is not blank in the spec's sense, which allows
        # only spaces; say so rather than "unknown record type" for what looks empty
        white = np.zeros(m.shape[0], dtype=bool)
        white[unknown] = np.isin(m[unknown], WHITE_SPACE).all(axis=1)
        self.field_errors("reader.not_blank_line", white, np.arange(m.shape[0]), rec_field)
        self.field_errors(
            "reader.unknown_record", ~known & ~white, np.arange(m.shape[0]), rec_field
        )
        if not trailer.size:
            self.error("reader.missing_trailer")
        idx = np.arange(m.shape[0])
        after = (idx > end) & known & ~eof
        self.field_errors("reader.after_trailer", after, idx, rec_field)
        second_header = (rtype == 1) & (idx > 0) & ~after
        self.field_errors("reader.second_header", second_header, idx, rec_field)
        ranked = known & ~after & ~second_header & ~eof
        rank = np.where(ranked, RANK_OF_TYPE[np.where(known, rtype, 1)], -1)
        running = np.maximum.accumulate(rank)
        before = np.concatenate(([-1], running[:-1]))
        self.field_errors("reader.out_of_order", ranked & (rank < before), idx, rec_field)
        self.rtype = np.where(ranked, rtype, -1)

    def rows(self, rt: str) -> np.ndarray:
        return np.flatnonzero(self.rtype == int(rt))

    def read_header(self) -> dict:
        rows = np.array([0])
        line = int(self.line_no[0])  # the header's physical line: blank lines may precede it
        fields = {f.name: f for f in load_layout().records["01"]}
        file_id = fw.raw_text(
            self.matrix[:1, fields["file_id"].start - 1 : fields["file_id"].stop]
        )[0]
        if file_id != "BRDVGZ":
            self.refuse("reader.not_borderel", None, fields["file_id"], file_id)
        version_f = fields["layout_version"]
        version = fw.raw_text(self.matrix[:1, version_f.start - 1 : version_f.stop])[0]
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
            name: fw.raw_text(c.values[:1])[0] if c.field.type in ("A", "ID") else None
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
        """Convert and check every field of record type `rt`: type, required, allowed values."""
        if rows is None:
            rows = self.rows(rt)
            if rt == "90":
                rows = rows[:1]
        cols: dict[str, fw.Column] = {}
        for f in self.layout.records[rt]:
            if f.type == "F":
                continue
            col = fw.read_column(self.matrix, rows, f)
            col.rows = rows
            self.field_errors(
                col.problem,
                col.invalid,
                rows,
                f,
                **({"digits": f.length - 1} if f.type == "S" else {}),
            )
            if f.required:
                self.field_errors("reader.required_empty", col.empty & ~col.invalid, rows, f)
            if f.allowed and f.name != "record_type":
                text = fw.to_text(
                    col.values if f.type == "A" else self.matrix[rows, f.start - 1 : f.stop]
                )
                outside = ~col.empty & ~col.invalid & ~np.isin(text, np.array(f.allowed))
                self.field_errors(
                    "reader.not_allowed", outside, rows, f, allowed=", ".join(f.allowed)
                )
            cols[f.name] = col
        return cols

    # -- meaning across fields and records -------------------------------------------------
    def check_products(self, p: dict[str, fw.Column]) -> None:
        codes = fw.to_text(p["product_code"].values)
        self.product_codes = codes
        dup = pd.Series(codes).duplicated().to_numpy() & ~p["product_code"].empty
        self.field_errors(
            "reader.duplicate_product", dup, p["product_code"].rows, p["product_code"].field
        )

    def check_insured(self, c: dict[str, fw.Column]) -> None:
        rows = c["relation_number"].rows
        rel, holder = c["relation_number"].values, c["policyholder"].values
        role = fw.to_text(c["role"].values)
        # a number that is empty or not a number names nobody: its own error says so
        usable = _usable(c["relation_number"])
        holder_ok = _usable(c["policyholder"])
        dup = np.zeros(rel.size, dtype=bool)
        dup[usable] = pd.Series(rel[usable]).duplicated().to_numpy()
        self.field_errors("reader.duplicate_relation", dup, rows, c["relation_number"].field)
        holder_f = c["policyholder"].field
        is_h = role == "H"
        self.field_errors(
            "reader.holder_not_self",
            is_h & (holder != rel) & usable & holder_ok,
            rows,
            holder_f,
        )
        dependent = (role == "P") | (role == "K")
        # a holder whose rol is unknown may well be the H: its own error says what is wrong
        h_rel = np.sort(rel[~dependent & usable])
        pos = np.minimum(np.searchsorted(h_rel, holder), max(h_rel.size - 1, 0))
        has_h = (h_rel[pos] == holder) if h_rel.size else np.zeros(rel.size, dtype=bool)
        missing = dependent & ~has_h & holder_ok
        exists = np.isin(holder, rel[usable])
        self.field_errors("reader.holder_missing", missing & ~exists, rows, holder_f)
        self.field_errors("reader.holder_not_h", missing & exists, rows, holder_f)
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
        self.role = role

    def check_lines(
        self,
        c: dict[str, fw.Column],
        p: dict[str, fw.Column],
        ins: dict[str, fw.Column],
        header: dict,
    ) -> None:
        rows = c["relation_number"].rows
        rel = c["relation_number"].values
        known_rel = np.isin(rel, ins["relation_number"].values[_usable(ins["relation_number"])])
        self.field_errors(
            "reader.unknown_relation",
            ~known_rel & ~c["relation_number"].invalid & ~c["relation_number"].empty,
            rows,
            c["relation_number"].field,
        )
        codes = fw.to_text(c["product_code"].values)
        known_prod = np.isin(codes, self.product_codes)
        self.field_errors(
            "reader.unknown_product",
            ~known_prod & ~c["product_code"].empty,
            rows,
            c["product_code"].field,
        )
        kind = fw.to_text(c["line_kind"].values)
        is_p, is_c = kind == PROLONGATION, kind == CORRECTION
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
        code_col, date_col = c["mutation_code"], c["mutation_date"]
        code_ok = ~code_col.invalid & ~code_col.empty
        self.field_errors(
            "reader.p_mutation_code", is_p & code_ok & (code_col.values != 0), rows, code_col.field
        )
        self.field_errors(
            "reader.p_mutation_date",
            is_p & ~date_col.empty & ~date_col.invalid,
            rows,
            date_col.field,
        )
        self.field_errors("reader.c_no_mutation_date", is_c & date_col.empty, rows, date_col.field)
        self.field_warnings(
            "reader.c_code_00", is_c & code_ok & (code_col.values == 0), rows, code_col.field
        )
        # at most one P line per (relatienummer, productcode); C lines may repeat
        key = pd.DataFrame({"r": rel, "p": codes})
        p_idx = np.flatnonzero(is_p & _usable(c["relation_number"]) & ~c["product_code"].empty)
        dup_p = np.zeros(rel.size, dtype=bool)
        dup_p[p_idx] = key.iloc[p_idx].duplicated().to_numpy()
        self.field_errors("reader.duplicate_p_line", dup_p, rows, c["product_code"].field)
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
        self.amounts_ok = bool(amounts_ok.all())
        self.line_kind, self.line_codes = kind, codes

    def check_trailer(
        self, t: dict[str, fw.Column], ins: dict[str, fw.Column], lines: dict[str, fw.Column]
    ) -> None:
        if t["insured_count"].rows.size == 0:
            return  # reported as a missing 90 record
        rows = t["insured_count"].rows
        net = lines["net_cent"].values
        is_p = self.line_kind == PROLONGATION
        is_c = self.line_kind == CORRECTION
        checks = [
            ("insured_count", ins["relation_number"].rows.size, 7, False),
            ("line_count", lines["relation_number"].rows.size, 7, False),
        ]
        if self.amounts_ok and bool((is_p | is_c).all()):
            # a line of unknown regelsoort counts for neither: its own error says so
            checks += [
                ("total_prolongation_cent", int(net[is_p].sum()), 13, True),
                ("total_corrections_cent", int(net[is_c].sum()), 13, True),
            ]
        if self.amounts_ok:
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

    # -- the result ------------------------------------------------------------------------
    def build(self, header: dict, cols: dict[str, dict[str, fw.Column]]) -> Borderel:
        p, c, ln, t = cols["05"], cols["10"], cols["20"], cols["90"]
        products = pd.DataFrame(
            {
                "product_code": _obj(self.product_codes),
                "product_kind": _obj(fw.to_text(p["product_kind"].values)),
                "description": _obj(fw.to_text(p["description"].values)),
                "discount_bp": p["discount_bp"].values,
                "line_number": self.line_no[p["product_code"].rows],
            }
        )
        rel, holder = c["relation_number"].values, c["policyholder"].values
        emp_own = fw.to_text(c["employee_number"].values)
        # P and K persons take the employee's werknemersnummer (the file's own is ignored).
        h_rel = rel[self.role == "H"]
        order = np.argsort(h_rel, kind="stable")
        emp_of_holder = emp_own[self.role == "H"][order][np.searchsorted(h_rel[order], holder)]
        surname = fw.to_text(c["surname"].values)
        prefix = fw.to_text(c["prefix"].values)
        initials = fw.to_text(c["initials"].values)
        bsn = fw.to_text(c["bsn"].values)
        bsn = np.where(c["bsn"].empty, "", bsn)
        insured = pd.DataFrame(
            {
                "relation_number": rel,
                "policyholder": holder,
                "role": _obj(self.role),
                "employee_number": _obj(emp_of_holder),
                "bsn": _obj(bsn),
                "surname": _obj(surname),
                "prefix": _obj(prefix),
                "initials": _obj(initials),
                "name": _obj(display_name(initials, prefix, surname)),
                "birth_date": c["birth_date"].values,
                "gender": _obj(fw.to_text(c["gender"].values)),
                "start_date": c["start_date"].values,
                "end_date": c["end_date"].values,
                "line_number": self.line_no[c["relation_number"].rows],
            }
        )
        mutation = np.array([f"{i:02d}" for i in range(100)], dtype=object)
        lines = pd.DataFrame(
            {
                "relation_number": ln["relation_number"].values,
                "line_kind": _obj(self.line_kind),
                "premium_month": ln["premium_month"].values,
                "product_code": _obj(self.line_codes),
                "gross_cent": ln["gross_cent"].values,
                "collective_discount_cent": ln["collective_discount_cent"].values,
                "other_discount_cent": ln["other_discount_cent"].values,
                "net_cent": ln["net_cent"].values,
                "mutation_code": mutation[ln["mutation_code"].values],
                "mutation_date": ln["mutation_date"].values,
                "line_number": self.line_no[ln["relation_number"].rows],
            }
        )
        trailer = Trailer(
            **{name: int(col.values[0]) for name, col in t.items() if name != "record_type"}
        )
        created = header["creation_date"]
        return Borderel(
            header=Header(
                collectivity_number=header["collectivity_number"],
                collectivity_name=header["collectivity_name"],
                prolongation_month=header["prolongation_month"],
                creation_date=dt.date.fromisoformat(str(np.datetime64(created, "D"))),
                employer_number=header["employer_number"],
                sequence=header["sequence"],
                layout_version=header["layout_version"],
            ),
            products=products,
            insured=insured,
            lines=lines,
            trailer=trailer,
            source=self.source,
            encoding=self.encoding,
        )


def display_name(initials: np.ndarray, prefix: np.ndarray, surname: np.ndarray) -> np.ndarray:
    """`voorletters voorvoegsels achternaam`, single spaces, empty parts left out."""
    out = surname
    out = np.where(prefix != "", np.strings.add(np.strings.add(prefix, " "), out), out)
    out = np.where(initials != "", np.strings.add(np.strings.add(initials, " "), out), out)
    return out


def _usable(col: fw.Column) -> np.ndarray:
    """Rows where the field holds a value of its type (not empty, not malformed)."""
    return ~col.empty & ~col.invalid


def _obj(values: np.ndarray) -> np.ndarray:
    return values.astype(object)


def _span(first: int, last: int) -> str:
    """Positions as the layout writes them: `251-253`, or `251` for a single one."""
    return str(first) if first == last else f"{first}-{last}"


def _month(month: int) -> str:
    return f"{month:06d}"


def _signed(cents: int, width: int) -> str:
    return f"{'-' if cents < 0 else '+'}{abs(cents):0{width - 1}d}"


def _kind_name(kind: str) -> str:
    from digibord.i18n import tr

    return tr(f"reader.kind.{kind}")
