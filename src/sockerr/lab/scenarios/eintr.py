"""EINTR: a signal interrupts a blocking recv (seen through libc; Python itself retries)."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import struct
from typing import Any

from ..context import Lab, ScenarioBroken
from ..registry import scenario


def child(lab: Lab, args: dict[str, Any]) -> None:
    """In a child process: a timer signal lands while libc's recv() is blocked."""
    libc = ctypes.CDLL(None, use_errno=True)
    mine, peer = socket.socketpair()
    lab.own(mine.close)
    lab.own(peer.close)
    # Bound the wait even if no signal came: SO_RCVTIMEO of 3 s.
    mine.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", 3, 0))
    signal.signal(signal.SIGALRM, lambda number, frame: None)
    lab.client("signal(SIGALRM, handler) (Python installs it without SA_RESTART); "
               "setitimer(0.2 s)")
    signal.setitimer(signal.ITIMER_REAL, 0.2, 0.2)
    lab.own(lambda: signal.setitimer(signal.ITIMER_REAL, 0))
    buffer = ctypes.create_string_buffer(64)
    with lab.fails("recv(fd, buf, 64, 0) through libc (ctypes), nothing to read"):
        lab.kernel("the call sleeps for data; SIGALRM arrives after 0.2 s, Python's C-level "
                   "handler notes it, and the kernel ends the call instead of restarting it")
        if libc.recv(mine.fileno(), buffer, 64, 0) >= 0:
            raise ScenarioBroken("recv returned data; nothing should have been sent")
        number = ctypes.get_errno()
        # OSError(errno, text) picks the subclass exactly as Python does for a failed call.
        raise OSError(number, os.strerror(number))
    lab.kernel("Python's own socket.recv would not show this: since PEP 475 it runs the "
               "handler and retries the call when the handler does not raise")


@scenario("eintr", concept="EINTR",
          title="A signal arrives during a blocking recv(): the call is interrupted")
def run(lab: Lab) -> None:
    lab.kernel("a child Python process does this, so the timer and handler stay out of this one")
    lab.run_child(child, {})
