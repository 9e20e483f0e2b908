"""CSV renderers of the reports (for scripts and spreadsheets): `;`-separated, UTF-8 with byte
order mark (so that Excel opens it with the right characters), CR LF, amounts in cents under
`_cent` headings exactly as the JSON keys, so that a script reads both the same way."""

from __future__ import annotations
