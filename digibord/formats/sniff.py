"""Recognise files that are obviously not a borderel by their first bytes, so that the message
can say what the file looks like ("dit lijkt een PDF-document") instead of a cryptic field error."""

from __future__ import annotations

import re
from itertools import pairwise

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"%PDF", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF87a", "image"),
    (b"GIF89a", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "zip"),
    (b"7z\xbc\xaf", "zip"),
    (b"{\\rtf", "rtf"),
)
# an OpenDocument file's first entry is its uncompressed mimetype
_ODS_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
# the sizes of a BMP's information header (BITMAPCOREHEADER ... BITMAPV5HEADER), which follows
# its 14-byte file header: "BM" alone could begin a text
_BMP_INFO_SIZES = (12, 16, 40, 52, 56, 64, 108, 124)
# a quoted value of a CSV line, whose separators are text (`"2,474.68"`)
_QUOTED = re.compile(rb'"[^"\n]*"')
# tags that only a web page starts with or holds near its top (a page saved from a browser may
# begin with a comment, `<title>` or `<meta>` rather than `<html>`)
_HTML_TAGS = (b"<html", b"<head", b"<body", b"<title", b"<meta", b"<script", b"<div", b"<table",
              b"<form")


def sniff(data: bytes) -> str | None:
    """What `data` looks like when it is clearly not a borderel, else None.

    Kinds: xlsx, ods, zip, ole (old Excel/Word), pdf, html, xml, image, gzip, rtf, utf16,
    binary, csv."""
    head = data[:4096]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "zip" and b"xl/" in data[:65536]:
                return "xlsx"
            if kind == "zip" and _ODS_MIMETYPE in head[:100]:
                return "ods"  # a spreadsheet (spec), not just "a compressed archive"
            return kind
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        return "image"
    if head.startswith(b"BM") and int.from_bytes(head[14:18], "little") in _BMP_INFO_SIZES:
        return "image"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16"
    if starts_as_borderel(head):
        # a borderel's own header: control bytes further on (in a filler, say) are the
        # reader's to judge field by field, not a reason to call the file binary
        return None
    if utf16_without_bom(head) is not None:
        return "utf16"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markup = _markup(text) if text.startswith(b"<") else None
    if markup is not None:
        return markup
    if b"\x00" in head:
        return "binary"
    controls = sum(head.count(bytes([c])) for c in range(32) if c not in (9, 10, 13, 26))
    if controls > max(8, len(head) // 50):
        return "binary"
    if _delimited(head.removeprefix(b"\xef\xbb\xbf")):
        return "csv"
    return None


def _delimited(head: bytes) -> bool:
    """A table as text (CSV: an export from a spreadsheet or a payroll program): two lines
    after each other among the first ten hold two or more of one separator (`;`, a tab, `,`;
    those inside quotes not counted) and as many of it, and none of those ten is a record (a
    borderel's records start with their recordsoort, and a record of fixed width holds runs
    of spaces where a field is shorter than its room). A title line or two may come first, as
    payroll programs write them; a file of one line is a table by its separators alone."""
    lines = [_QUOTED.sub(b"", line.rstrip(b"\r")) for line in head.split(b"\n")[:10]]
    if any(line[:2].isdigit() and b"   " in line for line in lines):
        return False
    filled = [line for line in lines if line.strip()]
    if len(filled) == 1:  # one line: its separators alone
        lines = filled * 2
    return any(a.count(sep) >= 2 and a.count(sep) == b.count(sep) and b"   " not in a
               for a, b in pairwise(lines) for sep in (b";", b"\t", b","))


def starts_as_borderel(data: bytes) -> bool:
    """`data` begins with a borderel's header (`01BRDVGZ`, after a byte order mark and blank
    lines if any): the reader judges it field by field, and a payroll journal it is not."""
    return data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip(b" \r\n").startswith(b"01BRDVGZ")


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when `head` (the start of a file) is UTF-16 text without a
    byte order mark: every other byte of its ASCII characters is NUL, and the bytes between
    them are not (a file of NULs, or of zeroed blocks, is binary data); else None. The reader
    names such a file; a payroll journal is read in it (journal_grid)."""
    if len(head) < 4:
        return None
    low, high = head[0::2].count(0), head[1::2].count(0)  # zeros at even and odd offsets
    if max(low, high) > len(head) // 4 and min(low, high) < len(head) // 16:
        return "utf-16-le" if high > low else "utf-16-be"
    return None


def _markup(text: bytes) -> str | None:
    """What a file starting with `<` (`text`: its start, lower case) is: a web page, an image
    (SVG), other XML (an Excel 2003 XML workbook has `<Table>`: XML, not a page); None for a
    `<` that begins none of them."""
    if text.startswith(b"<?xml"):
        return "html" if b"<html" in text else "image" if b"<svg" in text else "xml"
    if text.startswith(b"<!doctype html") or any(tag in text for tag in _HTML_TAGS):
        return "html"
    if text.startswith(b"<svg") or (text.startswith((b"<!--", b"<!doctype svg"))
                                    and b"<svg" in text):
        return "image"
    if text.startswith((b"<!--", b"<!doctype")):
        return "xml"
    return None
