"""Month summaries stored at import: equal to what a plain reading of the parsed borderel gives
(samples, a synthetic series with a re-issue), made lazily once for borderels stored without
one, bound to their record, and removed with it."""

from __future__ import annotations

import sqlite3

import keyring
import numpy as np
import pytest
from test_archive_support import SAMPLE_FILES, import_samples, sample_bytes, variant

from devtools.synth import generate_series
from digibord.archive import KeyProblem, MonthSummary, keystore, open_archive, records
from digibord.formats.reader import parse_borderel
from digibord.formats.writer import write_borderel


def _sql(archive, statement: str, params: tuple = ()) -> None:
    con = sqlite3.connect(archive.path)
    try:
        with con:
            con.execute(statement, params)
    finally:
        con.close()


def _count(archive, table: str) -> int:
    con = sqlite3.connect(archive.path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def expected(data: bytes) -> dict:
    """The figures read plainly from the parsed borderel: row by row, no shared code."""
    b = parse_borderel(data, "x").borderel
    roles = list(b.insured["role"])
    kind_of = dict(zip(b.products["product_code"], b.products["product_kind"], strict=True))
    by_kind = {"B": 0, "A": 0, "T": 0}
    p_total = c_total = 0
    for kind, code, net in zip(b.lines["line_kind"], b.lines["product_code"],
                               b.lines["net_cent"], strict=True):
        if kind == "P":
            p_total += int(net)
            by_kind[kind_of[code]] += int(net)
        else:
            c_total += int(net)
    assert (p_total, c_total) == (b.trailer.total_prolongation_cent,
                                  b.trailer.total_corrections_cent)
    return {
        "insured_h": roles.count("H"), "insured_p": roles.count("P"),
        "insured_k": roles.count("K"),
        "employees": len(set(b.insured["policyholder"])),
        "total_prolongation_cent": p_total, "total_corrections_cent": c_total,
        "total_due_cent": b.trailer.total_due_cent,
        "prolongation_net_b_cent": by_kind["B"], "prolongation_net_a_cent": by_kind["A"],
        "prolongation_net_t_cent": by_kind["T"],
        "relation_numbers": sorted(int(r) for r in b.insured["relation_number"]),
    }


def _as_dict(summary: MonthSummary) -> dict:
    return {**summary.figures(), "relation_numbers": summary.relation_numbers.tolist()}


def test_the_summaries_of_the_samples_are_what_the_borderels_say():
    archive = import_samples()
    pairs = open_archive().summaries("123456789")
    assert [e.file_name for e, _ in pairs] == list(SAMPLE_FILES)
    for (entry, summary), name in zip(pairs, SAMPLE_FILES, strict=True):
        assert _as_dict(summary) == expected(sample_bytes(name))
        assert summary.insured_count == entry.insured_count
        assert summary.relation_numbers.dtype == np.int64
        assert not summary.relation_numbers.flags.writeable
    assert _count(archive, "summary") == 3
    # Joiners and leavers between consecutive months, as sets of the parsed borderels.
    (_, jan), (_, feb), (_, mar) = pairs
    before = set(expected(sample_bytes("2026-02_01.dat"))["relation_numbers"])
    after = set(expected(sample_bytes("2026-03_01.dat"))["relation_numbers"])
    assert mar.joiners(feb).tolist() == sorted(after - before)
    assert mar.leavers(feb).tolist() == sorted(before - after)
    assert mar.leavers(feb).size > 0 and feb.joiners(jan).size == 0


def test_a_synthetic_series_with_a_reissue_and_a_second_collectivity():
    months = [202401 + (i // 12) * 100 + i % 12 for i in range(18)]
    series = [write_borderel(b) for b in generate_series(months, 40, seed=7)]
    other = [write_borderel(b) for b in generate_series(months[:3], 15, seed=8,
                                                        collectivity="555000111")]
    archive = open_archive()
    archive.store([archive.prepare(data, f"m{i:02d}.dat") for i, data in enumerate(series)])
    for i, data in enumerate(other):
        archive.import_bytes(data, f"o{i}.dat")
    reissue = variant(series[5], sequence=2)
    assert archive.import_bytes(reissue, "reissue.dat").status == "reissue"
    pairs = open_archive().summaries("555123456")
    assert [e.prolongation_month for e, _ in pairs] == months
    assert pairs[5][0].sequence == 2
    wanted = [*series[:5], reissue, *series[6:]]
    for (_, summary), data in zip(pairs, wanted, strict=True):
        assert _as_dict(summary) == expected(data)
    assert [e.collectivity_number for e, _ in open_archive().summaries("555000111")] == [
        "555000111"] * 3
    assert open_archive().summaries("999999999") == []


def test_borderels_stored_without_a_summary_get_one_on_first_request(monkeypatch):
    archive = import_samples()
    _sql(archive, "DELETE FROM summary")  # as an archive from before summaries were stored
    parsed = []
    real = records.Records.parse

    def counting(self, entry):
        parsed.append(entry.prolongation_month)
        return real(self, entry)

    monkeypatch.setattr(records.Records, "parse", counting)
    first = open_archive().summaries("123456789")
    assert sorted(parsed) == [202601, 202602, 202603] and _count(archive, "summary") == 3
    again = open_archive().summaries("123456789")
    assert sorted(parsed) == [202601, 202602, 202603]  # not decrypted a second time
    assert [s for _, s in again] == [s for _, s in first]
    for (_, summary), name in zip(again, SAMPLE_FILES, strict=True):
        assert _as_dict(summary) == expected(sample_bytes(name))
    assert open_archive().integrity().state == "ok"  # derived data: no change of the archive


def test_an_archive_of_version_1_gets_its_summary_table_on_first_request():
    archive = import_samples()
    _sql(archive, "DROP TABLE summary")
    _sql(archive, "UPDATE meta SET value='1' WHERE name='schema_version'")
    pairs = open_archive().summaries("123456789")
    assert _as_dict(pairs[0][1]) == expected(sample_bytes(SAMPLE_FILES[0]))
    assert _count(archive, "summary") == 3


def test_a_summary_moved_to_another_record_is_not_used():
    archive = import_samples()
    con = sqlite3.connect(archive.path)
    rows = con.execute("SELECT s.sha256, s.nonce, s.ciphertext FROM summary s JOIN borderel b "
                       "ON b.sha256 = s.sha256 ORDER BY b.prolongation_month").fetchall()
    con.close()
    (jan, n1, c1), (mar, n3, c3) = rows[0], rows[2]
    _sql(archive, "UPDATE summary SET nonce=?, ciphertext=? WHERE sha256=?", (n3, c3, jan))
    _sql(archive, "UPDATE summary SET nonce=?, ciphertext=? WHERE sha256=?", (n1, c1, mar))
    pairs = open_archive().summaries("123456789")
    for (_, summary), name in zip(pairs, SAMPLE_FILES, strict=True):
        assert _as_dict(summary) == expected(sample_bytes(name))


def test_a_summary_goes_with_its_borderel():
    archive = import_samples()
    open_archive().remove("123456789", 202602)
    assert _count(archive, "summary") == 2
    assert [e.prolongation_month for e, _ in open_archive().summaries("123456789")] == [
        202601, 202603]


def test_a_summary_that_cannot_be_kept_is_still_given(monkeypatch):
    archive = import_samples()
    _sql(archive, "DELETE FROM summary")
    real = sqlite3.connect

    def read_only(*args, **kw):
        con = real(*args, **kw)
        con.execute("PRAGMA query_only=ON")
        return con

    with monkeypatch.context() as m:
        m.setattr(sqlite3, "connect", read_only)
        pairs = open_archive().summaries("123456789")
    assert len(pairs) == 3 and _count(archive, "summary") == 0


def test_summaries_need_the_key_and_say_so():
    archive = import_samples()
    con = sqlite3.connect(archive.path)
    archive_id = con.execute("SELECT value FROM meta WHERE name='archive_id'").fetchone()[0]
    con.close()
    keyring.delete_password("Digibord", keystore.username(archive_id))
    with pytest.raises(KeyProblem, match="niet gevonden"):
        open_archive().summaries("123456789")
