"""`sockerr explain TEXT...`, and `sockerr TEXT` when TEXT is not a code: identify, explain."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .cli import Environment, Exit, LookupOptions
from .errors import InvalidQuery
from .models import Match
from .render.style import Style, color_wanted, wrap

MAX_INPUT_BYTES = 1_000_000
ECHO_LINES = 20


def read_stdin(env: Environment) -> str:
    """Standard input as text: UTF-8, undecodable bytes replaced; binary input refused."""
    stream = getattr(env.stdin, "buffer", None)
    data = stream.read(MAX_INPUT_BYTES + 1) if stream is not None else env.stdin.read(
        MAX_INPUT_BYTES + 1).encode("utf-8", "surrogateescape")
    if len(data) > MAX_INPUT_BYTES:
        raise InvalidQuery(f"standard input is larger than {MAX_INPUT_BYTES} bytes; "
                           "use 'sockerr scan -' for logs")
    if b"\x00" in data:
        raise InvalidQuery("standard input looks binary (it holds NUL bytes)")
    return data.decode("utf-8", errors="replace")


def check_text(text: str) -> str:
    # Undecodable bytes in argv arrive as lone surrogates: show them as U+FFFD instead.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if len(text) > MAX_INPUT_BYTES:
        raise InvalidQuery(f"the text is longer than {MAX_INPUT_BYTES} characters; "
                           "use 'sockerr scan' for logs")
    if not text.strip():
        raise InvalidQuery("nothing to explain: the text is empty")
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text):
        raise InvalidQuery("the text holds control characters (binary data?)")
    return text


def highlight(text: str, spans: Sequence[tuple[int, int]], style: Style) -> list[str]:
    """The input, at most ECHO_LINES lines, with the evidence marked when colour is on."""
    marked = text
    if style.color and spans:
        pieces, last = [], 0
        for start, end in sorted(set(spans)):
            if start < last:
                continue
            pieces += [text[last:start], style(text[start:end], "value")]
            last = end
        pieces.append(text[last:])
        marked = "".join(pieces)
    lines = marked.splitlines() or [""]
    shown = ["  " + line for line in lines[:ECHO_LINES]]
    if len(lines) > ECHO_LINES:
        shown.append(f"  … ({len(lines) - ECHO_LINES} more lines)")
    return shown


def match_line(number: int, match: Match, style: Style) -> str:
    parts = [style(match.concept, "concept")]
    if match.symbol and match.symbol != match.concept:
        parts.append(match.symbol)
    if match.code is not None:
        parts.append(str(match.code))
    parts.append(", ".join(match.platforms) if match.platforms else "platform not proven")
    if match.library_timeout:
        parts.append("library timeout")
    parts.append(f"{match.confidence:.2f}")
    return f" {number:>2}. " + " · ".join(parts)


def run_explain(text: str, options: LookupOptions, env: Environment, lang: str) -> int:
    from .catalog import knowledge, load
    from .identification import identify
    from .lookups import concept_codes

    text = check_text(text)
    matches = identify(text)
    catalog = load()
    ui = catalog.ui(lang)
    known = knowledge()
    concepts = [concept_codes(c) for c in dict.fromkeys(m.concept for m in matches)]
    explanations: Mapping[str, Mapping[str, Any]] = known.entries([c.concept for c in concepts])
    if options.json:
        from .render.json_out import dumps, lookup_document

        document = lookup_document(text, matches, concepts, [], None,
                                   explanations=explanations, references=known.references)
        document.pop("platform")
        document.pop("errata")
        env.stdout.write(dumps(document))
    elif options.brief:
        from .render.text import brief_text

        env.stdout.write(brief_text(matches, ui=ui, lang=lang, explanations=explanations))
    else:
        style = Style(color_wanted(options.color, env.isatty(), env.environ), env.width())
        out = [style("Input" if lang == "en" else "输入", "bold")]
        out += highlight(text, [span for m in matches for span in m.evidence], style)
        out.append("")
        if not matches:
            out += wrap("No socket or OS error recognised in this text." if lang == "en"
                        else "文本中没有识别出套接字或系统错误。", style.width)
        else:
            heading = (f"{len(matches)} error(s) found, best first" if lang == "en"
                       else f"识别出 {len(matches)} 个错误（按可信度排序）")
            out.append(style(heading, "bold"))
            out += [match_line(i, m, style) for i, m in enumerate(matches, start=1)]
            for match in matches:
                if match.note:
                    out += ["    " + line for line in wrap(match.note, style.width - 4)]
            from .render.explain import explanation_lines
            from .render.text import concept_lines

            best = concepts[0]
            out.append("")
            best_entry = explanations.get(best.concept)
            if best_entry is not None:
                out += explanation_lines(best.concept, best_entry, ui=ui, style=style, lang=lang,
                                         references=known.references)
                out.append("")
            out += concept_lines(best, ui=ui, style=style, lang=lang)
        env.stdout.write("\n".join(out) + "\n")
    if not matches:
        if not options.json and not options.brief:
            return Exit.NOT_FOUND
        env.error("no socket or OS error recognised")
        return Exit.NOT_FOUND
    return Exit.OK
