"""The choices of reports.md section 4 (salarisperiode, bijdrage op, bijdrage voor, bedrag of
percentage, werknemers zonder nummer weglaten) as one form, shared by Omzetten salarisborderel
and Salaris controleren. The words and the parsing are the use case's (digibord.app.salary),
the same the command line takes.

With `periods=True` the form also offers the pay period (the periods the borderel is in force
for, `set_periods`) and the werknemersnummers paid at minimum wage."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from digibord.app.salary import CONTRIBUTION_KINDS as KINDS
from digibord.app.salary import FOR, ON, PERIODS, OptionError, profile_choices, salary_options
from digibord.i18n import tr
from digibord.reconcile.pay_period import PayPeriod, PayPeriodRef, periods_of_month
from digibord.reconcile.salary import SalaryOptions, period_words

VALUE_WIDTH_SAMPLE = "10.000,00"
VALUE_PADDING = 16  # the line edit's frame and margins


def profile_items() -> list[tuple[str, str]]:
    """(name, text shown) of every payroll profile, built-in and the user's own."""
    out = []
    for name, title, own in profile_choices():
        text = title if title is not None else tr("ui.salary.profile_broken")
        out.append((name, f"{name} — {text}{tr('ui.salary.profile_own') if own else ''}"))
    return out


