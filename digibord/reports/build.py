"""From a computed result and its presentation to what the renderers draw: JSON rows (also the
CSV lines) and `ReportTable`s (Excel, PDF, the command line's plain text, the window).

Everything is column-wise: one conversion per field over the whole column, translated words
looked up once per distinct value. Nothing here adds up amounts: totals and subtotals come from
the result, so every surface shows the same numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats.borderel import date_text, relation_text
from digibord.i18n import tr
from digibord.reports.registry import presentation_for
from digibord.reports.selection import RowSelection
from digibord.reports.spec import Field, Presentation, TotalSpec
from digibord.reports.table import Column, Grouping, ReportMeta, ReportTable, Total, mask_bsn

if TYPE_CHECKING:
    from collections.abc import Sequence

    from digibord.reports.results import ReportResult

# the kinds of a ReportTable column (what xlsx/pdf draw) for each field kind
TABLE_KIND = {"text": "text", "relation": "text", "money": "money", "count": "count",
              "percent": "percent", "date": "date", "month": "month", "status": "text",
              "word": "text", "bsn": "bsn", "flag": "text"}
# a compact table (the streamed Excel writer's) keeps relatienummers as numbers
COMPACT_KIND = {**TABLE_KIND, "relation": "relation"}
GROUP_KEY = "_group"
GROUP_HEADING = "_heading"


class ColumnsRefused(CommandRefused):
    """--columns (or a remembered choice) names a column the report does not have."""


# ---- values -------------------------------------------------------------------------------

def words(values: pd.Series | np.ndarray, prefix: str, lang: str | None = None) -> np.ndarray:
    """Codes -> their translated words (`prefix` + code), each distinct code looked up once;
    None stays empty."""
    series = pd.Series(np.asarray(values, dtype=object))
    table = {v: tr(f"{prefix}{v}", lang) for v in series.dropna().unique()}
    mapped = series.map(table).to_numpy(dtype=object)
    return np.where(pd.isna(mapped), "", mapped).astype(object)


def relations(values: pd.Series | np.ndarray, none: object = "") -> np.ndarray:
    """int64 relatienummers -> `0000012345`; below 0 (none) -> `none`."""
    arr = np.asarray(values, dtype=np.int64)
    out = np.full(len(arr), none, dtype=object)
    known = arr >= 0
    if known.any():
        out[known] = relation_text(arr[known])
    return out


def month_texts(values: pd.Series | np.ndarray) -> np.ndarray:
    """int YYYYMM -> 'YYYY-MM' ('' for 0)."""
    arr = np.asarray(values, dtype=np.int64)
    out = np.array([f"{m // 100:04d}-{m % 100:02d}" for m in arr.tolist()], dtype=object)
    if len(out):
        out[arr <= 0] = ""
    return out


def source(frame: pd.DataFrame, f: Field) -> pd.Series:
    return frame[f.column]


def json_values(frame: pd.DataFrame, f: Field, lang: str | None, show_bsn: bool) -> list:
    """One field's column as JSON values (cli.md: cents as integers, months `YYYY-MM`, dates
    `YYYY-MM-DD` or null, a status as its code)."""
    values = source(frame, f)
    kind = f.kind
    if kind in ("money", "count", "percent"):
        return np.asarray(values, dtype=np.int64).tolist()
    if kind == "relation":
        return relations(values, None).tolist()
    if kind == "date":
        return date_text(values)
    if kind == "flag":
        return [bool(v) for v in values.tolist()]
    if kind == "status":
        return [None if v is None or v != v else v for v in values.tolist()]
    if kind == "month":
        return month_texts(values).tolist()
    if kind == "word":
        return words(values, f.words, lang).tolist()
    if kind == "bsn":
        return (values if show_bsn else pd.Series(mask_bsn(values))).tolist()
    return values.to_numpy(dtype=object).tolist()


def table_values(frame: pd.DataFrame, f: Field, lang: str) -> np.ndarray:
    """One field's column as a ReportTable holds it (see digibord.reports.table)."""
    values = source(frame, f)
    kind = f.kind
    if kind in ("money", "count", "percent", "month"):
        return values.to_numpy(dtype=np.int64)
    if kind == "relation":
        return relations(values)
    if kind == "date":
        return values.to_numpy()
    if kind in ("status", "word"):
        return words(values, f.words, lang)
    if kind == "flag":
        return np.where(values.to_numpy(dtype=bool), tr("export.yes", lang), "").astype(object)
    return values.fillna("").to_numpy(dtype=object)


