"""A deliberately plain reference checker of borderel-dat.md, for tests only.

One record at a time, straight from the spec's sentences, with its own copy of the positions
(not the layout table, not the reader's code), so that the vectorised reader can be compared
with it. It returns the set of (line, field, message key) of the errors and of the warnings, and
for a valid file the values read. Slow on purpose; it never sees a large file."""

from __future__ import annotations

import datetime as dt
import re

CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}

# (start, length, type, field name as the spec writes it, required, allowed values)
HEADER = [
    (9, 2, "N", "layoutversie", True, None),
    (11, 9, "N", "collectiviteitsnummer", True, None),
    (20, 60, "A", "naam collectiviteit", False, None),
    (80, 6, "M", "prolongatiemaand", True, None),
    (86, 8, "D", "aanmaakdatum", True, None),
    (94, 10, "N", "klantnummer werkgever", True, None),
    (104, 2, "N", "volgnummer", True, None),
]
PRODUCT = [
    (3, 6, "A", "productcode", True, None),
    (9, 1, "A", "productsoort", True, ("B", "A", "T")),
    (10, 40, "A", "omschrijving", False, None),
    (50, 4, "N", "collectieve korting", True, None),
]
INSURED = [
    (3, 10, "N", "relatienummer", True, None),
    (13, 10, "N", "relatienummer hoofdverzekerde", True, None),
    (23, 1, "A", "rol", True, ("H", "P", "K")),
    (24, 15, "A", "werknemersnummer", False, None),
    (39, 9, "N", "BSN", False, None),
    (48, 35, "A", "achternaam", True, None),
    (83, 10, "A", "voorvoegsels", False, None),
    (93, 6, "A", "voorletters", False, None),
    (99, 8, "D", "geboortedatum", True, None),
    (107, 1, "A", "geslacht", True, ("M", "V", "O")),
    (108, 8, "D", "ingangsdatum", True, None),
    (116, 8, "D", "einddatum", False, None),
]
MUTATION_CODES = ("00", "01", "02", "03", "04", "05", "06", "07", "08", "99")
LINE = [
    (3, 10, "N", "relatienummer", True, None),
    (13, 1, "A", "regelsoort", True, ("P", "C")),
    (14, 6, "M", "premiemaand", True, None),
    (20, 6, "A", "productcode", True, None),
    (26, 11, "S", "brutopremie", True, None),
    (37, 11, "S", "collectieve korting", True, None),
    (48, 11, "S", "overige korting", True, None),
    (59, 11, "S", "nettopremie", True, None),
    (70, 2, "N", "mutatiecode", True, MUTATION_CODES),
    (72, 8, "D", "mutatiedatum", False, None),
]
TRAILER = [
    (3, 7, "N", "aantal verzekerden", True, None),
    (10, 7, "N", "aantal premieregels", True, None),
    (17, 13, "S", "totaal prolongatie", True, None),
    (30, 13, "S", "totaal correcties", True, None),
    (43, 13, "S", "totaal te betalen", True, None),
]
FIELDS = {"01": HEADER, "05": PRODUCT, "10": INSURED, "20": LINE, "90": TRAILER}
RANKS = {"05": 1, "10": 2, "20": 2, "90": 3}
EMPTY_WHEN_ZERO = {
    "BSN",
    "einddatum",
    "mutatiedatum",
    "geboortedatum",
    "ingangsdatum",
    "aanmaakdatum",
}


class Result:
    def __init__(self) -> None:
        self.errors: set[tuple] = set()
        self.warnings: set[tuple] = set()
        self.values: dict | None = None
        self.bad_utf8_columns: dict[int, int] = {}  # line -> column of its first bad byte


def _field_at(line: str, column: int) -> str | None:
    if column > 250:
        return None
    kind = line[:2]
    if column <= 2:  # in every record, also of a type no layout has
        return "recordsoort"
    if kind not in FIELDS:
        return None
    if kind == "01" and column <= 8:
        return "bestandsaanduiding"
    for start, length, _, name, _, _ in FIELDS[kind]:
        if start <= column < start + length:
            return name
    return "filler"


def _is_digits(text: str) -> bool:
    return len(text) > 0 and all("0" <= ch <= "9" for ch in text)


