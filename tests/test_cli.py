"""The command line: every query form, the JSON contracts, exit statuses, bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from sockerr.cli import LookupOptions, fast_parse, main
from sockerr.cli_full import build_parser

from .conftest import Runner

HOST_FIRST = "linux"


def test_lookup_number_shows_readings_and_side_by_side_codes(run: Runner) -> None:
    result = run("10054")
    assert result.status == 0, result.err
    assert result.err == ""
    assert "WSAECONNRESET" in result.out
    assert "An existing connection was forcibly closed by the remote host." in result.out
    assert "ECONNRESET on every platform" in result.out
    assert "\x1b[" not in result.out  # not a terminal: no colour


@pytest.mark.parametrize(
    ("query", "symbol"),
    [
        ("10054", "WSAECONNRESET"),
        ("0x2746", "WSAECONNRESET"),
        ("0x80072746", "WSAECONNRESET"),
        ("-2147014842", "WSAECONNRESET"),
        ("-4077", "UV_ECONNRESET"),
        ("econnreset", "ECONNRESET"),
        ("WSAECONNRESET", "WSAECONNRESET"),
        ("UV_ECONNRESET", "UV_ECONNRESET"),
        ("ConnectionResetError", "ConnectionResetError"),
        ("SocketError.ConnectionReset", "SocketError.ConnectionReset"),
        ("EAI_NONAME", "EAI_NONAME"),
        ("ENOTFOUND", "ENOTFOUND"),
    ],
)
def test_every_query_form_in_json(run: Runner, query: str, symbol: str) -> None:
    result = run(query, "--json", "--platform", "windows")
    assert result.status == 0, result.err
    document = json.loads(result.out)
    assert document["query"] == query
    assert document["matches"], document
    first = document["matches"][0]
    assert first["symbol"] == symbol
    for match in document["matches"]:
        assert set(match) >= {"concept", "platforms", "code", "symbol"}
        assert isinstance(match["platforms"], list)
        assert isinstance(match["code"], (int, type(None)))


def test_negative_number_is_a_query_not_an_option(run: Runner) -> None:
    result = run("-104", "--json", "--platform", "linux")
    document = json.loads(result.out)
    assert {m["symbol"] for m in document["matches"]} >= {"UV_ECONNRESET", "ECONNRESET"}


def test_ambiguous_number_lists_every_platform_and_platform_reorders(run: Runner) -> None:
    linux = json.loads(run("54", "--json", "--platform", "linux").out)["matches"]
    macos = json.loads(run("54", "--json", "--platform", "macos").out)["matches"]
    assert linux[0]["symbol"] == "EXFULL" and "linux" in linux[0]["platforms"]
    assert macos[0]["symbol"] == "ECONNRESET" and "macos" in macos[0]["platforms"]
    assert {m["symbol"] for m in linux} == {m["symbol"] for m in macos}


def test_brief_is_one_line_per_reading(run: Runner) -> None:
    result = run("111", "--brief", "--platform", "linux")
    lines = result.out.splitlines()
    assert lines[0].startswith("111 ECONNREFUSED [linux] ECONNREFUSED: ")
    assert len(lines) == len(json.loads(run("111", "--json").out)["matches"])


def test_errata_are_shown_and_count_as_found(run: Runner) -> None:
    result = run("10094")
    assert result.status == 0
    assert "10101" in result.out and "WSAEDISCON" in result.out
    document = json.loads(run("10094", "--json").out)
    assert document["matches"] == []
    assert document["errata"][0]["id"] == "10094"
    assert "WSAEDISCON" in document["concepts"]
    assert run("ETIMEOUT").status == 0


def test_nothing_found_exits_1_with_one_line_on_stderr(run: Runner) -> None:
    for query in ("99999", "ENOSUCHERROR"):
        result = run(query)
        assert result.status == 1
        assert result.out == ""
        assert result.err.count("\n") == 1 and result.err.startswith("sockerr: ")
    document = json.loads(run("99999", "--json").out)
    assert document == {"query": "99999", "platform": document["platform"], "matches": [],
                        "concepts": {}, "errata": []}


@pytest.mark.parametrize(
    "argv",
    [
        ("",),
        ("   ",),
        ("10054", "--platform", "plan9"),
        ("10054", "--lang", "fr"),
        ("x" * 5000,),
        ("x " * 600_000,),
        ("ECONN\x00RESET",),
        ("9" * 40,),
        ("10054", "--frobnicate"),
        ("list", "--family", "bogus"),
        ("list", "--platform", "plan9"),
    ],
)
def test_bad_input_is_one_line_and_status_2(run: Runner, argv: tuple[str, ...]) -> None:
    result = run(*argv)
    assert result.status == 2, result
    assert result.err.startswith("sockerr: ")
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err + result.out


@pytest.mark.parametrize("argv", [("\udcff\udcfe",), ("just some words",), ("a" * 300 + " !",)])
def test_text_without_errors_is_not_found_not_a_crash(run: Runner, argv: tuple[str, ...]) -> None:
    result = run(*argv)
    assert result.status == 1
    assert "Traceback" not in result.err + result.out
    result.out.encode("utf-8")  # printable on a UTF-8 terminal: no lone surrogates


def test_no_arguments_prints_help_and_status_2(run: Runner) -> None:
    result = run()
    assert result.status == 2
    assert "usage: sockerr" in result.out


@pytest.mark.parametrize("command", [(), ("list",), ("search",), ("check",)])
def test_every_command_has_help(run: Runner, command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.status == 0
    assert result.out.startswith("usage: sockerr")


def test_version(run: Runner) -> None:
    from sockerr import __version__

    assert run("--version").out.strip() == f"sockerr {__version__}"


def test_list_json_contract(run: Runner) -> None:
    result = run("list", "--json", "--platform", "macos")
    assert result.status == 0
    document = json.loads(result.out)
    assert document["platform"] == "macos"
    assert document["codes"]
    for code in document["codes"]:
        assert set(code) >= {"family", "symbol", "value", "message", "concept", "alias_of"}
        assert "macos" in code["platforms"]
    symbols = {(c["family"], c["symbol"]): c for c in document["codes"]}
    assert symbols[("errno", "ECONNRESET")]["value"] == 54
    assert symbols[("errno", "EWOULDBLOCK")]["alias_of"] == "EAGAIN"
    assert symbols[("libuv", "UV_ECONNRESET")]["value"] == -54


def test_list_family_filter_and_platform_alias(run: Runner) -> None:
    document = json.loads(run("list", "--json", "--platform", "win32", "--family",
                              "winsock").out)
    assert document["platform"] == "windows"
    assert {c["family"] for c in document["codes"]} == {"winsock"}
    assert len(document["codes"]) >= 95
    text = run("list", "--family", "h_errno")
    assert text.status == 0 and "HOST_NOT_FOUND" in text.out


def test_list_is_a_superset_of_errno_l(run: Runner) -> None:
    import errno

    document = json.loads(run("list", "--json", "--platform", "linux", "--family",
                              "errno").out)
    listed = {c["symbol"] for c in document["codes"]}
    assert set(errno.errorcode.values()) <= listed


def test_search_all_words_english_and_chinese(run: Runner) -> None:
    result = run("search", "reset", "PEER", "--json")
    assert result.status == 0
    symbols = {m["symbol"] for m in json.loads(result.out)["matches"]}
    assert {"ECONNRESET", "UV_ECONNRESET"} <= symbols
    chinese = json.loads(run("search", "强迫关闭", "--json").out)["matches"]
    assert "WSAECONNRESET" in {m["symbol"] for m in chinese}
    missing = run("search", "reset", "zebra")
    assert missing.status == 1 and missing.err.startswith("sockerr: ")


def test_colour_only_when_asked_or_on_a_tty_and_never_with_no_color(run: Runner) -> None:
    assert "\x1b[" in run("10054", "--color").out
    assert "\x1b[" not in run("10054", env={"NO_COLOR": "1"}).out
    assert "\x1b[" not in run("10054", "--no-color").out


def test_chinese_output(run: Runner) -> None:
    result = run("10054", "--lang", "zh", "--platform", "windows")
    assert "远程主机强迫关闭了一个现有的连接。" in result.out
    assert "概念" in result.out
    assert "概念" in run("10054", env={"LANG": "zh_CN.UTF-8"}).out


def test_narrow_terminal_still_fits(run: Runner) -> None:
    result = run("10054", env={"COLUMNS": "50"})
    assert result.status == 0
    # Only an address, which cannot be broken, may run past the edge.
    too_wide = [line for line in result.out.splitlines()
                if len(line) > 50 and not line.strip().startswith("<http")]
    assert too_wide == []


def test_check_command_reports_no_problems(run: Runner) -> None:
    result = run("check")
    assert result.status == 0
    assert result.out.strip().endswith("0 problems")


@pytest.mark.parametrize(
    "argv",
    [
        ["10054"],
        ["10054", "--json"],
        ["--json", "10054", "--platform", "macos"],
        ["--platform=windows", "-104", "--brief"],
        ["econnreset", "--lang", "zh", "--no-color"],
        ["0x2746", "--color"],
        ["--lang=en", "SocketError.ConnectionReset"],
    ],
)
def test_fast_parser_agrees_with_the_full_parser(argv: list[str]) -> None:
    fast = fast_parse(argv)
    args = build_parser(io.StringIO()).parse_args(argv)
    full = LookupOptions(words=tuple(args.words), json=args.json, brief=args.brief,
                         platform=args.platform, lang=args.lang, color=args.color)
    assert fast == full


@pytest.mark.parametrize("argv", [["list"], ["--help"], ["10054", "--frob"], [], ["-h"],
                                  ["10054", "--platform"]])
def test_fast_parser_hands_everything_else_to_the_full_parser(argv: list[str]) -> None:
    assert fast_parse(argv) is None


def test_plain_lookup_imports_nothing_heavy() -> None:
    """The lookup path must not pay for re, typing, argparse, json or dataclasses."""
    code = (
        "import io, sys\n"
        "from sockerr.cli import main\n"
        "main(['10054'], stdout=io.StringIO())\n"
        "heavy = ('re', 'typing', 'argparse', 'json', 'dataclasses', 'tomllib', 'enum',"
        " 'inspect', 'hashlib', 'textwrap', 'locale')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert out.strip() == "[]"


def test_python_dash_m_and_broken_pipe() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "sockerr", "10054", "--brief"],
                          capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.returncode == 0 and "WSAECONNRESET" in done.stdout
    # A reader that stops early must not produce a traceback.
    piped = subprocess.run(
        f"'{sys.executable}' -m sockerr list | head -n 1", shell=True, capture_output=True,
        text=True, timeout=60, env=env, check=False,
    )
    assert piped.stdout.count("\n") == 1
    assert "Traceback" not in piped.stderr


def test_main_defaults_to_sys_argv(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "argv", ["sockerr", "10054", "--brief"])
    assert main(stdout=out, stderr=io.StringIO(), environ={}) == 0
    assert "WSAECONNRESET" in out.getvalue()
