"""The print preview's pages: a scroll area that draws only the pages in sight, each rendered
once at the current zoom with the printer's own drawing code (`printing_surface.render_page`)
and kept in a small cache.

Why not Qt's QPrintPreviewWidget: it paints every page of the document before it shows the
first (383 pages for a 10 000-row report, seconds on the UI thread); here the first page is on
screen as soon as the layout is known, whatever the length of the report."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from digibord.export.paged import PagedReport
from digibord.ui.printing_surface import render_page

SPACING = 16  # pixels between pages and around them
CACHED_PAGES = 12
ZOOMS = ("page", "width", 0.75, 1.0, 1.5, 2.0)  # whole page, page width, or points -> pixels


class PageView(QAbstractScrollArea):
    """Pages one below the other. `zoom`: "page" (a whole page in view), "width" (the page as
    wide as the view) or a factor (1.0: the paper's own size on the screen)."""

    current_changed = Signal(int)  # 0-based page in the middle of the view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("print_pages")
        self.report: PagedReport | None = None
        self.zoom: str | float = "width"
        self._images: OrderedDict[int, QImage] = OrderedDict()
        self._tops = np.zeros(1)
        self._current = 0
        self.rendered: list[int] = []  # pages rendered, in order (tests, bench)
        pal = self.viewport().palette()  # a grey desk under white paper
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            pal.setColor(role, QColor("#8a8f96"))
        self.viewport().setPalette(pal)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.viewport().setAutoFillBackground(True)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._scrolled())
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())

    # --- what is shown --------------------------------------------------------------------

    def set_report(self, report: PagedReport | None, keep_page: bool = False) -> None:
        page = self._current if keep_page else 0
        self.report = report
        self._images.clear()
        self._relayout()
        if report is not None and len(report):
            self.go_to(min(page, len(report) - 1))
        self.viewport().update()

    def set_zoom(self, zoom: str | float) -> None:
        page = self._current
        self.zoom = zoom
        self._images.clear()
        self._relayout()
        self.go_to(page)

    def page_count(self) -> int:
        return len(self.report) if self.report is not None else 0

    def current_page(self) -> int:
        return self._current

    def go_to(self, index: int) -> None:
        if self.report is None or not len(self.report):
            return
        index = max(0, min(index, len(self.report) - 1))
        self.verticalScrollBar().setValue(int(self._tops[index]) - SPACING)
        self._set_current(index)

    # --- geometry -------------------------------------------------------------------------

    def scale(self) -> float:
        """Pixels per point."""
        if self.report is None or not len(self.report):
            return 1.0
        room = self.viewport().size()
        w, h = self.report.page_size(0)
        widest = max(max(self.report.page_size(i)[0] for i in self._sample()), w)
        if self.zoom == "width":
            return max(0.2, (room.width() - 2 * SPACING) / widest)
        if self.zoom == "page":
            return max(0.2, min((room.width() - 2 * SPACING) / w,
                                (room.height() - 2 * SPACING) / h))
        return float(self.zoom) * self.logicalDpiX() / 72.0

    def _sample(self) -> range:
        # page sizes change only between tables: the first pages of each are enough to size
        return range(min(len(self.report), 64)) if self.report is not None else range(0)

    def _sizes(self) -> np.ndarray:
        report = self.report
        sizes = np.array([report.page_size(i) for i in range(len(report))], dtype=np.float64)
        return sizes * self.scale()

    def _relayout(self) -> None:
        if self.report is None or not len(self.report):
            self._tops = np.zeros(1)
            self._pixel_sizes = np.zeros((0, 2))
            self.verticalScrollBar().setRange(0, 0)
            self.horizontalScrollBar().setRange(0, 0)
            return
        self._pixel_sizes = np.ceil(self._sizes())
        heights = self._pixel_sizes[:, 1] + SPACING
        self._tops = SPACING + np.r_[0.0, np.cumsum(heights)]
        total_h = int(self._tops[-1])
        total_w = int(self._pixel_sizes[:, 0].max()) + 2 * SPACING
        room = self.viewport().size()
        self.verticalScrollBar().setRange(0, max(0, total_h - room.height()))
        self.verticalScrollBar().setPageStep(room.height())
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setRange(0, max(0, total_w - room.width()))
        self.horizontalScrollBar().setPageStep(room.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if isinstance(self.zoom, str):
            self._images.clear()  # fitted zooms change with the size of the view
        page = self._current
        self._relayout()
        if self.report is not None and len(self.report):
            self.go_to(page)

    def _scrolled(self) -> None:
        if self.report is not None and len(self.report):
            middle = self.verticalScrollBar().value() + self.viewport().height() / 2
            index = int(np.searchsorted(self._tops, middle, side="right")) - 1
            self._set_current(max(0, min(index, len(self.report) - 1)))
        self.viewport().update()

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.current_changed.emit(index)

    def visible_pages(self) -> range:
        if self.report is None or not len(self.report):
            return range(0)
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(0, int(np.searchsorted(self._tops, top, side="right")) - 1)
        last = int(np.searchsorted(self._tops, bottom, side="right"))
        return range(first, min(last, len(self.report)))

    # --- drawing --------------------------------------------------------------------------

    def image(self, index: int) -> QImage:
        """Page `index` at the current zoom (rendered once, then from the cache)."""
        image = self._images.get(index)
        if image is None:
            ratio = self.devicePixelRatioF()
            image = render_page(self.report, index, self.scale() * 72.0 * ratio)
            image.setDevicePixelRatio(ratio)
            self._images[index] = image
            self.rendered.append(index)
            while len(self._images) > CACHED_PAGES:
                self._images.popitem(last=False)
        else:
            self._images.move_to_end(index)
        return image

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.report is None or not len(self.report):
            return
        painter = QPainter(self.viewport())
        dx = self.horizontalScrollBar().value()
        dy = self.verticalScrollBar().value()
        room_w = self.viewport().width()
        total_w = int(self._pixel_sizes[:, 0].max()) + 2 * SPACING
        for index in self.visible_pages():
            w, h = (int(v) for v in self._pixel_sizes[index])
            left = max(SPACING, (max(room_w, total_w) - w) // 2) - dx
            top = int(self._tops[index]) - dy
            painter.fillRect(QRect(left + 3, top + 3, w, h), QColor(0, 0, 0, 60))  # shadow
            painter.drawImage(QPoint(left, top), self.image(index))
        painter.end()

    def sizeHint(self) -> QSize:
        return QSize(760, 880)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Page Up / Page Down turn a page, Home / End go to the first / last."""
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        steps = {Qt.Key.Key_PageDown: self._current + 1, Qt.Key.Key_PageUp: self._current - 1,
                 Qt.Key.Key_Home: 0, Qt.Key.Key_End: self.page_count() - 1}
        if plain and event.key() in steps:
            self.go_to(steps[event.key()])
            return
        super().keyPressEvent(event)
