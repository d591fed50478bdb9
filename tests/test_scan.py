"""scan: counts, places, formats, bad input, exit statuses, parallel runs, follow."""

from __future__ import annotations

import bz2
import functools
import gzip
import hashlib
import io
import itertools
import json
import lzma
import os
import re
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from sockerr import prefilter, scanrun
from sockerr.catalog import load
from sockerr.identification import Reading, best_reading, identify
from sockerr.prefilter import line_finder
from sockerr.scanning import NewlineCounter, Place, line_key, lines_of, scan_blocks, scan_text
from sockerr.scanrun import follow, scan_paths
from sockerr.sources import blocks

from .conftest import Runner

LOG = (
    "2024-03-02T10:11:12Z api ConnectionResetError: [Errno 104] Connection reset by peer\n"
    "2024-03-02T10:11:13Z api GET /health 200\n"
    "2024/03/02 10:11:14 [error] 7#7: *1 connect() failed (111: Connection refused) while "
    "connecting to upstream\n"
    "2024-03-02T10:11:15Z api user requested password reset\n"
    "2024-03-02T10:11:16Z api ConnectionResetError: [Errno 104] Connection reset by peer\n"
)


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def _report(run: Runner, *argv: str) -> tuple[int, dict[str, Any], str]:
    result = run("scan", *argv, "--json")
    return result.status, json.loads(result.out) if result.out else {}, result.err


def test_counts_places_samples_and_timestamps(tmp_path: Path, run: Runner) -> None:
    path = _write(tmp_path / "app.log", LOG.encode())
    status, report, err = _report(run, path)
    assert status == 0 and err == ""
    assert report["schema_version"] == 1
    assert (report["lines"], report["bytes"], report["errors"]) == (5, len(LOG.encode()), 3)
    top = report["findings"][0]
    assert (top["concept"], top["platforms"], top["count"]) == ("ECONNRESET", ["linux"], 2)
    assert top["first"] == {"file": path, "line": 1, "timestamp": "2024-03-02T10:11:12Z"}
    assert top["last"] == {"file": path, "line": 5, "timestamp": "2024-03-02T10:11:16Z"}
    assert len(top["samples"]) == 2 and "[Errno 104]" in top["samples"][0]
    assert top["retry"]["class"] == "reconnect" and top["hint"]
    refused = report["findings"][1]
    assert (refused["concept"], refused["count"], refused["first"]["timestamp"]) == (
        "ECONNREFUSED", 1, "2024/03/02 10:11:14")
    assert report["look_first"][0]["concept"] == "ECONNRESET"


def test_text_report(tmp_path: Path, run: Runner) -> None:
    result = run("scan", _write(tmp_path / "app.log", LOG.encode()))
    assert result.status == 0
    assert "Look at this first" in result.out and "ECONNRESET" in result.out
    assert "\x1b[" not in result.out
    zh = run("scan", str(tmp_path / "app.log"), "--lang", "zh")
    assert "优先查看" in zh.out


