"""Looncomponenten en instellingen: a collectivity's own pay component codes and profile
settings (e.g. the Nmbrs debiteur- and bedrijfsnummer), over a payroll profile's, kept in the
archive per collectivity (digibord.app.remembered) and used by every conversion and check of
that collectivity, on the command line too. What cannot be honoured is refused, as in a
profile file; what equals the profile file is not kept."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digibord.app.remembered import (
    apply_override,
    profile_override,
    set_profile_override,
)
from digibord.app.salary import payroll_profile
from digibord.errors import CommandRefused
from digibord.formats.profiles import AMOUNTS, SCHEMAS, Profile
from digibord.i18n import tr
from digibord.ui.labels import message_label
from digibord.ui.salary_options import profile_box

# settings a person fills in for their payroll system first; the file's layout after them
FIRST = ("debtor", "employer", "creatiegebruiker", "employment_sequence", "procescode",
         "productiesoort", "sheet", "title_row")
LINE_ENDS = {"\r\n": "CR LF (Windows)", "\n": "LF"}


def scalar_settings(fmt: str) -> list[str]:
    """The settings of a format the form can edit (lists and tables stay in the file)."""
    schema = SCHEMAS[fmt]
    names = [k for k, (kind, _d) in schema.items()
             if kind in (str, bool, int) or (isinstance(kind, tuple)
                                             and not isinstance(schema[k][1], list))]
    return sorted(names, key=lambda k: (FIRST.index(k) if k in FIRST else len(FIRST), k))


def _editor(kind, value) -> QWidget:
    if kind is bool:
        box = QCheckBox()
        box.setChecked(bool(value))
        return box
    if kind is int:
        spin = QSpinBox()
        spin.setRange(0, 99)
        spin.setValue(int(value))
        return spin
    if isinstance(kind, tuple):
        combo = QComboBox()
        for choice in kind:
            combo.addItem(LINE_ENDS.get(choice, choice), choice)
        combo.setCurrentIndex(max(combo.findData(value), 0))
        return combo
    edit = QLineEdit(str(value))
    edit.setMinimumWidth(220)
    return edit


def _value(widget: QWidget):
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    return widget.text()


class ComponentsDialog(QDialog):
    """Per collectivity and profile: the three component codes and the profile's settings, as
    the collectivity uses them; Opslaan keeps what differs from the profile file."""

    saved = Signal(object)  # the Profile as the collectivity now uses it

    def __init__(self, window, collectivity: str, name: str, profile: str,
                 parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setObjectName("components_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.collectivity = collectivity
        self.base: Profile | None = None
        self.setWindowTitle(tr("remembered.dialog.title", number=collectivity, name=name))
        self.intro = QLabel(tr("remembered.dialog.intro"))
        self.intro.setWordWrap(True)
        self.profile = profile_box("components_profile", profile)
        self.profile.activated.connect(lambda _i: self.load())
        top = QFormLayout()
        top.addRow(tr("ui.salary.profile"), self.profile)
        self.codes_box = QGroupBox(tr("remembered.dialog.components"))
        self.codes_form = QFormLayout(self.codes_box)
        self.codes: dict[str, QLineEdit] = {}
        for amount in AMOUNTS:
            edit = QLineEdit()
            edit.setObjectName(f"component_{amount}")
            edit.setMaximumWidth(140)
            self.codes[amount] = edit
            self.codes_form.addRow(tr(f"remembered.component.{amount}"), edit)
        self.settings_box = QGroupBox(tr("remembered.dialog.settings"))
        self.settings_form = QFormLayout(self.settings_box)
        self.editors: dict[str, QWidget] = {}
        self.message = message_label("components_message")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            tr("remembered.dialog.save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("ui.close"))
        self.reset_button = QPushButton(tr("remembered.dialog.reset"))
        self.reset_button.setObjectName("components_reset")
        self.reset_button.setToolTip(tr("remembered.dialog.reset_tip"))
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.reset_button.clicked.connect(self.reset)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.codes_box)
        layout.addWidget(self.settings_box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, 620)
        self.load()

    def _say(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def load(self) -> None:
        """The chosen profile as the collectivity uses it (read off the UI thread)."""
        name = self.profile.currentData()
        collectivity = self.collectivity

        def work():
            base = payroll_profile(name)
            override = profile_override(collectivity, name)
            try:
                return base, apply_override(base, override, collectivity), None
            except CommandRefused as exc:  # kept before, not honoured now: show the file's
                return base, base, str(exc)

        def done(payload) -> None:
            base, used, problem = payload
            self.base = base
            self.show_profile(used)
            self._say(problem)

        def failed(exc, details) -> None:
            self.base = None
            if isinstance(exc, CommandRefused | OSError):
                self._say(str(exc))
            else:
                self.window_.show_failure(exc, details)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

        self.window_.run_task(work, done, tr("remembered.dialog.loading"), failed=failed,
                              tag="components")

    def show_profile(self, used: Profile) -> None:
        for amount, edit in self.codes.items():
            edit.setText(used.components.get(amount, ""))
        while self.settings_form.rowCount():
            self.settings_form.removeRow(0)
        self.editors = {}
        schema = SCHEMAS[used.format]
        for key in scalar_settings(used.format):
            editor = _editor(schema[key][0], used.settings[key])
            editor.setObjectName(f"setting_{key}")
            self.editors[key] = editor
            label = tr(f"remembered.setting.{key}")
            self.settings_form.addRow(label if label != f"remembered.setting.{key}" else key,
                                      editor)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)

    def values(self) -> tuple[dict[str, str], dict[str, object]]:
        return ({a: e.text() for a, e in self.codes.items()},
                {k: _value(w) for k, w in self.editors.items()})

    def save(self) -> None:
        """Checked as a profile file is; refused: the reason here, nothing kept."""
        name = self.profile.currentData()
        components, settings = self.values()
        collectivity = self.collectivity

        def done(profile) -> None:
            self._say(None)
            self.window_.notify(tr("remembered.dialog.saved", profile=name,
                                   number=collectivity))
            self.saved.emit(profile)
            self.accept()

        def failed(exc, details) -> None:
            if isinstance(exc, CommandRefused | OSError):
                self._say(str(exc))
            else:
                self.window_.show_failure(exc, details)

        self.window_.run_task(
            lambda: set_profile_override(collectivity, name, components, settings), done,
            tr("remembered.dialog.saving"), failed=failed, tag="components_save")

    def reset(self) -> None:
        """The profile file's own values back in the form (kept only on Opslaan)."""
        if self.base is not None:
            self.show_profile(self.base)
            self._say(tr("remembered.dialog.reset_done"))

    def done(self, result: int) -> None:
        self.window_.worker.drop("components", "components_save")
        super().done(result)


def open_components(window, collectivity: str, name: str, profile: str) -> ComponentsDialog:
    dialog = ComponentsDialog(window, collectivity, name, profile)
    window.components_dialog = dialog
    dialog.show()
    return dialog
