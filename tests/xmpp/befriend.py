#!/usr/bin/python3
"""Makes two accounts of a test server contacts with a mutual subscription,
as two people who add each other do (the roster of RFC 6121), with the
independent client slixmpp (peer_smoke.Peer: STARTTLS, pinned certificate).
    befriend.py PORT PIN JID1 JID2 PASSWORD
Exits 0 when both rosters say "both"."""

import asyncio
import logging
import sys

from peer_smoke import Peer, sign_in, subscription, until


async def main(port, pin, first, second, password):
    a, b = Peer(first, password, port, pin), Peer(second, password, port, pin)
    if not (await sign_in(a, first) and await sign_in(b, second)):
        return False
    # slixmpp authorizes and asks back by itself (auto_authorize, auto_subscribe).
    a.send_presence_subscription(pto=second)
    ok = await until(lambda: subscription(a, second) == "both" and subscription(b, first) == "both")
    print("%s: %s and %s are mutual contacts" % ("PASS" if ok else "FAIL", first, second), flush=True)
    for peer in (a, b):
        peer.disconnect()
    await asyncio.sleep(0.3)
    return ok


if __name__ == "__main__":
    logging.basicConfig(level=logging.CRITICAL)
    port, pin, first, second, password = sys.argv[1:6]
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        done = loop.run_until_complete(asyncio.wait_for(main(int(port), pin, first, second, password), 30))
    except asyncio.TimeoutError:
        done = False
    sys.exit(0 if done else 1)
