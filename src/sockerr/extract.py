"""Find the evidence of errors in text: numbers in known formats, symbolic names, phrases.

Pure functions over strings. The formats here are generic (`[Errno N] message`,
`[WinError N]`, `Os { code: N, ... }`, `SocketException (N)`, ...); the wording
of a particular error is data (the catalog's messages and data/phrases/).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .catalog import Catalog
from .phrases import is_wide
from .records import Record

ERRNO_FAMILIES = ("errno", "eai", "winsock")
WINSOCK_FAMILIES = ("winsock",)


class Evidence(Record):
    """One piece of evidence: where it is, and what it says."""

    kind: str  # "number", "name" or "phrase"
    span: tuple[int, int]
    confidence: float
    number: int | None = None
    families: tuple[str, ...] = ()  # code families the number may belong to
    message: str | None = None  # the message printed with the number, if any
    name: str | None = None
    platforms: tuple[str, ...] = ()  # platforms the format itself proves
    concept: str | None = None
    library_timeout: bool | None = None
    symbol: str | None = None
    family: str | None = None


# A message runs to the end of the line, a closing bracket or quote, or ": '" (a path follows).
_MESSAGE = r"(?P<message>[^\n\r\]\)'\"]{0,300}?)"  # bounded: no quadratic backtracking
_END = r"(?=\s*(?:$|[\n\r\]\)'\"]|: ['\"/]|,\s*(?:errno|address|port)\b))"


def _windows_number(number: int) -> bool:
    return 10000 <= number <= 11999


Handler = Callable[["re.Match[str]"], Evidence | None]


def _numbered(families: tuple[str, ...], confidence: float, platforms: tuple[str, ...] = ()
              ) -> Handler:
    """Evidence from a match with groups `number` and optionally `message`."""

    def handle(found: re.Match[str]) -> Evidence | None:
        number = int(found.group("number"))
        groups = found.groupdict()
        message = (groups.get("message") or "").strip() or None
        proven = platforms
        if _windows_number(number) and not proven:
            proven = ("windows",)
        start, end = found.span("number")
        if message:
            end = max(end, found.end("message"))
            start = min(start, found.start("message"))
        return Evidence("number", (start, end), confidence, number=number, families=families,
                        message=message, platforms=proven)

    return handle


def _libuv(found: re.Match[str]) -> Evidence | None:
    number = int(found.group("number"))
    return Evidence("number", found.span("number"), 0.9, number=number, families=("libuv",))


# (pattern, handler): the formats that print a number with a known meaning.
_FORMATS: list[tuple[str, Handler]] = [
    # Python on Windows: [WinError 10054] message
    (r"\[WinError (?P<number>\d+)\]\s*" + _MESSAGE + _END,
     _numbered(WINSOCK_FAMILIES, 0.97, ("windows",))),
    # Python: [Errno 104] message   (also socket.gaierror: [Errno -2] ...)
    (r"\[Errno (?P<number>-?\d+)\]\s*" + _MESSAGE + _END, _numbered(ERRNO_FAMILIES, 0.95)),
    # Python repr: ConnectionResetError(104, 'Connection reset by peer')
    (r"\b\w*(?:Error|Exception)\((?P<number>-?\d+), ['\"](?P<message>[^'\"\n]*)['\"]",
     _numbered(ERRNO_FAMILIES, 0.95)),
    # Rust Debug: Os { code: 111, kind: ConnectionRefused, message: "Connection refused" }
    (r"Os \{ code: (?P<number>-?\d+), kind: \w+, message: \"(?P<message>[^\"\n]*)\" \}",
     _numbered(ERRNO_FAMILIES, 0.97)),
    # Rust Display: Connection refused (os error 111)
    (r"(?:(?P<message>[A-Za-z][^:\n(]{0,120}?)\s+)?\(os error (?P<number>-?\d+)\)",
     _numbered(ERRNO_FAMILIES, 0.95)),
    # .NET: SocketException (10061): message
    (r"SocketException \((?P<number>-?\d+)\):\s*" + _MESSAGE + _END,
     _numbered(ERRNO_FAMILIES, 0.95)),
    # Dart: OS Error: Connection refused, errno = 111
    (r"OS Error: (?P<message>[^,\n]*), errno = (?P<number>-?\d+)", _numbered(ERRNO_FAMILIES, 0.95)),
    # nginx, PHP: (111: Connection refused)   [111]: Connection refused
    (r"\((?P<number>\d+): (?P<message>[^)\n]{1,300})\)", _numbered(ERRNO_FAMILIES, 0.9)),
    (r"unable to connect \[(?P<number>\d+)\]:\s*" + _MESSAGE + _END,
     _numbered(ERRNO_FAMILIES, 0.9)),
    # Apache: (111)Connection refused: AH00957
    (r"\((?P<number>\d+)\)(?P<message>[A-Z][^:\n]{0,200}):", _numbered(ERRNO_FAMILIES, 0.9)),
    # MariaDB: (111 "Connection refused")
    (r"\((?P<number>-?\d+) \"(?P<message>[^\"\n]+)\"\)", _numbered(ERRNO_FAMILIES, 0.95)),
    # MySQL: Can't connect to MySQL server on 'host' (111)
    (r"MySQL server (?:on|through socket) '[^'\n]*' \((?P<number>-?\d+)\)",
     _numbered(ERRNO_FAMILIES, 0.85)),
    (r"Unknown MySQL server host '[^'\n]*' \((?P<number>-?\d+)\)",
     _numbered(("eai", "winsock"), 0.9)),
    # Delphi/Indy: Socket Error # 10054
    (r"Socket Error # ?(?P<number>\d+)", _numbered(WINSOCK_FAMILIES, 0.95, ("windows",))),
    # redis-py: Error 111 connecting to host:6379. Connection refused.
    (r"Error (?P<number>-?\d+) (?:connecting to|while writing to|while reading from) [^\s.]+"
     r"(?:\.\s*(?P<message>[^\n]+?))?(?=\.?\s*$|\.?\n)", _numbered(ERRNO_FAMILIES, 0.9)),
    # Boost.Asio: [system:111 at ...]
    (r"\[system:(?P<number>-?\d+)", _numbered(ERRNO_FAMILIES, 0.9)),
    (r"\[asio\.netdb:(?P<number>\d)", _numbered(("h_errno",), 0.9)),
    # C: Resource temporarily unavailable (errno 11)
    (r"(?P<message>[A-Z][A-Za-z' ]{5,60}?)\s+\(errno (?P<number>\d+)\)",
     _numbered(ERRNO_FAMILIES, 0.9)),
    # C: errno=104, errno 111, (errno 11), errno: 11
    (r"\berrno\s*[=:]?\s*(?P<number>\d+)\b", _numbered(ERRNO_FAMILIES, 0.8)),
    # WinSock numbers next to a word that says error: "send failed with error: 10053",
    # "WSAGetLastError() = 10054", "Socket error 10060", "(10061)"
    (r"(?:error|Error|ERROR|failed|WSAGetLastError\(\)|code|Code)[^\d\n]{0,16}?\b(?P<number>1[01]\d{3})\b",
     _numbered(WINSOCK_FAMILIES, 0.85, ("windows",))),
    (r"\((?P<number>1[01]\d{3})\)", _numbered(WINSOCK_FAMILIES, 0.8, ("windows",))),
]

_LIBUV_FORMATS = [
    # Node.js util.inspect of a system error: errno: -4077   "errno":-111
    r"\berrno['\"]?\s*[:=]\s*(?P<number>-\d+)\b",
]

# Simple anchors that every format above needs somewhere in a line: scan's prefilter uses
# them (with every phrase and every name of the catalog) to pick the lines worth
# identifying, so a line the formats can read is never skipped. Case-insensitive.
PREFILTER_ANCHORS: tuple[str, ...] = (
    r"\[WinError \d",
    r"\[Errno -?\d",
    r"(Error|Exception)\(-?\d",
    r"Os \{ code: -?\d",
    r"\(os error -?\d",
    r"SocketException \(",
    r"OS Error: ",
    r"\(\d+: ",
    r"unable to connect \[\d",
    r"\(\d+\)[A-Z]",
    r"\(-?\d+ \"",
    r"MySQL server",
    r"Socket Error #",
    r"Error -?\d+ (connecting to|while writing to|while reading from)",
    r"\[system:-?\d",
    r"\[asio\.netdb:",
    r"errno",
    r"(error|failed|code|WSAGetLastError)[^0-9\n]{0,16}1[01]\d\d\d",
    r"\(1[01]\d\d\d\)",
)

_COMPILED: list[tuple[re.Pattern[str], Handler]] | None = None
_NAME = re.compile(
    r"(?<![A-Za-z0-9_.])(?:SocketError\.\w+|WSA[A-Z_]+|UV_[A-Z_]+|E[A-Z][A-Z0-9_]+)(?![A-Za-z0-9_])"
)
_ATOM = re.compile(r"(?:\{error,\s*|:|reason: :)(?P<atom>e[a-z]{3,})\b")
_TOKEN = re.compile(r"[a-z0-9_]+")


def _formats() -> list[tuple[re.Pattern[str], Handler]]:
    global _COMPILED
    if _COMPILED is None:
        _COMPILED = [(re.compile(p), h) for p, h in _FORMATS]
        _COMPILED += [(re.compile(p), _libuv) for p in _LIBUV_FORMATS]
    return _COMPILED


# Formats whose regex would try every position of a long line: skip them unless
# their fixed text is there at all.
_NEEDLES = {
    r"(?:(?P<message>[A-Za-z][^:\n(]{0,120}?)\s+)?\(os error (?P<number>-?\d+)\)": "(os error",
}


def numbers(text: str) -> list[Evidence]:
    """Numbers printed in a format that says what kind of code they are."""
    found: list[Evidence] = []
    taken: list[tuple[int, int]] = []
    for pattern, handler in _formats():
        needle = _NEEDLES.get(pattern.pattern)
        if needle is not None and needle not in text:
            continue
        for match in pattern.finditer(text):
            number_span = match.span("number")
            if any(a <= number_span[0] < b for a, b in taken):
                continue  # an earlier, more specific format already read this number
            evidence = handler(match)
            if evidence is not None:
                found.append(evidence)
                taken.append(number_span)
    return found


def names(text: str, catalog: Catalog) -> list[Evidence]:
    """Symbolic names of the catalog (ECONNRESET, WSAECONNRESET, UV_EOF, SocketError.X)."""
    found: list[Evidence] = []
    for match in _NAME.finditer(text):
        name = match.group(0)
        if not catalog.by_name(name):
            continue
        platforms = ("windows",) if name.startswith("WSA") else ()
        found.append(Evidence("name", match.span(), 0.85, name=name, platforms=platforms))
    for match in _ATOM.finditer(text):  # Erlang/Elixir atoms: {error,econnrefused}
        atom = match.group("atom").upper()
        if catalog.by_name(atom):
            found.append(Evidence("name", match.span("atom"), 0.85, name=atom))
    return found


def _lowered(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters change length when lowered (İ): keep those as they are.
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _token_starts(lowered: str) -> Iterator[tuple[str, int]]:
    for match in _TOKEN.finditer(lowered):
        yield match.group(0), match.start()
    for index, ch in enumerate(lowered):
        if not ch.isascii() and is_wide(ch):
            yield ch, index


def _boundary(lowered: str, start: int, end: int) -> bool:
    def word(ch: str) -> bool:
        return ch.isascii() and (ch.isalnum() or ch == "_")

    if start > 0 and word(lowered[start]) and word(lowered[start - 1]):
        return False
    return not (end < len(lowered) and word(lowered[end - 1]) and word(lowered[end]))


def phrases(text: str, catalog: Catalog) -> list[Evidence]:
    """Every known wording in the text; where phrases overlap, the longest wins."""
    lowered = _lowered(text)
    index = catalog.phrase_index
    table = catalog.phrases
    hits: list[tuple[int, int, tuple[int, ...]]] = []
    for token, position in _token_starts(lowered):
        for phrase, offset, entries in index.get(token, ()):
            start = position - offset
            end = start + len(phrase)
            if start >= 0 and lowered.startswith(phrase, start) and _boundary(lowered, start, end):
                hits.append((start, end, entries))
                break  # entries are longest first: the first that fits is the one
    hits.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    kept: list[tuple[int, int, tuple[int, ...]]] = []
    for hit in sorted(hits, key=lambda h: -(h[1] - h[0])):
        if any(a <= hit[0] and hit[1] <= b for a, b, _ in kept):
            continue
        kept.append(hit)
    found: list[Evidence] = []
    for start, end, entries in sorted(kept):
        for entry in entries:
            _text, concept, library, confidence, _kind, symbol, platforms, family = table[entry]
            found.append(Evidence(
                "phrase", (start, end), confidence, concept=concept,
                library_timeout=library or None, platforms=tuple(platforms), symbol=symbol,
                family=family, message=text[start:end],
            ))
    return found
