"""ECONNABORTED: an administrator destroys an established connection with `ss -K`."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from ..context import Lab, ScenarioSkipped, tcp_state
from ..registry import scenario


def child(lab: Lab, args: dict[str, Any]) -> None:
    """Inside the namespace: connect over its loopback, then kill the client side with ss -K."""
    _, client, _ = lab.connected_pair()
    cport, sport = client.getsockname()[1], client.getpeername()[1]
    command = ["ss", "-K", "-t", "state", "established", "sport", "=", f":{cport}",
               "dport", "=", f":{sport}"]
    lab.kernel(f"an administrator runs: {' '.join(command)}")
    subprocess.run(command, capture_output=True, timeout=5, check=False)
    if tcp_state(client) != "CLOSE":
        raise ScenarioSkipped("`ss -K` did not destroy the socket: this kernel lacks "
                              "CONFIG_INET_DIAG_DESTROY")
    lab.kernel("SOCK_DESTROY reaches tcp_abort: the client's socket is closed on the spot "
               "with ECONNABORTED as its error")
    lab.wire("client -> server RST (the peer will see ECONNRESET)")
    with lab.fails("recv(1024)"):
        client.recv(1024)
    lab.kernel("Linux uses ECONNABORTED for aborts decided inside this host (socket "
               "destruction, TCP repair); WinSock's 10053 names the same idea")


@scenario("econnaborted", concept="ECONNABORTED", needs="netns",
          title="`ss -K` destroys an established connection: the local side is aborted")
def run(lab: Lab) -> None:
    if shutil.which("ss") is None:
        lab.skip("the `ss` command (iproute2) is not installed")
    space = lab.namespace()
    lab.kernel("inside the namespace, so `ss -K` cannot touch any socket of the host")
    lab.run_child(child, {}, netns=space.name)
