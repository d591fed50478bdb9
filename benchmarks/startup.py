"""Start-up cost of a plain lookup, side by side with a bare interpreter.

Runs `sockerr 10054` (the installed console script) and `python -I -c pass`
alternately in the same run and prints both medians and their ratio.
Target (issue #2): ratio <= 2.0.

    python benchmarks/startup.py [--runs 40] [--query 10054]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def console_script() -> str:
    beside = os.path.join(os.path.dirname(sys.executable), "sockerr")
    found = beside if os.path.exists(beside) else shutil.which("sockerr")
    if not found:
        raise SystemExit("sockerr is not installed in this environment (pip install .)")
    return found


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="runs of each command (>= 20)")
    parser.add_argument("--query", default="10054")
    args = parser.parse_args()
    runs = max(20, args.runs)
    lookup_cmd = [console_script(), args.query]
    bare_cmd = [sys.executable, "-I", "-c", "pass"]
    for command in (lookup_cmd, bare_cmd):  # warm the page cache and .pyc files
        timed(command)
    lookup_times, bare_times = [], []
    for _ in range(runs):
        lookup_times.append(timed(lookup_cmd))
        bare_times.append(timed(bare_cmd))
    lookup_ms = statistics.median(lookup_times) * 1000
    bare_ms = statistics.median(bare_times) * 1000
    print(f"runs each:                 {runs}")
    print(f"sockerr {args.query} median:    {lookup_ms:7.2f} ms")
    print(f"python -I -c pass median:  {bare_ms:7.2f} ms")
    print(f"ratio:                     {lookup_ms / bare_ms:7.2f}  (target <= 2.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
