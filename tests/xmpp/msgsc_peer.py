#!/usr/bin/python3
"""An independent msgsc peer over XMPP: slixmpp playing bob (and carol, and a
second place of bob's) against msgsc's alice, written from docs/protocol.md
alone (sections 2-5: the text/x-msmsgsinvite payloads; section 9: how they
travel over XMPP), never from src/.  tests/net/xmpp-peers.sh runs it beside
tests/net/xmpp_peer.c, alice's side, and their scenarios are the same list:

  a  alice invites bob; bob accepts (ACCEPT #1), gets ACCEPT #2, context
     data both ways, alice cancels
  b  bob invites alice (her resource found by disco#info); she accepts,
     bob sends ACCEPT #2, context data both ways, bob cancels
  c  bob signed in twice: both places get alice's INVITE, the first accepts,
     the other is sent CANCEL OUTBANDCANCEL (and again for a late ACCEPT)
  d  carol, not a contact, invites alice: she gets CANCEL REJECT
  e  bob signed in without msgsc (plain slixmpp): alice's Invite fails at
     once (her side also invites dave, who is offline); bob gets nothing
  f  bob (msgsc) signed in again; with a connected session, the server is
     killed (kill -9): bob's stream ends (alice's side checks
     SR_CONNECTION_FAILURE)

    msgsc_peer.py play --server PORT SHA256 --password PW --alice JID --bob JID
                       [--carol JID] --guid GUID --words DIR --scenarios abcdef
                       [--kill PID]
    msgsc_peer.py befriend JID1 PORT1 SHA256_1 JID2 PORT2 SHA256_2 PASSWORD
    msgsc_peer.py selftest

--server is the c2s port and certificate pin of bob's (and carol's) server.
The two sides say words to each other as files DIR/<word>-<GUID>.word, as
tests/net/party.h does.  befriend makes two accounts, possibly on two
federated servers, mutual contacts.  selftest checks the payload builder
against the page's examples.  Prints PASS:/FAIL: lines; every wait is
bounded; exit status 1 when anything failed.
"""

import argparse
import asyncio
import base64
import hashlib
import ipaddress
import logging
import os
import random
import re
import signal
import sys
import uuid
import xml.etree.ElementTree as ET

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from peer_smoke import Peer, subscription, until, wait_for

NS = "urn:msgsc:invite:1"  # section 9.1
HINTS = "urn:xmpp:hints"
DISCO_INFO = "http://jabber.org/protocol/disco#info"
CAPS = "http://jabber.org/protocol/caps"
CAPS_NODE = "urn:msgsc"
IDENTITY = ("client", "pc", "msgsc")  # section 9.3
FEATURES = sorted([NS, DISCO_INFO, CAPS])

# --- the payloads (sections 2 and 3) -----------------------------------------

MIME = "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
# The fields of each message in the order they are sent (section 3, and
# section 4 for CANCEL); a field with an empty value is left out, except
# Application-Name, always in an INVITE.
ORDER = {
    "INVITE": ["Application-Name", "Application-GUID", "Application-URL", "Session-Protocol",
               "Context-Data", "Invitation-Command", "Invitation-Cookie", "Session-ID", "IP-Address"],
    "ACCEPT1": ["Invitation-Command", "Invitation-Cookie", "Session-ID", "Session-Protocol",
                "Context-Data", "Launch-Application", "Request-Data", "IP-Address"],
    "ACCEPT2": ["Invitation-Command", "Invitation-Cookie", "Session-ID", "Launch-Application", "IP-Address"],
    "CANCEL": ["Invitation-Command", "Cancel-Code", "Invitation-Cookie", "Session-ID", "Context-Data",
               "X-Msgsc-HResult"],
    "CONTEXT": ["Invitation-Command", "Invitation-Cookie", "Session-ID", "Context-Data"],
}
COMMAND = {"INVITE": "INVITE", "ACCEPT1": "ACCEPT", "ACCEPT2": "ACCEPT", "CANCEL": "CANCEL",
           "CONTEXT": "CONTEXT"}
