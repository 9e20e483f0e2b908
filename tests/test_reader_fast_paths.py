"""The reader's shortcuts against the plain way they replace: digits read eight at a time from one
uint64 word (against the matrix product, at the largest values too), dates' parts from one word,
the nearest 10 record by a running count (against a binary search), and the P-line duplicate
check by a persons x products table, which must hand over to the sort whenever its premise
(every line next to its own person, no relatienummer twice) does not hold; short texts packed
into one integer (packing.packed_text, against Python's bytes) and the frames' categoricals
made of them."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from borderel_edit import find, get, join, put, sample_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from digibord.formats import fixed_width as fw
from digibord.formats import reader
from digibord.formats.layout import Field, load_layout
from digibord.formats.packing import packed_text
from digibord.formats.reader import parse_borderel


@pytest.fixture
def lines(samples_dir):
    return sample_lines(samples_dir, "02")


def _digit_block(rng, n: int, width: int) -> np.ndarray:
    block = rng.integers(48, 58, size=(n, width), dtype=np.uint8)
    block[:2] = ord("9")  # the largest value of every field
    block[2] = ord("0")
    return block


@pytest.mark.parametrize("width", [1, 7, 8, 9, 12, 16, 20, 79])
def test_digit_words_equal_the_matrix_product(width):
    rng = np.random.default_rng(width)
    block = _digit_block(rng, 70, width)
    taken = 0
    for a in range(width):
        for b in range(a + 1, min(width, a + 18) + 1):
            words = fw._digit_words(block, a, b)
            if words is None:
                continue  # too wide, or the block too narrow for a word: the product reads it
            taken += 1
            assert words.dtype == np.int64
            assert words.tolist() == fw._digit_product(block[:, a:b]).tolist(), (a, b)
            assert words[0] == 10 ** (b - a) - 1 and words[2] == 0
    assert taken or width < 8  # no 8-byte word fits a row narrower than 8


def test_digit_words_decline_what_they_cannot_read():
    block = np.full((3, 20), ord("9"), dtype=np.uint8)
    assert fw._digit_words(block, 0, 17) is None  # more than two words
    assert fw._digit_words(block[:, :5], 0, 5) is None  # no 8-byte word fits the row
    assert fw._digit_words(block[:, ::2], 0, 4) is None  # not contiguous
    assert fw._digit_words(block.astype(np.uint32), 0, 4) is None  # not bytes


def test_largest_numbers_and_amounts_are_read_exactly():
    rows = [b"9999999999+9999999999-9999999999999999999999", b"0000000001+0000000000-0000000001"
            b"000000000000"]
    block = fw.Block(np.frombuffer(b"".join(r.ljust(44) for r in rows), np.uint8).reshape(2, 44))
    field = {f.name: f for f in load_layout().records["20"]}
    n10 = block.read(Field("20", 1, 10, "N", "n", "n", True, ()))
    plus = block.read(Field("20", 11, 11, "S", "s", "s", True, ()))
    minus = block.read(Field("20", 22, 11, "S", "s", "s", True, ()))
    ident = block.read(Field("20", 33, 9, "N", "n", "n", True, ()))
    assert n10.values.tolist() == [9999999999, 1]
    assert plus.values.tolist() == [9999999999, 0]
    assert minus.values.tolist() == [-9999999999, -1]
    assert ident.values.tolist() == [999999999, 0]
    assert not any(c.invalid.any() for c in (n10, plus, minus, ident))
    assert field["net_cent"].length == 11  # the widths above are the layout's


def test_date_parts_from_a_word_equal_the_column_way():
    rng = np.random.default_rng(8)
    block = _digit_block(rng, 200, 30)
    block[5, 10:18] = np.frombuffer(b"00000000", np.uint8)
    block[6, 10:18] = np.frombuffer(b"20240229", np.uint8)
    block[7, 10:18] = np.frombuffer(b"0000 000", np.uint8)  # not digits: garbage, not zeros
    for a in (0, 10, 22):
        y, m, d, zeros = fw._date_parts(block, a, a + 8)
        digits = np.ascontiguousarray(block[:, a : a + 8])
        ok = fw._all_digits(digits, digits.min(axis=0), digits.max(axis=0))
        assert (y[ok] == fw._small(digits[:, :4])[ok]).all()
        assert (m[ok] == fw._small(digits[:, 4:6])[ok]).all()
        assert (d[ok] == fw._small(digits[:, 6:8])[ok]).all()
        assert zeros.tolist() == (fw._as_text(digits) == b"00000000").tolist()
    y, m, d, zeros = fw._date_parts(block, 10, 18)
    assert zeros[5] and not zeros[7] and (y[6], m[6], d[6]) == (2024, 2, 29)


def test_last_key_row_at_or_before_equals_a_binary_search():
    rng = np.random.default_rng(16)
    for _ in range(300):
        n = int(rng.integers(1, 60))
        key_rows = np.flatnonzero(rng.random(n) < rng.random())
        rows = np.flatnonzero(rng.random(n) < 0.6)
        if key_rows.size == 0:
            continue
        expected = np.searchsorted(key_rows, rows, side="right") - 1
        assert reader._last_at_or_before(key_rows, rows).tolist() == expected.tolist()


def _count_sorts(monkeypatch) -> list[int]:
    calls = []
    original = reader._later_duplicates

    def counted(keys, mask, sorted_keys=None):
        calls.append(int(mask.sum()))
        return original(keys, mask, sorted_keys)

    monkeypatch.setattr(reader, "_later_duplicates", counted)
    return calls


def _fix_counts(lines: list[bytes]) -> None:
    n10 = sum(ln[:2] == b"10" for ln in lines)
    n20 = sum(ln[:2] == b"20" for ln in lines)
    lines[-1] = put(put(lines[-1], "insured_count", f"{n10:07d}"), "line_count", f"{n20:07d}")


def test_a_valid_file_needs_no_sort_for_its_p_lines(lines, monkeypatch):
    calls = _count_sorts(monkeypatch)
    assert parse_borderel(join(lines), "x", frames=False).valid
    n_p = sum(ln[:2] == b"20" and get(ln, "line_kind") == "P" for ln in lines)
    assert n_p not in calls  # the table decided: no duplicate, no sort


def test_a_p_line_away_from_its_person_is_still_valid(lines, monkeypatch):
    calls = _count_sorts(monkeypatch)
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "P")
    moved = lines.pop(i)
    lines.insert(len(lines) - 1, moved)  # after the last person's 10 record
    result = parse_borderel(join(lines), "x")
    assert result.valid, [(e.code, e.line) for e in result.errors]
    n_p = sum(ln[:2] == b"20" and get(ln, "line_kind") == "P" for ln in lines)
    assert n_p in calls  # not next to its person: the sort decides


def test_a_duplicate_p_line_away_from_its_person(lines):
    # a product the last person does not have: the copy stands after that person's lines
    last = [get(ln, "product_code") for ln in lines if ln[:2] == b"20"][-5:]
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "P"
             and get(ln, "product_code") not in last)
    lines.insert(len(lines) - 1, lines[i])
    _fix_counts(lines)
    result = parse_borderel(join(lines), "x")
    dup = [e.line for e in result.errors if e.code == "reader.duplicate_p_line"]
    assert dup == [len(lines) - 1]


def test_duplicate_p_lines_after_a_repeated_relation_number(lines):
    """The same person written twice, each copy with the same P line after it: by persons the
    two lines differ, by relatienummer they are one pair twice. The table must not decide."""
    i = find(lines, "10", lambda ln: get(ln, "role") == "H")
    rel = get(lines[i], "relation_number")
    j = find(lines, "20", lambda ln: get(ln, "relation_number") == rel
             and get(ln, "line_kind") == "P")
    lines[len(lines) - 1 : len(lines) - 1] = [lines[i], lines[j]]
    _fix_counts(lines)
    result = parse_borderel(join(lines), "x")
    codes = {(e.code, e.line) for e in result.errors}
    assert ("reader.duplicate_relation", len(lines) - 2) in codes
    assert ("reader.duplicate_p_line", len(lines) - 1) in codes


def test_p_lines_of_two_products_are_no_duplicates(lines):
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "P")
    rel = get(lines[i], "relation_number")
    same = [ln for ln in lines if ln[:2] == b"20" and get(ln, "relation_number") == rel]
    assert len({get(ln, "product_code") for ln in same}) == len(same)
    assert parse_borderel(join(lines), "x", frames=False).valid


def test_the_largest_relation_number_reads_exactly(lines):
    i = find(lines, "10", lambda ln: get(ln, "role") == "H")
    rel = get(lines[i], "relation_number")
    big = "9999999999"
    for k, ln in enumerate(lines):
        if ln[:2] in (b"10", b"20") and get(ln, "relation_number") == rel:
            lines[k] = put(ln, "relation_number", big)
        if ln[:2] == b"10" and get(lines[k], "policyholder") == rel:
            lines[k] = put(lines[k], "policyholder", big)
    result = parse_borderel(join(lines), "x")
    assert result.valid, [(e.code, e.line) for e in result.errors]
    b = result.borderel
    assert big in {f"{r:010d}" for r in b.insured["relation_number"].tolist()}
    assert 9999999999 in set(b.lines["relation_number"].tolist())


def test_check_does_not_load_numpy_ma(samples_dir):
    """np.unique (and np.isin of an empty array, which sorts) imports numpy.ma, some 10 ms of
    every `check`; the check path avoids both."""
    code = (
        "import sys\n"
        "from digibord.app.check import check_file\n"
        "r = check_file(sys.argv[1])\n"
        "assert r.valid and r.borderel is not None\n"
        "print('numpy.ma' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(samples_dir / "2026-02_01.dat")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_holders_above_with_the_readers_search_equals_the_sorted_search():
    """The reader's werknemersnummer of each person's H (build): the nearest H above, else
    the search among the H rows (reader._search_among), as the search alone finds it."""
    from digibord.formats.frames import holders_above

    rng = np.random.default_rng(5)
    for _ in range(200):
        n_fam = int(rng.integers(1, 12))
        rel = rng.choice(10**6, size=n_fam * 3, replace=False).astype(np.int64)
        holder = np.repeat(rel[::3], 3)
        is_h = rel == holder
        order = rng.permutation(rel.size) if rng.random() < 0.5 else np.arange(rel.size)
        rel, holder, is_h = rel[order], holder[order], is_h[order]
        values = np.array([f"E{r}" for r in rel])
        h_rel = rel[is_h]
        sort = np.argsort(h_rel, kind="stable")
        expected = values[is_h][sort][np.searchsorted(h_rel[sort], holder)]
        h_rows = np.flatnonzero(is_h)
        at = holders_above(rel, holder, own=h_rows, find=reader._search_among(rel, h_rows))
        assert values[at].tolist() == expected.tolist()


def _packed_by_python(texts: list[str]) -> list[int]:
    """Each text's code points as the bytes of one big-endian word, the first the highest."""
    return [int.from_bytes(t.encode("latin-1").ljust(8, b"\x00"), "big") for t in texts]


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.text(alphabet=st.characters(max_codepoint=255,
                                                     exclude_characters="\x00"), max_size=8),
                      max_size=30))
