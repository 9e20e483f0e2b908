"""The shared helpers of the reports (digibord/reconcile/common.py, and frames.holders_above)
against plain Python: the sort keys of texts, the rows of one text value, the hoofdverzekerde of
all or a few persons, and the stable order of int64 keys."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digibord.formats.frames import holders_above
from digibord.reconcile.common import (
    Family,
    PersonIndex,
    ReconcileMismatch,
    ascii_bytes,
    codes_in,
    employee_order,
    holders_of,
    in_rank_blocks,
    radix_order,
    rows_equal,
    stable_order,
    text_keys,
    text_order,
)

# no NUL: fixed-width numpy strings drop trailing NULs, so 'a' and 'a\x00' rank equal (as they
# did before ascii_bytes, which leaves texts with a NUL to that path)
TEXTS = st.lists(st.one_of(st.text(alphabet="0123456789AZaz -", max_size=12),
                           st.text(alphabet=st.characters(exclude_characters="\x00"),
                                   max_size=4), st.none()), max_size=30)


def _ranks_by_python(values: list) -> list[int]:
    texts = [str(v) for v in values]
    distinct = sorted(set(texts))
    return [distinct.index(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(values=TEXTS)
def test_text_order_is_the_code_point_order_of_the_texts(values):
    got = text_order(np.array(values, dtype=object))
    assert got.tolist() == _ranks_by_python(values)


@settings(max_examples=300, deadline=None)
@given(values=TEXTS)
def test_text_keys_of_the_fast_path_equal_those_of_fixed_width_text(values):
    objects = np.array(values, dtype=object)
    keys = text_keys(objects)
    reference = text_keys(objects.astype(str))  # the fixed-width path, no ascii_bytes
    assert keys.dtype == reference.dtype
    assert keys.tolist() == reference.tolist()


def test_ascii_bytes_only_for_ascii_texts_without_nul():
    assert ascii_bytes(np.array(["12", "3", ""], dtype=object)).tolist() == [b"12", b"3", b""]
    assert ascii_bytes(np.array(["abc", "def"], dtype=object)).dtype == np.dtype("S3")
    assert ascii_bytes(np.array(["a", None], dtype=object)) is None
    assert ascii_bytes(np.array(["a", np.nan], dtype=object)) is None
    assert ascii_bytes(np.array(["é"], dtype=object)) is None
    assert ascii_bytes(np.array(["a\x00b", "c"], dtype=object)) is None
    assert ascii_bytes(np.array([], dtype=object)) is None


@pytest.mark.parametrize("categorical", [True, False])
def test_rows_equal(categorical):
    values = ["P", "C", None, "P", "C", "X"]
    column = pd.Series(values, dtype="category" if categorical else object)
    assert rows_equal(column, "C").tolist() == [1, 4]
    assert rows_equal(column, "Q").tolist() == []
    rows = np.array([5, 1, 2])
    index = pd.Index(["C", "X"], dtype=object)
    assert codes_in(column, index, rows).tolist() == codes_in(column, index)[rows].tolist()


def _family(relation, holders):
    return PersonIndex(np.array(relation, dtype=np.int64)), np.array(holders, dtype=np.int64)


FAMILIES = [
    ([10, 11, 12, 20, 21], [10, 10, 10, 20, 20]),  # families after their hoofdverzekerde
    ([11, 10, 21, 20, 12], [10, 10, 20, 20, 10]),  # shuffled: found through the hash
    ([10, 20, 11, 21, 12], [10, 20, 10, 20, 10]),  # interleaved families
]


@pytest.mark.parametrize(("relation", "holders"), FAMILIES)
def test_holders_of_every_person_and_of_a_few(relation, holders):
    persons, holder = _family(relation, holders)
    rows = np.array([4, 0, 2, 2, 3], dtype=np.int64)
    expected = [relation.index(h) for h in holders]
    assert holders_above(persons.relation, holder, find=persons.find).tolist() == expected
    assert holders_of(persons, holder, rows).tolist() == [expected[r] for r in rows]
    assert holders_above(persons.relation, holder, rows, find=persons.find).tolist() == \
        [expected[r] for r in rows]
    # without a search: -1 where a family does not stand together after its hoofdverzekerde
    together = holders_above(persons.relation, holder)
    assert all(got in (want, -1) for got, want in zip(together.tolist(), expected, strict=True))
    assert (together >= 0).all() == (relation == sorted(relation))


@settings(max_examples=300, deadline=None)
@given(sizes=st.lists(st.integers(0, 4), max_size=12), data=st.data())
def test_holders_above_is_the_search_of_each_holder(sizes, data):
    """Families of a hoofdverzekerde and 0-4 others, together in file order or moved about:
    holders_above (over all rows, over a few, with the `own` rows given, without a search)
    against the plain search; the persons who are their own policyholder found either way."""
    relation, holders = [], []
    for family, size in enumerate(sizes):
        head = 1000 * (family + 1)
        relation += [head + k for k in range(size + 1)]
        holders += [head] * (size + 1)
    order = data.draw(st.permutations(range(len(relation))))
    if data.draw(st.booleans()):  # some families no longer together
        relation = [relation[i] for i in order]
        holders = [holders[i] for i in order]
    rel, holder = np.array(relation, dtype=np.int64), np.array(holders, dtype=np.int64)
    expected = np.array([relation.index(h) for h in holders], dtype=np.int64)
    persons = PersonIndex(rel)
    own = np.flatnonzero(rel == holder)
    assert holders_above(rel, holder, find=persons.find).tolist() == expected.tolist()
    assert holders_above(rel, holder, own=own, find=persons.find).tolist() == expected.tolist()
    rows = np.array(data.draw(st.lists(st.integers(0, max(len(rel) - 1, 0)), max_size=6)
                              if len(rel) else st.just([])), dtype=np.int64)
    assert holders_above(rel, holder, rows, find=persons.find).tolist() == \
        expected[rows].tolist()
    bare = holders_above(rel, holder)
    assert bare.dtype == np.int64
    assert bare[bare >= 0].tolist() == expected[bare >= 0].tolist()
    assert bare[own].tolist() == own.tolist()
    above = [max([r for r in own if r <= i], default=-1) for i in range(len(rel))]
    assert bare.tolist() == [a if a >= 0 and relation[a] == holders[i] else -1
                             for i, a in enumerate(above)]


def test_holders_of_refuses_a_missing_hoofdverzekerde():
    persons, holder = _family([10, 11, 30], [10, 10, 99])
    assert holders_of(persons, holder, np.array([0, 1])).tolist() == [0, 0]
    with pytest.raises(ReconcileMismatch):
        holders_of(persons, holder, np.array([1, 2]))
    # a hoofdverzekerde (11, of person 12) whose own policyholder (77) is missing
    persons, holder = _family([10, 11, 12], [10, 77, 11])
    with pytest.raises(ReconcileMismatch):
        holders_of(persons, holder, np.array([2]))


def _insured(relation, holders):
    return pd.DataFrame({
        "relation_number": np.array(relation, dtype=np.int64),
        "name": [f"N{r}" for r in relation],
        "role": ["H" if r == h else "P" for r, h in zip(relation, holders, strict=True)],
        "policyholder": np.array(holders, dtype=np.int64),
        "employee_number": [f"E{h}" for h in holders],
        "line_number": np.arange(1, len(relation) + 1, dtype=np.int64)})


@pytest.mark.parametrize(("relation", "holders"), FAMILIES)
def test_family_finds_each_hoofdverzekerde_and_refuses_a_missing_one(relation, holders):
    family = Family.of(_insured(relation, holders))
    assert [family.employee_holder[e] for e in family.employee] == holders
    with pytest.raises(ReconcileMismatch):  # in the first frame
        Family.of(_insured([*relation, 30], [*holders, 99]))
    with pytest.raises(ReconcileMismatch):  # among the persons a later frame adds
        Family.of(_insured(relation, holders), _insured([30], [99]))
    both = Family.of(_insured(relation, holders), _insured([31, 30], [30, 30]))
    assert [both.employee_holder[e] for e in both.employee] == [*holders, 30, 30]


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(0, 4), min_size=1, max_size=40), data=st.data())
def test_person_of_lines_by_file_position_as_by_hash(sizes, data):
    """A file of persons each followed by their lines; some lines then asked for with another
    person's relatienummer (as a frame made otherwise would): the binary search (few lines)
    and the table (many) find what the hash finds."""
    relation = np.arange(100, 100 + len(sizes), dtype=np.int64) * 7
    person_line, line_line, line_rel = [], [], []
    at = 1
    for person, count in enumerate(sizes):
        person_line.append(at)
        for _ in range(count):
            at += 1
            line_line.append(at)
            line_rel.append(int(relation[person]))
        at += 1
    lines = np.array(line_line, dtype=np.int64)
    rels = np.array(line_rel, dtype=np.int64)
    wrong = []
    if len(rels):
        wrong = data.draw(st.lists(st.integers(0, len(rels) - 1), max_size=3))
        rels[wrong] = data.draw(st.sampled_from([int(relation[0]), 5]))
    right = np.ones(len(rels), dtype=bool)
    right[wrong] = False
    hashed = PersonIndex(relation).find(rels)
    persons = PersonIndex(relation, np.array(person_line, dtype=np.int64))
    assert persons.find(rels, lines).tolist() == hashed.tolist()
    few = slice(0, max(0, len(persons.relation) // 2 - 1))  # the binary search's share
    assert persons.find(rels[few], lines[few]).tolist() == hashed[few].tolist()
    for part in (slice(None), few):  # by position alone: every line under its own person
        above = persons._above(rels[part], lines[part])
        assert above[right[part]].tolist() == hashed[part][right[part]].tolist()


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(st.integers(0, 2**62), max_size=40), repeats=st.integers(0, 3),
       seed=st.integers(0, 2**32 - 1))
def test_stable_order_is_the_stable_argsort(keys, repeats, seed):
    """Equal keys in row order, as numpy's stable sort leaves them: keys drawn, some of them
    repeated (a few ties, or many of a few values), shuffled."""
    rng = np.random.default_rng(seed)
    values = np.array(keys * (repeats + 1), dtype=np.int64)
    values = values[rng.permutation(len(values))]
    got = stable_order(values)
    assert got.dtype == np.int64
    assert got.tolist() == np.argsort(values, kind="stable").tolist()
    assert got.tolist() == sorted(range(len(values)), key=lambda i: (values[i], i))


def test_stable_order_of_many_rows_with_runs_of_ties():
    rng = np.random.default_rng(5)
    values = rng.integers(0, 3000, 100_000).astype(np.int64)  # every value about 33 times
    assert (stable_order(values) == np.argsort(values, kind="stable")).all()


@settings(max_examples=300, deadline=None)
@given(families=st.lists(st.tuples(st.integers(0, 5),
                                   st.sampled_from(["E1", "E2", "B7", "E10"])),
                         min_size=1, max_size=25),
       data=st.data())
def test_person_order_is_by_employee_rank_then_relatienummer(families, data):
    """Families together or shuffled apart, werknemersnummers shared by several employees, a
    later frame adding persons to earlier families: the order is the stable sort by (rank of
    the person's employee, relatienummer), as a lexsort gives it."""
    numbers = data.draw(st.permutations(range(10, 10 + 7 * len(families))))
    relation, holders, employee_numbers = [], [], []
    for (members, number), base in zip(families, range(0, len(numbers), 7), strict=False):
        head = numbers[base]
        for r in [head, *numbers[base + 1:base + 1 + members]]:
            relation.append(r)
            holders.append(head)
            employee_numbers.append(number)
    rows = data.draw(st.permutations(range(len(relation))))
    if data.draw(st.booleans()):  # shuffled: families no longer together
        relation = [relation[i] for i in rows]
        holders = [holders[i] for i in rows]
        employee_numbers = [employee_numbers[i] for i in rows]
    split = data.draw(st.integers(1, len(relation)))
    frames = [_insured(relation[:split], holders[:split]), _insured(relation[split:],
                                                                       holders[split:])]
    for frame, part in zip(frames, (employee_numbers[:split], employee_numbers[split:]),
                           strict=True):
        frame["employee_number"] = part
    try:
        family = Family.of(*frames)
    except ReconcileMismatch:
        return  # a first frame's person whose holder is only in the later: refused (above)
    expected = np.lexsort((family.relation_number, family.employee_rank[family.employee]))
    assert family.person_order().tolist() == expected.tolist()


@settings(max_examples=300, deadline=None)
@given(numbers=st.lists(st.sampled_from(["", "7", "007", "12", "A1", "a1", "99999999",
                                         "123456789012", "Ü3"]), max_size=30),
       data=st.data())
def test_employee_order_is_by_number_text_then_relatienummer(numbers, data):
    """Werknemersnummers shared (empty ones too), short and long (radix and general path):
    the order is by the number's text in code-point order, equal numbers by relatienummer;
    equal texts share a rank."""
    holders = data.draw(st.permutations(range(1000, 1000 + len(numbers))))
    values = np.array(numbers, dtype=object)
    rank, order = employee_order(values, np.array(holders, dtype=np.int64))
    expected = sorted(range(len(numbers)), key=lambda i: (numbers[i], holders[i]))
    assert order.tolist() == expected
    assert order.dtype == np.int64
    assert rank.tolist() == _ranks_by_python(numbers)


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(st.integers(0, 2**64 - 1), max_size=40), repeats=st.integers(0, 2),
       seed=st.integers(0, 2**32 - 1))
