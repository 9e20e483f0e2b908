"""What every view (tab) of the main window is: a widget that shows the current borderel.

To add a view: subclass `BorderelView`, set `view_id` and `title_key`, implement
`show_document`, and add the class to `digibord.ui.views.VIEW_CLASSES` (or call
`MainWindow.add_view`). Anything heavy that the view needs per borderel goes into a preparer
(`digibord.ui.loader.register_preparer(view_id, fn)`), which runs on the loader's worker
thread; the view then finds the result in `doc.prepared[view_id]`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QWidget

from digibord.i18n import tr
from digibord.ui.documents import OpenedBorderel
from digibord.ui.printing_request import ShownReport, shown_report

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult
    from digibord.ui.main_window import MainWindow

F = TypeVar("F", bound=Callable[..., object])


def hook(function: F) -> F:
    """Marks a placeholder that concrete views replace (see BorderelView.HOOKS)."""
    function.is_hook = True
    return function


class BorderelView(QWidget):
    """Hooks named in `HOOKS` (placeholders marked @hook) must be replaced by every concrete
    subclass. That is checked when the subclass is defined, so a view that forgets one fails
    at import, not when a user clicks; a class setting `ABSTRACT = True` in its own body is
    exempt. (Qt's metaclass does not honour abc.abstractmethod, hence this check.)"""

    HOOKS: tuple[str, ...] = ("show_document",)
    ABSTRACT = True
    view_id = ""  # stable: settings keys, PREPARERS, tests
    title_key = ""  # i18n key of the tab's title
    shortcut = ""  # e.g. "Ctrl+1"; the window numbers views itself when empty
    needs_borderel = True  # False: shown even when no borderel is open (Archief)
    status_changed = Signal()  # the status bar text changed (counts, totals)

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("ABSTRACT"):
            return
        missing = [name for name in cls.HOOKS if getattr(getattr(cls, name), "is_hook", False)]
        if missing:
            raise TypeError(f"{cls.__name__} must define {', '.join(missing)}")

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.main_window = window
        self.setObjectName(f"view_{self.view_id}")

    def title(self) -> str:
        return tr(self.title_key)

    @hook
    def show_document(self, doc: OpenedBorderel | None) -> None:
        """Hook: the current borderel changed (None: nothing open)."""

    def settle(self) -> None:
        """In the window's turn before it paints a month it has just shown (while
        `window.paint_held`): what `show_document` left for a turn of its own (a view's first
        column widths)."""

    def document_completed(self, doc: OpenedBorderel) -> None:
        """The loader finished its later work for `doc` (shown already): what a preparer
        left for after the first screen is in `doc.prepared` now."""

    def report_result(self) -> ReportResult | None:
        """The computed result this view shows (Exporteren, Printen), or None."""
        return None

    def shown_report(self) -> ShownReport | None:
        """The result with what the view shows of it (rows, order, columns) for Printen and
        Exporteren; by default the result whole."""
        result = self.report_result()
        return shown_report(result) if result is not None else None

    def status_text(self) -> str:
        """Counts and totals for the status bar."""
        return ""

    def retranslate(self) -> None:
        """The language changed: set the view's texts again."""

    def save_settings(self, settings: QSettings) -> None:
        """Column layout and such, under `views/<view_id>/`."""

    def restore_settings(self, settings: QSettings) -> None:
        pass

