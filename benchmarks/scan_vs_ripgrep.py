"""sockerr scan against ripgrep on the same generated log, in one run.

    python benchmarks/scan_vs_ripgrep.py [--size 1G] [--keep] [--dir /tmp]

Generates a deterministic log with benchmarks/loggen.py (reused if it exists with the
same size and seed), compiles sockerr's bytecode as `pip install` does, warms the page
cache, then runs, alternately, three times each:

- `sockerr scan --json`;
- ripgrep with the equivalent list: `rg -c -i -f` over the very patterns sockerr's
  prefilter searches for (every phrase, name and format anchor of the catalog, about
  1200), so both tools look for the same things and ripgrep counts the same candidate
  lines; sockerr then also identifies, counts and explains them;
- ripgrep with the generator's own 26 error literals (`rg -c -F -f`): a list written
  knowing what this log holds, which no one has for real logs; the stricter reference.

It prints the median wall times (and every run's), throughputs, peak resident memory
(summed over the process and its children, sampled from /proc every 20 ms in one more
run of each, not in the timed ones) and both ratios sockerr / ripgrep
(target <= 0.5). Finally it checks that sockerr's counts equal the generator's truth.
Counts are of lines; for this generator that is also a count of events.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loggen
import sockerr as sockerr_package
from sockerr.catalog import load
from sockerr.prefilter import ATOM, NAME, WIDE_GB, tagged_patterns


def _rust_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\.+*?()|[]{}^$" else ch for ch in text)


def equivalent_patterns() -> list[str]:
    """sockerr's prefilter patterns in ripgrep's syntax (run with -i; exact case inline)."""
    out = []
    for pattern, kind, text, exact_case in tagged_patterns(load()):
        if kind == WIDE_GB:  # raw GB18030 bytes of a phrase, written as \xHH and \c
            rust = re.sub(r"\\x([0-9a-f]{2})|\\(.)", lambda m: f"(?-u:\\x{m[1]})" if m[1]
                          else _rust_escape(m[2]), pattern)
        elif text is not None and kind not in (NAME, ATOM):  # a phrase (UTF-8): a literal
            rust = _rust_escape(text)
        else:  # Python regex syntax that Rust reads alike, once quotes are unescaped
            rust = pattern.replace("\\'", "'").replace('\\"', '"')
        out.append(f"(?-i:{rust})" if exact_case else rust)
    return out


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack += [int(c) for c in handle.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run(command: list[str], *, sample_memory: bool = False) -> tuple[float, int, str]:
    """Wall seconds, peak tree RSS (0 unless sampled), stdout.

    Memory is sampled in runs of its own: walking /proc every 20 ms takes CPU, which a
    tool that keeps both cores busy would feel and a single-threaded one would not.
    """
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    out, _ = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    if sample_memory:
        sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed with status {process.returncode}")
    return elapsed, peak, out.decode("utf-8", "replace")


def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1G")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    parser.add_argument("--keep", action="store_true", help="keep the generated log")
    args = parser.parse_args()
    rg = shutil.which("rg")
    if rg is None:
        raise SystemExit("ripgrep (rg) is not installed: apt-get install ripgrep")
    sockerr = os.path.join(os.path.dirname(sys.executable), "sockerr")
    size = loggen.parse_size(args.size)
    log = os.path.join(args.dir, f"sockerr-bench-{args.size}-{args.seed}.log")
    truth_path = log + ".truth.json"
    if not (os.path.exists(truth_path) and _load(truth_path)["seed"] == args.seed):
        print(f"generating {log} ({args.size}) ...", flush=True)
        loggen.generate(log, size, args.seed, 0.005)
    truth = _load(truth_path)
    literals = log + ".literals"
    with open(literals, "w", encoding="utf-8") as handle:
        handle.write("\n".join(loggen.error_literals()) + "\n")
    equivalent = log + ".patterns"
    with open(equivalent, "w", encoding="utf-8") as handle:
        handle.write("\n".join(equivalent_patterns()) + "\n")
    # As pip leaves an install: bytecode compiled (an editable checkout, or a shell with
    # PYTHONDONTWRITEBYTECODE set, would otherwise compile sockerr's modules on every run).
    compileall.compile_dir(os.path.dirname(sockerr_package.__file__), quiet=1)
    with open(log, "rb") as handle:  # warm the page cache
        while handle.read(8 << 20):
            pass
    commands = {
        "sockerr": [sockerr, "scan", log, "--json", "--no-progress"],
        "rg-equivalent": [rg, "-c", "-i", "-f", equivalent, log],
        "rg-literals": [rg, "-c", "-F", "-f", literals, log],
    }
    results: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = {}
    outputs: dict[str, str] = {}
    for _ in range(args.runs):
        for name, command in commands.items():
            seconds, _peak, out = run(command)
            results[name].append(seconds)
            outputs[name] = out
    for name, command in commands.items():
        peaks[name] = run(command, sample_memory=True)[1]
    gib = truth["bytes"] / (1 << 30)
    print(f"log: {truth['bytes']:,} bytes, {truth['lines']:,} lines, "
          f"{sum(truth['truth'].values()):,} error lines (counts are of lines = events here)")
    medians = {}
    for name, runs in results.items():
        wall = statistics.median(runs)
        medians[name] = wall
        print(f"{name:<14} wall {wall:6.2f} s  throughput {gib / wall:5.2f} GiB/s  "
              f"peak RSS {peaks[name] / 1e6:6.1f} MB  (runs: "
              f"{', '.join(f'{r:.2f}' for r in runs)} s)")
    for baseline in ("rg-equivalent", "rg-literals"):
        print(f"ratio sockerr/{baseline}: {medians['sockerr'] / medians[baseline]:.3f} "
              "(target <= 0.50)")
    report = json.loads(outputs["sockerr"])
    found: dict[str, int] = {}
    for finding in report["findings"]:
        key = finding["concept"] + ("+lib" if finding["library_timeout"] else "")
        found[key] = found.get(key, 0) + finding["count"]
    print(f"lines matched by rg-equivalent: {int(outputs['rg-equivalent'].strip() or 0):,} "
          f"(sockerr's candidate lines: {report.get('candidates', 'n/a')}); by rg-literals: "
          f"{int(outputs['rg-literals'].strip() or 0):,}; sockerr error lines: "
          f"{sum(found.values()):,}; truth: {sum(truth['truth'].values()):,}")
    print("counts equal the truth exactly" if found == truth["truth"]
          else f"COUNTS DIFFER: found {found}, truth {truth['truth']}")
    if not args.keep:
        for path in (log, truth_path, literals, equivalent):
            os.remove(path)
    return 0 if found == truth["truth"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
