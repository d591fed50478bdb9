"""The loaded catalog: codes, indexes and errata, read once per process.

Loads the compiled `data/catalog.bin`; if it is missing or of another format
(a source checkout before `python -m sockerr.compile`, a Python whose marshal
cannot read it) it rebuilds the same structure from the sources in memory.
"""

from __future__ import annotations

import gc
import marshal
import os

from .errors import CatalogUnavailable, InvalidEntry
from .models import Code, Erratum

# Typing names are only needed by type checkers: importing `typing` costs ~7 ms per start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FORMAT = 1  # version of the runtime layout written by sockerr.compile
COMPILED_NAME = "catalog.bin"
KNOWLEDGE_NAME = "knowledge.bin"


def data_dir() -> str:
    # A plain path beside this file: importlib.resources would add import time
    # to every start, and the package is always installed unzipped.
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def compiled_path(directory: str | None = None) -> str:
    return os.path.join(directory or data_dir(), COMPILED_NAME)


def knowledge_path(directory: str | None = None) -> str:
    return os.path.join(directory or data_dir(), KNOWLEDGE_NAME)


# The concept of a phrase that only looks like an error ("reset password"): it reads as nothing.
SUPPRESS = "-"


class Catalog:
    """Read-only views over the runtime dict, building model objects on demand."""

    def __init__(self, runtime: dict[str, Any]) -> None:
        self.runtime = runtime
        self._codes: list[tuple[Any, ...]] = runtime["codes"]
        self._by_value: dict[int, tuple[int, ...]] = runtime["by_value"]
        self._by_name: dict[str, tuple[int, ...]] = runtime["by_name"]
        self._by_concept: dict[str, tuple[int, ...]] = runtime["by_concept"]
        self._errata: list[tuple[Any, ...]] = runtime["errata"]
        self._errata_by_trigger: dict[str, tuple[int, ...]] = runtime["errata_by_trigger"]
        self.tables: dict[str, dict[str, Any]] = runtime["tables"]
        self._code_cache: dict[int, Code] = {}  # codes are immutable: build each once
        self._patterns: list[tuple[Any, int]] | None = None
        self._phrase_texts: dict[str, tuple[int, ...]] | None = None
        # Evidence of each phrase, built once and copied with its place (see extract.py).
        self.phrase_prototypes: dict[int, Any] = {}
        self._socket_concepts: frozenset[str] | None = None
        self._ui: dict[str, dict[str, Any]] = runtime["ui"]
        self._phrase_blob: bytes = runtime["phrase_blob"]
        self._phrase_data: tuple[Any, Any] | None = None

    def __len__(self) -> int:
        return len(self._codes)

    def code(self, index: int) -> Code:
        cached = self._code_cache.get(index)
        if cached is None:
            cached = self._code_cache[index] = Code(*self._codes[index])
        return cached

    def all_codes(self) -> list[Code]:
        return [Code(*row) for row in self._codes]

    def by_value(self, value: int) -> list[Code]:
        return [self.code(i) for i in self._by_value.get(value, ())]

    def by_name(self, name: str) -> list[Code]:
        return [self.code(i) for i in self._by_name.get(name.upper(), ())]

    def codes_of(self, concept: str) -> list[Code]:
        return [self.code(i) for i in self._by_concept.get(concept, ())]

    def _phrases(self) -> tuple[Any, Any]:
        if self._phrase_data is None:
            self._phrase_data = marshal.loads(self._phrase_blob)
        return self._phrase_data

    @property
    def phrases(self) -> list[tuple[Any, ...]]:
        """Every phrase: (text, concept, library_timeout, confidence, kind, symbol, ...)."""
        phrases: list[tuple[Any, ...]] = self._phrases()[0]
        return phrases

    @property
    def phrase_index(self) -> dict[str, list[tuple[str, int, tuple[int, ...]]]]:
        """First token -> [(phrase text, offset of the token, phrase indexes)], longest first."""
        index: dict[str, list[tuple[str, int, tuple[int, ...]]]] = self._phrases()[1]
        return index

    def pattern_phrases(self) -> list[tuple[Any, int]]:
        """(compiled regex, phrase index) for phrases written as `re:` patterns."""
        if self._patterns is None:
            import re

            self._patterns = [
                (re.compile(text[3:], re.IGNORECASE), index)
                for index, (text, *_rest) in enumerate(self.phrases) if text.startswith("re:")
            ]
        return self._patterns

    def phrase_entries(self, text: str) -> tuple[int, ...]:
        """Indexes of the phrases whose (normalized) text is `text`."""
        if self._phrase_texts is None:
            by_text: dict[str, list[int]] = {}
            for index, phrase in enumerate(self.phrases):
                by_text.setdefault(phrase[0], []).append(index)
            self._phrase_texts = {k: tuple(v) for k, v in by_text.items()}
        return self._phrase_texts.get(text, ())

    def phrase_evidence_fields(self, entry: int) -> dict[str, Any] | None:
        """What a phrase says, as Evidence fields (None: a wording that is not an error).
        extract.py builds each phrase's evidence once from these and keeps it in
        phrase_prototypes."""
        _text, concept, library, confidence, _kind, symbol, platforms, family = (
            self.phrases[entry])
        if concept == SUPPRESS:
            return None
        return {"confidence": confidence, "concept": concept, "library_timeout": library or None,
                "platforms": tuple(platforms), "symbol": symbol, "family": family}

    def is_phrase(self, text: str) -> bool:
        """True when `text` (normalized) is one of the identifier's phrases."""
        return bool(self.phrase_entries(text))

    def socket_concepts(self) -> frozenset[str]:
        """Concepts a socket call reports (they have a WinSock or resolver code)."""
        if self._socket_concepts is None:
            self._socket_concepts = frozenset(
                row[6] for row in self._codes if row[0] in ("winsock", "eai", "h_errno"))
        return self._socket_concepts

    def has_name(self, name: str) -> bool:
        return name.upper() in self._by_name

    def names(self) -> list[str]:
        """Every symbolic name a query or a text may use (upper case)."""
        return list(self._by_name)

    def has_concept(self, concept: str) -> bool:
        return concept in self._by_concept

    def concepts(self) -> list[str]:
        return list(self._by_concept)

    def errata_for(self, trigger: str) -> list[Erratum]:
        key = " ".join(trigger.split()).upper()
        return [Erratum(*self._errata[i]) for i in self._errata_by_trigger.get(key, ())]

    def ui(self, lang: str) -> dict[str, Any]:
        """Front-end labels in `lang`, falling back to English key by key."""
        english = self._ui["en"]
        chosen = self._ui.get(lang, english)
        if chosen is english:
            return english
        merged = dict(english)
        merged.update(chosen)
        return merged

    def all_errata(self) -> list[Erratum]:
        return [Erratum(*row) for row in self._errata]


