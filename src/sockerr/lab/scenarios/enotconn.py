"""ENOTCONN: recv on a TCP socket that was never connected."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario


@scenario("enotconn", concept="ENOTCONN",
          title="recv() on a TCP socket before connect()")
def run(lab: Lab) -> None:
    sock = lab.socket()
    lab.client("socket(AF_INET, SOCK_STREAM): created, never connected")
    with lab.fails("recv(1024)"):
        lab.kernel("the socket is CLOSE (no connection): there is no peer to receive from")
        sock.recv(1024)
    lab.kernel("send() on the same socket would fail with EPIPE instead: Linux's tcp_sendmsg "
               "treats a socket that is not connecting as a broken pipe")
