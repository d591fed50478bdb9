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

ERRNO_FAMILIES = ("errno", "eai", "winsock", "win32")
WINSOCK_FAMILIES = ("winsock", "win32")  # Windows prints Win32 codes in the same places


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
    strict: bool = False  # a generic format: the message must be the number's own


# A message runs to the end of the line, a closing bracket or quote, or ": '" (a path follows).
_MESSAGE = r"(?P<message>[^\n\r\]\)'\"<>]{0,300}?)"  # bounded: no quadratic backtracking
_END = r"(?=\s*(?:$|[\n\r\]\)'\"<>]|: ['\"/]|,\s*(?:errno|address|port)\b))"


def _windows_number(number: int) -> bool:
    return 10000 <= number <= 11999


Handler = Callable[["re.Match[str]"], Evidence | None]


def _numbered(families: tuple[str, ...], confidence: float, platforms: tuple[str, ...] = (),
              *, strict: bool = False) -> Handler:
    """Evidence from a match with groups `number` and optionally `message`.

    `strict`: the format is generic ("(111: ...)"), so it counts only when the
    message printed is one of the number's own (checked when the number is read).
    """

    def handle(found: re.Match[str]) -> Evidence | None:
        number = int(found.group("number"))
        groups = found.groupdict()
        message = (groups.get("message") or "").strip() or None
        if strict and message is None:
            return None
        proven = platforms
        if _windows_number(number) and not proven:
            proven = ("windows",)
        start, end = found.span("number")
        if message:
            end = max(end, found.end("message"))
            start = min(start, found.start("message"))
        return Evidence("number", (start, end), confidence, number=number, families=families,
                        message=message, platforms=proven, strict=strict)

    return handle


def _libuv(found: re.Match[str]) -> Evidence | None:
    number = int(found.group("number"))
    return Evidence("number", found.span("number"), 0.9, number=number, families=("libuv",))


# Simple anchors that every format below needs somewhere in a line: scan's prefilter uses
# them (with every phrase and every name of the catalog) to pick the lines worth
# identifying, so a line the formats can read is never skipped. Case-insensitive.
# The strict formats need none: they count only with a message that is a phrase.
# Each format names its anchor; where the prefilter saw that anchor nowhere in a line,
# the format cannot match there and identify skips it.
_WINSOCK_NUMBERS = tuple(str(n) for n in range(10000, 12000))  # 1[01]\d\d\d, spelled out
# name -> (anchor regex, gate strings). Gates serve prefilters that search fixed strings
# only (Aho-Corasick where Hyperscan is missing): every match of the anchor contains one
# of them, in lower case.
_ANCHORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "winerror": (r"\[WinError \d", ("[winerror ",)),
    "python-repr": (r"\(-?\d+, ['\"]", (", '", ', "')),
    "rust-debug": (r"Os \{ code: -?\d", ("os { code: ",)),
    "rust-display": (r"\(os error -?\d", ("(os error ",)),
    "dotnet": (r"SocketException \(", ("socketexception (",)),
    "dart": (r"OS Error: ", ("os error: ",)),
    "php": (r"unable to [a-z ]{1,40}\[\d", ("unable to ",)),
    "apache-windows": (r"\(OS \d", ("(os ",)),
    "libpq": (r"\(0x[0-9a-f]{8}/\d", ("(0x",)),
    "system-error": (r"system error: -?\d", ("system error: ",)),
    "mysql-connect": (r"connect to (local )?(MySQL )?server", ("connect to ",)),
    "mysql-host": (r"MySQL server", ("mysql server",)),
    "indy": (r"Socket Error #", ("socket error #",)),
    "redis": (r"Error -?\d+ (connecting to|while writing to|while reading from)",
              (" connecting to", " while writing to", " while reading from")),
    "asio-system": (r"\[system:-?\d", ("[system:",)),
    "asio-netdb": (r"\[asio\.netdb:", ("[asio.netdb:",)),
    "errno": (r"errno", ("errno",)),
    "winsock-word": (r"(error|failed|code|WSAGetLastError)[^0-9\n]{0,16}1[01]\d\d\d",
                     _WINSOCK_NUMBERS),
    "winsock-parens": (r"\(1[01]\d\d\d\)", _WINSOCK_NUMBERS),
}
PREFILTER_ANCHORS: tuple[str, ...] = tuple(regex for regex, _gates in _ANCHORS.values())
ANCHOR_GATES: tuple[tuple[str, ...], ...] = tuple(gates for _regex, gates in _ANCHORS.values())