def compact_values(frame: pd.DataFrame, f: Field, lang: str
                   ) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """One field's column as a compact table holds it (`build_table(..., compact=True)`, what
    the streamed Excel writer reads): the result's own arrays where they will do, so that no
    text per cell is made for the whole table. Relatienummers stay int64 (kind `relation`),
    text and BSNs are the rows frame's own column (missing for none), words and statuses a
    categorical of their words; numbers and dates as in `table_values`."""
    values = source(frame, f)
    kind = f.kind
    if kind == "relation":
        return values.to_numpy(dtype=np.int64)
    if kind in ("status", "word"):
        codes, uniques = pd.factorize(values, sort=False)
        shown = words(np.asarray(uniques, dtype=object), f.words, lang)
        at, texts = pd.factorize(shown, sort=False)  # two codes may share a word
        # code -1 (missing) stays -1: the last of `at` with -1 appended
        return pd.Categorical.from_codes(np.append(at, -1)[codes],
                                         categories=pd.Index(texts, dtype=object))
    if kind in ("text", "bsn"):
        return values.array  # no copy; the frame is built on a new index
    return table_values(frame, f, lang)


# ---- choosing the columns -----------------------------------------------------------------

def shown(f: Field, result: ReportResult) -> bool:
    """A table field shown by default for this result."""
    if not f.table or f.optional:
        return False
    return f.when is None or bool(f.when(result))


def table_fields(p: Presentation, result: ReportResult, columns: list[str] | str | None = None,
                 lang: str | None = None) -> list[Field]:
    """The table's fields: the default ones, or the named ones in that order (a list, or text
    separated by commas). Names the report does not have are refused, listing those it has."""
    if columns is None:
        return [f for f in p.fields if shown(f, result)]
    if isinstance(columns, str):
        columns = columns.split(",")
    wanted = [c.strip() for c in columns if c and c.strip()]
    if not wanted:
        return [f for f in p.fields if shown(f, result)]
    chosen, unknown = [], []
    for name in wanted:
        f = p.table_field(name)
        if f is None:
            unknown.append(name)
        elif f not in chosen:
            chosen.append(f)
    if unknown:
        raise ColumnsRefused(tr("export.error.unknown_columns", lang,
                                columns=", ".join(unknown),
                                known=", ".join(p.column_names())))
    return chosen


def _chosen(tables: list[ReportTable], columns, lang: str) -> list[ReportTable]:
    """Tables made elsewhere (tests, the self-test): the first with only the named columns."""
    if columns is None:
        return tables
    wanted = [c.strip() for c in (columns.split(",") if isinstance(columns, str) else columns)
              if c and c.strip()]
    known = [c.key for c in tables[0].columns]
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise ColumnsRefused(tr("export.error.unknown_columns", lang, columns=", ".join(unknown),
                                known=", ".join(known)))
    return [tables[0].select(wanted or None), *tables[1:]]


# ---- JSON ---------------------------------------------------------------------------------

def json_fields(p: Presentation, result: ReportResult,
                columns: Sequence[str] | None = None) -> list[Field]:
    """The fields of the JSON rows (and the CSV columns): all, in the report's JSON order, or
    those of `columns` (field keys, in that order) that JSON has for this result."""
    fields = [f for f in p.fields if f.in_json(result)]
    by_key = {f.key: f for f in fields}
    if columns:
        chosen = [by_key[k] for k in columns if k in by_key]
        if chosen:
            return chosen
    order = p.extra.get("json_order")
    return [by_key[k] for k in order if k in by_key] if order else fields


def json_rows(p: Presentation, result: ReportResult, lang: str | None = None,
              show_bsn: bool = False, rows: np.ndarray | None = None,
              columns: Sequence[str] | None = None) -> list[dict]:
    """The report's rows under their JSON keys (the CSV lines are the same); `rows`: only
    those positions, in that order (a view's selection)."""
    frame = chosen_rows(p, result, rows)
    fields = json_fields(p, result, columns)
    keys = [f.key for f in fields]
    columns = [json_values(frame, f, lang, show_bsn) for f in fields]
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]


def report_json(result: ReportResult, lang: str | None = None, show_bsn: bool = False) -> dict:
    """The JSON object of cli.md for a computed result."""
    p = presentation_for(result)
    parts = {part.json_key: json_rows(part, result, lang, show_bsn)
             for part in p.parts if part.json_key}
    rows = json_rows(p, result, lang, show_bsn)
    if p.to_json is None:
        return {"rows": rows, **parts}
    return p.to_json(result, rows, parts)


# ---- tables -------------------------------------------------------------------------------

def _meta(p: Presentation, result) -> ReportMeta:
    refs = tuple(p.refs(result))
    number = getattr(result, "collectivity_number", refs[0].collectivity_number if refs else "")
    name = getattr(result, "collectivity_name", refs[0].collectivity_name if refs else "")
    sources = (*(r.source for r in refs), *p.extra_sources(result))
    return ReportMeta(
        collectivity_number=number, collectivity_name=name,
        months=tuple(r.label() for r in refs),
        sources=tuple(Path(s).name for s in sources if s),
        created_at=dt.datetime.now().replace(microsecond=0))