@pytest.mark.parametrize("suffix, pack", [
    (".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress),
    (".zst", lambda data: zstandard.ZstdCompressor().compress(data)),
])
def test_compressed_inputs(tmp_path: Path, run: Runner, suffix: str, pack: Any) -> None:
    path = _write(tmp_path / f"app.log{suffix}", pack(LOG.encode()))
    status, report, _err = _report(run, path)
    assert status == 0
    assert report["errors"] == 3
    assert report["files"][0]["compression"] in ("gzip", "bzip2", "xz", "zstd")


def test_directories_glob_stdin_and_order(tmp_path: Path, run: Runner) -> None:
    (tmp_path / "logs" / "old").mkdir(parents=True)
    _write(tmp_path / "logs" / "a.log", LOG.encode())
    _write(tmp_path / "logs" / "old" / "b.log", LOG.encode())
    _write(tmp_path / "logs" / "notes.txt", LOG.encode())
    status, report, _ = _report(run, str(tmp_path / "logs"), "--glob", "*.log")
    assert status == 0
    assert [os.path.basename(f["path"]) for f in report["files"]] == ["a.log", "b.log"]
    assert report["errors"] == 6
    assert [f["errors"] for f in report["files"]] == [3, 3]
    _write(tmp_path / "logs" / "c.log", b"nothing to see\n" + (LOG * 3).encode())
    _write(tmp_path / "logs" / "d.log", b"all quiet\n")
    text = run("scan", str(tmp_path / "logs"), "--glob", "*.log", "--no-progress").out
    by_file = text.split("Error lines by file")[1].split("Findings")[0]
    assert [line.split()[0] for line in by_file.strip().splitlines()] == ["9", "3", "3"]
    assert "d.log" not in by_file

    class Stdin(io.StringIO):
        buffer = io.BytesIO(LOG.encode())

    out, err = io.StringIO(), io.StringIO()
    from sockerr.cli import main

    assert main(["scan", "-", "--json"], stdout=out, stderr=err, environ={}, stdin=Stdin()) == 0
    assert json.loads(out.getvalue())["files"][0]["path"] == "<stdin>"
    assert json.loads(out.getvalue())["files"][0]["errors"] == 3


def test_bad_inputs_warn_and_are_never_written(tmp_path: Path, run: Runner) -> None:
    good = _write(tmp_path / "good.log", LOG.encode())
    binary = _write(tmp_path / "core.bin", b"\x7fELF\x00\x00\x01" * 100)
    empty = _write(tmp_path / "empty.log", b"")
    truncated = _write(tmp_path / "cut.log.gz", gzip.compress(LOG.encode() * 50)[:60])
    mixed = _write(tmp_path / "mixed.log", (
        "[WinError 10054] 远程主机强迫关闭了一个现有的连接。\r\n".encode("gb18030")
        + b"\xff\xfe broken utf-8 line\r\n"
        + "[WinError 10061] 由于目标计算机积极拒绝，无法连接。\r\n".encode()))
    huge = _write(tmp_path / "huge.log",
                  b"x" * (3 << 20) + b" [Errno 104] Connection reset by peer\n"
                  + b"[Errno 32] Broken pipe\n")
    before = {p: hashlib.sha256(Path(p).read_bytes()).hexdigest()
              for p in (good, binary, empty, truncated, mixed, huge)}
    status, report, err = _report(run, good, binary, empty, truncated, mixed, huge,
                                  str(tmp_path / "missing.log"))
    assert status == 0
    assert "binary file, skipped" in err
    assert "missing.log: no such file or directory" in err
    assert "cut.log.gz" in err
    assert "longer than 1 MiB" in err
    assert all(line.startswith("sockerr: ") for line in err.splitlines())
    assert "Traceback" not in err
    files = {os.path.basename(f["path"]): f for f in report["files"]}
    assert files["core.bin"]["status"] == "skipped"
    assert files["empty.log"]["status"] == "read" and files["empty.log"]["lines"] == 0
    found = {(f["concept"], tuple(f["platforms"])): f["count"] for f in report["findings"]}
    assert found[("ECONNRESET", ("windows",))] == 1  # the GB18030 line
    assert found[("ECONNREFUSED", ("windows",))] == 1
    assert found[("EPIPE", ())] == 1  # the line after the 3 MiB line still counts
    assert files["huge.log"]["lines"] == 2
    after = {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in before}
    assert after == before


def test_nothing_readable_is_status_2(tmp_path: Path, run: Runner) -> None:
    binary = _write(tmp_path / "a.bin", b"\x00" * 100)
    status, _report_document, err = _report(run, binary, str(tmp_path / "missing"))
    assert status == 2
    assert "nothing could be read" in err


def test_fail_on(tmp_path: Path, run: Runner) -> None:
    path = _write(tmp_path / "app.log", LOG.encode())
    assert run("scan", path, "--fail-on", "any").status == 1
    assert run("scan", path, "--fail-on", "ECONNRESET,ETIMEDOUT").status == 1
    assert run("scan", path, "--fail-on", "etimedout").status == 0
    bad = run("scan", path, "--fail-on", "NOTACONCEPT")
    assert bad.status == 2 and bad.err.startswith("sockerr: ")
    clean = _write(tmp_path / "clean.log", b"all good\n")
    assert run("scan", clean, "--fail-on", "any").status == 0


def test_scan_and_identify_never_disagree() -> None:
    """Every line identify() reads is a prefilter candidate, with both engines."""
    here = os.path.dirname(__file__)
    # Case matters to the prefilter for names: capitals, SocketError.X in any case, atoms.
    texts = [LOG, "error: SocketError.ConnectionReset while reading", "SocketError.timedout",
             "got {error,econnrefused} from peer", "reason: :etimedout", "read econnreset",
             "Econnreset happened", "code ECONNRESET", "UV_EOF at end", "uv_eof at end"]
    for name in (os.path.join(here, "corpus", "identify.jsonl"),
                 os.path.join(here, "..", "..", "shared", "samples", "identify-dev.jsonl")):
        if os.path.exists(name):
            with open(name, encoding="utf-8") as handle:
                texts += [json.loads(line)["text"] for line in handle if line.strip()]
    catalog = load()
    lines = [line for text in texts for line in text.splitlines()]
    for engine in ("auto", "ahocorasick", "re"):
        _name, finder = line_finder(catalog, engine)
        for line in lines:
            plain = identify(line, approximate=False, lookups=False)  # logs carry exact texts
            found = finder(line.encode("utf-8") + b"\n")
            if plain:
                assert [start for start, _line, _hit, _hints in found] == [0], (engine, line)
            for _start, _line, _hit, hints in found:
                # What scan identifies with the prefilter's hints is what explain finds.
                hinted = identify(line, hints=hints, lookups=False)
                assert [(m.concept, m.platforms, m.code, m.library_timeout) for m in hinted] == [
                    (m.concept, m.platforms, m.code, m.library_timeout) for m in plain], line


def test_remembered_readings_equal_identify() -> None:
    """scan's reading cache (keyed by evidence, spans by rank) never changes an answer.

    One cache serves every corpus line, each also shifted by prefixes of other lengths
    and read twice in opposite orders, so most answers come from entries other lines made.
    """
    here = os.path.dirname(__file__)
    with open(os.path.join(here, "corpus", "identify.jsonl"), encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    catalog = load()
    _name, finder = line_finder(catalog, "auto")
    lines = [prefix + line for text in texts for line in text.splitlines() if line.strip()
             for prefix in ("", "2024-03-02T10:00:00.123Z ", "[worker-17] ")]
    cache: dict[object, Reading | None] = {}
    hits = 0
    for ordered in (lines, lines[::-1]):
        for line in ordered:
            expected = _explain_reading(line)
            size = len(cache)
            found = finder(line.encode("utf-8") + b"\n")
            hints = found[0][3] if found else None
            assert best_reading(line, catalog, hints, cache) == expected, line
            assert best_reading(line, catalog, None, cache) == expected, line
            hits += len(cache) == size
    assert hits > len(lines)  # the cache was really used, not just filled


def test_scan_counts_equal_identify_per_line() -> None:
    lines = LOG.splitlines() * 7
    aggregate = scan_text("\n".join(lines) + "\n")
    expected: dict[str, int] = {}
    for line in lines:
        found = identify(line, approximate=False, lookups=False)
        if found:
            expected[found[0].concept] = expected.get(found[0].concept, 0) + 1
    assert {t.concept: t.count for t in lines_of(aggregate)} == expected


def test_parallel_split_gives_the_same_report(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    noise = "2024-03-02T10:00:00Z api GET /items 200 3ms\n" * 2000
    # An error seen once, in the second part only: its first place is also its last.
    data = (noise + LOG) * 40 + "OSError: [Errno 98] Address already in use\n" + noise
    path = _write(tmp_path / "big.log", data.encode())
    sequential = scan_paths([path], jobs=1)
    monkeypatch.setattr(scanrun, "SPLIT_AT", 1024)
    monkeypatch.setattr(scanrun, "POOL_AT", 1024)
    calls: list[tuple[int, int]] = []
    parallel = scan_paths([path], jobs=2, progress=lambda done, total: calls.append((done, total)))
    assert parallel.aggregate.lines == sequential.aggregate.lines == data.count("\n")

    def summary(result: scanrun.ScanResult) -> list[tuple[Any, ...]]:
        return [(t.concept, t.count, t.first.line if t.first else None,
                 t.last.line if t.last else None) for t in lines_of(result.aggregate)]

    assert summary(parallel) == summary(sequential)
    once = [t for t in lines_of(parallel.aggregate) if t.concept == "EADDRINUSE"]
    assert [(t.count, t.first.line, t.last.line) for t in once if t.first and t.last] == [
        (1, 40 * (2000 + 5) + 1, 40 * (2000 + 5) + 1)]
    assert calls and calls[-1][0] == calls[-1][1] == len(data.encode())


def test_follow_reads_appended_lines_and_survives_rotation(tmp_path: Path) -> None:
    path = tmp_path / "live.log"
    path.write_text("old line before following\n[Errno 104] Connection reset by peer\n")
    seen: list[tuple[int, str]] = []
    done = threading.Event()
    ready = threading.Event()

    def writer() -> None:
        ready.wait(10)  # append only once follow() is positioned at the end
        time.sleep(0.1)
        with open(path, "a") as handle:
            handle.write("fine\n[Errno 111] Connection refused\n")
        time.sleep(0.5)
        os.rename(path, tmp_path / "live.log.1")  # rotation
        path.write_text("[Errno 32] Broken pipe\n")
        time.sleep(0.6)
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    deadline = time.monotonic() + 10
    aggregate = follow(str(path), lambda _n, line, _t, m: seen.append((line, m.concept)),
                       stop=lambda: done.is_set() or time.monotonic() > deadline, poll=0.05,
                       opened=ready.set)
    thread.join()
    assert seen == [(2, "ECONNREFUSED"), (1, "EPIPE")]  # the old error was not re-read
    assert {t.concept for t in aggregate.tallies.values()} == {"ECONNREFUSED", "EPIPE"}


def test_follow_command_prints_hits_and_summary(tmp_path: Path, run: Runner) -> None:
    path = _write(tmp_path / "app.log", LOG.encode())
    result = run("scan", path, "--follow", "--from-start", "--follow-seconds", "0.5")
    assert result.status == 0
    assert result.out.count("ECONNRESET") >= 2
    assert "Look at this first" in result.out
    assert run("scan", path, path, "--follow").status == 2


def _database_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("hyperscan-*.db"))


def test_compiled_patterns_are_cached_and_a_bad_cache_is_rebuilt(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("hyperscan")
    monkeypatch.setenv("SOCKERR_CACHE_DIR", str(tmp_path))
    catalog = load()
    sample = b"x\nOSError: [Errno 111] Connection refused\ny\n"
    first = prefilter.hyperscan_finder(catalog)
    assert first is not None
    [cached] = _database_files(tmp_path)
    stamp = cached.stat().st_mtime_ns
    second = prefilter.hyperscan_finder(catalog)
    assert second is not None and cached.stat().st_mtime_ns == stamp  # loaded, not rebuilt
    assert [c[:3] for c in second(sample)] == [c[:3] for c in first(sample)]
    assert [c[0] for c in first(sample)] == [2]
    cached.write_bytes(b"not a database")
    third = prefilter.hyperscan_finder(catalog)
    assert third is not None and [c[0] for c in third(sample)] == [2]
    assert cached.stat().st_size > 1000  # replaced by a good one
    assert not list(tmp_path.glob("*.tmp"))


def test_an_unusable_cache_directory_only_costs_time(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("hyperscan")
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv("SOCKERR_CACHE_DIR", str(blocker / "sockerr"))
    finder = prefilter.hyperscan_finder(load())
    assert finder is not None
    assert [c[0] for c in finder(b"[Errno 104] Connection reset by peer\n")] == [0]
    assert blocker.read_text().startswith("a file")


def test_cache_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOCKERR_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert prefilter.cache_dir() == "/somewhere/cache/sockerr"
    monkeypatch.setenv("SOCKERR_CACHE_DIR", "/elsewhere")
    assert prefilter.cache_dir() == "/elsewhere"


_MIXED = (LOG + "中文 ConnectionResetError: [WinError 10054] 远程主机强迫关闭了一个现有的连接。\r\n"
          + "x" * 300 + " i/o timeout\n" + "no newline at the end: broken pipe").encode("utf-8")


def _summary(aggregate: Any) -> list[tuple[Any, ...]]:
    return [(t.concept, t.platforms, t.library_timeout, t.count, t.first.line, t.last.line,
             t.first.timestamp, t.last.timestamp, tuple(t.samples)) for t in lines_of(aggregate)]


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300), bounds=st.tuples(st.integers(0, 300), st.integers(0, 300)))
def test_newline_counts_are_exact_with_and_without_simd(data: bytes,
                                                        bounds: tuple[int, int]) -> None:
    start, end = min(bounds), max(bounds)
    simd, plain = NewlineCounter(), NewlineCounter(simd=False)
    for block in (data, bytearray(data)):
        for counter in (simd, plain):
            counter.start(block, 0, len(block))
            assert counter.count(start, end) == block.count(b"\n", start, end)


def test_the_simd_newline_counter_is_installed() -> None:
    """A dependency of the package: scan counts newlines with it, not byte by byte."""
    assert NewlineCounter().count_in is not NewlineCounter(simd=False).count_in


@settings(max_examples=60, deadline=None)
@given(cuts=st.lists(st.integers(1, len(_MIXED) - 1), max_size=10, unique=True),
       simd=st.booleans())
def test_any_block_boundaries_in_a_reused_buffer_read_alike(cuts: list[int],
                                                            simd: bool) -> None:
    """Blocks may split lines anywhere, and a block's buffer is refilled once fed."""
    catalog = load()
    _name, finder = line_finder(catalog)
    whole = scan_blocks("x", [_MIXED], finder, catalog)

    def reused() -> Any:
        edges = [0, *sorted(cuts), len(_MIXED)]
        for a, b in itertools.pairwise(edges):
            piece = bytearray(_MIXED[a:b])
            yield piece
            piece[:] = b"\0" * len(piece)  # what a refilled buffer does to a kept reference

    split = scan_blocks("x", reused(), finder, catalog, counter=NewlineCounter(simd))
    assert (split.lines, split.bytes) == (whole.lines, whole.bytes) == (
        _MIXED.count(b"\n") + 1, len(_MIXED))
    assert _summary(split) == _summary(whole)
    assert sum(t.count for t in whole.tallies.values()) == 6


def test_blocks_refill_one_buffer_and_stop_at_the_limit() -> None:
    stream = io.BytesIO(b"abcdefghij" * 3)
    seen = [bytes(block) for block in blocks(stream, 8, limit=26)]
    assert seen == [b"abcdefgh", b"ijabcdef", b"ghijabcd", b"ef"]
    stream = io.BytesIO(b"0123456789")
    first = next(blocks(stream, 4))
    assert isinstance(first, bytearray) and first == b"0123"


def test_timestamps_are_read_only_for_places_reported() -> None:
    place = Place("f", 3, "2024-03-02T10:11:12Z boom")
    assert place.to_dict() == {"file": "f", "line": 3, "timestamp": "2024-03-02T10:11:12Z"}
    assert Place("f", 4, "no time here").timestamp is None


def test_the_reading_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from sockerr import identification

    monkeypatch.setattr(identification, "CACHE_LIMIT", 3)
    catalog = load()
    cache: dict[object, Reading | None] = {}
    lines = [f"[Errno {n}] x" for n in (104, 111, 110, 32, 98, 101)] * 2
    for line in lines:
        assert best_reading(line, catalog, None, cache) == _explain_reading(line)
        assert len(cache) <= 3


def _scan_reading(line: str) -> tuple[Any, ...] | None:
    found = [(t.concept, t.platforms, t.library_timeout) for t in lines_of(scan_text(line + "\n"))]
    assert len(found) <= 1
    return found[0] if found else None


def _explain_reading(line: str) -> tuple[Any, ...] | None:
    matches = identify(line, approximate=False, lookups=False)
    return (matches[0].concept, matches[0].platforms, matches[0].library_timeout) if matches \
        else None


@pytest.mark.parametrize("line", [
    "x (111: Connection  refused)",  # two spaces: no system prints that
    "x (111: Connection\trefused)",
    "connect() failed (111: connection   refused) while connecting",
    "networ\u212a is unreachable",  # KELVIN SIGN lower-cases to an ASCII k
    "OSError: [Errno 101] Networ\u212a is unreachable",
])
def test_odd_spacing_and_lookalike_letters_read_alike(line: str) -> None:
    assert _scan_reading(line) == _explain_reading(line)


_NOISE = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u3000", "\u212a", "\u0130", "K", "k",
                          "(", ")", ":", "'", '"', ",", ".", "-", "0", "1", "104", "10054",
                          "\n", "\r", "é", "中", "ERROR", "errno", "Error "])


