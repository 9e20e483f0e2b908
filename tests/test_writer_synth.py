"""The writer (layout-driven, vectorised) and the generator of synthetic borderel series."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devtools.synth import generate_file_lines, generate_series
from digibord.formats.layout import load_layout
from digibord.formats.reader import parse_borderel, read_borderel
from digibord.formats.writer import write_borderel

REPO = Path(__file__).resolve().parent.parent

ALL_CODES = {"01", "02", "03", "04", "05", "06", "07", "08", "99"}
FRAMES = ("products", "insured", "lines")


def parsed(data: bytes, source: str = "test.dat"):
    result = parse_borderel(data, source)
    assert result.errors == [], [e.describe(source) for e in result.errors[:5]]
    assert result.borderel is not None
    return result.borderel


def _plain(left: pd.DataFrame, right: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reader stores low-cardinality text as categoricals (formats/frames.py), the
    synthetic series as plain text: the values are what must agree, so a column that is
    categorical on either side is compared as plain objects on both."""
    coded = [c for c in left.columns
             if isinstance(left[c].dtype, pd.CategoricalDtype)
             or isinstance(right[c].dtype, pd.CategoricalDtype)]
    return left.astype({c: object for c in coded}), right.astype({c: object for c in coded})


def assert_same_data(a, b) -> None:
    assert a.header == b.header
    assert a.trailer == b.trailer
    for name in FRAMES:
        left, right = getattr(a, name), getattr(b, name)
        left, right = _plain(left, right[left.columns])
        pd.testing.assert_frame_equal(left.reset_index(drop=True),
                                      right.reset_index(drop=True))


@pytest.fixture(scope="module")
def series():
    return generate_series([202511, 202512, 202601, 202602, 202603, 202604], 120, seed=11,
                           missing_employee_numbers=2)


# --- writer ---------------------------------------------------------------------------------

@pytest.mark.parametrize("month", ["01", "02", "03"])
def test_writing_a_sample_gives_its_bytes_back(samples_dir, month):
    path = samples_dir / f"2026-{month}_01.dat"
    assert write_borderel(read_borderel(path)) == path.read_bytes()


def test_employee_number_only_on_the_employees_record(samples_dir):
    b = read_borderel(samples_dir / "2026-02_01.dat")
    assert (b.insured.loc[b.insured["role"] != "H", "employee_number"] != "").all()
    layout = load_layout()
    f = layout.field("10", "employee_number")
    role = layout.field("10", "role")
    records = [r for r in write_borderel(b).split(b"\r\n") if r.startswith(b"10")]
    for record in records:
        text = record[f.start - 1 : f.stop].decode("cp1252").strip()
        is_h = record[role.start - 1 : role.stop] == b"H"
        assert bool(text) == is_h


def test_written_records_are_250_long_with_the_chosen_line_end(series):
    data = write_borderel(series[0], line_end="\n")
    lines = data.split(b"\n")
    assert lines[-1] == b""
    assert {len(line) for line in lines[:-1]} == {250}
    assert b"\r" not in data


def test_utf8_with_bom_reads_back_the_same(series):
    b = series[2]
    data = b"\xef\xbb\xbf" + write_borderel(b, encoding="utf-8")
    result = parse_borderel(data, "bom.dat")
    assert result.errors == []
    assert "reader.utf8_bom" in {w.code for w in result.warnings}
    assert_same_data(b, result.borderel)


def test_trailer_is_computed_from_the_lines(series):
    b = series[3]
    record = write_borderel(b).split(b"\r\n")[-2].decode("ascii")
    lines = b.lines
    prolongation = int(lines.loc[lines["line_kind"] == "P", "net_cent"].sum())
    corrections = int(lines.loc[lines["line_kind"] == "C", "net_cent"].sum())
    assert record[:2] == "90"
    assert int(record[2:9]) == len(b.insured)
    assert int(record[9:16]) == len(b.lines)
    assert int(record[16:29]) == prolongation
    assert int(record[29:42]) == corrections
    assert int(record[42:55]) == prolongation + corrections


