"""Are the reports' results the same as another revision's? Frame by frame (values, dtypes,
columns, order, index) and field by field, over many cases, with the errors raised compared by
type and text:

    python bench/compare_reconcile.py [--against main] [--bench-months] [--seeds 40]

`--against X`: another checkout's folder, or a git revision of this repository (extracted with
`git archive` into a temporary folder); default: where this branch left main, `git merge-base
HEAD main`. One child process computes every case with that checkout's digibord, one with
this checkout's, each pickles plain results; this process compares them. The cases (the same
borderels in both children, made by this checkout's devtools.synth, the child's digibord
under it): synthetic series as made and as read back from .dat bytes, with
missing werknemersnummers and BSN problems, with the insured and the lines shuffled, the
samples, and with --bench-months the bench's two 500 000-line months (bench/.cache).
Reports: compute_diff (with and without unchanged rows), compute_corrections (each month, and
the months together), compute_salary under several options."""

from __future__ import annotations

import argparse
import dataclasses
import pickle
import subprocess
import sys
import tempfile
from enum import Enum
from itertools import pairwise
from pathlib import Path

import checkout  # beside this script

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _plain(value):
    """A result as plain data (frames stay frames): unpicklable without its classes no more."""
    import pandas as pd

    if isinstance(value, pd.DataFrame | pd.Series):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return (type(value).__name__, fields)
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    if isinstance(value, tuple | list):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _shuffled(borderel, seed: int):
    """The borderel with its insured and lines in another row order (frames made elsewhere)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    insured = borderel.insured.iloc[rng.permutation(len(borderel.insured))]
    lines = borderel.lines.iloc[rng.permutation(len(borderel.lines))]
    return dataclasses.replace(borderel, insured=insured.reset_index(drop=True),
                               lines=lines.reset_index(drop=True))


def _cases(seeds: int, bench_months: bool):
    """(name, van, tot) pairs of borderels of one collectivity, van earlier than tot."""
    from devtools.synth import generate_series
    from digibord.formats.reader import parse_borderel, read_borderel
    from digibord.formats.writer import write_borderel

    def read_back(b):
        return parse_borderel(write_borderel(b), b.source).borderel

    for seed in range(seeds):
        n = [1, 2, 3, 7, 20, 45, 120, 400][seed % 8]
        months = [[202601, 202602], [202511, 202601], [202512, 202603]][seed % 3]
        missing = [0, 0, 1, 3][seed % 4] if n > 3 else 0
        van, tot = generate_series(months, n, seed, missing_employee_numbers=missing,
                                   bsn_problems=seed % 2 == 0)
        yield f"synth {seed} made", van, tot
        van_r, tot_r = read_back(van), read_back(tot)
        yield f"synth {seed} read", van_r, tot_r
        yield f"synth {seed} shuffled", _shuffled(van_r, seed), _shuffled(tot_r, seed + 1)
        if seed % 5 == 0:
            yield f"synth {seed} made shuffled", _shuffled(van, seed), _shuffled(tot, seed)
    samples = sorted((ROOT / "tests/data/samples").glob("*.dat"))
    read = [read_borderel(p) for p in samples]
    for a, b in pairwise(read):
        yield f"samples {a.source} {b.source}", a, b
        yield f"samples shuffled {b.source}", _shuffled(a, 7), _shuffled(b, 8)
    if bench_months:
        paths = sorted((HERE / ".cache").glob("reconcile_92000_*.dat"))
        if len(paths) == 2:
            van, tot = (parse_borderel(p.read_bytes(), str(p)).borderel for p in paths)
            yield "bench months", van, tot
            yield "bench months shuffled", _shuffled(van, 1), _shuffled(tot, 2)


def _outcome(fn):
    try:
        return ("ok", _plain(fn()))
    except Exception as exc:  # compared by type and text, as the user would see it
        return ("error", type(exc).__name__, str(exc))


def _salary_options(SalaryOptions, ContributionFor, ContributionOn, PayPeriod):
    return [
        SalaryOptions(percent_bp=1250),
        SalaryOptions(on=ContributionOn.TOTAL, for_=ContributionFor.EVERYONE, percent_bp=10000),
        SalaryOptions(on=ContributionOn.SUPPLEMENTARY, for_=ContributionFor.EMPLOYEE_PARTNER,
                      amount_cent=1234),
        SalaryOptions(period=PayPeriod.FOUR_WEEKS, amount_cent=2500),
        SalaryOptions(period=PayPeriod.FOUR_WEEKS, percent_bp=3333, skip_missing=True),
        SalaryOptions(),
    ]


def dump(out: Path, seeds: int, bench_months: bool) -> None:
    """In a child: every case's results with the digibord on sys.path, pickled to `out`."""
    import digibord
    from digibord.reconcile.corrections import compute_corrections
    from digibord.reconcile.diff import compute_diff
    from digibord.reconcile.salary import (
        ContributionFor,
        ContributionOn,
        PayPeriod,
        SalaryOptions,
        compute_salary,
    )

    options = _salary_options(SalaryOptions, ContributionFor, ContributionOn, PayPeriod)
    results = {"_digibord": digibord.__file__}
    for name, van, tot in _cases(seeds, bench_months):
        results[name] = {
            "diff": _outcome(lambda van=van, tot=tot: compute_diff(van, tot)),
            "diff all": _outcome(lambda van=van, tot=tot: compute_diff(van, tot, True)),
            "corrections van": _outcome(lambda van=van: compute_corrections([van])),
            "corrections tot": _outcome(lambda tot=tot: compute_corrections([tot])),
            "corrections both": _outcome(lambda van=van, tot=tot: compute_corrections([tot, van])),
            **{f"salary {i}": _outcome(lambda o=o, tot=tot: compute_salary(tot, o))
               for i, o in enumerate(options)},
            "salary van": _outcome(lambda van=van, o=options[0]: compute_salary(van, o)),
        }
    out.write_bytes(pickle.dumps(results))


