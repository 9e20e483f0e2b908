#!/usr/bin/env bash
# Set up Digibord on a fresh Debian/Ubuntu machine: the system libraries Qt needs, a virtual
# environment in .venv, and the program with its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  # Qt 6 (PySide6) on the offscreen and xcb platforms
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
  # PDF pages to PNG in the tests, a virtual screen for screenshots
  poppler-utils xvfb xauth
  # a font for Qt to draw text with on a machine that has none
  fonts-dejavu-core fontconfig
)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "Missing Debian packages (install them as root): ${missing[*]}" >&2; exit 1
  fi
  # shellcheck source=tools/apt_lock.sh
  . tools/apt_lock.sh
  # Another apt/dpkg at work: wait for it (saying so) rather than fail; apt's own timeout
  # covers the moment between our look and its start.
  APT=($SUDO env DEBIAN_FRONTEND=noninteractive apt-get -qq -o "DPkg::Lock::Timeout=$APT_LOCK_WAIT")
  echo "Installing Debian packages: ${missing[*]}"
  wait_for_apt_lock
  "${APT[@]}" update
  wait_for_apt_lock
  "${APT[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
echo "Digibord is installed in .venv: start it with .venv/bin/digibord"
