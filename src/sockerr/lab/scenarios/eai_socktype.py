"""EAI_SOCKTYPE: getaddrinfo asked for a socket type it does not handle."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("eai-socktype", concept="EAI_SOCKTYPE",
          title="getaddrinfo(type=SOCK_RDM): a socket type the resolver has no protocol for")
def run(lab: Lab) -> None:
    with lab.fails("getaddrinfo('127.0.0.1', 80, type=SOCK_RDM, flags=AI_NUMERICHOST)"):
        lab.kernel("glibc knows stream, datagram, raw (and SCTP seqpacket) results; "
                   "SOCK_RDM matches none of them")
        socket.getaddrinfo("127.0.0.1", 80, type=socket.SOCK_RDM,
                           flags=socket.AI_NUMERICHOST)
