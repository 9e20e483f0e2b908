"""Digibord: read, compare, convert and archive the monthly borderellen of a collective
health insurance. The core (formats, reconcile, export, archive) never imports Qt."""

__version__ = "1.0.0"