def test_a_value_too_long_for_its_field_is_refused(series):
    b = series[0]
    insured = b.insured.copy()
    insured.loc[0, "surname"] = "X" * 36
    with pytest.raises(ValueError, match="achternaam"):
        write_borderel(type(b)(b.header, b.products, insured, b.lines, b.trailer))


def test_text_outside_cp1252_is_refused(series):
    b = series[0]
    insured = b.insured.copy()
    insured.loc[0, "surname"] = "Ağaoğlu"
    with pytest.raises(ValueError, match="cp1252"):
        write_borderel(type(b)(b.header, b.products, insured, b.lines, b.trailer))


def test_lines_naming_no_insured_still_get_written_for_crafting_bad_files(series):
    b = series[0]
    lines = b.lines.copy()
    lines.loc[0, "relation_number"] = 1
    result = parse_borderel(write_borderel(type(b)(b.header, b.products, b.insured, lines,
                                                   b.trailer)), "bad.dat")
    assert "reader.unknown_relation" in {e.code for e in result.errors}


# --- generator ------------------------------------------------------------------------------

def test_generated_series_reads_back_exactly_and_without_errors(series):
    for b in series:
        back = parsed(write_borderel(b))
        assert_same_data(b, back)
        assert {w.code for w in back.warnings} <= {"reader.bsn_check", "reader.no_employee_number"}


def test_trailer_totals_match_the_lines(series):
    for b in series:
        lines = b.lines
        t = b.trailer
        assert t.line_count == len(lines) and t.insured_count == len(b.insured)
        assert t.total_prolongation_cent == lines.loc[lines["line_kind"] == "P", "net_cent"].sum()
        assert t.total_corrections_cent == lines.loc[lines["line_kind"] == "C", "net_cent"].sum()
        assert t.total_due_cent == t.total_prolongation_cent + t.total_corrections_cent


def test_net_is_gross_minus_discounts_on_every_line(series):
    for b in series:
        lines = b.lines
        expected = (lines["gross_cent"] - lines["collective_discount_cent"]
                    - lines["other_discount_cent"])
        assert (lines["net_cent"] == expected).all()
        assert lines["net_cent"].dtype == np.int64


def test_corrections_cover_every_mutation_code(series):
    codes = set()
    for b in series:
        c = b.lines[b.lines["line_kind"] == "C"]
        codes |= set(c["mutation_code"])
        assert "00" not in set(c["mutation_code"])
        assert (b.lines.loc[b.lines["line_kind"] == "P", "mutation_code"] == "00").all()
    assert codes == ALL_CODES


