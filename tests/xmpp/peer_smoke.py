#!/usr/bin/python3
"""The XMPP exchanges of tests/xmpp/smoke.sh, played by slixmpp clients.

alice and bob sign in over STARTTLS to the server(s) of prosody.sh, each
certificate pinned by the SHA-256 fingerprint prosody.sh printed, become
contacts with a mutual subscription, see each other's presence, and alice
sends bob a <message> carrying <x xmlns='urn:msgsc:invite:1'>aGVsbG8=</x>.
Then a message to bob while he is offline is refused and not stored, and a
wrong password, a wrong pin and an unpinned self-signed certificate are
refused.  Prints PASS/FAIL lines; exit status 1 when anything failed.

    peer_smoke.py --alice JID PASSWORD PORT SHA256 --bob JID PASSWORD PORT SHA256

alice's and bob's ports are the c2s ports of their servers (one server for
both, or two federated ones).  Every wait is bounded: 10 s a step, 30 s in
all.
"""

import argparse
import asyncio
import hashlib
import logging
import ssl
import sys
import xml.etree.ElementTree as ET

import slixmpp
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

INVITE_NS = "urn:msgsc:invite:1"
INVITE_XML = "<x xmlns='%s'>aGVsbG8=</x>" % INVITE_NS
TIMEOUT = 10.0  # seconds, for any one step

failures = 0


def report(ok, what):
    global failures
    print("%s: %s" % ("PASS" if ok else "FAIL", what), flush=True)
    if not ok:
        failures += 1
    return ok


class Peer(slixmpp.ClientXMPP):
    """A client of a test server on 127.0.0.1: no DNS, the certificate
    checked against a pinned fingerprint (pin=None: the system's trust
    store, as an ordinary client would)."""

    def __init__(self, jid, password, port, pin):
        super().__init__(jid, password)
        self.port = port
        self.pin = pin
        self.pin_matched = None  # the fingerprint check's result, once TLS is up
        self.tls_refused = False  # the TLS handshake failed (unpinned case)
        self.started = asyncio.Event()
        self.auth_failed = asyncio.Event()
        self.ended = asyncio.Event()
        self.available = {}  # full JID -> last available presence from it
        self.unavailable = set()  # full JIDs that went offline
        self.messages = []
        if pin is not None:
            # Python's ssl cannot check a pin during the handshake, and a
            # self-signed certificate does not verify: the handshake takes
            # any certificate, and on_cert below closes the connection
            # before anything is sent over TLS unless it is the pinned one.
            self.ssl_context.check_hostname = False
            self.ssl_context.verify_mode = ssl.CERT_NONE
        self.add_event_handler("ssl_cert", self.on_cert)
        self.add_event_handler("ssl_invalid_chain", self.on_invalid_chain)
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("failed_all_auth", self.on_auth_failed)
        self.add_event_handler("disconnected", lambda _: self.ended.set())
        self.add_event_handler("presence_available", self.on_available)
        self.add_event_handler("presence_unavailable", self.on_unavailable)
        # Every <message>: slixmpp's "message" event skips those without a
        # <body>, as msgsc's are.
        self.register_handler(Callback("every message", MatchXPath("{jabber:client}message"),
                                       self.messages.append))

    async def get_dns_records(self, domain, port=None):
        return [(domain, "127.0.0.1", self.port)]

    def on_cert(self, pem):
        if self.pin is None:
            return
        der = ssl.PEM_cert_to_DER_cert(pem)
        self.pin_matched = hashlib.sha256(der).hexdigest() == self.pin.lower()
        if not self.pin_matched:
            # Called from start_tls before the stream restarts over TLS.
            self.abort()

    def on_invalid_chain(self, _error):
        self.tls_refused = True
        self.abort()

    async def on_start(self, _event):
        await self.get_roster()
        self.send_presence()
        self.started.set()

    def on_auth_failed(self, _event):
        self.auth_failed.set()
        self.abort()

    def on_available(self, presence):
        self.available[str(presence["from"])] = presence

    def on_unavailable(self, presence):
        self.unavailable.add(str(presence["from"]))

    def sign_in(self):
        self.connect(("127.0.0.1", self.port))

    async def sign_out(self):
        self.disconnect()
        await wait_for(self.ended.wait())


async def wait_for(awaitable, timeout=TIMEOUT):
    """True when awaitable completes within timeout seconds."""
    try:
        await asyncio.wait_for(awaitable, timeout)
        return True
    except asyncio.TimeoutError:
        return False


