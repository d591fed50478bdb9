"""ENETUNREACH: connect when the routing table has no route to the destination."""

from __future__ import annotations

from ..context import Lab
from ..probes import tcp_connect
from ..registry import scenario

TARGET = "198.18.0.1"


@scenario("enetunreach", concept="ENETUNREACH", needs="netns",
          title="connect() from a namespace whose routing table has no route there")
def run(lab: Lab) -> None:
    space = lab.namespace()
    lab.kernel(f"{space.name}: routes: none besides lo's own (no default route)")
    lab.run_child(tcp_connect, {
        "host": TARGET, "port": 80, "wire": [],
        "explain": f"the route lookup for {TARGET} finds nothing at all: the kernel refuses "
                   "before building a SYN. (A router lacking a route answers ICMP network "
                   "unreachable instead; Linux treats that as a soft error, so a connect "
                   "reports ENETUNREACH only when it stops retrying)",
    }, netns=space.name)
