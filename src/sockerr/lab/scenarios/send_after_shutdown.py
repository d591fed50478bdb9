"""What Linux reports for a write after shutdown(SHUT_WR): EPIPE, where WinSock says ESHUTDOWN."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("send-after-shutdown", concept="EPIPE",
          title="Write after our own shutdown(SHUT_WR): Linux says EPIPE (WinSock: ESHUTDOWN)")
def run(lab: Lab) -> None:
    _, client, _ = lab.connected_pair()
    client.shutdown(socket.SHUT_WR)
    lab.client("shutdown(SHUT_WR): no more sending from this side")
    lab.wire("client -> server FIN")
    with lab.fails("send(b'more', MSG_NOSIGNAL)"):
        lab.kernel("tcp_sendmsg sees SEND_SHUTDOWN on the socket and refuses the data")
        client.send(b"more", socket.MSG_NOSIGNAL)
    lab.kernel("Linux defines ESHUTDOWN (108, 'Cannot send after transport endpoint shutdown') "
               "but TCP returns EPIPE here; WinSock reports WSAESHUTDOWN (10058) for the same "
               "sequence. Python maps both EPIPE and ESHUTDOWN to BrokenPipeError")
