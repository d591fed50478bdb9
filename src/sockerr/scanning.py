"""Scan streams of log lines: find, identify, count. The pure core of `sockerr scan`.

Blocks of bytes go in; the prefilter picks candidate lines; each is decoded and
identified with the same engine as `sockerr explain`, so scan and explain never
disagree; an Aggregate keeps counts, first and last places and a few samples in
memory that does not grow with the input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .catalog import Catalog
from .identification import Hints, Reading, best_reading, identify
from .prefilter import Bytes, LineFinder

SCHEMA_VERSION = 1
MAX_SAMPLES = 3
SAMPLE_CHARS = 300
MAX_LINE = 1 << 20  # a line still unfinished after this much is cut off (constant memory)
IDENTIFY_CHARS = 64 << 10  # of a longer line, this much around its first hit is identified

_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?"  # ISO 8601
    r"|\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}"  # nginx
    r"|\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}"  # common log format
    r"|[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? \d{4}"  # Apache
    r"|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}"  # syslog
)


# A line's leading stamp: digits and the punctuation of dates, times and brackets, ending in
# a blank, maybe after a month's name as syslog writes it ("Mar  2 10:11:12 "). identify
# reads nothing in it: every format, name and phrase starts with a letter, "(" or a
# non-digit, none with a month's name (tests hold the catalog to that); a letter inside (the
# T and Z of ISO 8601) follows a digit so starts no word; a message read leftwards from
# further on stops at the time's colon; nothing else reaches back across the blank. So lines
# equal but for the digits of their stamps read alike, and scan identifies each such kind of
# line once (Memory.lines).
_MONTH = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(?=[0-9]{1,2} [0-9]{1,2}:)"
_STAMP = re.compile(rb"(?:" + _MONTH + rb")?(?:[0-9:.,/+\-\[\] \t]|(?<=[0-9])[TZ])*[ \t]")
_ZERO_DIGITS = bytes.maketrans(b"123456789", b"000000000")


def line_key(raw: Bytes) -> bytes:
    """The line with the digits of its leading stamp zeroed (see _STAMP)."""
    stamp = _STAMP.match(raw)
    if stamp is None:
        return bytes(raw)
    end = stamp.end()
    return b"".join((raw[:end].translate(_ZERO_DIGITS), raw[end:]))


def timestamp(line: str) -> str | None:
    """The first timestamp of a recognisable shape in the line, as written."""
    found = _TIMESTAMP.search(line, 0, 200)
    return found.group(0) if found else None


def decode(data: Bytes) -> str:
    """A log line as text: UTF-8, else GB18030 (Chinese Windows), else UTF-8 with U+FFFD."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


class Place:
    """Where a line was seen. Its timestamp is read only if asked for (first and last)."""

    __slots__ = ("_stamp", "_text", "file", "line")

    def __init__(self, file: str, line: int, text: str) -> None:
        self.file, self.line = file, line
        self._text: str | None = text
        self._stamp: str | None = None

    @property
    def timestamp(self) -> str | None:
        if self._text is not None:
            self._stamp, self._text = timestamp(self._text), None
        return self._stamp

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "timestamp": self.timestamp}


Seen = tuple[str, int, str]  # file, line number, the line: a Place before it is asked for


class Tally:
    """One finding: a concept (on the platforms the text proved) and where it was seen."""

    __slots__ = ("_first", "_last", "concept", "count", "library_timeout", "platforms",
                 "samples")

    def __init__(self, concept: str, platforms: tuple[str, ...], library_timeout: bool) -> None:
        self.concept = concept
        self.platforms = platforms
        self.library_timeout = library_timeout
        self.count = 0
        # Plain tuples, not Places: every hit replaces the last one, and only two are shown.
        self._first: Seen | None = None
        self._last: Seen | None = None
        self.samples: list[str] = []

    @property
    def first(self) -> Place | None:
        return None if self._first is None else Place(*self._first)

    @property
    def last(self) -> Place | None:
        return None if self._last is None else Place(*self._last)

    def add(self, seen: Seen) -> None:
        self.count += 1
        if self._first is None:
            self._first = seen
        self._last = seen
        if len(self.samples) < MAX_SAMPLES:
            sample = seen[2].strip()[:SAMPLE_CHARS]
            if sample not in self.samples:
                self.samples.append(sample)

    def absorb(self, later: Tally) -> None:
        """Add the counts of a tally that covers input after this one's."""
        self.count += later.count
        self._first = self._first or later._first
        self._last = later._last or self._last
        for sample in later.samples:
            if len(self.samples) < MAX_SAMPLES and sample not in self.samples:
                self.samples.append(sample)

    def shift_lines(self, offset: int) -> None:
        if self._first is not None:
            self._first = (self._first[0], self._first[1] + offset, self._first[2])
        if self._last is not None:
            self._last = (self._last[0], self._last[1] + offset, self._last[2])


Key = tuple[str, tuple[str, ...], bool]


