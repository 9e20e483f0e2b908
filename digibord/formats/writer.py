"""Writing a Borderel back as a `.dat` file, every position taken from the layout table.

Each record type is built as an (n, width) matrix of code units filled with spaces; every field
is formatted over the whole column at once (digits by integer arithmetic, text through its few
distinct values) and dropped into its column slice. The matrices are then interleaved in file
order and joined. For single-byte encodings (cp1252, latin-1, ascii) the units are the bytes
themselves; for any other encoding (UTF-8, to craft a re-saved file in tests) they are UCS-4
code points, decoded and re-encoded once at the end, since positions count characters.

The writer formats what it is given and computes the `90` trailer from the data; it does not
validate (tests use it to craft files that the reader must refuse). A value that cannot be
represented in its field at all (too long, negative in an `N` field, not encodable) raises
`ValueError` naming the record and field."""

from __future__ import annotations

import codecs
import datetime as dt

import numpy as np
import pandas as pd

from digibord.formats.borderel import CORRECTION, PROLONGATION, Borderel, Trailer
from digibord.formats.layout import RECORD_LENGTH, Field, Layout, load_layout

SPACE = 32
ZERO = 48
_SINGLE_BYTE = {"cp1252", "latin-1", "iso8859-1", "ascii", "iso8859-15"}


def write_borderel(b: Borderel, *, line_end: str = "\r\n", encoding: str = "cp1252") -> bytes:
    """The file bytes of `b`: 01, the 05s, each insured's 10 followed by its 20s, then 90."""
    layout = load_layout(b.header.layout_version)
    units = np.uint8 if codecs.lookup(encoding).name in _SINGLE_BYTE else np.uint32
    enc = encoding if units is np.uint8 else None

    h = b.header
    header = {
        "layout_version": np.array([h.layout_version], dtype=object),
        "collectivity_number": np.array([h.collectivity_number], dtype=object),
        "collectivity_name": np.array([h.collectivity_name], dtype=object),
        "prolongation_month": np.array([h.prolongation_month], dtype=np.int64),
        "creation_date": np.array([np.datetime64(h.creation_date, "D")]),
        "employer_number": np.array([h.employer_number], dtype=object),
        "sequence": np.array([h.sequence], dtype=np.int64),
    }
    trailer = compute_trailer(b.insured, b.lines)
    trailer_cols = {k: np.array([v], dtype=np.int64) for k, v in vars(trailer).items()}

    insured = _columns(b.insured)
    # The insurer fills werknemersnummer on the employee's own record only.
    role = insured["role"].astype(str)
    own = np.where(role == "H", insured["employee_number"], "")
    insured["employee_number"] = own.astype(object)

    ends = np.array([ord(c) for c in line_end], dtype=units)
    products = _columns(b.products)
    lines = _columns(b.lines)
    n05, n10, n20 = len(b.products), len(b.insured), len(b.lines)
    # One buffer for the whole file; each record type is formatted straight into its rows.
    full = np.empty((2 + n05 + n10 + n20, RECORD_LENGTH + ends.size), dtype=units)
    full[:, RECORD_LENGTH:] = ends
    body = 1 + n05
    pos10, pos20 = body_order(b.insured["relation_number"], b.lines["relation_number"])
    _fill(full, slice(0, 1), layout, "01", header, units, enc)
    _fill(full, slice(1, body), layout, "05", products, units, enc)
    _fill(full, pos10 + body, layout, "10", insured, units, enc)
    _fill(full, pos20 + body, layout, "20", lines, units, enc)
    _fill(full, slice(-1, None), layout, "90", trailer_cols, units, enc)
    if units is np.uint8:
        return full.tobytes()
    return full.tobytes().decode("utf-32-le").encode(encoding)