@settings(max_examples=int(os.environ.get('FUZZ', '300')), deadline=None)
@given(data=st.data())
def test_scan_and_explain_agree_on_mangled_lines(data: st.DataObject) -> None:
    """Corpus lines with characters inserted, replaced or case-flipped anywhere."""
    line = data.draw(st.sampled_from(_CORPUS_LINES))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(line)))
        action = data.draw(st.sampled_from(["insert", "replace", "flip"]))
        if action == "insert":
            line = line[:at] + data.draw(_NOISE) + line[at:]
        elif action == "replace" and at < len(line):
            line = line[:at] + data.draw(_NOISE) + line[at + 1:]
        elif at < len(line):
            line = line[:at] + line[at].swapcase() + line[at + 1:]
    for part in line.splitlines() or [""]:
        assert _scan_reading(part) == _explain_reading(part), part


def _corpus_lines() -> list[str]:
    here = os.path.dirname(__file__)
    with open(os.path.join(here, "corpus", "identify.jsonl"), encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    return [line for text in texts for line in text.splitlines() if line.strip()]


_CORPUS_LINES = _corpus_lines()


def test_line_key_zeroes_the_digits_of_the_leading_stamp_only() -> None:
    assert line_key(b"2024-03-02T10:11:12.345Z api [Errno 104] x") == (
        b"0000-00-00T00:00:00.000Z api [Errno 104] x")
    assert line_key(b"[2024/03/02 10:11:12] 10054 (10054)") == (
        b"[0000/00/00 00:00:00] 00000 (10054)")
    assert line_key(bytearray(b"12:00 Z 7 x")) == b"00:00 Z 7 x"  # Z after a blank: not a stamp
    assert line_key(b"(111: Connection refused)") == b"(111: Connection refused)"
    assert line_key(b"10054") == b"10054"  # no blank after it: not a stamp
    assert isinstance(line_key(bytearray(b"abc")), bytes)
    assert line_key(b"Mar  2 10:11:12 host app[7]: x") == b"Mar  0 00:00:00 host app[7]: x"
    assert line_key(b"May 5 connections lost") == b"May 5 connections lost"  # no time


def test_no_phrase_starts_inside_a_stamp() -> None:
    """What makes line_key safe: no phrase begins with digits or with stamp punctuation
    that digits follow, so zeroing a stamp's digits can neither make nor break one."""
    catalog = load()
    months = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
              "dec")
    for phrase, *_rest in catalog.phrases:
        head = re.match(r"[0-9:.,/+\-\[\] \t]*", phrase)
        assert head is not None and not any(ch.isdigit() for ch in head.group(0)), phrase
        assert not phrase.lower().startswith(months), phrase
    assert not [name for name in catalog.names() if name.lower().startswith(months)]


