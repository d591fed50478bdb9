"""The JSON shapes of every command: one function per document, pinned by tests."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
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
                    errata: Sequence[Erratum], platform: str | None, *,
                    explanations: Mapping[str, Mapping[str, Any]] | None = None,
                    references: Mapping[str, Mapping[str, str]] | None = None
                    ) -> dict[str, Any]:
    from .explain import explanation_dict

    explanations = explanations or {}
    return {
        "query": query,
        "platform": platform,
        "matches": [match_dict(m) for m in matches],
        "concepts": {
            c.concept: {
                "title": c.title,
                "codes": [code_dict(code) for code in c.codes],
                "explanation": (
                    explanation_dict(explanations[c.concept], references or {})
                    if c.concept in explanations else None
                ),
            }
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
