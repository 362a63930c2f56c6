#!/usr/bin/env bash
# The main job: build libpathmap and its CLI, then show the bundled knowledge base
# (91,692 MeTTa axioms): its statistics and its first five axioms as MeTTa text.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
build=build
[ -d "$build" ] || meson setup "$build" --buildtype=release -Dtests=disabled -Dbench=disabled >/dev/null
meson compile -C "$build" pathmap:executable >/dev/null
"$build"/tools/pathmap/pathmap stats
"$build"/tools/pathmap/pathmap ls --format metta --limit 5
