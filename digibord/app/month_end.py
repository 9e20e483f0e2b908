"""Maandafsluiting (docs/month-end.md): the six steps an administrator works through each month
per collectivity, ticked off as they are done and kept in the archive's settings store, so that
the next session (and the next month) starts with what is still open.

    openen       this month's borderel opened (window), or implied by any later step
    vergelijken  prolongatieverschillen of the month before against this month
    printen      correctiepremies and prolongatieverschillen printed (or saved as PDF)
    omzetten     the payroll import file written
    controleren  payroll's journal checked against the borderel
    bewaren      the borderel is in the archive (read from the archive itself)

The face that did a step calls `done(...)` (or one of `opened`, `compared`, `printed`,
`converted`, `checked`) after it succeeded, so the window and the command line tick alike.
Each step is its own setting, `month-end/YYYY-MM/<step>`, so two processes ticking different
steps never undo each other's tick. Only base file names are kept, never folders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from digibord.app.notices import Unkept
from digibord.archive import Archive, ArchiveEntry, ArchiveError, open_archive
from digibord.errors import CommandRefused
from digibord.formats.borderel import Borderel, month_before, month_text, parse_month_text
from digibord.i18n import tr
from digibord.reconcile.common import BorderelRef
from digibord.reconcile.corrections import CorrectionsResult
from digibord.reconcile.diff import DiffResult
from digibord.reconcile.payroll_check import PayrollCheckResult
from digibord.reconcile.salary import SalaryResult

if TYPE_CHECKING:
    from collections.abc import Callable

    from digibord.reports.results import ReportResult

STEPS = ("openen", "vergelijken", "printen", "omzetten", "controleren", "bewaren")
PRINT_PARTS = ("correctiepremies", "prolongatieverschillen")
DONE, OPEN, NOT_YET = "klaar", "open", "nog_niet_mogelijk"
WINDOW, COMMAND_LINE, BY_HAND = "venster", "opdrachtregel", "hand"
PREFIX = "month-end/"
VERSION = 1
EARLIER_MONTHS = 3  # how many earlier months with open steps are told


def setting_name(month: int, record: str) -> str:
    """`month-end/2026-03/omzetten` (a print part: `month-end/2026-03/printen-correctiepremies`)."""
    return f"{PREFIX}{month_text(month)}/{record}"


def _records_of(step: str, part: str | None = None) -> tuple[str, ...]:
    if step not in STEPS:
        raise ValueError(f"unknown month-end step {step!r}")
    if step == "printen":
        parts = PRINT_PARTS if part is None else (part,)
        if any(p not in PRINT_PARTS for p in parts):
            raise ValueError(f"unknown print part {part!r}")
        return tuple(f"printen-{p}" for p in parts)
    return (step,)


def now() -> str:
    """ISO 8601 in UTC, whole seconds (as the archive keeps its times)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def base_name(path: str | Path | None) -> str:
    """The file's name without its folder: a folder can name a person or a client."""
    return Path(str(path)).name if path else ""


def _archive(archive: Archive | None) -> Archive:
    return archive if archive is not None else open_archive()


# ------------------------------------------------------------------ ticking


def done(collectivity: str, month: int, step: str, detail: Mapping | None = None, *,
         part: str | None = None, by: str = COMMAND_LINE, archive: Archive | None = None
         ) -> None:
    """Tick `step` of (collectivity, month) as done now; `detail` says what (base file names,
    months, counts; no personal data). `printen` has two parts: `part` names one, None ticks
    both (by hand). Doing a step again replaces what was kept of it. ArchiveError when the
    archive cannot keep it."""
    value = {"version": VERSION, "when": now(), "by": by, **dict(detail or {})}
    if "file" in value:
        value["file"] = base_name(value["file"])
    archive = _archive(archive)
    for record in _records_of(step, part):
        archive.set_setting(collectivity, setting_name(month, record), value)


def reopen(collectivity: str, month: int, step: str, archive: Archive | None = None) -> bool:
    """Set a step open again (what was kept of it is forgotten). False: it was not ticked."""
    archive = _archive(archive)
    if not archive.exists():
        return False
    gone = [archive.remove_setting(collectivity, setting_name(month, r))
            for r in _records_of(step)]
    return any(gone)


def quietly(tick: Callable[..., object], *args, **kwargs) -> str | None:
    """Run a tick after the work itself succeeded: an archive that cannot keep it is a
    sentence to tell (the work is done all the same), not a failure."""
    try:
        tick(*args, **kwargs)
    except (CommandRefused, OSError) as exc:
        return Unkept("monthend.warning.not_kept", str(exc))
    return None


