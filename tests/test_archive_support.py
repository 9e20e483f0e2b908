"""Helpers for the archive tests (no tests here): variants of the sample borderels made by
editing fixed-width fields, and running the command line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "data" / "samples"
SAMPLE_FILES = ("2026-01_01.dat", "2026-02_01.dat", "2026-03_01.dat")


def import_samples():
    """The user's archive with the three sample months imported."""
    from digibord.archive import open_archive

    archive = open_archive()
    for name in SAMPLE_FILES:
        archive.import_bytes(sample_bytes(name), name)
    return archive


def archive_files_digest(archive) -> str:
    """One fingerprint of the database and its -wal: equal before and after = nothing changed."""
    import hashlib

    h = hashlib.sha256()
    for suffix in ("", "-wal"):
        path = archive.path.with_name(archive.path.name + suffix)
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()


def sample_bytes(name: str = "2026-03_01.dat") -> bytes:
    return (SAMPLES / name).read_bytes()


def _put(line: bytes, start: int, text: str) -> bytes:
    """Replace the field at 1-based `start` with `text` (cp1252: one byte per character)."""
    raw = text.encode("cp1252")
    return line[: start - 1] + raw + line[start - 1 + len(raw) :]


def _shift(month: int, by: int) -> int:
    index = (month // 100) * 12 + month % 100 - 1 + by
    return (index // 12) * 100 + index % 12 + 1


def variant(
    data: bytes,
    collectivity: str | None = None,
    sequence: int | None = None,
    months_back: int = 0,
    blank_employee_of: int | None = None,
    name: str | None = None,
) -> bytes:
    """A valid borderel derived from `data`: another collectivity number, volgnummer, a month
    `months_back` earlier (header and every premiemaand), or the werknemersnummer of the
    employee `blank_employee_of` left blank."""
    lines = data.split(b"\r\n")
    out = []
    for line in lines:
        kind = line[:2]
        if kind == b"01":
            if collectivity is not None:
                line = _put(line, 11, collectivity)
            if name is not None:
                line = _put(line, 20, name.ljust(60))
            if sequence is not None:
                line = _put(line, 104, f"{sequence:02d}")
            if months_back:
                line = _put(line, 80, str(_shift(int(line[79:85]), -months_back)))
        elif kind == b"20" and months_back:
            line = _put(line, 14, str(_shift(int(line[13:19]), -months_back)))
        elif (
            kind == b"10" and blank_employee_of is not None and int(line[2:12]) == blank_employee_of
        ):
            line = _put(line, 24, " " * 15)
        out.append(line)
    return b"\r\n".join(out)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def run_cli(
    *args: str, stdin: str = "", env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """`digibord ARGS` in a fresh process with this test's DIGIBORD_HOME and keyring."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env.setdefault("PYTHONPATH", str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "digibord.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=REPO,
    )


def _signed(cents: int, width: int) -> str:
    return ("-" if cents < 0 else "+") + f"{abs(cents):0{width - 1}d}"


def big_variant(data: bytes, copies: int) -> bytes:
    """A valid borderel with the insured and premium lines of `data` repeated `copies` times
    under new relatienummers (a large collectivity for timing and crash tests)."""
    lines = [x for x in data.split(b"\r\n") if x.strip()]
    head = [x for x in lines if x[:2] in (b"01", b"05")]
    body = [x for x in lines if x[:2] in (b"10", b"20")]
    trailer = next(x for x in lines if x[:2] == b"90")
    index = {int(x[2:12]): i for i, x in enumerate(x for x in body if x[:2] == b"10")}
    out = list(head)
    for k in range(copies):
        for x in body:
            x = _put(x, 3, f"{k * 1000 + index[int(x[2:12])] + 1:010d}")
            if x[:2] == b"10":
                x = _put(x, 13, f"{k * 1000 + index[int(x[12:22])] + 1:010d}")
            out.append(x)
    t = trailer.decode("cp1252")
    ins, cnt = int(t[2:9]) * copies, int(t[9:16]) * copies
    prol, corr = int(t[16:29]) * copies, int(t[29:42]) * copies
    new = (
        "90"
        + f"{ins:07d}{cnt:07d}"
        + _signed(prol, 13)
        + _signed(corr, 13)
        + _signed(prol + corr, 13)
    )
    out.append(new.ljust(250).encode("cp1252"))
    return b"\r\n".join(out) + b"\r\n"
