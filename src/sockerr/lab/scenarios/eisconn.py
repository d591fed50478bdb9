"""EISCONN: connect on a socket that is already connected."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario


@scenario("eisconn", concept="EISCONN",
          title="connect() again on an established TCP socket")
def run(lab: Lab) -> None:
    server, client, _ = lab.connected_pair()
    address = server.getsockname()
    lab.kernel("the client connected in Python's timeout mode, i.e. a non-blocking connect "
               "completed in the background; the socket layer still marks it 'connecting'")
    lab.attempt(f"connect(127.0.0.1:{address[1]}) again", lambda: client.connect(address))
    lab.kernel("that repeat returns 0 once: the kernel sees the handshake finished and only "
               "records the socket as connected (the usual way to poll a non-blocking connect)")
    with lab.fails(f"connect(127.0.0.1:{address[1]}) a third time"):
        lab.kernel("now the socket is known to be connected: a TCP socket connects once, a "
                   "second connection needs a new socket")
        client.connect(address)