def _ref_tick(ref: BorderelRef, step: str, detail: dict, by: str, part: str | None = None,
              archive: Archive | None = None) -> str | None:
    # the employer's name (never a person's) so that the status can name the collectivity
    detail = {**detail, "collectivity_name": ref.collectivity_name}
    return quietly(done, ref.collectivity_number, ref.prolongation_month, step, detail,
                   part=part, by=by, archive=archive)


def opened(borderel: Borderel, file: str | Path | None, by: str = WINDOW,
           from_archive: bool = False, archive: Archive | None = None) -> str | None:
    """This month's borderel was opened. Kept once: opening it again changes nothing (no
    write for every look at a month)."""
    ref = BorderelRef.of(borderel)
    archive = _archive(archive)
    try:
        if archive.exists() and setting_name(ref.prolongation_month, "openen") in \
                archive.list_settings(ref.collectivity_number):
            return None
    except (CommandRefused, OSError) as exc:
        return Unkept("monthend.warning.not_kept", str(exc))
    detail = {"archive": True} if from_archive else {"file": base_name(file)}
    return _ref_tick(ref, "openen", detail, by, archive=archive)


def compared(result: DiffResult, by: str = COMMAND_LINE,
             archive: Archive | None = None) -> str | None:
    """Prolongatieverschillen were computed: step `vergelijken` of the later month."""
    changed = sum(n for status, n in result.status_counts if status != "ongewijzigd")
    return _ref_tick(result.tot, "vergelijken", {"van": result.van.label(),
                                                 "tot": result.tot.label(),
                                                 "changes": int(changed)}, by, archive=archive)


def printed(result: ReportResult, file: str | Path | None = None, by: str = COMMAND_LINE,
            archive: Archive | None = None) -> str | None:
    """A report was printed or saved as PDF: correctiepremies (of the last month it covers)
    or prolongatieverschillen (of the later month) tick their part of `printen`; other reports
    are no step."""
    if isinstance(result, CorrectionsResult) and result.borderels:
        ref, part = result.borderels[-1], "correctiepremies"
    elif isinstance(result, DiffResult):
        ref, part = result.tot, "prolongatieverschillen"
    else:
        return None
    return _ref_tick(ref, "printen", {"file": base_name(file)}, by, part=part, archive=archive)


def converted(result: SalaryResult, file: str | Path, profile: str, by: str = COMMAND_LINE,
              archive: Archive | None = None) -> str | None:
    """The payroll import file was written."""
    return _ref_tick(result.borderel, "omzetten", {"file": base_name(file), "profile": profile,
                                                   "employees": len(result.rows)}, by,
                     archive=archive)


def checked(result: PayrollCheckResult, by: str = COMMAND_LINE,
            archive: Archive | None = None) -> str | None:
    """Payroll's journal was checked against the borderel."""
    counts = [[status, int(n)] for status, n in result.status_counts if n]
    return _ref_tick(result.borderel, "controleren", {"file": base_name(result.payroll_source),
                                                      "counts": counts}, by, archive=archive)


# ------------------------------------------------------------------ where the month stands


@dataclass(frozen=True)
class AtHand:
    """What the window has open besides the archive: this month's borderel (its file name; a
    demo file is never kept in the archive) and whether the month before is opened."""

    file: str = ""
    previous: bool = False
    demo: bool = False


@dataclass(frozen=True)
class StepState:
    """One step of a month: `state` DONE, OPEN or NOT_YET (then `reason` says why, in words);
    `when` (ISO 8601, UTC) and `by` (venster, opdrachtregel, hand) of the tick, `detail` what
    was kept; `parts` for printen: (part, when or None); `implied_by` for openen ticked by a
    later step."""

    step: str
    state: str
    when: str | None = None
    by: str | None = None
    detail: Mapping = field(default_factory=dict)
    reason: str | None = None
    parts: tuple[tuple[str, str | None], ...] = ()
    implied_by: str | None = None

    @property
    def done(self) -> bool:
        return self.state == DONE

    def what(self, lang: str | None = None) -> str:
        """What was done, in words (empty for an open step)."""
        return what_text(self, lang)