_STAMPS = st.text(alphabet="0123456789:.,/+-[]TZ \t", max_size=30)


@settings(max_examples=int(os.environ.get('FUZZ', '300')), deadline=None)
@given(data=st.data())
def test_lines_that_differ_in_stamp_digits_are_counted_as_explain_reads_them(
        data: st.DataObject) -> None:
    """scan remembers readings by line_key: lines that differ only in their stamps' digits
    are read once. Every line must still count as explain reads it."""
    syslog = data.draw(st.sampled_from(["", "Mar  2 10:11:12 ", "Dec 31 23:59:59.123 ",
                                        "May 5 1:2:3 "]))  # syslog's month, then digits
    stamp = syslog + data.draw(_STAMPS) + data.draw(st.sampled_from([" ", "\t", "  "]))
    digits = data.draw(st.lists(st.sampled_from("0123456789"), min_size=len(stamp),
                                max_size=len(stamp)))
    other = "".join(d if ch.isdigit() else ch for ch, d in zip(stamp, digits, strict=True))
    bodies = [data.draw(st.sampled_from(_CORPUS_LINES)) for _ in range(data.draw(
        st.integers(1, 4)))]
    bodies += data.draw(st.sampled_from([[], ["10054"], ["(10054) reset"], [": eof"],
                                         ["Z Too many open files (os error 24)"],
                                         ["Connection refused (os error 111)"]]))
    lines = [head + body for body in bodies for head in (stamp, other)]
    expected = Counter(_explain_reading(line) for line in lines)
    expected.pop(None, None)
    found = Counter({(t.concept, t.platforms, t.library_timeout): t.count
                     for t in lines_of(scan_text("\n".join(lines) + "\n"))})
    assert found == expected, lines