def group_headings(kind: str, groups: pd.DataFrame, lang: str | None) -> np.ndarray:
    """The text above each group: `E1001  J.H. van der Berg` for an employee,
    `0000012345  J.H. van der Berg  (E1001)` for a person."""
    numbers = groups["employee_number"].fillna("").astype(str)
    numbers = numbers.where(numbers != "", tr("export.no_employee_number", lang))
    names = groups["employee_name" if kind == "employee" else "name"].fillna("").astype(str)
    if kind == "employee":
        return (numbers + "  " + names).to_numpy(dtype=object)
    rel = pd.Series(relations(groups["relation_number"]), index=groups.index)
    return (rel + "  " + names + "  (" + numbers + ")").to_numpy(dtype=object)


def grouped_frames(p: Presentation, result: ReportResult, rows: pd.DataFrame,
                   lang: str | None) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """(key per row, heading per row, the groups frame in row order with one subtotal frame
    per Subtotal): groups with no row are left out."""
    g = p.grouping
    groups = g.groups(result)
    keys = rows[g.key].to_numpy()
    index = pd.Index(groups[g.key].to_numpy())
    headings = group_headings(g.heading, groups, lang)
    at = index.get_indexer(keys)
    if (at < 0).any():
        raise ValueError(f"{p.name}: rows without their group")
    used = pd.unique(at)
    return keys, headings[at], groups.iloc[used].reset_index(drop=True)


def _subtotals(p: Presentation, groups: pd.DataFrame) -> pd.DataFrame:
    g = p.grouping
    parts = []
    for order, sub in enumerate(g.subtotals):
        part = {GROUP_KEY: groups[g.key].to_numpy(), "label": sub.label, "_order": order}
        for key, column in sub.values:
            part[key] = groups[column].to_numpy(dtype=np.int64)
        parts.append(pd.DataFrame(part))
    if not parts:
        return pd.DataFrame({GROUP_KEY: [], "label": []})
    frame = pd.concat(parts, ignore_index=True)
    # per group its subtotal rows in declared order, groups in row order
    position = pd.Index(groups[g.key].to_numpy()).get_indexer(frame[GROUP_KEY].to_numpy())
    frame = frame.iloc[np.lexsort((frame["_order"].to_numpy(), position))]
    return frame.drop(columns="_order").reset_index(drop=True)


def totals_of(p: Presentation, result: ReportResult, lang: str) -> tuple[Total, ...]:
    specs = p.totals(result, lang) if callable(p.totals) else p.totals
    out = []
    for spec in specs:
        if isinstance(spec, Total):
            out.append(spec)
        else:
            assert isinstance(spec, TotalSpec)
            label, params = (spec.titled(result, lang) if spec.titled is not None
                             else (spec.label, ()))
            out.append(Total(label, int(spec.value(result)), spec.kind,
                             column=spec.field or None, params=tuple(params)))
    return tuple(out)


# ---- a view's rows ------------------------------------------------------------------------

def positions(p: Presentation, frame: pd.DataFrame, rows: np.ndarray | None) -> np.ndarray | None:
    """`rows` (positions in `frame`) checked, and for a grouped report put so that each group's
    rows are together: groups in the order their first row comes, rows within a group in the
    report's order."""
    if rows is None:
        return None
    at = np.asarray(rows, dtype=np.int64)
    if len(at) and (int(at.min()) < 0 or int(at.max()) >= len(frame)):
        raise IndexError(f"{p.name}: rows outside the report ({len(frame)} rows)")
    if p.grouping is not None and len(at):
        codes, _ = pd.factorize(frame[p.grouping.key].to_numpy()[at], sort=False)
        at = at[np.lexsort((at, codes))]
    return at


def chosen_rows(p: Presentation, result: ReportResult, rows: np.ndarray | None = None
                ) -> pd.DataFrame:
    """The report's rows frame, or only the chosen rows in the chosen order."""
    frame = p.rows(result)
    at = positions(p, frame, rows)
    return frame if at is None else frame.iloc[at]


def part_rows(p: Presentation, part: Presentation, result: ReportResult,
              rows: np.ndarray | None) -> np.ndarray | None:
    """The rows of a part that belong to the report's chosen rows (by `part.follows`), in the
    order of those rows; None (all) when the part does not follow the report's rows."""
    if rows is None or not part.follows:
        return None
    keys = p.rows(result)[part.follows].to_numpy()[np.asarray(rows, dtype=np.int64)]
    where = pd.Index(keys).get_indexer(part.rows(result)[part.follows].to_numpy())
    mine = np.flatnonzero(where >= 0)
    return mine[np.argsort(where[mine], kind="stable")]


