"""The Maandafsluiting panel (docs/month-end.md): the window ticks the steps it does, the ticks
are kept (another process sees them), steps are done in one click with the remembered
settings, a step is ticked by hand."""

from __future__ import annotations

import json
import threading

import shiboken6

from digibord.app import month_end
from digibord.app.remembered import ConversionSettings, profile_for, remember
from digibord.ui import printing
from digibord.ui.app import create_app
from digibord.ui.main_window import MainWindow
from digibord.ui.month_end_ticks import bookkeeping
from tests.report_support import run_cli
from tests.test_print_ui import pdf_printer

COLLECTIVITY = "123456789"


def idle(window) -> bool:
    tasks = window.month_end_tasks
    return not window.worker.busy and (tasks is None or not tasks.busy)


def wait(qtbot, window):
    qtbot.waitUntil(lambda: idle(window), timeout=30000)


def open_months(qtbot, window, samples_dir, *months: int):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / f"2026-{m:02d}_01.dat" for m in months])
    qtbot.waitUntil(lambda: not window.loader.busy)
    panel = window.month_end_panel
    qtbot.waitUntil(lambda: panel.state is not None and idle(window), timeout=30000)
    return panel


def cli_steps(month: str = "2026-03") -> dict[str, dict]:
    done = run_cli("month-end", month, "--collectivity", COLLECTIVITY, "--json")
    assert done.returncode == 0, done.stderr
    return {s["stap"]: s for s in json.loads(done.stdout)["stappen"]}


def settle(qtbot, window, panel, step: str, state: str = month_end.DONE):
    qtbot.waitUntil(lambda: idle(window) and panel.state is not None
                    and panel.state.step(step).state == state, timeout=30000)


def test_opened_month_is_shown_and_ticked_for_another_process(qtbot, window, samples_dir):
    panel = open_months(qtbot, window, samples_dir, 3)
    assert window.month_end_dock.isVisible()
    assert "maart 2026" in panel.title.text().lower()
    assert COLLECTIVITY in panel.subtitle.text()
    settle(qtbot, window, panel, "openen")
    assert "2026-03_01.dat" in panel.rows["openen"].line.text()
    # no February opened nor kept: comparing is not possible yet, and says why
    compare = panel.state.step("vergelijken")
    assert compare.state == month_end.NOT_YET and "2026-02" in compare.reason
    assert "2026-02" in panel.rows["vergelijken"].line.text()
    assert not panel.b_compare.isEnabled()
    s = cli_steps()
    assert s["openen"]["klaar"] and s["openen"]["door"] == month_end.WINDOW
    assert s["openen"]["wat"] == "2026-03_01.dat"


def test_compare_in_one_click_ticks(qtbot, window, samples_dir):
    panel = open_months(qtbot, window, samples_dir, 2, 3)
    assert window.documents.current.borderel.header.prolongation_month == 202603
    assert panel.b_compare.isEnabled()
    panel.b_compare.click()
    assert window.tabs.currentWidget() is window.view("prolongation_diff")
    settle(qtbot, window, panel, "vergelijken")
    assert "2026-02" in panel.rows["vergelijken"].line.text()
    assert cli_steps()["vergelijken"]["klaar"]


def test_convert_in_one_click_with_the_remembered_settings(qtbot, window, samples_dir,
                                                          tmp_path):
    folder = tmp_path / "salaris"
    folder.mkdir()
    remember(COLLECTIVITY, ConversionSettings(amount_cent=2500, profile="csv",
                                              folder=str(folder)))
    panel = open_months(qtbot, window, samples_dir, 3)
    assert panel.b_convert.isEnabled()
    with qtbot.waitSignal(window.exported, timeout=30000) as written:
        panel.b_convert.click()
    path = written.args[0]
    assert path.parent == folder and path.is_file()
    assert path.read_text(encoding="utf-8").count("\n") >= 2
    settle(qtbot, window, panel, "omzetten")
    assert path.name in panel.rows["omzetten"].line.text()
    s = cli_steps()
    assert s["omzetten"]["klaar"] and path.name in s["omzetten"]["wat"]
    assert str(folder) not in json.dumps(s)


def test_convert_without_remembered_settings_opens_the_dialog(qtbot, window, samples_dir):
    panel = open_months(qtbot, window, samples_dir, 3)
    panel.b_convert.click()
    qtbot.waitUntil(lambda: getattr(window, "salary_dialog", None) is not None
                    and window.salary_dialog.isVisible(), timeout=30000)
    wait(qtbot, window)
    window.salary_dialog.close()
    assert not panel.state.step("omzetten").done


def test_tick_by_hand_and_the_next_process_sees_it(qtbot, window, samples_dir):
    panel = open_months(qtbot, window, samples_dir, 3)
    row = panel.rows["controleren"]
    assert not row.tick.isChecked()
    row.tick.click()
    settle(qtbot, window, panel, "controleren")
    assert row.tick.isChecked()
    s = cli_steps()
    assert s["controleren"]["klaar"] and s["controleren"]["door"] == month_end.BY_HAND


