"""ENODEV: SO_BINDTODEVICE with an interface name that does not exist."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario

MISSING = b"sockerr-nodev"


@scenario("enodev", concept="ENODEV",
          title="setsockopt(SO_BINDTODEVICE) naming an interface that does not exist")
def run(lab: Lab) -> None:
    sock = lab.socket(socket.AF_INET, socket.SOCK_DGRAM)
    lab.client("socket(AF_INET, SOCK_DGRAM)")
    with lab.fails(f"setsockopt(SOL_SOCKET, SO_BINDTODEVICE, {MISSING!r})"):
        lab.kernel("the kernel looks the name up among this namespace's interfaces and finds "
                   "none (a typo, or an interface that has not appeared yet)")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, MISSING)
