"""Help – Handleiding (F1): the administrator's guide, `docs/handleiding.md` with its screenshots,
shown offline in a window of the program itself.

Decided: Qt renders the Markdown at runtime (`QTextBrowser` reads `.md` sources through
`QTextDocument.setMarkdown`), so the bundle carries the guide as it is in the repository (the
Markdown and the screenshots it names, one datas line of `build_installer.spec`) and nothing is
generated at build time; no browser or PDF viewer is needed. Screenshots wider than the window
are scaled down to fit; links to web pages open in the default browser, links between the
guide's own headings stay in the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from digibord.i18n import language, tr
from digibord.ui.screen_fit import FittedDialog

GUIDES = {"nl": "handleiding.md", "en": "handleiding.en.md"}  # Dutch is the one that must exist
IMAGE_SLACK = 8  # pixels left beside a scaled screenshot besides margins and scroll bar


def docs_dir() -> Path:
    """`docs/`: in the bundle `_internal/docs`, in a checkout beside the package."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "docs"
    return Path(__file__).resolve().parent.parent.parent / "docs"


def guide_path(lang: str | None = None, folder: Path | None = None) -> Path | None:
    """The guide in `lang` (default: the current language), else the Dutch one; None when the
    installation has none (a wheel carries no docs)."""
    folder = folder or docs_dir()
    for name in (GUIDES.get(lang or language(), GUIDES["nl"]), GUIDES["nl"]):
        if (folder / name).is_file():
            return folder / name
    return None


class GuideBrowser(QTextBrowser):
    """The guide's text; images are loaded at most as wide as the text column, and loaded
    again when the window is made much narrower or wider, so there is never a sideways
    scroll bar."""

    _loaded_at_width = 0

    def image_width_limit(self) -> int:
        margins = 2 * int(self.document().documentMargin())
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        return max(200, self.viewport().width() - margins - scroll_bar - IMAGE_SLACK)

    def loadResource(self, kind: int, url: QUrl) -> object:  # Qt calls it by this name
        if kind == int(QTextDocument.ResourceType.ImageResource.value) and url.isLocalFile():
            image = QImage(url.toLocalFile())
            if image.isNull():
                return None
            limit = self.image_width_limit()
            self._loaded_at_width = self.viewport().width()
            if image.width() > limit:
                image = image.scaledToWidth(limit, Qt.TransformationMode.SmoothTransformation)
            return image
        return super().loadResource(kind, url)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.source().isValid() and abs(self.viewport().width() - self._loaded_at_width) > 40:
            bar = self.verticalScrollBar()
            where = bar.value() / max(1, bar.maximum())
            self.reload()  # the images again, at the new width
            bar.setValue(round(where * bar.maximum()))


class GuideWindow(FittedDialog):
    """A window of its own (not modal): the guide stays open beside the main window."""

    def __init__(self, parent: QWidget | None, path: Path):
        super().__init__(parent)
        self.setObjectName("guide_window")
        self.setWindowTitle(tr("guide.title"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.path = path
        self.browser = GuideBrowser(self)
        self.browser.setObjectName("guide_text")
        self.browser.setOpenLinks(False)  # web links to the browser, the guide's own in here
        self.browser.anchorClicked.connect(self._follow)
        self.browser.document().setDocumentMargin(16)
        self.resize(1000, 820)  # before the source: its images are scaled to this width
        self.browser.setSource(QUrl.fromLocalFile(str(path)),
                               QTextDocument.ResourceType.MarkdownResource)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment() and (not url.path() or url.path() == self.browser.source().path()):
            self.browser.scrollToAnchor(url.fragment())
        else:
            self.browser.setSource(url)


def show_guide(window: QWidget) -> GuideWindow | None:
    """F1: the guide in the current language (Dutch when there is no translation); one window,
    raised again when it is already open."""
    existing = getattr(window, "guide_window", None)
    path = guide_path()
    if path is None:
        QMessageBox.information(window, tr("guide.title"),
                                tr("guide.missing", folder=str(docs_dir())))
        return None
    if existing is None or existing.path != path:
        if existing is not None:
            existing.close()
        existing = GuideWindow(window, path)
        window.guide_window = existing
    existing.show()
    existing.raise_()
    existing.activateWindow()
    return existing
