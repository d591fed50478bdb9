"""ETIMEDOUT on an established connection whose peer vanishes (its link goes down)."""

from __future__ import annotations

import ctypes
import os
import socket
import subprocess
from typing import Any

from ..context import Lab, ScenarioBroken
from ..registry import scenario

CLIENT, SERVER = "198.18.1.1", "198.18.1.2"
CLIENT_MAC, SERVER_MAC = "02:00:00:00:01:01", "02:00:00:00:01:02"
CLONE_NEWNET = 0x40000000
USER_TIMEOUT_MS = 1000


def _setns(libc: ctypes.CDLL, fd: int) -> None:
    if libc.setns(fd, CLONE_NEWNET) != 0:
        number = ctypes.get_errno()
        raise ScenarioBroken(f"setns: {os.strerror(number)}")


def child(lab: Lab, args: dict[str, Any]) -> None:
    """In the client namespace: open the server socket in the peer namespace, connect, cut."""
    server_ns = str(args["server_ns"])
    libc = ctypes.CDLL(None, use_errno=True)
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    lab.own(lambda: os.close(home))
    there = os.open(f"/run/netns/{server_ns}", os.O_RDONLY)
    lab.own(lambda: os.close(there))
    # A socket belongs to the namespace it was created in: make the listener over there.
    _setns(libc, there)
    try:
        listener = lab.socket()
        listener.bind((SERVER, 0))
        listener.listen()
    finally:
        _setns(libc, home)
    port = listener.getsockname()[1]
    lab.server(f"listen on {SERVER}:{port} (namespace {server_ns})")
    client = lab.socket()
    client.connect((SERVER, port))
    lab.client(f"connect({SERVER}:{port})")
    lab.wire("client -> server SYN; server -> client SYN-ACK; client -> server ACK (over veth)")
    accepted, _ = listener.accept()
    lab.own(accepted.close)
    accepted.settimeout(5.0)
    client.sendall(b"ping")
    lab.attempt("recv(4)", lambda: accepted.recv(4), actor="server")
    lab.wire("client -> server data 'ping'; server -> client ACK: the path works")
    subprocess.run(["ip", "-n", server_ns, "link", "set", "sl1", "down"], check=True,
                   capture_output=True, timeout=5)
    lab.server("the server's link goes down (ip link set sl1 down): it can no longer answer")
    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, USER_TIMEOUT_MS)
    lab.client(f"setsockopt(TCP_USER_TIMEOUT, {USER_TIMEOUT_MS} ms)")
    lab.attempt("send(b'are you there?')", lambda: client.send(b"are you there?"))
    lab.wire("client -> server data (lost), retransmitted after 200 ms, 400 ms ... (all lost)")
    with lab.fails("recv(1024)"):
        lab.kernel(f"no ACK, no RST, no ICMP: once the data has gone unacknowledged for "
                   f"{USER_TIMEOUT_MS} ms the kernel drops the connection. Without "
                   "TCP_USER_TIMEOUT it retries net.ipv4.tcp_retries2 (15) times, about "
                   "15 minutes; an idle connection notices nothing at all without keepalive")
        client.recv(1024)


@scenario("etimedout-established", concept="ETIMEDOUT", needs="netns",
          title="Established connection, the peer's link goes down: data is never acknowledged")
def run(lab: Lab) -> None:
    near = lab.namespace()
    far = lab.namespace()
    near.ip("link", "add", "sl0", "address", CLIENT_MAC, "type", "veth", "peer", "name", "sl1",
            "address", SERVER_MAC, "netns", far.name)
    near.ip("addr", "add", f"{CLIENT}/24", "dev", "sl0")
    far.ip("addr", "add", f"{SERVER}/24", "dev", "sl1")
    near.ip("link", "set", "sl0", "up")
    far.ip("link", "set", "sl1", "up")
    # Permanent neighbour entries: when the link drops, no ARP failure turns into an error.
    near.ip("neigh", "add", SERVER, "lladdr", SERVER_MAC, "dev", "sl0", "nud", "permanent")
    lab.kernel(f"veth pair: sl0 {CLIENT}/24 in {near.name} <-> sl1 {SERVER}/24 in {far.name}")
    lab.run_child(child, {"server_ns": far.name}, netns=near.name)
