"""Printing figures, each as a ratio against a baseline measured in the same run (the machine
is shared and its speed varies): a 10 000-row correction report.

    QT_QPA_PLATFORM=offscreen python bench/bench_print.py [ROWS ...] [--against main]

baseline  the PDF renderer: `write_report(result, path, "pdf")`, as `digibord corrections
          --pdf` does (tables from the result, layout, drawing, the rename).
preview   Printen to the first page on screen: the print dialog made, the layout on the
          worker, page 1 rendered by the preview (the clock stops when the preview has drawn
          it); target <= 1 s, and its ratio to the baseline.
print     printing on a PDF printer (QPrinter with an output file) once the preview has laid
          the pages out, what the user waits for after the print dialog (target <= 2x the
          baseline); and from the result (tables, layout and drawing) for comparison.
floor     what Qt's PDF engine alone takes for the same text: the glyph runs of one print,
          recorded beforehand, drawn again on a new printer page by page (no Python per row,
          no rules or bands). Qt writes every glyph as its own positioning operator and
          compresses the pages at zlib's default level, so this is the least any QPainter
          surface can take for these pages.
python    the printer's own Python: the same pages on the surface with a painter that draws
          nothing (layout done; the glyphs gathered, positions written and handed to Qt's
          glyph runs, but no page drawn or written).
against   with `--against X` (X: another checkout's folder, or a git revision of this
          repository, extracted with `git archive` into a temporary folder): printing from the
          preview with that checkout's `digibord/ui/printing_surface.py` (loaded beside ours;
          layout, fonts and everything else are this checkout's), in the same rounds, so two
          surfaces are compared in one process under the same load.

Each is run once per round, the rounds one after the other (interleaved, so that a machine
whose speed changes under other work changes all of them alike), after a warm-up; the figures
are the medians over the rounds, as wall time and as the process's CPU time (which other work
on a busy machine disturbs less); ratios are of the median CPU times. For the prints also the
median (and range) of the ratios taken round by round: the PDF renderer's own time moves most
from run to run (0.27-0.40 s on one machine in one hour), so a single median pair can land on
either side of 2. `--rounds N` (default 5) for more rounds."""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import checkout  # this checkout's digibord first, not an installed one
from bench_pdf import make_result  # beside this script
from PySide6.QtCore import QCoreApplication, QEventLoop, QPointF
from PySide6.QtGui import QGlyphRun, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from timing import interleaved  # beside this script

from digibord.export.files import write_report
from digibord.export.paged import PagedReport
from digibord.reports.build import report_tables
from digibord.ui.printing import PrintDialog
from digibord.ui.printing_request import shown_report
from digibord.ui.printing_surface import QtSurface, print_pages
from digibord.ui.worker import Worker

if TYPE_CHECKING:
    from collections.abc import Callable


class _Window(QWidget):
    """What the print dialog needs of the main window: a worker and a place for notices."""

    def __init__(self) -> None:
        super().__init__()
        self.worker = Worker(self)

    def run_task(self, fn, done, what, tag="", failed=None):
        return self.worker.run(fn, done, failed, tag=tag)

    def notify(self, text, msecs=0) -> None:
        pass


def medians(fns: dict[str, Callable[[], object]], rounds: int
            ) -> tuple[dict[str, tuple], dict[str, list[float]]]:
    """Per name (median wall, median CPU) over `rounds` rounds of every function once, after
    one warm-up round; and per name its CPU seconds of every round (for ratios round by
    round)."""
    for fn in fns.values():
        fn()
    walls, cpus = interleaved(fns, rounds)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name]))
            for name in fns}, cpus


def round_ratios(cpus: dict[str, list[float]], name: str) -> str:
    """`name`'s CPU time over the baseline's of the same round: the median and the range over
    the rounds (the two ran seconds apart, so a change in the machine's speed touches both)."""
    ratios = sorted(a / b for a, b in zip(cpus[name], cpus["base"], strict=True))
    return (f"round by round {statistics.median(ratios):4.2f}"
            f" ({ratios[0]:4.2f}..{ratios[-1]:4.2f})")


def first_page(window: _Window, result) -> None:
    """The print dialog from a click to its first page drawn."""
    dialog = PrintDialog(window, shown_report(result))
    dialog.resize(900, 1000)
    dialog.show()
    app = QCoreApplication.instance()
    while not dialog.pages.rendered:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if dialog.report is not None:
            dialog.pages.viewport().repaint()
    dialog.close()
    window.worker.wait()


