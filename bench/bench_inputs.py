"""Peak memory and time of `digibord check` on odd inputs, against the file's size.

    python bench/bench_inputs.py [--mb 200] [--keep]

Each input is written to bench/.cache/inputs/ (deleted afterwards unless --keep) and checked
by `digibord check --json FILE` in a fresh process; printed are its wall time, its peak RSS (the
child's high-water mark from wait4), what that adds to the peak of checking a tiny file (the
program's own fixed cost), that addition as a multiple of the file's size (the promise: at
most 3x), and the first error the administrator is told. The inputs: the synthetic 500 000-
line borderel as the insurer writes it and with trailing blanks stripped (LF only), a header
followed by one line of `--mb` megabytes, that many megabytes of NULs, of line ends only, of
lines of spaces, of one-character lines, of `20` lines, of random bytes after a valid header,
a UTF-8 file (byte order mark) with a character beyond cp1252, and a 2 GB sparse file (above
the 1 GB cap). Files are generated in a child process, so that this driver stays small."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
INPUTS = CACHE / "inputs"
sys.path.insert(0, str(HERE))
from bench_check import cached_file, digibord_command  # noqa: E402

MAKE = r'''
import sys
import numpy as np
from pathlib import Path
kind, path, mb, source = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
size = mb * 10**6
data = Path(source).read_bytes()
header = data[:252]
with open(path, "wb") as fh:
    if kind == "stripped":
        fh.write(b"\n".join(line.rstrip(b" ") for line in data.split(b"\r\n")))
    elif kind == "long_line":
        fh.write(header[:250])
        fh.write(b"X" * size)
    elif kind == "nuls":
        fh.truncate(size)
    elif kind == "sparse_2gb":
        fh.truncate(2 * 10**9)
    elif kind == "line_ends":
        fh.write(b"\r\n" * (size // 2))
    elif kind == "space_lines":
        fh.write((b" " * 250 + b"\r\n") * (size // 252))
    elif kind == "one_char_lines":
        fh.write(header + b"x\n" * (size // 2))
    elif kind == "short_20_lines":
        fh.write(header + b"20\n" * (size // 3))
    elif kind == "random_after_header":
        fh.write(header)
        fh.write(np.random.default_rng(1).integers(0, 256, size, dtype=np.uint8).tobytes())
    elif kind == "utf8_beyond_cp1252":
        text = data.decode("cp1252").replace("Jansen", "Jan\u011fen")
        fh.write(b"\xef\xbb\xbf" + text.encode("utf-8"))
'''

KINDS = ("insurer", "stripped", "long_line", "nuls", "line_ends", "space_lines",
         "one_char_lines", "short_20_lines", "random_after_header", "utf8_beyond_cp1252",
         "sparse_2gb")


def run(cmd: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    try:
        files = json.loads(out)["files"][0]
        first = files["errors"][0]["code"] if files["errors"] else "valid"
    except (ValueError, KeyError, IndexError):
        first = f"exit {proc.returncode}"
    return wall, usage.ru_maxrss, first


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--kinds", nargs="+", default=list(KINDS))
    args = ap.parse_args()
    INPUTS.mkdir(parents=True, exist_ok=True)
    check = [*digibord_command(), "check", "--json"]
    source = cached_file(500_000)
    tiny = INPUTS / "tiny.dat"
    tiny.write_bytes(source.read_bytes()[:252 * 40])
    _, base, _ = min(run([*check, str(tiny)]) for _ in range(3))
    print(f"digibord check --json on odd inputs; fixed cost (peak on a tiny file) "
          f"{base / 1024:.0f} MiB")
    print(f"{'input':<22} {'file MB':>8} {'wall s':>7} {'peak MiB':>9} {'added MiB':>10} "
          f"{'added/file':>10}  first error")
    for kind in args.kinds:
        if kind == "insurer":
            path = source
        else:
            path = INPUTS / f"{kind}.dat"
            subprocess.run([sys.executable, "-c", MAKE, kind, str(path), str(args.mb),
                            str(source)], check=True)
        size = path.stat().st_size
        wall, peak, first = run([*check, str(path)])
        added = max(peak - base, 0) * 1024
        print(f"{kind:<22} {size / 1e6:>8.0f} {wall:>7.2f} {peak / 1024:>9.0f} "
              f"{added / 2**20:>10.0f} {added / size:>10.2f}  {first}", flush=True)
        if path != source and not args.keep:
            path.unlink()
    tiny.unlink()


if __name__ == "__main__":
    main()
