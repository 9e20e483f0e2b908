"""What a command's start does not pay for (docs/architecture.md, "The command line starts in
a blink"): OpenBLAS on one thread unless the user chose otherwise, and the PDF and Excel
writers only when a report is written in that format. Run in fresh interpreters, so that
nothing another test imported counts."""

from __future__ import annotations

import os
import subprocess
import sys


def _python(code: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**environ, **env}, timeout=120, check=True)
    return done.stdout.strip()


def test_openblas_one_thread_unless_the_user_set_it():
    code = "import os, digibord; print(os.environ['OPENBLAS_NUM_THREADS'])"
    assert _python(code) == "1"
    assert _python(code, OPENBLAS_NUM_THREADS="4") == "4"


def test_report_commands_load_no_pdf_or_excel_writer(samples_dir, tmp_path):
    code = ("import sys, digibord.commands.reports, digibord.commands.listing; "
            "print([m for m in ('reportlab', 'xlsxwriter') if m in sys.modules])")
    assert _python(code) == "[]"
    out = tmp_path / "c.pdf"
    written = ("import sys; from digibord.cli import main\n"
               "code = main(['corrections', sys.argv[1], '--pdf', sys.argv[2]])\n"
               "print(code, 'reportlab' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", written, str(samples_dir / "2026-03_01.dat"),
                           str(out)], capture_output=True, text=True, timeout=120)
    assert done.stdout.splitlines()[-1] == "0 True", done.stderr
    assert out.exists()
