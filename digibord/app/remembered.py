"""What is remembered per collectivity for its salary conversion and check (docs/remembered.md):
the options of the last import file written (salarisperiode, bijdrage op/voor, bedrag or
percentage, profile, the folder it went to) and the collectivity's own pay component codes and
profile settings ("Looncomponenten en instellingen"), kept through the per-collectivity
SettingsStore of digibord.app.collectivity_settings (the profile settings are the very ones
digibord.app.profile_settings remembers: one store, one name per setting). They are the
defaults of the next conversion and of the check, on the command line and in the window alike;
an option the user gives wins (`decide`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from digibord.app.collectivity_settings import SettingsStore, settings_store
from digibord.app.notices import Unkept
from digibord.app.profile_settings import remember_settings, remembered_settings
from digibord.app.salary import (
    BUILT_IN,
    FOR,
    ON,
    PERIODS,
    SalaryChoices,
    collectivity_profile,
    salary_choices,
)
from digibord.errors import CommandRefused
from digibord.formats.profiles import (
    ALIASES,
    AMOUNTS,
    SCHEMAS,
    Profile,
    check_profile,
    list_profiles,
)
from digibord.formats.profiles import load_profile as load_profile_file
from digibord.i18n import tr

OPTIONS_SETTING = "salary-options"  # the choices of the last conversion written
PROFILES_SETTING = "payroll-components"  # per profile name: the collectivity's own codes
VERSION = 1

GIVEN, REMEMBERED, BUILT_IN_ORIGIN = "gegeven", "onthouden", "standaard"
# the keys of `opties` in JSON (docs/cli.md), each with where its value came from
ORIGIN_KEYS = ("period", "on", "for", "amount_cent", "percent", "profile", "profile_settings")


@dataclass(frozen=True)
class ProfileOverride:
    """A collectivity's own pay component codes over the profile's (only what differs from
    the profile file is kept; its profile settings are profile_settings')."""

    components: Mapping[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.components)

    def to_json(self) -> dict:
        return {"components": dict(self.components)}

    @classmethod
    def from_json(cls, value: object) -> ProfileOverride:
        value = value if isinstance(value, dict) else {}
        components = value.get("components")
        return cls({str(k): str(v) for k, v in components.items()}
                   if isinstance(components, dict) else {})


@dataclass(frozen=True)
class ConversionSettings:
    """The options a collectivity's borderel was last converted with, in the words of the
    command line (`maand`, `basis`, `werknemer`), amounts in cents / hundredths of a percent.
    `components` are the collectivity's own codes for `profile`, `settings` the profile
    settings remembered for it (profile_settings; empty: the profile file as it is); `folder`
    is where the import file went (the month-end panel writes the next one there)."""

    period: str = "maand"
    on: str = "basis"
    for_: str = "werknemer"
    amount_cent: int = 0
    percent_bp: int = 0
    profile: str = "csv"
    components: Mapping[str, str] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    folder: str = ""

    def defaults(self) -> dict[str, object]:
        """The `defaults` of `salary_choices`."""
        return {"period": self.period, "on": self.on, "for": self.for_,
                "amount_cent": self.amount_cent, "percent_bp": self.percent_bp,
                "profile": self.profile}

    def form_values(self) -> dict[str, str | None]:
        """The options as the window's form takes them (`set_values`): words and typed
        amounts (`25,00`, `12,5`)."""
        return {"period": self.period, "on": self.on, "for_": self.for_,
                "amount": hundredths_text(self.amount_cent) if self.amount_cent else None,
                "percent": hundredths_text(self.percent_bp) if self.percent_bp else None}

    @property
    def override(self) -> ProfileOverride:
        return ProfileOverride(self.components)

    @classmethod
    def of_choices(cls, choices: SalaryChoices, override: ProfileOverride | None = None,
                   folder: str = "") -> ConversionSettings:
        o = choices.options
        override = override or ProfileOverride()
        return cls(o.period.value, o.on.value, o.for_.value, o.amount_cent, o.percent_bp,
                   choices.profile, dict(override.components), {}, folder)


def hundredths_text(value: int) -> str:
    """2500 -> `25,00`; 1250 (a percentage) -> `12,50`: what parse_hundredths reads back."""
    return f"{value // 100},{value % 100:02d}"


def profile_key(name: str) -> str:
    """The name a profile is remembered by (`raet` is `raet-dpia100`)."""
    return ALIASES.get(name, name)


def _store(store: SettingsStore | None) -> SettingsStore:
    return store if store is not None else settings_store()


def _options_from_json(value: dict) -> tuple[dict[str, object], list[str]]:
    """The remembered options that can still be used (a word this version does not know, or a
    profile that is gone, falls back to the built-in value and is told)."""
    out: dict[str, object] = {}
    problems: list[str] = []
    for key, allowed in (("period", PERIODS), ("on", ON), ("for", FOR)):
        if value.get(key) in allowed:
            out[key] = value[key]
        elif key in value:
            problems.append(tr("remembered.warning.option", option=key, value=value[key],
                               used=BUILT_IN[key]))
    amount, percent = value.get("amount_cent", 0), value.get("percent_bp", 0)
    if (isinstance(amount, int) and isinstance(percent, int) and amount >= 0
            and 0 <= percent <= 10000 and not (amount and percent)):
        out["amount_cent"], out["percent_bp"] = amount, percent
    else:
        problems.append(tr("remembered.warning.option", option="bijdrage",
                           value=f"{amount}/{percent}", used="0"))
    profile = value.get("profile")
    if isinstance(profile, str) and (profile in list_profiles() or (
            profile.endswith(".toml") and Path(profile).is_file())):
        out["profile"] = profile
    elif profile is not None:
        problems.append(tr("remembered.warning.profile", profile=profile,
                           used=BUILT_IN["profile"]))
    folder = value.get("folder")
    out["folder"] = folder if isinstance(folder, str) else ""
    return out, problems


def remembered_with_problems(collectivity: str, store: SettingsStore | None = None
                             ) -> tuple[ConversionSettings | None, list[str]]:
    """As `remembered`, with what could not be used of it (in words)."""
    store = _store(store)
    value = store.get_setting(collectivity, OPTIONS_SETTING)
    if value is None:
        return None, []
    options, problems = _options_from_json(value)
    profile = str(options.get("profile", BUILT_IN["profile"]))
    override = profile_override(collectivity, profile, store)
    settings = ConversionSettings(
        period=str(options.get("period", BUILT_IN["period"])),
        on=str(options.get("on", BUILT_IN["on"])),
        for_=str(options.get("for", BUILT_IN["for"])),
        amount_cent=int(options.get("amount_cent", 0)),
        percent_bp=int(options.get("percent_bp", 0)), profile=profile,
        components=dict(override.components),
        settings=remembered_settings(collectivity, load_profile_file(profile).name, store),
        folder=str(options["folder"]))
    return settings, problems


def remembered(collectivity: str, store: SettingsStore | None = None
               ) -> ConversionSettings | None:
    """The options this collectivity's borderel was last converted with, None when it never
    was. Raises CommandRefused when the store cannot give them (a missing key, a changed
    record, an unreadable file)."""
    return remembered_with_problems(collectivity, store)[0]


def remembered_or_none(collectivity: str, store: SettingsStore | None = None
                       ) -> tuple[ConversionSettings | None, str | None]:
    """For the window: (what is remembered or None, a problem in words or None); a store
    that cannot give it is told, not raised."""
    try:
        settings, problems = remembered_with_problems(collectivity, store)
    except (CommandRefused, OSError) as exc:
        return None, tr("remembered.warning.unreadable", reason=str(exc))
    return settings, "; ".join(problems) or None


def remember(collectivity: str, settings: ConversionSettings,
             store: SettingsStore | None = None) -> None:
    """Keep the options of a conversion that was written; its `components`/`settings`, when
    given, become the collectivity's own codes and profile settings for that profile (empty
    ones leave what is there: the command line has no way to name codes, and `--set` keeps
    its settings itself)."""
    store = _store(store)
    folder = settings.folder
    if not folder:  # a conversion without a file (`salary --json`): the folder stays
        before = store.get_setting(collectivity, OPTIONS_SETTING)
        folder = str(before.get("folder") or "") if isinstance(before, dict) else ""
    store.set_setting(collectivity, OPTIONS_SETTING, {
        "version": VERSION, "period": settings.period, "on": settings.on,
        "for": settings.for_, "amount_cent": int(settings.amount_cent),
        "percent_bp": int(settings.percent_bp), "profile": profile_key(settings.profile),
        "folder": folder})
    if settings.components or settings.settings:
        set_profile_override(collectivity, settings.profile, settings.components,
                             settings.settings, store)


def remember_quietly(collectivity: str, settings: ConversionSettings) -> str | None:
    """`remember`, for after a file was written: a problem with the store is a sentence to
    tell (the file is there all the same), not a failure of the conversion."""
    try:
        remember(collectivity, settings)
    except (CommandRefused, OSError) as exc:
        return Unkept("remembered.warning.not_kept", str(exc))
    return None


# ------------------------------------------------------------------ the collectivity's codes


def _overrides(collectivity: str, store: SettingsStore) -> dict:
    return store.get_setting(collectivity, PROFILES_SETTING) or {}


def profile_override(collectivity: str, profile: str,
                     store: SettingsStore | None = None) -> ProfileOverride:
    """The collectivity's own codes for `profile` (empty when it has none)."""
    return ProfileOverride.from_json(
        _overrides(collectivity, _store(store)).get(profile_key(profile)))


def override_source(collectivity: str, profile: str) -> str:
    """How a message names an override (where a profile's file name would stand)."""
    return tr("remembered.override_source", collectivity=collectivity, profile=profile)


def apply_override(base: Profile, override: ProfileOverride, collectivity: str) -> Profile:
    """`base` with the collectivity's component codes, checked as a profile file is
    (`check_profile` refuses what cannot be honoured, naming the override and the code)."""
    if not override:
        return base
    codes = {**base.extra.get("codes", base.components), **override.components}
    data = {"name": base.name, "title": base.title, "format": base.format,
            "template": base.template, "components": codes, "settings": dict(base.settings),
            "values": base.values, "one_off": base.one_off, "required": list(base.required)}
    checked = check_profile(data, override_source(collectivity, base.name), base.origin)
    return replace(checked, path=base.path,
                   extra={**base.extra, **checked.extra, "override": override})


def profile_override_of(profile: Profile) -> ProfileOverride:
    """The collectivity's override a profile was loaded with (empty: the file as it is)."""
    return profile.extra.get("override") or ProfileOverride()


def profile_for(collectivity: str, name: str, store: SettingsStore | None = None) -> Profile:
    """The payroll profile `name` as this collectivity uses it: the profile file with the
    profile settings remembered for it (profile_settings) and its own component codes
    (CommandRefused when either cannot be honoured)."""
    store = _store(store)
    base = collectivity_profile(load_profile_file(name), collectivity, store=store)
    return apply_override(base, profile_override(collectivity, name, store), collectivity)


def text_settings(fmt: str) -> list[str]:
    """The profile settings that are kept per collectivity: the text ones (profile_settings
    keeps text; the rest of a format stays in its profile file)."""
    return [k for k, (kind, _d) in SCHEMAS[fmt].items() if kind is str]


def override_differences(base: Profile, components: Mapping[str, str]) -> ProfileOverride:
    """What of `components` differs from the profile file: the codes to keep."""
    return ProfileOverride({k: str(v).strip() for k, v in components.items()
                            if k in AMOUNTS and str(v).strip() != base.components.get(k)})


def _store_override(collectivity: str, profile: str, override: ProfileOverride,
                    store: SettingsStore) -> None:
    every = _overrides(collectivity, store)
    if override:
        every[profile] = override.to_json()
    else:
        every.pop(profile, None)
    every["version"] = VERSION
    store.set_setting(collectivity, PROFILES_SETTING, every)


def set_profile_override(collectivity: str, name: str, components: Mapping[str, str],
                         settings: Mapping[str, Any], store: SettingsStore | None = None
                         ) -> Profile:
    """Keep the collectivity's own codes and (text) profile settings for profile `name`: what
    equals the profile file is not kept (a setting equal to it, or empty, is forgotten). All
    is checked first: a value that cannot be honoured is refused (CommandRefused) and nothing
    is stored. Returns the profile as the collectivity now uses it."""
    store = _store(store)
    base = load_profile_file(name)
    keep = set(text_settings(base.format))
    values = {k: ("" if str(v).strip() == str(base.settings.get(k, "")) else str(v).strip())
              for k, v in settings.items() if k in keep}
    override = override_differences(base, components)
    # checked as it will be used, before anything is stored
    from_settings = collectivity_profile(base, collectivity, store=store)
    checked = apply_override(from_settings, override, collectivity)
    if values:
        remember_settings(collectivity, base, values, store)  # checks them, then keeps them
    _store_override(collectivity, profile_key(name), override, store)
    return profile_for(collectivity, name, store) if values else checked


# ------------------------------------------------------------------ deciding


@dataclass(frozen=True)
class Decided:
    """What a conversion or a check runs with: the options and profile name (`choices`), the
    profile as the collectivity uses it, per option where it came from (`origins`, keys of
    ORIGIN_KEYS: `gegeven`, `onthouden` or `standaard`), what was remembered, and what could
    not be used of it (`warnings`, in words)."""

    choices: SalaryChoices
    profile: Profile
    origins: dict[str, str]
    remembered: ConversionSettings | None
    warnings: tuple[str, ...] = ()

    def settings_to_remember(self, folder: str = "") -> ConversionSettings:
        """What `remember` keeps after this conversion was written to `folder`."""
        return ConversionSettings.of_choices(self.choices, folder=folder)


def origins_of(given: Mapping[str, object], defaults: Mapping[str, object],
               own: bool) -> dict[str, str]:
    """Per option where `salary_choices(given, defaults)` took it from (the same rule: an
    amount or a percentage given replaces both remembered ones)."""

    def origin(*names: str) -> str:
        if any(given.get(n) is not None for n in names):
            return GIVEN
        return REMEMBERED if any(n in defaults for n in names) else BUILT_IN_ORIGIN

    contribution = origin("amount_cent", "percent_bp")
    return {"period": origin("period"), "on": origin("on"), "for": origin("for"),
            "amount_cent": contribution, "percent": contribution,
            "profile": origin("profile"),
            "profile_settings": REMEMBERED if own else BUILT_IN_ORIGIN}


def usable_profile(collectivity: str, name: str, store: SettingsStore | None = None
                   ) -> tuple[Profile, tuple[str, ...]]:
    """`profile_for`, except that a store which cannot give the collectivity's codes and
    settings (a missing key, a changed record) is told in words and the profile file is used
    as it is. A profile or a code that cannot be honoured is still refused."""
    base = load_profile_file(name)
    try:  # the store's reads first: what fails here is the store, not the profile
        store = _store(store)
        remembered_settings(collectivity, base.name, store)
        override = profile_override(collectivity, name, store)
    except (CommandRefused, OSError) as exc:
        return base, (tr("remembered.warning.unreadable", reason=str(exc)),)
    return apply_override(collectivity_profile(base, collectivity, store=store), override,
                          collectivity), ()


def decide(collectivity: str, given: Mapping[str, object],
           store: SettingsStore | None = None) -> Decided:
    """The options of a conversion or a check of this collectivity: what the user gave (keys
    of `salary_choices`; None = not given), else what was remembered, else built in; the
    profile with the collectivity's codes and settings. A store that cannot give what it
    remembers is told (`warnings`) and the built-in options are used: remembering is a help,
    never a reason not to convert. A profile that cannot be honoured is refused."""
    warnings: list[str] = []
    try:
        settings, problems = remembered_with_problems(collectivity, store)
        warnings += problems
    except (CommandRefused, OSError) as exc:
        settings = None
        warnings.append(tr("remembered.warning.unreadable", reason=str(exc)))
    defaults = settings.defaults() if settings is not None else {}
    choices = salary_choices(given, defaults)
    if warnings and settings is None:  # the store said why already: do not ask it again
        profile, more = load_profile_file(choices.profile), ()
    else:
        profile, more = usable_profile(collectivity, choices.profile, store)
    own = bool(profile_override_of(profile)) or profile.settings != \
        load_profile_file(choices.profile).settings
    return Decided(choices, profile, origins_of(given, defaults, own), settings,
                   tuple(warnings) + more)
