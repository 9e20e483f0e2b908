"""Regenerate the demo borderels in resources/demo/ (deterministic: same bytes every run).

    python tools/make_demo.py           # write resources/demo/2026-0M_01.dat
    python tools/make_demo.py --check   # exit 1 if the committed files differ from a fresh run
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import checkout  # noqa: F401  (the checkout on sys.path: devtools/)

from devtools.synth import generate_series
from digibord.formats.borderel import month_text
from digibord.formats.writer import write_borderel

DEMO = Path(__file__).resolve().parent.parent / "resources" / "demo"
MONTHS = [202601, 202602, 202603, 202604]
SETTINGS = dict(
    n_employees=40,
    seed=2026,
    collectivity="987654321",
    name="Demo Zorg B.V.",
    employer_number="4012345678",
    missing_employee_numbers=1,  # one family salary conversion cannot place
)


def demo_files() -> dict[str, bytes]:
    series = generate_series(MONTHS, **SETTINGS)
    return {f"{month_text(b.month)}_{b.header.sequence:02d}.dat": write_borderel(b)
            for b in series}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    args = ap.parse_args()
    files = demo_files()
    if args.check:
        stale = [name for name, data in files.items()
                 if not (DEMO / name).exists() or (DEMO / name).read_bytes() != data]
        for name in stale:
            print(f"out of date: resources/demo/{name}")
        return 1 if stale else 0
    DEMO.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (DEMO / name).write_bytes(data)
        lines = data.count(b"\n")
        print(f"wrote resources/demo/{name} ({lines} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
