"""EAGAIN/EWOULDBLOCK: a non-blocking recv with nothing to read."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario


@scenario("eagain", concept="EAGAIN",
          title="Non-blocking recv on a connection with no data waiting")
def run(lab: Lab) -> None:
    _, client, _ = lab.connected_pair()
    client.setblocking(False)
    lab.client("setblocking(False): calls return at once instead of waiting")
    with lab.fails("recv(1024)"):
        lab.kernel("the receive queue is empty and the peer is still open: a blocking socket "
                   "would sleep; a non-blocking one is told to try again later "
                   "(EWOULDBLOCK is the same number on Linux)")
        client.recv(1024)
