"""`digibord`: the command line (see docs/cli.md). Without a subcommand it opens the
window. Each area registers its own subcommands from `digibord/commands/`; this module parses,
picks the language, and turns refused input into a plain message and exit status 1."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from digibord import __version__, i18n
from digibord.commands.common import CommandRefused
from digibord.formats.issues import InputRefused
from digibord.i18n import tr

# Modules under digibord/commands/ that each have register(subparsers).
COMMAND_MODULES = (
    "borderel_cmds",  # check, list
    "report_cmds",  # corrections, diff, payroll-check
    "salary_cmds",  # salary
    "archive_cmds",  # import, archive
    "gui_cmds",  # gui
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a short, translated line
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {tr('cli.usage_error')}: {message}\n")
        raise SystemExit(2)


def _prescan_language(argv: list[str]) -> None:
    """Pick the language before building the parser, so its help texts are translated too."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    if lang in i18n.LANGUAGES:
        i18n.set_language(lang)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="digibord", description=tr("cli.description"))
    parser.add_argument("--version", action="version", version=f"Digibord {__version__}")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=tr("cli.help.lang"))
    parser.add_argument("--self-test", action="store_true", help=tr("cli.help.self_test"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"digibord.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"digibord.commands.{name}":
                raise
            continue  # an area that is not built yet
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # a console that cannot show a character (cp437, cp1252) gets '?' instead of a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    _prescan_language(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        i18n.set_language(args.lang)
    try:
        if args.self_test:
            from digibord.commands.selftest import run_self_test

            return run_self_test()
        if args.command is None:
            from digibord.commands.gui_cmds import open_window

            return open_window([])
        return int(args.handler(args) or 0)
    except InputRefused as exc:
        sys.stderr.write(exc.describe() + "\n")
        return 1
    except CommandRefused as exc:
        sys.stderr.write(str(exc) + "\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        sys.stderr.write(tr("cli.out_of_memory") + "\n")
        return 1
    except BrokenPipeError:
        # `digibord list ... | head`: the reader went away; not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a fault of the program: say so plainly, keep the details
        log = _write_crash_log()
        sys.stderr.write(tr("cli.unexpected", error=f"{type(exc).__name__}: {exc}") + "\n")
        if log:
            sys.stderr.write(tr("cli.crash_log", path=str(log)) + "\n")
        if os.environ.get("DIGIBORD_DEBUG"):
            raise
        return 3


def _write_crash_log():
    """The traceback goes to a file in the (private) data folder, not onto the screen. Only the
    exception's type and the stack are kept: its message could hold a name or a BSN from the
    file, and the log is what a user sends along with a bug report."""
    import traceback

    from digibord.paths import user_data_dir

    try:
        exc = sys.exc_info()[1]
        stack = "".join(traceback.TracebackException.from_exception(exc).stack.format())
        folder = user_data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / "digibord-fout.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(f"--- Digibord {__version__}: {type(exc).__name__}\n{stack}\n")
        return path
    except OSError:
        return None


if __name__ == "__main__":
    raise SystemExit(main())
