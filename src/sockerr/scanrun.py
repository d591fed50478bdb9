"""Run a scan over paths: tasks, both cores, progress, warnings; and `--follow`.

The I/O edge around scanning.py: it opens files and standard input, splits
large plain files between processes, and merges their findings in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from .catalog import Catalog, load
from .prefilter import line_finder
from .scanning import Aggregate, LineScanner, Memory, OnHit
from .sources import BLOCK, blocks, expand, looks_binary, open_stream, split_points

SPLIT_AT = 64 << 20  # plain files at least this large are split between processes
POOL_AT = 16 << 20  # below this much input in all, one process is faster than two

Warn = Callable[[str], None]
Progress = Callable[[int, int], None]  # bytes done, bytes in all


class FileStatus:
    __slots__ = ("bytes", "compression", "errors", "lines", "path", "status", "warning")

    def __init__(self, path: str) -> None:
        self.path = path
        self.status = "read"
        self.lines = 0
        self.bytes = 0
        self.errors = 0  # error lines found in this file
        self.compression: str | None = None
        self.warning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "lines": self.lines,
                "bytes": self.bytes, "errors": self.errors, "compression": self.compression,
                "warning": self.warning}


class ScanResult:
    def __init__(self, aggregate: Aggregate, files: list[FileStatus], warnings: list[str],
                 engine: str, seconds: float) -> None:
        self.aggregate = aggregate
        self.files = files
        self.warnings = warnings
        self.engine = engine
        self.seconds = seconds

    @property
    def anything_read(self) -> bool:
        return any(f.status != "skipped" for f in self.files)


# Per-process state of the workers (set by _init, or inherited through fork).
_STATE: dict[str, Any] = {}


def _init(engine: str, counter: Any) -> None:
    if "finder" not in _STATE:
        catalog = load()
        _STATE["catalog"] = catalog
        _STATE["engine"], _STATE["finder"] = line_finder(catalog, engine)
    _STATE["counter"] = counter


def _memory() -> Memory:
    memory = _STATE.get("memory")
    if memory is None:
        memory = _STATE["memory"] = Memory()
    return memory


def _count(done: int) -> None:
    counter = _STATE.get("counter")
    if counter is not None:
        with counter.get_lock():
            counter.value += done


def _read_range(path: str, start: int, end: int) -> tuple[Aggregate, list[str]]:
    """Findings of bytes [start, end) of a plain file."""
    warnings: list[str] = []
    aggregate = Aggregate()
    scanner = LineScanner(path, _STATE["finder"], _STATE["catalog"], aggregate,
                          warn=warnings.append, memory=_memory())
    with open(path, "rb") as handle:
        handle.seek(start)
        for block in blocks(handle, BLOCK, end - start):
            scanner.feed(block)
            _count(len(block))
    scanner.close()
    return aggregate, warnings


def _read_whole(path: str, name: str, raw: IO[bytes], on_hit: OnHit | None = None
                ) -> tuple[Aggregate, list[str], str | None]:
    """Findings of a whole input (decompressed if need be); raises OSError/EOFError."""
    warnings: list[str] = []
    aggregate = Aggregate()
    stream, kind = open_stream(path, raw)
    scanner = LineScanner(name, _STATE["finder"], _STATE["catalog"], aggregate,
                          on_hit=on_hit, warn=warnings.append, memory=_memory())
    first = True
    position = raw.tell() if hasattr(raw, "tell") and raw.seekable() else 0
    for block in blocks(stream):
        if first and looks_binary(block):
            raise _Binary()
        first = False
        scanner.feed(block)
        if raw.seekable():
            now = raw.tell()
            _count(now - position)
            position = now
    scanner.close()
    return aggregate, warnings, kind


class _Binary(Exception):
    pass


def _task(task: tuple[str, str, int, int]) -> tuple[str, Aggregate | None, list[str], str | None,
                                                    str | None]:
    """Run one task in a worker: (kind, aggregate, warnings, compression, error)."""
    kind, path, start, end = task
    try:
        if kind == "range":
            aggregate, warnings = _read_range(path, start, end)
            return "ok", aggregate, warnings, None, None
        with open(path, "rb") as raw:
            aggregate, warnings, compression = _read_whole(path, path, raw)
        return "ok", aggregate, warnings, compression, None
    except _Binary:
        return "binary", None, [], None, f"{path}: binary file, skipped"
    except (OSError, EOFError, ValueError) as exc:  # unreadable, truncated, corrupt archive
        detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return "error", None, [], None, f"{path}: {detail}"


MAX_JOBS = 8  # each process holds its own pattern database and buffers (~60 MB)


def default_jobs() -> int:
    """The processors this process may run on (a container's share, not the host's)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(MAX_JOBS, usable))


