"""ECONNREFUSED: TCP connect to a loopback port where nothing listens."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario


@scenario("econnrefused", concept="ECONNREFUSED",
          title="TCP connect to a loopback port nobody listens on")
def run(lab: Lab) -> None:
    port = lab.reserved_tcp_port()
    lab.server(f"127.0.0.1:{port} is bound by a socket that never calls listen(), "
               "so no one can be accepting there")
    client = lab.socket()
    lab.client("socket(AF_INET, SOCK_STREAM)")
    with lab.fails(f"connect(127.0.0.1:{port})"):
        lab.wire(f"client -> 127.0.0.1:{port} SYN")
        lab.wire(f"127.0.0.1:{port} -> client RST-ACK: the kernel has no listening socket "
                 "for the port")
        lab.kernel("the client's kernel gets RST in SYN_SENT: the connection attempt is refused")
        client.connect(("127.0.0.1", port))