def _preview(qtbot, window):
    qtbot.waitUntil(lambda: getattr(window, "print_dialog", None) is not None
                    and window.print_dialog.report is not None, timeout=30000)
    dialog, window.print_dialog = window.print_dialog, None
    return dialog


def test_print_corrections_in_one_click_ticks_its_part(qtbot, window, samples_dir, tmp_path,
                                                       monkeypatch):
    """The part is ticked when the pages went to the printer or into a PDF, not when the
    preview opens: a preview closed without printing leaves the step open."""
    monkeypatch.setattr(printing, "ask_save_path", lambda *_a: tmp_path / "verschillen.pdf")
    panel = open_months(qtbot, window, samples_dir, 2, 3)
    panel.b_print_corrections.click()
    _preview(qtbot, window).close()  # looked at, not printed
    qtbot.waitUntil(lambda: idle(window) and panel.state is not None, timeout=30000)
    assert dict(panel.state.step("printen").parts)["correctiepremies"] is None
    panel.b_print_corrections.click()
    dialog = _preview(qtbot, window)
    with qtbot.waitSignal(dialog.printed, timeout=30000):
        dialog.print_to(pdf_printer(tmp_path / "correcties.pdf"))
    dialog.close()
    qtbot.waitUntil(lambda: idle(window) and panel.state is not None and dict(
        panel.state.step("printen").parts)["correctiepremies"] is not None, timeout=30000)
    assert not panel.state.step("printen").done  # the differences are still to be printed
    assert "correctiepremies geprint" in panel.rows["printen"].line.text()
    panel.b_print_diff.click()
    dialog = _preview(qtbot, window)
    with qtbot.waitSignal(dialog.written, timeout=30000):
        dialog.save_pdf()  # Opslaan als PDF counts as printed too
    dialog.close()
    settle(qtbot, window, panel, "printen")
    assert cli_steps()["printen"]["klaar"]


def test_check_dialog_closed_with_a_result_ticks(qtbot, window, samples_dir):
    panel = open_months(qtbot, window, samples_dir, 3)
    panel.b_check.click()
    dialog = window.payroll_dialog
    qtbot.waitExposed(dialog)
    wait(qtbot, window)
    dialog.options.set_values(on="basis", for_="werknemer", amount="25,00")
    dialog.set_file(samples_dir / "payroll" / "journal_per_werknemer.csv")
    qtbot.waitUntil(lambda: dialog.result is not None and not window.worker.busy,
                    timeout=30000)
    dialog.close()
    settle(qtbot, window, panel, "controleren")
    assert "journal_per_werknemer.csv" in panel.rows["controleren"].line.text()



def test_components_dialog_keeps_the_collectivitys_codes(qtbot, window, samples_dir):
    panel = open_months(qtbot, window, samples_dir, 3)
    panel.components_button.click()
    qtbot.waitUntil(lambda: getattr(window, "components_dialog", None) is not None,
                    timeout=30000)
    dialog = window.components_dialog
    wait(qtbot, window)
    index = dialog.profile.findData("nmbrs")
    dialog.profile.setCurrentIndex(index)
    dialog.load()
    qtbot.waitUntil(lambda: not window.worker.busy and "sheet" in dialog.editors
                    and dialog.editors["sheet"].text() == "Variabele Looncomponenten",
                    timeout=30000)
    assert dialog.required_button.isVisible()  # debiteur/bedrijfsnummer: profiles' own form
    assert "setting_debtor" not in {e.objectName() for e in dialog.editors.values()}
    dialog.codes["premie"].setText("")  # cannot be honoured: refused, nothing kept
    dialog.save()
    qtbot.waitUntil(lambda: not window.worker.busy and dialog.message.isVisible(),
                    timeout=30000)
    assert profile_for(COLLECTIVITY, "nmbrs").components["premie"] == "7500"
    dialog.codes["premie"].setText("L7600")
    dialog.editors["sheet"].setText("Zorg")
    with qtbot.waitSignal(dialog.saved, timeout=30000):
        dialog.save()
    used = profile_for(COLLECTIVITY, "nmbrs")
    assert used.components["premie"] == "L7600" and used.settings["sheet"] == "Zorg"


def test_tick_in_flight_survives_its_window(qtbot):
    """A window deleted (not closed) while a tick runs: the tick's work ends, nothing raises
    on the bookkeeping thread (CI once saw 'Signal source has been deleted' here)."""
    create_app()
    win = MainWindow()
    runner = bookkeeping(win)
    started, release, finished = threading.Event(), threading.Event(), []

    def work():
        started.set()
        release.wait(10)
        finished.append(1)
        return None

    runner.run(work, lambda _value: finished.append("told"))
    assert started.wait(10)
    pool = runner.pool
    threading.Timer(0.3, release.set).start()  # the work ends while the window is going
    shiboken6.delete(win)  # the window's C++ side goes; its pool waits for the job
    assert not shiboken6.isValid(pool)
    assert finished == [1]  # the work ran to its end; nobody was left to tell
