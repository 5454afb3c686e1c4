#!/bin/sh
# Fetches the SIREN paper's test images from Debian's python3-skimage (scikit-image's data: not ours, never committed)
# and halves them to 256² with a 2 × 2 box average, done by the bench itself, so no Python is needed.
#
#   bench/ImageBench/fetch-images.sh [OUT_DIR]      (default: bench/ImageBench/data)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && apt-get download python3-skimage)
dpkg -x "$work"/python3-skimage_*.deb "$work/root"
data="$work/root/usr/lib/python3/dist-packages/skimage/data"
for name in camera.png astronaut.png brick.png; do
    [ -f "$data/$name" ] || { echo "fetch-images.sh: $name is not in $(basename "$work"/python3-skimage_*.deb)" >&2; exit 1; }
done
dotnet run -c Release --project "$here" -- --mode prepare --from "$data" --to "$out" camera.png astronaut.png brick.png