def _plan(paths: list[str], jobs: int, warn: Warn
          ) -> tuple[list[tuple[str, list[tuple[str, str, int, int]]]], int]:
    """Per input: its tasks (a large plain file gets one per job). And the bytes in all."""
    plan: list[tuple[str, list[tuple[str, str, int, int]]]] = []
    total = 0
    for path in paths:
        if path == "-":
            plan.append((path, []))
            continue
        try:
            size = os.path.getsize(path)
            with open(path, "rb") as handle:
                head = handle.read(8)
        except OSError as exc:
            warn(f"{path}: {exc.strerror or exc}")
            plan.append((path, [("error", path, 0, 0)]))
            continue
        total += size
        from .sources import compression

        plain = compression(path, head) is None
        if plain and size >= SPLIT_AT and jobs > 1:
            tasks = [("range", path, a, b) for a, b in split_points(path, jobs)]
        else:
            tasks = [("whole", path, 0, size)]
        plan.append((path, tasks))
    return plan, total


def scan_paths(paths: list[str], *, glob: list[str] | None = None, jobs: int | None = None,
               engine: str = "auto", stdin: IO[bytes] | None = None,
               warn: Warn | None = None, progress: Progress | None = None,
               catalog: Catalog | None = None) -> ScanResult:
    """Scan files, directories and `-` (standard input) into one set of findings."""
    started = time.perf_counter()
    warnings: list[str] = []

    def note(message: str) -> None:
        warnings.append(message)
        if warn is not None:
            warn(message)

    catalog = catalog or load()
    engine_name, finder = line_finder(catalog, engine)
    _STATE.update(catalog=catalog, finder=finder, engine=engine_name)
    jobs = jobs or default_jobs()
    plan, total = _plan(list(expand(paths, glob, note)), jobs, note)
    task_list = [task for _path, tasks in plan for task in tasks if task[0] != "error"]
    use_pool = jobs > 1 and total >= POOL_AT and len(task_list) > 1
    counter: Any = multiprocessing.get_context().Value("q", 0) if progress else None
    results: dict[tuple[str, str, int, int], Any] = {}
    if use_pool:
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with context.Pool(jobs, initializer=_init, initargs=(engine, counter)) as pool:
            pending = {task: pool.apply_async(_task, (task,)) for task in task_list}
            for result in pending.values():
                # Woken as soon as the result is in (not on the next tick of a sleep).
                while not result.ready():
                    if progress and counter is not None:
                        progress(counter.value, total)
                    result.wait(0.2)
            results = {task: r.get() for task, r in pending.items()}
    else:
        _STATE["counter"] = counter
        watcher = _Watcher(counter, total, progress) if progress else None
        try:
            results = {task: _task(task) for task in task_list}
        finally:
            if watcher:
                watcher.stop()
    if progress and counter is not None:
        progress(total, total)
    aggregate = Aggregate()
    files: list[FileStatus] = []
    for path, tasks in plan:
        status = FileStatus("<stdin>" if path == "-" else path)
        files.append(status)
        if path == "-":
            _scan_stdin(stdin, status, aggregate, note)
            continue
        part_lines = 0
        for task in tasks:
            if task[0] == "error":
                status.status = "skipped"
                continue
            outcome, found, task_warnings, kind, error = results[task]
            for message in task_warnings:
                note(message)
            if outcome != "ok" or found is None:
                status.status, status.warning = "skipped", error
                if error:
                    note(error)
                break
            status.compression = kind
            found.shift_lines(part_lines)
            part_lines += found.lines
            status.lines += found.lines
            status.bytes += found.bytes
            status.errors += found.errors()
            aggregate.absorb(found)
    return ScanResult(aggregate, files, warnings, engine_name, time.perf_counter() - started)


