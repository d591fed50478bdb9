"""EPROTOTYPE: a stream socket connects to a datagram socket's address."""

from __future__ import annotations

import os
import socket

from ..context import Lab
from ..registry import scenario


@scenario("eprototype", concept="EPROTOTYPE",
          title="AF_UNIX stream connect() to a path bound by a datagram socket")
def run(lab: Lab) -> None:
    path = os.path.join(lab.tempdir(), "datagram.sock")
    server = lab.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(path)
    lab.server(f"socket(AF_UNIX, SOCK_DGRAM); bind({path!r})")
    client = lab.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    lab.client("socket(AF_UNIX, SOCK_STREAM)")
    with lab.fails(f"connect({path!r})"):
        lab.kernel("the socket found at the path is SOCK_DGRAM; a SOCK_STREAM socket cannot "
                   "connect to it: wrong socket type for the protocol")
        client.connect(path)
