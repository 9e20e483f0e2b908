"""Parse + full validation of synthetic borderels of 10k, 100k and 500k lines.

    python bench/bench_parse.py [--sizes 10000 100000 500000] [--repeat 3]

The files are made by `devtools.synth.generate_file_lines` and cached in bench/.cache/. Each size
is measured in a fresh Python process so that memory figures do not mix:
- time: best of `--repeat` calls of `parse_borderel` on bytes already in memory;
- peak RSS: the child's high-water mark `VmHWM` from /proc/self/status at the end (whole
  process: interpreter, libraries, the file bytes and the parse), next to its RSS (`VmRSS`)
  just before the first parse, so the difference is what parsing adds. (Not ru_maxrss: Linux
  carries it over from the parent across exec, and the parent may just have generated a file.);
- traced peak: `tracemalloc` peak during one extra parse (Python and numpy allocations only).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import checkout  # noqa: F401  (the checkout on sys.path: devtools/)

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SEED = 20260301


def cached_file(n_lines: int) -> Path:
    path = CACHE / f"borderel_{n_lines}_{SEED}.dat"
    if not path.exists():
        from devtools.synth import generate_file_lines

        CACHE.mkdir(exist_ok=True)
        start = time.perf_counter()
        data = generate_file_lines(n_lines, SEED)
        took = time.perf_counter() - start
        path.write_bytes(data)
        lines = data.count(b"\n")
        print(f"  generated {path.name}: {lines:,} lines in {took:.2f} s")
    return path


def _status_kib(key: str) -> int:
    """VmRSS / VmHWM of this process in KiB (Linux); ru_maxrss elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(path: str, repeat: int) -> None:
    import tracemalloc

    from digibord.formats.reader import parse_borderel

    data = Path(path).read_bytes()
    before = _status_kib("VmRSS")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = parse_borderel(data, path)
        times.append(time.perf_counter() - start)
        if result.borderel is None:
            raise SystemExit(f"{path}: {result.errors[:3]}")
        del result
    peak = _status_kib("VmHWM")
    tracemalloc.start()
    parse_borderel(data, path)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"lines": data.count(b"\n"), "bytes": len(data), "best": min(times),
                      "rss_before_kib": before, "rss_peak_kib": peak, "traced_peak": traced}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 500_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.repeat)
        return
    print(f"parse_borderel, best of {args.repeat}; memory per size in a fresh process")
    print(f"{'lines':>9} {'MB':>7} {'best s':>8} {'lines/s':>11} {'RSS before':>11} "
          f"{'RSS peak':>10} {'added':>8} {'traced':>8}")
    for n in args.sizes:
        path = cached_file(n)
        out = subprocess.run([sys.executable, __file__, "--child", str(path),
                              "--repeat", str(args.repeat)],
                             check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        mib = 1024
        print(f"{r['lines']:>9,} {r['bytes'] / 1e6:>7.1f} {r['best']:>8.3f} "
              f"{r['lines'] / r['best']:>11,.0f} {r['rss_before_kib'] / mib:>8.0f} MiB "
              f"{r['rss_peak_kib'] / mib:>6.0f} MiB "
              f"{(r['rss_peak_kib'] - r['rss_before_kib']) / mib:>4.0f} MiB "
              f"{r['traced_peak'] / 2**20:>4.0f} MiB")


if __name__ == "__main__":
    main()
