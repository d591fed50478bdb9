"""EAI_BADFLAGS: getaddrinfo with AI_CANONNAME but no host name."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("eai-badflags", concept="EAI_BADFLAGS",
          title="getaddrinfo(None, 80, flags=AI_CANONNAME): a canonical name of nothing")
def run(lab: Lab) -> None:
    with lab.fails("getaddrinfo(None, 80, flags=AI_CANONNAME)"):
        lab.kernel("AI_CANONNAME asks for the canonical name of the host, but no host was "
                   "given: POSIX calls that combination a bad flags value")
        socket.getaddrinfo(None, 80, flags=socket.AI_CANONNAME)
