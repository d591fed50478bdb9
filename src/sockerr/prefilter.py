"""Pick the lines of a block that may hold an error, fast, before identifying them.

The patterns are derived from what `identify` reads (every phrase, every name of
the catalog, and an anchor for each numeric format), so the prefilter can only
add candidates, never lose one. Hyperscan runs them all in one pass over a
block of bytes; without it, one `re` alternation does the same, slowly.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

from .catalog import Catalog
from .extract import NAME_SHAPE, PREFILTER_ANCHORS

# block -> [(start of a candidate line, offset of its first hit)], in order
LineFinder = Callable[[bytes], list[tuple[int, int]]]


def _escape(data: bytes) -> str:
    """A regex literal for raw bytes: ASCII escaped as usual, other bytes as \\xHH."""
    return "".join(re.escape(chr(b)) if b < 128 else f"\\x{b:02x}" for b in data)


def patterns(catalog: Catalog) -> list[str]:
    """Every pattern a candidate line must contain one of (byte-regex syntax, caseless).

    Non-ASCII phrases appear twice: as UTF-8 and as GB18030, the encoding of logs
    written by Chinese Windows, which scan decodes line by line.
    """
    literals: set[str] = set()
    for phrase in catalog.phrases:
        literals.add(phrase[0])
    out = list(PREFILTER_ANCHORS)
    # Names count only where the identifier reads them: whole words of the name shape
    # (ECONNRESET, WSAECONNRESET, UV_EOF, SocketError.X; Erlang's :econnrefused too).
    for name in sorted(catalog.names()):
        if NAME_SHAPE.fullmatch(name) or NAME_SHAPE.fullmatch(name.replace("SOCKETERROR.",
                                                                           "SocketError.")):
            out.append(r"\b" + re.escape(name) + r"\b")
    for literal in sorted(literals):
        if literal.startswith("re:"):
            out.append(literal[3:])
            continue
        if not literal:
            continue
        encodings = {literal.encode("utf-8")}
        if not literal.isascii():
            with contextlib.suppress(UnicodeEncodeError):
                encodings.add(literal.encode("gb18030"))
        out += [_escape(data) for data in sorted(encodings)]
    return out


def _line_starts(block: bytes, offsets: list[int]) -> list[tuple[int, int]]:
    """(line start, first hit) of the lines that hold the given offsets, each once, in order."""
    starts: list[tuple[int, int]] = []
    last_end = -1
    for offset in sorted(offsets):
        if offset <= last_end:
            continue
        start = block.rfind(b"\n", 0, offset) + 1
        end = block.find(b"\n", offset)
        last_end = len(block) if end < 0 else end
        starts.append((start, offset))
    return starts


def hyperscan_finder(catalog: Catalog) -> LineFinder | None:
    """A finder backed by Hyperscan, or None when it is not installed."""
    try:
        import hyperscan
    except ImportError:
        return None
    expressions = [p.encode("latin-1") for p in patterns(catalog)]
    flags = [hyperscan.HS_FLAG_CASELESS] * len(expressions)
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=expressions, flags=flags)
    scratch = hyperscan.Scratch(database)

    def find(block: bytes) -> list[tuple[int, int]]:
        offsets: list[int] = []

        def on_match(_id: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            offsets.append(end - 1)

        database.scan(block, match_event_handler=on_match, scratch=scratch)
        return _line_starts(block, offsets)

    return find


def regex_finder(catalog: Catalog) -> LineFinder:
    """The same prefilter with Python's re: correct everywhere, much slower."""
    pattern = re.compile("|".join(patterns(catalog)).encode("latin-1"), re.IGNORECASE)

    def find(block: bytes) -> list[tuple[int, int]]:
        return _line_starts(block, [m.start() for m in pattern.finditer(block)])

    return find


def line_finder(catalog: Catalog, engine: str = "auto") -> tuple[str, LineFinder]:
    """(engine name, finder): Hyperscan when available, else Python's re."""
    if engine in ("auto", "hyperscan"):
        found = hyperscan_finder(catalog)
        if found is not None:
            return "hyperscan", found
        if engine == "hyperscan":
            raise RuntimeError("hyperscan is not installed")
    return "re", regex_finder(catalog)
