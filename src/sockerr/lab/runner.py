"""Run scenarios: check what each needs, run it in a Lab, judge it against the catalog."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator

from .context import Lab, ScenarioBroken, ScenarioSkipped
from .judge import expected_code, expected_exception, judge, lab_platform, symbol_of
from .model import Result, Scenario, Status
from .netns import unavailable_reason


def precondition(scenario: Scenario) -> str | None:
    """Why `scenario` cannot run on this host, or None."""
    if not sys.platform.startswith("linux"):
        return f"the lab reproduces Linux kernel behaviour; this host is {sys.platform}"
    if scenario.needs == "root" and os.geteuid() != 0:
        return f"needs root (running as uid {os.geteuid()})"
    if scenario.needs == "netns":
        return unavailable_reason()
    return None


def run_scenario(scenario: Scenario) -> Result:
    """Run one scenario to the end; every resource it opened is released before returning."""
    platform = lab_platform()
    code = expected_code(scenario.concept, platform)
    base = Result(
        name=scenario.name, concept=scenario.concept, title=scenario.title,
        needs=scenario.needs, status="skipped", platform=platform,
        expected_errno=code.value if code else None,
        expected_symbol=code.symbol if code else None,
        expected_exception=expected_exception(scenario.concept),
    )
    reason = precondition(scenario)
    if reason is not None:
        skipped: Result = base.replace(reason=reason)
        return skipped
    lab = Lab()
    started = time.monotonic()
    status: Status
    try:
        scenario.run(lab)
    except ScenarioSkipped as exc:
        status, reason = "skipped", str(exc)
    except ScenarioBroken as exc:
        status, reason = "different", f"the scenario could not complete: {exc}"
    except Exception as exc:
        # An error before the failing call is a finding too (a kernel that behaves otherwise).
        status, reason = "different", (f"a step before the failing call raised "
                                       f"{type(exc).__name__}: {exc}")
    else:
        status, reason = judge(scenario.concept, lab.observed, platform)
    finally:
        lab.close()
    observed = lab.observed if status != "skipped" else None
    result: Result = base.replace(
        status=status, reason=reason,
        observed_errno=observed.errno if observed else None,
        observed_symbol=symbol_of(observed) if observed else None,
        observed_message=observed.message if observed else None,
        exception=observed.exception if observed else None,
        failed_call=observed.call if observed else None,
        seconds=round(time.monotonic() - started, 3),
        trace=tuple(lab.steps),
    )
    return result


def run_many(scenarios: Iterable[Scenario]) -> Iterator[Result]:
    """Results one by one, so a front end can print each as soon as it is known."""
    for scenario in scenarios:
        yield run_scenario(scenario)
