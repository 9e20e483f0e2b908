#!/usr/bin/env bash
# Build the Digibord bundle (dist/Digibord/) with build_installer.spec, the spec the Windows
# build uses, and prove that the frozen programs work: `digibord-cli --self-test`,
# `digibord-cli check` on the sample borderels, and the window started and closed again.
# Prints the time each step took and the size of the unpacked bundle. Run after
# tools/bootstrap.sh (it needs .venv); CI calls it from .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)

.venv/bin/python -m pip install -q -e '.[bundle]'
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN build_installer.spec
t1=$(date +%s)
echo "bundle: built in $(( t1 - t0 )) s"

BUNDLE=dist/Digibord
# The frozen programs get their own settings/data folder, never the user's or a test's.
export DIGIBORD_HOME
DIGIBORD_HOME=$(mktemp -d)
trap 'rm -rf "$DIGIBORD_HOME"' EXIT
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

"$BUNDLE/digibord-cli" --self-test
"$BUNDLE/digibord-cli" check tests/data/samples/*.dat

# Start to window: DIGIBORD_QUIT_AFTER_SHOW makes the window quit once it is on screen.
start=$(date +%s%N)
DIGIBORD_QUIT_AFTER_SHOW=1 timeout 120 "$BUNDLE/Digibord"
echo "bundle: window started and closed in $(( ($(date +%s%N) - start) / 1000000 )) ms"

echo "bundle: $(du -sh "$BUNDLE" | cut -f1) unpacked ($BUNDLE)"
echo "bundle: all done in $(( $(date +%s) - t0 )) s"