@dataclass(frozen=True)
class MonthEnd:
    """Where the month-end of one collectivity and month stands. `earlier`: earlier months
    (newest first, at most EARLIER_MONTHS) with a step ticked and others still open, as
    (month, open steps). `problem`: why the details could not be read (the ticks themselves
    are still shown)."""

    collectivity: str
    name: str
    month: int
    steps: tuple[StepState, ...]
    earlier: tuple[tuple[int, tuple[str, ...]], ...] = ()
    problem: str | None = None

    @property
    def open(self) -> list[str]:
        return [s.step for s in self.steps if not s.done]

    def step(self, name: str) -> StepState:
        return next(s for s in self.steps if s.step == name)

    def to_json(self, lang: str | None = None) -> dict:
        """`digibord month-end --json` (docs/cli.md)."""
        return {
            "collectiviteitsnummer": self.collectivity,
            "naam": self.name,
            "prolongatiemaand": month_text(self.month),
            "stappen": [{
                "stap": s.step, "klaar": s.done, "toestand": s.state, "wanneer": s.when,
                "door": s.by, "wat": s.what(lang) or None, "reden": s.reason,
                **({"delen": {p: when for p, when in s.parts}} if s.parts else {}),
            } for s in self.steps],
            "open": self.open,
            "eerder_open": [{"prolongatiemaand": month_text(m), "open": list(steps)}
                            for m, steps in self.earlier],
            "melding": self.problem,
        }


def _names(archive: Archive, collectivity: str) -> list[str]:
    return archive.list_settings(collectivity) if archive.exists() else []


def _entries(archive: Archive, collectivity: str) -> list[ArchiveEntry]:
    try:
        return archive.months(collectivity) if archive.exists() else []
    except (ArchiveError, OSError):
        return []


def _ticked(names: list[str], month: int) -> set[str]:
    prefix = f"{PREFIX}{month_text(month)}/"
    return {n[len(prefix):] for n in names if n.startswith(prefix)}


def _states(month: int, ticked: set[str], details: dict[str, dict], archived: set[int],
            entries: dict[int, ArchiveEntry], at_hand: AtHand | None) -> list[StepState]:
    """The six steps from what was ticked (names), what the archive holds and what is open."""
    kept = entries.get(month)
    # a month compared (or its differences printed) had its month before at hand
    previous_at_hand = (month_before(month) in archived or "vergelijken" in ticked
                        or "printen-prolongatieverschillen" in ticked
                        or (at_hand is not None and at_hand.previous))
    # any step ticked read this month's borderel (from a file the window or a command had)
    borderel_at_hand = (kept is not None or bool(ticked)
                        or (at_hand is not None and bool(at_hand.file)))
    no_borderel = tr("monthend.reason.open_first")
    no_previous = tr("monthend.reason.no_previous", month=month_text(month_before(month)))

    def record(name: str, step: str, **extra) -> StepState:
        d = details.get(name, {})
        return StepState(step, DONE, d.get("when"), d.get("by"), d, **extra)

    states: dict[str, StepState] = {}
    for step in ("vergelijken", "omzetten", "controleren"):
        if step in ticked:
            states[step] = record(step, step)
        elif not borderel_at_hand:
            states[step] = StepState(step, NOT_YET, reason=no_borderel)
        elif step == "vergelijken" and not previous_at_hand:
            states[step] = StepState(step, NOT_YET, reason=no_previous)
        else:
            states[step] = StepState(step, OPEN)
    parts = tuple((p, details.get(f"printen-{p}", {}).get("when") if f"printen-{p}" in ticked
                   else None) for p in PRINT_PARTS)
    printed_parts = [p for p in PRINT_PARTS if f"printen-{p}" in ticked]
    possible = [p for p in PRINT_PARTS if p == "correctiepremies" or previous_at_hand]
    if printed_parts and all(p in printed_parts for p in possible):
        latest = max(printed_parts, key=lambda p: details.get(f"printen-{p}", {}).get("when")
                     or "")
        states["printen"] = record(f"printen-{latest}", "printen", parts=parts)
    elif not borderel_at_hand:
        states["printen"] = StepState("printen", NOT_YET, reason=no_borderel, parts=parts)
    else:
        states["printen"] = StepState("printen", OPEN, parts=parts,
                                      reason=None if previous_at_hand else no_previous)
    if "bewaren" in ticked:
        states["bewaren"] = record("bewaren", "bewaren")
    elif kept is not None:
        states["bewaren"] = StepState("bewaren", DONE, kept.imported_at, None,
                                      {"file": base_name(kept.file_name), "archive": True})
    elif at_hand is not None and at_hand.demo:
        states["bewaren"] = StepState("bewaren", NOT_YET, reason=tr("monthend.reason.demo"))
    elif not borderel_at_hand:
        states["bewaren"] = StepState("bewaren", NOT_YET, reason=no_borderel)
    else:
        states["bewaren"] = StepState("bewaren", OPEN)
    if "openen" in ticked:
        states["openen"] = record("openen", "openen")
    else:
        later = [states[s] for s in STEPS[1:] if states[s].done]
        if later:  # a later step read this month's borderel
            first = min(later, key=lambda s: s.when or "")
            states["openen"] = StepState("openen", DONE, first.when, first.by,
                                         implied_by=first.step)
        elif at_hand is not None and at_hand.demo:  # the demo is open: it is not this month's
            states["openen"] = StepState("openen", NOT_YET,
                                         reason=tr("monthend.reason.demo_open"))
        else:
            states["openen"] = StepState("openen", OPEN)
    return [states[s] for s in STEPS]


