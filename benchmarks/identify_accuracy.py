"""Identification accuracy per ecosystem over a labelled corpus.

    python benchmarks/identify_accuracy.py [CORPUS.jsonl ...]

Default: tests/corpus/identify.jsonl and ../shared/samples/identify-dev.jsonl.
A case counts as right when the best match has the expected concept, platforms,
code and library_timeout (a negative is right when nothing is found). Also
prints the concept-only accuracy, and every miss with what was found.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict

from sockerr import identify

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULTS = [
    os.path.join(ROOT, "tests", "corpus", "identify.jsonl"),
    os.path.join(ROOT, "..", "shared", "samples", "identify-dev.jsonl"),
]


def main(paths: list[str]) -> int:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # cases, exact, concept
    misses = []
    for path in paths or [p for p in DEFAULTS if os.path.exists(p)]:
        with open(path, encoding="utf-8") as handle:
            cases = [json.loads(line) for line in handle if line.strip()]
        for case in cases:
            expected = case["expected"]
            matches = identify(case["text"])
            best = matches[0] if matches else None
            got = (None, [], None, False) if best is None else (
                best.concept, sorted(best.platforms), best.code, best.library_timeout)
            want = (expected["concept"], sorted(expected["platforms"]), expected["code"],
                    bool(expected.get("library_timeout", False)))
            row = totals[case.get("ecosystem", "other")]
            row[0] += 1
            row[1] += got == want
            row[2] += got[0] == want[0]
            if got != want:
                misses.append((case["id"], want, got))
    print(f"{'ecosystem':<14}{'cases':>7}{'exact':>9}{'concept':>9}")
    all_cases = all_exact = all_concept = 0
    for ecosystem, (cases, exact, concept) in sorted(totals.items()):
        print(f"{ecosystem:<14}{cases:>7}{exact / cases:>9.1%}{concept / cases:>9.1%}")
        all_cases, all_exact, all_concept = all_cases + cases, all_exact + exact, (
            all_concept + concept)
    if all_cases:
        print(f"{'all':<14}{all_cases:>7}{all_exact / all_cases:>9.1%}"
              f"{all_concept / all_cases:>9.1%}")
    for case_id, want, got in misses:
        print(f"miss {case_id}: expected {want}, found {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
