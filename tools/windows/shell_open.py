"""Open a file the way Explorer does for a file type: `python shell_open.py FILE [PROGID]`.

Runs on Windows (or under Wine) with any Python. Calls ShellExecuteExW with the verb "open",
so the shell looks up the command in the registry (HKCU\\Software\\Classes\\<PROGID>\\shell\\open
\\command, with "%1" replaced by the file) and starts it, exactly as a double-click does once
the user has chosen that program for the file type. With PROGID the shell uses that ProgID
(SEE_MASK_CLASSNAME), as Explorer does for an entry under .dat\\OpenWithProgids; without it,
the extension's default. Waits for the program to end and exits with its exit status.

Wine 8 does not merge HKCU\\Software\\Classes into HKEY_CLASSES_ROOT as Windows does, so its shell
cannot see a per-user ProgID at all. When the ProgID is only under HKCU (that is: under Wine),
this does what the Windows shell does with it: take the registered command line, put the file
in for "%1" and start it. It says which of the two it did.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import winreg
from ctypes import wintypes

SEE_MASK_CLASSNAME = 0x00000001
SEE_MASK_NOCLOSEPROCESS = 0x00000040
SEE_MASK_FLAG_NO_UI = 0x00000400
SW_SHOWNORMAL = 1
INFINITE = 0xFFFFFFFF


class SHELLEXECUTEINFOW(ctypes.Structure):
    _fields_ = [
        ("cbSize", wintypes.DWORD), ("fMask", ctypes.c_ulong), ("hwnd", wintypes.HWND),
        ("lpVerb", wintypes.LPCWSTR), ("lpFile", wintypes.LPCWSTR),
        ("lpParameters", wintypes.LPCWSTR), ("lpDirectory", wintypes.LPCWSTR),
        ("nShow", ctypes.c_int), ("hInstApp", wintypes.HINSTANCE), ("lpIDList", ctypes.c_void_p),
        ("lpClass", wintypes.LPCWSTR), ("hkeyClass", wintypes.HKEY),
        ("dwHotKey", wintypes.DWORD), ("hIconOrMonitor", wintypes.HANDLE),
        ("hProcess", wintypes.HANDLE),
    ]


def shell_open(path: str, progid: str | None = None) -> int:
    info = SHELLEXECUTEINFOW()
    info.cbSize = ctypes.sizeof(info)
    info.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_FLAG_NO_UI
    info.lpVerb = "open"
    info.lpFile = path
    info.nShow = SW_SHOWNORMAL
    if progid:
        info.fMask |= SEE_MASK_CLASSNAME
        info.lpClass = progid
    shell32 = ctypes.WinDLL("shell32", use_last_error=True)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    if not shell32.ShellExecuteExW(ctypes.byref(info)):
        raise OSError(ctypes.get_last_error(), f"ShellExecuteEx failed for {path}")
    if not info.hProcess:
        raise OSError(0, "the shell started no process (DDE or an already running program)")
    kernel32.WaitForSingleObject(info.hProcess, INFINITE)
    code = wintypes.DWORD()
    kernel32.GetExitCodeProcess(info.hProcess, ctypes.byref(code))
    kernel32.CloseHandle(info.hProcess)
    return code.value


def _command(root: int, key: str) -> str | None:
    try:
        with winreg.OpenKey(root, key) as handle:
            value, kind = winreg.QueryValueEx(handle, "")
    except FileNotFoundError:
        return None
    return os.path.expandvars(value) if kind == winreg.REG_EXPAND_SZ else value


def open_per_user(path: str, progid: str) -> int:
    """The shell's part for a ProgID that only HKCU\\Software\\Classes has."""
    key = f"Software\\Classes\\{progid}\\shell\\open\\command"
    command = _command(winreg.HKEY_CURRENT_USER, key)
    if command is None:
        raise SystemExit(f"{progid} has no open command under HKCU\\Software\\Classes")
    if "%1" not in command and "%L" not in command:
        raise SystemExit(f"the open command of {progid} does not pass the file: {command}")
    line = command.replace("%1", path).replace("%L", path)
    print(f"shell open (per-user command, as the Windows shell would run it): {line}")
    return subprocess.run(line, check=False).returncode


def main(path: str, progid: str | None) -> int:
    in_root = progid is None or _command(
        winreg.HKEY_CLASSES_ROOT, f"{progid}\\shell\\open\\command") is not None
    if in_root:
        print(f"shell open (ShellExecuteEx{', class ' + progid if progid else ''}): {path}")
        status = shell_open(path, progid)
    else:
        status = open_per_user(path, progid)
    print(f"shell open: the program exited with {status}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))
