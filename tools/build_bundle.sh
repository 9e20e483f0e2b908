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

# Quitting while the borderels still load must print nothing: the worker thread is stopped
# before Qt deletes its signals object at exit (it used to print "RuntimeError: Signal source
# has been deleted"). Five starts, each quitting once shown with the four demo months queued.
for i in 1 2 3 4 5; do
  DIGIBORD_QUIT_AFTER_SHOW=1 QT_LOGGING_RULES="default.warning=false" timeout 120 \
    "$BUNDLE/Digibord" "$BUNDLE"/_internal/resources/demo/*.dat >/dev/null 2>"$DIGIBORD_HOME/stderr"
  if [ -s "$DIGIBORD_HOME/stderr" ]; then
    echo "bundle: quitting while loading printed (start $i):" >&2; cat "$DIGIBORD_HOME/stderr" >&2
    exit 1
  fi
done
echo "bundle: 5 starts quit while loading, nothing on stderr"

echo "bundle: $(du -sh "$BUNDLE" | cut -f1) unpacked ($BUNDLE)"
echo "bundle: all done in $(( $(date +%s) - t0 )) s"
