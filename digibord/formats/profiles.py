"""Payroll profiles: declarative TOML files that say how the salary conversion is written for a
payroll system (payroll-formats.md). Built-ins live in `resources/profiles/`; a user's own in
`user_config_dir()/profiles/` add to them or override one of the same name (with
`based_on = "<name>"` a user file changes only what it names).

A profile the program cannot fully honour (an unknown setting, a value of the wrong kind, a
code that does not fit its field) is refused with a message naming the file and the setting.

A profile also says whether the format's values are one-off mutations of one pay period
(`values = "one-off"`, the default) or values that last until replaced (`values = "lasting"`,
AFAS `HrVarValue`-style; corrections then go to the one-off profile named by `one_off`), and
which settings must hold the employer's own value before a file is written (`required`;
`missing_required` lists the empty ones; a conversion warns of them, naming file and setting,
and writes the field blank, `check_required` refuses them where the window asks first).
docs/reports.md "Importbestanden per salarispakket" says which vendor document each follows."""

from __future__ import annotations

import codecs
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from digibord.errors import CommandRefused
from digibord.formats.issues import has_control, shown_text
from digibord.i18n import tr
from digibord.paths import resource, user_config_dir

AMOUNTS = ("premie", "correctie", "bijdrage")
# `bijdrage_netto`: the code of the bijdrage when the profile writes it as a net component
COMPONENTS = (*AMOUNTS, "bijdrage_netto")
DEFAULT_CODES = {"premie": "7500", "correctie": "7510", "bijdrage": "7520",
                 "bijdrage_netto": "7521"}
LONG_COLUMNS = ("werknemersnummer", "looncomponent", "periode", "bedrag", "ingangsdatum", "naam",
                "jaar", "periodenummer", "werkgever", "einddatum")
VALUE_KINDS = ("one-off", "lasting")
# a Beaufort rubriek: a letter and five digits (P01035, E02544)
DPIA_RUBRIEK = re.compile(r"^[A-Za-z][0-9]{5}$")
WIDE_COLUMNS = ("werkgever", "werknemersnummer", "naam", "periode")
XLSX_COLUMNS = ("debiteur", "werkgever", "werknemersnummer", "naam", "periode", "dagen",
                "dagen_voor_lc")

# The writers and their settings: name -> (kind, default). Kinds: str, bool, int, or a tuple of
# allowed values; "list:<allowed>" is a list drawn from a tuple below.
_COMMON = {
    "deduction_sign": (("positive", "negative"), "positive"),
    "extension": (str, ".csv"),
    # the bijdrage taxed as wages (gross) or designated under the werkkostenregeling (net)
    "contribution": (("gross", "net"), "gross"),
}
_TEXT = {
    "delimiter": (str, ";"),
    "decimal": ((",", "."), ","),
    "encoding": (str, "cp1252"),
    "line_end": (("\r\n", "\n"), "\r\n"),
    "header": (bool, True),
    "period_format": (("YYYYMM", "YYYY-MM", "MM-YYYY"), "YYYYMM"),
    "date_format": (("ddmmyyyy", "dd-mm-yyyy", "yyyy-mm-dd"), "dd-mm-yyyy"),
    "bom": (bool, False),
}
SCHEMAS: dict[str, dict[str, tuple[Any, Any]]] = {
    # one line per employee per non-zero amount
    "csv": {**_COMMON, **_TEXT, "columns": (LONG_COLUMNS, list(LONG_COLUMNS[:4])),
            "headings": (dict, {}), "employer": (str, ""),
            # how a lasting value that ends is written: 0 from the period's start, or the
            # previous value again with an end date (the day before the period's start)
            "closing": (("zero", "end_date"), "zero"),
            # the employee number as a number (leading zeros dropped; letters refused)
            "numeric_employee": (bool, False),
            # what `periode` holds: the pay period (the month, or with 4weken the 4-week
            # period), or always the borderel's prolongatiemaand (the generic csv profile)
            "period": (("pay_period", "prolongation_month"), "pay_period")},
    # one line per employee, one column per component code
    "csv-wide": {**_COMMON, **_TEXT, "columns": (WIDE_COLUMNS, ["werknemersnummer"]),
                 "headings": (dict, {}), "code_digits": (int, 0), "employer": (str, "")},
    "xlsx-wide": {**_COMMON, "columns": (XLSX_COLUMNS,
                                         ["werkgever", "werknemersnummer", "periode"]),
                  "headings": (dict, {}), "employer": (str, ""), "debtor": (str, ""),
                  "sheet": (str, "Import"), "title_row": (str, ""),
                  "period_format": (("YYYYMM", "YYYY-MM", "MM-YYYY"), "YYYY-MM")},
    # RAET Beaufort DPIA100, fixed width
    "dpia100": {**_COMMON, "procescode": (str, "IMP"), "creatiegebruiker": (str, ""),
                "productiesoort": (str, "NOR"), "employment_sequence": (str, ""),
                "encoding": (str, "cp1252")},
}
# widths of DPIA100 fields that come from a profile
DPIA_WIDTHS = {"procescode": 3, "creatiegebruiker": 16, "productiesoort": 3, "code": 6,
               "object_id": 50}