def body_order(insured_relations: pd.Series | np.ndarray, line_relations: pd.Series | np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """Row positions (0-based within the body) of the 10 records and of the 20 records: each
    insured's 10 is followed by its own 20s in frame order; 20s naming no insured go last."""
    ins = np.asarray(insured_relations, dtype=np.int64)
    rel = np.asarray(line_relations, dtype=np.int64)
    owner = pd.Index(ins).get_indexer(rel) if ins.size else np.full(rel.size, -1)
    owner = np.where(owner < 0, ins.size, owner)  # orphans after the last insured
    counts = np.bincount(owner, minlength=ins.size + 1)
    # Start of each insured's block: its own 10 plus the 20s of everyone before it.
    block_start = np.arange(ins.size + 1) + np.concatenate(([0], np.cumsum(counts)[:-1]))
    order = np.argsort(owner, kind="stable")
    rank = np.empty(rel.size, dtype=np.int64)
    group_first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank[order] = np.arange(rel.size) - group_first[owner[order]]
    pos20 = block_start[owner] + np.where(owner < ins.size, 1, 0) + rank
    return block_start[: ins.size], pos20


def file_line_numbers(n_products: int, insured_relations: pd.Series | np.ndarray,
                      line_relations: pd.Series | np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
    """The 1-based physical line numbers the writer gives the 10 and the 20 records."""
    pos10, pos20 = body_order(insured_relations, line_relations)
    first = 2 + n_products  # after the 01 and the 05s
    return pos10 + first, pos20 + first


def compute_trailer(insured: pd.DataFrame, lines: pd.DataFrame) -> Trailer:
    kind = lines["line_kind"].to_numpy(dtype=object)
    net = lines["net_cent"].to_numpy(dtype=np.int64)
    prolongation = int(net[kind == PROLONGATION].sum())
    corrections = int(net[kind == CORRECTION].sum())
    return Trailer(
        insured_count=len(insured),
        line_count=len(lines),
        total_prolongation_cent=prolongation,
        total_corrections_cent=corrections,
        total_due_cent=int(net.sum()),
    )


def _columns(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    return {name: frame[name].to_numpy() for name in frame.columns}


def _fill(full: np.ndarray, rows, layout: Layout, record: str, cols: dict, units, enc) -> None:
    """Format the records of one type into `rows` of the file buffer."""
    contiguous = isinstance(rows, slice)
    n = len(range(*rows.indices(full.shape[0]))) if contiguous else len(rows)
    out = full[rows, :RECORD_LENGTH] if contiguous else np.empty((n, RECORD_LENGTH), units)
    out[...] = SPACE
    for f in layout.records[record]:
        if f.type == "F":
            continue
        if f.name in cols:
            values = cols[f.name]
        elif len(f.allowed) == 1:  # a constant such as recordsoort or bestandsaanduiding
            values = np.full(n, f.allowed[0], dtype=object)
        else:
            raise ValueError(f"record {record}: no data for field {f.label!r} ({f.name})")
        out[:, f.start - 1 : f.stop] = _format(f, values, n, units, enc)
    if not contiguous:
        full[rows, :RECORD_LENGTH] = out


def _format(f: Field, values, n: int, units, enc) -> np.ndarray:
    """(n, length) code units of one field."""
    if f.type == "A":
        return _text(f, values, units, enc)
    if f.type in ("N", "ID"):
        if _is_text(values):
            return _ascii_digits_text(f, values, units)
        return _digits(f, _as_int(values), units)
    if f.type == "D":
        return _digits(f, _date_int(values), units)
    if f.type == "M":
        return _digits(f, _as_int(values), units)
    if f.type == "S":
        v = _as_int(values)
        sign = np.where(v < 0, ord("-"), ord("+")).astype(units)
        digits = _digits(f, np.abs(v), units, width=f.length - 1)
        return np.concatenate([sign[:, None], digits], axis=1)
    raise ValueError(f"field {f.name}: cannot write type {f.type}")


def _is_text(values) -> bool:
    arr = np.asarray(values)
    return arr.dtype.kind in "OUS" or isinstance(getattr(values, "dtype", None), pd.StringDtype)


def _as_int(values) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


def _date_int(values) -> np.ndarray:
    """datetime64 (or dates) -> YYYYMMDD as int64; NaT -> 0 (written 00000000)."""
    arr = np.asarray(values)
    if arr.dtype.kind != "M":
        arr = np.array([np.datetime64(v, "D") if isinstance(v, dt.date) else v for v in arr],
                       dtype="datetime64[D]")
    days = arr.astype("datetime64[D]")
    nat = np.isnat(days)
    days = np.where(nat, np.datetime64("2000-01-01", "D"), days)
    months = days.astype("datetime64[M]")
    years = months.astype("datetime64[Y]").astype(np.int64) + 1970
    mon = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return np.where(nat, 0, years * 10000 + mon * 100 + day)


def _digits(f: Field, v: np.ndarray, units, width: int | None = None) -> np.ndarray:
    """Zero-padded decimal digits of non-negative integers, `width` of them per row."""
    width = f.length if width is None else width
    if v.size and (v.min() < 0 or v.max() >= 10**width):
        bad = v[(v < 0) | (v >= 10**width)][0]
        raise ValueError(f"record {f.record}: {f.label} {bad} does not fit {width} digits")
    out = np.full((v.size, width), ZERO, dtype=units)
    rest = v.astype(np.int64)
    # From the last digit leftwards; stop once every remaining digit is a leading zero.
    for i in range(width - 1, -1, -1):
        if not rest.any():
            break
        rest, digit = np.divmod(rest, 10)
        out[:, i] += digit.astype(units)
    return out


def _ascii_digits_text(f: Field, values, units) -> np.ndarray:
    """Identifiers kept as text ('0123', '' for unknown): right-aligned, zero-padded."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object).fillna(""), sort=False)
    padded = []
    for value in uniques:
        text = str(value).strip()
        if len(text) > f.length or not text.isascii():
            raise ValueError(f"record {f.record}: {f.label} {text!r} does not fit")
        padded.append(text.zfill(f.length))
    table = np.array(padded or ["0" * f.length], dtype=f"S{f.length}")
    return _fixed_units(table[codes], f.length, units)


def _text(f: Field, values, units, enc) -> np.ndarray:
    """Text fields: encode each distinct value once, pad with spaces, then gather by code."""
    series = pd.Series(values, dtype=object).fillna("")
    codes, uniques = pd.factorize(series, sort=False)
    encoded = []
    for value in uniques:
        text = str(value).rstrip(" ")
        if len(text) > f.length:
            raise ValueError(f"record {f.record}: {f.label} {text!r} longer than {f.length}")
        if enc is None:
            encoded.append(text.ljust(f.length))
        else:
            try:
                encoded.append(text.encode(enc).ljust(f.length, b" "))
            except UnicodeEncodeError as exc:
                raise ValueError(f"record {f.record}: {f.label} {text!r} not in {enc}") from exc
    kind = "S" if enc is not None else "U"
    table = np.array(encoded or [" " * f.length], dtype=f"{kind}{f.length}")
    return _fixed_units(table[codes], f.length, units)


def _fixed_units(fixed: np.ndarray, length: int, units) -> np.ndarray:
    """A fixed-width 'S' or 'U' array as an (n, length) array of code units."""
    if fixed.dtype.kind == "S" and units is np.uint32:
        fixed = fixed.astype(f"U{length}")
    # numpy strips trailing NULs, never spaces, and our values are padded: a plain view works.
    flat = np.ascontiguousarray(fixed).view(np.uint8 if fixed.dtype.kind == "S" else np.uint32)
    return flat.reshape(len(fixed), length).astype(units, copy=False)
