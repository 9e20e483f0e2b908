"""The command line speaks one language: argparse's own words in Dutch (English with --lang en),
every argument with a help text, `--columns` taking the JSON keys (the old English keys as
aliases) and `--help` listing them, and a written file named on standard error."""

from __future__ import annotations

import argparse
import ast
import csv
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from digibord import argparse_nl, i18n
from digibord.cli import build_parser, main
from digibord.i18n import tr
from digibord.reports.registry import presentation_named

REPO = Path(__file__).resolve().parent.parent
UNTRANSLATED = re.compile(r"^[a-z_]+\.[a-z0-9_.]+$")  # what tr() gives for a missing key
ENGLISH_ARGPARSE = ("usage:", "positional arguments", "options:", "show this help message",
                    "the following arguments are required", "error:")
DUTCH_ARGPARSE = ("gebruik:", "argumenten:", "opties:", "toon deze hulp en stop")

# The column names --columns took before it took the JSON keys; scripts may still use them.
OLD_COLUMNS = {
    "insured": {"relation_number": "relatienummer", "policyholder": "relatienummer_hoofdverzekerde",
                "role": "rol", "employee_number": "werknemersnummer", "name": "naam",
                "birth_date": "geboortedatum", "bsn": "bsn", "start_date": "ingangsdatum",
                "end_date": "einddatum", "prolongation_cent": "prolongatie_cent",
                "corrections_cent": "correcties_cent", "total_cent": "totaal_cent"},
    "corrections": {"prolongation_month": "prolongatiemaand",
                    "employee_number": "werknemersnummer", "employee_name": "naam_werknemer",
                    "relation_number": "relatienummer", "name": "naam",
                    "premium_month": "premiemaand", "product_code": "productcode",
                    "description": "omschrijving", "mutation_code": "mutatiecode",
                    "mutation": "mutatie", "mutation_date": "mutatiedatum",
                    "gross_cent": "bruto_cent", "discount_cent": "korting_cent",
                    "net_cent": "netto_cent"},
    "prolongation_diff": {"employee_number": "werknemersnummer",
                          "employee_name": "naam_werknemer", "relation_number": "relatienummer",
                          "name": "naam", "role": "rol", "product_code": "productcode",
                          "description": "omschrijving", "status": "status",
                          "net_from_cent": "netto_van_cent", "net_to_cent": "netto_tot_cent",
                          "difference_cent": "verschil_cent"},
    "payroll_check": {"employee_number": "werknemersnummer", "employee_name": "naam",
                      "expected_cent": "verwacht_cent", "withheld_cent": "ingehouden_cent",
                      "difference_cent": "verschil_cent", "status": "status"},
}
# command -> the presentation whose columns its --columns takes
COLUMN_COMMANDS = {"list": "insured", "corrections": "corrections", "diff": "prolongation_diff",
                   "payroll-check": "payroll_check"}


def digibord(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "digibord", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, cwd=REPO)