def _differences(a, b, where: str) -> list[str]:
    import pandas as pd

    if isinstance(a, pd.DataFrame | pd.Series) or isinstance(b, pd.DataFrame | pd.Series):
        if type(a) is not type(b):
            return [f"{where}: {type(a).__name__} against {type(b).__name__}"]
        if isinstance(a, pd.DataFrame) and list(a.columns) != list(b.columns):
            return [f"{where}: columns {list(a.columns)} against {list(b.columns)}"]
        if isinstance(a, pd.DataFrame) and \
                [str(t) for t in a.dtypes] != [str(t) for t in b.dtypes]:
            return [f"{where}: dtypes {a.dtypes.to_dict()} against {b.dtypes.to_dict()}"]
        try:
            check = pd.testing.assert_frame_equal if isinstance(a, pd.DataFrame) else \
                pd.testing.assert_series_equal
            check(a, b, check_exact=True, check_index_type=True, check_column_type=True,
                  check_categorical=True, check_freq=True, check_flags=True)
        except AssertionError as exc:
            return [f"{where}: {exc}"]
        return []
    if type(a) is not type(b):
        return [f"{where}: {type(a).__name__} {a!r:.200} against {type(b).__name__} {b!r:.200}"]
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return [f"{where}: keys {sorted(a)} against {sorted(b)}"]
        return [d for k in a for d in _differences(a[k], b[k], f"{where}.{k}")]
    if isinstance(a, tuple | list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items against {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in _differences(x, y, f"{where}[{i}]")]
    return [] if a == b else [f"{where}: {a!r:.200} against {b!r:.200}"]


def _child(root: Path, out: Path, args) -> None:
    # devtools/ is this checkout's in both children (the same cases), found before `root` is
    # put first; digibord is root's
    code = (f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(HERE)!r}]; import devtools; "
            f"sys.path.insert(0, {str(root)!r}); "
            "import compare_reconcile as c; "
            f"c.dump(__import__('pathlib').Path({str(out)!r}), {args.seeds}, "
            f"{args.bench_months})")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tempfile.gettempdir())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="CHECKOUT|REV",
                        help="another checkout, a folder or a git revision (default: the "
                        "merge-base of HEAD and main)")
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--bench-months", action="store_true")
    args = parser.parse_args()
    rev = args.against or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT,
                                         check=True, capture_output=True,
                                         text=True).stdout.strip()
    with checkout.other_checkout(rev) as old_root, tempfile.TemporaryDirectory() as tmp:
        old_out, new_out = Path(tmp) / "old.pickle", Path(tmp) / "new.pickle"
        _child(old_root, old_out, args)
        _child(ROOT, new_out, args)
        old = pickle.loads(old_out.read_bytes())
        new = pickle.loads(new_out.read_bytes())
    print(f"old: {args.against or rev[:12]} ({old.pop('_digibord')}); "
          f"new: {new.pop('_digibord')}")
    differences = _differences(old, new, "results")
    for d in differences[:40]:
        print(d)
    results = sum(len(v) for v in old.values())
    errors = sum(1 for v in old.values() for r in v.values() if r[0] == "error")
    print(f"{len(old)} cases, {results} results ({errors} refusals/errors among them): "
          f"{'the same' if not differences else f'{len(differences)} DIFFERENCES'}")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
