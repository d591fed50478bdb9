"""ENOTSOCK: a socket call on a descriptor that is a pipe, not a socket."""

from __future__ import annotations

import os
import socket

from ..context import Lab
from ..registry import scenario


@scenario("enotsock", concept="ENOTSOCK",
          title="Treating a pipe's descriptor as a socket")
def run(lab: Lab) -> None:
    reader, writer = os.pipe()
    lab.own(lambda: os.close(writer))
    lab.own(lambda: os.close(reader))
    lab.client(f"os.pipe() -> descriptor {reader}, handed to code that expects a socket")
    with lab.fails(f"socket(fileno={reader}), which checks it with getsockname({reader})"):
        lab.kernel("the descriptor is open but refers to a pipe: socket system calls need a "
                   "socket")
        wrapped = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, fileno=reader)
        # Reached only on a Python that does not check the descriptor up front;
        # detach() so the socket object never closes the pipe.
        lab.own(wrapped.detach)
        wrapped.recv(1024)
