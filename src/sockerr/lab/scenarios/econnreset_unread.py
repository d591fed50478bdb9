"""ECONNRESET: the peer closes while unread data sits in its receive buffer."""

from __future__ import annotations

import select

from ..context import Lab, ScenarioBroken, wait_tcp_state
from ..registry import scenario


@scenario("econnreset-unread", concept="ECONNRESET",
          title="Peer closes without reading what it was sent: Linux resets, not FIN")
def run(lab: Lab) -> None:
    _, client, accepted = lab.connected_pair()
    client.sendall(b"a request the server never reads")
    lab.client("sendall(b'a request the server never reads')")
    lab.wire("client -> server data (32 bytes), server -> client ACK")
    readable, _, _ = select.select([accepted], [], [], 2.0)
    if not readable:
        raise ScenarioBroken("the request never reached the server's receive buffer")
    lab.server("close() without recv(): 32 bytes are still unread in its receive buffer")
    accepted.close()
    lab.kernel("closing with unread data tells the peer nothing was consumed: Linux sends RST "
               "instead of FIN (RFC 2525, 2.17)")
    lab.wire("server -> client RST")
    wait_tcp_state(client, ("CLOSE",))
    with lab.fails("recv(1024)"):
        client.recv(1024)
