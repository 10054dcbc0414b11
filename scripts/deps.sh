#!/bin/sh
# Installs what building and testing msgsc needs on Debian, when missing:
# the toolchains, 64-bit and 32-bit Wine (old applications of this API are
# mostly 32-bit, so the i686 DLL is tested too), iproute2 for the
# two-hosts test, and for the test of the agent's windows (tests/ui) an X
# server (xvfb, with xdpyinfo from x11-utils to know when it is up),
# screenshots (imagemagick's import) and real clicks and keys (xdotool),
# and for the XMPP tests (tests/xmpp) throwaway servers (prosody, ejabberd), their
# self-signed certificates (openssl) and an independent XMPP client library
# (python3-slixmpp, used through /usr/bin/python3).
# Runs apt-get as root (through sudo for other users).
set -eu

packages="cmake make gcc clang libclang-rt-dev mingw-w64 mingw-w64-tools wine wine64 wine32:i386 libwine-dev iproute2
          xvfb x11-utils imagemagick xdotool
          prosody ejabberd openssl python3-slixmpp"

missing=
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
# wine32 comes from the i386 architecture, which must be known to dpkg
# before the package lists are read.
if ! dpkg --print-foreign-architectures | grep -qx i386; then
    echo "Adding the i386 architecture (for wine32)"
    $sudo dpkg --add-architecture i386
fi
echo "Installing:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
