"""Settings and state per collectivity in the archive: sealed JSON objects, bound to their
collectivity and name, named in the manifest, stored atomically, usable before any borderel
is imported."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from test_archive_support import REPO, import_samples

from digibord.archive import TamperedRecord, open_archive

OPTIONS = {"salarisperiode": "maand", "bijdrage": {"soort": "percentage", "waarde": 5000},
           "profile": "loket-uniekprofiel", "component_codes": ["7310", "7311"],
           "opmerking": "Zorgverzekering €, 'collectief'"}


def _sql(archive, statement: str, params: tuple = ()) -> None:
    con = sqlite3.connect(archive.path)
    try:
        with con:
            con.execute(statement, params)
    finally:
        con.close()


def test_a_setting_round_trips_before_any_borderel_is_imported():
    archive = open_archive()
    assert archive.get_setting("123456789", "salary-options") is None
    assert archive.list_settings("123456789") == []
    assert not archive.exists()  # asking creates nothing
    archive.set_setting("123456789", "salary-options", OPTIONS)
    assert archive.exists() and archive.key_storage() == "keyring"
    again = open_archive()
    assert again.get_setting("123456789", "salary-options") == OPTIONS
    assert again.entries() == []
    value = again.get_setting("123456789", "salary-options")
    value["profile"] = "changed"  # a copy: changing it changes nothing stored
    assert again.get_setting("123456789", "salary-options") == OPTIONS
    assert again.integrity().state == "ok"


def test_settings_are_per_collectivity_and_name_replaced_and_removed():
    archive = import_samples()
    archive.set_setting("123456789", "salary-options", OPTIONS)
    archive.set_setting("123456789", "month-end/2026-03", {"gecontroleerd": True})
    archive.set_setting("987654321", "salary-options", {"profile": "afas"})
    archive.set_setting("123456789", "salary-options", {"profile": "csv"})
    again = open_archive()
    assert again.list_settings("123456789") == ["month-end/2026-03", "salary-options"]
    assert again.get_setting("123456789", "salary-options") == {"profile": "csv"}
    assert again.get_setting("987654321", "salary-options") == {"profile": "afas"}
    assert again.remove_setting("123456789", "month-end/2026-03") is True
    assert again.remove_setting("123456789", "month-end/2026-03") is False
    assert open_archive().list_settings("123456789") == ["salary-options"]
    assert open_archive().integrity().state == "ok"


def test_a_sealed_setting_moved_to_another_collectivity_or_name_does_not_open():
    archive = open_archive()
    archive.set_setting("123456789", "salary-options", OPTIONS)
    _sql(archive, "UPDATE setting SET collectivity_number='999999999'")
    with pytest.raises(TamperedRecord, match="instelling 'salary-options' van collectiviteit "
                                             "999999999"):
        open_archive().get_setting("999999999", "salary-options")
    _sql(archive, "UPDATE setting SET collectivity_number='123456789', name='other'")
    with pytest.raises(TamperedRecord):
        open_archive().get_setting("123456789", "other")
    _sql(archive, "UPDATE setting SET name='salary-options'")
    assert open_archive().get_setting("123456789", "salary-options") == OPTIONS


def test_the_database_holds_no_plain_json_of_a_setting():
    archive = open_archive()
    archive.set_setting("123456789", "first", {"x": 1})
    holder = sqlite3.connect(archive.path)  # keeps the -wal from being checkpointed away
    holder.execute("SELECT count(*) FROM setting").fetchone()
    archive.set_setting("123456789", "salary-options", OPTIONS)
    wal = archive.path.with_name(archive.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    blobs = b"".join(p.read_bytes() for p in archive.data_dir.iterdir() if p.is_file())
    holder.close()
    for text in ("salarisperiode", "loket-uniekprofiel", "7310", "percentage", "collectief"):
        for encoded in (text.encode("utf-8"), text.encode("utf-16-le")):
            assert encoded not in blobs, text
    assert b"salary-options" in blobs  # the name is plain by design (docs/archive.md)


def test_a_setting_deleted_or_put_back_outside_digibord_is_reported():
    archive = open_archive()
    archive.set_setting("123456789", "salary-options", {"profile": "afas"})
    con = sqlite3.connect(archive.path)
    old = con.execute("SELECT nonce, ciphertext FROM setting").fetchone()
    con.close()
    archive.set_setting("123456789", "salary-options", {"profile": "loket"})
    _sql(archive, "UPDATE setting SET nonce=?, ciphertext=?", old)
    assert open_archive().get_setting("123456789", "salary-options") == {"profile": "afas"}
    report = open_archive().integrity()
    assert report.state == "changed"
    assert "instelling 'salary-options' van collectiviteit 123456789" in " ".join(
        report.problems())
    _sql(archive, "DELETE FROM setting")
    assert open_archive().integrity().blobs_missing == (
        ("instelling", "123456789", "salary-options"),)


@pytest.mark.parametrize(("collectivity", "name", "value", "error"), [
    ("123456789", "x", ["not", "a", "dict"], TypeError),
    ("123456789", "", {}, ValueError),
    ("", "x", {}, ValueError),
    ("123456789", "a\nb", {}, ValueError),
    ("123456789", "x" * 101, {}, ValueError),
    ("123456789", "x", {"n": float("nan")}, ValueError),
    ("123456789", "x", {"blob": "x" * 70_000}, ValueError),
    ("123456789", "x", {"when": object()}, TypeError),
])
def test_what_is_not_a_small_json_object_is_refused(collectivity, name, value, error):
    with pytest.raises(error):
        open_archive().set_setting(collectivity, name, value)
    assert not open_archive().exists()


_SETTER = """
import sys
from digibord.archive import open_archive
for i in range(15):
    open_archive().set_setting("123456789", f"{sys.argv[1]}-{i:02d}", {"i": i})
print("done", flush=True)
"""


def test_two_processes_setting_at_once():
    import_samples()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    procs = [subprocess.Popen([sys.executable, "-c", _SETTER, who], env=env, cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who in ("a", "b")]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and out.strip() == "done", err
    archive = open_archive()
    names = archive.list_settings("123456789")
    assert len(names) == 30
    assert archive.get_setting("123456789", "b-14") == {"i": 14}
    report = archive.integrity()
    assert report.state == "ok" and report.database_generation == 3 + 30