@pytest.mark.parametrize("text", ["{error,econnrefused}", "{error, econnrefused}",
                                  "{error,\teacces}", "{:error, :econnrefused}",
                                  "reason: :etimedout", "x,eperm", "x eacces", ": eacces"])
def test_every_atom_read_follows_the_lead_the_prefilter_wants(text: str) -> None:
    """scan's prefilter looks for an atom only after extract.ATOM_LEAD: every atom that
    names() reads must have it, or scan would miss lines that explain reads."""
    from sockerr.extract import ATOM_LEAD, names

    for found in names(text, load()):
        start, end = found.span
        assert re.search(ATOM_LEAD + re.escape(text[start:end].lower()) + r"\b",
                         text[:end]) is not None, text
    assert _scan_reading(text) == _explain_reading(text)


def test_phrases_not_searched_for_are_held_by_ones_that_are() -> None:
    catalog = load()
    searched, longer = prefilter.phrase_cover(catalog)
    literals = {p[0] for p in catalog.phrases
                if p[0] and p[0].isascii() and not p[0].startswith("re:")}
    assert searched <= literals and len(searched) < len(literals)
    for literal in literals:
        inside = [other for other in searched if other != literal and other in literal]
        assert bool(inside) == (literal not in searched), literal
    for short, holders in longer.items():
        for at, holder, holder_bytes in holders:
            assert holder not in searched and holder[at:at + len(short)] == short
            assert holder_bytes == holder.lower().encode()


