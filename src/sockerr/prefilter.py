"""Pick the lines of a block that may hold an error, fast, before identifying them.

The patterns are derived from what `identify` reads (every phrase, every name of
the catalog, and an anchor for each numeric format), so the prefilter can only
add candidates, never lose one. Hyperscan runs them all in one pass over a
block of bytes; without it, one `re` alternation does the same, slowly.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import itertools
import operator
import os
import re
from typing import Any, Protocol

from .catalog import Catalog
from .extract import ANCHOR_GATES, ATOM_LEAD, NAME_SHAPE, PREFILTER_ANCHORS, WORD_CHARS
from .extract import ATOM_SHAPE as _ATOM_SHAPE
from .identification import Hints

Bytes = bytes | bytearray
# (start of a candidate line in the block, the line without its newline, offset of its first
# hit in the block, hints or None)
Candidate = tuple[int, Bytes, int, "Hints | None"]


class LineFinder(Protocol):
    """The candidate lines of block[start:end] (whole lines: start is a line's first byte)."""

    def __call__(self, block: Bytes, start: int = 0, end: int | None = None, /
                 ) -> list[Candidate]: ...


def _escape(data: bytes) -> str:
    """A regex literal for raw bytes: ASCII escaped as usual, other bytes as \\xHH."""
    if data.isascii():
        return re.escape(data.decode("ascii"))
    return "".join(re.escape(chr(b)) if b < 128 else f"\\x{b:02x}" for b in data)


ANCHOR, NAME, PATTERN, PHRASE = "anchor", "name", "pattern", "phrase"
ATOM = "atom"  # an Erlang/Elixir atom: a name in lower case, after extract.ATOM_LEAD
WIDE, WIDE_GB = "wide", "wide-gb"  # a non-ASCII phrase as UTF-8 bytes / as GB18030 bytes


Tagged = tuple[str, str, "str | None", bool]  # byte-regex, kind, literal text, case matters


def tagged_patterns(catalog: Catalog) -> list[Tagged]:
    """(byte-regex, kind, literal text, exact case) for every pattern a candidate line must
    contain: the text of a phrase or a name (None for anchors and `re:` phrases). Patterns
    are caseless unless `exact case` (the identifier reads them so).

    Non-ASCII phrases appear twice, as UTF-8 (kind WIDE) and as GB18030 (WIDE_GB: the
    encoding of logs written by Chinese Windows, which scan decodes line by line).
    """
    # The anchors first, in order: a match's pattern id is then the anchor's index.
    out: list[Tagged] = [(a, ANCHOR, None, False) for a in PREFILTER_ANCHORS]
    # Names count only where the identifier reads them: whole words of the name shape, in
    # capitals (ECONNRESET, WSAECONNRESET, UV_EOF), SocketError.X in any case, and Erlang's
    # lower-case atoms (:econnrefused) after what precedes an atom. Exact case here, and the
    # atoms' lead, save the pass about a tenth each.
    for name in sorted(catalog.names()):
        if NAME_SHAPE.fullmatch(name):
            out.append((r"\b" + re.escape(name) + r"\b", NAME, name, True))
            if _ATOM_SHAPE.fullmatch(name.lower()):
                out.append((ATOM_LEAD + re.escape(name.lower()) + r"\b", ATOM, name.lower(),
                            True))
        elif NAME_SHAPE.fullmatch(name.replace("SOCKETERROR.", "SocketError.")):
            out.append((r"\b" + re.escape(name) + r"\b", NAME, name, False))
    searched, _longer = phrase_cover(catalog)
    for literal in sorted({phrase[0] for phrase in catalog.phrases}):
        if not literal:
            continue
        if literal.startswith("re:"):
            out.append((literal[3:], PATTERN, None, False))  # searched again by identify
            continue
        if literal.isascii():
            if literal in searched:
                out.append((_escape(literal.encode("ascii")), PHRASE, literal, False))
            continue
        out.append((_escape(literal.encode("utf-8")), WIDE, literal, False))
        with contextlib.suppress(UnicodeEncodeError):
            if literal.encode("gb18030") != literal.encode("utf-8"):
                out.append((_escape(literal.encode("gb18030")), WIDE_GB, literal, False))
    return out


Longer = tuple[tuple[int, str, bytes], ...]  # (where it holds the phrase, text, lower bytes)


def phrase_cover(catalog: Catalog) -> tuple[frozenset[str], dict[str, Longer]]:
    """The ASCII phrases the pass searches for, and for each, the longer phrases that hold
    it and are not searched for themselves.

    A line with "connection reset by peer" holds "connection reset": finding the shorter
    one finds the line, and _hints then looks for the longer ones around each hit. The pass
    gets fewer literals and reports fewer matches.
    """
    literals = sorted({p[0] for p in catalog.phrases
                       if p[0] and p[0].isascii() and not p[0].startswith("re:")})
    return _cover(tuple(literals))


@functools.cache
def _cover(literals: tuple[str, ...]) -> tuple[frozenset[str], dict[str, Longer]]:
    # One string holds them all (no phrase holds a newline): each phrase's occurrences in
    # it say which phrases hold it, and where.
    joined = "\n".join(literals)
    starts = list(itertools.accumulate((len(t) + 1 for t in literals[:-1]), initial=0))
    holders: list[list[tuple[int, int]]] = [[] for _ in literals]  # [(at, holder index)]
    for index, literal in enumerate(literals):
        at = joined.find(literal)
        while at >= 0:
            holder = bisect.bisect_right(starts, at) - 1
            if holder != index:
                holders[index].append((at - starts[holder], holder))
            at = joined.find(literal, at + 1)
    holds_another = {holder for found in holders for _at, holder in found}
    searched = frozenset(t for i, t in enumerate(literals) if i not in holds_another)
    longer = {t: tuple((at, literals[h], literals[h].lower().encode("ascii"))
                       for at, h in holders[i] if h in holds_another)
              for i, t in enumerate(literals) if t in searched}
    return searched, longer


def patterns(catalog: Catalog) -> list[str]:
    """Every pattern a candidate line must contain one of (byte-regex syntax, caseless)."""
    return [pattern for pattern, _kind, _text, _case in tagged_patterns(catalog)]


def _line_starts(block: Bytes, begin: int, stop: int, offsets: list[int]) -> list[Candidate]:
    """The candidates (no hints) of the lines that hold the offsets, once each, in order."""
    starts: list[Candidate] = []
    last_end = -1
    for offset in sorted(offsets):
        if offset <= last_end:
            continue
        start = max(begin, block.rfind(b"\n", begin, offset) + 1)
        end = block.find(b"\n", offset, stop)
        last_end = stop if end < 0 else end
        starts.append((start, block[start:last_end], offset, None))
    return starts


def cache_dir() -> str:
    """Where compiled pattern databases are kept: $SOCKERR_CACHE_DIR, else the user's cache."""
    explicit = os.environ.get("SOCKERR_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "sockerr")


def _database(hyperscan: Any, expressions: list[bytes], flags: list[int]) -> Any:
    """A compiled Hyperscan database, from the cache when an identical one was built before.

    Compiling ~1300 patterns takes about 0.3 s, loading the serialized form a few ms. The
    key covers the patterns, their flags and the library version; a database built for
    another CPU fails to load and is simply rebuilt. A cache that cannot be read or
    written is skipped: it only ever saves time.
    """
    digest = hashlib.sha256(hyperscan.__version__.encode())
    for expression, flag in zip(expressions, flags, strict=True):
        digest.update(b"%d\0%s\0" % (flag, expression))
    path = os.path.join(cache_dir(), f"hyperscan-{digest.hexdigest()[:32]}.db")
    with contextlib.suppress(OSError, hyperscan.HyperscanError), open(path, "rb") as handle:
        return hyperscan.loadb(handle.read(), hyperscan.HS_MODE_BLOCK)
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=expressions, flags=flags)
    with contextlib.suppress(OSError, hyperscan.HyperscanError):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        partial = f"{path}.{os.getpid()}.tmp"
        with open(partial, "wb") as handle:
            handle.write(hyperscan.dumpb(database))
        os.replace(partial, path)  # atomic: a concurrent reader never sees half a file
        _prune(os.path.dirname(path))
    return database


KEEP_DATABASES = 4  # other versions of sockerr may share the cache: keep a few, not all


def _prune(directory: str) -> None:
    """Remove all but the newest few databases (each new catalog makes another)."""
    with contextlib.suppress(OSError):
        found = [os.path.join(directory, name) for name in os.listdir(directory)
                 if name.startswith("hyperscan-") and name.endswith(".db")]
        found.sort(key=os.path.getmtime, reverse=True)
        for stale in found[KEEP_DATABASES:]:
            os.remove(stale)


def hyperscan_finder(catalog: Catalog) -> LineFinder | None:
    """A finder backed by Hyperscan, or None when it is not installed."""
    try:
        import hyperscan
    except ImportError:
        return None
    tagged = tagged_patterns(catalog)
    expressions = [p.encode("latin-1") for p, _kind, _text, _case in tagged]
    flags = [0 if exact else hyperscan.HS_FLAG_CASELESS for _p, _k, _t, exact in tagged]
    database = _database(hyperscan, expressions, flags)
    scratch = hyperscan.Scratch(database)
    meta = _meta(tagged, catalog)

    def find(block: Bytes, begin: int = 0, end: int | None = None, /) -> list[Candidate]:
        stop = len(block) if end is None else end
        found: list[tuple[int, int]] = []  # (pattern id, end offset in the block)

        def on_match(pattern: int, _start: int, match_end: int, _flags: int, _ctx: object
                     ) -> None:
            found.append((pattern, begin + match_end))

        # A view, not a slice: the block is scanned where it lies.
        database.scan(memoryview(block)[begin:stop], match_event_handler=on_match,
                      scratch=scratch)
        return _lines_of(block, begin, stop, found, meta)

    return find


# per pattern id: kind, phrase text, its UTF-8 size, the longer phrases found through it
Meta = list[tuple[str, "str | None", int, Longer]]


def _meta(tagged: list[Tagged], catalog: Catalog) -> Meta:
    longer = phrase_cover(catalog)[1]
    return [(kind, text, len(text.encode("utf-8")) if text else 0,
             longer.get(text, ()) if kind == PHRASE and text else ())
            for _p, kind, text, _c in tagged]


def _lines_of(block: Bytes, begin: int, stop: int, found: list[tuple[int, int]], meta: Meta
              ) -> list[Candidate]:
    """Candidates from (pattern id, end offset) matches in block[begin:stop], line by line."""
    found.sort(key=_by_end)  # Hyperscan reports by end offset already, nearly always
    out: list[Candidate] = []
    line_start = line_end = -1
    matches: list[tuple[int, int]] = []
    for pattern, match_end in found:
        if match_end > line_end:  # past the current line (no match spans a newline)
            if matches:
                out.append(_candidate(block, line_start, line_end, matches, meta))
            line_start = max(begin, block.rfind(b"\n", begin, match_end - 1) + 1)
            newline = block.find(b"\n", match_end - 1, stop)
            line_end = stop if newline < 0 else newline
            matches = []
        matches.append((pattern, match_end))
    if matches:
        out.append(_candidate(block, line_start, line_end, matches, meta))
    return out


_WORD_BYTES = frozenset(WORD_CHARS.encode("ascii"))
DIRECT, WORD, ANCHORED, AFTER_LEAD = 0, 1, 2, 3  # what a fixed-string hit needs to count


def _word_ends(block: Bytes, at: int) -> bool:
    """No ASCII word character at block[at] (the \\b after a name or an atom)."""
    return at >= len(block) or block[at] not in _WORD_BYTES


def _after_atom_lead(block: Bytes, begin: int, at: int) -> bool:
    """block[at:] follows extract.ATOM_LEAD: a colon, or a comma and maybe blanks or tabs."""
    if at > begin and block[at - 1] == 0x3A:  # ":"
        return True
    lead = at - 1
    while lead >= begin and block[lead] in (0x20, 0x09):
        lead -= 1
    return lead >= begin and block[lead] == 0x2C  # ","


def ahocorasick_finder(catalog: Catalog) -> LineFinder | None:
    """The same candidates and hints from fixed strings only, where Hyperscan has no build.

    Phrases, names and each anchor's gate strings (extract.ANCHOR_GATES) are searched with
    Aho-Corasick: caseless ones in the block with ASCII letters lowered, exact-case names
    in the block as it is. A name then needs word boundaries; an anchor's gate makes the
    anchor's own regex run on that line; `re:` phrases run as regexes over the block.
    Every pattern yields the (pattern id, end offset) matches Hyperscan would report,
    except that an anchor's end is that of its leftmost match in the line.
    """
    try:
        import ahocorasick_rs
    except ImportError:
        return None
    tagged = tagged_patterns(catalog)
    meta = _meta(tagged, catalog)
    folded: dict[bytes, list[tuple[int, int]]] = {}  # string -> [(pattern id, what)]
    exact: dict[bytes, list[tuple[int, int]]] = {}
    anchors: dict[int, re.Pattern[bytes]] = {}
    patterned: list[tuple[int, re.Pattern[bytes]]] = []
    for pattern_id, (pattern, kind, text, exact_case) in enumerate(tagged):
        if kind in (PHRASE, WIDE, WIDE_GB):
            assert text is not None
            literal = text.encode("gb18030" if kind == WIDE_GB else "utf-8")
            folded.setdefault(literal.lower(), []).append((pattern_id, DIRECT))
        elif kind in (NAME, ATOM):
            assert text is not None
            name = text.encode("ascii")
            table = exact if exact_case else folded
            table.setdefault(name if exact_case else name.lower(), []).append(
                (pattern_id, WORD if kind == NAME else AFTER_LEAD))
        elif kind == ANCHOR:
            anchors[pattern_id] = re.compile(pattern.encode("latin-1"), re.IGNORECASE)
            for gate in ANCHOR_GATES[pattern_id]:
                folded.setdefault(gate.encode("ascii"), []).append((pattern_id, ANCHORED))
        else:  # PATTERN: a regex, run as one
            patterned.append((pattern_id, re.compile(pattern.encode("latin-1"), re.IGNORECASE)))
    dfa = ahocorasick_rs.Implementation.DFA
    folded_keys, exact_keys = list(folded), list(exact)
    folded_search = ahocorasick_rs.BytesAhoCorasick(folded_keys, implementation=dfa)
    exact_search = ahocorasick_rs.BytesAhoCorasick(exact_keys, implementation=dfa)
    folded_what = [folded[key] for key in folded_keys]
    exact_what = [exact[key] for key in exact_keys]

    def find(block: Bytes, begin: int = 0, end: int | None = None, /) -> list[Candidate]:
        stop = len(block) if end is None else end
        region = block[begin:stop]
        found: list[tuple[int, int]] = []
        verified: set[tuple[int, int]] = set()  # (anchor, line start) already run
        hits = [(folded_what, folded_search.find_matches_as_indexes(region.lower(),
                                                                    overlapping=True)),
                (exact_what, exact_search.find_matches_as_indexes(region, overlapping=True))]
        for what, matches in hits:
            for key, start, finish in matches:
                for pattern_id, need in what[key]:
                    at, to = begin + start, begin + finish
                    if need == DIRECT:
                        found.append((pattern_id, to))
                    elif need == WORD:
                        if ((at == 0 or block[at - 1] not in _WORD_BYTES)
                                and _word_ends(block, to)):
                            found.append((pattern_id, to))
                    elif need == AFTER_LEAD:
                        if _after_atom_lead(block, begin, at) and _word_ends(block, to):
                            found.append((pattern_id, to))
                    else:
                        line_start = max(begin, block.rfind(b"\n", begin, at) + 1)
                        if (pattern_id, line_start) in verified:
                            continue
                        verified.add((pattern_id, line_start))
                        newline = block.find(b"\n", at, stop)
                        match = anchors[pattern_id].search(
                            block, line_start, stop if newline < 0 else newline)
                        if match is not None:
                            found.append((pattern_id, match.end()))
        for pattern_id, regex in patterned:
            found += [(pattern_id, m.end()) for m in regex.finditer(block, begin, stop)]
        return _lines_of(block, begin, stop, found, meta)

    return find


_by_end = operator.itemgetter(1)


def _candidate(block: Bytes, start: int, end: int, matches: list[tuple[int, int]],
               meta: Meta) -> Candidate:
    """The candidate of the line block[start:end]."""
    line = block[start:end]
    if line.isascii():  # the usual line: its hints are worked out only if it is read
        return start, line, matches[0][1] - 1, _LazyHints(line, start, matches, meta)
    return start, line, matches[0][1] - 1, _hints(line, start, matches, meta)


class _LazyHints(Hints):
    """The hints of an ASCII line, worked out on first use: scan reads a line like one it
    has seen before without them (scanning.line_key)."""

    __slots__ = ("_source",)

    def __init__(self, line: Bytes, start: int, matches: list[tuple[int, int]],
                 meta: Meta) -> None:  # the fields of Hints stay unset until asked for
        self._source = (line, start, matches, meta)

    def __getattr__(self, name: str) -> Any:  # only called while the fields are unset
        worked_out = _hints(*self._source)
        assert worked_out is not None  # an ASCII line always has hints
        for field in Hints.__slots__:
            setattr(self, field, getattr(worked_out, field))
        return getattr(worked_out, name)


def _hints(line: Bytes, start: int, matches: list[tuple[int, int]],
           meta: Meta) -> Hints | None:
    """What the pass found in one line, in the line's own offsets (None: identify it all)."""
    ascii_only = line.isascii()
    if not ascii_only:
        try:  # scan reads such a line as UTF-8 when it can: offsets are then counted so
            line.decode("utf-8")
        except UnicodeDecodeError:
            return None  # read as GB18030 or with replacements: let identify search itself
    found: list[tuple[int, str]] = []  # (byte offset, phrase text)
    lowered: Bytes | None = None
    anchors: set[int] = set()
    numbers = names = patterns = False
    for pattern, end in matches:
        kind, text, size, longer = meta[pattern]
        if kind in (PHRASE, WIDE):
            assert text is not None
            offset = end - start - size  # in bytes; UTF-8 never matches mid-character
            found.append((offset, text))
            for at, holder, holder_bytes in longer:  # the longer phrases not searched for
                if lowered is None:
                    lowered = line.lower()  # ASCII letters only, as the pass folds them
                if offset >= at and lowered.startswith(holder_bytes, offset - at):
                    found.append((offset - at, holder))
            numbers = True  # strict formats ("(111: Connection refused)") hang on a phrase
        elif kind in (NAME, ATOM):
            names = True
        elif kind == ANCHOR:
            numbers = True
            anchors.add(pattern)  # anchors come first: the pattern id is the anchor's index
        elif kind == PATTERN:
            numbers = patterns = True
        else:
            return None
    phrases = list(dict.fromkeys(found))  # a longer phrase may be found through several
    if not ascii_only:
        phrases = [(len(line[:offset].decode("utf-8")), text) for offset, text in phrases]
    return Hints(phrases, numbers, names, frozenset(anchors), patterns)


def regex_finder(catalog: Catalog) -> LineFinder:
    """The same prefilter with Python's re: correct everywhere, much slower."""
    pattern = re.compile("|".join(patterns(catalog)).encode("latin-1"), re.IGNORECASE)

    def find(block: Bytes, begin: int = 0, end: int | None = None, /) -> list[Candidate]:
        stop = len(block) if end is None else end
        return _line_starts(block, begin, stop,
                            [m.start() for m in pattern.finditer(block, begin, stop)])

    return find


def line_finder(catalog: Catalog, engine: str = "auto") -> tuple[str, LineFinder]:
    """(engine name, finder): Hyperscan, else Aho-Corasick, else Python's re."""
    builders = {"hyperscan": hyperscan_finder, "ahocorasick": ahocorasick_finder}
    for name in (["hyperscan", "ahocorasick"] if engine == "auto" else
                 [engine] if engine in builders else []):
        found = builders[name](catalog)
        if found is not None:
            return name, found
        if engine == name:
            raise RuntimeError(f"{name} is not installed")
    return "re", regex_finder(catalog)