class Aggregate:
    """Findings of a stretch of input, mergeable in input order."""

    def __init__(self) -> None:
        self.tallies: dict[Key, Tally] = {}
        self.lines = 0
        self.bytes = 0
        self.candidates = 0

    def record(self, seen: Seen, concept: str, platforms: tuple[str, ...],
               library_timeout: bool) -> Tally:
        key = (concept, platforms, library_timeout)
        tally = self.tallies.get(key)
        if tally is None:
            tally = self.tallies[key] = Tally(concept, platforms, library_timeout)
        tally.add(seen)
        return tally

    def errors(self) -> int:
        """Error lines found: one finding per line."""
        return sum(tally.count for tally in self.tallies.values())

    def absorb(self, later: Aggregate) -> None:
        self.lines += later.lines
        self.bytes += later.bytes
        self.candidates += later.candidates
        for key, tally in later.tallies.items():
            mine = self.tallies.get(key)
            if mine is None:
                self.tallies[key] = tally
            else:
                mine.absorb(tally)

    def shift_lines(self, offset: int) -> None:
        """Renumber places after learning how many lines came before this stretch."""
        if offset:
            for tally in self.tallies.values():
                tally.shift_lines(offset)


class NewlineCounter:
    """Counts the newlines of stretches of one block at a time.

    bytes.count goes byte by byte (about 3 GB/s); StringZilla counts with SIMD, about
    four times as fast, and imports in half a millisecond. Without it, counting stays
    exact, only slower (`simd=False` forces that, for tests).
    """

    def __init__(self, simd: bool = True) -> None:
        self.count_in: Callable[[Bytes, int, int], int] = _count_bytes
        if simd:
            try:
                import stringzilla
            except ImportError:
                pass
            else:
                self.count_in = _simd_counter(stringzilla)
        self.block: Bytes = b""

    def start(self, block: Bytes, begin: int, end: int) -> None:
        """The block whose stretch block[begin:end] is counted next."""
        self.block = block

    def count(self, start: int, end: int) -> int:
        """Newlines in block[start:end], within the stretch given to start()."""
        return self.count_in(self.block, start, end)


def _count_bytes(block: Bytes, start: int, end: int) -> int:
    return block.count(b"\n", start, end)


def _simd_counter(stringzilla: Any) -> Callable[[Bytes, int, int], int]:
    count = stringzilla.count

    def count_in(block: Bytes, start: int, end: int) -> int:
        return int(count(block, "\n", start, end))

    return count_in


class _Unseen:
    pass


_UNSEEN = _Unseen()
REMEMBERED_LINES = 20_000  # kinds of line whose reading scan keeps (a few MB)


class Memory:
    """Readings already worked out, by line_key and by evidence (best_reading): shared by
    the scanners of one process, since the same kinds of line recur across files."""

    __slots__ = ("evidence", "lines")

    def __init__(self) -> None:
        self.lines: dict[bytes, Reading | None] = {}
        self.evidence: dict[object, Reading | None] = {}


Hit = tuple[int, str, list[Any]]  # line number, text, matches
OnHit = Callable[[str, int, str, Any], None]