def printer_to(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


class _Recorder:
    """A QPainter stand-in that keeps every glyph run drawn (per page) and draws nothing."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        self.pages: list[list[tuple[QPointF, QGlyphRun]]] = [[]]

    def drawGlyphRun(self, position: QPointF, run: QGlyphRun) -> None:
        self.pages[-1].append((QPointF(position), QGlyphRun(run)))

    def __getattr__(self, name: str):
        return getattr(self.painter, name)


def recorded_runs(report: PagedReport, tmp: Path) -> list[list[tuple[QPointF, QGlyphRun]]]:
    printer = printer_to(tmp / "recorded.pdf")
    printer.setFullPage(True)
    painter = QPainter(printer)
    recorder = _Recorder(painter)
    surface = QtSurface(painter, printer.resolution(),
                        lambda _w, _h: recorder.pages.append([]))
    surface.p = recorder
    report.paint(surface)
    painter.end()
    return recorder.pages


class _Nothing:
    """A QPainter stand-in that draws nothing (the device is the printer's, for the fonts)."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter

    def device(self):
        return self.painter.device()

    def _nothing(self, *_args) -> None:
        pass

    setRenderHint = setPen = setBrush = drawGlyphRun = drawRects = drawLine = _nothing


def python_only(report: PagedReport, painter: QPainter) -> None:
    surface = QtSurface(_Nothing(painter), painter.device().resolution(), lambda _w, _h: None)
    report.paint(surface)


def replay(pages: list[list[tuple[QPointF, QGlyphRun]]], path: Path) -> None:
    printer = printer_to(path)
    printer.setFullPage(True)
    painter = QPainter(printer)
    draw = painter.drawGlyphRun
    for i, runs in enumerate(pages):
        if i:
            printer.newPage()
        for position, run in runs:
            draw(position, run)
    painter.end()


def surface_of(root: Path) -> ModuleType:
    """Another checkout's printing surface module, loaded under its own name."""
    path = root / "digibord" / "ui" / "printing_surface.py"
    spec = importlib.util.spec_from_file_location("other_printing_surface", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def measure(window: _Window, rows: int, tmp: Path, rounds: int = 5,
            against: ModuleType | None = None, against_name: str = "") -> None:
    result = make_result(rows)
    pdf = tmp / "renderer.pdf"
    laid_out = PagedReport(report_tables(result, "nl"), lang="nl")
    pages = list(range(len(laid_out)))

    def whole() -> None:
        report = PagedReport(report_tables(result, "nl"), lang="nl")
        print_pages(report, printer_to(tmp / "p.pdf"), pages)

    runs = recorded_runs(laid_out, tmp)
    idle = printer_to(tmp / "idle.pdf")
    idle_painter = QPainter(idle)  # a device for the fonts; nothing is drawn on it
    glyphs = sum(len(run.glyphIndexes()) for page in runs for _p, run in page)
    others = {} if against is None else {
        "against": lambda: against.print_pages(laid_out, printer_to(tmp / "o.pdf"), pages)}
    figures, cpus = medians({
        "base": lambda: write_report(result, pdf, "pdf", overwrite=True),
        "paint": lambda: print_pages(laid_out, printer_to(tmp / "p.pdf"), pages),
        "whole": whole,
        "floor": lambda: replay(runs, tmp / "floor.pdf"),
        "prev": lambda: first_page(window, result),
        "python": lambda: python_only(laid_out, idle_painter),
        **others,
    }, rounds)
    idle_painter.end()
    python_w, python_c = figures["python"]
    (base_w, base_c), (paint_w, paint_c), (whole_w, whole_c), (floor_w, floor_c), \
        (prev_w, prev_c) = (figures[k] for k in ("base", "paint", "whole", "floor", "prev"))
    print(f"{rows} rows, {len(laid_out)} pages")
    print(f"  baseline  PDF renderer      {base_w:6.2f} s wall  {base_c:6.2f} s cpu")
    print(f"  preview   first page        {prev_w:6.2f} s wall  {prev_c:6.2f} s cpu"
          f"  ratio {prev_c / base_c:4.2f}  (target <= 1 s)")
    print(f"  print     from the preview  {paint_w:6.2f} s wall  {paint_c:6.2f} s cpu"
          f"  ratio {paint_c / base_c:4.2f}  (target <= 2; {round_ratios(cpus, 'paint')})")
    print(f"  print     from the result   {whole_w:6.2f} s wall  {whole_c:6.2f} s cpu"
          f"  ratio {whole_c / base_c:4.2f}  ({round_ratios(cpus, 'whole')})")
    print(f"  floor     Qt's PDF engine   {floor_w:6.2f} s wall  {floor_c:6.2f} s cpu"
          f"  ratio {floor_c / base_c:4.2f}  ({glyphs} glyphs in"
          f" {sum(map(len, runs))} runs)")
    print(f"  python    the printer's own {python_w:6.2f} s wall  {python_c:6.2f} s cpu"
          f"  ratio {python_c / base_c:4.2f}", flush=True)
    if against is not None:
        other_w, other_c = figures["against"]
        print(f"  against   {against_name:<16}  {other_w:6.2f} s wall"
              f"  {other_c:6.2f} s cpu  ratio {other_c / base_c:4.2f}  (print from the preview:"
              f" this checkout / that one {paint_c / other_c:4.2f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Printing figures of a correction report, as "
                                     "ratios against the PDF renderer of the same run.")
    parser.add_argument("rows", type=int, nargs="*", default=[10_000],
                        help="rows of the correction report (default 10000)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds of every figure after the warm-up (default 5)")
    parser.add_argument("--against", metavar="CHECKOUT|REV",
                        help="print also with this checkout's printing surface, a folder or a "
                        "git revision")
    args = parser.parse_intermixed_args()
    if args.rounds < 1:
        parser.error("--rounds: at least 1")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = _Window()
    with checkout.other_checkout(args.against) as other, tempfile.TemporaryDirectory() as tmp:
        against = None if other is None else surface_of(other)
        for rows in args.rows:
            measure(window, rows, Path(tmp), rounds=args.rounds, against=against,
                    against_name=args.against or "")
    del app


if __name__ == "__main__":
    main()
