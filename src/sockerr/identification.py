"""Identify the errors in a piece of text: evidence -> ranked matches with platforms.

Pure functions over strings and the catalog. A number is read in the family its
format implies and checked against the message printed beside it, which also
says which platforms can have printed it; phrases and names add concepts
without numbers. Text with no evidence gives no match: sockerr never guesses.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable

from . import platforms as plat
from .catalog import Catalog, load
from .errors import InvalidQuery
from .extract import (
    Evidence,
    PhraseHit,
    ascii_lower,
    longest,
    names,
    numbers,
    pattern_phrases,
    phrase_hits,
    phrase_search,
    placed_phrases,
)
from .models import Code, Match
from .phrases import TRAILING, normalize

ALL_OS = frozenset(plat.OS_PLATFORMS)
MAX_TEXT = 1_000_000  # characters identified per call; scan() feeds lines, not files


def os_platforms(platforms: Iterable[str]) -> tuple[str, ...]:
    """The identification vocabulary: lookup-only numberings dropped, the CRT counted as Windows."""
    found = set()
    for platform in platforms:
        if platform == "windows-crt":
            found.add("windows")
        elif platform in ALL_OS:
            found.add(platform)
    return tuple(p for p in plat.OS_PLATFORMS if p in found)


def proven(platforms: Iterable[str], *, socket_error: bool = False) -> tuple[str, ...]:
    """What a set of platforms proves, in the identification vocabulary.

    - All seven prove nothing.
    - WinSock reports socket errors with its own numbers and never through the C
      runtime's errno, so for a socket error the CRT's reading does not make Windows.
    - Linux and illumos alone share a few System V numbers with the same text
      (EAGAIN is 11 on both): such a text is reported as Linux, by far the likelier
      source; illumos is named when the text fits it and not Linux, or fits more.
    """
    raw = set(platforms)
    result = os_platforms(raw)
    if set(result) == ALL_OS:
        return ()
    if socket_error and "windows" in result and "windows" not in raw:
        result = tuple(p for p in result if p != "windows")
    if set(result) == {"linux", "illumos"}:
        result = ("linux",)
    return result


class _Reading:
    """A concept as the evidence so far describes it."""

    def __init__(self, concept: str, library_timeout: bool | None) -> None:
        self.concept = concept
        self.library_timeout = library_timeout
        self.pieces: list[tuple[Evidence, float, tuple[str, ...], Code | None]] = []

    def add(self, evidence: Evidence, confidence: float, platforms: tuple[str, ...],
            code: Code | None) -> None:
        self.pieces.append((evidence, confidence, platforms, code))

    def match(self) -> Match:
        best = max(self.pieces, key=lambda piece: piece[1])
        remaining = 1.0
        for _evidence, confidence, _platforms, _code in self.pieces:
            remaining *= 1 - confidence
        platform_sets = [set(p) for _e, _c, p, _code in self.pieces if p]
        platforms: tuple[str, ...] = ()
        if platform_sets:
            common = set.intersection(*platform_sets)
            if not common:  # disagreeing evidence: trust the strongest piece that has platforms
                common = set(max((p for p in self.pieces if p[2]), key=lambda p: p[1])[2])
            platforms = tuple(p for p in plat.OS_PLATFORMS if p in common)
        numbered = [p for p in self.pieces if p[0].number is not None]
        code_value = max(numbered, key=lambda p: p[1])[0].number if numbered else None
        coded = [p for p in self.pieces if p[3] is not None]
        code = max(coded, key=lambda p: p[1])[3] if coded else None
        symbol = code.symbol if code is not None and (code_value is not None or platforms) else None
        if symbol is None:
            named = [p[0].name or p[0].symbol for p in self.pieces if p[0].name or p[0].symbol]
            symbol = named[0] if named else None
        spans = sorted({p[0].span for p in self.pieces})
        return Match(
            concept=self.concept,
            platforms=platforms,
            code=code_value,
            symbol=symbol,
            family=code.family if code is not None else best[0].family,
            message=(code.message if code is not None and code.message else best[0].message),
            confidence=round(min(0.99, 1 - remaining), 3),
            span=best[0].span,
            library_timeout=bool(self.library_timeout),
            reading="text",
            evidence=tuple(spans),
        )


def _message_fits(code: Code, message: str, exact: bool, prefix: bool = False) -> bool:
    texts = [code.message, *code.alt_messages, *(t for _, t in code.localized)]
    if prefix:  # the system text followed by the program's own words ("... in file.php")
        key = normalize(message)
        return any(
            t and key.startswith(normalize(t)) and len(key) > len(normalize(t))
            and not key[len(normalize(t))].isalnum()
            for t in texts)
    if exact:
        wanted = " ".join(message.split()).rstrip(" .。")
        return any(" ".join(t.split()).rstrip(" .。") == wanted for t in texts if t)
    key = normalize(message)
    return any(normalize(t) == key for t in texts if t)


def _read_number(evidence: Evidence, catalog: Catalog
                 ) -> list[tuple[str, float, tuple[str, ...], Code]]:
    """(concept, confidence, platforms, code) readings of a number in its format's families."""
    assert evidence.number is not None
    candidates = [c for c in catalog.by_value(evidence.number)
                  if c.family in evidence.families and os_platforms(c.platforms)]
    # WinSock reports socket errors with its own numbers and never sets the C runtime's
    # errno, so a CRT number cannot be the Windows reading of a socket error.
    if evidence.platforms:
        candidates = [c for c in candidates
                      if set(os_platforms(c.platforms)) & set(evidence.platforms)]
    if not candidates:
        return []
    if evidence.strict and (evidence.message is None
                            or not catalog.is_phrase(_as_printed(evidence.message))):
        # Generic "(N: text)": only with a system message, as systems print it (spaced
        # as printed: scan's prefilter finds a strict format by its message, literally).
        return []
    chosen = candidates
    confidence = evidence.confidence
    if evidence.message:
        exact = [c for c in candidates if _message_fits(c, evidence.message, exact=True)]
        loose = exact or [c for c in candidates if _message_fits(c, evidence.message, exact=False)]
        loose = loose or [c for c in candidates
                          if _message_fits(c, evidence.message, exact=False, prefix=True)]
        if loose:
            chosen = loose
            if not exact:
                confidence *= 0.9
        elif evidence.strict:
            return []  # a generic "(N: text)" whose text is not N's: not an error code
        else:
            confidence *= 0.6  # the printed message is none of this number's
    # Several families can read the number: the format names them in order of likelihood.
    for family in evidence.families:
        first = [c for c in chosen if c.family == family]
        if first:
            chosen = first
            break
    by_concept: dict[str, list[Code]] = {}
    for code in chosen:
        by_concept.setdefault(code.concept, []).append(code)
    if len(by_concept) > 1:
        # Several meanings and nothing to choose: prefer errors a socket call reports.
        socket_like = {c for c in by_concept if _socket_concept(c, catalog)}
        if socket_like and len(socket_like) < len(by_concept):
            by_concept = {c: v for c, v in by_concept.items() if c in socket_like}
    share = 1 / len(by_concept)
    readings = []
    for concept, codes in by_concept.items():
        platforms: set[str] = set(evidence.platforms)
        for code in codes:
            platforms |= set(code.platforms)  # raw: proven() needs to see the CRT readings
        if evidence.platforms:
            platforms &= {p for p in platforms if os_platforms([p])[:1] and
                          os_platforms([p])[0] in evidence.platforms}
        primary = next((c for c in codes if c.alias_of is None), codes[0])
        readings.append((concept, confidence * (share if share < 1 else 1),
                         proven(platforms, socket_error=_socket_concept(concept, catalog)),
                         primary))
    return readings


