"""Processes: one killed (SIGKILL) in the middle of an import leaves the archive consistent;
two working at once are safe. Subprocesses share this test's DIGIBORD_HOME and so the test
keyring file (devtools/testing_keyring.py)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from test_archive_support import REPO, SAMPLE_FILES, big_variant, sample_bytes, variant, write

from digibord.archive import open_archive

if not hasattr(signal, "SIGKILL"):
    pytest.skip("SIGKILL is POSIX only", allow_module_level=True)

# Imports the files named on the command line in one batch, but stops between writing and
# COMMIT (the _before_commit hook of records.py) and says so, so the test can kill it there.
# A tiny page cache makes SQLite spill the uncommitted pages into the -wal file first.
_PAUSING_IMPORT = """
import sqlite3, sys, time
from digibord.archive import database, open_archive, records
real_connect = sqlite3.connect
def connect(*args, **kw):
    con = real_connect(*args, **kw)
    con.execute("PRAGMA cache_size=2")
    return con
database.sqlite3.connect = connect  # this process only
def pause():
    print("in-transaction", flush=True)
    time.sleep(120)
records._before_commit = pause
archive = open_archive()
items = [archive.prepare(open(p, "rb").read(), p) for p in sys.argv[1:]]
archive.store(items)
"""


def _python(code: str, *args: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _integrity(archive) -> str:
    with sqlite3.connect(archive.path) as con:
        return con.execute("PRAGMA integrity_check").fetchone()[0]


def _assert_consistent(archive, expected: dict[str, bytes]) -> set[str]:
    """Every stored borderel decrypts to exactly the bytes imported; returns the file names."""
    if not archive.exists():
        return set()  # killed before the archive was even made
    assert _integrity(archive) == "ok"
    # Killed between the commit and raising the counter beside the key, the database is one
    # generation newer than the counter: accepted, never taken for a restored older copy.
    report = archive.integrity()
    assert report.ok, report.problems()
    stored = set()
    for entry in archive.check_entries(archive.entries()):
        assert entry.authentic
        assert archive.read_bytes(entry) == expected[entry.file_name]
        stored.add(entry.file_name)
    return stored


def test_killed_in_the_middle_of_an_import_stores_nothing_of_it(tmp_path):
    archive = open_archive()
    archive.import_bytes(sample_bytes(SAMPLE_FILES[0]), SAMPLE_FILES[0])
    big = write(tmp_path / "groot.dat", big_variant(sample_bytes("2026-02_01.dat"), 400))
    march = write(tmp_path / "maart.dat", sample_bytes())
    proc = _python(_PAUSING_IMPORT, str(big), str(march))
    assert proc.stdout.readline().strip() == "in-transaction", proc.stderr.read()
    wal = archive.path.with_name(archive.path.name + "-wal")
    assert wal.stat().st_size > 100_000  # the rows are written, only not committed
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    again = open_archive()
    assert [e.prolongation_month for e in again.entries()] == [202601]
    assert _integrity(again) == "ok"
    # The next import simply works, and stores both.
    results = [again.import_file(big), again.import_file(march)]
    assert [r.status for r in results] == ["stored", "stored"]
    assert len(again.load("123456789", 202602).insured) == 14 * 400


_BATCH_IMPORT = """
import sys
from digibord.archive import open_archive
archive = open_archive()
archive.store([archive.prepare(open(p, "rb").read(), p) for p in sys.argv[1:]])
"""


def test_killed_at_random_moments_the_archive_is_always_consistent(tmp_path):
    files = {f"m{i:02d}.dat": variant(big_variant(sample_bytes("2026-02_01.dat"), 300),
                                      months_back=i) for i in range(4)}
    paths = [str(write(tmp_path / name, data)) for name, data in files.items()]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    # What `digibord import` does, without loading the other command modules.
    command = [sys.executable, "-c", _BATCH_IMPORT, *paths]
    # Time one whole run on this machine, so the kills spread over all its phases.
    started = time.monotonic()
    subprocess.run(command, env=env, cwd=REPO, check=True, capture_output=True, timeout=120)
    duration = time.monotonic() - started
    open_archive().remove_entries(open_archive().entries())
    rng = random.Random(4)
    stored_counts = []
    for _ in range(8):
        proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.05) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        stored = _assert_consistent(open_archive(), files)
        # One transaction for the whole command: all four files or none of them.
        assert stored in (set(), set(files))
        stored_counts.append(len(stored))
        open_archive().remove_entries(open_archive().entries())  # next round starts empty
    print("files stored per killed run:", stored_counts)
    result = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert _assert_consistent(open_archive(), files) == set(files)


_IMPORTER = """
import sys
from digibord.archive import open_archive
archive = open_archive()
for path in sys.argv[1:]:
    archive.import_file(path)
print("done", flush=True)
"""

_READER = """
import sys, time
from digibord.archive import open_archive
from digibord.archive.errors import ArchiveError
end = time.time() + float(sys.argv[1])
reads = 0
while time.time() < end:
    archive = open_archive()
    if not archive.exists():
        continue
    try:
        entries = archive.check_entries(archive.entries())
    except ArchiveError:
        continue  # no key yet: the importer is making it
    assert all(e.authentic for e in entries)
    report = archive.integrity()  # an import committed meanwhile never looks like a rollback
    assert report.ok, report.problems()
    for e in entries[-2:]:
        b = archive.load(e.collectivity_number, e.prolongation_month, e.sequence)
        assert b.header.prolongation_month == e.prolongation_month
        reads += 1
print("reads", reads, flush=True)
"""


def test_two_processes_importing_and_reading_at_once(tmp_path):
    base = sample_bytes()
    paths = [str(write(tmp_path / f"v{i:02d}.dat", variant(base, months_back=i)))
             for i in range(12)]
    importer = _python(_IMPORTER, *paths)
    reader = _python(_READER, "4")
    out_i, err_i = importer.communicate(timeout=120)
    out_r, err_r = reader.communicate(timeout=120)
    assert importer.returncode == 0 and out_i.strip() == "done", err_i
    assert reader.returncode == 0, err_r
    assert int(out_r.split()[1]) > 0
    archive = open_archive()
    assert len(archive.entries()) == 12
    assert _integrity(archive) == "ok"


def test_two_processes_importing_the_same_files_into_a_new_archive(tmp_path):
    paths = [str(write(tmp_path / name, sample_bytes(name))) for name in SAMPLE_FILES]
    procs = [_python(_IMPORTER, *paths) for _ in range(2)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and out.strip() == "done", err
    archive = open_archive()
    # One key for the archive (made under the write lock), each file stored once.
    assert [e.file_name for e in archive.check_entries(archive.entries())] == list(SAMPLE_FILES)
    for name in SAMPLE_FILES:
        month = int(name[:4] + name[5:7])
        assert archive.read_bytes(archive.entry("123456789", month)) == sample_bytes(name)
