"""The README's two set-up commands are the ones CI and users actually run."""

from __future__ import annotations

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _shell_blocks(text: str) -> list[str]:
    blocks, inside, current = [], False, []
    for line in text.splitlines():
        if line.startswith("```sh"):
            inside, current = True, []
        elif line.startswith("```") and inside:
            inside = False
            blocks.append("\n".join(current))
        elif inside:
            current.append(line)
    return blocks


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_second() -> None:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        blocks = _shell_blocks(handle.read())
    assert len(blocks) == 2
    install, test = blocks
    assert "pip install ." in install and install.endswith("sockerr 10054")
    assert "pytest" in test
    with open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8") as handle:
        ci_lines = handle.read().splitlines()
    assert test in ci_lines


def test_readme_python_examples_run() -> None:
    """The README's Python examples are runnable as written."""
    import sys

    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        text = handle.read()
    blocks = [part.split("```", 1)[0] for part in text.split("```python\n")[1:]]
    assert blocks
    hook = sys.excepthook
    try:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    finally:
        sys.excepthook = hook