def _as_printed(message: str) -> str:
    """A message as a phrase key, without normalize()'s folding of inner white space."""
    return ascii_lower(message.strip().rstrip(TRAILING))


def _socket_concept(concept: str, catalog: Catalog) -> bool:
    return concept in catalog.socket_concepts()


def _read_name(evidence: Evidence, catalog: Catalog
               ) -> list[tuple[str, float, tuple[str, ...], Code | None]]:
    assert evidence.name is not None
    codes = catalog.by_name(evidence.name)
    concepts: list[str] = []
    for code in codes:
        if code.concept not in concepts:
            concepts.append(code.concept)
    readings: list[tuple[str, float, tuple[str, ...], Code | None]] = []
    for rank, concept in enumerate(concepts):
        confidence = evidence.confidence * (1.0 if rank == 0 else 0.4)
        readings.append((concept, confidence, evidence.platforms, None))
    return readings


class Hints:
    """What a prefilter already found in a line, so identify need not search again.

    `phrases`: (start, phrase text) of every phrase occurrence; `numbers` / `names` /
    `patterns`: whether any anchor of a numeric format / any name / any `re:` phrase
    matched at all (when not, those extractors cannot find anything and are skipped);
    `anchors`: which of the numeric formats' anchors matched (extract.PREFILTER_ANCHORS
    indices), None when unknown.
    """

    __slots__ = ("anchors", "names", "numbers", "patterns", "phrases")

    def __init__(self, phrases: list[tuple[int, str]], numbers: bool, names: bool,
                 anchors: frozenset[int] | None = None, patterns: bool = True) -> None:
        self.phrases, self.numbers, self.names = phrases, numbers, names
        self.anchors, self.patterns = anchors, patterns


