"""Every bad input on the command line (issue 15 and what was handled before): the exit status,
a word of the message, no traceback, and no output file appeared — and every output of every
command against every kind of target: a link, a FIFO, a device, a folder, a file that exists,
a missing or unwritable folder, a file-size limit, and a link put in place while writing.

Cases run in this process through `cli.main` (fast; a deadline turns a block into a failure),
except those that need a process of their own: a FIFO as input (run all at once, each must end
within a deadline set by a control run beside them), a keyring backend other than the test
one, a file-size limit, a folder the process may not write. Nothing is skipped: a case that
blocks fails."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from digibord import cli
from digibord.export import atomic
from tests.borderel_edit import find, get, join, put, sample_lines

REPO = Path(__file__).resolve().parent.parent
DEADLINE = 25.0  # seconds for a process to refuse a FIFO, beyond what its control took
CONTROL_DEADLINE = 300  # a control that takes longer is a broken machine, not a slow one
IN_PROCESS_DEADLINE = 60
PROFILES = ("csv", "afas", "loket", "nmbrs", "raet-dpia100")
# the settings a profile refuses to write without (docs/reports.md "Verplichte instellingen")
REQUIRED = {"afas": ["--set", "employer=W01"],
            "nmbrs": ["--set", "debtor=D42", "--set", "employer=7"],
            "raet-dpia100": ["--set", "creatiegebruiker=SAL"]}
PROFILE_SUFFIX = {"nmbrs": ".xlsx", "raet-dpia100": ".txt"}
VICTIM = b"not yours to write\n"

# ---- running -------------------------------------------------------------------------------

@dataclass
class Outcome:
    code: int
    out: str
    err: str


class Blocked(BaseException):
    """The command did not finish in time (BaseException: cli.main must not swallow it)."""


@contextlib.contextmanager
def deadline(seconds: int):
    def expire(signum, frame):
        raise Blocked(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(capsys, argv: list[str]) -> Outcome:
    with deadline(IN_PROCESS_DEADLINE):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:  # argparse: exit 2
            code = int(exc.code)
    out, err = capsys.readouterr()
    return Outcome(code, out, err)


def assert_clean(outcome: Outcome, code: int, word: str, on_stdout: bool = False) -> None:
    """`on_stdout`: the refusal is the command's own output (`check` reports on stdout)."""
    assert "Traceback" not in outcome.err + outcome.out
    assert outcome.code == code, outcome.err
    said = outcome.out + outcome.err if on_stdout else outcome.err
    assert word.lower() in said.lower(), said


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---- inputs --------------------------------------------------------------------------------

@dataclass
class Inputs:
    root: Path
    march: str
    feb: str
    journal: str
    out: Path  # where outputs are asked for; must stay empty when a command is refused

    def fill(self, argv: list[str], target: str = "") -> list[str]:
        names = {"march": self.march, "feb": self.feb, "journal": self.journal,
                 "root": str(self.root), "target": target}
        return [a.format(**names) for a in argv]


def _journal_text(rows) -> str:
    return "Personeelsnummer;Naam;Inhouding zorgverzekering\r\n" + "".join(
        f"{n};x;{a}\r\n" for n, a in rows)


