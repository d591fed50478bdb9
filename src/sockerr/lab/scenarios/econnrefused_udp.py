"""ECONNREFUSED on a connected UDP socket, delivered by ICMP port unreachable."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("econnrefused-udp", concept="ECONNREFUSED",
          title="UDP datagram to a closed port; the ICMP error surfaces on the next call")
def run(lab: Lab) -> None:
    port = lab.free_udp_port()
    sock = lab.socket(socket.AF_INET, socket.SOCK_DGRAM)
    lab.client(f"socket(AF_INET, SOCK_DGRAM); connect(127.0.0.1:{port}): UDP connect only "
               "records the peer, nothing is sent")
    sock.connect(("127.0.0.1", port))
    lab.attempt("send(b'ping')", lambda: sock.send(b"ping"))
    lab.wire(f"client -> 127.0.0.1:{port} UDP datagram (4 bytes)")
    lab.wire(f"nothing is bound to UDP port {port}: the kernel answers ICMP destination "
             "unreachable, port unreachable (type 3, code 3)")
    lab.kernel("the ICMP error is queued on the client's socket as ECONNREFUSED because the "
               "socket is connected (an unconnected UDP socket never hears of it unless it "
               "sets IP_RECVERR)")
    with lab.fails("recv(1024)"):
        sock.recv(1024)
