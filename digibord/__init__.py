"""Digibord: read, compare, convert and archive the monthly borderellen of a collective
health insurance. The core (formats, reconcile, export, archive) never imports Qt."""

import os

__version__ = "1.0.0"

# Before numpy is loaded (here, the first module of every start: commands, window, bundle):
# the program does no linear algebra, and OpenBLAS starting a thread per core costs a quarter
# of numpy's import, the biggest part of a small command's start (bench/bench_startup.py).
# A user's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
