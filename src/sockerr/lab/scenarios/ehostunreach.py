"""EHOSTUNREACH: connect through an `unreachable` route."""

from __future__ import annotations

from ..context import Lab
from ..probes import tcp_connect
from ..registry import scenario

SUBNET = "198.18.2.0/24"
TARGET = "198.18.2.1"


@scenario("ehostunreach", concept="EHOSTUNREACH", needs="netns",
          title="connect() through an 'unreachable' route in a private namespace")
def run(lab: Lab) -> None:
    space = lab.namespace()
    space.ip("route", "add", "unreachable", SUBNET)
    lab.kernel(f"{space.name}: ip route add unreachable {SUBNET}")
    lab.run_child(tcp_connect, {
        "host": TARGET, "port": 80, "wire": [],
        "explain": "the route lookup hits the 'unreachable' route: the kernel refuses at once "
                   "with 'no route to host'. (On a real network the same error comes from a "
                   "failed ARP for the host, or from a router's ICMP host unreachable, which "
                   "Linux reports once the connect stops retrying)",
    }, netns=space.name)