def parsers(parser: argparse.ArgumentParser, path: str = "digibord"):
    """Every parser under `parser` (itself included), with its command path."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, f"{path} {name}")


def full_parser(lang: str) -> argparse.ArgumentParser:
    i18n.set_language(lang)
    argparse_nl.install()
    return build_parser(full=True)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_argument_and_command_has_a_help_text(lang):
    missing, positionals = [], 0
    for path, parser in parsers(full_parser(lang)):
        assert parser.description and not UNTRANSLATED.match(parser.description), path
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if not choice.help or UNTRANSLATED.match(choice.help):
                        missing.append(f"{path} {choice.dest}")
                continue
            positionals += not action.option_strings
            name = action.dest if not action.option_strings else action.option_strings[-1]
            if not action.help or action.help == argparse.SUPPRESS or UNTRANSLATED.match(
                    action.help):
                missing.append(f"{path} {name}")
    assert missing == []
    assert positionals >= 10  # check, list, ..., archive remove: the walk saw them all


def test_top_level_help_in_dutch():
    run = digibord("--help")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("gebruik: digibord ")
    for words in ("opties:", "toon deze hulp en stop", "toon het versienummer en stop",
                  "controleer de installatie en stop", "opdrachten:", "payroll-check"):
        assert words in run.stdout
    for words in ENGLISH_ARGPARSE:
        assert words not in run.stdout


def test_list_help_in_dutch_names_the_columns():
    run = digibord("list", "--help")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.startswith("gebruik: digibord list ")
    for words in (*DUTCH_ARGPARSE, "BESTAND", "--xlsx PAD", "--columns KOLOMMEN"):
        assert words in out
    for words in ENGLISH_ARGPARSE:
        assert words not in out
    flat = " ".join(out.split())
    assert ("Kies uit: " + ", ".join(presentation_named("insured").column_names())) in flat


def test_help_in_english():
    top = digibord("--lang", "en", "--help")
    assert top.returncode == 0 and top.stdout.startswith("usage: digibord ")
    assert "show this help message and exit" in top.stdout and "commands:" in top.stdout
    listing = digibord("--lang", "en", "list", "--help")
    assert listing.returncode == 0, listing.stderr
    out = listing.stdout
    for words in ("usage: digibord list ", "positional arguments:", "options:", "FILE",
                  "--xlsx PATH"):
        assert words in out
    assert "Choose from: relatienummer, " in " ".join(out.split())
    for words in DUTCH_ARGPARSE:
        assert words not in out


@pytest.mark.parametrize(("lang", "words"), [
    ("nl", "digibord list: fout in de opdracht: de volgende argumenten zijn verplicht: BESTAND"),
    ("en", "digibord list: error in the command: the following arguments are required: FILE"),
])
def test_missing_argument_is_said_in_the_language(lang, words):
    run = digibord("--lang", lang, "list")
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == words
    assert run.stderr.startswith("gebruik: " if lang == "nl" else "usage: ")


def test_every_message_argparse_can_show_has_dutch_words():
    """Read from the argparse of this Python, so a new Python's new message shows up here."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                "_", "ngettext"):
            found |= {a.value for a in node.args
                      if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    assert "usage: " in found and "show this help message and exit" in found
    assert found - set(argparse_nl.DUTCH) - argparse_nl.FOR_PROGRAMMERS == set()


# ---- --columns ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(OLD_COLUMNS))
def test_old_english_column_names_are_aliases_of_the_json_keys(name):
    p = presentation_named(name)
    for old, key in OLD_COLUMNS[name].items():
        assert p.field(old).key == key, old
    assert set(OLD_COLUMNS[name].values()) <= set(p.column_names())  # columns may be added


@pytest.mark.parametrize(("command", "name"), sorted(COLUMN_COMMANDS.items()))
def test_columns_help_lists_the_json_keys(command, name):
    parser = full_parser("nl")
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    option = next(a for a in sub.choices[command]._actions if "--columns" in a.option_strings)
    keys = presentation_named(name).column_names()
    assert option.help.endswith("Kies uit: " + ", ".join(keys))


def test_columns_by_json_key_and_by_old_name_give_the_same_excel(samples_dir, tmp_path, capsys):
    sample = str(samples_dir / "2026-03_01.dat")
    heads = []
    for i, columns in enumerate(("naam,werknemersnummer,totaal_cent",
                                 "name,employee_number,total_cent")):
        path = tmp_path / f"lijst{i}.xlsx"
        assert main(["list", sample, "--xlsx", str(path), "--columns", columns]) == 0
        book = openpyxl.load_workbook(path, read_only=True)
        heads.append([c for c in next(book.worksheets[0].iter_rows(values_only=True)) if c])
        book.close()
    capsys.readouterr()
    assert heads[0] == heads[1] == ["Naam", "Werknemersnr.", "Totaal"]


def test_columns_choose_the_terminal_table_too(samples_dir, capsys):
    sample = str(samples_dir / "2026-03_01.dat")
    assert main(["list", sample, "--columns", "naam,totaal_cent"]) == 0
    by_key = capsys.readouterr().out
    assert main(["list", sample, "--columns", "name,total_cent"]) == 0
    assert capsys.readouterr().out == by_key
    head = by_key.splitlines()[2].split()
    assert head == ["Naam", "Totaal"]


def test_unknown_column_is_a_wrong_command_line_naming_the_known_ones(samples_dir, tmp_path,
                                                                      capsys):
    with pytest.raises(SystemExit) as stop:
        main(["list", str(samples_dir / "2026-03_01.dat"), "--xlsx", str(tmp_path / "x.xlsx"),
              "--columns", "naam,salaris"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert "salaris" in err and "prolongatie_cent" in err and "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists()


def test_a_column_alias_is_still_taken(samples_dir, capsys):
    assert main(["list", str(samples_dir / "2026-03_01.dat"), "--columns", "naam,prolongatie"]) == 0
    assert "Prolongatie" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["list", "{a}", "--csv", ""], ["diff", "{b}", "{a}", "--pdf", " "],
    ["salary", "{a}", "-o", ""], ["salary", "{a}", "--csv", ""],
    ["payroll-check", "{a}", "{j}", "--xlsx", ""], ["archive", "--csv", ""],
    ["salary", "{a}", "--set", "debtor", "-o", "{out}"],
    ["salary", "{a}", "--set", "=12", "-o", "{out}"],
])
def test_an_empty_output_path_or_a_setting_without_name_is_a_wrong_command_line(
        samples_dir, tmp_path, capsys, argv):
    """An unset `$OUT` in a script must not pass as "no file asked" with exit 0."""
    files = {"a": samples_dir / "2026-03_01.dat", "b": samples_dir / "2026-02_01.dat",
             "j": samples_dir / "payroll" / "journal_per_werknemer.csv",
             "out": tmp_path / "out.csv"}
    with pytest.raises(SystemExit) as stop:
        main([a.format(**files) for a in argv])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert ("bestandsnaam" in err or "NAAM=WAARDE" in err) and "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()


# ---- a written file is named ----------------------------------------------------------------

@pytest.mark.parametrize(("args", "fmt"), [
    (["list", "{a}"], "csv"), (["list", "{a}"], "xlsx"), (["list", "{a}"], "pdf"),
    (["corrections", "{a}"], "xlsx"), (["diff", "{b}", "{a}"], "csv"),
])
def test_written_file_is_named_on_standard_error(samples_dir, tmp_path, capsys, args, fmt):
    files = {"a": samples_dir / "2026-03_01.dat", "b": samples_dir / "2026-02_01.dat"}
    target = tmp_path / f"uit.{fmt}"
    argv = [a.format(**files) for a in args] + [f"--{fmt}", str(target)]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == tr("cli.written", path=str(target)) + "\n"
    assert err.startswith("Geschreven: ")
    assert target.stat().st_size > 0
    if fmt == "csv":
        with open(target, encoding="utf-8-sig", newline="") as fh:
            assert next(csv.reader(fh, delimiter=";"))[0] in ("relatienummer", "werknemersnummer")
