"""EPERM: a raw socket without CAP_NET_RAW."""

from __future__ import annotations

import os
import socket
from typing import Any

from ..context import Lab
from ..registry import scenario

NOBODY = 65534


def child(lab: Lab, args: dict[str, Any]) -> None:
    """In a child process: give up root if held, then ask for a raw ICMP socket."""
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        lab.client(f"setgid/setuid({NOBODY}): root is given up for good, "
                   "and CAP_NET_RAW with it")
    else:
        lab.client(f"running as uid {os.geteuid()}, without CAP_NET_RAW")
    with lab.fails("socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)"):
        lab.kernel("raw sockets can forge any packet, so inet_create requires CAP_NET_RAW; "
                   "the check fails before a socket exists (nothing is sent)")
        lab.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)


@scenario("eperm", concept="EPERM",
          title="socket(SOCK_RAW) in an unprivileged child process")
def run(lab: Lab) -> None:
    lab.kernel("a child Python process does this, so dropping privileges stays out of this one")
    lab.run_child(child, {})
