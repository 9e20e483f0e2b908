"""The pages printed on Windows' Qt against the PDF renderer's (tools/windows/print_check.py):
the same number of pages, each in the same orientation with the same words. Exit 1 naming the
first page that differs.

    python tools/windows/compare_pages.py RENDERER.pdf PRINTER.pdf
"""

from __future__ import annotations

import subprocess
import sys

from pypdf import PdfReader


def pages(path: str) -> list[tuple[bool, list[str]]]:
    out = []
    # words as pdftotext reads them (split at gaps): the printer draws no space glyphs;
    # one pdftotext for the file, its pages parted by form feeds
    text = subprocess.run(["pdftotext", path, "-"], check=True, capture_output=True,
                          text=True).stdout.split("\f")
    for number, page in enumerate(PdfReader(path).pages):
        box = page.mediabox
        out.append((float(box.width) > float(box.height), sorted(text[number].split())))
    return out


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
