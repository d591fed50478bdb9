"""Scenarios that connect from a private namespace through a route of a given kind."""

from __future__ import annotations

from .context import Lab
from .probes import tcp_connect


def connect_through_route(lab: Lab, route: str | None, subnet: str, target: str,
                          explain: str) -> None:
    """In a new namespace, add `ip route add ROUTE SUBNET` (none when None), connect to TARGET."""
    space = lab.namespace()
    if route is None:
        lab.kernel(f"{space.name}: routes: none besides lo's own (no default route)")
    else:
        space.ip("route", "add", route, subnet)
        lab.kernel(f"{space.name}: ip route add {route} {subnet}")
    lab.run_child(tcp_connect, {"host": target, "port": 80, "wire": [], "explain": explain},
                  netns=space.name)
