# Sourced by tools/bootstrap.sh: wait while another apt or dpkg (unattended-upgrades, a second
# bootstrap, a person in another terminal) holds the package locks, instead of failing at once.
#
# It only looks: the kernel lists every held file lock in /proc/locks (device:inode), so no
# lock is taken here and nothing else is disturbed; no psmisc (fuser) or lsof needed.
# DIGIBORD_APT_LOCKS (files, space-separated) and DIGIBORD_APT_WAIT (seconds, default 300)
# exist for tests/test_bootstrap.py.

APT_LOCK_FILES=${DIGIBORD_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}
APT_LOCK_WAIT=${DIGIBORD_APT_WAIT:-300}

# "<pid> <program>" of a process that holds one of the lock files, or nothing.
apt_lock_holder() {
  [ -r /proc/locks ] || return 0
  local file dev major minor key pid
  for file in $APT_LOCK_FILES; do
    [ -e "$file" ] || continue
    dev=$((16#$(stat -c '%D' "$file")))
    major=$(( (dev >> 8) & 0xfff ))
    minor=$(( (dev & 0xff) | ((dev >> 12) & 0xfff00) ))
    key=$(printf '%02x:%02x:%s' "$major" "$minor" "$(stat -c '%i' "$file")")
    # "1: POSIX  ADVISORY  WRITE 4711 fe:00:2146440 0 EOF" (an OFD lock has pid -1)
    pid=$(awk -v key="$key" '$0 ~ /->/ {next} { for (i = 1; i <= NF; i++) if ($i == key) { print $(i - 1); exit } }' /proc/locks)
    if [ -n "$pid" ]; then
      echo "$pid $(cat "/proc/$pid/comm" 2>/dev/null || echo '?') ($file)"
      return 0
    fi
  done
}

# Wait up to APT_LOCK_WAIT seconds for the locks to be free; 1 (with a message) when they
# are still held then.
wait_for_apt_lock() {
  local holder waited=0 told=-1
  while holder=$(apt_lock_holder) && [ -n "$holder" ]; do
    if [ "$waited" -ge "$APT_LOCK_WAIT" ]; then
      echo "apt/dpkg is still busy after ${APT_LOCK_WAIT} s (process $holder)." >&2
      echo "Let it finish (or stop it), then run tools/bootstrap.sh again." >&2
      return 1
    fi
    if [ "$told" -lt 0 ] || [ $((waited - told)) -ge 30 ]; then
      echo "Waiting for another apt/dpkg to finish (process $holder), up to ${APT_LOCK_WAIT} s..."
      told=$waited
    fi
    sleep 1
    waited=$((waited + 1))
  done
  return 0
}
