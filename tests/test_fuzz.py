"""Fuzzing the reader and the reports: a few hundred seeded mutants of the samples and a
synthetic series (devtools/mutate.py); for each, nothing escapes the reader or the report use
cases, and every accepted mutant's reports reconcile to its `90` record (devtools/fuzzing.py).
bench/fuzz.py runs the same over 100 000 mutants."""

from __future__ import annotations

import collections
import traceback

import pytest

from devtools.fuzzing import ACCEPTED, OUTCOMES, REFUSED, WARNED, exercise, seeds
from devtools.mutate import NAMES, OPERATORS, Mutator, mutants

COUNT = 320
SEED = 20260315


@pytest.fixture(scope="module")
def files():
    return seeds()


def test_the_seeds_themselves_are_read_and_reconcile(files):
    assert len(files) == 7
    for seed in files:
        assert exercise(seed.data, seed.partner) != REFUSED, seed.name


def test_mutants_never_escape_and_always_reconcile(files):
    counts: collections.Counter[str] = collections.Counter()
    failures = []
    for n, (k, mutant) in enumerate(mutants([s.data for s in files], COUNT, SEED)):
        try:
            counts[exercise(mutant.data, files[k].partner)] += 1
        except Exception as exc:  # anything at all: the steps say how to make it again
            failures.append(f"mutant {n} (seed {SEED}) of {files[k].name}: {mutant.steps}: "
                            + "".join(traceback.format_exception_only(exc)).strip())
    assert failures == [], "\n".join(failures[:10])
    assert sum(counts.values()) == COUNT and set(counts) <= set(OUTCOMES)
    # a run that only refuses (or only accepts) would test little
    assert counts[REFUSED] >= COUNT // 5, counts
    assert counts[ACCEPTED] + counts[WARNED] >= COUNT // 10, counts


def test_the_mutator_is_seeded_and_every_operator_changes_something(files):
    data = files[0].data
    first = [m.steps for _, m in mutants([data], 50, seed=7)]
    assert first == [m.steps for _, m in mutants([data], 50, seed=7)]
    assert first != [m.steps for _, m in mutants([data], 50, seed=8)]
    mutator = Mutator(3)
    for name in OPERATORS:
        changed = 0
        for _ in range(20):
            out, _what = OPERATORS[name](mutator, data)
            changed += out != data
        assert changed >= 10, name
    assert set(NAMES) == set(OPERATORS)


def test_the_valid_edit_keeps_the_file_valid_with_other_numbers(files):
    mutator = Mutator(11)
    for seed in files[:3]:
        for _ in range(4):
            out, what = OPERATORS["consistent"](mutator, seed.data)
            assert out != seed.data, what
            assert exercise(out, seed.partner) in (ACCEPTED, WARNED), what