def profile_box(name: str, chosen: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    # the longest title (`exact-online — Exact Online Payroll (...)`) must not widen the dialog
    # past a small screen: the box keeps room for about 40 characters, the list shows them whole
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(40)
    for value, text in profile_items():
        box.addItem(text, value)
    box.setCurrentIndex(max(box.findData(chosen), 0))
    return box


def _combo(name: str, values) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for v in values:
        box.addItem(v, v)
    return box


class SalaryOptionsForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, skip_missing: bool = True,
                 periods: bool = False):
        super().__init__(parent)
        self.period = _combo("salary_period", PERIODS)
        self.pay_period = QComboBox()
        self.pay_period.setObjectName("salary_pay_period")
        self.minimum_wage = QLineEdit()
        self.minimum_wage.setObjectName("salary_minimum_wage")
        self.on = _combo("salary_on", ON)
        self.for_ = _combo("salary_for", FOR)
        self.kind = _combo("salary_kind", KINDS)
        self.value = QLineEdit()
        self.value.setObjectName("salary_value")
        # room for `10.000,00` whatever the layout around it; never squeezed to one character
        digits = self.value.fontMetrics().horizontalAdvance(VALUE_WIDTH_SAMPLE)
        self.value.setMinimumWidth(digits + VALUE_PADDING)
        self.value.setMaximumWidth(2 * digits + VALUE_PADDING)
        self.unit = QLabel()
        # the error has a line of its own, kept free when there is none: an error coming and
        # going while an amount is typed neither widens the dialog nor moves the rows below
        self.error = QLabel()
        self.error.setObjectName("salary_value_error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.setMinimumHeight(self.error.fontMetrics().height())
        self._typed = False  # no error before the user typed an amount
        self.skip = QCheckBox()
        self.skip.setObjectName("salary_skip_missing")
        self.skip.setVisible(skip_missing)
        value_row = QHBoxLayout()
        value_row.setContentsMargins(0, 0, 0, 0)
        value_row.addWidget(self.kind)
        value_row.addWidget(self.value)
        value_row.addWidget(self.unit)
        value_row.addStretch(1)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.labels = [QLabel() for _ in range(4)]
        self.form.addRow(self.labels[0], self.period)
        self.pay_label, self.wage_label = QLabel(), QLabel()
        if periods:
            self.form.addRow(self.pay_label, self.pay_period)
        self.form.addRow(self.labels[1], self.on)
        self.form.addRow(self.labels[2], self.for_)
        self.form.addRow(self.labels[3], value_row)
        self.form.addRow("", self.error)
        self.form.addRow("", self.skip)
        if periods:
            self.form.addRow(self.wage_label, self.minimum_wage)
        else:
            self.pay_period.hide()
            self.minimum_wage.hide()
        for box in (self.period, self.on, self.for_, self.kind, self.pay_period):
            box.currentIndexChanged.connect(lambda _i: self._changed())
        self.value.textEdited.connect(self._edited)
        self.value.textChanged.connect(lambda _t: self._changed())
        self.minimum_wage.textChanged.connect(lambda _t: self._changed())
        self.skip.toggled.connect(lambda _on: self.changed.emit())
        self.retranslate()
        self._changed(emit=False)

    def retranslate(self) -> None:
        for text, label in zip(("ui.salary.period", "ui.salary.on", "ui.salary.for",
                                "ui.salary.contribution"), self.labels, strict=True):
            label.setText(tr(text))
        for box, prefix in ((self.period, "ui.salary.period."), (self.on, "ui.salary.on."),
                            (self.for_, "ui.salary.for."), (self.kind, "ui.salary.kind.")):
            for i in range(box.count()):
                box.setItemText(i, tr(prefix + box.itemData(i)))
        self.skip.setText(tr("ui.salary.skip_missing"))
        self.pay_label.setText(tr("profiles.ui.pay_period"))
        self.wage_label.setText(tr("profiles.ui.minimum_wage"))
        self.minimum_wage.setPlaceholderText(tr("profiles.ui.minimum_wage_hint"))
        self.minimum_wage.setToolTip(tr("profiles.ui.minimum_wage_tip"))
        self.value.setPlaceholderText(tr("ui.salary.value_hint"))
        self._changed(emit=False)

    def _changed(self, emit: bool = True) -> None:
        kind = self.kind.currentData()
        self.value.setEnabled(kind != "none")
        self.unit.setText({"amount": tr("ui.salary.unit_amount"),
                           "percent": "%"}.get(kind, ""))
        try:
            self.options()
            self.error.setText("")
        except OptionError as exc:
            typed = self._typed or bool(self.value.text().strip())
            self.error.setText(str(exc) if typed else "")
        if emit:
            self.changed.emit()

    def offer_periods(self, month: int,
                      default: Callable[[PayPeriod], int | None] | None = None) -> None:
        """The pay periods that start in the borderel's `month` (YYYYMM) for the salarisperiode
        chosen. The one chosen stays when it is among them; else `default(kind)`, or the first
        when that gives None (as the command line does without --pay-period)."""
        kind = PayPeriod(self.period.currentData())
        numbers = periods_of_month(month, kind)
        chosen = self.pay_period.currentData()
        if chosen not in numbers or self.pay_period.count() != len(numbers):
            chosen = default(kind) if default is not None else None
            if chosen not in numbers:
                chosen = numbers[0]
        items = [(n, period_words(PayPeriodRef(kind, month // 100, n))) for n in numbers]
        self.set_periods(items, chosen)

    def set_periods(self, items: list[tuple[int, str]], chosen: int | None) -> None:
        """The pay periods offered (number, words), `chosen` selected; without emitting."""
        self.pay_period.blockSignals(True)
        self.pay_period.clear()
        for number, text in items:
            self.pay_period.addItem(text, number)
        self.pay_period.setCurrentIndex(max(self.pay_period.findData(chosen), 0))
        self.pay_period.setEnabled(len(items) > 1)
        self.pay_period.blockSignals(False)
        self._changed(emit=False)

    def _edited(self, _text: str) -> None:
        self._typed = True  # before textChanged: the error may show from this keystroke on

    def set_values(self, period: str = "maand", on: str = "basis", for_: str = "werknemer",
                   amount: str | None = None, percent: str | None = None,
                   skip: bool | None = None) -> None:
        """For tests and defaults: the same words the command line takes."""
        self.period.setCurrentIndex(PERIODS.index(period))
        self.on.setCurrentIndex(ON.index(on))
        self.for_.setCurrentIndex(FOR.index(for_))
        kind = "amount" if amount is not None else "percent" if percent is not None else "none"
        self.kind.setCurrentIndex(KINDS.index(kind))
        self.value.setText(amount if amount is not None else percent or "")
        if skip is not None:
            self.skip.setChecked(skip)

    def options(self, skip_missing: bool | None = None) -> SalaryOptions:
        """SalaryOptions as `digibord salary` builds them; OptionError with a message."""
        kind, text = self.kind.currentData(), self.value.text().strip()
        skip = self.skip.isChecked() if skip_missing is None else skip_missing
        return salary_options(self.period.currentData(), self.on.currentData(),
                              self.for_.currentData(),
                              amount=text if kind == "amount" else None,
                              percent=text if kind == "percent" else None,
                              skip_missing=skip, pay_period=self.pay_period.currentData(),
                              minimum_wage=self.minimum_wage.text())
