"""The employer's own values of a profile's settings, remembered per collectivity (asked once
in the window, or given with `digibord salary --set NAME=WAARDE`), and the refusal of a
required setting that is still empty (docs/reports.md "Verplichte instellingen").

Kept through a SettingsStore under `profiel.<profile name>`: {setting: text}. Precedence:
`--set` over the remembered value over the profile file."""

from __future__ import annotations

from dataclasses import dataclass

from digibord.app.collectivity_settings import SettingsStore, settings_store
from digibord.errors import CommandRefused
from digibord.formats.profiles import (
    Profile,
    load_profile,
    missing_required,
    required_warnings,
    rubriek_problems,
    setting_words,
    with_settings,
)
from digibord.i18n import tr


@dataclass(frozen=True)
class RequiredSetting:
    """One setting the form asks for: of which profile, its key, what it holds in words, the
    value now (from the file or remembered)."""

    profile: str
    key: str
    words: str
    value: str


def _name(profile_name: str) -> str:
    return f"profiel.{profile_name}"


def remembered_settings(collectivity: str, profile_name: str,
                        store: SettingsStore | None = None) -> dict[str, str]:
    store = store or settings_store()
    value = store.get_setting(collectivity, _name(profile_name)) or {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}


def remember_settings(collectivity: str, profile: Profile, values: dict[str, str],
                      store: SettingsStore | None = None) -> Profile:
    """Check `values` against the profile (refused naming the setting), keep them for the
    collectivity (an empty text forgets one) and return the profile with them."""
    store = store or settings_store()
    values = {k: v.strip() for k, v in values.items()}
    checked = with_settings(profile, {k: v for k, v in values.items() if v},
                            tr("profiles.source.remembered", collectivity=collectivity))
    kept = remembered_settings(collectivity, profile.name, store)
    kept.update(values)
    store.set_setting(collectivity, _name(profile.name), {k: v for k, v in kept.items() if v})
    return checked


def parse_assignments(items: list[str] | None) -> dict[str, str]:
    """`--set debtor=12345` (repeatable) -> {"debtor": "12345"}; a text without `=` refused."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CommandRefused(tr("profiles.error.assignment", text=item))
        out[key.strip()] = value.strip()
    return out


def profile_for(profile: Profile | str, collectivity: str, overrides: dict[str, str] | None = None,
                store: SettingsStore | None = None) -> Profile:
    """The profile as it is written for this collectivity: its file, the remembered values on
    top, then `overrides` (which are remembered too)."""
    store = store or settings_store()
    chosen = load_profile(profile) if isinstance(profile, str) else profile
    remembered = remembered_settings(collectivity, chosen.name, store)
    known = {k: v for k, v in remembered.items() if k in chosen.settings}
    chosen = with_settings(chosen, known, tr("profiles.source.remembered",
                                             collectivity=collectivity))
    if overrides:
        chosen = remember_settings(collectivity, chosen, overrides, store)
    return chosen


def one_off_for(profile: Profile, collectivity: str,
                store: SettingsStore | None = None) -> Profile | None:
    """For a profile of lasting values, its one-off profile for this collectivity."""
    if not profile.lasting:
        return None
    return profile_for(profile.one_off, collectivity, store=store)


def required_settings(profile: Profile, collectivity: str,
                      store: SettingsStore | None = None) -> list[RequiredSetting]:
    """Every required setting of the profile (and of its one-off profile), with its value for
    the collectivity."""
    out = []
    profile = profile_for(profile, collectivity, store=store)
    for p in (profile, one_off_for(profile, collectivity, store)):
        if p is None:
            continue
        for key in p.required:
            out.append(RequiredSetting(p.name, key, setting_words(key), p.settings[key]))
    return out


def missing_settings(profile: Profile, collectivity: str,
                     store: SettingsStore | None = None) -> list[RequiredSetting]:
    """The required settings still empty for this collectivity (the window asks for them)."""
    return [s for s in required_settings(profile, collectivity, store) if not s.value.strip()]


def remember_form(collectivity: str, values: dict[str, dict[str, str]],
                  store: SettingsStore | None = None) -> None:
    """What the window's settings form gives: {profile name: {setting: text}}, each checked
    and kept for the collectivity (all checked before any is kept)."""
    store = store or settings_store()
    profiles = {name: load_profile(name) for name in values}
    for name, given in values.items():
        with_settings(profiles[name], {k: v.strip() for k, v in given.items() if v.strip()},
                      tr("profiles.source.form"))
    for name, given in values.items():
        remember_settings(collectivity, profiles[name], given, store)


def profile_warnings(profile: Profile, one_off: Profile | None = None,
                     written: bool = False) -> list[str]:
    """What to warn about a profile: DPIA100 component codes that are not a Beaufort rubriek
    (a letter and five digits); and when its file is `written` (with `one_off`'s, when that
    one is written too), each required setting still empty, written blank (the window asks
    for them before it writes)."""
    out = []
    if written:
        out = required_warnings(profile) + (required_warnings(one_off) if one_off else [])
    problems = rubriek_problems(profile)
    if problems:
        out.append(tr("profiles.warn.rubriek", file=profile.path,
                      codes=", ".join(f"{setting} = '{code}'" for setting, code in problems)))
    return out


__all__ = ["RequiredSetting", "missing_required", "missing_settings",
           "one_off_for", "parse_assignments", "profile_for", "profile_warnings",
           "remember_form", "remember_settings", "remembered_settings", "required_settings"]
