"""The seed's WinSock 10053 sequence replayed on Linux: recv sees EOF, the next send EPIPE."""

from __future__ import annotations

import socket
import struct

from ..context import Lab, tcp_state, wait_tcp_state
from ..registry import scenario

HELLO_SERVER = b"hello, server\x00\x00"
HELLO_CLIENT = b"hello, client\x00\x00"


@scenario("winsock-10053-on-linux", concept="EPIPE",
          title="Send after the peer closed, then recv: Windows gives 10053, Linux EOF then EPIPE")
def run(lab: Lab) -> None:
    _, client, accepted = lab.connected_pair()
    lab.attempt("send(b'hello, server')", lambda: client.send(HELLO_SERVER))
    lab.wire("client -> server data")
    accepted.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 30))
    lab.server("setsockopt(SO_LINGER, {1, 30}) (as the seed does: a graceful close that may "
               "wait up to 30 s for unsent data)")
    lab.attempt("recv(1024)", lambda: accepted.recv(1024), actor="server")
    lab.attempt("send(b'hello, client')", lambda: accepted.send(HELLO_CLIENT), actor="server")
    accepted.close()
    lab.server("closesocket() / close(): nothing is left unsent, so the close is graceful")
    lab.wire("server -> client data, then FIN")
    lab.attempt("recv(1024)", lambda: client.recv(1024))
    wait_tcp_state(client, ("CLOSE_WAIT",))
    lab.kernel(f"the client socket is {tcp_state(client)}: the FIN arrived, writing is still "
               "allowed")
    lab.attempt("send(b'hello, server')", lambda: client.send(HELLO_SERVER))
    lab.wire("client -> server data; server -> client RST (the server socket no longer exists)")
    wait_tcp_state(client, ("CLOSE",))
    lab.kernel("Linux takes the RST in CLOSE_WAIT: the socket is CLOSED and EPIPE is left "
               "pending (tcp_reset); the server's kernel threw the data away")
    lab.attempt("recv(1024)", lambda: client.recv(1024))
    lab.kernel("Linux: recv returns b'' (end of stream), because the FIN came first and reads "
               "report it before any pending error. Windows fails this recv with "
               "WSAECONNABORTED (10053, 'software caused connection abort'): as the seed "
               "explains, its stack drops the data it had accepted for sending and aborts the "
               "connection locally, so the error names an abort in this host, not the reset")
    with lab.fails("send(b'hello, server', MSG_NOSIGNAL)"):
        client.send(HELLO_SERVER, socket.MSG_NOSIGNAL)
    lab.kernel("the pending error surfaces on Linux at the next write, as EPIPE "
               "(BrokenPipeError); getsockopt(SO_ERROR) would have shown the same 32")
