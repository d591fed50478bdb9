"""ENOENT: an AF_UNIX connect to a socket path that does not exist."""

from __future__ import annotations

import os
import socket

from ..context import Lab
from ..registry import scenario


@scenario("enoent", concept="ENOENT",
          title="AF_UNIX connect() to a path where no socket file exists")
def run(lab: Lab) -> None:
    path = os.path.join(lab.tempdir(), "missing.sock")
    client = lab.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    lab.client("socket(AF_UNIX, SOCK_STREAM)")
    with lab.fails(f"connect({path!r})"):
        lab.kernel("a Unix socket address is a file-system path; the path lookup fails before "
                   "any socket is involved (the server never started, or removed its file)")
        client.connect(path)
