"""EMFILE: socket() when the process has used up its descriptor limit."""

from __future__ import annotations

import resource
import socket
from typing import Any

from ..context import Lab, ScenarioBroken
from ..registry import scenario

LIMIT = 16


def child(lab: Lab, args: dict[str, Any]) -> None:
    """In a child process: lower RLIMIT_NOFILE, then open sockets until the limit bites."""
    limit = int(args["limit"])
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    lab.client(f"setrlimit(RLIMIT_NOFILE, {limit}): this process may hold {limit} descriptors")
    opened: list[int] = []
    with lab.fails("socket(AF_INET, SOCK_DGRAM), again and again"):
        lab.kernel("each socket takes the lowest free descriptor number; once every number "
                   f"below {limit} is taken, the per-process limit is reached (ENFILE would "
                   "mean the whole system's table)")
        while len(opened) <= limit:
            opened.append(lab.socket(socket.AF_INET, socket.SOCK_DGRAM).fileno())
        raise ScenarioBroken(f"{len(opened)} sockets opened without hitting the limit")
    if opened:
        lab.client(f"{len(opened)} sockets (descriptors {opened[0]}..{opened[-1]}) were opened "
                   "before the failure; the lower numbers were already open (stdin, stdout, "
                   "stderr)")


@scenario("emfile", concept="EMFILE",
          title="Open sockets until RLIMIT_NOFILE (lowered to 16 in a child process) runs out")
def run(lab: Lab) -> None:
    lab.kernel("a child Python process does this, so the lowered limit stays out of this one")
    lab.run_child(child, {"limit": LIMIT})
