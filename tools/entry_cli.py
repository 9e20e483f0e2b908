"""Entry point of the bundled console program `digibord-cli.exe` (PyInstaller needs a script)."""

import sys

from digibord.cli import main

if __name__ == "__main__":
    sys.exit(main())
