"""ENETUNREACH: connect when the routing table has no route to the destination."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario
from ..routes import connect_through_route

TARGET = "198.18.0.1"


@scenario("enetunreach", concept="ENETUNREACH", needs="netns",
          title="connect() from a namespace whose routing table has no route there")
def run(lab: Lab) -> None:
    connect_through_route(
        lab, None, "", TARGET,
        f"the route lookup for {TARGET} finds nothing at all: the kernel refuses "
        "before building a SYN. (A router lacking a route answers ICMP network "
        "unreachable instead; Linux treats that as a soft error, so a connect "
        "reports ENETUNREACH only when it stops retrying)",
    )
