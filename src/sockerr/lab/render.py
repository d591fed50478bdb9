"""Plain-text and JSON renderings of scenarios and their results."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

from .model import NEED_TEXT, Result, Scenario

MARK = {"reproduced": "reproduced", "different": "DIFFERENT", "skipped": "skipped"}


def list_text(scenarios: Sequence[Scenario]) -> str:
    rows = [("NAME", "CONCEPT", "NEEDS", "WHAT IT DOES")]
    rows += [(s.name, s.concept, s.needs, s.title) for s in scenarios]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(widths[i]) if i < 3 else cell for i, cell in enumerate(row))
             for row in rows]
    lines.append("")
    lines += [f"needs {need}: {text}" for need, text in NEED_TEXT.items()]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def list_json(scenarios: Sequence[Scenario]) -> str:
    return dumps({"scenarios": [s.summary() for s in scenarios]})


def result_text(result: Result, width: int = 100) -> str:
    width = max(width, 60)
    lines = [f"== {result.name}: {result.concept} - {result.title}"]
    for step in result.trace:
        lines += textwrap.wrap(step.text, width=width, initial_indent=f"   {step.actor:<7} ",
                               subsequent_indent=" " * 11, break_on_hyphens=False) or [""]
    if result.status != "skipped":
        if result.observed_errno is not None:
            symbol = f" {result.observed_symbol}" if result.observed_symbol else ""
            # Resolver failures carry a (negative) EAI code, not an errno.
            label = "errno" if result.observed_errno >= 0 else "getaddrinfo code"
            lines.append(f"   observed:    {label} {result.observed_errno}{symbol}: "
                         f"{result.observed_message}")
        if result.exception:
            lines.append(f"   exception:   {result.exception}")
        expected = (f"{result.expected_symbol} ({result.expected_errno})"
                    if result.expected_symbol else "nothing")
        lines.append(f"   catalog:     {result.platform} {expected}; Python "
                     f"{result.expected_exception}")
    lines.append(f"   status:      {MARK[result.status]}")
    if result.reason:
        lines += textwrap.wrap(result.reason, width=width, initial_indent="   reason:      ",
                               subsequent_indent=" " * 16)
    lines.append(f"   see: sockerr {result.concept}")
    return "\n".join(lines) + "\n"


def summary_text(results: Sequence[Result]) -> str:
    counts = {status: sum(r.status == status for r in results) for status in MARK}
    text = ", ".join(f"{n} {status}" for status, n in counts.items())
    return f"{len(results)} scenario{'s' if len(results) != 1 else ''}: {text}\n"


def results_json(results: Sequence[Result]) -> str:
    return dumps({"scenarios": [r.to_dict() for r in results]})


def dumps(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
