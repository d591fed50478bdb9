"""EBADF: a socket call on a descriptor number that is not open."""

from __future__ import annotations

import os
import resource
import socket

from ..context import Lab, ScenarioBroken
from ..registry import scenario


def _closed_descriptor() -> int:
    """A descriptor number near the top of the limit that this process has not opened."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    top = min(soft if soft > 0 else 1024, 4096) - 1
    for number in range(top, 2, -1):
        try:
            os.fstat(number)
        except OSError:
            return number
    raise ScenarioBroken("every descriptor number is open")


@scenario("ebadf", concept="EBADF",
          title="A socket call on a descriptor number that is closed")
def run(lab: Lab) -> None:
    # A number far above the ones in use, so a socket opened meanwhile cannot take it.
    number = _closed_descriptor()
    lab.client(f"descriptor {number} was closed (a double close, or a close in another "
               "thread), but the code still uses the number")
    with lab.fails(f"socket(fileno={number}), which checks it with getsockname({number})"):
        lab.kernel(f"descriptor {number} is not open in this process")
        stale = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, fileno=number)
        # Reached only on a Python that does not check the descriptor up front.
        lab.own(stale.detach)
        stale.getsockname()
