"""The floor that `digibord check` is measured against: a bare numpy byte-slicing parse of a
borderel, no validation at all.

    python bench/floor_parse.py FILE

It imports numpy only, reads the file, lays the lines (all 250 long, one line end throughout,
as the insurer writes them) into a strided view, gathers each record type's rows into one
contiguous block, and takes every field of resources/layouts/borderel_v01.csv as a slice of
it: digits converted to int64 by one matrix-vector product, text kept as fixed-width bytes.
Nothing is checked (not the digits, not the dates, not the record order): whatever validation
costs on top of this is what the ratio shows. Prints the number of records read."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

LAYOUT = Path(__file__).resolve().parent.parent / "resources" / "layouts" / "borderel_v01.csv"


def main(path: str) -> None:
    data = Path(path).read_bytes()
    units = np.frombuffer(data, dtype=np.uint8)
    stride = 252 if units[250] == 13 else 251
    n = -(-units.size // stride)
    matrix = np.lib.stride_tricks.as_strided(units, shape=(n, 250), strides=(stride, 1))
    rtype = (matrix[:, 0].astype(np.int64) - 48) * 10 + matrix[:, 1] - 48
    with open(LAYOUT, newline="", encoding="utf-8") as fh:
        layout = list(csv.DictReader(fh))
    out = {}
    for rt in ("01", "05", "10", "20", "90"):
        fields = [f for f in layout if f["record"] == rt and f["type"] != "F"]
        end = max(int(f["start"]) - 1 + int(f["length"]) for f in fields)
        block = matrix[np.flatnonzero(rtype == int(rt)), :end]  # one contiguous copy
        for f in fields:
            a, w = int(f["start"]) - 1, int(f["length"])
            col = block[:, a : a + w]
            if f["type"] in ("N", "D", "M"):
                out[rt, f["name"]] = (col - 48).astype(np.int64) @ 10 ** np.arange(w - 1, -1, -1)
            elif f["type"] == "S":
                value = (col[:, 1:] - 48).astype(np.int64) @ 10 ** np.arange(w - 2, -1, -1)
                out[rt, f["name"]] = np.where(col[:, 0] == 45, -value, value)
            else:  # A, ID: the bytes as fixed-width strings
                out[rt, f["name"]] = np.ascontiguousarray(col).view(f"S{w}").reshape(-1)
    print(sum(len(v) for (rt, name), v in out.items() if name == "record_type"))


if __name__ == "__main__":
    main(sys.argv[1])
