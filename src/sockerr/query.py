"""Parse a lookup query: a number in any notation, or a symbolic name.

Plain string operations only (no `re`): this runs on every start of the
command line.
"""

from __future__ import annotations

from .errors import InvalidQuery
from .records import Record

MAX_QUERY_LENGTH = 200
FACILITY_WIN32 = 0x8007  # HRESULT_FROM_WIN32: severity bit + facility 7
NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:")


class ParsedQuery(Record):
    text: str
    number: int | None = None
    hresult_code: int | None = None  # the Win32 code inside an HRESULT
    names: tuple[str, ...] = ()  # candidate keys, most specific first


def parse_query(query: str) -> ParsedQuery:
    """Read `query` as a number or a name; raise InvalidQuery when it is neither."""
    text = query.strip()
    if not text:
        raise InvalidQuery("empty query")
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidQuery(f"query is {len(text)} characters long; a code or name is at most "
                           f"{MAX_QUERY_LENGTH}")
    if any(ord(ch) < 32 or ch == "\x7f" for ch in text):
        raise InvalidQuery("query contains control characters (binary data?)")
    number = parse_number(text)
    if number is not None:
        return ParsedQuery(text, number=number, hresult_code=hresult_code(number))
    names = name_candidates(text)
    if not names:
        raise InvalidQuery(f"{text!r} is neither a number nor a symbolic name")
    return ParsedQuery(text, names=names)


def parse_number(text: str) -> int | None:
    """Decimal, hexadecimal (0x...), or negative; None when `text` is not a number."""
    if "_" in text:
        return None
    body = text
    sign = 1
    if body[:1] in "+-" and len(body) > 1:
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if body[:2].lower() == "0x":
        digits = body[2:]
        if not digits or any(ch not in "0123456789abcdefABCDEF" for ch in digits):
            return None
        if len(digits) > 16:
            raise InvalidQuery(f"{text!r} is longer than any 64-bit code")
        return sign * int(digits, 16)
    if not body.isascii() or not body.isdigit():
        return None
    if len(body) > 20:
        raise InvalidQuery(f"{text!r} is longer than any 64-bit code")
    return sign * int(body, 10)


def hresult_code(number: int) -> int | None:
    """The Win32 code wrapped by HRESULT_FROM_WIN32, whether written signed or unsigned."""
    unsigned = number & 0xFFFFFFFF if -(2**31) <= number < 0 else number
    if unsigned >> 16 == FACILITY_WIN32 and unsigned & 0xFFFF:
        return unsigned & 0xFFFF
    return None


def name_candidates(text: str) -> tuple[str, ...]:
    """Upper-case keys to try for a symbolic name, most specific first."""
    name = text.strip("'\"`()[]{}<>,;")
    if "::" in name:  # Ruby's Errno::ECONNRESET, C++'s std::errc::connection_reset
        name = name.rsplit("::", 1)[1]
    if not name or any(ch not in NAME_CHARACTERS for ch in name):
        return ()
    keys = [name.upper()]
    if "." in name:
        parts = name.split(".")
        keys.append(".".join(parts[-2:]).upper())  # SocketError.ConnectionReset
        keys.append(parts[-1].upper())  # errno.ECONNRESET, socket.timeout
    return tuple(dict.fromkeys(k for k in keys if k))
