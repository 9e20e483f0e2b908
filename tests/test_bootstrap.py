"""tools/bootstrap.sh waits while another apt/dpkg holds the package locks (tools/apt_lock.sh
reads /proc/locks), saying so, instead of failing at once; and gives up plainly after a while.
The locks here are temporary files held by a child process, as apt holds its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="apt, dpkg and /proc/locks are Linux's")

HOLD = """
import fcntl, sys
lock = open(sys.argv[1], "w")
fcntl.lockf(lock, fcntl.LOCK_EX)  # the kind of lock apt and dpkg take (fcntl F_SETLK)
print("locked", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


def hold_lock(path: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "locked\n"
    return holder


def waiter(lock: Path, wait: int) -> subprocess.Popen:
    env = dict(os.environ, DIGIBORD_APT_LOCKS=f"{lock.parent / 'absent'} {lock}",
               DIGIBORD_APT_WAIT=str(wait))
    return subprocess.Popen(["bash", "-c", ". tools/apt_lock.sh && wait_for_apt_lock"],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_free_locks_do_not_wait(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.write_text("")
    run = waiter(lock, 60)
    out, err = run.communicate(timeout=30)
    assert (run.returncode, out, err) == (0, "", "")


def test_waits_while_the_lock_is_held_and_goes_on_when_it_is_free(tmp_path):
    lock = tmp_path / "lock-frontend"
    holder = hold_lock(lock)
    run = waiter(lock, 120)
    try:
        first = run.stdout.readline()
        assert first.startswith(f"Waiting for another apt/dpkg to finish (process {holder.pid} ")
        assert str(lock) in first and "up to 120 s" in first
        assert run.poll() is None, "still waiting while the lock is held"
    finally:
        holder.stdin.close()  # the other apt finishes
        holder.wait(timeout=30)
    out, err = run.communicate(timeout=30)
    assert run.returncode == 0, err
    assert out == "", "told once, not again"
    assert err == ""


def test_gives_up_plainly_when_the_lock_stays_held(tmp_path):
    lock = tmp_path / "lock"
    holder = hold_lock(lock)
    try:
        run = waiter(lock, 1)
        out, err = run.communicate(timeout=60)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert run.returncode == 1
    assert f"apt/dpkg is still busy after 1 s (process {holder.pid} " in err
    assert "run tools/bootstrap.sh again" in err
    assert out.startswith("Waiting for another apt/dpkg to finish")


def test_bootstrap_uses_the_wait_before_each_apt_get():
    script = (REPO / "tools" / "bootstrap.sh").read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines()]
    apt_calls = [i for i, line in enumerate(lines) if line.startswith('"${APT[@]}"')]
    assert len(apt_calls) == 2  # update, install
    assert all(lines[i - 1] == "wait_for_apt_lock" for i in apt_calls)
    assert "DPkg::Lock::Timeout" in script
