#!/bin/sh
# Host-side check of a built msgsc.dll that needs no Wine, so that the i686
# DLL is checked without Wine: the PE machine; the five COM exports and
# BrokerMain by undecorated name and no decorated export; TYPELIB resources
# 1, 2 and 3; in each type library's MSFT header the magic, the system kind
# of the architecture and the LIBID of the spec table; and every GUID of the
# spec table present in one of the libraries' GUID tables.
#   pe-check.sh OBJDUMP DLL BITS(32|64) SPEC_TABLE_H
# Prints each failure and a summary line as tests/test.h does; exits 1 on
# failure.
set -u
objdump=$1 dll=$2 bits=$3 table=$4

passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "pe-check: Test failed: $*"; }
check() { if [ "$1" = "$2" ]; then pass; else fail "$3: '$1', expected '$2'"; fi; }

headers=$("$objdump" -p "$dll") || { echo "pe-check: $objdump -p $dll failed"; exit 1; }

case $bits in
32) format=pei-i386 syskind=1 ;;  # SYS_WIN32
64) format=pei-x86-64 syskind=3 ;; # SYS_WIN64
*) echo "pe-check: bits must be 32 or 64"; exit 1 ;;
esac
check "$(echo "$headers" | sed -n 's/.*file format \(.*\)$/\1/p' | head -n 1)" "$format" "file format"

# Exports: the five COM entry points and the broker's rundll32 entry point
# by their plain names, and no decorated name at all (an i686 stdcall
# export that kept its decoration, DllGetClassObject@12, is not found by
# GetProcAddress).  Other exports are allowed and listed.
exports=$(echo "$headers" | sed -n '/^\[Ordinal\/Name Pointer\] Table/,/^$/p' |
          sed -n 's/^[[:space:]]*\[ *[0-9]*\] \(.*\)$/\1/p' | sort)
for name in DllGetClassObject DllCanUnloadNow DllRegisterServer DllUnregisterServer DllInstall BrokerMain; do
    if echo "$exports" | grep -qx "$name"; then pass; else fail "export $name missing"; fi
done
decorated=$(echo "$exports" | grep '[@]' | tr '\n' ' ')
check "$decorated" "" "decorated exports"
others=$(echo "$exports" | grep -v '[@]' | grep -vx 'DllGetClassObject\|DllCanUnloadNow\|DllRegisterServer\|DllUnregisterServer\|DllInstall\|BrokerMain' |
         tr '\n' ' ')
[ -n "$others" ] && echo "pe-check: other exports: $others"

# Resource directory as objdump prints it: type entries are indented three
# spaces, name entries five, leaves eight.  Prints "id rva size" per TYPELIB.
leaves=$(echo "$headers" | awk '
    /^The \.rsrc Resource Directory section/ { rsrc = 1; next }
    !rsrc { next }
    /^[0-9a-f]+   Entry: / { typelib = ($0 ~ /: TYPELIB,/); next }
    typelib && /^[0-9a-f]+     Entry: ID: / { id = $4; sub(/,$/, "", id); next }
    typelib && /Leaf: Addr: / { addr = $4; size = $6; sub(/,$/, "", addr); sub(/,$/, "", size); print id, addr, size }' |
    while read -r id addr size; do echo "$((id)) $addr $size"; done)
# 1 = msgrpriv, 2 = msgrcontact, 3 = msgsc's own Applications collection.
check "$(echo "$leaves" | awk '{ print $1 }' | sort -n | tr '\n' ' ')" "1 2 3 " "TYPELIB resource ids"

# File offset of an RVA inside .rsrc, from the section table.
image_base=$(echo "$headers" | awk '$1 == "ImageBase" { print $2; exit }')
set -- $("$objdump" -h "$dll" | awk '$2 == ".rsrc" { print $4, $6; exit }')
if [ $# -eq 2 ]; then
    rsrc_rva=$((0x$1 - 0x$image_base)) rsrc_offset=$((0x$2))
else
    fail "no .rsrc section"
    leaves=
fi

all_guids=
for resource in 1 2; do
    set -- $(echo "$leaves" | awk -v id=$resource '$1 == id { print $2, $3 }')
    [ $# -eq 2 ] || { fail "TYPELIB $resource: no data"; continue; }
    offset=$(($1 - rsrc_rva + rsrc_offset)) size=$(($2))
    # The MSFT header (layout as in Wine's dlls/oleaut32/typelib.h): magic
    # at 0, position of the LIBID in the GUID table at 8, varflags at 20
    # (low nibble: syskind; bit 8: one more header word), number of type
    # infos at 32, header end at 84; then one offset per type info and the
    # segment directory, whose sixth entry is the GUID table (24-byte
    # entries).  mawk reads no hex constants, hence decimal offsets.
    fields=$(od -A n -t x1 -v -j "$offset" -N "$size" "$dll" | awk '
        { for (i = 1; i <= NF; i++) b[n++] = $i }
        function u32(o) { return hex(b[o + 3] b[o + 2] b[o + 1] b[o]) }
        function hex(s,    v, i) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
        function guid(o,    s, i) {
            s = "{" toupper(b[o + 3] b[o + 2] b[o + 1] b[o]) "-" toupper(b[o + 5] b[o + 4]) "-" toupper(b[o + 7] b[o + 6]) "-"
            s = s toupper(b[o + 8] b[o + 9]) "-"
            for (i = 10; i < 16; i++) s = s toupper(b[o + i])
            return s "}"
        }
        END {
            if (n < 84 || u32(0) != 1413894989) { print "magic"; exit } # 1413894989 is "MSFT"
            varflags = u32(20)
            segdir = 84 + (int(varflags / 256) % 2 ? 4 : 0) + 4 * u32(32)
            table = u32(segdir + 5 * 16); length_ = u32(segdir + 5 * 16 + 4)
            printf "syskind %d\nlibid %s\n", varflags % 16, guid(table + u32(8))
            for (o = 0; o + 24 <= length_; o += 24) printf "guid %s\n", guid(table + o)
        }')
    if [ "$fields" = magic ]; then
        fail "TYPELIB $resource is not an MSFT type library"
        continue
    fi
    pass
    check "$(echo "$fields" | awk '$1 == "syskind" { print $2 }')" "$syskind" "TYPELIB $resource syskind"
    expected=$(sed -n "s/^#define SPEC_LIBID_$resource *\"\\({[-0-9A-F]*}\\)\".*/\\1/p" "$table")
    [ -n "$expected" ] || fail "SPEC_LIBID_$resource not found in $table"
    check "$(echo "$fields" | awk '$1 == "libid" { print $2 }')" "$expected" "TYPELIB $resource LIBID"
    all_guids="$all_guids $(echo "$fields" | awk '$1 == "guid" { print $2 }' | tr '\n' ' ')"
done

# Every GUID the spec table names is in one of the two libraries.
for guid in $(grep -o '"{[-0-9A-F]*}"' "$table" | tr -d '"' | sort -u); do
    case " $all_guids " in
    *" $guid "*) pass ;;
    *) fail "GUID $guid of the spec table is in neither type library" ;;
    esac
done

echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
