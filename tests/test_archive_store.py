"""The archive's API: import (all or nothing, idempotent, re-issues), several collectivities,
reading a month, removing, retention, locally filled werknemersnummers."""

from __future__ import annotations

import datetime as dt

import pytest
from test_archive_support import SAMPLE_FILES, sample_bytes, variant

from digibord.archive import ArchiveError, apply_local_employee_numbers, open_archive, records
from digibord.archive.lookup import load_month
from digibord.commands.common import CommandRefused
from digibord.formats.issues import InputRefused
from digibord.formats.reader import parse_borderel


def _import_samples(archive):
    return [archive.import_bytes(sample_bytes(n), n) for n in SAMPLE_FILES]


def test_nothing_is_created_until_something_is_stored(_private_home):
    archive = open_archive()
    assert archive.entries() == []
    assert archive.collectivities() == []
    assert archive.key_storage() is None
    with pytest.raises(CommandRefused, match="geen archief"):
        load_month("2026-03", None)
    assert not (_private_home / "data").exists()


def test_import_then_load_gives_the_same_borderel():
    archive = open_archive()
    results = _import_samples(archive)
    assert [r.status for r in results] == ["stored"] * 3
    assert [c.number for c in archive.collectivities()] == ["123456789"]
    assert archive.collectivities()[0].months == (202601, 202602, 202603)
    loaded = load_month("2026-02", None)
    direct = parse_borderel(sample_bytes("2026-02_01.dat"), "x").borderel
    assert loaded.header == direct.header
    assert loaded.trailer == direct.trailer
    cols = ["relation_number", "role", "employee_number", "bsn", "name"]
    assert loaded.insured[cols].equals(direct.insured[cols])
    assert loaded.lines.equals(direct.lines)
    assert "archief 2026-02" in loaded.source
    entry = archive.entry("123456789", 202602)
    assert entry.total_due_cent == direct.trailer.total_due_cent
    assert entry.insured_count == len(direct.insured)
    assert archive.read_bytes(entry) == sample_bytes("2026-02_01.dat")


def test_a_month_stored_with_spaces_after_its_90_still_opens(monkeypatch):
    """A borderel stored before 3 December 2026 may end in a line of spaces after the 90 (a
    blank line then, an error now): its month opens all the same, read without that tail; a
    file with it is refused when imported now, and other errors still refuse a stored month."""
    data = sample_bytes("2026-02_01.dat") + b"     \r\n"
    archive = open_archive()
    with pytest.raises(InputRefused):
        archive.import_bytes(data, "feb.dat")
    lenient = records.parse_borderel  # the old reading: the tail was a blank line

    def old_rules(raw: bytes, source: str = "", *args, **kwargs):
        return lenient(raw.rstrip(b" \r\n") + b"\r\n", source, *args, **kwargs)

    monkeypatch.setattr(records, "parse_borderel", old_rules)
    assert archive.import_bytes(data, "feb.dat").status == "stored"
    monkeypatch.setattr(records, "parse_borderel", lenient)
    entry = archive.entry("123456789", 202602)
    assert archive.read_bytes(entry) == data  # kept as it came in
    loaded = load_month("2026-02", None)
    direct = parse_borderel(sample_bytes("2026-02_01.dat"), "x").borderel
    assert loaded.trailer == direct.trailer and loaded.lines.equals(direct.lines)
    assert records.parse_stored(data + b"X\r\n", "x").borderel is None  # another error


def test_same_bytes_twice_are_stored_once_and_the_user_is_told():
    archive = open_archive()
    first = archive.import_bytes(sample_bytes(), "a.dat")
    again = archive.import_bytes(sample_bytes(), "b.dat")
    assert again.status == "duplicate"
    assert again.entry.id == first.entry.id
    assert "stond al in het archief" in again.message()
    assert len(archive.entries()) == 1


def test_a_file_with_errors_is_refused_and_nothing_is_stored():
    archive = open_archive()
    archive.import_bytes(sample_bytes("2026-01_01.dat"), "jan.dat")
    broken = sample_bytes()[:-300]  # a broken download: no sluitrecord
    with pytest.raises(InputRefused) as info:
        archive.import_bytes(broken, "maart.dat")
    assert info.value.source == "maart.dat"
    good = archive.prepare(sample_bytes("2026-02_01.dat"), "feb.dat")
    with pytest.raises(InputRefused):
        archive.store([good, archive.prepare(broken, "maart.dat")])
    assert [e.prolongation_month for e in archive.entries()] == [202601]