# other names a profile is known by (reports.md says `raet`, payroll-formats.md `raet-dpia100`)
ALIASES = {"raet": "raet-dpia100"}
TOP_KEYS = {"name", "title", "format", "template", "based_on", "components", "settings",
            "values", "one_off", "required"}


@dataclass(frozen=True)
class Profile:
    """A checked profile. `components` maps premie/correctie/bijdrage to the pay component
    code written (the bijdrage's gross or net code, as `settings.contribution` says);
    `settings` holds every setting of its format, defaults filled in. `values`: "one-off" or
    "lasting"; `one_off`: for lasting values, the profile the corrections are written with;
    `required`: settings that must not be empty when a file is written."""

    name: str
    title: str
    format: str
    template: str
    components: dict[str, str]
    settings: dict[str, Any]
    path: str = ""
    origin: str = "builtin"
    extra: dict = field(default_factory=dict)
    values: str = "one-off"
    one_off: str = ""
    required: tuple[str, ...] = ()

    def setting(self, key: str) -> Any:
        return self.settings[key]

    @property
    def lasting(self) -> bool:
        return self.values == "lasting"


def _refuse(path, setting: str, reason: str) -> CommandRefused:
    return CommandRefused(tr("payroll.profile.error.setting", file=str(path), setting=setting,
                             reason=reason))


def builtin_dir() -> Path:
    return resource("profiles")


def user_dir() -> Path:
    return user_config_dir() / "profiles"


def profile_files() -> dict[str, tuple[Path, str]]:
    """Name -> (file, origin): built-ins first, the user's files on top."""
    found: dict[str, tuple[Path, str]] = {}
    for folder, origin in ((builtin_dir(), "builtin"), (user_dir(), "user")):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = (path, origin)
    return found


def list_profiles() -> list[str]:
    return sorted(profile_files())


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CommandRefused(tr("payroll.profile.error.syntax", file=str(path),
                                reason=str(exc))) from exc


def _merge(base: dict, top: dict) -> dict:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _check_value(path, setting: str, kind, value):
    if kind is bool:
        if not isinstance(value, bool):
            raise _refuse(path, setting, tr("payroll.profile.error.type", expected="true/false",
                                            found=value))
    elif kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _refuse(path, setting, tr("payroll.profile.error.type", expected="0, 1, 2, ...",
                                            found=value))
    elif kind is str:
        if not isinstance(value, str):
            raise _refuse(path, setting, tr("payroll.profile.error.type", expected="text",
                                            found=value))
        # a tab or line end in a code or value would break the file's lines or records (a tab
        # as the delimiter of a text file is what it is for)
        if has_control(value) and not (setting == "settings.delimiter" and value == "\t"):
            raise _refuse(path, setting, tr("payroll.profile.error.control",
                                            found=shown_text(value)))
    elif kind is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise _refuse(path, setting, tr("payroll.profile.error.type",
                                            expected="{kolom = \"kop\"}", found=value))
    elif isinstance(kind, tuple) and isinstance(value, list):
        for item in value:
            if item not in kind:
                raise _refuse(path, setting, tr("payroll.profile.error.choice", found=item,
                                                choices=", ".join(kind)))
    elif isinstance(kind, tuple) and value not in kind:
        raise _refuse(path, setting, tr("payroll.profile.error.choice", found=value,
                                        choices=", ".join(repr(k) for k in kind)))
    return value


def _fits(path, setting: str, value: str, width: int) -> None:
    if len(value) > width:
        raise _refuse(path, setting, tr("payroll.profile.error.too_long", found=value,
                                        width=width))


