"""How fast identification is on typical log lines: lines per second and microseconds per line.

    python benchmarks/identify_speed.py [--seconds 3]

Runs identify() over the corpus texts (errors, near misses and clean lines alike) in a
loop for the given time, after a warm-up, and prints the rate.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from sockerr import identify

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLEAN = [
    "2024-05-01T10:00:00Z INFO request served path=/api/v1/items status=200 duration=12ms",
    "GET /static/app.js 304 1ms",
    "worker 3 picked job 91823 from queue default",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    lines = list(CLEAN)
    corpus = os.path.join(ROOT, "tests", "corpus", "identify.jsonl")
    if os.path.exists(corpus):
        with open(corpus, encoding="utf-8") as handle:
            lines += [json.loads(line)["text"] for line in handle if line.strip()]
    for line in lines:  # warm-up: load the catalog, compile the patterns
        identify(line)
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for line in lines:
            identify(line)
        done += len(lines)
    elapsed = time.perf_counter() - start
    print(f"lines identified: {done} in {elapsed:.2f} s")
    print(f"rate:             {done / elapsed:,.0f} lines/s")
    print(f"per line:         {elapsed / done * 1e6:.1f} µs (target: well under 1000 µs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
