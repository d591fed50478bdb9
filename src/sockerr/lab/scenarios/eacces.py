"""EACCES: sendto() a broadcast address without SO_BROADCAST."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario

# The broadcast address of 127.0.0.0/8 (a `broadcast` route on lo in the local table):
# even if the kernel let it through, it would stay on the loopback interface.
LOOPBACK_BROADCAST = "127.255.255.255"


@scenario("eacces", concept="EACCES",
          title="sendto() a broadcast address without setting SO_BROADCAST first")
def run(lab: Lab) -> None:
    port = lab.free_udp_port()
    sock = lab.socket(socket.AF_INET, socket.SOCK_DGRAM)
    lab.client("socket(AF_INET, SOCK_DGRAM) (SO_BROADCAST left off)")
    with lab.fails(f"sendto(b'hello', {LOOPBACK_BROADCAST}:{port})"):
        lab.kernel("the route to the address is a broadcast route and the socket has not "
                   "asked for broadcast permission: refused before any packet is built")
        sock.sendto(b"hello", (LOOPBACK_BROADCAST, port))
