"""ECONNRESET: the peer closes abortively (SO_LINGER with a zero timeout)."""

from __future__ import annotations

import socket
import struct

from ..context import Lab, wait_tcp_state
from ..registry import scenario


@scenario("econnreset", concept="ECONNRESET",
          title="Peer closes with SO_LINGER 0: RST instead of FIN; the next recv fails")
def run(lab: Lab) -> None:
    _, client, accepted = lab.connected_pair()
    accepted.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    lab.server("setsockopt(SO_LINGER, {l_onoff=1, l_linger=0}); close(): an abortive close")
    accepted.close()
    lab.wire("server -> client RST (no FIN: a zero linger discards the connection at once)")
    wait_tcp_state(client, ("CLOSE",))
    lab.kernel("the client's kernel takes the RST in ESTABLISHED: the socket becomes CLOSED "
               "with ECONNRESET pending for the next call")
    with lab.fails("recv(1024)"):
        client.recv(1024)
