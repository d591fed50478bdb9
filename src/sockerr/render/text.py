"""Terminal text for lookups, listings and searches."""

from __future__ import annotations

from ..models import Code, ConceptCodes, Erratum, Match
from ..platforms import OS_PLATFORMS
from .style import Style, display_width, pad, wrap

# Typing names are only needed by type checkers: importing `typing` costs ~7 ms per start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

INDENT = "  "


def _label(ui: Mapping[str, Any], key: str, **values: object) -> str:
    return str(ui[key]).format(**values)


def _family(ui: Mapping[str, Any], family: str | None) -> str:
    return str(ui["families"].get(family or "", family or ""))


_EVERY_OS = frozenset(OS_PLATFORMS)


def _platforms(ui: Mapping[str, Any], platforms: Sequence[str]) -> str:
    if _EVERY_OS.issubset(platforms):
        return _label(ui, "all_platforms")
    return ", ".join(platforms)


def _value(value: int | None) -> str:
    return "" if value is None else str(value)


def _localized_message(code: Code | Match, lang: str) -> str | None:
    if lang == "zh" and isinstance(code, Code):
        for tag, text in code.localized:
            if tag == "zh-CN":
                return text
    return None


def lookup_text(
    query: str,
    matches: Sequence[Match],
    concepts: Sequence[ConceptCodes],
    errata: Sequence[Erratum],
    *,
    ui: Mapping[str, Any],
    style: Style,
    lang: str,
    preferred: str | None,
    explanations: Mapping[str, Mapping[str, Any]] | None = None,
    references: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """Readings, errata, then per concept its codes side by side; the best concept explained."""
    from .explain import explanation_lines, summary_line

    explanations = explanations or {}
    out: list[str] = []
    if not matches:
        count = _label(ui, "no_reading")
    elif len(matches) == 1:
        count = _label(ui, "reading")
    else:
        count = _label(ui, "readings", count=len(matches))
    head = f"{style(query, 'bold')} · {count}"
    if preferred and matches:
        head += f" · {_label(ui, 'preferred', platform=preferred)}"
    out.append(head)
    for number, match in enumerate(matches, start=1):
        out.append("")
        out.extend(match_lines(number, match, ui=ui, style=style))
    for erratum in errata:
        out.append("")
        out.extend(erratum_lines(erratum, ui=ui, style=style, lang=lang))
    for index, concept in enumerate(concepts):
        entry = explanations.get(concept.concept)
        out.append("")
        if entry is not None and index == 0:
            out.extend(explanation_lines(concept.concept, entry, ui=ui, style=style, lang=lang,
                                         references=references or {}))
            out.append("")
        elif entry is not None:
            out.extend(summary_line(concept.concept, entry, style=style, lang=lang))
        out.extend(concept_lines(concept, ui=ui, style=style, lang=lang))
    return "\n".join(out) + "\n"


def match_lines(number: int, match: Match, *, ui: Mapping[str, Any], style: Style
                ) -> list[str]:
    tags = [_family(ui, match.family), _platforms(ui, match.platforms)]
    if match.reading == "negated":
        tags.append(_label(ui, "negated"))
    if match.alias_of:
        tags.append(_label(ui, "alias", target=match.alias_of))
    symbol, value = style(match.symbol or "", "symbol"), style(_value(match.code), "value")
    title = f"{number:>2}. {symbol} {value}"
    tag_text = " · ".join(t for t in tags if t)
    body_width = style.width - 6
    plain_title = f"{number:>2}. {match.symbol or ''} {_value(match.code)}"
    if display_width(plain_title) + 2 + display_width(tag_text) <= style.width:
        lines = [f"{title}  {style(tag_text, 'dim')}"]
    else:  # narrow terminal: the tags go under the title
        lines = [title] + ["      " + style(line, "dim") for line in wrap(tag_text, body_width)]
    if match.message:
        lines += ["      " + line for line in wrap(match.message, body_width)]
    if match.note:
        lines += ["      " + style(line, "dim") for line in wrap(match.note, body_width)]
    lines.append(f"      → {_label(ui, 'concept')} {style(match.concept, 'concept')}")
    return lines


def erratum_lines(erratum: Erratum, *, ui: Mapping[str, Any], style: Style, lang: str
                  ) -> list[str]:
    claim = erratum.claim_zh if lang == "zh" else erratum.claim_en
    truth = erratum.truth_zh if lang == "zh" else erratum.truth_en
    width = style.width - 4
    lines = [style(f"{_label(ui, 'erratum')}: {erratum.id}", "warn")]
    lines.append(INDENT + style(_label(ui, "claim"), "bold"))
    lines += [INDENT * 2 + line for line in wrap(claim, width)]
    lines.append(INDENT + style(_label(ui, "truth"), "bold"))
    lines += [INDENT * 2 + line for line in wrap(truth, width)]
    if erratum.see:
        lines.append(f"{INDENT}{_label(ui, 'see')}: {', '.join(erratum.see)}")
    return lines


def concept_lines(concept: ConceptCodes, *, ui: Mapping[str, Any], style: Style, lang: str
                  ) -> list[str]:
    heading = _label(ui, "on_every_platform", concept=concept.concept)
    if concept.title:
        heading += f" — {concept.title}"
    lines = [style(line, "heading") for line in wrap(heading, style.width)]
    lines += code_table_lines(concept.codes, ui=ui, style=style, lang=lang)
    return lines


def code_table_lines(codes: Sequence[Code], *, ui: Mapping[str, Any], style: Style, lang: str
                     ) -> list[str]:
    """Codes grouped under a line per family; a message repeated from the row above is left out."""
    lines: list[str] = []
    family: str | None = None
    rows: list[tuple[str, ...]] = []
    previous_message = None

    def flush() -> None:
        if family is not None:
            lines.append(INDENT + style(_family(ui, family), "bold"))
            lines.extend(table_lines(rows, style, indent=INDENT * 2))

    for code in codes:
        if code.family != family:
            flush()
            family, rows, previous_message = code.family, [], None
        message = _localized_message(code, lang) or code.message
        rows.append((
            _platforms(ui, code.platforms),
            code.symbol + (" *" if code.alias_of else ""),
            _value(code.value),
            "" if message == previous_message else message,
        ))
        previous_message = message
    flush()
    return lines


PLATFORM_COLUMN_MAX = 28


def table_lines(rows: Sequence[tuple[str, ...]], style: Style, indent: str = INDENT
                ) -> list[str]:
    """Platforms, symbol, value, message: the first column wraps at commas, the last at spaces."""
    if not rows:
        return []
    first_width = min(PLATFORM_COLUMN_MAX, max(display_width(row[0]) for row in rows))
    middle = [max(display_width(row[i]) for row in rows) for i in range(1, len(rows[0]) - 1)]
    widths = [first_width, *middle]
    lead = len(indent) + sum(widths) + 2 * len(widths)
    if lead > style.width:
        return _stacked_lines(rows, style, indent)
    last_width = style.width - lead
    lines: list[str] = []
    for row in rows:
        first_parts = _wrap_list(row[0], first_width)
        message = row[-1]
        last_parts = wrap(message, last_width) if message and last_width >= 20 else []
        cells = [pad(first_parts[0], first_width)]
        for i, cell in enumerate(row[1:-1], start=1):
            text = pad(cell, widths[i])
            cells.append(style(text, "symbol") if i == 1 else text)
        head = indent + "  ".join(cells)
        if last_parts:
            head += "  " + last_parts[0]
        lines.append(head.rstrip())
        extra = max(len(first_parts), len(last_parts)) - 1
        for k in range(1, extra + 1):
            left = first_parts[k] if k < len(first_parts) else ""
            right = last_parts[k] if k < len(last_parts) else ""
            filler = " " * (lead - len(indent) - first_width)
            lines.append((indent + pad(left, first_width) + filler + right).rstrip())
        if message and last_width < 20:  # too narrow for a column: its own line
            lines += [indent * 2 + part for part in wrap(message, style.width - 3 * len(indent))]
    return lines


def _stacked_lines(rows: Sequence[tuple[str, ...]], style: Style, indent: str) -> list[str]:
    """For terminals too narrow for columns: platforms, then symbol and value, then message."""
    lines: list[str] = []
    inner = indent + "  "
    width = style.width - len(inner)
    for row in rows:
        lines += [indent + part for part in _wrap_list(row[0], style.width - len(indent))]
        lines.append(inner + style(row[1], "symbol") + "  " + "  ".join(row[2:-1]))
        if row[-1]:
            lines += [inner + part for part in wrap(row[-1], width)]
    return lines


def _wrap_list(text: str, width: int) -> list[str]:
    """Wrap a comma-separated list at its commas."""
    parts: list[str] = []
    current = ""
    for item in text.split(", "):
        candidate = item if not current else f"{current}, {item}"
        if current and display_width(candidate) > width:
            parts.append(current + ",")
            current = item
        else:
            current = candidate
    parts.append(current)
    return parts


def brief_text(matches: Sequence[Match], *, ui: Mapping[str, Any], lang: str,
               explanations: Mapping[str, Mapping[str, Any]] | None = None,
               errata: Sequence[Erratum] = ()) -> str:
    """One line per reading: number, symbol, platforms, concept, and what to do."""
    explanations = explanations or {}
    lines = []
    for erratum in errata:
        truth = erratum.truth_zh if lang == "zh" else erratum.truth_en
        first = truth.split(". ")[0].split("。")[0].rstrip(".")
        lines.append(f"{_label(ui, 'erratum')} {erratum.id}: {first}")
    for match in matches:
        entry = explanations.get(match.concept) or {}
        advice = entry.get("hint") or entry.get("summary") or {}
        text = advice.get(lang) or advice.get("en") or match.message or ""
        head = " ".join(p for p in (_value(match.code), match.symbol or "") if p)
        where = _platforms(ui, match.platforms) if match.platforms else "-"
        lines.append(f"{head + ' ' if head else ''}[{where}] {match.concept}: {text}")
    return "\n".join(lines) + ("\n" if lines else "")


def codes_text(codes: Sequence[Code], *, ui: Mapping[str, Any], style: Style, lang: str
               ) -> str:
    lines = code_table_lines(codes, ui=ui, style=style, lang=lang)
    lines.append(style(_label(ui, "codes_listed", count=len(codes)), "dim"))
    return "\n".join(lines) + "\n"
