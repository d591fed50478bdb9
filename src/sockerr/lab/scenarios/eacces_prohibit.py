"""EACCES from routing: connect through a `prohibit` route."""

from __future__ import annotations

from ..context import Lab
from ..probes import tcp_connect
from ..registry import scenario

SUBNET = "198.18.3.0/24"
TARGET = "198.18.3.1"


@scenario("eacces-prohibit", concept="EACCES", needs="netns",
          title="connect() through a 'prohibit' route: administratively forbidden")
def run(lab: Lab) -> None:
    space = lab.namespace()
    space.ip("route", "add", "prohibit", SUBNET)
    lab.kernel(f"{space.name}: ip route add prohibit {SUBNET}")
    lab.run_child(tcp_connect, {
        "host": TARGET, "port": 80, "wire": [],
        "explain": "the route lookup hits the 'prohibit' route: the kernel refuses with "
                   "'permission denied' (a router would answer ICMP communication "
                   "administratively prohibited, which a connect reports as EHOSTUNREACH)",
    }, netns=space.name)