def make_inputs(root: Path, samples_dir: Path) -> Inputs:
    (root / "out").mkdir()
    (root / "folder").mkdir()
    (root / "journal.csv").write_text(_journal_text([("004708", "780,28"), ("E13657", "350")]),
                                      encoding="utf-8")
    (root / "huge.csv").write_text(_journal_text([("004708", "99999999999999999999999")]),
                                   encoding="utf-8")
    (root / "wrap.csv").write_text(_journal_text([("004708", "92233720368547758,07"),
                                                  ("004708", "0,01")]), encoding="utf-8")
    (root / "empty.csv").write_bytes(b"")
    (root / "empty.dat").write_bytes(b"")
    (root / "paper.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    lines = sample_lines(samples_dir, "03")
    (root / "spaces.dat").write_bytes(join(lines) + b" " * 10 + b"\r\n")
    i = find(lines, "10", lambda ln: get(ln, "role") == "H")
    for name, field, value in (("formula_number.dat", "employee_number", "=1+1"),
                               ("formula_name.dat", "surname", '=HYPERLINK("http://x.nl")')):
        edited = list(lines)
        edited[i] = put(put(put(lines[i], field, value), "initials", ""), "prefix", "")
        (root / name).write_bytes(join(edited))
    return Inputs(root, str(samples_dir / "2026-03_01.dat"), str(samples_dir / "2026-02_01.dat"),
                  str(root / "journal.csv"), root / "out")


@pytest.fixture
def inputs(tmp_path, samples_dir) -> Inputs:
    return make_inputs(tmp_path, samples_dir)


# (id, argv with {march} {feb} {journal} {root}, exit status, a word of the message)
BAD_INPUTS = [
    # options: exit 2 with argparse's message
    ("amount beyond int64", ["salary", "{march}", "--amount", "99999999999999999999999",
                             "-o", "{root}/out/s.csv"], 2, "te groot"),
    ("amount above € 10 000 000", ["salary", "{march}", "--amount", "10000000,01"], 2,
     "te groot"),
    ("amount 5000 digits", ["salary", "{march}", "--amount", "9" * 5000], 2, "te groot"),
    ("amount in Arabic-Indic digits", ["salary", "{march}", "--amount", "٣"], 2,
     "ongeldig bedrag"),
    ("amount in full-width digits", ["salary", "{march}", "--amount", "１２"], 2,
     "ongeldig bedrag"),
    ("negative amount", ["salary", "{march}", "--amount", "-5"], 2, "ongeldig bedrag"),
    ("amount with thousands", ["salary", "{march}", "--amount", "1.000,00"], 2,
     "ongeldig bedrag"),
    ("percent above 100", ["salary", "{march}", "--percent", "100,01"], 2,
     "ongeldig percentage"),
    ("percent in Arabic-Indic digits", ["salary", "{march}", "--percent", "١٠"], 2,
     "ongeldig percentage"),
    ("amount and percent", ["salary", "{march}", "--amount", "5", "--percent", "5"], 2,
     "niet samen"),
    ("payroll-check amount", ["payroll-check", "{march}", "{journal}", "--amount", "٣"], 2,
     "ongeldig bedrag"),
    ("unknown option", ["list", "{march}", "--bogus"], 2, "onbekende argumenten"),
    ("unknown command", ["frobnicate"], 2, "ongeldige keuze"),
    ("missing file argument", ["list"], 2, "verplicht"),
    ("unknown period", ["salary", "{march}", "--period", "jaar"], 2, "ongeldige keuze"),
    ("two outputs", ["list", "{march}", "--csv", "{root}/out/a.csv", "--xlsx",
                     "{root}/out/b.xlsx"], 2, "niet samen"),
    ("unknown language", ["--lang", "xx", "list", "{march}"], 2, "ongeldige keuze"),
    ("volgnummer not a number", ["archive", "remove", "2026-01", "--volgnummer", "x"], 2,
     "ongeldige waarde"),
    # inputs: exit 1 with a message
    ("missing file", ["list", "{root}/nope.dat", "--csv", "{root}/out/a.csv"], 1,
     "niet worden gelezen"),
    ("folder as borderel", ["list", "{root}/folder"], 1, "niet worden gelezen"),
    ("folder as borderel (salary)", ["salary", "{root}/folder", "-o", "{root}/out/s.csv"], 1,
     "niet worden gelezen"),
    ("missing file (diff)", ["diff", "{feb}", "{root}/nope.dat", "--pdf", "{root}/out/d.pdf"],
     1, "niet worden gelezen"),
    ("empty borderel", ["corrections", "{root}/empty.dat", "--xlsx", "{root}/out/c.xlsx"], 1,
     "leeg"),
    ("a PDF as borderel", ["list", "{root}/paper.pdf"], 1, "PDF"),
    ("same month twice", ["corrections", "{march}", "{march}", "--csv", "{root}/out/c.csv"], 1,
     "meer dan eens"),
    ("diff in the wrong order", ["diff", "{march}", "{feb}", "--csv", "{root}/out/d.csv"], 1,
     "eerder"),
    ("month without archive", ["list", "2026-05"], 1, "archief"),
    # a name no profile has: a value outside the option's choices, exit 2 (was 1 before
    # 4 December 2026); a profile file that cannot be honoured stays exit 1
    ("unknown profile, JSON", ["salary", "{march}", "--profile", "nope", "--json"], 2,
     "onbekend profiel"),
    ("unknown profile, file", ["salary", "{march}", "--profile", "nope", "-o",
                               "{root}/out/s.csv"], 2, "onbekend profiel"),
    ("unknown profile, check", ["payroll-check", "{march}", "{root}/nope.csv", "--profile",
                                "nope"], 2, "onbekend profiel"),
    ("missing journal", ["payroll-check", "{march}", "{root}/nope.csv", "--csv",
                         "{root}/out/p.csv"], 1, "niet te lezen"),
    ("folder as journal", ["payroll-check", "{march}", "{root}/folder"], 1, "niet te lezen"),
    ("empty journal", ["payroll-check", "{march}", "{root}/empty.csv"], 1, "leeg"),
    pytest.param("journal amount beyond int64",
                 ["payroll-check", "{march}", "{root}/huge.csv", "--csv", "{root}/out/p.csv"],
                 1, "99999999999999999999999"),
    pytest.param("journal amounts that would wrap",
                 ["payroll-check", "{march}", "{root}/wrap.csv", "--json"],
                 1, "92233720368547758"),
    *[(f"formula werknemersnummer ({p})",
       ["salary", "{root}/formula_number.dat", "--profile", p, *REQUIRED.get(p, []), "-o",
        f"{{root}}/out/s{PROFILE_SUFFIX.get(p, '')}"],
       1, "werknemersnummer '=1+1'") for p in PROFILES],
    *[(f"formula name ({p})", ["salary", "{root}/formula_name.dat", "--profile", p,
                               *REQUIRED.get(p, []), "-o",
                               f"{{root}}/out/s{PROFILE_SUFFIX.get(p, '')}"], 1, "als naam")
      for p in ("loket", "nmbrs")],
    # refused: after the 90 only line ends and one 0x1A may follow, a line of spaces is neither
    ("spaces after the 90 (check)", ["check", "{root}/spaces.dat"], 1,
     "regel 48, veld 'recordsoort' (posities 1-2): Na het sluitrecord '90' mogen alleen"),
    ("spaces after the 90 (list)", ["list", "{root}/spaces.dat", "--json"], 1,
     "regel 48, veld 'recordsoort' (posities 1-2): Na het sluitrecord '90' mogen alleen"),
]


def _named(cases) -> list:
    """Cases written as (name, values...) or pytest.param(name, values..., marks=...) as
    params with the name as their id."""
    out = []
    for case in cases:
        values, marks = (case.values, case.marks) if hasattr(case, "marks") else (case, ())
        out.append(pytest.param(*values[1:], id=values[0], marks=marks))
    return out


@pytest.mark.parametrize(("argv", "code", "word"), _named(BAD_INPUTS))
def test_bad_input(argv, code, word, inputs, capsys):
    outcome = run(capsys, inputs.fill(argv))
    assert_clean(outcome, code, word)
    assert listing(inputs.out) == []


def test_bad_inputs_in_english(inputs, capsys):
    outcome = run(capsys, inputs.fill(["--lang", "en", "salary", "{march}", "--amount",
                                       "99999999999999999999999"]))
    assert_clean(outcome, 2, "too large")
    outcome = run(capsys, inputs.fill(["--lang", "en", "salary", "{root}/formula_number.dat",
                                       "-o", "{root}/out/s.csv"]))
    assert_clean(outcome, 1, "has werknemersnummer '=1+1'")
    assert listing(inputs.out) == []


# ---- cases that need a process of their own, run side by side ------------------------------

# (id, argv, exit status, a word, how to prepare the data folder)
PROCESS_CASES = [
    pytest.param("FIFO as borderel (list)", ["list", "{root}/pipe"], 1, "FIFO", None),
    pytest.param("FIFO as borderel (check)", ["check", "{root}/pipe"], 1, "FIFO", None),
    pytest.param("FIFO as borderel (import)", ["import", "{root}/pipe"], 1, "FIFO", None),
    pytest.param("FIFO as journal", ["payroll-check", "{march}", "{root}/pipe"], 1, "FIFO",
                 None),
    pytest.param("FIFO as key file (import)", ["import", "{march}"], 1, "sleutel", "fifo"),
    pytest.param("link as key file (import)", ["import", "{march}"], 1, "sleutel", "link"),
    pytest.param("dangling link as key file (import)", ["import", "{march}"], 1, "sleutel",
                 "dangling"),
]


def _env(home: Path, keyring: str = "devtools.testing_keyring.MemoryKeyring") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIGIBORD_")}
    env.update(DIGIBORD_HOME=str(home), DIGIBORD_LANG="nl", PYTHON_KEYRING_BACKEND=keyring,
               PYTHONPATH=str(REPO))
    return env


def _prepare_key(home: Path, kind: str | None, victim: Path) -> str:
    """A data folder whose archive.key is a FIFO or a link; no keyring, so the key goes to a
    file there."""
    if kind is None:
        return "devtools.testing_keyring.MemoryKeyring"
    data = home / "data"
    data.mkdir(parents=True, mode=0o700)
    key = data / "archive.key"
    if kind == "fifo":
        os.mkfifo(key)
    elif kind == "link":
        os.symlink(victim, key)
    else:
        os.symlink(home / "elsewhere", key)
    return "keyring.backends.fail.Keyring"


@dataclass
class Runs:
    """The processes of PROCESS_CASES, started at `begun`, and a control beside them."""

    started: dict
    begun: float
    control: subprocess.Popen
    control_took: float | None = None

    def deadline(self) -> float:
        """When a case must have ended: DEADLINE plus three times what the control took, a
        refusal of a regular file started at the same moment (so a machine busy enough to
        slow every start-up does not turn a refusal into a block, and a block still fails)."""
        if self.control_took is None:
            try:
                self.control.communicate(timeout=CONTROL_DEADLINE)
            except subprocess.TimeoutExpired:
                self.control.kill()
                self.control.communicate()
                pytest.fail(f"the control did not end within {CONTROL_DEADLINE} s")
            self.control_took = time.monotonic() - self.begun
        return self.begun + DEADLINE + 3 * self.control_took


def _start(root: Path, argv: list[str], keyring: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "digibord", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=root,
                            env=_env(root / "home", keyring))


@pytest.fixture(scope="module")
def process_runs(tmp_path_factory, samples_dir):
    """Every PROCESS_CASE started at once; each test then waits for its own until the
    deadline."""
    started = {}
    for case in PROCESS_CASES:
        name, argv, code, word, key = case.values
        root = tmp_path_factory.mktemp("process")
        ins = make_inputs(root, samples_dir)
        os.mkfifo(root / "pipe")
        victim = root / "victim"
        victim.write_bytes(VICTIM)
        keyring = _prepare_key(root / "home", key, victim)
        started[name] = (_start(root, ins.fill(argv), keyring), ins, victim, code, word,
                         argv[0] == "check")
    control_root = tmp_path_factory.mktemp("control")
    (control_root / "empty.dat").write_bytes(b"")
    control = _start(control_root, ["list", str(control_root / "empty.dat")],
                     "devtools.testing_keyring.MemoryKeyring")
    runs = Runs(started, time.monotonic(), control)
    yield runs
    for proc, *_ in [*started.values(), (control,)]:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


@pytest.mark.parametrize("name", [pytest.param(c.values[0], id=c.values[0], marks=c.marks)
                                  for c in PROCESS_CASES])
def test_bad_input_in_a_process(name, process_runs):
    proc, ins, victim, code, word, on_stdout = process_runs.started[name]
    deadline = process_runs.deadline()
    try:
        out, err = proc.communicate(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{name}: blocked, no answer within "
                    f"{deadline - process_runs.begun:.0f} s")
    assert_clean(Outcome(proc.returncode, out, err), code, word, on_stdout)
    assert listing(ins.out) == []
    assert victim.read_bytes() == VICTIM
    assert not (ins.root / "home" / "elsewhere").exists()


# ---- every output of every command against every kind of target ---------------------------

def _outputs() -> dict[str, list[str]]:
    out = {}
    for fmt in ("csv", "xlsx", "pdf"):
        out[f"list --{fmt}"] = ["list", "{march}", f"--{fmt}", f"{{target}}.{fmt}"]
        out[f"corrections --{fmt}"] = ["corrections", "{feb}", "{march}", f"--{fmt}",
                                       f"{{target}}.{fmt}"]
        out[f"diff --{fmt}"] = ["diff", "{feb}", "{march}", f"--{fmt}", f"{{target}}.{fmt}"]
        out[f"payroll-check --{fmt}"] = ["payroll-check", "{march}", "{journal}", f"--{fmt}",
                                         f"{{target}}.{fmt}"]
    # the profiles without required settings: `--set` would write the archive first (it
    # remembers them), and these cases are about the one file -o names
    for p in (p for p in PROFILES if p not in REQUIRED):
        out[f"salary -o ({p})"] = ["salary", "{march}", "--profile", p, "-o",
                                   f"{{target}}{PROFILE_SUFFIX.get(p, '.csv')}"]
    return out


OUTPUTS = _outputs()


def _target(inputs: Inputs, argv: list[str], folder: Path | None = None) -> Path:
    """The output path the command line names (folder `out` unless told)."""
    filled = inputs.fill(argv, str((folder or inputs.out) / "report"))
    return Path(filled[-1])


class Kinds:
    """What stands at the target before the command runs, and what must hold after."""

    @staticmethod
    def symlink(t: Path, victim: Path) -> None:
        os.symlink(victim, t)

    @staticmethod
    def dangling_symlink(t: Path, victim: Path) -> None:
        os.symlink(t.parent / "elsewhere", t)

    @staticmethod
    def fifo(t: Path, victim: Path) -> None:
        os.mkfifo(t)

    @staticmethod
    def device(t: Path, victim: Path) -> None:
        os.mknod(t, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # /dev/null's numbers

    @staticmethod
    def folder(t: Path, victim: Path) -> None:
        t.mkdir()


NOT_A_FILE = {"symlink": (stat.S_ISLNK, Kinds.symlink),
              "dangling symlink": (stat.S_ISLNK, Kinds.dangling_symlink),
              "fifo": (stat.S_ISFIFO, Kinds.fifo),
              "device": (stat.S_ISCHR, Kinds.device),
              "folder": (stat.S_ISDIR, Kinds.folder)}


def _device_target(inputs: Inputs, argv: list[str]) -> Path:
    # a device node of our own needs root; otherwise the real /dev/null, never written either
    return _target(inputs, argv) if os.geteuid() == 0 else Path("/dev/null")


@pytest.mark.parametrize("kind", list(NOT_A_FILE))
@pytest.mark.parametrize("output", list(OUTPUTS))
def test_force_never_replaces_or_follows_what_is_not_a_file(output, kind, inputs, capsys):
    argv = OUTPUTS[output]
    victim = inputs.root / "victim"
    victim.write_bytes(VICTIM)
    is_kind, make = NOT_A_FILE[kind]
    target = _device_target(inputs, argv) if kind == "device" else _target(inputs, argv)
    if target.parent == inputs.out:
        make(target, victim)
    before = listing(inputs.out)
    filled = inputs.fill(argv, str(target.with_suffix("")))
    filled[-1] = str(target)
    outcome = run(capsys, [*filled, "--force"])
    assert_clean(outcome, 1, "geen gewoon bestand")
    assert is_kind(target.lstat().st_mode)
    assert victim.read_bytes() == VICTIM
    assert listing(inputs.out) == before  # no temporary file left, nothing made beside it
    assert not (inputs.out / "elsewhere").exists()


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_an_existing_file_stays_without_force(output, inputs, capsys):
    target = _target(inputs, OUTPUTS[output])
    target.write_bytes(VICTIM)
    outcome = run(capsys, inputs.fill(OUTPUTS[output], str(target.with_suffix(""))))
    assert_clean(outcome, 1, "bestaat al")
    assert target.read_bytes() == VICTIM and listing(inputs.out) == [target.name]


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_a_missing_folder_is_refused(output, inputs, capsys):
    outcome = run(capsys, inputs.fill(OUTPUTS[output], str(inputs.out / "nope" / "report")))
    assert_clean(outcome, 1, "bestaat niet")
    assert listing(inputs.out) == []


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_written_private_and_alone(output, inputs, capsys):
    target = _target(inputs, OUTPUTS[output])
    outcome = run(capsys, inputs.fill(OUTPUTS[output], str(target.with_suffix(""))))
    assert outcome.code == 0, outcome.err
    assert listing(inputs.out) == [target.name]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.stat().st_size > 100


# ---- races: something put at the target or the temporary file while the command writes -----

def _temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_race_link_at_the_target_after_the_last_check(output, inputs, capsys, monkeypatch):
    """With --force: a link put at the target between the last check and the rename is
    replaced itself (rename never follows it); what it pointed to is untouched."""
    target = _target(inputs, OUTPUTS[output])
    target.write_bytes(b"last month\n")
    victim = inputs.root / "victim"
    victim.write_bytes(VICTIM)
    real = atomic.check_target

    def check_then_swap(path, overwrite, lang=None):
        checked = real(path, overwrite, lang)
        if _temporaries(inputs.out):  # the check just before the rename
            os.unlink(target)
            os.symlink(victim, target)
        return checked

    monkeypatch.setattr(atomic, "check_target", check_then_swap)
    outcome = run(capsys, [*inputs.fill(OUTPUTS[output], str(target.with_suffix(""))),
                           "--force"])
    assert outcome.code == 0, outcome.err
    assert stat.S_ISREG(target.lstat().st_mode) and target.read_bytes() != b"last month\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert victim.read_bytes() == VICTIM and listing(inputs.out) == [target.name]


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_race_link_at_the_target_while_writing(output, inputs, capsys, monkeypatch):
    """Without --force: a link that appears at the target while the file is written makes the
    command refuse (the name is taken); the link stays, what it points to is untouched."""
    target = _target(inputs, OUTPUTS[output])
    victim = inputs.root / "victim"
    victim.write_bytes(VICTIM)
    real = atomic._seal

    def seal_then_link(tmp):
        real(tmp)
        os.symlink(victim, target)

    monkeypatch.setattr(atomic, "_seal", seal_then_link)
    outcome = run(capsys, inputs.fill(OUTPUTS[output], str(target.with_suffix(""))))
    assert_clean(outcome, 1, "bestaat al")
    assert target.is_symlink() and victim.read_bytes() == VICTIM
    assert listing(inputs.out) == [target.name]


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("output", list(OUTPUTS))
def test_race_temporary_file_swapped_for_a_link(output, force, inputs, capsys, monkeypatch):
    """The finished temporary file replaced by a link before it is renamed: refused; the link
    is neither followed nor renamed into place."""
    target = _target(inputs, OUTPUTS[output])
    victim = inputs.root / "victim"
    victim.write_bytes(VICTIM)
    real = atomic._seal

    def swap_then_seal(tmp):
        os.unlink(tmp)
        os.symlink(victim, tmp)
        real(tmp)

    monkeypatch.setattr(atomic, "_seal", swap_then_seal)
    argv = inputs.fill(OUTPUTS[output], str(target.with_suffix("")))
    mode = victim.stat().st_mode
    outcome = run(capsys, [*argv, "--force"] if force else argv)
    assert_clean(outcome, 1, "kon niet worden geschreven")
    assert victim.read_bytes() == VICTIM and victim.stat().st_mode == mode  # not even chmod
    assert listing(inputs.out) == []


# ---- write errors of the file system, in a process of their own ----------------------------

_DRIVER = r"""
import contextlib, ctypes, io, json, os, resource, signal, sys
from digibord import cli

cases, limit = json.loads(sys.argv[1]), sys.argv[2]
if limit == "fsize":
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))
elif os.geteuid() == 0:  # root writes anywhere: give up overriding file modes
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]
    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = Header(0x20080522, 0), (Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    data[0].effective &= ~((1 << 1) | (1 << 2)) & 0xFFFFFFFF  # DAC_OVERRIDE, DAC_READ_SEARCH
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")
results = {}
for name, argv in cases.items():
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = cli.main(argv)
        except SystemExit as exc:
            code = exc.code
    results[name] = [code, err.getvalue()]
print(json.dumps(results))
"""


@pytest.fixture(scope="module", params=["fsize", "unwritable"])
def write_errors(request, tmp_path_factory, samples_dir):
    """Every output written under a file-size limit of 200 bytes (SIGXFSZ ignored, so the
    write fails with EFBIG), or into a folder the process may not write (0555; as root the
    process first gives up CAP_DAC_OVERRIDE)."""
    root = tmp_path_factory.mktemp(request.param)
    ins = make_inputs(root, samples_dir)
    folder = ins.out if request.param == "fsize" else root / "readonly"
    folder.mkdir(exist_ok=True)
    cases = {name: ins.fill(argv, str(folder / "report")) for name, argv in OUTPUTS.items()}
    if request.param == "unwritable":
        folder.chmod(0o555)
    try:
        done = subprocess.run([sys.executable, "-c", _DRIVER, json.dumps(cases),
                               request.param], capture_output=True, text=True, cwd=root,
                              env=_env(root / "home"), timeout=600)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    return request.param, json.loads(done.stdout), folder


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_write_error_is_a_refusal(output, write_errors):
    limit, results, folder = write_errors
    code, err = results[output]
    assert_clean(Outcome(code, "", err), 1, "kon niet worden geschreven")
    assert ("groter dan het systeem toestaat" if limit == "fsize" else "niet schrijven") in err
    assert listing(folder) == []