def test_a_batch_is_stored_all_or_nothing():
    archive = open_archive()
    archive.import_bytes(sample_bytes(), "maart.dat")
    other = variant(sample_bytes(), name="Zelfde volgnummer, andere inhoud")
    batch = [archive.prepare(sample_bytes("2026-01_01.dat"), "jan.dat"),
             archive.prepare(other, "maart-anders.dat")]
    with pytest.raises(ArchiveError, match="andere inhoud") as info:
        archive.store(batch)
    assert "2026-03 volgnummer 1" in str(info.value)
    assert [e.prolongation_month for e in archive.entries()] == [202603]


def test_two_files_of_one_month_given_together_are_named_both_not_the_archive():
    # the archive held neither: "the archive holds it already" would send the user looking
    archive = open_archive()
    other = variant(sample_bytes(), name="Zelfde volgnummer, andere inhoud")
    batch = [archive.prepare(sample_bytes(), "maart.dat"),
             archive.prepare(other, "maart-anders.dat")]
    with pytest.raises(ArchiveError) as info:
        archive.store(batch)
    message = str(info.value)
    assert message.startswith("maart-anders.dat: maart.dat is ook collectiviteit 123456789, "
                              "2026-03 volgnummer 1, met een andere inhoud")
    assert "het archief bevat al" not in message
    assert archive.entries() == []


def test_reissue_becomes_current_and_the_earlier_stays_available():
    archive = open_archive()
    archive.import_bytes(sample_bytes(), "maart_01.dat")
    reissue = archive.import_bytes(variant(sample_bytes(), sequence=2), "maart_02.dat")
    assert reissue.status == "reissue"
    assert reissue.previous.sequence == 1
    assert "volgnummer 1 blijft bewaard" in reissue.message()
    assert load_month("2026-03", None).header.sequence == 2
    assert archive.load("123456789", 202603, sequence=1).header.sequence == 1
    assert [(e.sequence, e.current) for e in archive.entries()] == [(1, False), (2, True)]
    assert [e.sequence for e in archive.months("123456789")] == [2]
    # Another file claiming the same volgnummer is not taken over silently.
    with pytest.raises(ArchiveError, match="volgnummer 2"):
        archive.import_bytes(variant(sample_bytes(), sequence=2, name="x"), "anders.dat")
    assert len(archive.entries()) == 2


def test_an_older_volgnummer_does_not_replace_the_current_one():
    archive = open_archive()
    archive.import_bytes(variant(sample_bytes(), sequence=3), "maart_03.dat")
    older = archive.import_bytes(sample_bytes(), "maart_01.dat")
    assert older.status == "older"
    assert older.previous.sequence == 3
    assert load_month("2026-03", None).header.sequence == 3


def test_several_collectivities_side_by_side():
    archive = open_archive()
    archive.import_bytes(sample_bytes(), "a.dat")
    archive.import_bytes(variant(sample_bytes(), collectivity="987654321", name="Bakkerij Jansen"),
                         "b.dat")
    archive.import_bytes(variant(sample_bytes("2026-01_01.dat"), collectivity="987654321"),
                         "b-jan.dat")
    with pytest.raises(CommandRefused) as info:
        load_month("2026-03", None)
    assert "123456789" in str(info.value) and "987654321" in str(info.value)
    assert "Bakkerij Jansen" in str(info.value) and "--collectivity" in str(info.value)
    assert load_month("2026-03", "987654321").header.collectivity_number == "987654321"
    # Only one collectivity has January: no need to name it.
    assert load_month("2026-01", None).header.collectivity_number == "987654321"
    with pytest.raises(CommandRefused, match="555"):
        load_month("2026-03", "555")
    with pytest.raises(CommandRefused, match="2026-03"):
        load_month("2026-07", "987654321")
    with pytest.raises(CommandRefused, match="JJJJ-MM"):
        load_month("2026-13", None)


def test_remove_a_month_or_one_volgnummer():
    archive = open_archive()
    _import_samples(archive)
    archive.import_bytes(variant(sample_bytes(), sequence=2), "maart_02.dat")
    gone = archive.remove("123456789", 202603, sequence=2)
    assert [(e.prolongation_month, e.sequence) for e in gone] == [(202603, 2)]
    assert load_month("2026-03", None).header.sequence == 1
    gone = archive.remove("123456789", 202602)
    assert [e.prolongation_month for e in gone] == [202602]
    assert [e.prolongation_month for e in archive.entries()] == [202601, 202603]
    with pytest.raises(ArchiveError, match="2026-02"):
        archive.remove("123456789", 202602)


