"""Salaris controleren: a small payroll export made here gives each status; unknown headings
are mapped with the two column choices; the totals are the engine's."""

from __future__ import annotations

from PySide6.QtCore import Qt

from digibord.formats.reader import read_borderel
from digibord.money import format_euro, format_plain
from digibord.reconcile.salary import compute_salary


def payroll_csv(samples_dir, tmp_path, headings=("Personeelsnummer", "Inhouding")):
    """Employee 0 withheld exactly, 1 one euro too much, 2 absent, and one payroll-only."""
    rows = compute_salary(read_borderel(samples_dir / "2026-03_01.dat")).rows
    numbers = rows["employee_number"].tolist()
    deduction = rows["deduction_cent"].tolist()
    lines = [";".join(headings),
             f"{numbers[0]};{format_plain(deduction[0])}",
             f"{numbers[1]};{format_plain(deduction[1] + 100)}",
             "X999;12,50"]
    lines += [f"{n};{format_plain(d)}" for n, d in zip(numbers[3:], deduction[3:], strict=True)]
    path = tmp_path / "salaris.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    return path, numbers


def open_check(qtbot, window, samples_dir):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / "2026-03_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy)
    window.action("borderel.payroll_check").trigger()
    return window.payroll_dialog


def wait(qtbot, window):
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)


def statuses(dialog) -> dict[str, str]:
    model = dialog.model
    keys = [c.key for c in model.table.columns]
    return {model.index(r, keys.index("werknemersnummer")).data():
            model.index(r, keys.index("status")).data() for r in range(model.rowCount())}


def test_statuses_colours_and_totals(qtbot, window, samples_dir, tmp_path):
    path, numbers = payroll_csv(samples_dir, tmp_path)
    dialog = open_check(qtbot, window, samples_dir)
    dialog.set_file(path)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    wait(qtbot, window)
    got = statuses(dialog)
    assert got[numbers[0]] == "akkoord"
    assert got[numbers[1]] == "verschil"
    assert got[numbers[2]] == "alleen borderel"
    assert got["X999"] == "alleen salaris"
    assert all(got[n] == "akkoord" for n in numbers[3:])
    r = dialog.result
    assert r.total_difference_cent == 100 + 1250 - int(
        compute_salary(read_borderel(samples_dir / "2026-03_01.dat")).rows[
            "deduction_cent"].iloc[2])
    assert format_euro(r.total_difference_cent) in dialog.totals.text()
    assert format_euro(r.total_expected_cent) in dialog.totals.text()
    # the rows carry their status colour, akkoord and verschil differ
    model = dialog.model
    colours = {}
    for row in range(model.rowCount()):
        brush = model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
        colours[model.index(row, 0).data()] = brush.color().name()
    assert colours[numbers[0]] != colours[numbers[1]] != colours["X999"]
    assert not dialog.message.isVisible()
    dialog.close()


def test_unknown_headings_are_mapped_by_hand(qtbot, window, samples_dir, tmp_path):
    path, numbers = payroll_csv(samples_dir, tmp_path, headings=("Nr", "Euro"))
    dialog = open_check(qtbot, window, samples_dir)
    dialog.set_file(path)
    qtbot.waitUntil(lambda: dialog.message.isVisible() and not window.worker.busy,
                    timeout=20000)
    assert dialog.result is None
    assert "Nr" in dialog.message.text()  # the reader names the headings it found
    headings = [dialog.employee_column.itemText(i) for i in range(dialog.employee_column.count())]
    assert headings[1:] == ["Nr", "Euro"]
    dialog.set_columns("Nr", "Euro")
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    wait(qtbot, window)
    assert statuses(dialog)[numbers[1]] == "verschil"
    assert dialog.result.employee_column == "Nr" and dialog.result.amount_column == "Euro"
    assert not dialog.message.isVisible()
    dialog.close()


def test_options_change_the_expected_amounts(qtbot, window, samples_dir, tmp_path):
    path, numbers = payroll_csv(samples_dir, tmp_path)
    dialog = open_check(qtbot, window, samples_dir)
    dialog.set_file(path)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    wait(qtbot, window)
    before = dialog.result.total_expected_cent
    dialog.result = None
    dialog.options.set_values(amount="10,00")
    dialog.compute()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    wait(qtbot, window)
    assert dialog.result.total_expected_cent < before
    assert statuses(dialog)[numbers[0]] == "verschil"  # payroll withheld the old amount
    dialog.close()


def test_open_dialog_follows_the_language(qtbot, window, samples_dir, tmp_path):
    path, _numbers = payroll_csv(samples_dir, tmp_path)
    dialog = open_check(qtbot, window, samples_dir)
    dialog.set_file(path)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    wait(qtbot, window)
    window.set_language("en")
    try:
        assert statuses(dialog)["X999"] != "alleen salaris"
        assert dialog.legend.labels["akkoord"].text() != "akkoord"
        assert "Expected" in dialog.totals.text()
    finally:
        window.set_language("nl")
    assert statuses(dialog)["X999"] == "alleen salaris"
    dialog.close()