class LineScanner:
    """Feeds blocks of one input through prefilter and identifier, carrying partial lines."""

    def __init__(self, name: str, finder: LineFinder, catalog: Catalog, aggregate: Aggregate, *,
                 on_hit: OnHit | None = None, warn: Callable[[str], None] | None = None,
                 counter: NewlineCounter | None = None, memory: Memory | None = None) -> None:
        self.name = name
        self.finder = finder
        self.catalog = catalog
        self.aggregate = aggregate
        self.on_hit = on_hit
        self.warn = warn or (lambda _message: None)
        self.pending = b""
        self.skipping_long = False
        self.warned_long = False
        self.memory = memory or Memory()
        self.newlines = counter or NewlineCounter()

    def feed(self, block: Bytes) -> None:
        """Take the next block. It is not kept: the caller may reuse its buffer."""
        self.aggregate.bytes += len(block)
        start = 0
        if self.skipping_long or self.pending:
            end = block.find(b"\n")
            if end < 0:  # still inside the line that began earlier
                if not self.skipping_long:
                    self.pending += block
                    if len(self.pending) > MAX_LINE:
                        self._long_line(self.pending)
                return
            start = end + 1
            if self.skipping_long:
                self.skipping_long = False
                self.aggregate.lines += 1
            else:
                head = self.pending + block[:start]
                self.pending = b""
                self._lines(head, 0, len(head))
        cut = block.rfind(b"\n") + 1
        if cut > start:
            self._lines(block, start, cut)  # the whole lines, where they lie: no copy
            start = cut
        self.pending = bytes(block[start:])
        if len(self.pending) > MAX_LINE:
            self._long_line(self.pending)

    def close(self) -> None:
        if self.pending:
            last = self.pending + b"\n"
            self._lines(last, 0, len(last))
            self.pending = b""
        elif self.skipping_long:
            self.aggregate.lines += 1
        self.skipping_long = False

    def _long_line(self, head: Bytes) -> None:
        line_no = self.aggregate.lines + 1
        if not self.warned_long:
            self.warn(f"{self.name}:{line_no}: a line longer than {MAX_LINE >> 20} MiB: "
                      f"only its first {IDENTIFY_CHARS >> 10} KiB are identified")
            self.warned_long = True
        self._identify(line_no, head[:IDENTIFY_CHARS])
        self.pending = b""
        self.skipping_long = True

    def _lines(self, block: Bytes, begin: int, end: int) -> None:
        """Whole lines, block[begin:end] (it ends with a newline)."""
        base = self.aggregate.lines
        newlines = self.newlines
        newlines.start(block, begin, end)
        # Line numbers are counted where they are kept: for each finding, where it was first
        # and last seen (placed afterwards), or every hit when --follow prints them at once.
        eager = self.on_hit is not None
        placed: dict[Tally, list[int]] = {}  # finding -> [offset of its first or -1, of last]
        counted = 0
        position = begin
        for start, found_line, hit, found_hints in self.finder(block, begin, end):
            line, hints = found_line, found_hints
            if eager:
                counted += newlines.count(position, start)
                position = start
            if len(line) > IDENTIFY_CHARS:
                # A very long line: identify the stretch around the first hit, not all of it.
                if len(line) > MAX_LINE and not self.warned_long:
                    self.warn(f"{self.name}:{base + newlines.count(begin, start) + 1}: a line "
                              f"longer than {MAX_LINE >> 20} MiB: only {IDENTIFY_CHARS >> 10} "
                              "KiB around its first error text are identified")
                    self.warned_long = True
                window = max(0, hit - start - IDENTIFY_CHARS // 2)
                line = line[window:window + IDENTIFY_CHARS]
                hints = None  # offsets no longer fit the cut line
            tally = self._identify(base + counted + 1 if eager else 0, line, hints)
            if tally is not None and not eager:
                marks = placed.get(tally)
                if marks is None:
                    marks = placed[tally] = [-1, start]
                first = tally._first
                if marks[0] < 0 and first is not None and first[1] == 0:
                    marks[0] = start  # line 0: placed in this block, by this hit
                marks[1] = start
        if placed:
            counted, position = self._place(placed, base, begin)
        # Newlines up to the last candidate are counted already: count only the rest.
        self.aggregate.lines = base + counted + newlines.count(position, end)

    def _place(self, placed: dict[Tally, list[int]], base: int, begin: int) -> tuple[int, int]:
        """Give the first and last places seen in this block their line numbers. Returns
        (newlines counted, up to where): the caller counts on from there."""
        number: dict[int, int] = {}
        counted = 0
        position = begin
        for offset in sorted({o for marks in placed.values() for o in marks if o >= 0}):
            counted += self.newlines.count(position, offset)
            position = offset
            number[offset] = base + counted + 1
        for tally, (first, last) in placed.items():
            if first >= 0 and tally._first is not None:
                tally._first = (tally._first[0], number[first], tally._first[2])
            if tally._last is not None:
                tally._last = (tally._last[0], number[last], tally._last[2])
        return counted, position

    def _identify(self, line_no: int, raw: Bytes, hints: Hints | None = None) -> Tally | None:
        """Identify one line; line_no 0: not known yet (see _lines)."""
        self.aggregate.candidates += 1
        if self.on_hit is None:
            key = line_key(raw)
            remembered = self.memory.lines
            best = remembered.get(key, _UNSEEN)
            if best is _UNSEEN:
                text = decode(raw.rstrip(b"\r"))
                best = best_reading(text, self.catalog, hints, self.memory.evidence)
                if len(remembered) >= REMEMBERED_LINES:
                    remembered.clear()  # bounded memory whatever the input
                remembered[key] = best
            elif best is not None:
                text = decode(raw.rstrip(b"\r"))
            if best is None:
                return None
            assert not isinstance(best, _Unseen)
            return self.aggregate.record((self.name, line_no, text), *best)
        text = decode(raw.rstrip(b"\r"))
        # --follow prints each error with its explanation: it needs the whole match.
        matches = identify(text, catalog=self.catalog, hints=hints, approximate=False,
                           lookups=False)
        if not matches:
            return None
        match = matches[0]  # one finding per line: its best reading, as explain shows first
        tally = self.aggregate.record((self.name, line_no, text), match.concept,
                                      match.platforms, match.library_timeout)
        self.on_hit(self.name, line_no, text, match)
        return tally


def scan_blocks(name: str, blocks: Iterable[Bytes], finder: LineFinder, catalog: Catalog,
                **options: Any) -> Aggregate:
    """The findings of one input given as blocks of bytes (any split, lines may straddle)."""
    aggregate = Aggregate()
    scanner = LineScanner(name, finder, catalog, aggregate, **options)
    for block in blocks:
        scanner.feed(block)
    scanner.close()
    return aggregate


def scan_text(text: str, *, catalog: Catalog | None = None, name: str = "<text>") -> Aggregate:
    """Convenience for tests and library users: scan a string."""
    from .catalog import load
    from .prefilter import line_finder

    catalog = catalog or load()
    _engine, finder = line_finder(catalog)
    return scan_blocks(name, [text.encode("utf-8")], finder, catalog)


def lines_of(aggregate: Aggregate) -> Iterator[Tally]:
    return iter(sorted(aggregate.tallies.values(), key=lambda t: (-t.count, t.concept)))
