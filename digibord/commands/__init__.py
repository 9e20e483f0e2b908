"""The command line's subcommands: each name with the module that defines its arguments and
handler (`add_arguments(name, parser)`), and its help text. `digibord/cli.py` imports a
command's module only when that command is run (or its help asked), so `digibord --version`
and `digibord --help` never load pandas, Qt or the archive."""

from __future__ import annotations

# name -> (module under digibord.commands, i18n key of its one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "cli.help.check"),
    "list": ("listing", "cli.help.list"),
    "corrections": ("reports", "reports.help.corrections"),
    "diff": ("reports", "reports.help.diff"),
    "salary": ("salary", "salary.help.command"),
    "payroll-check": ("salary", "payroll.help.command"),
    "import": ("archive", "archive.help.import"),
    "archive": ("archive", "archive.help.archive"),
    "trend": ("trend", "trend.help.command"),
    "gui": ("gui", "ui.cli.help"),
}
