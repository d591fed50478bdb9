"""EADDRNOTAVAIL: bind to an address that no interface of this host has."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario

# TEST-NET-3 (RFC 5737): documentation-only, never assigned to a real interface.
# Only bind() is called: bind sends nothing.
FOREIGN = "203.0.113.7"


@scenario("eaddrnotavail", concept="EADDRNOTAVAIL",
          title="bind() to an IP address that is not configured on this host")
def run(lab: Lab) -> None:
    sock = lab.socket()
    lab.server("socket(AF_INET, SOCK_STREAM)")
    with lab.fails(f"bind({FOREIGN}:0)", actor="server"):
        lab.kernel(f"{FOREIGN} belongs to no local interface, so it cannot be a local address "
                   "(IP_FREEBIND or net.ipv4.ip_nonlocal_bind would allow it); no packet is sent")
        sock.bind((FOREIGN, 0))
