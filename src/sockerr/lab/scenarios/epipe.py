"""EPIPE: a second write after the peer closed and answered the first write with RST."""

from __future__ import annotations

import socket

from ..context import Lab, wait_tcp_state
from ..registry import scenario


@scenario("epipe", concept="EPIPE",
          title="Write, peer resets, write again: the second write gets EPIPE")
def run(lab: Lab) -> None:
    _, client, accepted = lab.connected_pair()
    accepted.close()
    lab.server("close(): the server is gone")
    lab.wire("server -> client FIN")
    wait_tcp_state(client, ("CLOSE_WAIT",))
    lab.kernel("the client's socket is CLOSE_WAIT: FIN only means the peer sends no more, "
               "so writing is still allowed")
    lab.attempt("send(b'first', MSG_NOSIGNAL)", lambda: client.send(b"first", socket.MSG_NOSIGNAL))
    lab.wire("client -> server data (5 bytes)")
    lab.wire("server -> client RST: no socket owns the connection any more")
    wait_tcp_state(client, ("CLOSE",))
    lab.kernel("an RST arriving in CLOSE_WAIT leaves EPIPE pending (tcp_reset) and closes the "
               "socket for writing")
    with lab.fails("send(b'second', MSG_NOSIGNAL)"):
        client.send(b"second", socket.MSG_NOSIGNAL)
    lab.kernel("MSG_NOSIGNAL stops the kernel from also raising SIGPIPE; Python ignores SIGPIPE "
               "at startup, so without the flag the call fails the same way instead of "
               "killing the process")
