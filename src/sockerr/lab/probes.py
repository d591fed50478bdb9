"""Child-side probes shared by namespace scenarios: one connect, narrated, judged by errno."""

from __future__ import annotations

import socket
from typing import Any

from .context import Lab


def tcp_connect(lab: Lab, args: dict[str, Any]) -> None:
    """connect() to args['host']:args['port'] and let the kernel's answer be the observation.

    args: 'explain' (what happens during the call), 'wire' (packets, may be empty) and
    optionally 'user_timeout_ms' (TCP_USER_TIMEOUT, to bound how long SYNs are retried).
    """
    host, port = str(args["host"]), int(args["port"])
    sock = lab.socket()
    lab.client("socket(AF_INET, SOCK_STREAM)")
    user_timeout = args.get("user_timeout_ms")
    if user_timeout:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, int(user_timeout))
        lab.client(f"setsockopt(TCP_USER_TIMEOUT, {user_timeout} ms): give up on unanswered "
                   "data or SYNs after that long")
    with lab.fails(f"connect({host}:{port})"):
        for text in args.get("wire", []):
            lab.wire(str(text))
        lab.kernel(str(args["explain"]))
        sock.connect((host, port))