# A message read leftwards of its number starts a word: otherwise the Z of a timestamp
# ("…00.982Z Connection refused (os error 111)") would begin it and spoil the reading.
_FORMATS: list[tuple[str, Handler, str, str | None]] = [
    # (pattern, handler, a fixed text the pattern needs: lines without it skip the regex
    #  ("re:..." a cheap regex, for a costly pattern), the name of the prefilter anchor it
    #  needs (_ANCHORS), or None for the strict formats)
    # Python on Windows: [WinError 10054] message
    (r"\[WinError (?P<number>\d+)\]\s*" + _MESSAGE + _END,
     _numbered(WINSOCK_FAMILIES, 0.97, ("windows",)), "[WinError", "winerror"),
    # Python: [Errno 104] message   (also socket.gaierror: [Errno -2] ...)
    (r"\[Errno (?P<number>-?\d+)\]\s*" + _MESSAGE + _END, _numbered(ERRNO_FAMILIES, 0.95),
     "[Errno", "errno"),  # "[Errno 5]" holds "errno": one anchor serves both
    # Python repr: ConnectionResetError(104, 'Connection reset by peer'), or a bare (104, '...')
    (r"(?:\b\w*(?:Error|Exception))?\((?P<number>-?\d+), ['\"](?P<message>[^'\"\n]{0,300})['\"]",
     _numbered(ERRNO_FAMILIES, 0.95), ", ", "python-repr"),
    # Rust Debug: Os { code: 111, kind: ConnectionRefused, message: "Connection refused" }
    (r"Os \{ code: (?P<number>-?\d+), kind: \w+, message: \"(?P<message>[^\"\n]*)\" \}",
     _numbered(ERRNO_FAMILIES, 0.97), "Os {", "rust-debug"),
    # Rust Display: Connection refused (os error 111)
    (r"(?:(?<![A-Za-z0-9_])(?P<message>[A-Za-z][^:\n(]{0,120}?)\s+)?"
     r"\(os error (?P<number>-?\d+)\)",
     _numbered(ERRNO_FAMILIES, 0.95), "(os error", "rust-display"),
    # .NET: SocketException (10061): message
    (r"SocketException \((?P<number>-?\d+)\):\s*" + _MESSAGE + _END,
     _numbered(ERRNO_FAMILIES, 0.95), "SocketException (", "dotnet"),
    # Dart: OS Error: Connection refused, errno = 111   (the message may hold commas)
    (r"OS Error: (?P<message>[^\n]{1,200}?), errno = (?P<number>-?\d+)",
     _numbered(ERRNO_FAMILIES, 0.95), "OS Error:", "dart"),
    # nginx: (111: Connection refused)
    (r"\((?P<number>\d+): (?P<message>[^)\n]{1,300})\)",
     _numbered(ERRNO_FAMILIES, 0.9, strict=True), ": ", None),
    # PHP: socket_connect(): unable to connect [111]: Connection refused  (bind address, ...)
    (r"unable to [a-z ]{1,40}?\[(?P<number>\d+)\]:\s*" + _MESSAGE + _END,
     _numbered(ERRNO_FAMILIES, 0.9), "unable to ", "php"),
    # Apache: (111)Connection refused: AH00957   and on Windows (OS 10061)No connection ...
    (r"\((?P<number>\d+)\)(?P<message>[A-Z][^:\n]{0,200}):",
     _numbered(ERRNO_FAMILIES, 0.9, strict=True), ")", None),
    (r"\(OS (?P<number>\d+)\)(?P<message>[^:\n]{1,200})",
     _numbered(WINSOCK_FAMILIES, 0.95, ("windows",)), "(OS ", "apache-windows"),
    # MariaDB: (111 "Connection refused")
    (r"\((?P<number>-?\d+) \"(?P<message>[^\"\n]+)\"\)",
     _numbered(ERRNO_FAMILIES, 0.95, strict=True), "\"", None),
    # MySQL/MariaDB: Can't connect to [local] [MySQL] server on 'host' (111)
    (r"Can't connect to (?:local )?(?:MySQL )?server (?:on|through socket) '[^'\n]*' "
     r"\((?P<number>-?\d+)\)", _numbered(ERRNO_FAMILIES, 0.85), "t connect to ",
     "mysql-connect"),
    (r"Unknown MySQL server host '[^'\n]*' \((?P<number>-?\d+)\)",
     _numbered(("h_errno", "eai", "winsock"), 0.9), "Unknown MySQL server host",
     "mysql-host"),
    (r"system error: (?P<number>-?\d+)\b", _numbered(ERRNO_FAMILIES, 0.85), "system error: ",
     "system-error"),
    # Delphi/Indy: Socket Error # 10054
    (r"Socket Error # ?(?P<number>\d+)", _numbered(WINSOCK_FAMILIES, 0.95, ("windows",)),
     "Socket Error #", "indy"),
    # libpq on Windows: Connection refused (0x0000274D/10061)
    (r"\(0x[0-9A-Fa-f]{8}/(?P<number>\d+)\)", _numbered(WINSOCK_FAMILIES, 0.95, ("windows",)),
     "(0x", "libpq"),
    # redis-py: Error 111 connecting to host:6379. Connection refused.
    (r"Error (?P<number>-?\d+) (?:connecting to|while writing to|while reading from) [^\s.]+"
     r"(?:\.\s*(?P<message>[^\n'\")]+?))?(?=\.?['\")]|\.?\s*$|\.?\n)",
     _numbered(ERRNO_FAMILIES, 0.9), "Error ",
     "redis"),
    # Boost.Asio: Operation canceled [system:125 at ...]
    (r"(?:(?<![A-Za-z0-9_])(?P<message>[A-Z][^:\[\n]{2,80}?) )?\[system:(?P<number>-?\d+)",
     _numbered(ERRNO_FAMILIES, 0.9), "[system:", "asio-system"),
    (r"\[asio\.netdb:(?P<number>\d)", _numbered(("h_errno",), 0.9), "[asio.netdb:",
     "asio-netdb"),
    # C: Resource temporarily unavailable (errno 11);  Connection refused (111)
    (r"(?<![A-Za-z0-9_])(?P<message>[A-Z][A-Za-z' ]{5,60}?)\s+\(errno (?P<number>\d+)\)",
     _numbered(ERRNO_FAMILIES, 0.9), "(errno", "errno"),
    (r"(?<![A-Za-z0-9_])(?P<message>[A-Z][A-Za-z' ]{5,60}?) \((?P<number>\d{1,3})\)",
     _numbered(ERRNO_FAMILIES, 0.85, strict=True), r"re:\(\d{1,3}\)", None),
    # C: errno=104, errno 111, errno: 11
    (r"\berrno\s*[=:]?\s*(?P<number>\d+)\b", _numbered(ERRNO_FAMILIES, 0.8), "errno", "errno"),
    # WinSock numbers next to a word that says error: "send failed with error: 10053",
    # "WSAGetLastError() = 10054", "Socket error 10060", "(10061)"
    (r"(?:error|Error|ERROR|failed|WSAGetLastError\(\)|code|Code)[^\d\n]{0,16}?"
     r"\b(?P<number>1[01]\d{3})\b", _numbered(WINSOCK_FAMILIES, 0.85, ("windows",)), "",
     "winsock-word"),
    (r"\((?P<number>1[01]\d{3})\)", _numbered(WINSOCK_FAMILIES, 0.8, ("windows",)), "(1",
     "winsock-parens"),
]

