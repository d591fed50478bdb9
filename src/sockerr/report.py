"""The scan report: one dict (the documented JSON schema) that every renderer reads."""

from __future__ import annotations

from typing import Any

from .catalog import Knowledge
from .scanning import SCHEMA_VERSION, Tally, lines_of
from .scanrun import ScanResult

# Verdicts that say the error will not go away by itself.
NEEDS_A_CHANGE = ("fix-config", "fix-code")


def _text(entry: dict[str, Any] | None, field: str, lang: str) -> str | None:
    value = (entry or {}).get(field)
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "") or None
    return None


def finding_dict(tally: Tally, total: int, known: Knowledge, lang: str) -> dict[str, Any]:
    entry = known.entry(tally.concept)
    retry = (entry or {}).get("retry")
    return {
        "concept": tally.concept,
        "platforms": list(tally.platforms),
        "library_timeout": tally.library_timeout,
        "count": tally.count,
        "share": round(tally.count / total, 4) if total else 0.0,
        "first": tally.first.to_dict() if tally.first else None,
        "last": tally.last.to_dict() if tally.last else None,
        "samples": list(tally.samples),
        "title": _text(entry, "title", lang),
        "hint": _text(entry, "hint", lang) or _text(entry, "summary", lang),
        "retry": ({"class": retry.get("class"), "condition": retry.get(lang) or retry.get("en")}
                  if isinstance(retry, dict) else None),
    }


def look_first(findings: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """At most three findings to read before the rest, each with why."""
    picks: list[dict[str, Any]] = []

    def pick(finding: dict[str, Any], en: str, zh: str) -> None:
        if len(picks) < 3 and all(p["concept"] != finding["concept"] for p in picks):
            picks.append({"concept": finding["concept"], "why": zh if lang == "zh" else en})

    if findings:
        top = findings[0]
        pick(top, f"the most frequent error: {top['count']} times ({top['share']:.0%})",
             f"出现最多的错误：{top['count']} 次（{top['share']:.0%}）")
    for finding in findings:
        retry = finding.get("retry") or {}
        if retry.get("class") in NEEDS_A_CHANGE:
            pick(finding, "will not go away by retrying: it needs a configuration or code change",
                 "重试解决不了：需要修改配置或代码")
    with_time = [f for f in findings if f["last"] and f["last"].get("timestamp")]
    if with_time:
        latest = max(with_time, key=lambda f: f["last"]["timestamp"])
        pick(latest, f"the most recent error, at {latest['last']['timestamp']}",
             f"最近发生的错误，时间 {latest['last']['timestamp']}")
    return picks


def build_report(result: ScanResult, known: Knowledge, lang: str) -> dict[str, Any]:
    aggregate = result.aggregate
    total = sum(t.count for t in aggregate.tallies.values())
    findings = [finding_dict(t, total, known, lang) for t in lines_of(aggregate)]
    return {
        "schema_version": SCHEMA_VERSION,
        "counts": "lines",
        "engine": result.engine,
        "seconds": round(result.seconds, 3),
        "files": [f.to_dict() for f in result.files],
        "lines": aggregate.lines,
        "bytes": aggregate.bytes,
        "candidates": aggregate.candidates,
        "errors": total,
        "findings": findings,
        "look_first": look_first(findings, lang),
        "warnings": list(result.warnings),
    }
