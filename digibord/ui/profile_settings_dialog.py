"""The employer's own settings of a payroll profile (Nmbrs debiteur- and bedrijfsnummer, the
DPIA100 creatiegebruiker, the AFAS werkgever), asked once and remembered per collectivity
through the use case (digibord.app.profile_settings), the same values `digibord salary --set`
keeps. Omzetten salarisborderel opens it when a required setting is empty; the month-end panel
can open it too: `ProfileSettingsDialog(profile, collectivity, parent).exec()`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from digibord.app.profile_settings import remember_form, required_settings
from digibord.errors import CommandRefused
from digibord.formats.profiles import Profile
from digibord.i18n import tr

if TYPE_CHECKING:
    from digibord.app.collectivity_settings import SettingsStore


class ProfileSettingsDialog(QDialog):
    """One field per required setting of the profile (and of the profile its corrections are
    written with), filled with what is known; OK keeps them for the collectivity."""

    def __init__(self, profile: Profile, collectivity: str, parent: QWidget | None = None,
                 store: SettingsStore | None = None):
        super().__init__(parent)
        self.setObjectName("profile_settings_dialog")
        self.profile = profile
        self.collectivity = collectivity
        self.store = store
        self.settings = required_settings(profile, collectivity, store)
        self.setWindowTitle(tr("profiles.ui.title", profile=profile.title or profile.name))
        self.intro = QLabel(tr("profiles.ui.intro", profile=profile.title or profile.name,
                               collectivity=collectivity))
        self.intro.setWordWrap(True)
        form = QFormLayout()
        self.fields: dict[tuple[str, str], QLineEdit] = {}
        for s in self.settings:
            edit = QLineEdit(s.value)
            edit.setObjectName(f"profile_setting_{s.profile}_{s.key}")
            edit.setPlaceholderText(tr("profiles.ui.placeholder"))
            edit.setToolTip(tr("profiles.ui.tooltip", profile=s.profile, key=s.key))
            edit.textChanged.connect(lambda _t: self._update())
            words = s.words if s.profile == profile.name else tr(
                "profiles.ui.other_profile", words=s.words, profile=s.profile)
            form.addRow(f"{words}:", edit)
            self.fields[(s.profile, s.key)] = edit
        self.error = QLabel()
        self.error.setObjectName("profile_settings_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._update()

    def values(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for (profile, key), edit in self.fields.items():
            out.setdefault(profile, {})[key] = edit.text().strip()
        return out

    def _update(self) -> None:
        """OK only when every field is filled: an empty one is what the conversion refuses."""
        complete = all(edit.text().strip() for edit in self.fields.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(complete)

    def accept(self) -> None:
        try:
            remember_form(self.collectivity, self.values(), self.store)
        except CommandRefused as exc:  # too long, not allowed: said here, the dialog stays
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