def identify(text: str, *, catalog: Catalog | None = None, hints: Hints | None = None,
             approximate: bool = True, lookups: bool = True) -> list[Match]:
    """Every socket or OS error in `text`, best first; [] when there is none.

    With `lookups` (the default), a lone number or name (`111`, `WSAEWOULDBLOCK`,
    `econnreset`) is a question: it is answered as a lookup, ranked, with a note on what
    would settle an ambiguous number. With `approximate` (the default), text with no
    exact evidence may still be a retyped Windows message. Scan turns both off: a log
    line is text, carrying the exact texts systems print.
    """
    catalog = catalog or load()
    _check_size(text)
    if lookups and _looks_bare(text, catalog):
        bare = _bare(text.strip(), catalog)
        if bare is not None:
            return bare
    matches = _resolve(evidence(text, catalog, hints), catalog)
    if approximate and not matches:
        matches = _approximate(text, catalog)
    return matches


def _check_size(text: str) -> None:
    if len(text) > MAX_TEXT:
        raise InvalidQuery(f"text of {len(text)} characters; identify at most {MAX_TEXT} at once "
                           "(use scan for logs)")


def _looks_bare(text: str, catalog: Catalog) -> bool:
    """A lone word that may be a number or a name to look up rather than text to read."""
    if len(text) > 64 and not text[0].isspace() and not text[-1].isspace():
        return False  # nothing to strip, and too long (most log lines: no copy made)
    stripped = text.strip()
    return bool(stripped and len(stripped) <= 64 and not any(ch.isspace() for ch in stripped)
                and not catalog.is_phrase(normalize(stripped)))


def evidence(text: str, catalog: Catalog, hints: Hints | None = None) -> list[Evidence]:
    """All the evidence in a text: numbers, then names, then phrases (the order matters)."""
    front, phrase_found, patterned = _gather(text, catalog, hints)
    return front + placed_phrases(text, phrase_found, catalog) + patterned


def _gather(text: str, catalog: Catalog, hints: Hints | None
            ) -> tuple[list[Evidence], list[PhraseHit], list[Evidence]]:
    """(numbers and names, phrase hits freed of overlaps, `re:` phrases): evidence() in parts."""
    if hints is None:
        front = numbers(text) + names(text, catalog)
        found = phrase_search(text, catalog)
    else:
        front = numbers(text, hints.anchors) if hints.numbers else []
        if hints.names:
            front += names(text, catalog)
        found = phrase_hits(text, hints.phrases, catalog)
    patterned = pattern_phrases(text, catalog) if hints is None or hints.patterns else []
    return front, longest(found), patterned


def _resolve(found: list[Evidence], catalog: Catalog) -> list[Match]:
    """Ranked matches from evidence. Spans are only ever compared with one another here,
    never measured: best_reading's cache depends on that."""
    readings: dict[tuple[str, bool | None], _Reading] = {}

    def reading(concept: str, library: bool | None) -> _Reading:
        key = (concept, library)
        if key not in readings:
            readings[key] = _Reading(concept, library)
        return readings[key]

    numbered_spans = [e.span for e in found if e.kind == "number"]
    for piece in found:
        if piece.kind == "number":
            for concept, confidence, platforms, code in _read_number(piece, catalog):
                reading(concept, None).add(piece, confidence, platforms, code)
        elif piece.kind == "name":
            for concept, confidence, platforms, named in _read_name(piece, catalog):
                reading(concept, None).add(piece, confidence, platforms, named)
        else:
            inside_number = any(a <= piece.span[0] and piece.span[1] <= b
                                for a, b in numbered_spans)
            if inside_number and (piece.concept, None) in readings:
                # The message already counted with its number; it adds no new reading.
                reading(piece.concept or "", None).add(piece, 0.0, (), None)
                continue
            assert piece.concept is not None
            reading(piece.concept, piece.library_timeout).add(
                piece, piece.confidence, piece.platforms, None)
    # A timeout reading without a library flag joins the library one when both exist
    # only through weak evidence (the TimeoutError class name beside "timed out").
    _fold_neutral(readings)
    matches = [r.match() for r in readings.values() if r.pieces]
    matches = [m for m in matches if m.confidence > 0]
    return sorted(matches, key=lambda m: (-m.confidence, m.span or (0, 0)))


# What scan keeps of a line: its best reading's concept, proven platforms, library flag.
Reading = tuple[str, tuple[str, ...], bool]
_EVIDENCE_FIELDS = operator.attrgetter(*(f for f in Evidence._fields if f != "span"))