def check_profile(data: dict, path: Path | str, origin: str = "builtin") -> Profile:
    """Validate a profile's data; every problem is refused naming the file and the setting."""
    for key in data:
        if key not in TOP_KEYS:
            raise _refuse(path, key, tr("payroll.profile.error.unknown_setting"))
    fmt = data.get("format")
    if fmt is None:
        raise _refuse(path, "format", tr("payroll.profile.error.missing"))
    if fmt not in SCHEMAS:
        raise _refuse(path, "format", tr("payroll.profile.error.choice", found=fmt,
                                         choices=", ".join(SCHEMAS)))
    for key in ("name", "title", "template"):
        if key in data:
            _check_value(path, key, str, data[key])
    components = data.get("components", {})
    if not isinstance(components, dict):
        raise _refuse(path, "components", tr("payroll.profile.error.type", expected="[components]",
                                             found=components))
    codes = dict(DEFAULT_CODES)
    for key, value in components.items():
        if key not in COMPONENTS:
            raise _refuse(path, f"components.{key}", tr("payroll.profile.error.unknown_setting"))
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        _check_value(path, f"components.{key}", str, value)
        if not value.strip():
            raise _refuse(path, f"components.{key}", tr("payroll.profile.error.missing"))
        codes[key] = value.strip()
    schema = SCHEMAS[fmt]
    raw = data.get("settings", {})
    if not isinstance(raw, dict):
        raise _refuse(path, "settings", tr("payroll.profile.error.type", expected="[settings]",
                                           found=raw))
    settings = {k: (list(v) if isinstance(v, list) else v) for k, (_, v) in schema.items()}
    for key, value in raw.items():
        if key not in schema:
            raise _refuse(path, f"settings.{key}", tr("payroll.profile.error.unknown_setting"))
        kind, default = schema[key]
        if isinstance(default, list) and not isinstance(value, list):
            raise _refuse(path, f"settings.{key}", tr("payroll.profile.error.type",
                                                      expected="[...]", found=value))
        settings[key] = _check_value(path, f"settings.{key}", kind, value)
    values, one_off, required = _check_kind(path, fmt, data, schema)
    if values == "lasting" and "ingangsdatum" not in settings["columns"]:
        # a value that lasts until replaced needs its begin date
        raise _refuse(path, "settings.columns", tr("profiles.error.needs_column",
                                                   column="ingangsdatum"))
    if settings.get("closing") == "end_date" and "einddatum" not in settings["columns"]:
        raise _refuse(path, "settings.closing", tr("profiles.error.needs_column",
                                                   column="einddatum"))
    used = {key: codes[key] for key in AMOUNTS}
    if settings["contribution"] == "net":
        used["bijdrage"] = codes["bijdrage_netto"]
    _check_format(path, fmt, settings, used)
    return Profile(name=data.get("name") or Path(path).stem, title=data.get("title", ""),
                   format=fmt, template=data.get("template", ""), components=used,
                   settings=settings, path=str(path), origin=origin,
                   extra={"codes": codes}, values=values, one_off=one_off, required=required)


def _check_kind(path, fmt: str, data: dict, schema: dict) -> tuple[str, str, tuple[str, ...]]:
    """`values`, `one_off` and `required` of a profile."""
    values = data.get("values", "one-off")
    _check_value(path, "values", VALUE_KINDS, values)
    if values == "lasting" and fmt != "csv":
        raise _refuse(path, "values", tr("payroll.profile.error.choice", found=values,
                                         choices="'one-off' (format " + fmt + ")"))
    one_off = data.get("one_off", "")
    _check_value(path, "one_off", str, one_off)
    if values == "lasting" and not one_off.strip():
        raise _refuse(path, "one_off", tr("payroll.profile.error.missing"))
    required = data.get("required", [])
    if not isinstance(required, list):
        raise _refuse(path, "required", tr("payroll.profile.error.type", expected="[...]",
                                           found=required))
    for name in required:
        if name not in schema or schema[name][0] is not str:
            raise _refuse(path, f"required.{name}", tr("payroll.profile.error.unknown_setting"))
    return values, one_off.strip(), tuple(required)


def _check_format(path, fmt: str, settings: dict, codes: dict[str, str]) -> None:
    if "encoding" in settings:
        try:
            codecs.lookup(settings["encoding"])
        except LookupError:
            raise _refuse(path, "settings.encoding", tr("payroll.profile.error.choice",
                                                        found=settings["encoding"],
                                                        choices="cp1252, utf-8")) from None
    if "delimiter" in settings and len(settings["delimiter"]) != 1:
        raise _refuse(path, "settings.delimiter", tr("payroll.profile.error.too_long",
                                                     found=settings["delimiter"], width=1))
    if "headings" in settings:
        allowed = SCHEMAS[fmt]["columns"][0]
        for key in settings["headings"]:
            if key not in allowed:
                raise _refuse(path, f"settings.headings.{key}",
                              tr("payroll.profile.error.unknown_setting"))
    if fmt == "dpia100":
        for key in ("procescode", "creatiegebruiker", "productiesoort"):
            _fits(path, f"settings.{key}", settings[key], DPIA_WIDTHS[key])
        for key, code in codes.items():
            _fits(path, f"components.{key}", code, DPIA_WIDTHS["code"])
        seq = settings["employment_sequence"]
        if seq and not seq.isdigit():
            raise _refuse(path, "settings.employment_sequence",
                          tr("payroll.profile.error.type", expected="0-9", found=seq))
    digits = settings.get("code_digits", 0)
    if digits:
        for key, code in codes.items():
            if not code.isdigit():
                raise _refuse(path, f"components.{key}", tr("payroll.profile.error.type",
                                                            expected="0-9", found=code))
            _fits(path, f"components.{key}", code, digits)
    if len(set(codes.values())) != len(codes) and fmt in ("csv-wide", "xlsx-wide"):
        raise _refuse(path, "components", tr("payroll.profile.error.type",
                                             expected="3 verschillende codes",
                                             found=list(codes.values())))


