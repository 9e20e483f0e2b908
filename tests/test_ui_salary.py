"""Omzetten salarisborderel: the preview is the engine's, and saving writes exactly the bytes
`digibord salary` writes for the same options (csv and raet-dpia100); missing werknemersnummers
are listed, can be left out, or filled in and kept in the archive."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox
from python_calamine import CalamineWorkbook

from digibord.app.profile_settings import remember_settings, remembered_settings
from digibord.archive import open_archive
from digibord.formats.profiles import load_profile
from digibord.formats.reader import read_borderel
from digibord.formats.writer import write_borderel
from digibord.money import format_euro
from digibord.reconcile.salary import SalaryOptions, compute_salary
from digibord.ui.profile_settings_dialog import ProfileSettingsDialog
from tests.borderel_edit import get, join, put, sample_lines
from tests.report_support import run_cli
from tests.test_salary_lasting import months


def open_file(qtbot, window, path):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([path])
    qtbot.waitUntil(lambda: not window.loader.busy)


def open_dialog(qtbot, window):
    window.action("borderel.salary").trigger()
    dialog = window.salary_dialog
    qtbot.waitUntil(lambda: dialog.result is not None and not window.worker.busy,
                    timeout=20000)
    return dialog


def recompute(qtbot, window, dialog):
    dialog.result = None
    dialog.compute()
    qtbot.waitUntil(lambda: dialog.result is not None and not window.worker.busy,
                    timeout=20000)


def save_to(qtbot, window, dialog, monkeypatch, target):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(window.exported, timeout=30000):
        dialog.save()


def test_preview_is_the_engines(qtbot, window, samples_dir):
    path = samples_dir / "2026-03_01.dat"
    open_file(qtbot, window, path)
    dialog = open_dialog(qtbot, window)
    dialog.options.set_values(on="basis", for_="werknemer", amount="25,00")
    recompute(qtbot, window, dialog)
    expected = json.loads((samples_dir / "salary_2026-03.json").read_text("utf-8"))
    engine = compute_salary(read_borderel(path), SalaryOptions(amount_cent=2500))
    r = dialog.result
    assert r.total_premium_cent == engine.total_premium_cent
    assert r.total_contribution_cent == engine.total_contribution_cent
    assert dialog.model.rowCount() == len(engine.rows) == len(expected["rows"])
    by_number = {row["werknemersnummer"]: row for row in expected["rows"]}
    table = dialog.model.table
    for i in range(dialog.model.rowCount()):
        cells = {c.key: dialog.model.index(i, j).data() for j, c in enumerate(table.columns)}
        want = by_number[cells["werknemersnummer"]]
        assert cells["premie_cent"] == format_euro(want["premie_cent"])
        assert cells["correctie_cent"] == format_euro(want["correctie_cent"])
        assert cells["bijdrage_cent"] == format_euro(want["bijdrage_cent"])
    assert format_euro(engine.total_premium_cent) in dialog.totals.text()
    assert not dialog.missing_box.isVisible()
    # a wrong amount is said at the field, nothing is computed
    dialog.options.set_values(amount="12,345")
    assert dialog.options.error.text()  # said at the field
    dialog.close()


@pytest.mark.parametrize(("profile", "options", "cli"), [
    ("csv", dict(amount="25,00"), ["--amount", "25,00"]),
    ("csv", dict(period="4weken", on="totaal", for_="iedereen", percent="12,5"),
     ["--period", "4weken", "--on", "totaal", "--for", "iedereen", "--percent", "12,5"]),
    ("raet-dpia100", dict(on="aanvullend", for_="werknemer-partner", amount="12.50"),
     ["--on", "aanvullend", "--for", "werknemer-partner", "--amount", "12.50"]),
])
def test_saved_file_equals_the_command(qtbot, window, samples_dir, tmp_path, monkeypatch,
                                       profile, options, cli):
    path = samples_dir / "2026-03_01.dat"
    # the employer's own settings, remembered for the collectivity (window and command alike)
    remember_settings(read_borderel(path).header.collectivity_number, load_profile(profile),
                      {"creatiegebruiker": "SALARIS01"} if profile == "raet-dpia100" else {})
    open_file(qtbot, window, path)
    dialog = open_dialog(qtbot, window)
    dialog.options.set_values(**options)
    dialog.profile.setCurrentIndex(dialog.profile.findData(profile))
    recompute(qtbot, window, dialog)
    ours = tmp_path / f"venster.{profile}"
    save_to(qtbot, window, dialog, monkeypatch, ours)
    theirs = tmp_path / f"cli.{profile}"
    done = run_cli("salary", str(path), *cli, "--profile", profile, "-o", str(theirs))
    assert done.returncode == 0, done.stderr
    assert ours.read_bytes() == theirs.read_bytes()
    assert len(ours.read_bytes()) > 50
    dialog.close()


def test_asks_before_overwriting(qtbot, window, samples_dir, tmp_path, monkeypatch):
    open_file(qtbot, window, samples_dir / "2026-03_01.dat")
    dialog = open_dialog(qtbot, window)
    target = tmp_path / "bestaat.csv"
    target.write_bytes(b"oud")
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No))
    dialog.save()
    assert asked and target.read_bytes() == b"oud"
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(window.exported, timeout=30000):
        dialog.save()
    assert target.read_bytes().startswith(b"werknemersnummer;")
    dialog.close()


def without_number(samples_dir, tmp_path):
    """March with the first employee's werknemersnummer blanked (on the family's rows)."""
    lines = sample_lines(samples_dir, "03")
    first = next(i for i, line in enumerate(lines) if line[:2] == b"10"
                 and get(line, "role") == "H" and get(line, "employee_number").strip())
    number = get(lines[first], "employee_number")
    holder = get(lines[first], "policyholder")
    for i, line in enumerate(lines):
        if line[:2] == b"10" and get(line, "policyholder") == holder:
            lines[i] = put(line, "employee_number", "")
    path = tmp_path / "2026-03_zonder_nummer.dat"
    path.write_bytes(join(lines))
    return path, number.strip(), int(holder)


def test_missing_numbers_listed_left_out_or_filled_in(qtbot, window, samples_dir, tmp_path,
                                                      monkeypatch):
    path, number, holder = without_number(samples_dir, tmp_path)
    open_file(qtbot, window, path)
    dialog = open_dialog(qtbot, window)
    assert dialog.missing_box.isVisibleTo(dialog)
    assert dialog.missing.rowCount() == 1
    assert dialog.missing.item(0, 1).text() == f"{holder:010d}"
    assert not dialog.save_button.isEnabled()  # the command refuses without --skip-missing

    dialog.options.skip.setChecked(True)
    assert dialog.save_button.isEnabled()
    ours = tmp_path / "weggelaten.csv"
    save_to(qtbot, window, dialog, monkeypatch, ours)
    theirs = tmp_path / "cli.csv"
    done = run_cli("salary", str(path), "--skip-missing", "-o", str(theirs))
    assert done.returncode == 0, done.stderr
    assert ours.read_bytes() == theirs.read_bytes()

    # fill the number in: kept in the archive (which must hold the month), then converted
    open_archive().import_file(path)
    dialog.options.skip.setChecked(False)
    dialog.missing.item(0, 3).setText(number)
    dialog.result = None
    dialog.store_numbers.click()
    qtbot.waitUntil(lambda: dialog.result is not None and not window.worker.busy,
                    timeout=20000)
    assert open_archive().local_employee_numbers(
        read_borderel(path).header.collectivity_number)[holder].employee_number == number
    assert dialog.missing.rowCount() == 0 and not dialog.missing_box.isVisibleTo(dialog)
    assert number in {dialog.model.index(i, 0).data() for i in range(dialog.model.rowCount())}
    assert dialog.save_button.isEnabled()
    # and the command sees the same number (from the archive), so the bytes agree again
    ours, theirs = tmp_path / "ingevuld.csv", tmp_path / "cli_ingevuld.csv"
    save_to(qtbot, window, dialog, monkeypatch, ours)
    done = run_cli("salary", str(path), "-o", str(theirs))
    assert done.returncode == 0, done.stderr
    assert ours.read_bytes() == theirs.read_bytes()
    dialog.close()


def test_open_dialog_follows_the_language(qtbot, window, samples_dir):
    open_file(qtbot, window, samples_dir / "2026-03_01.dat")
    dialog = open_dialog(qtbot, window)
    window.set_language("en")
    try:
        assert dialog.save_button.text() == "Save import file..."
        assert dialog.options.period.itemText(0) == "month"
        assert "employees" in dialog.totals.text() and "Premium" in dialog.totals.text()
        assert dialog.model.headerData(3, Qt.Orientation.Horizontal) != "Premie"
    finally:
        window.set_language("nl")
    assert dialog.save_button.text() == "Importbestand opslaan..."
    dialog.close()


def test_closing_while_computing_drops_the_result(qtbot, window, samples_dir):
    open_file(qtbot, window, samples_dir / "2026-03_01.dat")
    window.action("borderel.salary").trigger()
    dialog = window.salary_dialog
    dialog.options.set_values(amount="10,00")
    dialog.compute()
    dialog.close()  # before the preview came back
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)
    qtbot.wait(50)
    assert window.last_dialog is None  # no error about a deleted widget


def test_pay_period_chosen_and_saved_as_the_command(qtbot, window, samples_dir, tmp_path,
                                                    monkeypatch):
    path = samples_dir / "2026-03_01.dat"
    open_file(qtbot, window, path)
    dialog = open_dialog(qtbot, window)
    periods = dialog.options.pay_period
    assert not periods.isVisibleTo(dialog) or periods.count() == 1  # maand: the month
    assert periods.currentData() == 3 and "2026-03" in periods.currentText()
    dialog.options.set_values(period="4weken", amount="25")
    assert periods.currentData() == 4 and "26-03-2026 t/m 22-04-2026" in periods.currentText()
    recompute(qtbot, window, dialog)
    assert dialog.result.pay_period.number == 4
    ours = tmp_path / "venster.csv"
    save_to(qtbot, window, dialog, monkeypatch, ours)
    assert b";202603;" in ours.read_bytes()  # the csv's periode: the prolongatiemaand
    # saved: the period is recorded, converting it again is warned in the preview
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog) and not window.worker.busy,
                    timeout=20000)
    assert "al eerder omgezet" in dialog.message.text()
    theirs = tmp_path / "cli.csv"
    done = run_cli("salary", str(path), "--period", "4weken", "--amount", "25", "-o",
                   str(theirs))
    assert done.returncode == 0, done.stderr
    assert ours.read_bytes() == theirs.read_bytes()
    dialog.close()


def test_required_settings_asked_once_and_remembered(qtbot, window, samples_dir, tmp_path,
                                                      monkeypatch):
    path = samples_dir / "2026-03_01.dat"
    collectivity = read_borderel(path).header.collectivity_number
    open_file(qtbot, window, path)
    dialog = open_dialog(qtbot, window)
    dialog.profile.setCurrentIndex(dialog.profile.findData("nmbrs"))
    recompute(qtbot, window, dialog)
    asked = []

    def cancel(self):
        asked.append(sorted(self.fields))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ProfileSettingsDialog, "exec", cancel)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: pytest.fail("no file asked for before the settings are filled")))
    dialog.save()
    assert asked == [[("nmbrs", "debtor"), ("nmbrs", "employer")]]

    def fill(self):
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()
        self.fields[("nmbrs", "debtor")].setText("D42")
        assert not ok.isEnabled()  # every field is needed
        self.fields[("nmbrs", "employer")].setText("B7")
        assert ok.isEnabled()
        self.accept()
        return self.result()

    monkeypatch.setattr(ProfileSettingsDialog, "exec", fill)
    ours = tmp_path / "venster.xlsx"
    save_to(qtbot, window, dialog, monkeypatch, ours)
    assert remembered_settings(collectivity, "nmbrs") == {"debtor": "D42", "employer": "B7"}
    # asked once: the next save asks nothing, and the command uses the same values
    monkeypatch.setattr(ProfileSettingsDialog, "exec",
                        lambda self: pytest.fail("asked again"))
    again = tmp_path / "opnieuw.xlsx"
    save_to(qtbot, window, dialog, monkeypatch, again)
    theirs = tmp_path / "cli.xlsx"
    done = run_cli("salary", str(path), "--profile", "nmbrs", "-o", str(theirs))
    assert done.returncode == 0, done.stderr
    for file in (ours, again, theirs):
        rows = CalamineWorkbook.from_path(str(file)).get_sheet_by_index(0).to_python()
        assert {tuple(r[:2]) for r in rows[2:]} == {("D42", "B7")}
    dialog.close()


def test_settings_form_refuses_what_does_not_fit(qtbot, window, samples_dir):
    form = ProfileSettingsDialog(load_profile("raet-dpia100"), "123456789", window)
    qtbot.addWidget(form)
    form.fields[("raet-dpia100", "creatiegebruiker")].setText("X" * 17)
    form.accept()
    assert form.error.isVisibleTo(form) and "16" in form.error.text()
    assert form.result() != QDialog.DialogCode.Accepted
    assert remembered_settings("123456789", "raet-dpia100") == {}
    form.fields[("raet-dpia100", "creatiegebruiker")].setText("SALARIS01")
    form.accept()
    assert remembered_settings("123456789", "raet-dpia100") == {
        "creatiegebruiker": "SALARIS01"}


def test_minimum_wage_and_rules_in_the_preview(qtbot, window, samples_dir):
    path = samples_dir / "2026-03_01.dat"
    open_file(qtbot, window, path)
    dialog = open_dialog(qtbot, window)
    first = dialog.model.index(0, 0).data()
    dialog.options.minimum_wage.setText(f"{first}, X99")
    recompute(qtbot, window, dialog)
    assert dialog.info.isVisibleTo(dialog) and first in dialog.info.text()
    assert "toegestaan" in dialog.info.text()
    assert dialog.message.isVisibleTo(dialog) and "X99" in dialog.message.text()
    dialog.close()


def test_lasting_profile_closes_what_ends(qtbot, window, tmp_path, monkeypatch):
    """AFAS vaste looncomponenten: the previous month comes from the archive; who left is
    listed under the preview and gets a closing line in the file, as the command writes it."""
    files = {}
    for k, b in months().items():
        files[k] = tmp_path / f"2026-{k:02d}.dat"
        files[k].write_bytes(write_borderel(b))
    open_archive().import_file(files[2])
    remember_settings("123456789", load_profile("afas-mutaties"), {"employer": "W01"})
    open_file(qtbot, window, files[3])
    dialog = open_dialog(qtbot, window)
    dialog.profile.setCurrentIndex(dialog.profile.findData("afas"))
    dialog.options.set_values(amount="25")
    recompute(qtbot, window, dialog)
    assert dialog.result.closing["employee_number"].tolist() == ["E2"]
    assert dialog.info.isVisibleTo(dialog) and "E2 Dirk" in dialog.info.text()
    ours = tmp_path / "venster.csv"
    save_to(qtbot, window, dialog, monkeypatch, ours)
    assert "E2;7500;0,00;01-03-2026" in ours.read_bytes().decode("utf-8")
    theirs = tmp_path / "cli.csv"
    done = run_cli("salary", str(files[3]), "--profile", "afas", "--amount", "25", "-o",
                   str(theirs))
    assert done.returncode == 0, done.stderr
    assert ours.read_bytes() == theirs.read_bytes()
    dialog.close()


def test_saving_with_an_archive_that_cannot_be_written_says_so_once(
        qtbot, window, samples_dir, tmp_path, monkeypatch):
    """The file is written; the conversion not recorded, the options not remembered and the
    step not ticked off, for one reason, are one sentence in the message bar (the same use
    case as `digibord salary`)."""
    from digibord.app import month_end, remembered
    from digibord.app.conversion_log import ConversionLog
    from digibord.errors import CommandRefused

    reason = "Het archief kan niet worden geschreven."

    def refuse(*_args, **_kwargs):
        raise CommandRefused(reason)

    open_file(qtbot, window, samples_dir / "2026-03_01.dat")
    dialog = open_dialog(qtbot, window)
    told: list[str] = []
    monkeypatch.setattr(window, "notify", lambda text, msecs=0: told.append(text))
    for owner, name in ((ConversionLog, "record"), (remembered, "remember"),
                        (month_end, "done")):
        monkeypatch.setattr(owner, name, refuse)
    target = tmp_path / "loon.csv"
    save_to(qtbot, window, dialog, monkeypatch, target)
    assert target.exists()
    text = next(t for t in told if "geschreven" in t)
    assert text.count(reason) == 1
    assert "het archief kon niet worden bijgewerkt, dus deze omzetting is niet vastgelegd" in text
    dialog.close()
