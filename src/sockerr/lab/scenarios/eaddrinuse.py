"""EADDRINUSE: bind to a port another socket is already listening on."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario


@scenario("eaddrinuse", concept="EADDRINUSE",
          title="Second server binds the port a listening socket already holds")
def run(lab: Lab) -> None:
    first = lab.listener()
    port = first.getsockname()[1]
    lab.server(f"server 1: bind(127.0.0.1:{port}); listen()")
    second = lab.socket()
    lab.server("server 2: socket(AF_INET, SOCK_STREAM) without SO_REUSEADDR")
    with lab.fails(f"bind(127.0.0.1:{port})", actor="server"):
        lab.kernel("the port is owned by a listening socket; even SO_REUSEADDR would not "
                   "allow a second listener (only SO_REUSEPORT on both sockets does)")
        second.bind(("127.0.0.1", port))