_LIBUV_FORMATS = [
    # Node.js util.inspect of a system error: errno: -4077   "errno":-111
    r"\berrno['\"]?\s*[:=]\s*(?P<number>-\d+)\b",
]

Needle = str | re.Pattern[str]
Format = tuple[re.Pattern[str], Handler, Needle, int | None]
_COMPILED: list[Format] | None = None
NAME_SHAPE = re.compile(r"SocketError\.\w+|WSA[A-Z_]+|UV_[A-Z_]+|E[A-Z][A-Z0-9_]+")
_NAME = re.compile(r"(?<![A-Za-z0-9_.])(?:" + NAME_SHAPE.pattern + r")(?![A-Za-z0-9_])")
ATOM_SHAPE = re.compile(r"e[a-z]{3,}")  # Erlang/Elixir error atoms: econnrefused
# What every atom read below comes right after: a comma (Erlang's {error,econnrefused},
# maybe spaced) or a colon (Elixir's :econnrefused). The prefilter searches for it too.
ATOM_LEAD = r"(?:,[ \t]*|:)"
_ATOM = re.compile(r"(?:\{error,[ \t]*|,|:|reason: :)(?P<atom>" + ATOM_SHAPE.pattern + r")\b")
_TOKEN = re.compile(r"[a-z0-9_]+")