APP_NAME, APP_URL = "Chess Board", "http://apps.example.org/chess/"


def build(kind, fields):
    """The payload of a message of kind (a key of ORDER), fields by name."""
    fields = dict(fields)
    fields.setdefault("Invitation-Command", COMMAND[kind])
    text = MIME
    for name in ORDER[kind]:
        value = fields.get(name, "")
        if value or (kind == "INVITE" and name == "Application-Name"):
            text += "%s: %s\r\n" % (name, value)
    return (text + "\r\n").encode("utf-8")


def parse(payload):
    """Section 2's lenient reading: a dict of the fields (names in lower
    case, the first occurrence wins).  Raises ValueError when malformed."""
    if b"\0" in payload or re.search(rb"\r(?!\n)", payload):
        raise ValueError("NUL, or CR without LF")
    lines = payload.decode("utf-8").split("\n")
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if "" not in lines:
        raise ValueError("no blank line after the header")
    blank = lines.index("")
    ctype = [v for n, _, v in (h.partition(":") for h in lines[:blank]) if n.strip().lower() == "content-type"]
    if not ctype or ctype[0].split(";")[0].strip().lower() != "text/x-msmsgsinvite":
        raise ValueError("not text/x-msmsgsinvite")
    fields = {}
    for line in lines[blank + 1:]:
        if not line:
            break
        name, colon, value = line.partition(":")
        if colon:
            fields.setdefault(name.strip().lower(), value.strip())
    cookie = fields.get("invitation-cookie", "")
    if "invitation-command" not in fields or not re.fullmatch(r"[1-9][0-9]{0,9}", cookie) or \
            int(cookie) > 4294967295:
        raise ValueError("no Invitation-Command, or no valid Invitation-Cookie")
    if fields["invitation-command"].upper() == "INVITE" and "application-guid" not in fields:
        raise ValueError("INVITE without Application-GUID")
    return fields


def kind_of(fields):
    """The key of ORDER a parsed message is written by."""
    command = fields["invitation-command"].upper()
    if command == "ACCEPT":  # ACCEPT #2 has neither (section 3)
        return "ACCEPT1" if "session-protocol" in fields or "request-data" in fields else "ACCEPT2"
    return {"REJECT": "CANCEL"}.get(command, command)


