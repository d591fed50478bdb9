"""ESOCKTNOSUPPORT: a socket type the address family does not offer."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("esocktnosupport", concept="ESOCKTNOSUPPORT",
          title="socket(AF_INET, SOCK_RDM): no IPv4 protocol offers reliable datagrams")
def run(lab: Lab) -> None:
    with lab.fails("socket(AF_INET, SOCK_RDM)"):
        lab.kernel("inet_create has no protocol registered for SOCK_RDM at all, so the type "
                   "itself is unsupported (EPROTONOSUPPORT would mean the type exists but not "
                   "with that protocol)")
        lab.socket(socket.AF_INET, socket.SOCK_RDM)
