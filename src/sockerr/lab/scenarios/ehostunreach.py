"""EHOSTUNREACH: connect through an `unreachable` route."""

from __future__ import annotations

from ..context import Lab
from ..registry import scenario
from ..routes import connect_through_route

SUBNET = "198.18.2.0/24"
TARGET = "198.18.2.1"


@scenario("ehostunreach", concept="EHOSTUNREACH", needs="netns",
          title="connect() through an 'unreachable' route in a private namespace")
def run(lab: Lab) -> None:
    connect_through_route(
        lab, "unreachable", SUBNET, TARGET,
        "the route lookup hits the 'unreachable' route: the kernel refuses at once "
        "with 'no route to host'. (On a real network the same error comes from a "
        "failed ARP for the host, or from a router's ICMP host unreachable, which "
        "Linux reports once the connect stops retrying)",
    )