def _date(text: str):
    """A date, None for 'no date' (zeros/spaces), or 'bad'."""
    if text.strip(" ") == "" or text == "00000000":
        return None
    if not _is_digits(text):
        return "bad"
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return "bad"


def read_field(text: str, ftype: str, name: str):
    """(value, problem): value None when empty; problem a message key or None."""
    if ftype == "A":
        if any(ord(ch) < 32 for ch in text):  # only spaces pad: NUL, tab, CR ... are errors
            return None, "reader.control_char"
        value = text.rstrip(" ")
        return (value or None), None
    if text.strip(" ") == "":
        return None, None
    if ftype == "N":
        if not _is_digits(text):
            return None, "reader.not_numeric"
        if name == "BSN" and int(text) == 0:
            return None, None
        return int(text), None
    if ftype == "D":
        value = _date(text)
        if value == "bad":
            return None, "reader.bad_date"
        return value, None
    if ftype == "M":
        if not _is_digits(text) or not 1 <= int(text[4:]) <= 12 or int(text[:4]) < 1:
            return None, "reader.bad_month"
        return int(text), None
    if ftype == "S":
        sign, digits = text[0], text[1:]
        if sign not in "+- " or not _is_digits(digits):
            return None, "reader.bad_amount"
        return (-int(digits) if sign == "-" else int(digits)), None
    raise ValueError(ftype)


def _decode(data: bytes, res: Result) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        res.warnings.add((None, None, "reader.utf8_bom"))
        # bytes that are not UTF-8: an error on each line they are on (named by the first
        # run's field below), each run read as one U+FFFD and the rest of the file checked
        lines = data[3:].decode("utf-8", "surrogateescape").split("\n")
        for number, line in enumerate(lines, start=1):
            run = re.search("[\udc80-\udcff]+", line)
            if run:
                res.errors.add((number, None, "reader.bad_utf8"))
                res.bad_utf8_columns[number] = run.start() + 1
                lines[number - 1] = re.sub(  # as "replace" reads the bytes
                    "[\udc80-\udcff]+",
                    lambda m: bytes(ord(c) - 0xDC00 for c in m.group()).decode("utf-8", "replace"),
                    line)
        return "\n".join(lines)
    chars = []
    line = 1
    bad_lines = set()
    for b in data:
        if b in CP1252_UNDEFINED and line not in bad_lines:
            bad_lines.add(line)
            res.errors.add((line, None, "reader.bad_byte"))
        if b == 10:
            line += 1
        chars.append("\ufffd" if b in CP1252_UNDEFINED else bytes([b]).decode("cp1252"))
    return "".join(chars)