def test_packed_text_of_strings_bytes_and_blocks(texts):
    """The same keys from 'U' strings, 'S' bytes and a 2-D block of their bytes: the texts'
    code-point order, equal exactly where they are, whatever the array's width."""
    expected = _packed_by_python(texts)
    u = np.array(texts, dtype="U8") if texts else np.zeros(0, dtype="U1")
    s = np.array([t.encode("latin-1") for t in texts], dtype="S8") if texts else \
        np.zeros(0, dtype="S1")
    block = s.view(np.uint8).reshape(len(texts), s.dtype.itemsize)
    for values in (u, u.astype(f"U{max(u.dtype.itemsize // 4, 1)}"), s, block,
                   block.astype(np.int32)):
        got = packed_text(values)
        assert got.dtype == np.uint64
        assert got.tolist() == expected
    order = np.argsort(packed_text(u), kind="stable").tolist()
    assert [texts[i] for i in order] == sorted(texts)


def test_packed_text_refuses_what_does_not_fit():
    assert packed_text(np.array(["123456789"])) is None  # 9 characters
    assert packed_text(np.array([b"123456789"])) is None
    assert packed_text(np.zeros((3, 9), dtype=np.uint8)) is None
    assert packed_text(np.array(["ğ"])) is None  # a code point of 256 or more
    assert packed_text(np.array([[300, 65]], dtype=np.int32)) is None
    assert packed_text(np.array([[-1, 65]], dtype=np.int32)) is None
    assert packed_text(np.array(["a"], dtype=object)) is None
    assert packed_text(np.zeros(0, dtype="U20")).tolist() == []  # no text: they fit
    assert packed_text(np.zeros((4, 0), dtype=np.uint8)).tolist() == [0, 0, 0, 0]


