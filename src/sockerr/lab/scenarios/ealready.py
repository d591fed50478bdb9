"""EALREADY: calling connect again while a non-blocking connect is still pending."""

from __future__ import annotations

from ..context import Lab, ScenarioBroken, tcp_state, wait_tcp_state
from ..registry import scenario


@scenario("ealready", concept="EALREADY",
          title="Second connect() while the first non-blocking connect is still in SYN_SENT")
def run(lab: Lab) -> None:
    server = lab.listener(backlog=0)
    address = server.getsockname()
    lab.server(f"listen(backlog=0) on 127.0.0.1:{address[1]}, never accept()")
    first = lab.socket()
    first.setblocking(False)
    lab.attempt("client 1: non-blocking connect", lambda: first.connect_ex(address))
    wait_tcp_state(first, ("ESTABLISHED",))
    lab.kernel("client 1 is ESTABLISHED and waits in the accept queue, which is now full")
    second = lab.socket()
    second.setblocking(False)
    lab.attempt("client 2: non-blocking connect", lambda: second.connect_ex(address))
    lab.wire("client 2 -> server SYN; the listener drops it: its accept queue is full, so no "
             "SYN-ACK comes back (the client would retransmit in 1 s)")
    state = tcp_state(second)
    if state != "SYN_SENT":
        raise ScenarioBroken(f"client 2 is {state}, not SYN_SENT")
    lab.kernel(f"client 2 is {state}: its connection attempt is still under way")
    with lab.fails(f"client 2: connect(127.0.0.1:{address[1]}) again"):
        second.connect(address)
