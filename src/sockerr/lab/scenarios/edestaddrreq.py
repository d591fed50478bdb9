"""EDESTADDRREQ: send() on an unconnected UDP socket."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("edestaddrreq", concept="EDESTADDRREQ",
          title="send() on a UDP socket that has no default destination")
def run(lab: Lab) -> None:
    sock = lab.socket(socket.AF_INET, socket.SOCK_DGRAM)
    lab.client("socket(AF_INET, SOCK_DGRAM): no connect(), so no default peer")
    with lab.fails("send(b'ping')"):
        lab.kernel("send() carries no address; only sendto() or a prior connect() says where "
                   "the datagram should go")
        sock.send(b"ping")
