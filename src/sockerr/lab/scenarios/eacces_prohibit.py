"""EACCES from routing: connect through a `prohibit` route."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario
from ..routes import connect_through_route

SUBNET = "198.18.3.0/24"
TARGET = "198.18.3.1"


@scenario("eacces-prohibit", concept="EACCES", needs="netns",
          title="connect() through a 'prohibit' route: administratively forbidden")
def run(lab: Lab) -> None:
    connect_through_route(
        lab, "prohibit", SUBNET, TARGET,
        "the route lookup hits the 'prohibit' route: the kernel refuses with "
        "'permission denied' (a router would answer ICMP communication "
        "administratively prohibited, which a connect reports as EHOSTUNREACH)",
    )
