"""Looncomponenten en instellingen: a collectivity's own pay component codes and profile
settings, over a payroll profile's, kept per collectivity (digibord.app.remembered, through
the settings store profile_settings uses; the required settings such as the Nmbrs debiteur-
and bedrijfsnummer are asked by their own form, profile_settings_dialog, opened from here), and
used by every conversion and check of that collectivity, on the command line too. What cannot
be honoured is refused, as in a profile file; what equals the profile file is not kept."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digibord.app.remembered import profile_for, set_profile_override, text_settings
from digibord.app.salary import payroll_profile
from digibord.errors import CommandRefused
from digibord.formats.profiles import AMOUNTS, Profile, setting_words
from digibord.i18n import tr
from digibord.ui.labels import message_label
from digibord.ui.profile_settings_dialog import ProfileSettingsDialog
from digibord.ui.salary_options import profile_box

if TYPE_CHECKING:
    from digibord.ui.main_window import MainWindow

# settings a person fills in for their payroll system first; the file's layout after them
FIRST = ("debtor", "employer", "creatiegebruiker", "employment_sequence", "procescode",
         "productiesoort", "sheet", "title_row")


def own_settings(profile: Profile) -> list[str]:
    """The text settings the form edits: those not asked for by the required-settings form
    (profile_settings_dialog), people's own fields first."""
    names = [k for k in text_settings(profile.format) if k not in profile.required]
    return sorted(names, key=lambda k: (FIRST.index(k) if k in FIRST else len(FIRST), k))


class ComponentsDialog(QDialog):
    """Per collectivity and profile: the three component codes and the profile's settings, as
    the collectivity uses them; Opslaan keeps what differs from the profile file."""

    saved = Signal(object)  # the Profile as the collectivity now uses it

    def __init__(self, window: MainWindow, collectivity: str, name: str, profile: str,
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
        self.editors: dict[str, QLineEdit] = {}
        self.required_button = QPushButton()  # the required ones have their own form
        self.required_button.setObjectName("components_required")
        self.required_button.setAutoDefault(False)
        self.required_button.clicked.connect(self.edit_required)
        self.settings_form.addRow(self.required_button)
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
        self.resize(560, 470)
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
            try:
                return base, profile_for(collectivity, name), None
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
        self.used = used
        for amount, edit in self.codes.items():
            edit.setText(used.components.get(amount, ""))
        while self.settings_form.rowCount() > 1:  # the button to the required ones stays
            self.settings_form.removeRow(1)
        self.editors = {}
        for key in own_settings(used):
            editor = QLineEdit(str(used.settings[key]))
            editor.setMinimumWidth(220)
            editor.setObjectName(f"setting_{key}")
            self.editors[key] = editor
            label = tr(f"remembered.setting.{key}")
            self.settings_form.addRow(label if label != f"remembered.setting.{key}" else key,
                                      editor)
        self.required_button.setText(tr("remembered.dialog.required", names=", ".join(
            setting_words(k) for k in used.required)))
        self.required_button.setVisible(bool(used.required))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)

    def edit_required(self) -> None:
        """The required settings (Nmbrs debiteur, DPIA100 creatiegebruiker, ...) in the form
        the salary dialog asks them with; kept at once by that form."""
        if getattr(self, "used", None) is not None:
            dialog = ProfileSettingsDialog(self.used, self.collectivity, self)
            dialog.accepted.connect(self.load)
            dialog.open()

    def values(self) -> tuple[dict[str, str], dict[str, str]]:
        return ({a: e.text() for a, e in self.codes.items()},
                {k: e.text() for k, e in self.editors.items()})

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
            self.show_profile(replace(self.base, required=self.used.required)
                              if getattr(self, "used", None) is not None else self.base)
            self._say(tr("remembered.dialog.reset_done"))

    def done(self, result: int) -> None:
        self.window_.worker.drop("components", "components_save")
        super().done(result)


def open_components(window: MainWindow, collectivity: str, name: str,
                    profile: str) -> ComponentsDialog:
    dialog = ComponentsDialog(window, collectivity, name, profile)
    window.components_dialog = dialog
    dialog.show()
    return dialog