def is_ip(text):
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def is_guid(text):
    return re.fullmatch(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", text) is not None


def new_session_id():
    return "{%s}" % str(uuid.uuid4()).upper()


# --- the stanzas (section 9) --------------------------------------------------


class Received:
    """One <message/> carrying our <invite/>: who sent it, the payload's
    fields, and every way it differs from what section 9.2 and section 3
    write (problems)."""

    def __init__(self, stanza, own_jid):
        self.sender = stanza.get("from", "")
        self.bare = self.sender.split("/")[0]
        self.problems = []
        self.fields = {}
        text = stanza.find("{%s}invite" % NS).text or ""
        if stanza.get("type") != "normal":
            self.problems.append("type %r, not 'normal'" % stanza.get("type"))
        if not stanza.get("id"):
            self.problems.append("no id")
        if stanza.get("to") != own_jid:
            self.problems.append("sent to %r, not this full JID %s" % (stanza.get("to"), own_jid))
        for hint in ("no-store", "no-copy"):
            if stanza.find("{%s}%s" % (HINTS, hint)) is None:
                self.problems.append("no <%s/> hint" % hint)
        if stanza.find("{jabber:client}body") is not None:
            self.problems.append("a <body/>")
        try:
            payload = base64.b64decode(text, validate=True)
            if base64.b64encode(payload).decode() != text:
                self.problems.append("base64 not in the canonical form")
            self.fields = parse(payload)
            exact = build(kind_of(self.fields), {n: self.get(n) for n in ORDER[kind_of(self.fields)]})
            if exact != payload:
                self.problems.append("payload %r, the page writes it %r" % (payload, exact))
            self.size = len(payload)
        except (ValueError, UnicodeDecodeError, KeyError) as error:
            self.problems.append("payload refused: %s (%r)" % (error, text[:80]))
            self.size = 0
        command = self.fields.get("invitation-command", "").upper()
        self.command = "CANCEL" if command == "REJECT" else command
        self.cookie = self.fields.get("invitation-cookie")

    def get(self, name):
        return self.fields.get(name.lower(), "")

    def __repr__(self):
        return "%s %s from %s" % (self.command, self.cookie, self.sender)


def caps_ver(identity, features):
    """XEP-0115 section 5.1's verification string (no forms)."""
    text = "%s/%s//%s<" % identity + "".join(f + "<" for f in sorted(features))
    return base64.b64encode(hashlib.sha1(text.encode()).digest()).decode()


class MsgscPeer(Peer):
    """peer_smoke's client (pinned certificate on 127.0.0.1) as a msgsc
    resource: caps in its presence and disco#info answered (section 9.3),
    and every <invite/> received kept in inbox.  msgsc=False: a plain
    client, without either."""

    def __init__(self, jid, password, port, pin, msgsc=True):
        super().__init__(jid, password, port, pin)
        self.msgsc = msgsc
        self.online = {}  # full JID -> its current available presence
        self.inbox = []  # Received, oldest first
        self.errors = []  # <message type='error'/>
        self.queried_by = set()  # bare JIDs that asked our disco#info
        self.sent = 0
        self.register_handler(Callback("msgsc invite", MatchXPath("{jabber:client}message/{%s}invite" % NS),
                                       self.on_invite))
        if msgsc:
            self.register_handler(Callback("disco#info", MatchXPath("{jabber:client}iq/{%s}query" % DISCO_INFO),
                                           self.on_disco))

    async def on_start(self, _event):
        await self.get_roster()
        presence = self.make_presence()
        if self.msgsc:
            ET.SubElement(presence.xml, "{%s}c" % CAPS,
                          {"hash": "sha-1", "node": CAPS_NODE, "ver": caps_ver(IDENTITY, FEATURES)})
        presence.send()
        self.started.set()

    def on_available(self, presence):
        super().on_available(presence)
        self.online[str(presence["from"])] = presence

    def on_unavailable(self, presence):
        super().on_unavailable(presence)
        self.online.pop(str(presence["from"]), None)

    def on_invite(self, message):
        if message["type"] == "error":
            self.errors.append(message)
        else:
            self.inbox.append(Received(message.xml, self.boundjid.full))

    def on_disco(self, iq):
        if iq["type"] != "get":
            return
        self.queried_by.add(iq["from"].bare)
        reply = iq.reply()
        query = ET.SubElement(reply.xml, "{%s}query" % DISCO_INFO)
        node = iq.xml.find("{%s}query" % DISCO_INFO).get("node")
        if node:
            query.set("node", node)
        ET.SubElement(query, "{%s}identity" % DISCO_INFO,
                      {"category": IDENTITY[0], "type": IDENTITY[1], "name": IDENTITY[2]})
        for feature in FEATURES:
            ET.SubElement(query, "{%s}feature" % DISCO_INFO, {"var": feature})
        reply.send()

    def send_payload(self, to, payload):
        """Section 9.2's stanza: type normal, our element, the hints, no body."""
        self.sent += 1
        message = self.make_message(mto=to)
        message.xml.set("type", "normal")
        message.xml.set("id", "msgsc-%d" % self.sent)
        ET.SubElement(message.xml, "{%s}invite" % NS).text = base64.b64encode(payload).decode()
        ET.SubElement(message.xml, "{%s}no-store" % HINTS)
        ET.SubElement(message.xml, "{%s}no-copy" % HINTS)
        message.send()

    async def disco(self, jid, node=None):
        """(identities, features) of jid's disco#info answer, or None."""
        iq = self.make_iq_get(queryxmlns=DISCO_INFO, ito=jid)
        if node:
            iq.xml.find("{%s}query" % DISCO_INFO).set("node", node)
        try:
            result = await iq.send(timeout=10)
        except (IqError, IqTimeout):
            return None
        query = result.xml.find("{%s}query" % DISCO_INFO)
        identities = [(i.get("category"), i.get("type"), i.get("name"))
                      for i in query.findall("{%s}identity" % DISCO_INFO)]
        return identities, sorted(f.get("var") for f in query.findall("{%s}feature" % DISCO_INFO))


# --- the scenarios ------------------------------------------------------------

label = "-"
failures = 0


def report(ok, what):
    global failures
    print("%s: [%s] %s" % ("PASS" if ok else "FAIL", label, what), flush=True)
    failures += not ok
    return ok


async def expect(peer, who, what, command, cookie=None, timeout=20):
    """Takes the first message of command (and cookie) from peer's inbox,
    waiting at most timeout seconds; reports whether it came, as written."""
    def first():
        return next((r for r in peer.inbox if r.command == command and cookie in (None, r.cookie)), None)

    await until(lambda: first() is not None, timeout)
    received = first()
    if received is None:
        report(False, "%s receives %s within %d s (has %s)" % (who, what, timeout, peer.inbox))
        return None
    peer.inbox.remove(received)
    report(not received.problems, "%s receives %s from %s, %d bytes, as docs/protocol.md writes it%s" %
           (who, what, received.sender, received.size,
            "" if not received.problems else ": " + "; ".join(received.problems)))
    return received


def check(received, what, **expected):
    """One line: the fields of received have the values expected (a value,
    or a predicate); Context_Data stands for Context-Data."""
    if received is None:
        return report(False, what + ": no message")
    wrong = []
    for key, want in expected.items():
        name = key.replace("_", "-")
        got = received.get(name)
        if not (want(got) if callable(want) else got == want):
            wrong.append("%s %r" % (name, got))
    return report(not wrong, what + ("" if not wrong else " (wrong: %s)" % ", ".join(wrong)))


async def nothing_else(peer, who):
    await asyncio.sleep(0.5)
    report(not peer.inbox and not peer.errors, "%s receives nothing else (%s %s)" % (who, peer.inbox, peer.errors))
    peer.inbox.clear()


class Talk:
    """One invitation seen from the python side: the other side's full JID
    (where every message goes, section 9.2), the cookie and Session-ID."""

    def __init__(self, peer, who, to, cookie, session_id):
        self.peer, self.who, self.to, self.cookie, self.session_id = peer, who, to, cookie, session_id

    def send(self, kind, **fields):
        values = {"Invitation-Cookie": self.cookie, "Session-ID": self.session_id}
        values.update({k.replace("_", "-"): v for k, v in fields.items()})
        self.peer.send_payload(self.to, build(kind, values))

    async def expect(self, what, command, timeout=20):
        received = await expect(self.peer, self.who, what, command, self.cookie, timeout)
        if received and (received.sender != self.to or received.get("Session-ID") != self.session_id):
            report(False, "%s: from %s with Session-ID %s, not %s's %s" %
                   (what, received.sender, received.get("Session-ID"), self.to, self.session_id))
        return received

    def accept(self, data, address):
        self.send("ACCEPT1", Session_Protocol="SM1", Context_Data=data, Launch_Application="TRUE",
                  Request_Data="IP-Address:", IP_Address=address)


def invite(peer, to, guid, data, address):
    """Sends an INVITE (section 3, cookie and Session-ID as section 4 draws them)."""
    talk = Talk(peer, "", to, str(random.randint(1, 2147483647)), new_session_id())
    talk.send("INVITE", Application_Name=APP_NAME, Application_GUID=guid, Application_URL=APP_URL,
              Session_Protocol="SM1", Context_Data=data, IP_Address=address)
    return talk


def check_invite(ctx, received, who, data):
    return check(received, "%s's INVITE is alice's, for the application %s, data %r" % (who, ctx.guid, data),
                 Application_GUID=ctx.guid, Application_Name=APP_NAME, Application_URL=APP_URL,
                 Session_Protocol="SM1", Context_Data=data, Session_ID=is_guid, IP_Address=is_ip) and \
        report(received.bare == ctx.alice, "it comes from alice (%s)" % received.sender)


def check_cancel(received, what, code, data, hresult=""):
    return check(received, what, Cancel_Code=code, Context_Data=data, X_Msgsc_HResult=hresult)


BOB_IP, BOB2_IP = "192.0.2.45", "192.0.2.46"


class Words:
    """Files DIR/<word>-<GUID>.word, the words of tests/net/party.h."""

    def __init__(self, directory, guid):
        self.directory, self.guid = directory, guid

    def path(self, word):
        return os.path.join(self.directory, "%s-%s.word" % (word, self.guid))

    def say(self, word):
        open(self.path(word), "w").close()

    async def hear(self, word, timeout=60):
        heard = await until(lambda: os.path.exists(self.path(word)), timeout)
        if heard:
            os.remove(self.path(word))
        return report(heard, "alice says %r" % word)


async def sign_in(peer, what):
    """Signs peer in (STARTTLS, the pinned certificate); reports it."""
    peer.sign_in()
    ok = await wait_for(peer.started.wait()) and peer.pin_matched is True
    return report(ok, "%s signs in as %s" % (what, peer.boundjid.full if ok else "nobody"))


async def new_peer(ctx, jid, what, msgsc=True):
    peer = MsgscPeer(jid, ctx.password, ctx.port, ctx.pin, msgsc)
    return peer if await sign_in(peer, what) else None


async def sees_alice(ctx, peer):
    return await until(lambda: any(j.split("/")[0] == ctx.alice for j in peer.online), 20)


async def known_to_alice(ctx, peer, what):
    """Waits until alice's broker has surely taken in peer's presence: her
    presence reached peer (so the server has handled peer's), and her
    disco#info query, if she makes one (3 s at most), was answered."""
    report(await sees_alice(ctx, peer), "%s sees alice online" % what)
    await until(lambda: ctx.alice in peer.queried_by, 3)
    await asyncio.sleep(0.5)


async def scenario_a(ctx):
    bob = ctx.bob
    received = await expect(bob, "bob", "alice's INVITE", "INVITE", timeout=90)
    if not check_invite(ctx, received, "bob", "a"):
        return
    ctx.alice_full = received.sender
    talk = Talk(bob, "bob", received.sender, received.cookie, received.get("Session-ID"))
    talk.accept("yes", BOB_IP)
    check(await talk.expect("ACCEPT #2", "ACCEPT"), "ACCEPT #2 launches, with alice's address",
          Launch_Application="TRUE", IP_Address=is_ip)
    check(await talk.expect("alice's context data", "CONTEXT"), "alice's context data", Context_Data="from alice")
    talk.send("CONTEXT", Context_Data="from bob")
    check_cancel(await talk.expect("alice's CANCEL", "CANCEL"), "alice's Cancel(S_OK, 'bye') after acceptance",
                 "OUTBANDCANCEL", "bye", "0x00000000")
    await nothing_else(bob, "bob")


async def msgsc_resource(ctx, peer):
    """Alice's full JID once it advertises msgsc (section 9.3: disco#info,
    and the caps in her presence match the answer)."""
    if not await sees_alice(ctx, peer):
        report(False, "bob sees alice online")
        return None
    full = next(j for j in peer.online if j.split("/")[0] == ctx.alice)
    answer = await peer.disco(full)
    report(answer == ([IDENTITY], FEATURES), "alice's disco#info: identity client/pc msgsc and features %s (%s)" %
           (FEATURES, answer))
    caps = peer.online[full].xml.find("{%s}c" % CAPS)
    if caps is None:
        report(False, "alice's presence has entity capabilities")
    else:
        node_answer = await peer.disco(full, "%s#%s" % (caps.get("node"), caps.get("ver")))
        report(caps.get("node") == CAPS_NODE and caps.get("hash") == "sha-1" and answer is not None and len(answer[0]) == 1 and
               caps.get("ver") == caps_ver(answer[0][0], answer[1]) and node_answer == answer,
               "alice's caps: node %s, sha-1 of her disco#info, the same answer for node#ver (%s)" %
               (CAPS_NODE, caps.attrib))
    return full if answer and NS in answer[1] else None


async def scenario_b(ctx):
    bob = ctx.bob
    full = await msgsc_resource(ctx, bob)
    if not full:
        return
    talk = invite(bob, full, ctx.guid, "b", BOB_IP)
    talk.who = "bob"
    accept = await talk.expect("alice's ACCEPT #1", "ACCEPT")
    if not check(accept, "alice's ACCEPT #1: SM1, her data, launch, her address",
                 Session_Protocol="SM1", Context_Data="ok b", Launch_Application="TRUE",
                 Request_Data="IP-Address:", IP_Address=is_ip):
        return
    talk.send("ACCEPT2", Launch_Application="TRUE", IP_Address=BOB_IP)
    check(await talk.expect("alice's context data", "CONTEXT"), "alice's context data", Context_Data="from alice b")
    talk.send("CONTEXT", Context_Data="from bob b")
    await asyncio.sleep(0.3)
    talk.send("CANCEL", Cancel_Code="OUTBANDCANCEL", Context_Data="bye b")
    await nothing_else(bob, "bob")


async def scenario_c(ctx):
    bob = ctx.bob
    bob2 = await new_peer(ctx, ctx.bob_jid, "bob's second place")
    if not bob2:
        return
    await known_to_alice(ctx, bob2, "bob's second place")
    ctx.words.say("two-bobs")
    first = await expect(bob, "bob's first place", "alice's INVITE", "INVITE", timeout=30)
    second = await expect(bob2, "bob's second place", "alice's INVITE", "INVITE", timeout=10)
    if not (check_invite(ctx, first, "bob's first place", "c") and
            check_invite(ctx, second, "bob's second place", "c")):
        await bob2.sign_out()
        return
    report(first.cookie == second.cookie and first.get("Session-ID") == second.get("Session-ID") and
           first.sender == second.sender, "both places have the same invitation (cookie %s, Session-ID %s)" %
           (second.cookie, second.get("Session-ID")))
    talk1 = Talk(bob, "bob's first place", first.sender, first.cookie, first.get("Session-ID"))
    talk2 = Talk(bob2, "bob's second place", second.sender, second.cookie, second.get("Session-ID"))
    talk1.accept("bob1", BOB_IP)
    check_cancel(await talk2.expect("alice's CANCEL", "CANCEL"),
                 "the place that did not accept is cancelled (9.3)", "OUTBANDCANCEL", lambda v: True,
                 lambda v: True)
    check(await talk1.expect("ACCEPT #2", "ACCEPT"), "the first place gets ACCEPT #2", Launch_Application="TRUE")
    talk2.accept("bob2 too", BOB2_IP)
    check_cancel(await talk2.expect("alice's CANCEL of a late ACCEPT", "CANCEL"),
                 "a later ACCEPT from the other place is cancelled too (9.3)", "OUTBANDCANCEL",
                 lambda v: True, lambda v: True)
    check(await talk1.expect("alice's context data", "CONTEXT"), "alice's context data goes to the first place",
          Context_Data="to bob1")
    talk1.send("CONTEXT", Context_Data="bob1 here")
    check_cancel(await talk1.expect("alice's CANCEL", "CANCEL"), "alice's Cancel(S_OK, 'bye c')",
                 "OUTBANDCANCEL", "bye c", "0x00000000")
    await nothing_else(bob, "bob's first place")
    await nothing_else(bob2, "bob's second place")
    await bob2.sign_out()


async def scenario_d(ctx):
    carol = await new_peer(ctx, ctx.carol_jid, "carol (not alice's contact)")
    if carol and not ctx.alice_full:
        report(False, "carol knows alice's full JID (from scenario a)")
    elif carol:
        talk = invite(carol, ctx.alice_full, ctx.guid, "d", "192.0.2.99")
        talk.who = "carol"
        check_cancel(await talk.expect("alice's answer", "CANCEL"),
                     "a stranger's INVITE is declined (9.3: Cancel-Code REJECT)", "REJECT", "")
        await nothing_else(carol, "carol")
        await carol.sign_out()
    ctx.words.say("carol-done")


async def scenario_e(ctx):
    await ctx.bob.sign_out()
    ctx.bob = None
    plain = await new_peer(ctx, ctx.bob_jid, "bob without msgsc (plain slixmpp)", msgsc=False)
    if plain:
        report(await sees_alice(ctx, plain), "plain bob sees alice online")
        await asyncio.sleep(1.5)  # alice's broker takes in bob's places: one gone, one without msgsc
    ctx.words.say("plain-bob")
    await ctx.words.hear("e-done")
    if plain:
        await nothing_else(plain, "plain bob")
        await plain.sign_out()


async def scenario_f(ctx):
    if ctx.bob is None:
        ctx.bob = await new_peer(ctx, ctx.bob_jid, "bob (msgsc) again")
    bob = ctx.bob
    if not bob:
        return
    await known_to_alice(ctx, bob, "bob")
    ctx.words.say("bob-back")
    received = await expect(bob, "bob", "alice's INVITE", "INVITE", timeout=40)
    if not check_invite(ctx, received, "bob", "f"):
        return
    talk = Talk(bob, "bob", received.sender, received.cookie, received.get("Session-ID"))
    talk.accept("f", BOB_IP)
    await talk.expect("ACCEPT #2", "ACCEPT")
    if not check(await talk.expect("alice's word", "CONTEXT"), "alice is connected", Context_Data="kill now"):
        return
    os.kill(ctx.kill, signal.SIGKILL)
    report(True, "the server (process %d) is killed" % ctx.kill)
    report(await wait_for(bob.ended.wait(), 10), "bob's stream ends with the server")


SCENARIOS = {"a": scenario_a, "b": scenario_b, "c": scenario_c, "d": scenario_d, "e": scenario_e,
             "f": scenario_f}


async def play(ctx):
    global label
    ctx.port, ctx.pin = int(ctx.server[0]), ctx.server[1]
    ctx.alice_full = None
    ctx.words = Words(ctx.words, ctx.guid)
    selftest()
    label = "start"
    ctx.bob = await new_peer(ctx, ctx.bob_jid, "bob (msgsc)")
    if not ctx.bob:
        return
    for letter in ctx.scenarios:
        label = letter
        try:
            await asyncio.wait_for(SCENARIOS[letter](ctx), 150)
        except asyncio.TimeoutError:
            report(False, "scenario %s within 150 s" % letter)
    label = "end"
    if ctx.bob and not ctx.bob.ended.is_set():
        await ctx.bob.sign_out()


# --- the other commands -----------------------------------------------------------


def selftest():
    """The builder gives the page's examples (section 3, and 9.2's base64)."""
    global label
    label = "selftest"
    ids = {"Invitation-Cookie": "48213377", "Session-ID": "{6B1E2C4A-90D3-4F7B-A5E2-1C3D9F00B7A1}"}
    invite = build("INVITE", dict(ids, **{
        "Application-Name": "Chess Board", "Application-GUID": "{8E3B7A52-1C2D-4E5F-9A6B-7C8D9E0F1A2B}",
        "Application-URL": APP_URL, "Session-Protocol": "SM1", "Context-Data": "board=classic;side=white",
        "IP-Address": "198.51.100.7"}))
    page = ("TUlNRS1WZXJzaW9uOiAxLjANCkNvbnRlbnQtVHlwZTogdGV4dC94LW1zbXNnc2ludml0ZTsgY2hhcnNldD1VVEYtOA0KDQpBcH"
            "BsaWNhdGlvbi1OYW1lOiBDaGVzcyBCb2FyZA0KQXBwbGljYXRpb24tR1VJRDogezhFM0I3QTUyLTFDMkQtNEU1Ri05QTZCLTdD"
            "OEQ5RTBGMUEyQn0NCkFwcGxpY2F0aW9uLVVSTDogaHR0cDovL2FwcHMuZXhhbXBsZS5vcmcvY2hlc3MvDQpTZXNzaW9uLVByb3"
            "RvY29sOiBTTTENCkNvbnRleHQtRGF0YTogYm9hcmQ9Y2xhc3NpYztzaWRlPXdoaXRlDQpJbnZpdGF0aW9uLUNvbW1hbmQ6IElO"
            "VklURQ0KSW52aXRhdGlvbi1Db29raWU6IDQ4MjEzMzc3DQpTZXNzaW9uLUlEOiB7NkIxRTJDNEEtOTBEMy00RjdCLUE1RTItMU"
            "MzRDlGMDBCN0ExfQ0KSVAtQWRkcmVzczogMTk4LjUxLjEwMC43DQoNCg==")
    sizes = [
        (len(invite), 409), (base64.b64encode(invite).decode() == page, True),
        (len(build("ACCEPT1", dict(ids, **{"Session-Protocol": "SM1", "Context-Data": "ready",
                                           "Launch-Application": "TRUE", "Request-Data": "IP-Address:",
                                           "IP-Address": "192.0.2.45"}))), 303),
        (len(build("ACCEPT2", dict(ids, **{"Launch-Application": "TRUE", "IP-Address": "198.51.100.7"}))), 234),
        (len(build("CANCEL", dict(ids, **{"Cancel-Code": "REJECT", "Context-Data": "busy"}))), 223),
        (len(build("CANCEL", dict(ids, **{"Cancel-Code": "REJECT_NOT_INSTALLED"}))), 217),
        (len(build("CANCEL", dict(ids, **{"Cancel-Code": "OUTBANDCANCEL", "Context-Data": "bye",
                                          "X-Msgsc-HResult": "0x80004004"}))), 258),
        (len(build("CANCEL", dict(ids, **{"Cancel-Code": "TIMEOUT"}))), 204),
        (len(build("CONTEXT", dict(ids, **{"Context-Data": "198.51.100.7:6112"}))), 216),
    ]
    parsed = parse(invite)
    report(all(got == want for got, want in sizes) and parsed["invitation-cookie"] == "48213377" and
           build("INVITE", {n: parsed.get(n.lower(), "") for n in ORDER["INVITE"]}) == invite,
           "the builder gives the page's examples byte for byte (%s)" % sizes)


async def befriend(a_jid, a_port, a_pin, b_jid, b_port, b_pin, password):
    """Mutual contacts across two servers (befriend.py's, with a port each)."""
    a, b = Peer(a_jid, password, int(a_port), a_pin), Peer(b_jid, password, int(b_port), b_pin)
    if not (await sign_in(a, a_jid) and await sign_in(b, b_jid)):
        return False
    a.send_presence_subscription(pto=b_jid)
    ok = await until(lambda: subscription(a, b_jid) == "both" and subscription(b, a_jid) == "both", 30)
    report(ok, "%s and %s are mutual contacts" % (a_jid, b_jid))
    for peer in (a, b):
        await peer.sign_out()
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="slixmpp's debug log")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("play")
    p.add_argument("--server", nargs=2, metavar=("PORT", "SHA256"), required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--alice", required=True)
    p.add_argument("--bob", dest="bob_jid", required=True)
    p.add_argument("--carol", dest="carol_jid")
    p.add_argument("--guid", required=True)
    p.add_argument("--words", required=True)
    p.add_argument("--scenarios", default="abcdef")
    p.add_argument("--kill", type=int, help="the server's process, for f")
    f = commands.add_parser("befriend")
    f.add_argument("args", nargs=7)
    commands.add_parser("selftest")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.CRITICAL)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    if args.command == "selftest":
        selftest()
    elif args.command == "befriend":
        try:
            if not loop.run_until_complete(asyncio.wait_for(befriend(*args.args), 60)):
                report(False, "befriend")
        except asyncio.TimeoutError:
            report(False, "befriend within 60 s")
    else:
        try:
            loop.run_until_complete(asyncio.wait_for(play(args), 280))
        except asyncio.TimeoutError:
            report(False, "the whole run within 280 s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