class Knowledge:
    """The explanations: each concept's entry is decoded only when asked for."""

    def __init__(self, compiled: dict[str, Any]) -> None:
        self._blobs: dict[str, bytes] = compiled["concepts"]
        self.references: dict[str, dict[str, str]] = compiled["references"]
        self._decoded: dict[str, dict[str, Any]] = {}

    def entry(self, concept: str) -> dict[str, Any] | None:
        if concept not in self._decoded:
            blob = self._blobs.get(concept)
            if blob is None:
                return None
            self._decoded[concept] = marshal.loads(blob)
        return self._decoded[concept]

    def concepts(self) -> list[str]:
        return list(self._blobs)

    def entries(self, concepts: list[str]) -> dict[str, dict[str, Any]]:
        """The entries of those concepts that have one, by concept."""
        return {c: entry for c in concepts if (entry := self.entry(c)) is not None}


_loaded: Catalog | None = None
_knowledge: Knowledge | None = None


def knowledge(path: str | None = None) -> Knowledge:
    """The process-wide explanations (compiled form, else rebuilt from the sources)."""
    global _knowledge
    if path is None and _knowledge is not None:
        return _knowledge
    compiled = _read_compiled(path or knowledge_path())
    if compiled is None:
        from .compile import build_knowledge

        try:
            compiled = build_knowledge()
        except (InvalidEntry, OSError) as exc:
            raise CatalogUnavailable(f"the knowledge cannot be loaded: {exc}") from exc
    loaded = Knowledge(compiled)
    if path is None:
        _knowledge = loaded
    return loaded


def load(path: str | None = None) -> Catalog:
    """The process-wide catalog (compiled form if fresh enough to read, else rebuilt)."""
    global _loaded
    if path is None and _loaded is not None:
        return _loaded
    runtime = _read_compiled(path)
    if runtime is None:
        runtime = _rebuild()
    catalog = Catalog(runtime)
    if path is None:
        _loaded = catalog
    return catalog


def _read_compiled(path: str | None) -> dict[str, Any] | None:
    try:
        with open(path or compiled_path(), "rb") as handle:
            # One read, then loads: marshal.load on a file object reads piece by
            # piece and takes ten times longer.
            data = handle.read()
        # Tens of thousands of small tuples: the cyclic collector would walk them
        # several times while they are built, for nothing (they hold no cycles).
        collecting = gc.isenabled()
        gc.disable()
        try:
            runtime = marshal.loads(data)
        finally:
            if collecting:
                gc.enable()
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(runtime, dict) or runtime.get("format") != FORMAT:
        return None
    return runtime


def _rebuild() -> dict[str, Any]:
    from .compile import build_runtime

    try:
        return build_runtime()
    except (InvalidEntry, OSError) as exc:
        raise CatalogUnavailable(f"the code catalog cannot be loaded: {exc}") from exc
