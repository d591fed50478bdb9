"""The lab's values: a scenario, the steps of its trace, what it observed, its result."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from ..records import Record

if TYPE_CHECKING:
    from .context import Lab

Actor = Literal["client", "server", "kernel", "wire"]
Need = Literal["loopback", "root", "netns"]
Status = Literal["reproduced", "different", "skipped"]

ACTORS: tuple[Actor, ...] = ("client", "server", "kernel", "wire")
NEEDS: tuple[Need, ...] = ("loopback", "root", "netns")
NEED_TEXT: dict[Need, str] = {
    "loopback": "loopback only, no privileges",
    "root": "root (to create or drop privileges)",
    "netns": "root and `ip netns` (a private network namespace)",
}


class Step(Record):
    """One line of the narration: who acts (or what crosses the wire) and what happens."""

    actor: Actor
    text: str


class Observed(Record):
    """The error a scenario's failing call raised, as the process saw it."""

    call: str
    exception: str
    errno: int | None
    message: str
    family: Literal["errno", "eai"] = "errno"


class Scenario(Record):
    """A live reproduction of one concept: `run` narrates into a Lab and makes one call fail."""

    name: str
    concept: str
    title: str
    needs: Need
    run: Callable[[Lab], None]

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "concept": self.concept, "title": self.title,
                "needs": self.needs}


class Result(Record):
    """What a scenario did and how it compares with the catalog."""

    name: str
    concept: str
    title: str
    needs: Need
    status: Status
    observed_errno: int | None = None
    observed_symbol: str | None = None
    observed_message: str | None = None
    exception: str | None = None
    failed_call: str | None = None
    expected_errno: int | None = None
    expected_symbol: str | None = None
    expected_exception: str | None = None
    platform: str = "linux"
    reason: str | None = None
    seconds: float = 0.0
    trace: tuple[Step, ...] = ()
