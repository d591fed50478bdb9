"""EAI_NONAME: getaddrinfo with AI_NUMERICHOST on a malformed address."""

from __future__ import annotations

import socket

from ..context import Lab
from ..registry import scenario

MALFORMED = "300.1.2.3"


@scenario("eai-noname", concept="EAI_NONAME",
          title="getaddrinfo('300.1.2.3', AI_NUMERICHOST): not an address, and no lookup allowed")
def run(lab: Lab) -> None:
    with lab.fails(f"getaddrinfo({MALFORMED!r}, 80, flags=AI_NUMERICHOST)"):
        lab.kernel("no system call and no packet: glibc's resolver parses the string itself; "
                   "300 is not an octet, and AI_NUMERICHOST forbids asking DNS, so the name "
                   "is unknown (gaierror carries the EAI value, not an errno)")
        socket.getaddrinfo(MALFORMED, 80, flags=socket.AI_NUMERICHOST)
