"""EMSGSIZE: a UDP datagram larger than IPv4 can carry."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario

# 65535 (IPv4 total length) - 20 (IP header) - 8 (UDP header) = 65507 bytes of payload.
TOO_BIG = 65508


@scenario("emsgsize", concept="EMSGSIZE",
          title="sendto() a 65,508-byte UDP datagram: one byte over the IPv4 limit")
def run(lab: Lab) -> None:
    port = lab.free_udp_port()
    sock = lab.socket(socket.AF_INET, socket.SOCK_DGRAM)
    lab.client("socket(AF_INET, SOCK_DGRAM)")
    with lab.fails(f"sendto({TOO_BIG} bytes, 127.0.0.1:{port})"):
        lab.kernel("a datagram is sent whole or not at all, and the IPv4 length field caps the "
                   "UDP payload at 65,507 bytes: nothing is sent")
        sock.sendto(b"\0" * TOO_BIG, ("127.0.0.1", port))
