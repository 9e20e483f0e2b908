"""The pages printed on Windows' Qt against the PDF renderer's (tools/windows/print_check.py):
the same number of pages, each in the same orientation with the same words. Exit 1 naming the
first page that differs.

    python tools/windows/compare_pages.py RENDERER.pdf PRINTER.pdf
"""

from __future__ import annotations

import os
import subprocess
import sys

from pypdf import PdfReader


def page_words(path: str | os.PathLike) -> list[tuple[bool, list[str]]]:
    """Per page: landscape or not, and its words in reading order, as pdftotext reads them
    (it splits them at gaps, as viewers do: the printer draws no space glyphs, and pypdf would
    run words together); one pdftotext for the file, its pages parted by form feeds."""
    reader = PdfReader(path)
    text = subprocess.run(["pdftotext", os.fspath(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    words = [t.split() for t in text.split("\f")[:len(reader.pages)]]
    return [(float(page.mediabox.width) > float(page.mediabox.height), w)
            for page, w in zip(reader.pages, words, strict=True)]


def pages(path: str | os.PathLike) -> list[tuple[bool, list[str]]]:
    """`page_words` with each page's words sorted (the order of the content may differ)."""
    return [(landscape, sorted(words)) for landscape, words in page_words(path)]


def main(renderer: str, printer: str) -> int:
    ours, theirs = pages(renderer), pages(printer)
    if len(ours) != len(theirs):
        print(f"{len(theirs)} pages printed, the PDF renderer has {len(ours)}")
        return 1
    for number, (a, b) in enumerate(zip(ours, theirs, strict=True), start=1):
        if a != b:
            missing = sorted(set(a[1]) - set(b[1]))[:8]
            extra = sorted(set(b[1]) - set(a[1]))[:8]
            print(f"page {number} differs: landscape {a[0]}/{b[0]}, missing {missing}, "
                  f"extra {extra}")
            return 1
    print(f"{len(ours)} pages, each the PDF renderer's: same orientation, same words")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
