"""`digibord gui [FILE ...]`: open the desktop window (Qt is imported only here, lazily, so the
other subcommands never load it)."""

from __future__ import annotations

import argparse

from digibord.i18n import tr


def register(subparsers) -> None:
    parser = subparsers.add_parser("gui", help=tr("ui.cli.help"), description=tr("ui.cli.help"))
    parser.add_argument("files", nargs="*", metavar="FILE", help=tr("ui.cli.files"))
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    return open_window(args.files)


def open_window(files: list[str]) -> int:
    from digibord.ui.app import main

    return main(list(files))
