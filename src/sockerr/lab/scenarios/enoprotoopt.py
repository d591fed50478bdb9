"""ENOPROTOOPT: a TCP option set on a UDP socket."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("enoprotoopt", concept="ENOPROTOOPT",
          title="setsockopt(IPPROTO_TCP, TCP_NODELAY) on a UDP socket")
def run(lab: Lab) -> None:
    sock = lab.socket(socket.AF_INET, socket.SOCK_DGRAM)
    lab.client("socket(AF_INET, SOCK_DGRAM)")
    with lab.fails("setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)"):
        lab.kernel("udp_setsockopt passes the unknown level to ip_setsockopt, which only knows "
                   "SOL_IP: there is no such option at that level for this protocol")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
