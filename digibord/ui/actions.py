"""The Borderel menu's actions: Exporteren (Excel, PDF) and Printen from every view, Omzetten
salarisborderel and Salaris controleren (both opened with the options remembered for the
collectivity)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from digibord.app.remembered import ConversionSettings, remembered_or_none
from digibord.i18n import tr
from digibord.ui import month_end_ticks
from digibord.ui.archive_prompt import ALWAYS, NEVER, keep_policy, set_keep_policy
from digibord.ui.export_dialog import Exporter
from digibord.ui.payroll_dialog import PayrollCheckDialog
from digibord.ui.printing import open_print
from digibord.ui.salary_dialog import SalaryDialog

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult
    from digibord.ui.main_window import MainWindow


def current_result(window: MainWindow) -> ReportResult | None:
    view = window.current_view()
    return view.report_result() if view is not None else None


def export_current(window: MainWindow, fmt: str) -> Exporter | None:
    """Exporteren of the current view's report, as the view shows it (rows, order, columns;
    the chooser offers "alles" too)."""
    view = window.current_view()
    shown = view.shown_report() if view is not None else None
    if shown is None:
        window.show_message(tr("ui.export.nothing"))
        return None
    exporter = Exporter(window, shown.result, fmt, shown)
    window.exporter = exporter  # kept alive while its dialogs are open
    exporter.start()
    return exporter


def print_view(window: MainWindow, view_id: str) -> None:
    """Show that view and open the print preview of its report, as shown, as soon as it has
    one (a refusal stays a message in the view, nothing is printed). Correctiepremies or
    Prolongatieverschillen printed, or made into a PDF from the preview, ticks its part of the
    month-end step `printen`; a preview closed without either does not."""
    view = window.view(view_id)

    def print_it(result: ReportResult) -> None:
        dialog = open_print(window, view.shown_report())
        dialog.printed.connect(lambda _pages: month_end_ticks.printed(window, result))
        dialog.written.connect(lambda path: month_end_ticks.printed(window, result, path))

    view.with_result(print_it)
    window.show_view(view_id)


def print_insured(window: MainWindow) -> None:
    """The Verzekerden list as its view shows it (search, filters, sort, columns)."""
    shown = window.view("insured").shown_report()
    if shown is not None:
        open_print(window, shown)


def apply_remembered(dialog: SalaryDialog | PayrollCheckDialog,
                     settings: ConversionSettings | None) -> None:
    """The options remembered for the collectivity in a dialog's form and profile choice."""
    if settings is None:
        return
    dialog.options.set_values(**settings.form_values())
    index = dialog.profile.findData(settings.profile)
    if index >= 0:
        dialog.profile.setCurrentIndex(index)


def _form_state(dialog) -> tuple:
    o = dialog.options
    return (o.period.currentIndex(), o.on.currentIndex(), o.for_.currentIndex(),
            o.kind.currentIndex(), o.value.text(), dialog.profile.currentIndex())


def fill_remembered(window: MainWindow, dialog: SalaryDialog | PayrollCheckDialog) -> None:
    """Read what is remembered for the dialog's collectivity off the UI thread (the archive's
    key may have to be fetched) and put it in the form, unless the user changed something
    meanwhile (what was typed is never overwritten) or closed the dialog."""
    collectivity = dialog.doc.borderel.header.collectivity_number
    before = _form_state(dialog)
    closed: list[bool] = []
    dialog.finished.connect(lambda _code: closed.append(True))

    def arrived(found) -> None:
        settings, problem = found
        if problem:
            window.notify(problem, 15000)
        if closed or settings is None or _form_state(dialog) != before:
            return
        apply_remembered(dialog, settings)
        dialog.compute()  # at once, not after the form's typing pause
        dialog.remembered_applied = settings

    window.run_task(lambda: remembered_or_none(collectivity), arrived,
                    tr("monthend.ui.remembered"))


def open_salary(window: MainWindow) -> SalaryDialog | None:
    """Omzetten salarisborderel, with the options remembered for the collectivity."""
    doc = window.documents.current
    if doc is None:
        return None
    dialog = SalaryDialog(window, doc)
    window.salary_dialog = dialog
    dialog.show()
    fill_remembered(window, dialog)
    return dialog


def open_payroll_check(window: MainWindow) -> PayrollCheckDialog | None:
    """Salaris controleren, with the options remembered for the collectivity; closing it with
    a result ticks the month-end step `controleren`."""
    doc = window.documents.current
    if doc is None:
        return None
    dialog = PayrollCheckDialog(window, doc)
    window.payroll_dialog = dialog
    month_end_ticks.watch_check(window, dialog)
    dialog.show()
    fill_remembered(window, dialog)
    return dialog


def add_archive_setting(window: MainWindow) -> None:
    """Instellingen – "Geopende borderellen bewaren in het archief": the answer to the archive
    question, to change later (checked = altijd, unchecked = nooit)."""
    act = QAction(window, checkable=True)
    act.setObjectName("settings.keep_in_archive")
    menu = window._menus["ui.menu.settings"]
    menu.addSeparator()
    menu.addAction(act)
    menu.aboutToShow.connect(lambda: act.setChecked(keep_policy() == ALWAYS))
    act.triggered.connect(lambda on: set_keep_policy(ALWAYS if on else NEVER))
    act.setText(tr("ui.action.keep_in_archive"))
    window.language_changed.connect(lambda _l: act.setText(tr("ui.action.keep_in_archive")))
    window._actions["settings.keep_in_archive"] = act


def connect_actions(window: MainWindow) -> None:
    add_archive_setting(window)
    month_end_ticks.connect(window)
    window.set_handler("borderel.export.excel", lambda: export_current(window, "xlsx"))
    window.set_handler("borderel.export.pdf", lambda: export_current(window, "pdf"))
    window.set_handler("borderel.print.insured", lambda: print_insured(window))
    window.set_handler("borderel.print.corrections", lambda: print_view(window, "corrections"))
    window.set_handler("borderel.print.prolongation_diff",
                       lambda: print_view(window, "prolongation_diff"))
    window.set_handler("borderel.salary", lambda: open_salary(window))
    window.set_handler("borderel.payroll_check", lambda: open_payroll_check(window))
