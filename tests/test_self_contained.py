"""The repository stands on its own: nothing in it refers to a folder beside the checkout."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Not the project's own text: tool output, and the insurer's reference data, kept exactly as it
# was delivered (its READMEs name the folder it came from).
SKIP = {".git", ".venv", "build", "dist", "__pycache__", ".ruff_cache", ".pytest_cache",
        ".hypothesis", "node_modules"}
DELIVERED = REPO / "tests" / "data" / "samples"
OUTSIDE = re.compile(rb"\.\./shared|parent / \"shared\"")


def _project_files():
    for path in REPO.rglob("*"):
        rel = path.relative_to(REPO)
        if any(p in SKIP or p.endswith(".egg-info") for p in rel.parts):
            continue
        if DELIVERED in path.parents or not path.is_file() or path == Path(__file__):
            continue
        yield path


def test_no_path_beside_the_checkout():
    hits = []
    for path in _project_files():
        data = path.read_bytes()
        if b"\0" in data[:4096]:
            continue  # images, fonts, icons
        hits += [f"{path.relative_to(REPO)}: {m.group().decode()}" for m in OUTSIDE.finditer(data)]
    assert hits == []


def test_samples_are_inside():
    assert sorted(p.name for p in DELIVERED.glob("*.dat")) == [
        "2026-01_01.dat", "2026-02_01.dat", "2026-03_01.dat"]
    assert (DELIVERED / "payroll" / "journal_per_werknemer.csv").is_file()