def best_reading(text: str, catalog: Catalog, hints: Hints | None,
                 cache: dict[object, Reading | None]) -> Reading | None:
    """What `identify(text, hints=hints, approximate=False, lookups=False)` finds best,
    remembered by evidence.

    Log lines that differ only in timestamps, addresses or ids carry the same evidence,
    so the ranking (most of identify's work) is done once per kind of evidence. The key
    is the evidence with its spans shifted to start at 0: the ranking only compares
    spans, and a shift keeps every comparison.
    """
    _check_size(text)
    front, phrase_found, patterned = _gather(text, catalog, hints)
    if not (front or phrase_found or patterned):
        return None
    # Spans relative to the first one: they keep every comparison between spans, and lines
    # that differ only before their evidence (timestamps, ids, addresses) share the key.
    # A phrase hit stands for its evidence: that is fixed by its place, entries and text.
    if front or patterned:
        base = min([p.span[0] for p in front] + [hit[0] for hit in phrase_found]
                   + [p.span[0] for p in patterned])
    else:  # phrases only, the usual line: longest() keeps them in order
        base = phrase_found[0][0]
    key = (tuple([(p.span[0] - base, p.span[1] - base, _EVIDENCE_FIELDS(p)) for p in front]),
           tuple([(start - base, end - base, entries, text[start:end])
                  for start, end, entries in phrase_found]),
           tuple([(p.span[0] - base, p.span[1] - base, _EVIDENCE_FIELDS(p)) for p in patterned]))
    if key in cache:
        return cache[key]
    found = front + placed_phrases(text, phrase_found, catalog) + patterned
    matches = _resolve(found, catalog)
    best = (matches[0].concept, matches[0].platforms,
            matches[0].library_timeout) if matches else None
    if len(cache) >= CACHE_LIMIT:
        cache.clear()  # bounded memory whatever the input; refilling is cheap
    cache[key] = best
    return best


CACHE_LIMIT = 50_000


def _approximate(text: str, catalog: Catalog) -> list[Match]:
    """A retyped or back-translated Windows message: the closest one, if it is close enough."""
    from .approximate import closest

    found = closest(text, catalog)
    if found is None:
        return []
    concept, symbol, message, score = found
    return [Match(
        concept=concept, platforms=("windows",), code=None, symbol=symbol, message=message,
        confidence=round(min(0.8, 0.4 + score / 2), 3), span=(0, len(text)), reading="approximate",
        note=f"not an exact Windows message: closest is {message!r} (similarity {score:.2f})",
        evidence=((0, len(text)),),
    )]


def _fold_neutral(readings: dict[tuple[str, bool | None], _Reading]) -> None:
    for (concept, library), neutral in list(readings.items()):
        if library is not None:
            continue
        flagged = readings.get((concept, True))
        if flagged is None:
            continue
        kernel_proof = any(p[0].kind == "number" or (p[0].kind == "phrase" and p[1] >= 0.6)
                           for p in neutral.pieces)
        if not kernel_proof:
            flagged.pieces.extend(neutral.pieces)
            del readings[(concept, library)]


def _bare(text: str, catalog: Catalog) -> list[Match] | None:
    """A lone number or name: its lookup readings, ranked, or None when it is neither."""
    from .lookups import lookup
    from .query import parse_number

    try:
        is_number = parse_number(text) is not None
    except InvalidQuery:
        return None
    try:
        found = lookup(text, catalog=catalog)
    except InvalidQuery:
        return None
    if not found:
        return None if is_number else []
    found = [m for m in found if os_platforms(m.platforms) or m.family in ("python", "node",
                                                                         "dotnet")]
    concepts = list(dict.fromkeys(m.concept for m in found))
    note = None
    if is_number and len(concepts) > 1:
        note = (f"{text} means different things on different platforms; the message printed "
                "with it, or the platform it came from, would settle it")
    matches = []
    seen: set[str] = set()
    for rank, match in enumerate(found):
        if match.concept in seen:
            continue
        seen.add(match.concept)
        confidence = (0.9 if len(concepts) == 1 else 0.6 / (1 + rank)) if is_number else 0.9
        platforms = proven(match.platforms,
                           socket_error=_socket_concept(match.concept, catalog))
        if match.family in ("python", "node", "dotnet"):
            platforms = ()
        if not is_number and text.upper().startswith("WSA"):
            platforms = ("windows",)
        matches.append(match.replace(
            platforms=platforms, code=match.code if is_number else None,
            confidence=round(confidence, 3), span=(0, len(text)), reading="text",
            note=note, evidence=((0, len(text)),)))
    return matches
