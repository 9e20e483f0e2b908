"""`digibord --self-test` in a subprocess: passes on this checkout, and fails naming what is
missing when the resources folder (DIGIBORD_RESOURCES) is damaged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RESOURCES = REPO / "resources"


def self_test(*args: str, resources: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("DIGIBORD_RESOURCES", None)
    if resources is not None:
        env["DIGIBORD_RESOURCES"] = str(resources)
    return subprocess.run(
        [sys.executable, "-m", "digibord.cli", "--self-test", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, cwd=REPO)


@pytest.fixture()
def resources_copy(tmp_path) -> Path:
    target = tmp_path / "resources"
    shutil.copytree(RESOURCES, target)
    return target


def test_passes_on_this_checkout():
    run = self_test()
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Digibord ") and "zelftest" in lines[0]
    checks = [line for line in lines[1:-1]]
    assert len(checks) == 12
    assert all(line.startswith("OK ") for line in checks), run.stdout
    assert lines[-1] == "Alle 12 controles zijn in orde."
    # the keyring backend is named (tests use the in-memory one from conftest)
    assert "MemoryKeyring" in run.stdout
    assert run.stderr == ""


def test_english():
    run = self_test("--lang", "en")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "self-test" in run.stdout.splitlines()[0]
    assert "Writing and reading back PDF" in run.stdout
    assert run.stdout.splitlines()[-1] == "All 12 checks passed."


def test_missing_fonts_and_demo_fail_and_are_named(resources_copy):
    (resources_copy / "fonts" / "DejaVuSans-Bold.ttf").unlink()
    for dat in (resources_copy / "demo").glob("*.dat"):
        dat.unlink()
    run = self_test(resources=resources_copy)
    assert run.returncode == 1, run.stdout
    fails = [line for line in run.stdout.splitlines() if line.startswith("FOUT")]
    text = "\n".join(fails)
    assert "DejaVuSans-Bold.ttf" in text
    assert str(resources_copy / "demo" / "*.dat") in text
    # without a demo borderel there is nothing to export, which is said too
    assert sum("geen demo-borderel om te exporteren" in line for line in fails) == 2
    assert len(fails) == 4
    assert run.stdout.splitlines()[-1].startswith("4 van de 12 controles mislukt")


def test_damaged_demo_borderel_fails(resources_copy):
    first = sorted((resources_copy / "demo").glob("*.dat"))[0]
    first.write_bytes(b"dit is geen borderel\r\n")
    run = self_test(resources=resources_copy)
    assert run.returncode == 1
    demo = next(line for line in run.stdout.splitlines() if "Demo-borderellen" in line)
    assert demo.startswith("FOUT") and first.name in demo


def test_missing_translation_of_one_language_is_named(resources_copy):
    (resources_copy / "translations" / "en" / "selftest.json").unlink()
    run = self_test(resources=resources_copy)
    assert run.returncode == 1
    line = next(line for line in run.stdout.splitlines() if line.startswith("FOUT"))
    assert "Vertalingen" in line
    assert str(resources_copy / "translations" / "en" / "selftest.json") in line


def test_empty_resources_folder_still_reports(tmp_path):
    """With nothing at all there, every line still says FOUT and what is missing."""
    empty = tmp_path / "leeg"
    empty.mkdir()
    run = self_test(resources=empty)
    assert run.returncode == 1
    fails = [line for line in run.stdout.splitlines() if line.startswith("FOUT")]
    # all but the folder itself, keyring and Qt (which live outside resources/)
    assert len(fails) == 8, run.stdout
    assert any(str(empty / "layouts" / "borderel_v*.csv") in line for line in fails)
    assert any(str(empty / "fonts" / "DejaVuSans.ttf") in line for line in fails)
    assert any(str(empty / "translations" / "nl" / "selftest.json") in line for line in fails)


def test_broken_profile_fails(resources_copy):
    (resources_copy / "profiles" / "nmbrs.toml").write_text("[[[ niet toml", encoding="utf-8")
    run = self_test(resources=resources_copy)
    assert run.returncode == 1
    line = next(line for line in run.stdout.splitlines() if line.startswith("FOUT"))
    assert "nmbrs" in line


def test_translation_files_have_the_same_keys():
    nl = json.loads((RESOURCES / "translations" / "nl" / "selftest.json").read_text("utf-8"))
    en = json.loads((RESOURCES / "translations" / "en" / "selftest.json").read_text("utf-8"))
    assert nl.keys() == en.keys()
    assert all(key.startswith("selftest.") for key in nl)


def test_no_qt_before_the_qt_check():
    """The self-test module itself loads no Qt (the core never does)."""
    code = ("import sys, digibord.commands.selftest; "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, timeout=60)
    assert run.stdout.strip() == "False", run.stderr