def _every_phrase_occurrence(line: str) -> list[tuple[int, str]]:
    """What a pass searching for every ASCII phrase would report: each occurrence."""
    lowered = line.lower()
    found = []
    for literal in {p[0] for p in load().phrases
                    if p[0] and p[0].isascii() and not p[0].startswith("re:")}:
        at = lowered.find(literal)
        while at >= 0:
            found.append((at, literal))
            at = lowered.find(literal, at + 1)
    return sorted(found)


@settings(max_examples=int(os.environ.get('FUZZ', '300')), deadline=None)
@given(data=st.data())
def test_hints_list_every_phrase_occurrence_though_fewer_are_searched(
        data: st.DataObject) -> None:
    """The pass searches for the shortest phrases only; the hints still list every phrase
    occurrence, as if each phrase were searched for (both engines)."""
    line = data.draw(st.sampled_from([
        *_CORPUS_LINES, "Connection reset by peer; connection reset by peer",
        "CONNECTION TIMED OUT", "operation timed out: timed out", "x timed outtimed out"]))
    if not line.isascii():
        return
    expected = _every_phrase_occurrence(line)
    for find in _engines():
        found = find(line.encode() + b"\n")
        phrases = sorted(set(found[0][3].phrases)) if found else []
        assert [p for p in phrases if p[1].isascii()] == expected, line


