"""The Borderel menu's actions: Exporteren (Excel, PDF) and Printen from every view, Omzetten
salarisborderel and Salaris controleren."""

from __future__ import annotations

from PySide6.QtGui import QAction

from digibord.i18n import tr
from digibord.ui.archive_prompt import ALWAYS, NEVER, keep_policy, set_keep_policy
from digibord.ui.export_dialog import Exporter
from digibord.ui.payroll_dialog import PayrollCheckDialog
from digibord.ui.printing import open_print
from digibord.ui.salary_dialog import SalaryDialog


def current_result(window):
    view = window.current_view()
    return view.report_result() if view is not None else None


def export_current(window, fmt: str) -> Exporter | None:
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


def print_view(window, view_id: str) -> None:
    """Show that view and open the print preview of its report, as shown, as soon as it has
    one (a refusal stays a message in the view, nothing is printed)."""
    view = window.view(view_id)
    view.with_result(lambda _result: open_print(window, view.shown_report()))
    window.show_view(view_id)


def print_insured(window) -> None:
    """The Verzekerden list as its view shows it (search, filters, sort, columns)."""
    shown = window.view("insured").shown_report()
    if shown is not None:
        open_print(window, shown)


def open_salary(window) -> None:
    doc = window.documents.current
    if doc is None:
        return
    dialog = SalaryDialog(window, doc)
    window.salary_dialog = dialog
    dialog.show()


def open_payroll_check(window) -> None:
    doc = window.documents.current
    if doc is None:
        return
    dialog = PayrollCheckDialog(window, doc)
    window.payroll_dialog = dialog
    dialog.show()


def add_archive_setting(window) -> None:
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


def connect_actions(window) -> None:
    add_archive_setting(window)
    window.set_handler("borderel.export.excel", lambda: export_current(window, "xlsx"))
    window.set_handler("borderel.export.pdf", lambda: export_current(window, "pdf"))
    window.set_handler("borderel.print.insured", lambda: print_insured(window))
    window.set_handler("borderel.print.corrections", lambda: print_view(window, "corrections"))
    window.set_handler("borderel.print.prolongation_diff",
                       lambda: print_view(window, "prolongation_diff"))
    window.set_handler("borderel.salary", lambda: open_salary(window))
    window.set_handler("borderel.payroll_check", lambda: open_payroll_check(window))
