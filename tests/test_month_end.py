"""Maandafsluiting on the command line (docs/month-end.md): the commands that do a step tick it
in the archive, `digibord month-end` (another process) shows them, the next month starts with
what is still open, a step can be ticked or set open by hand."""

from __future__ import annotations

import json

from digibord.app import month_end
from digibord.archive import open_archive
from tests.report_support import run_cli

COLLECTIVITY = "123456789"


def status(month: str, *extra: str) -> dict:
    done = run_cli("month-end", month, "--json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def steps(data: dict) -> dict[str, dict]:
    return {s["stap"]: s for s in data["stappen"]}


def test_the_commands_tick_their_steps_and_another_process_sees_them(samples_dir, tmp_path):
    feb, march = (str(samples_dir / f"2026-0{m}_01.dat") for m in (2, 3))
    assert run_cli("import", feb).returncode == 0
    first = status("2026-03", "--collectivity", COLLECTIVITY)
    assert first["collectiviteitsnummer"] == COLLECTIVITY
    assert first["prolongatiemaand"] == "2026-03"
    assert [s["stap"] for s in first["stappen"]] == list(month_end.STEPS)
    assert first["open"] == list(month_end.STEPS)
    assert steps(first)["omzetten"]["toestand"] == month_end.NOT_YET
    assert steps(first)["omzetten"]["reden"]

    assert run_cli("diff", feb, march).returncode == 0
    pdf = tmp_path / "correcties.pdf"
    assert run_cli("corrections", march, "--pdf", str(pdf)).returncode == 0
    out = tmp_path / "loon" / "import.csv"
    out.parent.mkdir()
    assert run_cli("salary", march, "--amount", "25", "-o", str(out)).returncode == 0
    journal = str(samples_dir / "payroll" / "journal_per_werknemer.csv")
    assert run_cli("payroll-check", march, journal).returncode in (0, 1)

    data = status("2026-03")  # the only collectivity: no --collectivity needed
    s = steps(data)
    assert s["vergelijken"]["klaar"] and "2026-02" in s["vergelijken"]["wat"]
    assert s["vergelijken"]["door"] == month_end.COMMAND_LINE
    assert s["omzetten"]["klaar"] and "import.csv" in s["omzetten"]["wat"]
    assert str(tmp_path) not in json.dumps(data)  # file names only, never folders
    assert s["controleren"]["klaar"] and "journal_per_werknemer.csv" in s["controleren"]["wat"]
    assert s["openen"]["klaar"]  # implied: the later steps read this month's borderel
    # printen has two parts: only the corrections were printed
    assert not s["printen"]["klaar"]
    assert s["printen"]["delen"]["correctiepremies"] is not None
    assert s["printen"]["delen"]["prolongatieverschillen"] is None
    assert not s["bewaren"]["klaar"]
    assert data["open"] == ["printen", "bewaren"]
    for step in ("wanneer", "wat"):
        assert s["omzetten"][step]

    assert run_cli("diff", feb, march, "--pdf", str(tmp_path / "verschil.pdf")).returncode == 0
    assert run_cli("import", march).returncode == 0
    done = status("2026-03")
    assert done["open"] == [] and all(x["klaar"] for x in done["stappen"])
    text = run_cli("month-end", "2026-03")
    assert text.returncode == 0 and "Salarisbestand maken" in text.stdout
    assert "import.csv" in text.stdout and "Nog open:" not in text.stdout
    # February was only kept: its steps are still open, and said
    assert "Nog open uit 2026-02" in text.stdout


def test_next_month_starts_with_what_is_still_open(samples_dir):
    march = str(samples_dir / "2026-03_01.dat")
    assert run_cli("import", march).returncode == 0
    assert run_cli("salary", march, "--amount", "25").returncode == 0  # no -o: not a step
    assert steps(status("2026-03"))["omzetten"]["klaar"] is False
    april = status("2026-04")
    assert april["eerder_open"] == [{"prolongatiemaand": "2026-03",
                                     "open": ["vergelijken", "printen", "omzetten",
                                              "controleren"]}]
    s = steps(april)
    assert s["openen"]["klaar"] is False and s["omzetten"]["toestand"] == month_end.NOT_YET
    # the month before is in the archive: comparing is possible once April is there
    text = run_cli("month-end", "2026-04").stdout
    assert "2026-03" in text and "Salarisbestand maken" in text


def test_ticked_and_reopened_by_hand(samples_dir):
    assert run_cli("import", str(samples_dir / "2026-03_01.dat")).returncode == 0
    no_previous = steps(status("2026-03"))["vergelijken"]
    assert no_previous["toestand"] == month_end.NOT_YET and "2026-02" in no_previous["reden"]
    ticked = run_cli("month-end", "2026-03", "--tick", "controleren", "--json")
    assert ticked.returncode == 0, ticked.stderr
    s = steps(json.loads(ticked.stdout))["controleren"]
    assert s["klaar"] and s["door"] == month_end.BY_HAND
    assert steps(status("2026-03"))["controleren"]["klaar"]
    reopened = run_cli("month-end", "2026-03", "--reopen", "controleren", "--json")
    assert reopened.returncode == 0
    assert steps(json.loads(reopened.stdout))["controleren"]["klaar"] is False
    wrong = run_cli("month-end", "2026-03", "--tick", "koffie")
    assert wrong.returncode == 2


def test_ticks_in_process_are_kept_per_step_without_folders(tmp_path):
    month_end.done(COLLECTIVITY, 202603, "omzetten",
                   {"file": str(tmp_path / "Jansen" / "loon.csv"), "profile": "csv"})
    month_end.done(COLLECTIVITY, 202603, "printen", part="correctiepremies")
    names = open_archive().list_settings(COLLECTIVITY)
    assert "month-end/2026-03/omzetten" in names
    assert "month-end/2026-03/printen-correctiepremies" in names
    kept = open_archive().get_setting(COLLECTIVITY, "month-end/2026-03/omzetten")
    assert kept["file"] == "loon.csv"
    state = month_end.status(COLLECTIVITY, 202603)
    assert state.step("omzetten").done and state.step("openen").implied_by is not None
    # no month before: the corrections are all there is to print
    assert state.step("printen").done
    assert state.step("vergelijken").state == month_end.NOT_YET
    assert month_end.reopen(COLLECTIVITY, 202603, "omzetten")
    assert not month_end.status(COLLECTIVITY, 202603).step("omzetten").done


def test_month_end_refuses_without_a_collectivity():
    done = run_cli("month-end", "2026-03")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert run_cli("month-end", "2026-13", "--collectivity", COLLECTIVITY).returncode != 0


def test_a_demo_file_open_does_not_count_as_opened():
    """The window has the demo open: 'Borderel openen' says why it is not done, instead of
    showing as a step that opening would do (the demo never ticks)."""
    demo = month_end.status(COLLECTIVITY, 202603, month_end.AtHand("voorbeeld.dat", demo=True))
    opened = {s.step: s for s in demo.steps}["openen"]
    assert opened.state == month_end.NOT_YET and "voorbeeldbestand" in opened.reason
    real = month_end.status(COLLECTIVITY, 202603, month_end.AtHand("2026-03_01.dat"))
    assert {s.step: s for s in real.steps}["openen"].state == month_end.OPEN