def check(data: bytes) -> Result:
    res = Result()
    text = _decode(data, res)
    if text is None:
        return res
    # after the 90: line ends (CR LF or LF) and 0x1A; a CR without LF belongs to the line
    end = len(text)
    while end:
        if text[end - 1] == "\n":
            end -= 2 if text[end - 2 : end] == "\r\n" else 1
        elif text[end - 1] == "\x1a":
            end -= 1
        else:
            break
    marks = text[end:].count("\x1a")
    last_crlf = text[end : end + 2] == "\r\n"  # the last line's own line end
    text = text[:end]
    if not text:
        res.errors = {(None, None, "reader.empty")}
        return res
    records = []  # (line number, text)
    pieces = text.split("\n")
    cr_cr_lf = set()  # lines that end CR CR LF: one CR too many before the line end
    blanks: dict[int, str] = {}  # blank lines: number -> text
    for number, line in enumerate(pieces, start=1):
        if line.endswith("\r") and number < len(pieces):  # CR LF; the last line has no LF
            line = line[:-1]
            if line.endswith("\r"):
                cr_cr_lf.add(number)
        elif number == len(pieces) and last_crlf and line.endswith("\r"):
            cr_cr_lf.add(number)
        if line.strip(" ") == "":
            res.warnings.add((number, None, "reader.blank_line"))
            blanks[number] = line
            continue
        records.append((number, line))
    if not records:
        res.errors = {(None, None, "reader.empty")}
        return res

    first_no, first = records[0]
    # not a borderel (of a layout we know): that alone is said
    if first[:2] != "01":
        res.errors = {(None, "recordsoort", "reader.no_header")}
        return res
    if first[2:8] != "BRDVGZ":
        res.errors = {(None, "bestandsaanduiding", "reader.not_borderel")}
        return res
    if first[8:10] != "01":
        res.errors = {(first_no, "layoutversie", "reader.unsupported_version")}
        return res
    for number, line in records:  # bytes not UTF-8: name the field the first stands in
        if number in res.bad_utf8_columns:
            res.errors.remove((number, None, "reader.bad_utf8"))
            res.errors.add((number, _field_at(line, res.bad_utf8_columns[number]),
                            "reader.bad_utf8"))
    for number, line in records:  # a byte cp1252 does not define: name the field it is in
        if "\ufffd" in line and (number, None, "reader.bad_byte") in res.errors:
            res.errors.remove((number, None, "reader.bad_byte"))
            res.errors.add((number, _field_at(line, line.index("\ufffd") + 1), "reader.bad_byte"))

    def err(line, field, key):
        res.errors.add((line, field, key))

    typed = {"01": [], "05": [], "10": [], "20": [], "90": []}
    seen_trailer = False
    rank = 0
    for i, (number, line) in enumerate(records):
        if len(line) > 250:
            if number in cr_cr_lf:
                err(number, None, "reader.line_too_long_crcrlf")
            elif "\r" in line[250:-1]:  # CR alone as line end (a last CR: the file's end)
                err(number, None, "reader.line_too_long_cr")
            else:
                err(number, None, "reader.line_too_long")
        padded = line[:250].ljust(250)
        kind = padded[:2]
        if seen_trailer and padded.rstrip(" ") == "\x1a":
            marks += 1  # the DOS end-of-file byte on a line of its own
            if " " in line:  # only line ends and the one 0x1A may follow the 90
                err(number, "recordsoort", "reader.spaces_after_trailer")
            continue
        line = padded
        if kind not in FIELDS:
            if line.strip(" \t\v\f\r\xa0") == "":
                err(number, "recordsoort", "reader.not_blank_line")  # tabs are not spaces
            else:
                err(number, "recordsoort", "reader.unknown_record")
            continue
        if i == 0:
            typed["01"].append((number, line))
            continue
        if seen_trailer:
            err(number, "recordsoort", "reader.after_trailer")
            continue
        if kind == "01":
            err(number, "recordsoort", "reader.second_header")
            continue
        if RANKS[kind] < rank:
            err(number, "recordsoort", "reader.out_of_order")
        rank = max(rank, RANKS[kind])
        typed[kind].append((number, line))
        if kind == "90" and not seen_trailer:
            seen_trailer = True
            trailer_no = number
    if seen_trailer:  # after the 90 only line ends (no warning) and one 0x1A; spaces: an error
        for later, blank in blanks.items():
            if later > trailer_no:
                res.warnings.discard((later, None, "reader.blank_line"))
                if " " in blank:
                    err(later, "recordsoort", "reader.spaces_after_trailer")
    if not seen_trailer:
        err(None, None, "reader.missing_trailer")
    if marks > 1:
        err(None, None, "reader.eof_marks")

    def fields_of(kind):
        out = []
        for number, line in typed[kind]:
            rec = {"_line": number}
            for start, length, ftype, name, required, allowed in FIELDS[kind]:
                raw = line[start - 1 : start - 1 + length]
                value, problem = read_field(raw, ftype, name)
                if problem:
                    err(number, name, problem)
                    rec[name] = "bad"
                    continue
                if value is None and required:
                    err(number, name, "reader.required_empty")
                    rec[name] = "bad"
                    continue
                if allowed and value is not None:
                    shown = raw if ftype == "N" else value
                    if shown not in allowed:
                        err(number, name, "reader.not_allowed")
                rec[name] = value
            out.append(rec)
        return out

    header = fields_of("01")[0]
    if header["volgnummer"] not in ("bad", None) and header["volgnummer"] < 1:
        err(header["_line"], "volgnummer", "reader.sequence_zero")
    products = fields_of("05")
    insured = fields_of("10")
    lines = fields_of("20")
    trailers = fields_of("90")

    def usable(v):
        return v is not None and v != "bad"

    seen = set()
    for p in products:
        code = p["productcode"]
        if usable(code):
            if code in seen:
                err(p["_line"], "productcode", "reader.duplicate_product")
            seen.add(code)
    product_codes = seen

    rels = {}
    for person in insured:
        rel = person["relatienummer"]
        if usable(rel):
            if rel in rels:
                err(person["_line"], "relatienummer", "reader.duplicate_relation")
            else:
                rels[rel] = person
    for person in insured:
        holder, role, line = person["relatienummer hoofdverzekerde"], person["rol"], person["_line"]
        if role == "H":
            if (
                usable(holder)
                and usable(person["relatienummer"])
                and holder != person["relatienummer"]
            ):
                err(line, "relatienummer hoofdverzekerde", "reader.holder_not_self")
            if person["werknemersnummer"] is None:
                res.warnings.add((line, "werknemersnummer", "reader.no_employee_number"))
        elif role in ("P", "K") and usable(holder):
            others = [q for q in insured if q["relatienummer"] == holder]
            if not others:
                err(line, "relatienummer hoofdverzekerde", "reader.holder_missing")
            elif not any(q["rol"] not in ("P", "K") for q in others):
                err(line, "relatienummer hoofdverzekerde", "reader.holder_not_h")
        bsn = person["BSN"]
        if usable(bsn):
            digits = f"{bsn:09d}"
            weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
            total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
            if total % 11:
                res.warnings.add((line, "BSN", "reader.bsn_check"))

    month = header["prolongatiemaand"]
    p_keys = set()
    nets_ok = True  # the trailer's totals sum nettopremie alone
    for ln in lines:
        number = ln["_line"]
        rel, kind, code = ln["relatienummer"], ln["regelsoort"], ln["productcode"]
        if usable(rel) and rel not in {q["relatienummer"] for q in insured}:
            err(number, "relatienummer", "reader.unknown_relation")
        if usable(code) and code not in product_codes:
            err(number, "productcode", "reader.unknown_product")
        pm = ln["premiemaand"]
        if usable(month) and usable(pm):
            if kind == "P" and pm != month:
                err(number, "premiemaand", "reader.p_month")
            if kind == "C" and pm > month:
                err(number, "premiemaand", "reader.c_month_after")
        mcode, mdate = ln["mutatiecode"], ln["mutatiedatum"]
        if kind == "P":
            if usable(mcode) and mcode != 0:
                err(number, "mutatiecode", "reader.p_mutation_code")
            if usable(mdate):
                err(number, "mutatiedatum", "reader.p_mutation_date")
            if usable(rel) and usable(code):
                if (rel, code) in p_keys:
                    err(number, "productcode", "reader.duplicate_p_line")
                p_keys.add((rel, code))
        if kind == "C":
            if mdate is None:
                err(number, "mutatiedatum", "reader.c_no_mutation_date")
            if usable(mcode) and mcode == 0:
                res.warnings.add((number, "mutatiecode", "reader.c_code_00"))
        money = [
            ln[n] for n in ("brutopremie", "collectieve korting", "overige korting", "nettopremie")
        ]
        if all(usable(v) or v == 0 for v in money) and money[0] - money[1] - money[2] != money[3]:
            err(number, "nettopremie", "reader.net_mismatch")
        if not (usable(money[3]) or money[3] == 0):
            nets_ok = False

    if trailers:
        t = trailers[0]
        number = t["_line"]
        expected = {
            "aantal verzekerden": len(insured),
            "aantal premieregels": len(lines),
        }
        if nets_ok and all(ln["regelsoort"] in ("P", "C") for ln in lines):
            expected["totaal prolongatie"] = sum(
                ln["nettopremie"] for ln in lines if ln["regelsoort"] == "P"
            )
            expected["totaal correcties"] = sum(
                ln["nettopremie"] for ln in lines if ln["regelsoort"] == "C"
            )
        if nets_ok:
            expected["totaal te betalen"] = sum(ln["nettopremie"] for ln in lines)
        for name, value in expected.items():
            if usable(t[name]) and t[name] != value:
                err(number, name, "reader.trailer_mismatch")

    if not res.errors:
        res.values = {
            "header": header,
            "products": products,
            "insured": insured,
            "lines": lines,
            "trailer": trailers[0],
        }
    return res