def _formats() -> list[Format]:
    """(regex, handler, needle, index of the anchor in PREFILTER_ANCHORS or None)."""
    global _COMPILED
    if _COMPILED is None:
        index = {name: number for number, name in enumerate(_ANCHORS)}
        _COMPILED = [(re.compile(p), h, re.compile(needle[3:]) if needle.startswith("re:")
                      else needle, None if anchor is None else index[anchor])
                     for p, h, needle, anchor in _FORMATS]
        _COMPILED += [(re.compile(p), _libuv, "errno", index["errno"]) for p in _LIBUV_FORMATS]
    return _COMPILED


_BY_ANCHORS: dict[frozenset[int], list[Format]] = {}
_STRICT_GATE = re.compile(r"\(-?\d")  # what every format without an anchor contains


def _formats_for(anchors: frozenset[int]) -> list[Format]:
    """The formats that can match where only these anchors were seen, in their order."""
    chosen = _BY_ANCHORS.get(anchors)
    if chosen is None:
        chosen = _BY_ANCHORS[anchors] = [
            f for f in _formats() if f[3] is None or f[3] in anchors]
    return chosen


def numbers(text: str, anchors: frozenset[int] | None = None) -> list[Evidence]:
    """Numbers printed in a format that says what kind of code they are.

    `anchors`: the PREFILTER_ANCHORS the prefilter found in the text, when known; a
    format whose anchor is not among them cannot match and is not tried.
    """
    found: list[Evidence] = []
    if anchors is not None and not anchors and _STRICT_GATE.search(text) is None:
        return found  # only the strict formats were left, and none can match
    taken: list[tuple[int, int]] = []
    strict_possible: bool | None = None  # every strict format needs "(" and a number
    for pattern, handler, needle, anchor in (
            _formats() if anchors is None else _formats_for(anchors)):
        if isinstance(needle, str):
            if needle and needle not in text:
                continue
        elif needle.search(text) is None:
            continue
        if anchor is None:
            if strict_possible is None:
                strict_possible = _STRICT_GATE.search(text) is not None
            if not strict_possible:
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
        if not catalog.has_name(name):
            continue
        platforms = ("windows",) if name.startswith("WSA") else ()
        found.append(Evidence("name", match.span(), 0.85, name=name, platforms=platforms))
    for match in _ATOM.finditer(text):  # Erlang/Elixir atoms: {error,econnrefused}
        atom = match.group("atom").upper()
        if catalog.has_name(atom):
            found.append(Evidence("name", match.span("atom"), 0.85, name=atom))
    return found


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower case for ASCII letters only, as the prefilter folds case. No phrase has another
    cased letter, and full lowering would read the Kelvin sign (K) as an ASCII k."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


def _token_starts(lowered: str) -> Iterator[tuple[str, int]]:
    for match in _TOKEN.finditer(lowered):
        yield match.group(0), match.start()
    if lowered.isascii():
        return
    for index, ch in enumerate(lowered):
        if not ch.isascii() and is_wide(ch):
            yield ch, index


WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"  # ASCII \w
_WORD = frozenset(WORD_CHARS)


def _boundary(lowered: str, start: int, end: int) -> bool:
    """No ASCII word character runs on across either end of lowered[start:end]."""
    if start > 0 and lowered[start] in _WORD and lowered[start - 1] in _WORD:
        return False
    return not (end < len(lowered) and lowered[end - 1] in _WORD and lowered[end] in _WORD)