def test_radix_order_is_the_stable_argsort(keys, repeats, seed):
    rng = np.random.default_rng(seed)
    values = np.array(keys * (repeats + 1), dtype=np.uint64)
    values = values[rng.permutation(len(values))]
    assert radix_order(values).tolist() == np.argsort(values, kind="stable").tolist()


@settings(max_examples=300, deadline=None)
@given(groups=st.lists(st.integers(0, 5), max_size=40), data=st.data())
def test_in_rank_blocks_is_the_stable_sort_by_rank_then_key(groups, data):
    """Rows of groups 0..5 in any order, each with a key below its group's bits: the order is
    the stable sort by (the group's rank, the key), whatever the ranking."""
    n_groups = 6
    ranked = np.array(data.draw(st.permutations(range(n_groups))), dtype=np.int64)
    low = data.draw(st.lists(st.integers(0, 15), min_size=len(groups), max_size=len(groups)))
    group = np.array(groups, dtype=np.int64)
    key = (group << 4) | np.array(low, dtype=np.int64)
    rank = np.empty(n_groups, dtype=np.int64)
    rank[ranked] = np.arange(n_groups)
    expected = sorted(range(len(groups)), key=lambda i: (rank[groups[i]], low[i], i))
    assert in_rank_blocks(key, group, ranked).tolist() == expected
