"""Private network namespaces for the lab: created per scenario, always deleted.

Addresses used inside them (198.18.0.0/15, the benchmarking range) exist only in
namespaces the lab creates; no link leads out of them, so nothing can leave.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

from .context import ScenarioBroken, ScenarioSkipped

if TYPE_CHECKING:
    from .context import Lab

PREFIX = "sockerr-lab-"
IP_TIMEOUT = 5.0
_counter = itertools.count(1)
_OURS = re.compile(rf"^{re.escape(PREFIX)}(\d+)-(\d+)$")


class Namespace:
    """A named network namespace; `ip()` configures it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def ip(self, *args: str) -> str:
        """Configure the namespace; a refusal means this kernel lacks what the scenario needs."""
        try:
            return run_ip("-n", self.name, *args)
        except ScenarioBroken as exc:
            raise ScenarioSkipped(f"namespace setup failed: {exc}") from exc

    def __repr__(self) -> str:
        return f"Namespace({self.name!r})"


def run_ip(*args: str) -> str:
    """Run `ip ARGS`; ScenarioBroken with ip's own message when it fails."""
    try:
        done = subprocess.run(["ip", *args], capture_output=True, text=True,
                              timeout=IP_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ScenarioBroken(f"ip {' '.join(args)}: {exc}") from exc
    if done.returncode != 0:
        raise ScenarioBroken(f"ip {' '.join(args)}: {done.stderr.strip() or done.returncode}")
    return done.stdout


def namespaces() -> list[str]:
    """Names of the namespaces `ip netns list` shows (empty when it cannot run)."""
    try:
        done = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True,
                              timeout=IP_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.split()[0] for line in done.stdout.splitlines() if line.strip()]


def lab_namespaces() -> list[str]:
    return [name for name in namespaces() if name.startswith(PREFIX)]


def sweep_stale() -> None:
    """Delete our namespaces left by a lab process that was killed (its pid is gone)."""
    for name in lab_namespaces():
        found = _OURS.match(name)
        if found and not _alive(int(found.group(1))):
            _delete(name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def unavailable_reason() -> str | None:
    """Why no namespace can be made here, or None when it should work."""
    if os.geteuid() != 0:
        return f"needs root to create a network namespace (running as uid {os.geteuid()})"
    if shutil.which("ip") is None:
        return "the `ip` command (iproute2) is not installed"
    return None


def create_namespace(lab: Lab) -> Namespace:
    """A fresh namespace with lo up, deleted when the lab closes; skips when impossible."""
    reason = unavailable_reason()
    if reason:
        raise ScenarioSkipped(reason)
    sweep_stale()
    name = f"{PREFIX}{os.getpid()}-{next(_counter)}"
    try:
        run_ip("netns", "add", name)
    except ScenarioBroken as exc:
        raise ScenarioSkipped(f"`ip netns add` failed: {exc}") from exc
    lab.own(lambda: _delete(name))
    space = Namespace(name)
    space.ip("link", "set", "lo", "up")
    lab.kernel(f"private network namespace {name} created (only lo, up); "
               "it has no link to the host's network")
    return space


def _delete(name: str) -> None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(["ip", "netns", "delete", name], capture_output=True,
                       timeout=IP_TIMEOUT, check=False)
