"""EAI_ADDRFAMILY: a numeric IPv6 address when only IPv4 results are wanted."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario


@scenario("eai-addrfamily", concept="EAI_ADDRFAMILY",
          title="getaddrinfo('::1', family=AF_INET, AI_NUMERICHOST): an IPv6 address for IPv4")
def run(lab: Lab) -> None:
    with lab.fails("getaddrinfo('::1', 80, family=AF_INET, flags=AI_NUMERICHOST)"):
        lab.kernel("'::1' parses as an IPv6 address, so it has no address in the requested "
                   "family; glibc reports its GNU extension EAI_ADDRFAMILY")
        socket.getaddrinfo("::1", 80, family=socket.AF_INET, flags=socket.AI_NUMERICHOST)
