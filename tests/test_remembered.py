"""Remembered per collectivity (docs/remembered.md): the options of the last conversion written
are the defaults of the next conversion and of the check, on the command line and in the
window; an option given wins; the collectivity's own component codes are applied to its
profile and checked as a profile file is."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QFileDialog

from digibord.app import remembered
from digibord.app.collectivity_settings import settings_store
from digibord.app.payroll import journal_codes
from digibord.app.profile_settings import remembered_settings
from digibord.app.remembered import (
    BUILT_IN_ORIGIN,
    GIVEN,
    REMEMBERED,
    ConversionSettings,
    decide,
    profile_for,
    remember,
    remembered_or_none,
    set_profile_override,
)
from digibord.errors import CommandRefused
from tests.report_support import run_cli

COLLECTIVITY = "123456789"  # the samples'
JOURNAL = "journal_per_werknemer.csv"  # made with --on basis --for werknemer --amount 25


def _json(done) -> dict:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_round_trip_and_decide_in_process(tmp_path):
    assert remembered.remembered(COLLECTIVITY) is None
    kept = ConversionSettings(period="4weken", on="totaal", for_="iedereen", amount_cent=0,
                              percent_bp=1250, profile="raet", folder=str(tmp_path))
    remember(COLLECTIVITY, kept)
    again = remembered.remembered(COLLECTIVITY)
    assert again is not None
    assert (again.period, again.on, again.for_, again.percent_bp, again.amount_cent) == \
        ("4weken", "totaal", "iedereen", 1250, 0)
    assert again.profile == "raet-dpia100" and again.folder == str(tmp_path)
    assert again.form_values()["percent"] == "12,50"
    # nothing given: all remembered; an amount given replaces the remembered percentage
    decided = decide(COLLECTIVITY, {})
    assert decided.choices.options.percent_bp == 1250
    assert {decided.origins[k] for k in ("period", "on", "for", "percent", "profile")} == \
        {REMEMBERED}
    given = decide(COLLECTIVITY, {"amount_cent": 2500, "on": "basis"})
    o = given.choices.options
    assert (o.amount_cent, o.percent_bp, o.on.value, o.for_.value) == (2500, 0, "basis",
                                                                       "iedereen")
    assert given.origins["amount_cent"] == GIVEN and given.origins["on"] == GIVEN
    assert given.origins["for"] == REMEMBERED
    # another collectivity remembers nothing
    other = decide("987654321", {})
    assert other.remembered is None and set(other.origins.values()) == {BUILT_IN_ORIGIN}


def test_unusable_remembered_values_fall_back_and_are_told():
    settings_store().set_setting(COLLECTIVITY, remembered.OPTIONS_SETTING, {
        "version": 1, "period": "kwartaal", "on": "basis", "for": "werknemer",
        "amount_cent": 2500, "percent_bp": 0, "profile": "verdwenen", "folder": ""})
    decided = decide(COLLECTIVITY, {})
    assert decided.choices.options.period.value == "maand"  # built in
    assert decided.choices.options.amount_cent == 2500  # still remembered
    assert decided.choices.profile == "csv"
    assert any("kwartaal" in w for w in decided.warnings)
    assert any("verdwenen" in w for w in decided.warnings)


def test_salary_remembers_and_the_next_conversion_and_check_use_it(samples_dir, tmp_path):
    march = str(samples_dir / "2026-03_01.dat")
    built_in = _json(run_cli("salary", march, "--json"))
    assert set(built_in["herkomst_opties"].values()) == {BUILT_IN_ORIGIN}
    target = tmp_path / "loon.csv"
    done = run_cli("salary", march, "--amount", "25", "--on", "basis", "--for", "werknemer",
                   "-o", str(target))
    assert done.returncode == 0, done.stderr
    # a second process converts with what was remembered
    again = _json(run_cli("salary", march, "--json"))
    assert again["gebruikte_opties"]["amount_cent"] == 2500
    assert again["herkomst_opties"]["amount_cent"] == REMEMBERED
    assert again["herkomst_opties"]["on"] == REMEMBERED
    assert again["rows"] and all(r["bijdrage_cent"] == 2500 for r in again["rows"])
    # an option given overrides the remembered one and says so
    given = _json(run_cli("salary", march, "--percent", "10", "--json"))
    assert given["gebruikte_opties"]["percent"] == 10
    assert given["gebruikte_opties"]["amount_cent"] is None
    assert given["herkomst_opties"]["percent"] == GIVEN
    assert given["herkomst_opties"]["on"] == REMEMBERED
    # a conversion handed to a script (--json) is remembered as well, its folder kept
    kept = _json(run_cli("payroll-check", march, str(samples_dir / "payroll" / JOURNAL),
                         "--json"))
    assert kept["opties"]["percent"] == 10 and kept["opties"]["amount_cent"] is None
    assert kept["herkomst_opties"]["percent"] == REMEMBERED
    assert remembered_or_none(COLLECTIVITY)[0].folder == str(tmp_path)
    assert run_cli("salary", march, "--amount", "25", "--json").returncode == 0
    # the check takes the remembered options: its sample journal agrees with amount 25
    check = _json(run_cli("payroll-check", march, str(samples_dir / "payroll" / JOURNAL),
                          "--json"))
    assert check["opties"]["amount_cent"] == 2500
    assert check["herkomst_opties"]["amount_cent"] == REMEMBERED
    expected = json.loads((samples_dir / "payroll" / JOURNAL).with_suffix(".json")
                          .read_text(encoding="utf-8"))
    assert check["totaal_verwacht_cent"] == expected["totaal_verwacht_cent"]
    overridden = _json(run_cli("payroll-check", march, str(samples_dir / "payroll" / JOURNAL),
                               "--amount", "20", "--json"))
    assert overridden["opties"]["amount_cent"] == 2000
    assert overridden["herkomst_opties"]["amount_cent"] == GIVEN
    assert overridden["totaal_verwacht_cent"] != expected["totaal_verwacht_cent"]


def test_component_override_is_applied_and_checked():
    base = profile_for(COLLECTIVITY, "nmbrs")
    code = "premie"
    changed = set_profile_override(COLLECTIVITY, "nmbrs", {code: "9999"}, {})
    assert changed.components[code] == "9999"
    assert profile_for(COLLECTIVITY, "nmbrs").components[code] == "9999"
    assert profile_for("987654321", "nmbrs").components[code] == base.components[code]
    assert journal_codes(profile_for(COLLECTIVITY, "nmbrs")).premie == "9999"
    with pytest.raises(CommandRefused):  # an empty code cannot be honoured: nothing stored
        set_profile_override(COLLECTIVITY, "nmbrs", {code: ""}, {})
    assert profile_for(COLLECTIVITY, "nmbrs").components[code] == "9999"
    # the profile settings go to the one store profile_settings keeps them in
    set_profile_override(COLLECTIVITY, "nmbrs", {code: "9999"}, {"debtor": "D-12345"})
    assert remembered_settings(COLLECTIVITY, "nmbrs") == {"debtor": "D-12345"}
    assert profile_for(COLLECTIVITY, "nmbrs").settings["debtor"] == "D-12345"
    assert profile_for(COLLECTIVITY, "nmbrs").components[code] == "9999"
    assert remembered.remembered(COLLECTIVITY) is None  # codes kept, no conversion yet
    # equal to the file again: the override is gone
    set_profile_override(COLLECTIVITY, "nmbrs", dict(base.components), {})
    assert profile_for(COLLECTIVITY, "nmbrs").components == base.components


# ------------------------------------------------------------------ the window


def _open(qtbot, window, path):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([path])
    qtbot.waitUntil(lambda: not window.loader.busy)
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)


def _dialog(qtbot, window, action: str, attr: str):
    window.action(action).trigger()
    dialog = getattr(window, attr)
    qtbot.waitUntil(lambda: getattr(dialog, "remembered_applied", None) is not None
                    and not window.worker.busy, timeout=20000)
    return dialog


def test_window_opens_with_the_remembered_options_and_remembers_a_save(
        qtbot, window, samples_dir, tmp_path, monkeypatch):
    remember(COLLECTIVITY, ConversionSettings(on="totaal", for_="iedereen", percent_bp=500,
                                              profile="loket"))
    _open(qtbot, window, samples_dir / "2026-03_01.dat")
    dialog = _dialog(qtbot, window, "borderel.salary", "salary_dialog")
    assert dialog.options.on.currentData() == "totaal"
    assert dialog.options.for_.currentData() == "iedereen"
    assert dialog.options.value.text() == "5,00"
    assert dialog.profile.currentData() == "loket"
    qtbot.waitUntil(lambda: dialog.result is not None
                    and dialog.result.options.percent_bp == 500, timeout=20000)
    # the user changes the amount and saves: that is remembered, with the folder
    dialog.options.set_values(on="basis", for_="werknemer", amount="25,00")
    dialog.compute()
    qtbot.waitUntil(lambda: dialog.result is not None and not window.worker.busy
                    and dialog.result.options.amount_cent == 2500, timeout=20000)
    target = tmp_path / "import.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(window.exported, timeout=30000):
        dialog.save()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)
    dialog.close()
    kept = remembered.remembered(COLLECTIVITY)
    assert (kept.amount_cent, kept.percent_bp, kept.on, kept.profile) == (2500, 0, "basis",
                                                                          "loket")
    assert kept.folder == str(tmp_path)
    # the check opens with them too
    check = _dialog(qtbot, window, "borderel.payroll_check", "payroll_dialog")
    assert check.options.value.text() == "25,00"
    assert check.options.on.currentData() == "basis"
    assert check.profile.currentData() == "loket"
    check.close()
