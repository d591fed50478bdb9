"""Approximate matching of Windows error messages that people type back themselves.

Users retype or back-translate what Windows printed ("远程主机强制关闭了一个现有连接",
"existing connection forcibly closed by remote host"). Exact phrase matching misses
those, so for typed questions (not logs: scan stays exact) the identifier may ask here
for the closest WinSock or Win32 message, in English or Chinese.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .catalog import Catalog
from .phrases import is_wide

CJK_THRESHOLD = 0.6
WORD_THRESHOLD = 0.7
MARGIN = 0.1  # the best concept must beat the next one by this much
STOPWORDS = frozenset({
    "a", "an", "the", "by", "was", "has", "have", "been", "is", "are", "of", "to", "in", "on",
    "for", "it", "this", "that",
})
_WORD = re.compile(r"[a-z0-9]+")

Candidate = tuple[str, str, str, frozenset[str], bool]  # concept, symbol, text, grams, cjk


def _cjk_grams(text: str) -> frozenset[str]:
    chars = "".join(ch for ch in text if is_wide(ch) and ch not in "，。、；：！？（）")
    return frozenset(chars[i:i + 2] for i in range(len(chars) - 1))


def _word_grams(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in STOPWORDS)


@lru_cache(maxsize=4)
def _candidates(catalog_id: int, catalog: Catalog) -> tuple[Candidate, ...]:
    out: list[Candidate] = []
    for code in catalog.all_codes():
        if code.family not in ("winsock", "win32") or code.alias_of:
            continue
        texts = [(code.message, False), *((t, True) for _tag, t in code.localized)]
        for text, cjk in texts:
            grams = _cjk_grams(text) if cjk else _word_grams(text)
            if len(grams) >= 3:
                out.append((code.concept, code.symbol, text, grams, cjk))
    return tuple(out)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def closest(text: str, catalog: Catalog) -> tuple[str, str, str, float] | None:
    """(concept, symbol, Windows message, similarity) of the closest message, or None."""
    cjk = any(is_wide(ch) for ch in text)
    grams = _cjk_grams(text) if cjk else _word_grams(text)
    if len(grams) < 3:
        return None
    threshold = CJK_THRESHOLD if cjk else WORD_THRESHOLD
    best: dict[str, tuple[float, str, str]] = {}
    for concept, symbol, message, message_grams, message_cjk in _candidates(id(catalog), catalog):
        if message_cjk != cjk:
            continue
        score = _dice(grams, message_grams)
        if score > best.get(concept, (0.0, "", ""))[0]:
            best[concept] = (score, symbol, message)
    ranked = sorted(best.items(), key=lambda item: -item[1][0])
    if not ranked or ranked[0][1][0] < threshold:
        return None
    if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < MARGIN:
        return None  # two meanings are about as close: say nothing rather than guess
    concept, (score, symbol, message) = ranked[0]
    return concept, symbol, message, score