def test_a_lone_token_is_a_lookup_for_explain_and_text_for_scan() -> None:
    """`sockerr explain 104` asks what 104 means; a log line "104" states no error."""
    assert [m.concept for m in identify("104")][:1] == ["ECONNRESET"]
    assert _scan_reading("104") is None
    assert _scan_reading("EConnReset") is None and identify("EConnReset")
    assert _scan_reading("ECONNRESET") == ("ECONNRESET", (), False)


def test_old_pattern_databases_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("hyperscan")
    monkeypatch.setenv("SOCKERR_CACHE_DIR", str(tmp_path))
    for number in range(6):
        stale = tmp_path / f"hyperscan-old{number}.db"
        stale.write_bytes(b"x")
        os.utime(stale, (1_000_000 + number, 1_000_000 + number))
    (tmp_path / "unrelated.txt").write_text("kept")
    assert prefilter.hyperscan_finder(load()) is not None
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len([n for n in left if n.startswith("hyperscan-")]) == prefilter.KEEP_DATABASES
    assert "hyperscan-old5.db" in left and "hyperscan-old0.db" not in left
    assert "unrelated.txt" in left



@functools.cache
def _engines() -> list[Any]:
    return [line_finder(load(), name)[1] for name in ("hyperscan", "ahocorasick")]


