"""Month summaries for a trend (issue 18): the stored summaries of 84 months (seven years, the
retention period) of a 5 000-employee collectivity, against decrypting and parsing every
borderel and summarising it.

    python bench/bench_archive_summary.py [--months 84] [--employees 5000] [--repeat 3]

Generates the series with devtools.synth, imports it into a temporary archive (a private
DIGIBORD_HOME, key in a key file there), then prints, best of --repeat: `Archive.summaries()`
from the stored form, the same after the stored summaries were deleted (the first request on
an archive of before: decrypt, parse, summarise, store), and decrypt + parse + summarise of
every borderel without storing; and the ratio. Target (issue 18): a trend within 2 s."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ["DIGIBORD_HOME"] = tempfile.mkdtemp(prefix="digibord-bench-")  # never the user's
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import checkout  # noqa: F401  (the checkout on sys.path: devtools/)
import keyring
from keyring.backends import fail
from timing import best  # beside this script

from devtools.synth import generate_series, months_back
from digibord.archive import open_archive
from digibord.archive.month_summary import summarize
from digibord.formats.writer import write_borderel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=84)
    parser.add_argument("--employees", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    keyring.set_keyring(fail.Keyring())  # nor the user's keyring: the key goes to a file there
    months = months_back(args.months)
    start = time.perf_counter()
    archive = open_archive()
    size = 0
    # A year at a time: generating all months keeps only one year's frames in memory.
    for first in range(0, len(months), 12):
        for b in generate_series(months[first:first + 12], args.employees, seed=first):
            data = write_borderel(b)
            size += len(data)
            archive.import_bytes(data, f"{b.header.prolongation_month}.dat")
    imported = time.perf_counter() - start
    collectivity = archive.collectivities()[0].number
    print(f"{len(months)} months, {args.employees} employees at the start, "
          f"{size / 1e6:.0f} MB of borderels; generated and imported in {imported:.0f} s; "
          f"archive {archive.path.stat().st_size / 1e6:.0f} MB")

    stored, pairs = best(lambda: open_archive().summaries(collectivity), args.repeat)
    assert len(pairs) == len(months)

    def from_borderels():
        a = open_archive()
        return [summarize(a.records.parse(e)) for e in a.months(collectivity)]

    decrypted, summaries = best(from_borderels, args.repeat)
    assert summaries == [s for _, s in pairs]

    def first_request():
        con = sqlite3.connect(archive.path)
        with con:
            con.execute("DELETE FROM summary")
        con.close()
        start = time.perf_counter()
        open_archive().summaries(collectivity)
        return time.perf_counter() - start

    lazy = min(first_request() for _ in range(args.repeat))
    per = stored / len(months) * 1000
    print(f"summaries from the stored form:          {stored:7.3f} s  ({per:.1f} ms a month)")
    print(f"first request (decrypt, parse, store):  {lazy:7.3f} s")
    print(f"decrypt + parse + summarise every month: {decrypted:7.3f} s")
    print(f"ratio: {decrypted / stored:.0f}x faster from the stored form")
    sys.stdout.flush()
    shutil.rmtree(os.environ["DIGIBORD_HOME"], ignore_errors=True)


if __name__ == "__main__":
    main()
