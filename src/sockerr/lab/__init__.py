"""The lab: live reproductions of socket errors with real sockets on Linux.

    >>> from sockerr.lab import get, run_scenario
    >>> run_scenario(get("econnrefused")).status
    'reproduced'
"""

from __future__ import annotations

from .context import Lab, ScenarioBroken, ScenarioSkipped
from .model import Observed, Result, Scenario, Step
from .registry import UnknownScenario, all_scenarios, get, scenario
from .runner import run_many, run_scenario

__all__ = [
    "Lab",
    "Observed",
    "Result",
    "Scenario",
    "ScenarioBroken",
    "ScenarioSkipped",
    "Step",
    "UnknownScenario",
    "all_scenarios",
    "get",
    "run_many",
    "run_scenario",
    "scenario",
]
