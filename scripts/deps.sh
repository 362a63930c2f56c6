#!/usr/bin/env bash
# Installs the Debian 12 packages libpathmap needs to build, test and benchmark,
# plus any packages given as arguments (e.g. the fuzzing toolchain), only when some
# are missing (apt-get needs root; sudo is used when available).
set -euo pipefail

packages=(
  g++ meson ninja-build pkg-config
  zlib1g-dev libboost-dev libxxhash-dev
  libcli11-dev libgtest-dev libcmocka-dev
  wamerican
  python3 python3-pytest python3-hypothesis abigail-tools
  libmarisa-dev liblmdb-dev
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
