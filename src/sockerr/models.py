"""The values the core returns: codes of the catalog, matches, errata.

Every front end (command line, JSON, the Python API) renders these; their
`to_dict()` is the one JSON shape.
"""

from __future__ import annotations

from .records import Record


class Code(Record):
    """One code of one family as one or more platforms define it."""

    family: str
    table: str
    symbol: str
    value: int | None
    platforms: tuple[str, ...]
    message: str
    concept: str
    alias_of: str | None = None
    localized: tuple[tuple[str, str], ...] = ()  # (language tag, exact text)
    alt_messages: tuple[str, ...] = ()


class Match(Record):
    """One reading of a query or of a piece of text, best first in a list.

    `reading` says how the query reached this code: `value` (the number as
    given), `negated` (a kernel-style -errno), `hresult` (a Win32 code wrapped
    in an HRESULT), `name` (a symbol or exception name), `message` (text).
    """

    concept: str
    platforms: tuple[str, ...]
    code: int | None
    symbol: str | None
    family: str | None = None
    message: str | None = None
    alias_of: str | None = None
    reading: str = "value"
    confidence: float = 1.0
    span: tuple[int, int] | None = None
    library_timeout: bool = False
    note: str | None = None
    evidence: tuple[tuple[int, int], ...] = ()  # every span that supports the match


class Erratum(Record):
    """A code or claim that widely copied lists get wrong, and what is true."""

    id: str
    triggers: tuple[str, ...]
    claim_en: str
    claim_zh: str
    truth_en: str
    truth_zh: str
    see: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


class ConceptCodes(Record):
    """A concept with its codes on every platform, for side-by-side display."""

    concept: str
    title: str
    codes: tuple[Code, ...]
