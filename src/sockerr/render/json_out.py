"""The JSON shapes of every command: one function per document, pinned by tests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..models import Code, ConceptCodes, Erratum, Match


def code_dict(code: Code) -> dict[str, Any]:
    return {
        "family": code.family,
        "symbol": code.symbol,
        "value": code.value,
        "message": code.message,
        "concept": code.concept,
        "alias_of": code.alias_of,
        "platforms": list(code.platforms),
        "table": code.table,
        "localized": dict(code.localized),
        "alt_messages": list(code.alt_messages),
    }


def match_dict(match: Match) -> dict[str, Any]:
    data = match.to_dict()
    data["platforms"] = list(match.platforms)
    return data


def erratum_dict(erratum: Erratum) -> dict[str, Any]:
    return {
        "id": erratum.id,
        "triggers": list(erratum.triggers),
        "claim": {"en": erratum.claim_en, "zh": erratum.claim_zh},
        "truth": {"en": erratum.truth_en, "zh": erratum.truth_zh},
        "see": list(erratum.see),
        "sources": list(erratum.sources),
    }


def lookup_document(query: str, matches: Sequence[Match], concepts: Sequence[ConceptCodes],
                    errata: Sequence[Erratum], platform: str | None) -> dict[str, Any]:
    return {
        "query": query,
        "platform": platform,
        "matches": [match_dict(m) for m in matches],
        "concepts": {
            c.concept: {"title": c.title, "codes": [code_dict(code) for code in c.codes]}
            for c in concepts
        },
        "errata": [erratum_dict(e) for e in errata],
    }


def list_document(platform: str | None, codes: Sequence[Code]) -> dict[str, Any]:
    return {"platform": platform, "codes": [code_dict(c) for c in codes]}


def search_document(words: Sequence[str], matches: Sequence[Match]) -> dict[str, Any]:
    return {"query": " ".join(words), "matches": [match_dict(m) for m in matches]}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
