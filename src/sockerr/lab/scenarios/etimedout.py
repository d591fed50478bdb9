"""ETIMEDOUT: connect into a black hole, SYNs never answered."""

from __future__ import annotations

from ..context import Lab
from ..probes import tcp_connect
from ..registry import scenario

LOCAL, PEER = "198.18.1.1", "198.18.1.2"
# A made-up, locally administered MAC: the neighbour entry needs no ARP exchange.
PEER_MAC = "02:00:00:00:00:02"
USER_TIMEOUT_MS = 1000


@scenario("etimedout", concept="ETIMEDOUT", needs="netns",
          title="connect() to a host that never answers (its link is down), TCP_USER_TIMEOUT 1 s")
def run(lab: Lab) -> None:
    space = lab.namespace()
    space.ip("link", "add", "sl0", "type", "veth", "peer", "name", "sl1")
    space.ip("addr", "add", f"{LOCAL}/24", "dev", "sl0")
    space.ip("link", "set", "sl0", "up")
    space.ip("neigh", "add", PEER, "lladdr", PEER_MAC, "dev", "sl0", "nud", "permanent")
    lab.kernel(f"{space.name}: veth sl0 ({LOCAL}/24, up) whose peer sl1 stays down; "
               f"{PEER} has a permanent neighbour entry, so no ARP is needed and no error "
               "comes back: frames sent into sl0 simply vanish")
    lab.run_child(tcp_connect, {
        "host": PEER, "port": 80, "user_timeout_ms": USER_TIMEOUT_MS,
        "wire": [f"client -> {PEER}:80 SYN (lost)", "SYN retransmitted after 1 s (lost)"],
        "explain": f"no SYN-ACK, no RST, no ICMP: after {USER_TIMEOUT_MS} ms the kernel gives "
                   "up. Without TCP_USER_TIMEOUT it retries net.ipv4.tcp_syn_retries (6) "
                   "times, about 127 s",
    }, netns=space.name)
