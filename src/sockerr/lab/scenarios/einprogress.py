"""EINPROGRESS: a non-blocking connect returns before the handshake completes."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario


@scenario("einprogress", concept="EINPROGRESS",
          title="Non-blocking connect: the handshake has only begun when the call returns")
def run(lab: Lab) -> None:
    server = lab.listener()
    address = server.getsockname()
    lab.server(f"listen on 127.0.0.1:{address[1]}")
    client = lab.socket()
    client.setblocking(False)
    lab.client("socket(AF_INET, SOCK_STREAM); setblocking(False)")
    with lab.fails(f"connect(127.0.0.1:{address[1]})"):
        lab.wire("client -> server SYN (sent during the call)")
        lab.kernel("connect does not wait for SYN-ACK on a non-blocking socket: it returns "
                   "at once and the caller must wait for writability, then read SO_ERROR")
        client.connect(address)
    lab.wire("server -> client SYN-ACK; client -> server ACK (after the call returned)")