def shown_totals(p: Presentation, frame: pd.DataFrame, totals: tuple[Total, ...],
                 shown_keys: set[str]) -> tuple[Total, ...]:
    """The totals row of only some rows: the column totals over those rows (exact int64)."""
    out = []
    for t in totals:
        if t.column and t.column in shown_keys and t.kind in ("money", "count"):
            values = frame[p.field(t.column).column].to_numpy(dtype=np.int64)
            out.append(Total(t.label, int(values.sum()), t.kind, t.column, t.params))
    return tuple(out)


def selection_words(p: Presentation, shown: int, total: int, lang: str | None) -> tuple:
    return (("shown", _count(shown)), ("total", _count(total)), ("unit", tr(p.unit, lang)))


def _count(n: int) -> str:
    return f"{int(n):,}".replace(",", ".")


def build_table(p: Presentation, result: ReportResult, lang: str,
                columns: list[str] | str | None = None, rows: np.ndarray | None = None,
                compact: bool = False) -> ReportTable:
    """The report's table; `rows`: only those positions of its rows frame, in that order (a
    view's selection: then a line says so and the totals row adds up those rows, while the
    totals block stays the report's). `compact`: the table the streamed Excel writer reads
    (`compact_values`: relatienummers as numbers, kind `relation`; no group headings, Excel
    being flat); every other surface takes the plain table."""
    fields = table_fields(p, result, columns, lang)
    every = p.rows(result)
    at = positions(p, every, rows)
    rows = every if at is None else every.iloc[at]
    values = compact_values if compact else table_values
    data = {f.key: values(rows, f, lang) for f in fields}
    grouping = None
    if p.grouping is not None and not compact:
        keys, headings, groups = grouped_frames(p, result, rows, lang)
        data[GROUP_KEY] = keys
        data[GROUP_HEADING] = headings
        grouping = Grouping(GROUP_KEY, GROUP_HEADING, _subtotals(p, groups),
                            repeats=tuple(k for k in p.grouping.repeats if k in data))
    # copy=False: the columns are the result's arrays or made here, a copy would be a waste
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(rows)), copy=not compact)
    kinds = COMPACT_KIND if compact else TABLE_KIND
    cols = []
    for f in fields:
        heading, heading_params = f.heading(result, lang)
        cols.append(Column(f.key, heading, kinds[f.kind], f.width, f.align,
                           heading_params=tuple(heading_params)))
    note, params = p.note(result, lang) if p.note is not None else ("", ())
    shown_keys = {f.key for f in fields}
    totals = tuple(t if t.column in shown_keys or t.column is None
                   else Total(t.label, t.value, t.kind, None, t.params)
                   for t in totals_of(p, result, lang))
    subset = at is not None and len(at) < len(every)
    extra = {}
    if subset:
        extra = dict(selection_note="print.selection.shown",
                     selection_params=selection_words(p, len(at), len(every), lang),
                     row_totals=shown_totals(p, rows, totals, shown_keys),
                     row_totals_label="print.total.shown")
    return ReportTable(p.title, p.sheet, tuple(cols), frame, _meta(p, result),
                       grouping=grouping, totals=totals, note=note, note_params=tuple(params),
                       **extra)


def report_tables(result: ReportResult, lang: str, columns: list[str] | str | None = None,
                  selection: RowSelection | None = None, compact: bool = False
                  ) -> list[ReportTable]:
    """The tables of a result: the report itself (with only `columns` when named), then its
    parts that are there (their columns stay whole: a column list made for the report would
    leave them meaningless). `selection`: what a view shows (its rows in its order, its
    columns unless `columns` names others, the parts or not); a part that follows the
    report's rows (the policy per person) then holds only the chosen rows' lines. `compact`:
    tables for the streamed Excel writer (see `build_table`); tables made elsewhere stay
    as they are."""
    if isinstance(result, ReportTable):
        result = [result]
    if isinstance(result, list | tuple) and result and all(
            isinstance(t, ReportTable) for t in result):
        return _chosen(list(result), columns, lang)
    p = presentation_for(result)
    rows = selection.rows if selection is not None else None
    if columns is None and selection is not None:
        columns = list(selection.columns) if selection.columns else None
    tables = [build_table(p, result, lang, columns, rows, compact)]
    if selection is None or selection.parts:
        tables += [build_table(part, result, lang, rows=part_rows(p, part, result, rows),
                               compact=compact)
                   for part in p.parts
                   if part.present(result) and any(f.table for f in part.fields)]
    return tables
