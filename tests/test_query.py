from __future__ import annotations

import pytest

from sockerr.errors import InvalidQuery
from sockerr.query import hresult_code, parse_number, parse_query


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("10054", 10054),
        ("0x2746", 10054),
        ("0X2746", 10054),
        ("-104", -104),
        ("-4077", -4077),
        ("+54", 54),
        ("-0x68", -104),
        (" 111 ", 111),
        ("0", 0),
    ],
)
def test_numbers(text: str, number: int) -> None:
    assert parse_query(text).number == number


@pytest.mark.parametrize("text", ["ECONNRESET", "0xZZ", "12a", "1_000", "١٢٣", "--1"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("number", "win32"),
    [(0x80072746, 10054), (-2147014842, 10054), (0x8007274D, 10061), (0x80070005, 5)],
)
def test_hresult_from_win32(number: int, win32: int) -> None:
    assert hresult_code(number) == win32


@pytest.mark.parametrize("number", [10054, 0x80000000, 0x80070000, 0x80040005, -104])
def test_not_hresults(number: int) -> None:
    assert hresult_code(number) is None


@pytest.mark.parametrize(
    ("text", "first", "all_names"),
    [
        ("econnreset", "ECONNRESET", ("ECONNRESET",)),
        ("errno.ECONNRESET", "ERRNO.ECONNRESET", ("ERRNO.ECONNRESET", "ECONNRESET")),
        ("System.Net.Sockets.SocketError.ConnectionReset", None,
         ("SYSTEM.NET.SOCKETS.SOCKETERROR.CONNECTIONRESET", "SOCKETERROR.CONNECTIONRESET",
          "CONNECTIONRESET")),
        ("Errno::ECONNREFUSED", "ECONNREFUSED", ("ECONNREFUSED",)),
        ("'UV_ECONNRESET'", "UV_ECONNRESET", ("UV_ECONNRESET",)),
    ],
)
def test_names(text: str, first: str | None, all_names: tuple[str, ...]) -> None:
    names = parse_query(text).names
    assert names == all_names
    if first:
        assert names[0] == first


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 201, "characters long"),
        ("ECONN\x00RESET", "control characters"),
        ("\x1b[31m104", "control characters"),
        ("connection reset by peer", "neither a number nor"),
        ("9" * 25, "longer than any 64-bit code"),
        ("0x" + "f" * 17, "longer than any 64-bit code"),
    ],
)
def test_invalid_queries(text: str, fragment: str) -> None:
    with pytest.raises(InvalidQuery, match=fragment):
        parse_query(text)