def pattern_phrases(text: str, catalog: Catalog) -> list[Evidence]:
    """The few wordings that carry a variable part ("timeout of 5000ms exceeded")."""
    found: list[Evidence] = []
    for pattern, entry in catalog.pattern_phrases():
        match = pattern.search(text)
        if match is None:
            continue
        prototype = _phrase_prototype(entry, catalog)
        if prototype is not None:
            found.append(prototype.evolve(span=match.span(), message=match.group(0)))
    return found


PhraseHit = tuple[int, int, tuple[int, ...]]  # start, end, phrase entries


def phrases(text: str, catalog: Catalog) -> list[Evidence]:
    """Every known wording in the text; where phrases overlap, the longest wins."""
    return phrase_evidence(text, phrase_search(text, catalog), catalog)


def phrase_search(text: str, catalog: Catalog) -> list[PhraseHit]:
    """Hits of every known wording, found through the catalog's first-token index."""
    lowered = ascii_lower(text)
    index = catalog.phrase_index
    hits: list[PhraseHit] = []
    for token, position in _token_starts(lowered):
        for phrase, offset, entries in index.get(token, ()):
            start = position - offset
            end = start + len(phrase)
            if start >= 0 and lowered.startswith(phrase, start) and _boundary(lowered, start, end):
                hits.append((start, end, entries))
                break  # entries are longest first: the first that fits is the one
    return hits


def phrase_hits(text: str, found: list[tuple[int, str]], catalog: Catalog) -> list[PhraseHit]:
    """Hits of phrases found elsewhere (scan's Hyperscan pass): (start, phrase text) checked
    against the same word boundaries as phrases() (_boundary, written out: a hot path)."""
    if not found:
        return []
    lowered = ascii_lower(text)
    size = len(lowered)
    entries_of = catalog.phrase_entries
    hits: list[PhraseHit] = []
    for start, phrase in found:
        end = start + len(phrase)
        if not lowered.startswith(phrase, start):
            continue
        if start > 0 and lowered[start] in _WORD and lowered[start - 1] in _WORD:
            continue
        if end < size and lowered[end - 1] in _WORD and lowered[end] in _WORD:
            continue
        hits.append((start, end, entries_of(phrase)))
    return hits


def phrase_evidence(text: str, hits: list[PhraseHit], catalog: Catalog) -> list[Evidence]:
    """Evidence from phrase hits: a hit inside a longer one is dropped."""
    return placed_phrases(text, longest(hits), catalog)


def longest(hits: list[PhraseHit]) -> list[PhraseHit]:
    """The hits that no longer hit contains, in order."""
    if len(hits) < 2:
        return hits
    if len(hits) == 2:  # the usual case ("connection reset" in "connection reset by peer")
        (a, b, _), (c, d, _) = first, second = hits
        if (a, b) == (c, d):
            return [min(first, second)]
        if a <= c and d <= b:
            return [first]
        if c <= a and b <= d:
            return [second]
        return sorted(hits)
    kept: list[PhraseHit] = []
    for hit in sorted(set(hits), key=lambda h: (-(h[1] - h[0]), h[0])):
        if any(a <= hit[0] and hit[1] <= b for a, b, _ in kept):
            continue
        kept.append(hit)
    return sorted(kept)


def placed_phrases(text: str, hits: list[PhraseHit], catalog: Catalog) -> list[Evidence]:
    """The evidence of hits already freed of overlaps: one piece per phrase entry."""
    found: list[Evidence] = []
    for start, end, entries in hits:
        for entry in entries:
            prototype = _phrase_prototype(entry, catalog)
            if prototype is not None:
                found.append(prototype.evolve(span=(start, end), message=text[start:end]))
    return found


def _phrase_prototype(entry: int, catalog: Catalog) -> Evidence | None:
    """The evidence a phrase gives, placed nowhere yet (None: it only looks like an error)."""
    prototypes = catalog.phrase_prototypes
    if entry not in prototypes:
        fields = catalog.phrase_evidence_fields(entry)
        prototypes[entry] = None if fields is None else Evidence("phrase", (0, 0), **fields)
    prototype: Evidence | None = prototypes[entry]
    return prototype
