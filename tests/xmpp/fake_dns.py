#!/usr/bin/python3
"""A DNS server for one test, on UDP ADDRESS:53 of its network namespace:
it answers SRV and A queries from a table and NXDOMAIN for the rest
(RFC 1035 messages, RFC 2782 SRV data), and logs each query to stdout.

    fake_dns.py ADDRESS RECORD...

Each RECORD is NAME=SRV:PRIORITY:WEIGHT:PORT:TARGET or NAME=A:ADDRESS.
Runs until killed.  Only for tests: no recursion, no TCP, no EDNS."""

import socket
import struct
import sys

TYPE_A, TYPE_SRV, CLASS_IN = 1, 33, 1


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def read_name(packet, offset):
    labels = []
    while packet[offset]:
        length = packet[offset]
        labels.append(packet[offset + 1:offset + 1 + length].decode("ascii"))
        offset += 1 + length
    return ".".join(labels).lower(), offset + 1


def parse_records(arguments):
    table = {}
    for argument in arguments:
        name, value = argument.split("=", 1)
        fields = value.split(":")
        if fields[0] == "SRV":
            priority, weight, port, target = int(fields[1]), int(fields[2]), int(fields[3]), fields[4]
            data = struct.pack("!HHH", priority, weight, port) + encode_name(target)
            table.setdefault((name.lower(), TYPE_SRV), []).append(data)
        elif fields[0] == "A":
            table.setdefault((name.lower(), TYPE_A), []).append(socket.inet_aton(fields[1]))
    return table


def answer(packet, table):
    ident, flags, questions = struct.unpack("!HHH", packet[:6])
    if questions != 1:
        return None
    name, offset = read_name(packet, 12)
    qtype, qclass = struct.unpack("!HH", packet[offset:offset + 4])
    question = packet[12:offset + 4]
    records = table.get((name, qtype), []) if qclass == CLASS_IN else []
    known = any(key[0] == name for key in table)
    print("query %s type %d: %d answers" % (name, qtype, len(records)), flush=True)
    # QR, opcode of the query, AA, RD copied; NXDOMAIN for a name we do not know.
    rcode = 0 if records or known else 3
    header = struct.pack("!HHHHHH", ident, 0x8400 | (flags & 0x0100) | rcode, 1, len(records), 0, 0)
    body = b""
    for data in records:
        body += b"\xc0\x0c" + struct.pack("!HHIH", qtype, CLASS_IN, 60, len(data)) + data
    return header + question + body


def main():
    address, table = sys.argv[1], parse_records(sys.argv[2:])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, 53))
    print("listening on %s:53" % address, flush=True)
    while True:
        packet, peer = sock.recvfrom(4096)
        try:
            reply = answer(packet, table)
        except (IndexError, struct.error, UnicodeDecodeError):
            reply = None
        if reply:
            sock.sendto(reply, peer)


if __name__ == "__main__":
    main()
