"""The first page of every report's PDF as an image, into docs/pdf-*.png (what docs/export.md
shows): made from the sample borderels with the PDF renderer and `pdftoppm` (poppler-utils).

    python tools/pdf_pages.py [--out docs] [--samples tests/data/samples] [--dpi 110]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from digibord.app.payroll import check_payroll
from digibord.app.salary import convert_salary, salary_options
from digibord.export.files import write_report
from digibord.formats.reader import read_borderel
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.reconcile.insured_list import insured_list

REPO = Path(__file__).resolve().parent.parent


def reports(samples: Path) -> dict[str, tuple[object, int]]:
    """name -> (result, page to show)."""
    b = {m: read_borderel(samples / f"{m}_01.dat") for m in ("2026-01", "2026-02", "2026-03")}
    options = salary_options(amount="25,00")
    insured = insured_list(b["2026-03"])
    return {
        "insured": (insured, 1),
        "policies": (insured, 2),  # the first page of "Polis per verzekerde"
        "corrections": (compute_corrections(list(b.values())), 1),
        "diff": (compute_diff(b["2026-02"], b["2026-03"]), 1),
        "salary": (convert_salary(b["2026-03"], salary_options("4weken", amount="12,50"),
                                  local_numbers=False), 1),
        # with the month before, so the page shows the verklaring `vorige_maand`
        "payroll-check": (check_payroll(b["2026-03"], samples / "payroll"
                                        / "journal_vorige_maand.csv", options,
                                        previous=b["2026-02"]), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(REPO / "docs"))
    parser.add_argument("--samples", default=str(REPO / "tests" / "data" / "samples"))
    parser.add_argument("--dpi", type=int, default=110)
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm is not installed (Debian: poppler-utils)")
    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (result, page) in reports(Path(args.samples)).items():
            pdf = Path(tmp) / f"{name}.pdf"
            write_report(result, pdf, "pdf", overwrite=True)
            stem = Path(tmp) / name
            subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), "-f", str(page), "-l",
                            str(page), "-singlefile", str(pdf), str(stem)], check=True)
            shutil.move(f"{stem}.png", out / f"pdf-{name}.png")
            print(out / f"pdf-{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
