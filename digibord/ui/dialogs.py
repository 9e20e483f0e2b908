"""Dialogs that explain: a refused file (every error, copyable), something unexpected (details
to copy for a bug report), and About (version and licences)."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digibord import __version__
from digibord.formats.issues import Issue, shown_text
from digibord.i18n import tr
from digibord.ui.screen_fit import FittedDialog


def _copy_button(box: QDialogButtonBox, text_fn) -> QPushButton:
    button = box.addButton(tr("ui.copy"), QDialogButtonBox.ButtonRole.ActionRole)
    button.setObjectName("copy")
    button.clicked.connect(lambda: QGuiApplication.clipboard().setText(text_fn()))
    return button


class RefusedDialog(FittedDialog):
    """The file was not opened; one row per error: regel, veld, posities, gevonden, melding."""

    HEADERS = ("ui.refused.line", "ui.refused.field", "ui.refused.position",
               "ui.refused.found", "ui.refused.message")

    def __init__(self, source: str, errors: list[Issue], total: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("refused_dialog")
        self.source, self.errors = source, list(errors)
        total = max(total or 0, len(self.errors))
        self.setWindowTitle(tr("ui.refused.title"))
        intro = QLabel(tr("ui.refused.intro", file=source, count=total))
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(len(self.errors), len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([tr(k) for k in self.HEADERS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        for r, row in enumerate(self.rows()):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # long messages are cut off in the cell
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            len(self.HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        if total > len(self.errors):
            layout.addWidget(QLabel(tr("ui.refused.more", count=total - len(self.errors))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        _copy_button(buttons, self.text)
        layout.addWidget(buttons)
        self.resize(1040, 440)

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        return [("" if e.line is None else str(e.line), e.field or "", e.position or "",
                 "" if e.text is None else shown_text(e.text), e.message()) for e in self.errors]

    def text(self) -> str:
        """Tab-separated, with a header line: pastes into a mail or a spreadsheet."""
        head = "\t".join(tr(k) for k in self.HEADERS)
        lines = [self.source, head] + ["\t".join(r) for r in self.rows()]
        return "\n".join(lines) + "\n"


class ErrorDialog(FittedDialog):
    """Something went wrong that should not have: say so plainly, details to copy."""

    def __init__(self, message: str, details: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("error_dialog")
        self.setWindowTitle(tr("ui.error.title"))
        label = QLabel(tr("ui.error.intro") + "\n\n" + message)
        label.setWordWrap(True)
        self.details = QPlainTextEdit(self.report(message, details))
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        _copy_button(buttons, self.details.toPlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(760, 460)

    @staticmethod
    def report(message: str, details: str) -> str:
        return (f"Digibord {__version__}, Python {platform.python_version()}, "
                f"Qt {qVersion()}, PySide6 {pyside_version}, {platform.platform()}\n\n"
                f"{message}\n\n{details}")


LICENCES = (
    ("Qt 6 / PySide6", "LGPL-3.0", "https://www.qt.io/licensing/"),
    ("pandas", "BSD-3-Clause", "https://pandas.pydata.org/"),
    ("numpy", "BSD-3-Clause", "https://numpy.org/"),
    ("openpyxl", "MIT", "https://openpyxl.readthedocs.io/"),
    ("reportlab", "BSD", "https://www.reportlab.com/"),
    ("keyring", "MIT", "https://github.com/jaraco/keyring"),
    ("DejaVu fonts", "Bitstream Vera / public domain", "https://dejavu-fonts.github.io/"),
)


def about_html() -> str:
    rows = "".join(f"<tr><td>{html.escape(name)}</td><td>&nbsp;{html.escape(lic)}</td>"
                   f"<td>&nbsp;<a href='{url}'>{html.escape(url)}</a></td></tr>"
                   for name, lic, url in LICENCES)
    return (f"<h3>Digibord {html.escape(__version__)}</h3>"
            f"<p>{html.escape(tr('ui.about.text'))}</p>"
            f"<p>Qt {qVersion()}, PySide6 {pyside_version}, Python {platform.python_version()}</p>"
            f"<p><b>{html.escape(tr('ui.about.licences'))}</b></p><table>{rows}</table>"
            f"<p>{html.escape(tr('ui.about.lgpl'))}</p>")


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, tr("ui.about.title"), about_html())