def test_retention_lists_whole_old_years_and_prunes_them():
    archive = open_archive()
    archive.import_bytes(sample_bytes(), "2026-03.dat")
    archive.import_bytes(variant(sample_bytes(), months_back=12 * 7), "2019-03.dat")
    archive.import_bytes(variant(sample_bytes(), months_back=12 * 7 + 3), "2018-12.dat")
    today = dt.date(2026, 11, 27)
    assert archive.retention_years() == 7
    assert [e.prolongation_month for e in archive.prune_candidates(today=today)] == [201812]
    assert [e.prolongation_month for e in archive.prune_candidates(6, today)] == [201812, 201903]
    archive.set_retention_years(6)
    assert archive.retention_years() == 6
    gone = archive.prune(today=today)
    assert [e.prolongation_month for e in gone] == [201812, 201903]
    assert [e.prolongation_month for e in archive.entries()] == [202603]
    with pytest.raises(ArchiveError, match="1 jaar of meer"):
        archive.set_retention_years(0)


EMPLOYEE = 13340236  # an H with a partner in the March sample; werknemersnummer 004708


def test_locally_filled_employee_number_reaches_the_employee_and_family():
    archive = open_archive()
    archive.import_bytes(variant(sample_bytes(), blank_employee_of=EMPLOYEE), "maart.dat")
    before = load_month("2026-03", None).insured
    family = before["policyholder"] == EMPLOYEE
    assert (before.loc[family, "employee_number"] == "").all()
    archive.set_employee_number("123456789", EMPLOYEE, " X-4708 ")
    after = load_month("2026-03", None).insured
    assert after.loc[family, "employee_number"].tolist() == ["X-4708"] * int(family.sum())
    assert after.loc[family, "employee_number_local"].all()
    assert not after.loc[~family, "employee_number_local"].any()
    assert after.loc[~family, "employee_number"].equals(before.loc[~family, "employee_number"])
    numbers = archive.local_employee_numbers("123456789")
    assert numbers[EMPLOYEE].employee_number == "X-4708"
    # A borderel read from a file gets them too (salary conversion, payroll check).
    from_file = parse_borderel(variant(sample_bytes(), blank_employee_of=EMPLOYEE), "f").borderel
    filled = apply_local_employee_numbers(from_file)
    assert filled.insured.loc[family, "employee_number"].eq("X-4708").all()
    archive.set_employee_number("123456789", EMPLOYEE, None)
    assert archive.local_employee_numbers("123456789") == {}
    assert (load_month("2026-03", None).insured.loc[family, "employee_number"] == "").all()


def test_the_file_number_wins_and_bad_numbers_are_refused():
    archive = open_archive()
    archive.import_bytes(variant(sample_bytes(), blank_employee_of=EMPLOYEE), "maart.dat")
    with pytest.raises(ArchiveError, match="al werknemersnummer E13657"):
        archive.set_employee_number("123456789", 13633920, "Y1")  # has one in the file
    with pytest.raises(ArchiveError, match="partner of kind"):
        archive.set_employee_number("123456789", 93997695, "Y1")
    with pytest.raises(ArchiveError, match="staat niet in het laatste borderel"):
        archive.set_employee_number("123456789", 1, "Y1")
    with pytest.raises(ArchiveError, match="hoort al bij relatienummer 13633920"):
        archive.set_employee_number("123456789", EMPLOYEE, "E13657")
    with pytest.raises(ArchiveError, match="1 tot 15"):
        archive.set_employee_number("123456789", EMPLOYEE, "x" * 16)
    assert archive.local_employee_numbers("123456789") == {}


def test_apply_without_an_archive_changes_nothing_and_creates_nothing(_private_home):
    borderel = parse_borderel(sample_bytes(), "f").borderel
    filled = apply_local_employee_numbers(borderel)
    assert filled.insured["employee_number"].equals(borderel.insured["employee_number"])
    assert not filled.insured["employee_number_local"].any()
    assert not (_private_home / "data").exists()


def test_a_duplicate_removed_before_storing_is_not_stored_empty():
    archive = open_archive()
    archive.import_bytes(sample_bytes(), "maart.dat")
    again = archive.prepare(sample_bytes(), "maart.dat")  # recognised: not parsed, not sealed
    archive.remove("123456789", 202603)
    with pytest.raises(ArchiveError, match="niets opgeslagen"):
        archive.store([again])
    assert archive.entries() == []
    assert archive.import_bytes(sample_bytes(), "maart.dat").status == "stored"
