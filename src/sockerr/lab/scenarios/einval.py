"""EINVAL: calls in the wrong order, accept() before listen()."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario


@scenario("einval", concept="EINVAL",
          title="accept() on a socket that was bound but never put in listen()")
def run(lab: Lab) -> None:
    sock = lab.socket()
    sock.bind(("127.0.0.1", 0))
    lab.server(f"socket(); bind(127.0.0.1:{sock.getsockname()[1]}); (no listen)")
    with lab.fails("accept()", actor="server"):
        lab.kernel("inet_accept wants a socket in LISTEN; this one is CLOSE, so the argument "
                   "(the socket) is invalid for the call")
        sock.accept()