def test_minors_pay_no_basis_premium_adults_do(series):
    for b in series:
        first = pd.Timestamp(b.month // 100, b.month % 100, 1)
        people = b.insured.set_index("relation_number")
        p = b.lines[(b.lines["line_kind"] == "P") & b.lines["product_code"].isin(["BEK", "BRK"])]
        birth = people.loc[p["relation_number"], "birth_date"].to_numpy()
        eighteen = pd.to_datetime(birth) + pd.DateOffset(years=18)
        # Premium is due from the month after the 18th birthday.
        minor = (eighteen + pd.offsets.MonthBegin(1)).to_numpy() > np.datetime64(first)
        gross = p["gross_cent"].to_numpy()
        assert minor.any() and (gross[minor] == 0).all()
        # Adults pay the full basis, unless a late 06 correction is pending for them.
        assert (gross[~minor] > 0).mean() > 0.97


def test_nobody_is_billed_after_leaving(series):
    """Summed over the series, months after a person's last day cost nothing."""
    first_month = series[0].month
    ends = pd.concat([b.insured[["relation_number", "end_date"]] for b in series])
    ends = ends.dropna().drop_duplicates("relation_number").set_index("relation_number")
    lines = pd.concat([b.lines for b in series])
    lines = lines[lines["relation_number"].isin(ends.index)
                  & (lines["premium_month"] >= first_month)]
    end = ends.loc[lines["relation_number"], "end_date"].dt
    end_month = (end.year * 100 + end.month).to_numpy()
    after = lines[lines["premium_month"].to_numpy() > end_month]
    assert len(ends) > 5
    totals = after.groupby(["relation_number", "premium_month", "product_code"])
    assert (totals[["gross_cent", "collective_discount_cent", "other_discount_cent",
                    "net_cent"]].sum() == 0).all().all()


def test_names_with_diacritics_and_bsn_problems_are_present():
    b = generate_series([202603], 400, seed=5)[0]
    names = set(b.insured["surname"]) | set(b.insured["initials"])
    assert any(not n.isascii() for n in names)
    assert "’t" in set(b.insured["prefix"])
    result = parse_borderel(write_borderel(b), "x.dat")
    assert result.errors == []
    assert (b.insured["bsn"] == "").any()
    assert "reader.bsn_check" in {w.code for w in result.warnings}
    clean = generate_series([202603], 400, seed=5, bsn_problems=False)[0]
    assert (clean.insured["bsn"] != "").all()
    assert parse_borderel(write_borderel(clean), "y.dat").warnings == []


def test_employees_without_number_only_when_asked(series):
    plain = generate_series([202603], 60, seed=3)[0]
    assert (plain.insured["employee_number"] != "").all()
    h = series[-1].insured[series[-1].insured["role"] == "H"]
    assert (h["employee_number"] == "").any()


def test_same_seed_same_bytes_other_seed_other_bytes():
    a = [write_borderel(b) for b in generate_series([202601, 202602], 50, seed=9)]
    b = [write_borderel(b) for b in generate_series([202601, 202602], 50, seed=9)]
    c = [write_borderel(b) for b in generate_series([202601, 202602], 50, seed=10)]
    assert a == b
    assert a != c


def test_generate_file_lines_gives_about_the_asked_size():
    data = generate_file_lines(20_000, seed=1)
    n = data.count(b"\r\n")
    assert 17_000 <= n <= 23_000
    parsed(data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_employees=st.integers(1, 25),
    n_months=st.integers(1, 4),
    start=st.sampled_from([202401, 202411, 202512, 202601, 202607]),
    seed=st.integers(0, 2**32 - 1),
    missing=st.integers(0, 2),
    utf8=st.booleans(),
)
def test_writing_parsed_data_and_reading_again_gives_the_same_data(
        n_employees, n_months, start, seed, missing, utf8):
    year, mon = divmod(start, 100)
    months = [(year + (mon - 1 + i) // 12) * 100 + (mon - 1 + i) % 12 + 1
              for i in range(n_months)]
    for b in generate_series(months, n_employees, seed, missing_employee_numbers=missing):
        first = parsed(write_borderel(b))
        assert_same_data(b, first)
        if utf8:
            again = parsed(b"\xef\xbb\xbf" + write_borderel(first, encoding="utf-8",
                                                              line_end="\n"))
        else:
            again = parsed(write_borderel(first))
        assert_same_data(first, again)


def test_committed_demo_series_is_what_make_demo_makes(monkeypatch):
    import importlib.util

    # As `python tools/make_demo.py` runs it: its own folder first on sys.path (tools/checkout.py).
    spec = importlib.util.spec_from_file_location("make_demo", REPO / "tools" / "make_demo.py")
    make_demo = importlib.util.module_from_spec(spec)
    monkeypatch.syspath_prepend(str(REPO / "tools"))
    spec.loader.exec_module(make_demo)
    files = make_demo.demo_files()
    assert sorted(files) == ["2026-01_01.dat", "2026-02_01.dat", "2026-03_01.dat",
                             "2026-04_01.dat"]
    codes = set()
    for name, data in files.items():
        assert (REPO / "resources" / "demo" / name).read_bytes() == data
        b = parsed(data, name)
        assert b.header.collectivity_number == "987654321"
        assert b.header.collectivity_name == "Demo Zorg B.V."
        codes |= set(b.lines["mutation_code"])
    assert codes == ALL_CODES | {"00"}
