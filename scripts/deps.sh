#!/bin/sh
# Installs what building and testing msgsc needs on Debian, when missing.
# Runs apt-get as root (through sudo for other users).
set -eu

packages="cmake make gcc clang libclang-rt-dev mingw-w64 mingw-w64-tools wine wine64 libwine-dev iproute2"

missing=
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "Installing:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