def status(collectivity: str, month: int, at_hand: AtHand | None = None, name: str = "",
           archive: Archive | None = None) -> MonthEnd:
    """Where the month-end of (collectivity, month) stands: each step done (when, what), open,
    or not possible yet (why); `at_hand` is what the window has open (None: the archive only,
    as on the command line). The ticks are read from the names (no key needed), what was done
    from the sealed values; when those cannot be read, `problem` says so."""
    archive = _archive(archive)
    names = _names(archive, collectivity)
    kept = _entries(archive, collectivity)
    entries = {e.prolongation_month: e for e in kept}
    archived = set(entries)
    ticked = _ticked(names, month)
    details: dict[str, dict] = {}
    problem = None
    for record in sorted(ticked):
        try:
            details[record] = archive.get_setting(collectivity, setting_name(month, record)) or {}
        except (CommandRefused, OSError) as exc:
            problem = tr("monthend.warning.unreadable", reason=str(exc))
            break
    steps = _states(month, ticked, details, archived, entries, at_hand)
    earlier = []
    # months with a tick, and the month before when the archive holds it (its steps may all
    # still be open: it was only kept)
    candidates = {_month_of(n) for n in names} | ({month_before(month)} & archived)
    for m in sorted(candidates - {None, month}, reverse=True):
        if m > month or len(earlier) >= EARLIER_MONTHS:
            continue
        still = [s.step for s in _states(m, _ticked(names, m), {}, archived, entries, None)
                 if not s.done]
        if still:
            earlier.append((m, tuple(still)))
    if not name and kept:
        name = kept[-1].collectivity_name
    if not name:
        name = next((d["collectivity_name"] for d in details.values()
                     if isinstance(d.get("collectivity_name"), str)), "")
    return MonthEnd(collectivity, name, month, tuple(steps), tuple(earlier), problem)


def _month_of(setting: str) -> int | None:
    if not setting.startswith(PREFIX):
        return None
    try:
        return parse_month_text(setting[len(PREFIX):].split("/", 1)[0])
    except ValueError:
        return None


# ------------------------------------------------------------------ in words


def what_text(s: StepState, lang: str | None = None) -> str:
    """What a done step did, in words: file names, months, counts."""
    if not s.done:
        if s.step == "printen" and any(when for _p, when in s.parts):
            return _parts_text(s, lang)
        return ""
    d = s.detail
    if s.implied_by:
        return tr("monthend.what.implied", lang, step=tr(f"monthend.step.{s.implied_by}", lang))
    if s.by == BY_HAND:
        return tr("monthend.what.by_hand", lang)
    if s.step == "openen":
        return tr("monthend.what.from_archive", lang) if d.get("archive") else d.get("file", "")
    if s.step == "vergelijken":
        return tr("monthend.what.compared", lang, van=d.get("van", "?"), tot=d.get("tot", "?"),
                  changes=d.get("changes", 0))
    if s.step == "printen":
        return _parts_text(s, lang)
    if s.step == "omzetten":
        return tr("monthend.what.converted", lang, file=d.get("file", ""),
                  profile=d.get("profile", ""), employees=d.get("employees", 0))
    if s.step == "controleren":
        counts = d.get("counts") or []  # [[status, count], ...] in the check's order
        words = ", ".join(f"{n} {tr(f'payroll.status.{status}', lang)}"
                          for status, n in counts)
        return tr("monthend.what.checked", lang, file=d.get("file", ""), counts=words or "-")
    if s.step == "bewaren":
        return tr("monthend.what.kept", lang, file=d.get("file", ""))
    return ""


def _parts_text(s: StepState, lang: str | None) -> str:
    return "; ".join(tr("monthend.what.part_done" if when else "monthend.what.part_open", lang,
                        part=tr(f"monthend.part.{p}", lang)) for p, when in s.parts)
