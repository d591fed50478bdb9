"""ECONNREFUSED on a Unix-domain socket file that nobody listens on."""

from __future__ import annotations

import os
import socket

from ..context import Lab
from ..registry import scenario


@scenario("econnrefused-unix", concept="ECONNREFUSED",
          title="AF_UNIX connect to a socket file whose owner never called listen()")
def run(lab: Lab) -> None:
    path = os.path.join(lab.tempdir(), "server.sock")
    server = lab.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    lab.server(f"socket(AF_UNIX, SOCK_STREAM); bind({path!r}); no listen()")
    client = lab.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with lab.fails(f"connect({path!r})"):
        lab.kernel("the file exists and is a stream socket, but it is not listening: there is "
                   "no accept queue to join (no packets: Unix sockets never touch the wire)")
        client.connect(path)
