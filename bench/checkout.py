"""Puts the checkout on sys.path, so that a bench run as `python bench/<name>.py` finds
`devtools/` (the synthetic series), which is not installed with the package."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
