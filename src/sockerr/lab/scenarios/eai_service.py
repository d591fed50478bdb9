"""EAI_SERVICE: getaddrinfo with a service name that /etc/services does not know."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario

UNKNOWN = "sockerr-no-such-service"


@scenario("eai-service", concept="EAI_SERVICE",
          title="getaddrinfo('127.0.0.1', 'sockerr-no-such-service'): unknown service name")
def run(lab: Lab) -> None:
    with lab.fails(f"getaddrinfo('127.0.0.1', {UNKNOWN!r}, flags=AI_NUMERICHOST)"):
        lab.kernel("the host is numeric, so nothing is resolved over the network; the service "
                   "name is looked up in the services database (/etc/services) and is not "
                   "there for any socket type")
        socket.getaddrinfo("127.0.0.1", UNKNOWN, flags=socket.AI_NUMERICHOST)
