"""docs/cli.md against the parser: every command (from `digibord.commands.COMMANDS`, nested
subcommands too) has its `## digibord <command>` section, every option string and positional
of a command is named in its section, a section names no `--option` its command lacks, and
the JSON keys of the sample outputs are named where their command is documented.

The parser is built in English (its positionals' names are the English metavars: FILE, FROM,
TO ...). Each failure says which command, which section and which names, so that whoever adds a
command or an option knows exactly what to write."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from digibord import i18n
from digibord.cli import build_parser
from digibord.commands import COMMANDS

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "cli.md"
SAMPLES = REPO / "tests" / "data" / "samples"

HEADING = re.compile(r"^(#{2,6}) +(.+?) *$", re.MULTILINE)
COMMAND_HEADING = re.compile(r"^`?digibord((?: [a-z][a-z0-9-]*)*)`?$")
LONG_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def _token(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


@pytest.fixture(scope="module")
def parsers() -> dict[str, argparse.ArgumentParser]:
    """'digibord', 'digibord check', ..., 'digibord archive remove' -> its parser."""
    before = i18n.language()
    i18n.set_language("en")
    try:
        root = build_parser(full=True)
    finally:
        i18n.set_language(before)
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(name: str, parser: argparse.ArgumentParser) -> None:
        found[name] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    walk(f"{name} {sub}", child)

    walk("digibord", root)
    return found


@pytest.fixture(scope="module")
def sections() -> dict[str, str]:
    """Heading text -> the text under it up to the next heading of any level."""
    text = DOC.read_text(encoding="utf-8")
    marks = list(HEADING.finditer(text))
    found: dict[str, str] = {}
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        found[mark.group(2)] = text[mark.end():end]
    return found


def _command_sections(sections: dict[str, str]) -> dict[str, str]:
    found = {}
    for heading, body in sections.items():
        match = COMMAND_HEADING.match(heading)
        if match:
            found["digibord" + match.group(1)] = body
    return found


def _names(parser: argparse.ArgumentParser, command: str) -> Iterator[str]:
    """What the section of `command` must name: each option string (`--x`, `-o`) and each
    positional by its metavar (or its name when it has none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings:
            for option in action.option_strings:
                if command == "digibord" or option not in ("-h", "--help"):
                    yield option
        else:
            metavar = action.metavar if isinstance(action.metavar, str) else None
            yield metavar or action.dest.upper()


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings}


def test_the_registry_is_what_the_parser_has(parsers) -> None:
    top = {name.split(" ")[1] for name in parsers if name.count(" ") == 1}
    assert top == set(COMMANDS)


def test_every_command_has_its_section(parsers, sections) -> None:
    documented = _command_sections(sections)
    missing = [name for name in parsers if name not in documented]
    wanted = [f"`{'#' * max(2, name.count(' ') + 1)} {name}` "
              f"(naming {', '.join(_names(parsers[name], name))})" for name in missing]
    assert not missing, "docs/cli.md has no section for: " + "; ".join(wanted)


def test_no_section_for_a_command_that_is_not_there(parsers, sections) -> None:
    stale = [name for name in _command_sections(sections) if name not in parsers]
    assert not stale, ("docs/cli.md has a section for a command the parser does not have: "
                       + ", ".join(f"`{name}`" for name in stale))


def test_every_option_and_positional_is_named_in_its_section(parsers, sections) -> None:
    documented = _command_sections(sections)
    gaps = []
    for name, parser in parsers.items():
        body = documented.get(name)
        if body is None:
            continue  # reported by test_every_command_has_its_section
        missing = [n for n in _names(parser, name) if not _token(n).search(body)]
        if missing:
            gaps.append(f"section `{name}` does not name {', '.join(missing)}")
    assert not gaps, "docs/cli.md: " + "; ".join(gaps)


def test_a_section_names_only_options_its_command_has(parsers, sections) -> None:
    documented = _command_sections(sections)
    every = set().union(*(_options(p) for p in parsers.values()))
    general = _options(parsers["digibord"])
    wrong = []
    for heading, body in sections.items():
        match = COMMAND_HEADING.match(heading)
        name = "digibord" + match.group(1) if match else None
        if name is not None and name not in parsers:
            continue  # reported by test_no_section_for_a_command_that_is_not_there
        allowed = (_options(parsers[name]) | general) if name else every
        extra = sorted(set(LONG_OPTION.findall(body)) - allowed)
        if extra:
            what = f"the command `{name}` has no" if name else "no command has"
            wrong.append(f"section `{heading}` names {', '.join(extra)}, but {what} such option")
    assert not wrong, "docs/cli.md: " + "; ".join(wrong)
    assert documented  # the headings were recognised at all


def _keys(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


SAMPLE_OUTPUTS = {
    "digibord list": "list_*.json",
    "digibord corrections": "corrections_*.json",
    "digibord diff": "diff_*.json",
    "digibord salary": "salary_*.json",
    "digibord payroll-check": "payroll/journal_*.json",
}


@pytest.mark.parametrize("command", sorted(SAMPLE_OUTPUTS))
def test_the_json_keys_of_the_samples_are_named(command, sections) -> None:
    files = sorted(SAMPLES.glob(SAMPLE_OUTPUTS[command]))
    assert files, SAMPLE_OUTPUTS[command]
    keys = {k for path in files for k in _keys(json.loads(path.read_text(encoding="utf-8")))}
    body = _command_sections(sections)[command]
    missing = sorted(k for k in keys if f'"{k}"' not in body)
    assert not missing, f"docs/cli.md, section `{command}`: JSON keys not named: {missing}"
