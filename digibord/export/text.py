"""A report as plain text for the terminal: its title, the columns meant for a terminal
(`Field.terminal`), groups under their heading with their subtotals, then the totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from digibord.i18n import tr
from digibord.money import format_euro, format_percent_bp
from digibord.reports.build import build_table
from digibord.reports.registry import presentation_for
from digibord.reports.spec import Presentation
from digibord.reports.table import ReportTable, mask_bsn

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult


def cell_texts(kind: str, values: pd.Series, show_bsn: bool = False) -> np.ndarray:
    """One column as the texts a person reads; a BSN masked (`*****6789`) unless `show_bsn`,
    as in every other rendering."""
    if kind == "bsn" and not show_bsn:
        values = mask_bsn(pd.Series(values, dtype=object))
    if kind == "money":
        return np.array([format_euro(v) for v in np.asarray(values, np.int64).tolist()],
                        dtype=object)
    if kind == "percent":
        return np.array([format_percent_bp(v) for v in np.asarray(values, np.int64).tolist()],
                        dtype=object)
    if kind == "month":
        arr = np.asarray(values, dtype=np.int64)
        return np.array(["" if m <= 0 else f"{m // 100:04d}-{m % 100:02d}"
                         for m in arr.tolist()], dtype=object)
    if kind == "date":
        dates = pd.Series(values)
        return dates.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    if kind == "count":
        return np.asarray(values, dtype=np.int64).astype(str).astype(object)
    return pd.Series(values, dtype=object).fillna("").astype(str).to_numpy(dtype=object)


def _terminal_table(p: Presentation, result, lang: str, columns=None) -> ReportTable:
    if columns:  # named on the command line (--columns): those, in that order
        return build_table(p, result, lang, columns)
    keys = [f.key for f in p.fields if f.table and f.terminal]
    table = build_table(p, result, lang)
    shown = [c.key for c in table.columns if c.key in keys]
    if table.grouping is not None:
        shown = [k for k in shown if k not in table.grouping.repeats]
    return table.select(shown)


def _title(table: ReportTable, lang: str) -> str:
    meta = table.meta
    parts = [tr(table.title, lang), f"{meta.collectivity_number} {meta.collectivity_name}".strip(),
             ", ".join(meta.months)]
    return " — ".join(p for p in parts if p)


def render_table(table: ReportTable, lang: str, show_bsn: bool = False) -> list[str]:
    cols = list(table.columns)
    frame = table.frame
    texts = [cell_texts(c.kind, frame[c.key], show_bsn) for c in cols]
    heads = [c.heading_text(lang) for c in cols]
    subs = table.grouping.subtotals if table.grouping is not None else None
    sub_texts = {}
    if subs is not None and len(subs):
        for c in cols:
            if c.key in subs.columns:
                sub_texts[c.key] = cell_texts(c.kind, subs[c.key].fillna(0))
    widths = [max([len(h), *(len(t) for t in col.tolist())]) for h, col in
              zip(heads, texts, strict=True)]
    for i, c in enumerate(cols):
        if c.key in sub_texts:
            widths[i] = max(widths[i], *(len(t) for t in sub_texts[c.key].tolist()), 0)
    right = [c.alignment == "right" for c in cols]

    def line(cells) -> str:
        return "  ".join(t.rjust(w) if r else t.ljust(w)
                         for t, w, r in zip(cells, widths, right, strict=True)).rstrip()

    head = [line(heads), line(["-" * w for w in widths])]
    out = [_title(table, lang)]
    note = table.note_text(lang)
    if note:
        out.append(note)
    out.append("")
    if not len(frame):  # nothing to list (a month without correction lines): said, as on paper
        out += head
        out += [tr("export.pdf.no_rows", lang), ""]
    elif table.grouping is None:
        out += head
        out += [line(cells) for cells in zip(*texts, strict=True)]
        out.append("")
    else:
        g = table.grouping
        keys = frame[g.key].to_numpy()
        headings = frame[g.heading].to_numpy(dtype=object)
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        stops = [*starts[1:], len(keys)]
        sub_rows: dict[object, list[int]] = {}
        if subs is not None:
            for j, key in enumerate(subs[g.key].tolist()):
                sub_rows.setdefault(key, []).append(j)
        for start, stop in zip(starts, stops, strict=True):
            out.append(str(headings[start]))
            out += head
            out += [line([t[i] for t in texts]) for i in range(start, stop)]
            for j in sub_rows.get(keys[start], ()):
                cells = [sub_texts[c.key][j] if c.key in sub_texts else "" for c in cols]
                label = tr(str(subs["label"].iat[j]), lang)
                text = line(cells)
                blank = len(text) - len(text.lstrip())
                out.append(label + text[len(label):] if len(label) < blank
                           else f"{label}  {text.lstrip()}")
            out.append("")
    for total in table.totals:
        value = format_euro(total.value) if total.kind == "money" else str(total.value)
        out.append(f"{total.text(lang)}: {value}")
    return out


def report_text(result: ReportResult, lang: str, columns: list[str] | str | None = None,
                show_bsn: bool = False) -> str:
    """The report (and no part) as text: the terminal's columns, or the `columns` named; a
    BSN column masked unless `show_bsn`."""
    p = presentation_for(result)
    table = _terminal_table(p, result, lang, columns)
    return "\n".join(render_table(table, lang, show_bsn)) + "\n"