def _hint_view(candidates: list[Any]) -> list[tuple[Any, ...]]:
    return [(start, None if hints is None else (sorted(set(hints.phrases)), hints.numbers,
                                                hints.names, hints.anchors, hints.patterns))
            for start, _line, _hit, hints in candidates]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fixed_string_engine_finds_what_hyperscan_finds(data: st.DataObject) -> None:
    """Aho-Corasick (where Hyperscan has no build) picks the same lines, with the same hints."""
    pytest.importorskip("hyperscan")
    engines = _engines()
    lines = [data.draw(st.sampled_from(_CORPUS_LINES)) for _ in range(data.draw(
        st.integers(1, 6)))]
    lines += ["default queue picked", "EFAULTY Xefault efault,", "see :efault now",
              "SocketError.connectionRESET x", "Error 10054 connecting to db", "code=11999",
              "{error, econnrefused}", "{error,\teacces}", "x eacces y", "a,  eperm",
              "reason: :etimedout", ": eacces", "eacces,"]
    extra = data.draw(st.sampled_from(["", "\u212a", "\u00a0", "  ", "(", "10061", "ERRNO"]))
    text = "\n".join(line + extra for line in lines) + "\n"
    for encoding in ("utf-8", "gb18030"):
        try:
            block = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        hyperscan, fixed = (_hint_view(find(block)) for find in engines)
        assert fixed == hyperscan, text


def test_default_jobs_follow_the_usable_processors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(64)), raising=False)
    assert scanrun.default_jobs() == scanrun.MAX_JOBS
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {3}, raising=False)
    assert scanrun.default_jobs() == 1
