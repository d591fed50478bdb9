"""Build the phrase index: every wording that identifies an error without its number.

Two kinds of phrases: the system messages of the code tables (strerror,
FormatMessage, gai_strerror, uv_strerror, in every language recorded), and the
ecosystem wordings of `data/phrases/*.tsv`. Only the compiler runs this module;
the identifier reads the compiled index.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from .errors import InvalidEntry

# System messages too generic to identify anything when seen alone in text.
GENERIC_MESSAGES = frozenset({
    "success", "unknown error", "no error", "error 0", "timed out", "end of file", "i/o error",
    "invalid argument", "bad address", "not supported", "interrupted", "system error",
    "operation canceled", "operation cancelled", "no data", "unknown host", "host not found",
    "no message", "not a directory", "is a directory", "file exists", "bad message",
    "message size", "out of memory", "operation not permitted in this state",
})
# Short English messages match ordinary prose too often; these few are distinctive anyway.
MIN_MESSAGE_LENGTH = 12
SHORT_BUT_DISTINCTIVE = frozenset({"broken pipe"})
TRAILING = " .。"
PHRASE_COLUMNS = ("phrase", "concept", "library_timeout", "confidence", "note")

# Phrase tuple layout (compiled): text, concept, library_timeout, confidence, kind,
# symbol, platforms, family.
Phrase = tuple[str, str, bool, float, str, str | None, tuple[str, ...], str | None]


def normalize(text: str) -> str:
    if text.startswith("re:"):
        return text  # a regular expression: kept exactly as written
    return " ".join(text.split()).rstrip(TRAILING).lower()


def is_wide(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def first_token(text: str) -> tuple[str, int] | None:
    """The first token of `text` as the identifier tokenizes it, and where it starts."""
    for index, ch in enumerate(text):
        if is_wide(ch):
            return ch, index
        if ch.isascii() and (ch.isalnum() or ch == "_"):
            end = index
            while end < len(text) and text[end].isascii() and (text[end].isalnum()
                                                                or text[end] == "_"):
                end += 1
            return text[index:end], index
    return None


def message_phrases(codes: Iterable[tuple[Any, ...]]) -> list[Phrase]:
    """Phrases from the system messages of the catalog's codes."""
    gathered: dict[str, dict[str, dict[str, Any]]] = {}
    for code in codes:
        family, _table, symbol, _value, _platforms, message, concept, alias_of, localized, alt = (
            code)
        texts = [(message, "en"), *((m, "en") for m in alt), *((t, tag) for tag, t in localized)]
        for text, lang in texts:
            key = normalize(text)
            if not key or key in GENERIC_MESSAGES or key.startswith("unknown error"):
                continue
            if lang == "en" and len(key) < MIN_MESSAGE_LENGTH and key not in SHORT_BUT_DISTINCTIVE:
                continue
            per = gathered.setdefault(key, {}).setdefault(concept, {
                "families": set(), "symbols": [], "count": 0, "lang": lang})
            per["families"].add(family)
            if symbol not in per["symbols"] and alias_of is None:
                per["symbols"].append(symbol)
            per["count"] += 0 if alias_of else 1
            if lang != "en":
                per["lang"] = lang
    phrases: list[Phrase] = []
    for key, by_concept in sorted(gathered.items()):
        families = set().union(*(p["families"] for p in by_concept.values()))
        windows_only = families == {"winsock"}
        ranked = sorted(by_concept.items(), key=lambda item: -item[1]["count"])
        for rank, (concept, info) in enumerate(ranked):
            confidence = 0.95 if info["lang"] != "en" else (
                0.85 if len(key) >= 20 else 0.75 if len(key) >= 12 else 0.6)
            if rank:
                confidence *= 0.5
            symbol = info["symbols"][0] if windows_only and info["symbols"] else None
            family = next(iter(info["families"])) if len(info["families"]) == 1 else None
            phrases.append((key, concept, False, round(confidence, 3), "message", symbol,
                            ("windows",) if windows_only else (), family))
    return phrases


def load_phrase_tables(directory: str) -> list[tuple[str, list[dict[str, str]]]]:
    folder = os.path.join(directory, "phrases")
    if not os.path.isdir(folder):
        return []
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".tsv"):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as handle:
            lines = [line.rstrip("\n").rstrip("\r") for line in handle]
        rows = [line for line in lines if line.strip() and not line.startswith("#")]
        if not rows or tuple(rows[0].split("\t")) != PHRASE_COLUMNS:
            raise InvalidEntry(path, f"header must be: {' '.join(PHRASE_COLUMNS)}")
        if not any(line.startswith("# source:") for line in lines):
            raise InvalidEntry(path, "no '# source:' line")
        records = []
        for number, line in enumerate(rows[1:], start=2):
            cells = line.split("\t")
            if len(cells) != len(PHRASE_COLUMNS):
                raise InvalidEntry(path, f"row {number}: {len(cells)} cells")
            records.append(dict(zip(PHRASE_COLUMNS, cells, strict=True)))
        out.append((path, records))
    return out


def ecosystem_phrases(directory: str, concepts: set[str]) -> list[Phrase]:
    phrases: list[Phrase] = []
    for path, records in load_phrase_tables(directory):
        for record in records:
            concept = record["concept"]
            if record["phrase"].startswith("re:"):
                import re

                try:
                    re.compile(record["phrase"][3:])
                except re.error as exc:
                    raise InvalidEntry(path, f"{record['phrase']!r}: {exc}") from exc
            if concept != "-" and concept not in concepts:
                raise InvalidEntry(path, f"{record['phrase']!r}: unknown concept {concept}")
            try:
                confidence = float(record["confidence"])
            except ValueError as exc:
                raise InvalidEntry(path, f"{record['phrase']!r}: bad confidence") from exc
            if not 0 < confidence <= 1:
                raise InvalidEntry(path, f"{record['phrase']!r}: confidence outside (0, 1]")
            if record["library_timeout"] not in ("", "yes"):
                raise InvalidEntry(path, f"{record['phrase']!r}: library_timeout is yes or empty")
            phrases.append((normalize(record["phrase"]), concept,
                            record["library_timeout"] == "yes", confidence, "phrase", None, (),
                            None))
    return phrases


def build_index(phrases: list[Phrase]) -> dict[str, list[tuple[str, int, tuple[int, ...]]]]:
    """First token -> [(phrase text, offset of the token in it, phrase indexes)], longest first."""
    by_text: dict[str, list[int]] = {}
    for index, phrase in enumerate(phrases):
        by_text.setdefault(phrase[0], []).append(index)
    index_map: dict[str, list[tuple[str, int, tuple[int, ...]]]] = {}
    for text, indexes in by_text.items():
        if text.startswith("re:"):
            continue  # searched separately (Catalog.pattern_phrases)
        token = first_token(text)
        if token is None:
            continue
        index_map.setdefault(token[0], []).append((text, token[1], tuple(indexes)))
    for entries in index_map.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index_map


__all__ = ["build_index", "ecosystem_phrases", "message_phrases", "normalize"]
