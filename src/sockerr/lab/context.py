"""The Lab a scenario runs in: it records the narration, owns every resource, times out."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from .judge import symbol_of
from .model import Actor, Observed, Step

if TYPE_CHECKING:
    from .netns import Namespace

Socket = socket.socket  # the type, named apart from Lab.socket (which shadows the module)

# Every socket the lab opens gets this timeout, so no call can block for long.
SOCKET_TIMEOUT = 5.0

# First byte of struct tcp_info (tcpi_state), include/net/tcp_states.h.
TCP_STATES = {1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2",
              6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN",
              11: "CLOSING"}


class ScenarioSkipped(Exception):
    """The scenario cannot run here (no privileges, no tool); the message says why."""


class ScenarioBroken(Exception):
    """The scenario could not carry out its own steps (a helper failed, a child hung)."""


def exception_name(exc: BaseException) -> str:
    """`ConnectionResetError` for builtins, `socket.gaierror` for the socket module's own."""
    cls = type(exc)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def observe(exc: OSError, call: str) -> Observed:
    """What the process saw: errno and text exactly as the exception carries them."""
    if isinstance(exc, socket.gaierror):
        # gaierror carries the resolver's EAI_* value and gai_strerror's text, not an errno.
        return Observed(call=call, exception=exception_name(exc), errno=exc.errno,
                        message=str(exc.strerror), family="eai")
    number = exc.errno if isinstance(exc.errno, int) else None
    message = os.strerror(number) if number is not None else str(exc)
    return Observed(call=call, exception=exception_name(exc), errno=number, message=message)


class Lab:
    """Narration plus resources: everything opened through it is closed by `close()`."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.observed: Observed | None = None
        self._stack = contextlib.ExitStack()

    # -- narration -------------------------------------------------------------
    def step(self, actor: Actor, text: str) -> None:
        self.steps.append(Step(actor=actor, text=text))

    def client(self, text: str) -> None:
        self.step("client", text)

    def server(self, text: str) -> None:
        self.step("server", text)

    def kernel(self, text: str) -> None:
        self.step("kernel", text)

    def wire(self, text: str) -> None:
        self.step("wire", text)

    @contextlib.contextmanager
    def fails(self, call: str, actor: Actor = "client") -> Iterator[None]:
        """Run the call expected to fail; its OSError becomes the observation."""
        self.step(actor, call)
        try:
            yield
        except OSError as exc:
            self.observed = observe(exc, call)
            self.kernel(f"-> {call} fails: {_describe(self.observed)}")
            return
        self.step(actor, f"-> {call} succeeded: no error this time")

    def attempt(self, call: str, action: Callable[[], Any], actor: Actor = "client") -> Any:
        """Run an intermediate call and narrate its outcome, error or not, without judging it."""
        self.step(actor, call)
        try:
            value = action()
        except OSError as exc:
            self.kernel(f"-> {call} fails: {_describe(observe(exc, call))}")
            return None
        self.step(actor, f"-> {call} returns {value!r}")
        return value

    def skip(self, reason: str) -> None:
        raise ScenarioSkipped(reason)

    # -- resources -------------------------------------------------------------
    def own(self, cleanup: Callable[[], object]) -> None:
        """Call `cleanup` when the scenario ends, however it ends."""
        self._stack.callback(_quietly, cleanup)

    def socket(self, family: int = socket.AF_INET, kind: int = socket.SOCK_STREAM,
               proto: int = 0) -> Socket:
        sock = socket.socket(family, kind, proto)
        self.own(sock.close)
        sock.settimeout(SOCKET_TIMEOUT)
        return sock

    def listener(self, host: str = "127.0.0.1", backlog: int = 8) -> Socket:
        """A TCP socket listening on an ephemeral loopback port."""
        sock = self.socket()
        sock.bind((host, 0))
        sock.listen(backlog)
        return sock

    def connected_pair(self, host: str = "127.0.0.1"
                       ) -> tuple[Socket, Socket, Socket]:
        """(listener, client, accepted): an established TCP connection, narrated."""
        server = self.listener(host)
        address = server.getsockname()
        self.server(f"socket(AF_INET, SOCK_STREAM); bind({addr(address)}); listen()")
        client = self.socket()
        self.client(f"connect({addr(address)})")
        self.wire("client -> server SYN; server -> client SYN-ACK; client -> server ACK")
        client.connect(address)
        accepted, _ = server.accept()
        self.own(accepted.close)
        accepted.settimeout(SOCKET_TIMEOUT)
        self.server("accept() -> a connected socket; both sides are ESTABLISHED")
        return server, client, accepted

    def reserved_tcp_port(self) -> int:
        """A loopback port bound but never listened on, so nobody can accept there."""
        holder = self.socket()
        holder.bind(("127.0.0.1", 0))
        port: int = holder.getsockname()[1]
        return port

    def free_udp_port(self) -> int:
        """A loopback UDP port that was free a moment ago (nothing is bound to it now)."""
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port: int = probe.getsockname()[1]
        return port

    def tempdir(self) -> str:
        path = tempfile.mkdtemp(prefix="sockerr-lab-")
        self.own(lambda: shutil.rmtree(path, ignore_errors=True))
        return path

    def namespace(self) -> Namespace:
        """A private network namespace (removed at the end); skips when none can be made."""
        from .netns import create_namespace  # netns imports this module

        return create_namespace(self)

    def run_child(self, function: Callable[[Lab, dict[str, Any]], None],
                  args: dict[str, Any] | None = None, *, netns: str | None = None,
                  timeout: float = 20.0) -> None:
        """Run `function` in a fresh Python process (inside `netns` if given); merge its trace."""
        from .child import run_child  # child imports this module

        run_child(self, function, args or {}, netns=netns, timeout=timeout)

    def close(self) -> None:
        self._stack.close()


def _quietly(cleanup: Callable[[], object]) -> None:
    # A cleanup that fails (a descriptor already closed) must not stop the others.
    with contextlib.suppress(OSError):
        cleanup()


def tcp_state(sock: Socket) -> str:
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
    return TCP_STATES.get(info[0], str(info[0]))


def wait_tcp_state(sock: Socket, wanted: tuple[str, ...], timeout: float = 2.0) -> str:
    """Poll the kernel's TCP state until it is one of `wanted` (packets are asynchronous)."""
    deadline = time.monotonic() + timeout
    state = tcp_state(sock)
    while state not in wanted:
        if time.monotonic() > deadline:
            raise ScenarioBroken(f"the socket stayed {state}, never reached {'/'.join(wanted)}")
        time.sleep(0.005)
        state = tcp_state(sock)
    return state


def _describe(observed: Observed) -> str:
    symbol = symbol_of(observed)
    label = "getaddrinfo code" if observed.family == "eai" else "errno"
    number = "no errno" if observed.errno is None else f"{label} {observed.errno}"
    named = f" {symbol}" if symbol else ""
    return f"{number}{named} ({observed.message}), Python raises {observed.exception}"


def addr(address: Any) -> str:
    """`host:port` for an inet address, the path or name otherwise."""
    if isinstance(address, tuple) and len(address) >= 2:
        return f"{address[0]}:{address[1]}"
    return str(address)

