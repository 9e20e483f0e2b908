"""Helpers for the report tests: compare JSON with the samples' expected files, run the CLI in
a subprocess, and build small borderels by hand from the model of digibord/formats/borderel.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from digibord.cli import main
from digibord.formats.borderel import Borderel, Header, Trailer

REPO = Path(__file__).resolve().parent.parent


def canonical(rows: list[dict], keys) -> list[str]:
    """Rows restricted to the expected keys, as sorted JSON texts (row order is free)."""
    return sorted(json.dumps({k: r[k] for k in keys}, sort_keys=True) for r in rows)


def assert_matches_expected(actual: dict, expected: dict) -> None:
    for key, value in expected.items():
        if key == "rows" or (isinstance(value, list) and value and isinstance(value[0], dict)):
            keys = set().union(*(r.keys() for r in value)) if value else set()
            assert len(actual[key]) == len(value), key
            assert canonical(actual[key], keys) == canonical(value, keys), key
        elif isinstance(value, dict):
            for k, v in value.items():
                assert actual[key][k] == v, (key, k)
        else:
            assert actual[key] == value, key


def run_main(capsys, *argv: str) -> tuple[int, object, str]:
    """`digibord ARGV` in this process: exit status, the JSON on standard output (or its text
    when it is no JSON), standard error, which never holds a traceback."""
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    try:
        return code, json.loads(out), err
    except ValueError:
        return code, out, err


def run_cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "digibord.cli", *args], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=120)


def make_borderel(people, lines, products=None, month=202603, sequence=1,
                  collectivity="123456789", source="hand.dat") -> Borderel:
    """people: (relation_number, policyholder, role, employee_number, name);
    lines: (relation_number, kind, premium_month, product_code, net_cent[, mutation_code])."""
    products = products or [("BEK", "B", "Basis", 0), ("AGD", "A", "Aanvullend Goed", 1250),
                            ("TGD", "T", "Tand Goed", 1000)]
    prod = pd.DataFrame({
        "product_code": [p[0] for p in products], "product_kind": [p[1] for p in products],
        "description": [p[2] for p in products],
        "discount_bp": np.array([p[3] for p in products], dtype=np.int64),
        "line_number": np.arange(2, 2 + len(products), dtype=np.int64)})
    n = len(people)
    ins = pd.DataFrame({
        "relation_number": np.array([p[0] for p in people], dtype=np.int64),
        "policyholder": np.array([p[1] for p in people], dtype=np.int64),
        "role": [p[2] for p in people], "employee_number": [p[3] for p in people],
        "bsn": [""] * n, "surname": [p[4] for p in people], "prefix": [""] * n,
        "initials": [""] * n, "name": [p[4] for p in people],
        "birth_date": np.full(n, np.datetime64("1980-01-01", "s")),
        "start_date": np.full(n, np.datetime64("2020-01-01", "s")),
        "end_date": np.full(n, np.datetime64("NaT", "s")),
        "gender": ["O"] * n, "line_number": np.arange(10, 10 + n, dtype=np.int64)})
    m = len(lines)
    kinds = [ln[1] for ln in lines]
    net = np.array([ln[4] for ln in lines], dtype=np.int64)
    lin = pd.DataFrame({
        "relation_number": np.array([ln[0] for ln in lines], dtype=np.int64),
        "line_kind": kinds,
        "premium_month": np.array([ln[2] for ln in lines], dtype=np.int64),
        "product_code": [ln[3] for ln in lines],
        "gross_cent": net, "collective_discount_cent": np.zeros(m, dtype=np.int64),
        "other_discount_cent": np.zeros(m, dtype=np.int64), "net_cent": net,
        "mutation_code": [ln[5] if len(ln) > 5 else ("00" if ln[1] == "P" else "99")
                          for ln in lines],
        "mutation_date": np.array([np.datetime64("NaT") if k == "P"
                                   else np.datetime64("2026-01-01") for k in kinds],
                                  dtype="datetime64[s]"),
        "line_number": np.arange(100, 100 + m, dtype=np.int64)})
    is_p = np.array([k == "P" for k in kinds], dtype=bool)
    trailer = Trailer(n, m, int(net[is_p].sum()), int(net[~is_p].sum()), int(net.sum()))
    header = Header(collectivity, "Test BV", month, dt.date(2026, 1, 1), "1", sequence)
    return Borderel(header, prod, ins, lin, trailer, source=source)
