"""What `pip install .` gives a user: a wheel with resources/ inside the package, no warning
while it is built, the licence declared the current way, and an installed `digibord` whose
self-test passes from a folder outside the checkout (docs/install.md)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
# What a build reads: the package, its data, and the files pyproject.toml names.
BUILD_INPUTS = ("digibord", "resources", "pyproject.toml", "setup.py", "README.md", "LICENSE")
WARNING = re.compile(r"\b\w*Warning\b")


def _copy_build_inputs(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in BUILD_INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)


def _venv_path(python: Path, name: str) -> Path:
    code = f"import sysconfig; print(sysconfig.get_path({name!r}))"
    run = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return Path(run.stdout.strip())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    """The wheel built from a copy of the checkout (a build writes build/ and *.egg-info beside
    its sources; the checkout stays clean), with everything the build printed."""
    src = tmp_path_factory.mktemp("src")
    out = tmp_path_factory.mktemp("wheel")
    _copy_build_inputs(src)
    code = "import sys; from setuptools import build_meta as b; print(b.build_wheel(sys.argv[1]))"
    run = subprocess.run([sys.executable, "-c", code, str(out)], cwd=src, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    return out / run.stdout.strip().splitlines()[-1], run.stdout + run.stderr


@pytest.mark.slow
def test_building_the_wheel_warns_about_nothing(wheel):
    _path, output = wheel
    assert WARNING.findall(output) == [], output[-4000:]


@pytest.mark.slow
def test_wheel_holds_every_resource_inside_the_package(wheel):
    path, _output = wheel
    names = set(zipfile.ZipFile(path).namelist())
    expected = {f"digibord/{p.relative_to(REPO).as_posix()}"
                for p in (REPO / "resources").rglob("*")
                if p.is_file() and not p.name.startswith(".")}  # .gitattributes is git's
    assert expected, "resources/ is empty"
    assert expected - names == set()
    # the test helpers and the tools stay out of what users install
    assert not [n for n in names if n.startswith(("devtools/", "tests/", "tools/", "bench/"))]


@pytest.mark.slow
def test_wheel_declares_the_licence_with_its_texts(wheel):
    path, _output = wheel
    with zipfile.ZipFile(path) as whl:
        meta_name = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
        meta = whl.read(meta_name).decode("utf-8")
        licences = {Path(n).name for n in whl.namelist() if "/licenses/" in n}
    assert f"License-Expression: {PYPROJECT['project']['license']}" in meta.splitlines()
    assert not any(line.startswith("License: ") for line in meta.splitlines())
    assert licences == {Path(p).name for p in PYPROJECT["project"]["license-files"]}


@pytest.mark.slow
def test_installed_wheel_passes_its_self_test_outside_the_checkout(wheel, tmp_path):
    path, _output = wheel
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # The dependencies (numpy, pandas, Qt, ...) from this environment, found after the installed
    # package: a plain path line in a .pth file, so this environment's own .pth files (the
    # editable install of the checkout) are not run.
    (_venv_path(python, "purelib") / "dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    # Nothing of the checkout on the path: with PYTHONPATH at the checkout (conftest sets it
    # for devtools), pip would take its digibord.egg-info for an installed digibord and skip.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DIGIBORD_RESOURCES")}
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--disable-pip-version-check", "-q", str(path)],
        capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr
    assert WARNING.findall(install.stdout + install.stderr) == []
    program = _venv_path(python, "scripts") / ("digibord.exe" if os.name == "nt" else "digibord")
    assert program.exists(), install.stdout + install.stderr

    if sys.platform == "win32":  # the Credential Manager is there; the self-test expects it
        env.pop("PYTHON_KEYRING_BACKEND", None)
    else:  # devtools' in-memory keyring is not importable outside the checkout
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([str(program), "--self-test"], cwd=elsewhere, env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1] == "Alle 12 controles zijn in orde."
    installed = _venv_path(python, "purelib") / "digibord" / "resources"
    assert f"Programmabestanden: {installed}" in run.stdout
    assert str(REPO) not in run.stdout


def test_licence_file_matches_pyproject():
    project = PYPROJECT["project"]
    assert isinstance(project["license"], str), "an SPDX expression, not a table"
    assert project["license"].split(" AND ")[0] == "MIT"
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text
    for name in project["license-files"]:
        assert (REPO / name).is_file(), name
    assert "Bitstream-Vera" in project["license"]
    assert "License: bitstream-vera" in (REPO / "resources/fonts/LICENSE-DejaVu.txt").read_text(
        encoding="utf-8")
    # setuptools that reads an SPDX expression and license-files
    assert any(req.replace(" ", "").startswith("setuptools>=77")
               for req in PYPROJECT["build-system"]["requires"])
    assert not any("License ::" in c for c in project.get("classifiers", []))
