"""The JSON objects of cli.md, one function per report, each over a computed result.

Amounts are integer cents in keys ending in `_cent`; months `YYYY-MM`; dates `YYYY-MM-DD` or
None; a missing werknemersnummer is ""."""

from __future__ import annotations
