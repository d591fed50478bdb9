"""EPROTONOSUPPORT: a protocol that the socket type cannot carry."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("eprotonosupport", concept="EPROTONOSUPPORT",
          title="socket(AF_INET, SOCK_STREAM, IPPROTO_UDP): UDP is not a stream protocol")
def run(lab: Lab) -> None:
    with lab.fails("socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)"):
        lab.kernel("inet_create finds SOCK_STREAM protocols (TCP, MPTCP) but none is UDP")
        lab.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_UDP)
