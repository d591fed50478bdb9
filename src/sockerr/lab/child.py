"""Run part of a scenario in a fresh Python process, optionally inside a namespace.

Parent: `run_child` starts `python -m sockerr.lab.child MODULE:FUNCTION ARGS` (under
`ip netns exec` when asked), kills it on timeout, and merges the JSON report it
prints. Child: `main` runs the function in its own Lab and prints that report.
Children keep process-wide changes (rlimits, signal handlers, uids, namespaces)
out of the caller's process.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from .context import Lab, ScenarioBroken, ScenarioSkipped
from .model import ACTORS, Observed


def run_child(lab: Lab, function: Callable[[Lab, dict[str, Any]], None], args: dict[str, Any],
              *, netns: str | None, timeout: float) -> None:
    target = f"{function.__module__}:{function.__qualname__}"
    command = [sys.executable, "-m", "sockerr.lab.child", target, json.dumps(args)]
    if netns is not None:
        command = ["ip", "netns", "exec", netns, *command]
    env = dict(os.environ)
    # The child must import this very copy of sockerr, installed or not.
    package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    try:
        # subprocess.run kills the child on timeout and on any exception (Ctrl-C included).
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env=env, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise ScenarioBroken(f"the child process did not finish within {timeout:g} s; "
                             "it was killed") from exc
    except OSError as exc:
        raise ScenarioSkipped(f"cannot start a child Python process: {exc}") from exc
    report = _last_json(done.stdout)
    if report is None:
        detail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise ScenarioBroken(f"the child process gave no report: {detail}")
    for actor, text in report.get("steps", []):
        lab.step(actor if actor in ACTORS else "kernel", str(text))
    if report.get("observed"):
        lab.observed = Observed(**report["observed"])
    if report.get("skipped"):
        raise ScenarioSkipped(str(report["skipped"]))
    if report.get("broken"):
        raise ScenarioBroken(str(report["broken"]))


def _last_json(stdout: str) -> dict[str, Any] | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                return None
            return value if isinstance(value, dict) else None
    return None


def report_of(lab: Lab, *, skipped: str | None = None, broken: str | None = None
              ) -> dict[str, Any]:
    return {
        "steps": [[s.actor, s.text] for s in lab.steps],
        "observed": lab.observed.to_dict() if lab.observed else None,
        "skipped": skipped,
        "broken": broken,
    }


def main(argv: list[str]) -> int:
    target, raw_args = argv
    module_name, _, function_name = target.partition(":")
    function = getattr(importlib.import_module(module_name), function_name)
    lab = Lab()
    skipped = broken = None
    try:
        function(lab, json.loads(raw_args))
    except ScenarioSkipped as exc:
        skipped = str(exc)
    except ScenarioBroken as exc:
        broken = str(exc)
    except Exception as exc:
        broken = f"{type(exc).__name__}: {exc}"
    finally:
        lab.close()
    sys.stdout.write(json.dumps(report_of(lab, skipped=skipped, broken=broken)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
