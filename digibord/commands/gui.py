"""`digibord gui [FILE ...]`: open the desktop window (the only command that loads Qt)."""

from __future__ import annotations

import argparse

from digibord.i18n import tr
from digibord.ui.app import main as open_window


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar=tr("cli.metavar.file"),
                        help=tr("ui.cli.files"))
    parser.set_defaults(handler=lambda args: open_window(list(args.files)))
