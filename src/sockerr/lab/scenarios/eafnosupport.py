"""EAFNOSUPPORT: socket() with an address family this kernel does not have."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("eafnosupport", concept="EAFNOSUPPORT",
          title="socket(AF_IPX, SOCK_DGRAM): a family removed from Linux in 4.18")
def run(lab: Lab) -> None:
    with lab.fails("socket(AF_IPX, SOCK_DGRAM)"):
        lab.kernel("no protocol family is registered for AF_IPX (4), and no module can be "
                   "loaded for it")
        lab.socket(socket.AF_IPX, socket.SOCK_DGRAM)
