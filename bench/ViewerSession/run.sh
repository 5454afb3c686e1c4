#!/usr/bin/env bash
# Frame times and Esc latency of `neuralsdf view` on this machine's GL (llvmpipe without a GPU), under a private Xvfb,
# driven with xdotool as a user would: move (hold W), let it refine, F12, move again, then Esc; and a second session
# that presses Esc in the middle of a refinement. Prints the viewer's own frame-time summary (frames that drew
# something, wall time each) and how long the process took to exit after Esc.
#
#   bench/ViewerSession/run.sh MODEL.nsdf [TARGET_MS=50] [SIZE=960x640]
set -euo pipefail
model=${1:?usage: run.sh MODEL.nsdf [TARGET_MS] [SIZE]}
target=${2:-50}
size=${3:-960x640}
root=$(cd "$(dirname "$0")/../.." && pwd)
cli="$root/src/Cli/bin/Release/net10.0/neuralsdf"
[ -x "$cli" ] || { echo "build first: dotnet build $root/src/Cli -c Release" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
Xvfb :97 -screen 0 1280x900x24 >/dev/null 2>&1 & xvfb=$!
export DISPLAY=:97
sleep 1

echo "# ViewerSession — $(date -u '+%Y-%m-%d %H:%M') UTC, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# model $(basename "$model"), --target-ms $target, --size $size"

session() { # $1: name, $2: the steps between the window opening and Esc (a shell function)
    local log="$work/$1.log"
    "$cli" view "$model" --target-ms "$target" --size "$size" --screenshot-dir "$work" >"$log" 2>&1 & local viewer=$!
    local window
    window=$(xdotool search --sync --onlyvisible --name '^NeuralSdf' | head -1)
    xdotool mousemove --window "$window" 40 40
    "$2" "$log"
    local esc; esc=$(date +%s.%N)
    xdotool key Escape
    wait $viewer || true
    local exited; exited=$(date +%s.%N)
    echo "- $1: $(grep -h '^Frame times' "$log"); exit $(echo "($exited - $esc) * 1000" | bc | cut -d. -f1) ms after Esc"
    grep -h 'warning\|error' "$log" || true
}

move_refine_screenshot() {
    sleep 2                                   # first frames, refinement of the first view
    xdotool keydown w; sleep 3; xdotool keyup w
    sleep 4                                   # refining
    local start; start=$(date +%s.%N)
    xdotool key F12
    until grep -q 'Saved screenshot' "$1"; do sleep 0.1; done
    echo "  F12 → screenshot saved after $(echo "($(date +%s.%N) - $start) * 1000" | bc | cut -d. -f1) ms"
    xdotool keydown a; sleep 2; xdotool keyup a
    sleep 0.5
}

esc_while_refining() {
    sleep 2
    xdotool keydown d; sleep 1; xdotool keyup d
    sleep 0.6                                 # refinement has begun (it starts 0.2 s after the last change)
}

session "move, refine, F12, move, Esc" move_refine_screenshot
session "Esc while refining" esc_while_refining
