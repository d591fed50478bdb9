"""EOPNOTSUPP: listen() on a UDP socket."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("eopnotsupp", concept="EOPNOTSUPP",
          title="listen() on a UDP socket: datagram sockets have no connections to accept")
def run(lab: Lab) -> None:
    sock = lab.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    lab.server(f"socket(AF_INET, SOCK_DGRAM); bind(127.0.0.1:{sock.getsockname()[1]})")
    with lab.fails("listen()", actor="server"):
        lab.kernel("the UDP protocol has no listen operation (sock_no_listen); glibc's "
                   "ENOTSUP is the same number, which is why Python names it ENOTSUP")
        sock.listen()