@pytest.mark.parametrize("texts", [["P", "C", "P", "C", "C"], ["H", "P", "K", "", "H"],
                                   ["AB1234", "AB12", "ZZ9999", "AB12", "ab"],
                                   ["ÿ", "é", "a", "é"], ["ğ", "a", "ğ"], ["123456789", "1"]])
def test_few_equals_the_categorical_of_the_plain_column(texts):
    from digibord.formats import frames

    got = frames._few(np.array(texts))
    expected = pd.Categorical(texts, categories=sorted(set(texts)))
    assert got.categories.tolist() == expected.categories.tolist()
    assert got.codes.tolist() == expected.codes.tolist()
    assert got.categories.dtype == object


def test_a_partner_written_before_the_hoofdverzekerde_gets_their_employee_number(lines):
    i = find(lines, "10", lambda ln: get(ln, "role") == "H")
    rel = get(lines[i], "relation_number")
    j = find(lines, "10", lambda ln: get(ln, "role") != "H" and get(ln, "policyholder") == rel)
    person = get(lines[j], "relation_number")
    own = [k for k, ln in enumerate(lines) if k >= j and ln[:2] in (b"10", b"20")
           and get(ln, "relation_number") == person]
    moved = [lines[k] for k in own]
    for k in reversed(own):
        del lines[k]
    lines[i:i] = moved  # the partner and their lines before the hoofdverzekerde
    result = parse_borderel(join(lines), "x")
    assert result.valid, [(e.code, e.line) for e in result.errors]
    ins = result.borderel.insured.set_index("relation_number")
    assert ins.loc[int(person), "employee_number"] == ins.loc[int(rel), "employee_number"] != ""


