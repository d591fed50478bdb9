"""Terminal text for a concept's explanation, in one language."""

from __future__ import annotations

from .style import Style, wrap

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

INDENT = "  "


def _t(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return ""


def _para(text: str, style: Style, indent: str, bullet: str = "") -> list[str]:
    width = style.width - len(indent) - len(bullet)
    lines = wrap(text, width)
    hanging = " " * len(bullet)
    return [indent + (bullet if i == 0 else hanging) + line for i, line in enumerate(lines)]


def _names(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def explanation_lines(concept: str, entry: Mapping[str, Any], *, ui: Mapping[str, Any],
                      style: Style, lang: str, references: Mapping[str, Mapping[str, str]]
                      ) -> list[str]:
    """Every section of the entry that is filled, in reading order."""
    out: list[str] = []
    title = _t(entry.get("title"), lang)
    out.append(style(f"{concept} — {title}" if title else concept, "concept"))
    out += _para(_t(entry.get("summary"), lang), style, INDENT)
    hint = _t(entry.get("hint"), lang)
    if hint:
        out += _para(hint, style, INDENT, "→ ")

    def section(key: str) -> None:
        out.append("")
        out.append(INDENT + style(str(ui[key]), "bold"))

    if entry.get("wire"):
        section("what_happened")
        out += _para(_t(entry["wire"], lang), style, INDENT * 2)
        actors = [str(ui["actors"].get(a, a)) for a in entry.get("who", [])]
        if actors:
            out += _para(f"{ui['who']}: {', '.join(actors)}", style, INDENT * 2)
    if entry.get("causes"):
        section("causes")
        for number, cause in enumerate(entry["causes"], start=1):
            out += _para(_t(cause, lang), style, INDENT * 2, f"{number}. ")
    if entry.get("calls"):
        section("by_call")
        for item in entry["calls"]:
            sock = item.get("socket", "any")
            label = _names(item.get("call")) + ("" if sock == "any" else f" ({sock.upper()})")
            out.append(INDENT * 2 + style(label, "symbol"))
            out += _para(_t(item, lang), style, INDENT * 3)
    for key, field in (("check_user", "check"), ("fix_code", "fix")):
        if entry.get(field):
            section(key)
            for item in entry[field]:
                out += _para(_t(item, lang), style, INDENT * 2, "• ")
    retry = entry.get("retry")
    if isinstance(retry, dict):
        section("retry")
        verdict = str(ui["retry_classes"].get(retry.get("class"), retry.get("class")))
        out.append(INDENT * 2 + style(verdict, "value"))
        out += _para(_t(retry, lang), style, INDENT * 2)
    if entry.get("platforms"):
        section("platform_notes")
        for item in entry["platforms"]:
            out.append(INDENT * 2 + style(_names(item.get("platform")), "symbol"))
            out += _para(_t(item, lang), style, INDENT * 3)
    if entry.get("myths"):
        section("myths")
        for item in entry["myths"]:
            out += _para(f"{ui['myth']}: {_t(item.get('claim'), lang)}", style, INDENT * 2, "✗ ")
            out += _para(f"{ui['myth_truth']}: {_t(item.get('truth'), lang)}", style,
                         INDENT * 2, "✓ ")
    if entry.get("related"):
        out.append("")
        out += _para(f"{ui['related']}: {', '.join(entry['related'])}", style, INDENT)
    if entry.get("lab"):
        out += _para(f"{ui['reproduce']}: " + "; ".join(
            f"sockerr lab run {name}" for name in entry["lab"]), style, INDENT)
    if entry.get("references"):
        out.append(INDENT + style(str(ui["references"]), "bold"))
        for ref in entry["references"]:
            key, _, section_id = ref.partition("#")
            known = references.get(key)
            text = known["title"] if known else ref
            if section_id:
                text += f" §{section_id}"
            if known:
                text += f" <{known['url']}>"
            out += _para(text, style, INDENT * 2, "- ")
    return out


def summary_line(concept: str, entry: Mapping[str, Any], *, style: Style, lang: str
                 ) -> list[str]:
    """The concept's title and one-sentence summary, for readings after the first."""
    title = _t(entry.get("title"), lang)
    lines = [style(f"{concept} — {title}" if title else concept, "concept")]
    return lines + _para(_t(entry.get("summary"), lang), style, INDENT)


def explanation_dict(entry: Mapping[str, Any], references: Mapping[str, Mapping[str, str]]
                     ) -> dict[str, Any]:
    """The entry with each reference resolved to its title and address (for JSON)."""
    data = dict(entry)
    resolved = []
    for ref in entry.get("references", []) or []:
        key, _, section_id = ref.partition("#")
        known = references.get(key, {})
        resolved.append({"id": ref, "title": known.get("title"), "url": known.get("url"),
                         "section": section_id or None})
    data["references"] = resolved
    return data
