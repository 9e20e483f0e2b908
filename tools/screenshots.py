"""Screenshots of every view of the window into docs/screenshots/*.png.

Runs the real window on an X server: under Xvfb when there is no display (it re-starts itself
with `xvfb-run`). Uses a private settings folder, so the user's recent files stay untouched.

    python tools/screenshots.py [--out docs/screenshots] [--samples tests/data/samples]
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

from screenshot_session import REPO, start  # beside this script


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--samples", default=str(REPO / "tests" / "data" / "samples"))
    parser.add_argument("--lang", default="nl")
    args = parser.parse_args()
    session = start(args.out, args.lang, "digibord-shots-")
    app, shot, wait_until = session.app, session.shot, session.wait_until

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from digibord.ui.dialogs import RefusedDialog, about_html
    from digibord.ui.help import show_guide
    from digibord.ui.main_window import MainWindow
    from digibord.ui.person_dialog import PersonDialog
    from digibord.ui.table_view import FilterDialog

    samples = Path(args.samples)

    def idle() -> None:
        wait_until(lambda: not win.loader.busy and not win.worker.busy)

    win = MainWindow()
    win.resize(1440, 760)
    win.show()
    shot(win, "empty")

    def open_wait(paths) -> None:
        before = len(win.documents)
        win.open_files(paths)
        deadline = time.monotonic() + 30
        while (len(win.documents) < before + len(paths) or win.loader.busy) \
                and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)

    open_wait([samples / f"2026-0{m}_01.dat" for m in (1, 2)])
    wait_until(lambda: getattr(win, "archive_question", None) is not None, 5)
    question = getattr(win, "archive_question", None)
    if question is not None:  # files opened together that are not in the archive yet
        shot(question, "archief_vraag")
        question.property("buttons")["always"].click()
        idle()
    open_wait([samples / "2026-03_01.dat"])
    idle()
    view = win.view("insured")
    shot(win, "verzekerden")

    view.table.sortByColumn(view.model.table.index("totaal_cent"), Qt.SortOrder.DescendingOrder)
    view.search.setText("dekker")
    view.apply_search()
    shot(win, "verzekerden_gezocht")
    view.clear_filters()

    col = view.model.table.column("totaal_cent")
    dialog = FilterDialog(col, None, win)
    dialog.low.setText("150,00")
    dialog.show()
    shot(dialog, "filter_bedrag")
    dialog.close()

    menu = view.table.header_menu(view.model.table.index("naam"))
    menu.popup(win.mapToGlobal(win.rect().center()))
    shot(menu, "kolommenu")
    menu.close()

    doc = win.documents.all()[1]  # February: a family that leaves, corrections
    person = PersonDialog(doc, 75688894, win)
    person.show()
    shot(person, "verzekerde_polis")
    person._family_clicked(0)
    person.close()
    person = PersonDialog(doc, 18874421, win)
    person.show()
    shot(person, "verzekerde_correcties")
    person.close()

    for name in ("ui.menu.file", "ui.menu.borderel", "ui.menu.help"):
        m = win._menus[name]
        m.popup(win.mapToGlobal(win.rect().topLeft()))
        shot(m, "menu_" + name.rsplit(".", 1)[1])
        m.close()
    sub = win._menus["ui.menu.print"]
    sub.popup(win.mapToGlobal(win.rect().topLeft()))
    shot(sub, "menu_printen")
    sub.close()

    # A refused file: one nettopremie changed.
    data = bytearray((samples / "2026-02_01.dat").read_bytes())
    lines = data.split(b"\r\n")
    for i, line in enumerate(lines):
        if line.startswith(b"20"):
            lines[i] = line[:67] + b"9" + line[68:]
            break
    lines.insert(2, b"05XXX")
    bad = Path(os.environ["DIGIBORD_HOME"]) / "2026-02_kapot.dat"
    bad.write_bytes(b"\r\n".join(lines))
    from digibord.formats.reader import parse_borderel

    result = parse_borderel(bad.read_bytes(), str(bad))
    refused = RefusedDialog(str(bad), result.errors, result.error_total, win)
    refused.show()
    shot(refused, "geweigerd")
    refused.close()

    # Warnings: a blank line inside a file.
    warn = Path(os.environ["DIGIBORD_HOME"]) / "2026-03_met_lege_regel.dat"
    raw = (samples / "2026-03_01.dat").read_bytes().split(b"\r\n")
    raw.insert(5, b"")
    warn.write_bytes(b"\r\n".join(raw))
    open_wait([warn])
    shot(win, "waarschuwing")

    report_shots(win, samples, shot, wait_until, idle)

    from digibord.i18n import tr

    guide = show_guide(win)  # Help – Handleiding (F1), scrolled to the monthly run
    if guide is not None:
        guide.resize(1000, 760)
        guide.browser.find("3. De maandelijkse ronde")  # scrolls the chapter into view
        cursor = guide.browser.textCursor()
        cursor.clearSelection()
        guide.browser.setTextCursor(cursor)
        shot(guide, "handleiding")
        guide.close()

    about = QMessageBox(QMessageBox.Icon.Information, tr("ui.about.title"), "", parent=win)
    about.setText(about_html())
    about.show()
    shot(about, "over")
    about.close()
    win.close()
    QApplication.processEvents()
    return 0


def report_shots(win, samples: Path, shot, wait_until, idle) -> None:
    """The report views and dialogs: Correctiepremies, Prolongatieverschillen (with a refused
    pair), Omzetten salarisborderel, Salaris controleren, Archief, the export column chooser."""
    docs = [d for d in win.documents.all() if d.path.name.endswith("_01.dat")]
    feb, mar = docs[1], docs[2]
    win.documents.set_current(feb)
    win.show_view("corrections")
    corrections = win.view("corrections")
    wait_until(lambda: corrections.result is not None)
    idle()
    shot(win, "correctiepremies")

    diff = win.view("prolongation_diff")
    win.show_view("prolongation_diff")
    wait_until(lambda: diff.result is not None)
    idle()
    shot(win, "prolongatieverschillen")
    diff.unchanged.setChecked(True)
    shot(win, "prolongatieverschillen_ongewijzigd")
    diff.unchanged.setChecked(False)
    tot = diff.tot.currentIndex()
    diff.van.setCurrentIndex(tot)
    diff.tot.setCurrentIndex(tot - 1)
    diff.compute()
    wait_until(lambda: diff.message.isVisible())
    idle()
    shot(win, "prolongatieverschillen_geweigerd")
    diff.refresh_choices()
    idle()

    win.exporter = None
    win.export_chooser = None
    win.action("borderel.export.excel").trigger()
    wait_until(lambda: win.export_chooser is not None)
    chooser = win.export_chooser
    chooser.set_checked({"employee_number", "employee_name", "name", "product_code",
                         "status", "net_from_cent", "net_to_cent", "difference_cent"})
    shot(chooser, "exporteren_kolommen")
    chooser.reject()

    win.documents.set_current(mar)
    win.show_view("insured")
    win.action("borderel.salary").trigger()
    salary = win.salary_dialog
    salary.options.set_values(on="basis", for_="werknemer", amount="25,00")
    salary.compute()
    wait_until(lambda: salary.result is not None and salary.result.options.amount_cent == 2500)
    idle()
    shot(salary, "salarisborderel")
    salary.close()

    # a month with one employee's werknemersnummer left blank
    from digibord.formats.layout import load_layout

    field = load_layout().field("10", "employee_number")
    holder_field = load_layout().field("10", "policyholder")
    lines = (samples / "2026-03_01.dat").read_bytes().split(b"\r\n")
    first = next(line for line in lines if line[:2] == b"10"
                 and line[field.start - 1:field.stop].strip())
    holder = first[holder_field.start - 1:holder_field.stop]
    lines = [line[:field.start - 1] + b" " * field.length + line[field.stop:]
             if line[:2] == b"10" and line[holder_field.start - 1:holder_field.stop] == holder
             else line for line in lines]
    blank = Path(os.environ["DIGIBORD_HOME"]) / "2026-03_zonder_nummer.dat"
    blank.write_bytes(b"\r\n".join(lines))
    before = len(win.documents)
    win.open_files([blank])
    wait_until(lambda: len(win.documents) > before)
    idle()
    win.action("borderel.salary").trigger()
    salary = win.salary_dialog
    wait_until(lambda: salary.result is not None)
    idle()
    shot(salary, "salarisborderel_zonder_nummer")
    salary.close()
    win.documents.set_current(mar)

    payroll_shots(win, samples, shot, wait_until, idle)

    win.show_view("archive")
    idle()
    archive = win.view("archive")
    items = archive.items()
    if len(items) >= 3:  # two months chosen: Vergelijken is ready
        items[0].setSelected(True)
        items[2].setSelected(True)
    shot(win, "archief")


def payroll_shots(win, samples: Path, shot, wait_until, idle) -> None:
    """Salaris controleren: the outcome with "alleen afwijkingen", the preview of a recognised
    workbook, a journal with headings the program does not know before and after the user
    picked the row and the columns, and a formula cell without a value refused."""
    from digibord.app.salary import salary_options
    from digibord.money import format_plain
    from digibord.reconcile.salary import compute_salary

    mar = next(d for d in win.documents.all() if d.path.name == "2026-03_01.dat")
    win.documents.set_current(mar)
    journals = Path(os.environ["DIGIBORD_HOME"]) / "Salaris"
    journals.mkdir()
    for name in ("journal_per_werknemer.csv", "journal_per_component.xlsx"):
        shutil.copy(samples / "payroll" / name, journals / name.replace("journal", "loonjournaal"))

    def check(path: Path):
        dialog = win.payroll_dialog
        dialog.result = None
        dialog.preview = None
        dialog.set_file(path)
        wait_until(lambda: dialog.preview is not None and not win.worker.busy)
        idle()
        return dialog

    win.action("borderel.payroll_check").trigger()
    dialog = win.payroll_dialog
    dialog.resize(1240, 820)
    dialog.options.set_values(on="basis", for_="werknemer", amount="25,00")
    check(journals / "loonjournaal_per_werknemer.csv")
    shot(dialog, "salaris_controleren")
    dialog.outcome.only_exceptions.setChecked(False)
    shot(dialog, "salaris_controleren_alles")
    dialog.outcome.only_exceptions.setChecked(True)

    check(journals / "loonjournaal_per_component.xlsx")
    dialog.tabs.setCurrentIndex(1)
    shot(dialog, "salaris_controleren_voorbeeld")

    # headings the program does not know, under a title row
    rows = compute_salary(mar.borderel, salary_options(amount="25,00")).rows
    numbers, deduction = rows["employee_number"].tolist(), rows["deduction_cent"].tolist()
    names = rows["employee_name"].tolist()
    lines = ["Overzicht inhoudingen maart 2026", "",
             "Nr;Medewerker naam;Periode;Euro"]
    for i, (n, name, d) in enumerate(zip(numbers, names, deduction, strict=True)):
        if i == 2:
            continue  # not withheld at all
        lines.append(f"{n};{name};2026-03;{format_plain(d + (250 if i == 1 else 0))}")
    lines.append("X0999;J. de Vries;2026-03;41,20")
    unknown = Path(os.environ["DIGIBORD_HOME"]) / "inhoudingen_maart.csv"
    unknown.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    check(unknown)
    shot(dialog, "salaris_controleren_niet_herkend")
    form = dialog.pick_form
    form.choose_row(2)
    idle()
    form.choose_column(0, "employee")
    idle()
    form.choose_column(3, "amount")
    wait_until(lambda: dialog.result is not None)
    idle()
    dialog.tabs.setCurrentIndex(1)
    shot(dialog, "salaris_controleren_gekozen")
    dialog.tabs.setCurrentIndex(0)
    shot(dialog, "salaris_controleren_gekozen_uitkomst")

    # a workbook saved by a program that never calculated it
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Blad1"
    ws.append(["Loonjournaal maart 2026"])
    ws.append(["Personeelsnummer", "Naam", "Inhouding"])
    for n, name, d in list(zip(numbers, names, deduction, strict=True))[:4]:
        ws.append([n, name, d / 100])
    ws.append([numbers[4], names[4], "=C3+C4"])
    formula = Path(os.environ["DIGIBORD_HOME"]) / "journaal_formule.xlsx"
    book.save(formula)
    check(formula)
    shot(dialog, "salaris_controleren_formule")
    dialog.close()


if __name__ == "__main__":
    raise SystemExit(main())