def test_sorted_codes_equal_np_unique():
    from digibord.formats import frames

    rng = np.random.default_rng(6)
    for high in (3, 256, 1 << 16, 1 << 40):
        key = rng.integers(0, high, 500).astype(np.uint64)
        uniques, codes = frames._sorted_codes(key)
        expected_uniques, expected_codes = np.unique(key, return_inverse=True)
        assert uniques.dtype == expected_uniques.dtype and codes.dtype == expected_codes.dtype
        assert uniques.tolist() == expected_uniques.tolist()
        assert codes.tolist() == expected_codes.tolist()


@pytest.mark.parametrize("distinct", [
    [1 << 20, (1 << 20) + 1, 5 << 30, 0],  # few wide keys, 0 (an empty text) among them
    [70000, 70000 + 4093, 1 << 45],  # two keys in one bucket: np.unique's sort instead
    list(range(1 << 17, (1 << 17) + 4093 * 3, 4093)),  # all in one bucket
    [(1 << 63) + 12345, 1 << 17],  # the top bit set
])
def test_sorted_codes_of_few_wide_keys_equal_np_unique(distinct):
    """The product codes' path: few distinct keys above 2**16, drawn in random order, through
    the table of buckets or, where two share a bucket, the sort."""
    from digibord.formats import frames

    rng = np.random.default_rng(7)
    key = np.array(distinct, dtype=np.uint64)[rng.integers(0, len(distinct), 1000)]
    key[0] = max(distinct)  # so that the keys are above 2**16 whichever are drawn
    uniques, codes = frames._sorted_codes(key)
    expected_uniques, expected_codes = np.unique(key, return_inverse=True)
    assert uniques.dtype == expected_uniques.dtype and codes.dtype == expected_codes.dtype
    assert uniques.tolist() == expected_uniques.tolist()
    assert codes.tolist() == expected_codes.tolist()


def test_code_points_of_every_byte_are_cp1252s():
    """The widening path (ASCII) and the table (0x80 and above) give each byte the code point
    Python's cp1252 decoder gives it (U+FFFD for the five it leaves undefined)."""
    block = np.arange(256, dtype=np.uint8).reshape(16, 16)
    expected = [ord(bytes([b]).decode("cp1252", errors="replace")) for b in range(256)]
    assert fw._points(block).reshape(-1).tolist() == expected
    assert fw._points(block[:8]).reshape(-1).tolist() == expected[:128]  # ASCII only


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.binary(min_size=5, max_size=5).map(
    lambda b: bytes(c if c % 3 else 0x20 for c in b)), min_size=0, max_size=20))
def test_to_text_is_the_cp1252_text_without_trailing_spaces(rows):
    """Texts of a block of bytes (spaces often, NULs, bytes above 0x80), as numpy holds them:
    cp1252, trailing spaces off; numpy's fixed-width strings leave trailing NULs out, before
    the spaces come off and after."""
    block = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(len(rows), 5)
    expected = [r.decode("cp1252", errors="replace").rstrip("\x00").rstrip(" ").rstrip("\x00")
                for r in rows]
    got = fw.to_text(block).tolist()
    assert [str(t) for t in got] == expected


@settings(max_examples=300, deadline=None)
@given(people=st.lists(st.tuples(*[st.sampled_from(["", "J.", "van der", "Éké", "A B",
                                                    "van  de", " J.", "  El  Am"])] * 3),
                       max_size=12))
def test_display_name_joins_the_parts_there_are(people):
    """`voorletters voorvoegsels achternaam`: each part with a space before what follows it,
    an empty one left out, single spaces also inside a part (a run of them one, none before
    it); of a fixed width (the frames convert it in pieces)."""
    initials, prefix, surname = (np.array([p[i] for p in people], dtype="<U8")
                                 for i in range(3))
    names = reader.display_name(initials, prefix, surname)
    expected = []
    for i, p, s in people:
        name = f"{p} {s}" if p else s
        name = f"{i} {name}" if i else name
        expected.append(" ".join(w for w in name.split(" ") if w))
    assert names.tolist() == expected
    assert names.dtype == np.dtype("<U26")
