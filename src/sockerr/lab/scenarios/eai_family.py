"""EAI_FAMILY: getaddrinfo asked for a family the resolver does not handle."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("eai-family", concept="EAI_FAMILY",
          title="getaddrinfo(family=AF_UNIX): the resolver only knows IPv4 and IPv6")
def run(lab: Lab) -> None:
    with lab.fails("getaddrinfo('127.0.0.1', 80, family=AF_UNIX, flags=AI_NUMERICHOST)"):
        lab.kernel("getaddrinfo accepts AF_INET, AF_INET6 or AF_UNSPEC; a Unix socket address "
                   "is a path and needs no resolving")
        socket.getaddrinfo("127.0.0.1", 80, family=socket.AF_UNIX,
                           flags=socket.AI_NUMERICHOST)
