"""Identification: the public sample, formats of every ecosystem, negatives, the API."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import socket
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sockerr
from sockerr.identification import identify

from .conftest import Runner

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "samples",
                      "identify-dev.jsonl")
CORPUS = os.path.join(os.path.dirname(__file__), "corpus", "identify.jsonl")


def _cases(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _verdict(case: dict[str, Any]) -> tuple[tuple[object, ...], tuple[object, ...]]:
    expected = case["expected"]
    matches = identify(case["text"])
    best = matches[0] if matches else None
    got = (None, (), None, False) if best is None else (
        best.concept, tuple(sorted(best.platforms)), best.code, best.library_timeout)
    want = (expected["concept"], tuple(sorted(expected["platforms"])), expected["code"],
            bool(expected.get("library_timeout", False)))
    return got, want


@pytest.mark.skipif(not os.path.exists(SAMPLE), reason="shared/ is not beside the project")
@pytest.mark.parametrize("case", _cases(SAMPLE) if os.path.exists(SAMPLE) else [],
                         ids=lambda c: c["id"])
def test_public_sample(case: dict[str, Any]) -> None:
    got, want = _verdict(case)
    assert got == want


@pytest.mark.parametrize(
    "text",
    [
        "User requested password reset for account 1042",
        "INFO connection established to db-primary:5432",
        "GET /api/users 404 12ms",
        "error 404 not found",
        "retrying in 5s (attempt 2 of 5)",
        "Connection: keep-alive",
        "timeout=30 configured for upstream",
        "",
        "   \n  ",
    ],
)
def test_negatives_give_no_match(text: str) -> None:
    assert identify(text) == []


def test_span_and_evidence_point_at_the_text() -> None:
    text = "2024-01-01 nginx: connect() failed (111: Connection refused) while connecting"
    match = identify(text)[0]
    assert match.span is not None
    start, end = match.span
    assert "111" in text[start:end]
    assert all(0 <= a < b <= len(text) for a, b in match.evidence)


def test_multiline_traceback_finds_the_root_error() -> None:
    text = (
        "Traceback (most recent call last):\n"
        '  File "app.py", line 3, in <module>\n'
        "    s.connect(('127.0.0.1', 9))\n"
        "ConnectionRefusedError: [Errno 111] Connection refused\n"
    )
    best = identify(text)[0]
    assert (best.concept, best.platforms, best.code) == ("ECONNREFUSED", ("linux",), 111)


def test_localized_windows_messages() -> None:
    best = identify("OSError: [WinError 10053] 你的主机中的软件中止了一个已建立的连接。")[0]
    assert (best.concept, best.platforms, best.code) == ("ECONNABORTED", ("windows",), 10053)
    zh = identify("远程主机强迫关闭了一个现有的连接。")[0]
    assert (zh.concept, zh.platforms, zh.code) == ("ECONNRESET", ("windows",), None)


def test_bare_ambiguous_number_is_ranked_with_a_note() -> None:
    matches = identify("111")
    assert matches[0].concept == "ECONNREFUSED"
    assert len({m.concept for m in matches}) > 1
    assert matches[0].note and "settle" in matches[0].note
    assert matches[0].confidence < 0.9


def test_kernel_and_library_timeouts_are_told_apart() -> None:
    kernel = identify("TimeoutError: [Errno 110] Connection timed out")[0]
    library = identify("socket.timeout: timed out")[0]
    go = identify("read tcp 10.0.0.2:5000->10.0.0.3:80: i/o timeout")[0]
    assert (kernel.concept, kernel.library_timeout) == ("ETIMEDOUT", False)
    assert (library.concept, library.library_timeout) == ("ETIMEDOUT", True)
    assert (go.concept, go.library_timeout) == ("ETIMEDOUT", True)


def test_huge_text_is_refused_cleanly() -> None:
    with pytest.raises(sockerr.errors.InvalidQuery):
        identify("x" * 1_000_001)


def test_api_identify_equals_cli_json(run: Runner) -> None:
    text = "Error: connect ECONNREFUSED 127.0.0.1:6379"
    document = json.loads(run("explain", text, "--json").out)
    assert document["query"] == text
    assert document["matches"] == [
        {**m.to_dict(), "platforms": list(m.platforms)} for m in sockerr.identify(text)]


def _refused() -> OSError:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: connect is refused
        client = socket.socket()
        client.settimeout(5)
        try:
            client.connect(("127.0.0.1", port))
        except OSError as error:
            return error
        finally:
            client.close()
    raise AssertionError("connect to a bound but not listening port succeeded")


def test_explain_a_live_exception_uses_its_errno() -> None:
    error = _refused()
    found = sockerr.explain(error)
    assert found.concept == "ECONNREFUSED"
    assert found.match is not None and found.match.code == error.errno
    assert "ECONNREFUSED" in str(found)
    assert found.to_dict()["concept"] == "ECONNREFUSED"


def test_explain_text_and_chinese() -> None:
    found = sockerr.explain("java.net.SocketTimeoutException: Read timed out", lang="zh")
    assert found.concept == "ETIMEDOUT" and found.match is not None
    assert found.match.library_timeout
    assert not sockerr.explain("all good")


def test_is_retryable_follows_the_verdict() -> None:
    assert sockerr.is_retryable(ConnectionResetError(104, "Connection reset by peer"))
    assert not sockerr.is_retryable(ValueError("not a socket error"))


def test_install_appends_a_note_under_socket_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    printed: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: printed.append("traceback"))
    stream = io.StringIO()
    hook = sockerr.install(stream=stream)
    try:
        error = ConnectionResetError(104, "Connection reset by peer")
        hook(type(error), error, None)
        assert printed == ["traceback"]
        assert "ECONNRESET" in stream.getvalue()
        stream.truncate(0)
        plain = KeyError("x")
        hook(type(plain), plain, None)
        assert stream.getvalue().strip("\x00") == ""
    finally:
        monkeypatch.undo()


def test_logging_filter_adds_concept_and_hint() -> None:
    record = logging.LogRecord("app", logging.ERROR, __file__, 1, "upstream failed", None, None)
    try:
        raise BrokenPipeError(32, "Broken pipe")
    except BrokenPipeError:
        record.exc_info = sys.exc_info()
    assert sockerr.SocketErrorFilter().filter(record) is True
    assert record.sockerr_concept == "EPIPE"
    plain = logging.LogRecord("app", logging.INFO, __file__, 1, "hello", None, None)
    sockerr.SocketErrorFilter().filter(plain)
    assert plain.sockerr_concept is None and plain.sockerr_hint is None
    texty = logging.LogRecord("app", logging.INFO, __file__, 1, "read: connection reset by peer",
                              None, None)
    sockerr.SocketErrorFilter(read_messages=True).filter(texty)
    assert texty.sockerr_concept == "ECONNRESET"


def test_cli_text_query_and_stdin(run: Runner) -> None:
    result = run("ConnectionResetError: [Errno 104] Connection reset by peer")
    assert result.status == 0 and "ECONNRESET" in result.out
    assert run("hello there").status == 1


def test_cli_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin(io.StringIO):
        buffer = io.BytesIO(b"wsarecv: An existing connection was forcibly closed by the "
                            b"remote host.\n")

    out, err = io.StringIO(), io.StringIO()
    status = sockerr.cli.main(["-", "--brief"], stdout=out, stderr=err, environ={},
                              stdin=Stdin())
    assert status == 0 and "ECONNRESET" in out.getvalue()

    class Binary(io.StringIO):
        buffer = io.BytesIO(b"\x00\x01\x02binary")

    err = io.StringIO()
    status = sockerr.cli.main(["explain", "-"], stdout=io.StringIO(), stderr=err, environ={},
                              stdin=Binary())
    assert status == 2 and err.getvalue().startswith("sockerr: ")


# Cases of the corpus the engine gets wrong today, each with the reason; the list may
# only shrink. Everything else must be identified exactly.
KNOWN_MISSES = {
    # reqwest prints its own timer as "operation timed out", the same words macOS uses
    # for the kernel's ETIMEDOUT (lower-cased by Go and Rust): nothing in the text tells
    # them apart.
    "rust-reqwest-timeout-1",
}


@pytest.mark.skipif(not os.path.exists(CORPUS), reason="no corpus")
@pytest.mark.parametrize("case", _cases(CORPUS) if os.path.exists(CORPUS) else [],
                         ids=lambda c: c["id"])
def test_corpus(case: dict[str, Any]) -> None:
    got, want = _verdict(case)
    if case["id"] in KNOWN_MISSES:
        assert got != want, "fixed: remove it from KNOWN_MISSES"
    else:
        assert got == want


def test_corpus_is_large_and_varied() -> None:
    cases = _cases(CORPUS)
    assert len(cases) >= 200
    assert len({c["ecosystem"] for c in cases}) >= 20
    assert sum(c["expected"]["concept"] is None for c in cases) >= 40
    assert len({c["id"] for c in cases}) == len(cases)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("远程主机强制关闭了一个现有连接", "ECONNRESET"),
        ("由于目标计算机拒绝，无法连接", "ECONNREFUSED"),
        ("你的主机中的软件放弃了一个已建立的连接", "ECONNABORTED"),
        ("An existing connection was forcibly closed by remote host", "ECONNRESET"),
        ("No connection could be made because target machine actively refused", "ECONNREFUSED"),
    ],
)
def test_retyped_windows_messages_are_matched_approximately(text: str, concept: str) -> None:
    best = identify(text)[0]
    assert (best.concept, best.platforms, best.reading) == (concept, ("windows",), "approximate")
    assert best.confidence <= 0.8 and best.note and "closest" in best.note
    assert identify(text, approximate=False) == []


@pytest.mark.parametrize("text", ["连接已建立", "the operation completed successfully",
                                  "连接", "reset the password for this account"])
def test_approximate_matching_does_not_guess(text: str) -> None:
    assert identify(text) == []


def test_formats_without_an_anchor_all_need_a_parenthesised_number() -> None:
    """numbers() skips them all on lines without "(" and a number: each must need one."""
    from sockerr import extract

    for pattern, _handler, _needle, anchor in extract._formats():
        if anchor is None:
            assert re.search(r"\\\(\(\?P<number>(-\?)?\\d", pattern.pattern), pattern.pattern


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 12), st.sampled_from([(1,), (2,)])),
                min_size=0, max_size=4))
def test_longest_keeps_the_hits_no_longer_hit_contains(raw: list[tuple[int, int, tuple[int]]]
                                                       ) -> None:
    from sockerr.extract import longest

    hits = list(dict.fromkeys((start, start + size, entries) for start, size, entries in raw))
    spans = {(a, b) for a, b, _ in hits}
    if len(spans) < len(hits):
        return  # one span with two meanings: the reference order would be arbitrary
    expected = sorted(h for h in hits if not any(
        (a, b) != (h[0], h[1]) and a <= h[0] and h[1] <= b for a, b, _ in hits))
    assert longest(hits) == expected


_PREFIXES = ["2024-03-02T10:11:12Z ", "2024-03-02T10:11:12.982Z ", "2024-03-02 10:11:12,447 ",
             "2024/03/02 10:11:12 ", "Mar  2 10:11:12 host app[123]: ", "[worker-3] ",
             "10.1.2.3 - - ", "E0302 10:11:12.123456 7 main.go:42] ", "ERROR ",
             "2024-03-02T10:11:12+08:00 ERROR [svc] "]


def _first_lines() -> list[str]:
    with open(CORPUS, encoding="utf-8") as handle:
        cases = [json.loads(line) for line in handle if line.strip()]
    # One-line cases with a reading: a prefix before them must not change it.
    return [case["text"] for case in cases
            if "\n" not in case["text"] and case["expected"].get("concept")]


@settings(max_examples=400, deadline=None)
@given(text=st.sampled_from(_first_lines()), prefix=st.sampled_from(_PREFIXES))
def test_a_log_prefix_does_not_change_the_reading(text: str, prefix: str) -> None:
    def best(line: str) -> tuple[object, ...] | None:
        found = identify(line, approximate=False, lookups=False)
        return (found[0].concept, found[0].platforms, found[0].library_timeout) if found \
            else None

    assert best(prefix + text) == best(text), prefix + text