def _scan_stdin(stdin: IO[bytes] | None, status: FileStatus, aggregate: Aggregate,
                note: Warn) -> None:
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        found, task_warnings, kind = _read_whole("-", "<stdin>", stream)
    except _Binary:
        status.status, status.warning = "skipped", "<stdin>: binary data, skipped"
        note(status.warning)
        return
    except (OSError, EOFError, ValueError) as exc:
        status.status, status.warning = "skipped", f"<stdin>: {exc}"
        note(status.warning)
        return
    for message in task_warnings:
        note(message)
    status.compression, status.lines, status.bytes = kind, found.lines, found.bytes
    status.errors = found.errors()
    aggregate.absorb(found)


class _Watcher:
    """Reports progress from a thread while the work runs in this process."""

    def __init__(self, counter: Any, total: int, progress: Progress) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(counter, total, progress),
                                        daemon=True)
        self._thread.start()

    def _run(self, counter: Any, total: int, progress: Progress) -> None:
        while not self._stop.wait(0.2):
            progress(counter.value, total)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=1)


def follow(path: str, on_hit: OnHit, *, stop: Callable[[], bool], from_start: bool = False,
           poll: float = 0.25, warn: Warn | None = None, catalog: Catalog | None = None,
           opened: Callable[[], None] | None = None) -> Aggregate:
    """Like `tail -F`: read what is appended to `path`, reopening it when it is rotated.

    `opened` is called once the first file is open and positioned (what follows is read).
    """
    catalog = catalog or load()
    _engine, finder = line_finder(catalog)
    total = Aggregate()
    aggregate = Aggregate()  # of the file now open: line numbers restart with each file
    scanner = LineScanner(path, finder, catalog, aggregate, on_hit=on_hit, warn=warn)
    handle: IO[bytes] | None = None
    identity: tuple[int, int] | None = None
    start_at_end = not from_start
    while not stop():
        if handle is None:
            try:
                handle = open(path, "rb")  # noqa: SIM115 - kept open across iterations
            except OSError:
                time.sleep(poll)
                continue
            info = os.fstat(handle.fileno())
            identity = (info.st_dev, info.st_ino)
            if start_at_end:
                handle.seek(0, os.SEEK_END)
                start_at_end = False
            if opened is not None:
                opened()
                opened = None
        data = handle.read(BLOCK)
        if data:
            scanner.feed(data)
            continue
        rotated = _rotated(path, identity, handle)
        if rotated:
            scanner.close()
            handle.close()
            handle = None
            total.absorb(aggregate)
            aggregate = Aggregate()
            scanner = LineScanner(path, finder, catalog, aggregate, on_hit=on_hit, warn=warn)
            continue
        time.sleep(poll)
    scanner.close()
    if handle is not None:
        handle.close()
    total.absorb(aggregate)
    return total


def _rotated(path: str, identity: tuple[int, int] | None, handle: IO[bytes]) -> bool:
    try:
        info = os.stat(path)
    except OSError:
        return False  # gone for now: keep reading the old file until a new one appears
    if identity is not None and (info.st_dev, info.st_ino) != identity:
        return True
    return info.st_size < handle.tell()  # truncated in place (copytruncate)
