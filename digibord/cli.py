"""`digibord`: the command line (docs/cli.md). Without a subcommand it opens the window.

The parser is built for the command being run only (`digibord.commands.COMMANDS` names each
command's module; the others appear by name and help line), so `--version` and `--help` start
in a blink and a command loads just what it needs. This module parses, picks the language, and
turns what happens into an exit status: refused input is a plain message and exit 1, a wrong
command line exit 2, a fault of the program a private crash log and exit 3."""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import io
import os
import signal
import sys

from digibord import __version__, argparse_nl, i18n
from digibord.commands import COMMANDS
from digibord.errors import CommandRefused, UsageRefused, failure_reason
from digibord.formats.issues import InputRefused
from digibord.i18n import tr
from digibord.paths import user_data_dir


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a short, translated line
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {tr('cli.usage_error')}: {message}\n")
        raise SystemExit(2)


def _prescan(argv: list[str]) -> tuple[str | None, str | None]:
    """The language (to build the help texts in it) and the command named on the line."""
    lang = command = None
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == "--lang":
            lang = argv[i + 1] if i + 1 < len(argv) else None
            skip = True
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        elif not arg.startswith("-") and command is None:
            command = arg
    return (lang if lang in i18n.LANGUAGES else None), command


def _lang_first(argv: list[str]) -> list[str]:
    """`argv` with every `--lang X` (or `--lang=X`) moved before the command: the spec lets
    `--lang en` stand anywhere on the line (`digibord check FILE --json --lang en`), and the
    top-level parser is the one that knows it (a wrong value is still its exit 2). Nothing
    after `--` is moved: that is a file name."""
    moved: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg == "--lang" and i + 1 < len(argv):
            moved += argv[i : i + 2]
            i += 2
            continue
        (moved if arg.startswith("--lang=") else rest).append(arg)
        i += 1
    return moved + rest


def build_parser(command: str | None = None, full: bool = False) -> argparse.ArgumentParser:
    """The parser; the arguments of `command` (or of every command, `full`) are added."""
    parser = _Parser(prog="digibord", description=tr("cli.description"))
    parser.add_argument("--version", action="version", version=f"Digibord {__version__}",
                        help=tr("cli.help.version"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=tr("cli.help.lang"))
    parser.add_argument("--self-test", action="store_true", help=tr("cli.help.self_test"))
    sub = parser.add_subparsers(dest="command", metavar=tr("cli.metavar.command"),
                                parser_class=_Parser, title=tr("cli.commands"))
    for name, (module, help_key) in COMMANDS.items():
        p = sub.add_parser(name, help=tr(help_key), description=tr(help_key))
        if full or name == command:
            # the one lazy import of the command line: a command's module, when it is run
            importlib.import_module(f"digibord.commands.{module}").add_arguments(name, p)
    return parser


class _ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it (`digibord list --json >&-`; Python then has
    no sys.stdout): writing to it fails as writing to a full disk does (exit 1, said on
    standard error), not as a fault of the program."""

    class Closed(OSError):
        pass

    def writable(self) -> bool:
        return True

    def write(self, _text: str) -> int:
        raise self.Closed(errno.EBADF, tr("cli.stdout_closed"))

    def fileno(self) -> int:
        raise OSError(errno.EBADF, tr("cli.stdout_closed"))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if sys.stderr is None:  # closed by the shell (`2>&-`): no message, the exit status still
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the run)
    for stream in (sys.stdout, sys.stderr):
        # a console that cannot show a character (cp437, cp1252) gets '?' instead of a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    lang, command = _prescan(argv)
    # every call its own language: an earlier in-process `--lang en` must not carry over
    i18n.set_language(lang)
    argparse_nl.install()
    try:
        return _run(argv, command)
    finally:
        _tell_key_files()


def _tell_key_files() -> None:
    """A key file made by this run (the archive made by `import`, or by a month-end tick of
    `diff`, `corrections`, `salary`, ...): where it is and why it matters, said once."""
    keys = sys.modules.get("digibord.archive.keys")  # no archive opened: nothing to say
    if keys is None:
        return
    for notice in keys.take_notices():
        sys.stderr.write(tr("archive.warning", text=notice) + "\n")


def _run(argv: list[str], command: str | None) -> int:
    try:
        parser = build_parser(command)
        args = parser.parse_args(_lang_first(argv))
        if args.self_test:
            from digibord.commands.selftest import run_self_test  # Qt and all: only here

            return run_self_test()
        if args.command is None:
            from digibord.ui.app import main as open_window  # Qt: only for the window

            return open_window([])
        if sys.stdout is None and args.command != "gui":  # (the window prints nothing)
            sys.stdout = _ClosedOutput()
        with _terminated_as_interrupted(args.command != "gui"):
            status = int(args.handler(args) or 0)
        sys.stdout.flush()  # a full disk under a redirected output shows here, not at exit
        return status
    except InputRefused as exc:
        sys.stderr.write(exc.describe() + "\n")
        return 1
    except UsageRefused as exc:
        sys.stderr.write(f"digibord: {tr('cli.usage_error')}: {exc}\n")
        return 2
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
        _drop_stdout()
        return 0
    except _ClosedOutput.Closed:
        sys.stderr.write(tr("cli.stdout_closed") + "\n")
        return 1
    except OSError as exc:
        if exc.errno not in _MACHINE_ERRNOS:
            return _crashed(exc)
        # a full disk or a failing device (`digibord list --json > /dev/full`): the machine's
        # trouble, not the program's; output files already say so, standard output too
        _drop_stdout()
        sys.stderr.write(tr("cli.write_failed", error=failure_reason(exc)) + "\n")
        return 1
    except Exception as exc:  # a fault of the program: say so plainly, keep the details
        return _crashed(exc)


@contextlib.contextmanager
def _terminated_as_interrupted(command: bool):
    """SIGTERM (`timeout`, a scheduler, the system shutting down) ends a command as Ctrl+C
    does, through the code's own clean-up: a file half-written is taken away (Python's default
    ends the process at once and left `.rapport.xlsx.….tmp` beside the output). Exit 143 (128 +
    15), as the shell reports it. Not for the window, whose event loop would not let a Python
    handler run; the previous handler comes back afterwards (a test calls main in-process)."""
    if not command:
        yield
        return
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError):  # not the main thread
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _on_sigterm(signum: int, _frame) -> None:
    raise SystemExit(128 + signum)


# errors of the machine, never of the program: no space, quota, file size limit, device fault,
# read-only file system
_MACHINE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


def _drop_stdout() -> None:
    """What is left in standard output's buffer goes nowhere: the interpreter's flush at exit
    would fail again and change the exit status."""
    # no file descriptor (a replaced stdout): nothing to flush
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _crashed(exc: BaseException) -> int:
    """A fault of the program: said plainly, the details kept in the crash log; exit 3."""
    log = _write_crash_log(exc)
    sys.stderr.write(tr("cli.unexpected", error=type(exc).__name__) + "\n")
    if log:
        sys.stderr.write(tr("cli.crash_log", path=str(log)) + "\n")
    if os.environ.get("DIGIBORD_DEBUG"):
        raise exc
    return 3


def _write_crash_log(exc: BaseException):
    """The traceback goes to a file in the (private) data folder, not onto the screen. Only the
    exception's type and the stack are kept: its message could hold a name or a BSN from the
    file, and the log is what a user sends along with a bug report."""
    import traceback  # only for a crash: 1-1.5 ms of every start otherwise

    try:
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
