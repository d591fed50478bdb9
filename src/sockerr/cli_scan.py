"""`sockerr scan`: parse the options, run the scan, render the report, set the exit status."""

from __future__ import annotations

import contextlib
import gc
import time
from typing import Any

from .cli import Environment, Exit
from .errors import SockerrError

FAIL_ON_STATUS = 1  # --fail-on matched


class ProgressBar:
    """Bytes done of the total, rate and time left, redrawn in place on a terminal."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        share = done / total if total else 1.0
        left = (total - done) / rate if rate > 0 else 0.0
        width = 30
        bar = "#" * int(share * width)
        self.env.stderr.write(f"\r[{bar:<{width}}] {share:6.1%} {rate / 1e6:7.1f} MB/s "
                              f"{left:5.0f} s left ")
        self.env.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.env.stderr.write("\r" + " " * 70 + "\r")
            self.env.stderr.flush()


def parse_fail_on(value: str | None, concepts: set[str]) -> set[str] | None:
    """None (no --fail-on), {"any"}, or a set of concept ids; raises on unknown ids."""
    if value is None:
        return None
    wanted = {v.strip().upper() for v in value.split(",") if v.strip()}
    if not wanted:
        raise SockerrError("--fail-on needs 'any' or concept ids such as ECONNRESET,ETIMEDOUT")
    if "ANY" in wanted:
        return {"any"}
    unknown = sorted(w for w in wanted if w not in concepts)
    if unknown:
        raise SockerrError(f"--fail-on: unknown concept(s) {', '.join(unknown)}")
    return wanted


def run_scan(args: Any, env: Environment, lang: str) -> int:
    from .catalog import knowledge, load
    from .render.style import Style, color_wanted

    catalog = load()
    fail_on = parse_fail_on(args.fail_on, set(catalog.concepts()))
    style = Style(color_wanted(args.color, env.isatty(), env.environ), env.width())
    if args.follow:
        return _run_follow(args, env, lang, style, fail_on)
    from .render.json_out import dumps
    from .render.report_text import report_text
    from .report import build_report
    from .scanrun import scan_paths

    stderr_tty = env.isatty(env.stderr)
    bar = ProgressBar(env) if stderr_tty and not args.no_progress and not args.json else None
    stdin = getattr(env.stdin, "buffer", None)
    try:
        result = scan_paths(args.paths, glob=args.glob, jobs=args.jobs, engine=args.engine,
                            stdin=stdin, warn=None, progress=bar)
    finally:
        if bar is not None:
            bar.clear()
    for warning in result.warnings:
        env.error(warning)
    report = build_report(result, knowledge(), lang)
    env.stdout.write(dumps(report) if args.json else report_text(report, style, lang))
    # What is left (catalog, pattern database, caches) lives until exit: frozen, the last
    # garbage collection at exit skips it (about 10 ms on a large scan).
    gc.freeze()
    if not result.anything_read:
        env.error("nothing could be read")
        return Exit.USAGE
    return _fail_status(fail_on, {f["concept"] for f in report["findings"]})


def _fail_status(fail_on: set[str] | None, found: set[str]) -> int:
    if fail_on is None or not found:
        return Exit.OK
    if "any" in fail_on or fail_on & found:
        return FAIL_ON_STATUS
    return Exit.OK


def _run_follow(args: Any, env: Environment, lang: str, style: Any, fail_on: set[str] | None
                ) -> int:
    from .catalog import knowledge
    from .render.json_out import dumps
    from .render.report_text import report_text
    from .report import build_report
    from .scanrun import FileStatus, ScanResult, follow

    if len(args.paths) != 1 or args.paths[0] == "-":
        raise SockerrError("--follow takes exactly one file")
    path = args.paths[0]
    known = knowledge()

    def on_hit(name: str, line: int, text: str, match: Any) -> None:
        entry = known.entry(match.concept) or {}
        hint = entry.get("hint") or entry.get("summary") or {}
        advice = hint.get(lang) or hint.get("en") or match.message or ""
        env.stdout.write(f"{name}:{line}  {style(match.concept, 'concept')}  {advice}\n")
        env.stdout.flush()

    started = time.perf_counter()
    deadline = started + args.follow_seconds if args.follow_seconds else None
    aggregate = None
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C ends following; the summary follows
        aggregate = follow(path, on_hit, from_start=args.from_start, warn=env.error,
                           stop=lambda: deadline is not None and time.perf_counter() > deadline)
    if aggregate is None:
        from .scanning import Aggregate

        aggregate = Aggregate()
    status = FileStatus(path)
    status.lines, status.bytes = aggregate.lines, aggregate.bytes
    result = ScanResult(aggregate, [status], [], "follow", time.perf_counter() - started)
    report = build_report(result, known, lang)
    env.stdout.write(dumps(report) if args.json else "\n" + report_text(report, style, lang))
    return _fail_status(fail_on, {f["concept"] for f in report["findings"]})