async def until(predicate, timeout=TIMEOUT):
    """True once predicate() holds, polled every 50 ms, within timeout."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            return False
        await asyncio.sleep(0.05)
    return True


def subscription(peer, jid):
    roster = peer.client_roster
    return roster[jid]["subscription"] if jid in roster else "none"


async def sign_in(peer, name):
    peer.sign_in()
    ok = await wait_for(peer.started.wait())
    return report(ok and peer.pin_matched is True,
                  "%s signs in over STARTTLS, certificate pinned (%s)" %
                  (name, peer.boundjid.full if ok else "no session"))


async def refused(peer, what, flag):
    """peer must not get a session; flag() says why it was refused."""
    peer.sign_in()
    await until(lambda: flag() or peer.started.is_set(), 5)
    await asyncio.sleep(0.2)  # a session that would start after all
    report(flag() and not peer.started.is_set(), what)
    peer.abort()


async def main(args):
    (a_jid, a_pw, a_port, a_pin), (b_jid, b_pw, b_port, b_pin) = args.alice, args.bob
    a_port, b_port = int(a_port), int(b_port)

    # The certificate is refused unless pinned: it is self-signed.
    unpinned = Peer(a_jid, a_pw, a_port, None)
    await refused(unpinned, "the self-signed certificate is refused by the system's trust store",
                  lambda: unpinned.tls_refused)
    # A wrong pin is refused before anything is sent over TLS.
    wrong = Peer(a_jid, a_pw, a_port, "00" * 32)
    await refused(wrong, "a wrong certificate pin is refused",
                  lambda: wrong.pin_matched is False)

    alice = Peer(a_jid, a_pw, a_port, a_pin)
    bob = Peer(b_jid, b_pw, b_port, b_pin)
    if not (await sign_in(alice, "alice") and await sign_in(bob, "bob")):
        return
    a_bare, b_bare = alice.boundjid.bare, bob.boundjid.bare

    # Mutual subscription: alice asks, bob's client authorizes and asks back
    # (slixmpp's auto_authorize and auto_subscribe), alice's authorizes.
    alice.send_presence_subscription(pto=b_bare)
    ok = await until(lambda: subscription(alice, b_bare) == "both" and
                     subscription(bob, a_bare) == "both")
    report(ok, "alice and bob are contacts with a mutual subscription (%s / %s)" %
           (subscription(alice, b_bare), subscription(bob, a_bare)))

    # Presence both ways, then a fresh one with a status that must arrive.
    ok = await until(lambda: bob.boundjid.full in alice.available and
                     alice.boundjid.full in bob.available)
    report(ok, "each sees the other's presence")
    alice.send_presence(pstatus="msgsc smoke")
    ok = await until(lambda: alice.boundjid.full in bob.available and
                     bob.available[alice.boundjid.full]["status"] == "msgsc smoke")
    report(ok, "bob gets alice's new presence with its status")

    # The invitation element, to bob's full JID, must arrive as it was sent.
    msg = alice.make_message(mto=bob.boundjid.full)
    msg.xml.append(ET.fromstring(INVITE_XML))
    msg.send()
    ok = await until(lambda: bob.messages)
    got = bob.messages[0] if ok else None
    if got is not None:
        children = list(got.xml)
        invite = children[0] if len(children) == 1 else None
        ok = (str(got["from"]) == alice.boundjid.full and invite is not None and
              invite.tag == "{%s}x" % INVITE_NS and invite.attrib == {} and
              invite.text == "aGVsbG8=" and len(invite) == 0)
        shown = "from %s: %s" % (got["from"], ", ".join(
            "%s %r" % (c.tag, c.text) for c in children) or "no child")
    else:
        shown = "nothing"
    report(ok, "bob receives exactly alice's <x xmlns='%s'> element (got %s)" %
           (INVITE_NS, shown))

    # Offline: nothing is stored (modules_disabled offline); the sender is
    # told service-unavailable, and bob gets nothing when he signs in again.
    bob_full = bob.boundjid.full
    await bob.sign_out()
    ok = await until(lambda: bob_full in alice.unavailable)
    report(ok, "alice sees bob go offline")
    alice.messages.clear()
    msg = alice.make_message(mto=b_bare, mbody="while you were away")
    msg.xml.append(ET.fromstring(INVITE_XML))
    msg.send()
    ok = await until(lambda: any(m["type"] == "error" for m in alice.messages))
    errors = [m for m in alice.messages if m["type"] == "error"]
    condition = errors[0]["error"]["condition"] if errors else "none"
    report(ok and condition == "service-unavailable",
           "a message to offline bob is refused (%s)" % condition)
    bob2 = Peer(b_jid, b_pw, b_port, b_pin)
    if await sign_in(bob2, "bob again"):
        await asyncio.sleep(1.5)  # offline messages come right after presence
        report(not bob2.messages, "bob gets no stored message (got %d)" % len(bob2.messages))
        await bob2.sign_out()

    # A wrong password gets no session.
    bad = Peer(b_jid, b_pw + "-wrong", b_port, b_pin)
    await refused(bad, "a wrong password is refused", bad.auth_failed.is_set)
    await alice.sign_out()


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("alice", "bob"):
        parser.add_argument("--" + name, nargs=4, required=True,
                            metavar=("JID", "PASSWORD", "PORT", "SHA256"))
    parser.add_argument("--debug", action="store_true", help="slixmpp's debug log")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse()
    logging.basicConfig(level=logging.DEBUG if arguments.debug else logging.CRITICAL)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(asyncio.wait_for(main(arguments), 30))
    except asyncio.TimeoutError:
        report(False, "the whole exchange within 30 s")
    sys.exit(1 if failures else 0)