def with_settings(profile: Profile, values: dict[str, str], source: str = "") -> Profile:
    """The profile with some text settings replaced (the employer's own codes remembered per
    collectivity, or given on the command line), each checked as the file's would be; a
    problem is refused naming `source` (default: the profile file) and the setting."""
    if not values:
        return profile
    where = source or profile.path
    schema = SCHEMAS[profile.format]
    settings = dict(profile.settings)
    for key, value in values.items():
        if key not in schema:
            raise _refuse(where, f"settings.{key}", tr("payroll.profile.error.unknown_setting"))
        if schema[key][0] is not str:
            raise _refuse(where, f"settings.{key}", tr("payroll.profile.error.type",
                                                       expected="text", found=value))
        settings[key] = _check_value(where, f"settings.{key}", str, value).strip()
    _check_format(where, profile.format, settings, profile.components)
    return replace(profile, settings=settings)


def missing_required(profile: Profile) -> list[str]:
    """The required settings that are still empty, in the profile's order."""
    return [key for key in profile.required if not str(profile.settings.get(key, "")).strip()]


def required_warnings(profile: Profile) -> list[str]:
    """Each required setting still empty, as a warning naming the file and the setting: the
    file is written with the field blank (payroll-formats.md gives these settings no default,
    so a conversion must not fail for them; the window asks for them before it writes)."""
    return [tr("profiles.warn.required", file=profile.path, setting=f"settings.{key}",
               what=setting_words(key), name=key, profile=profile.name)
            for key in missing_required(profile)]


def check_required(profile: Profile) -> None:
    """Refuse a profile whose required settings are empty, naming the file and the setting."""
    missing = missing_required(profile)
    if missing:
        key = missing[0]
        raise CommandRefused(tr("profiles.error.required", file=profile.path,
                                setting=f"settings.{key}", what=setting_words(key),
                                name=key, profile=profile.name))


def setting_words(key: str, lang: str | None = None) -> str:
    """What a setting holds, in words (`Nmbrs debiteurnummer`)."""
    return tr(f"profiles.setting.{key}", lang)


def rubriek_problems(profile: Profile) -> list[tuple[str, str]]:
    """DPIA100 component codes that are not a Beaufort rubriek (a letter and five digits):
    (setting, code), to be warned."""
    if profile.format != "dpia100":
        return []
    return [(f"components.{key}", code) for key, code in profile.components.items()
            if not DPIA_RUBRIEK.match(code)]


def _profile_path(name: str, files: dict) -> tuple[Path, str] | None:
    """Where the profile called `name` (file stem, alias, or a path to a `.toml` file) is, and
    its origin; None when no profile has that name."""
    if name not in files and ALIASES.get(name) in files:
        name = ALIASES[name]
    candidate = Path(name)
    if name not in files and candidate.suffix == ".toml" and candidate.is_file():
        return candidate, "file"
    return files.get(name)


def _unknown_text(name: str, files: dict) -> str:
    return tr("payroll.profile.error.unknown", name=name, known=", ".join(sorted(files)) or "-")


def unknown_profile(name: str) -> str | None:
    """The refusal's text when no profile is called `name` (naming the ones there are), else
    None."""
    files = profile_files()
    return None if _profile_path(name, files) is not None else _unknown_text(name, files)


def load_profile(name: str) -> Profile:
    """The profile called `name` (file stem), or a path to a profile file."""
    files = profile_files()
    found = _profile_path(name, files)
    if found is None:
        raise CommandRefused(_unknown_text(name, files))
    path, origin = found
    data = _read_toml(path)
    base_name = data.pop("based_on", None)
    if base_name is not None:
        if not isinstance(base_name, str):
            raise _refuse(path, "based_on", tr("payroll.profile.error.type", expected="text",
                                               found=base_name))
        base_path = builtin_dir() / f"{base_name}.toml"
        if not base_path.is_file():
            raise _refuse(path, "based_on", tr("payroll.profile.error.choice", found=base_name,
                                               choices=", ".join(p.stem for p in sorted(
                                                   builtin_dir().glob("*.toml")))))
        base = _read_toml(base_path)
        base.pop("name", None)
        data = _merge(base, data)
    return check_profile(data, path, origin)
