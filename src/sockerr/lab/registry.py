"""The scenario registry: each module under lab/scenarios registers itself by decorator."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable

from ..errors import SockerrError
from .context import Lab
from .model import NEEDS, Need, Scenario

RunFunction = Callable[[Lab], None]
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_registry: dict[str, Scenario] = {}
_discovered = False


class UnknownScenario(SockerrError, KeyError):
    """A scenario name the registry does not hold."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown scenario"


class InvalidScenario(SockerrError):
    """A scenario declared with a bad name, need or a duplicate name."""


def scenario(name: str, *, concept: str, title: str, needs: Need = "loopback"
             ) -> Callable[[RunFunction], RunFunction]:
    """Register the decorated function as the scenario `name` reproducing `concept`."""
    if not NAME.match(name):
        raise InvalidScenario(f"scenario name {name!r} is not lower-case words with dashes")
    if needs not in NEEDS:
        raise InvalidScenario(f"scenario {name!r}: unknown need {needs!r}")

    def register(function: RunFunction) -> RunFunction:
        known = _registry.get(name)
        if known is not None and known.run is not function:
            raise InvalidScenario(f"two scenarios are named {name!r}")
        _registry[name] = Scenario(name=name, concept=concept, title=title, needs=needs,
                                   run=function)
        return function

    return register


def discover() -> None:
    """Import every module of sockerr.lab.scenarios once, so each registers itself."""
    global _discovered
    if _discovered:
        return
    from . import scenarios

    for module in pkgutil.iter_modules(scenarios.__path__):
        importlib.import_module(f"{scenarios.__name__}.{module.name}")
    _discovered = True


def all_scenarios() -> list[Scenario]:
    """Every scenario, ordered by name."""
    discover()
    return [_registry[name] for name in sorted(_registry)]


def get(name: str) -> Scenario:
    discover()
    found = _registry.get(name.strip().lower())
    if found is None:
        raise UnknownScenario(f"unknown scenario {name!r} (see 'sockerr lab list')")
    return found
