"""The `sockerr` command: parse, call one core function, render.

The plain lookup (`sockerr 10054 [--json] [--platform P] ...`) is parsed by
hand so that it starts in a few milliseconds; every other form goes through
the full argparse parser in `cli_full`, which also owns the help text.
"""

from __future__ import annotations

import os
import sys

from .errors import InvalidQuery, SockerrError
from .records import Record

# Typing names are only needed by type checkers: importing `typing` costs ~7 ms per start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import IO, Any


class Exit:
    """Exit statuses (plain ints: `enum` would cost import time on every start)."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    INTERRUPTED = 130


COMMANDS = ("list", "search", "explain", "scan", "lab", "check")
VALUE_OPTIONS = ("--platform", "--lang")
FLAG_OPTIONS = ("--json", "--brief", "--color", "--no-color")


class Environment:
    """The streams and variables a command may touch: injectable for tests."""

    def __init__(self, stdout: IO[str] | None = None, stderr: IO[str] | None = None,
                 environ: Mapping[str, str] | None = None, stdin: IO[str] | None = None) -> None:
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.environ = environ if environ is not None else os.environ
        self.stdin = stdin if stdin is not None else sys.stdin

    def isatty(self, stream: IO[str] | None = None) -> bool:
        """Whether `stream` (default: stdout) is a terminal; False for anything that cannot say."""
        try:
            return bool((stream if stream is not None else self.stdout).isatty())
        except (AttributeError, ValueError):
            return False

    def width(self) -> int:
        columns = self.environ.get("COLUMNS", "")
        if columns.isdigit():
            return int(columns)
        try:
            return os.get_terminal_size(self.stdout.fileno()).columns
        except (AttributeError, ValueError, OSError):
            return 100

    def default_lang(self) -> str:
        for name in ("SOCKERR_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
            value = self.environ.get(name, "")
            if value:
                return "zh" if value.lower().startswith("zh") else "en"
        return "en"

    def error(self, message: str) -> None:
        self.stderr.write(f"sockerr: {message}\n")


class LookupOptions(Record):
    words: tuple[str, ...]
    json: bool = False
    brief: bool = False
    platform: str | None = None
    lang: str | None = None
    color: bool | None = None


def fast_parse(argv: Sequence[str]) -> LookupOptions | None:
    """LookupOptions for the plain lookup form, None for anything else (help, commands)."""
    words: list[str] = []
    values: dict[str, Any] = {}
    index = 0
    only_words = False
    while index < len(argv):
        arg = argv[index]
        index += 1
        if only_words or not _is_option(arg):
            if not words and arg in COMMANDS and not only_words:
                return None
            words.append(arg)
            continue
        if arg == "--":
            only_words = True
            continue
        name, has_value, value = arg.partition("=")
        if name in VALUE_OPTIONS:
            if not has_value:
                if index >= len(argv):
                    return None
                value = argv[index]
                index += 1
            values[name[2:]] = value
        elif name in FLAG_OPTIONS and not has_value:
            if name in ("--color", "--no-color"):
                values["color"] = name == "--color"
            else:
                values[name[2:]] = True
        else:
            return None
    if not words:
        return None
    return LookupOptions(words=tuple(words), **values)


def _is_option(arg: str) -> bool:
    """`-h` and `--json` are options; `-104`, `-0x1F` and `-` (stdin) are words."""
    if not arg.startswith("-") or arg == "-":
        return False
    body = arg[1:]
    if body[:2].lower() == "0x":
        body = body[2:]
        return not (body and all(ch in "0123456789abcdefABCDEF" for ch in body))
    return not (body.isascii() and body.isdigit())


def main(argv: Sequence[str] | None = None, *, stdout: IO[str] | None = None,
         stderr: IO[str] | None = None, environ: Mapping[str, str] | None = None,
         stdin: IO[str] | None = None) -> int:
    env = Environment(stdout, stderr, environ, stdin)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        options = fast_parse(args)
        if options is None:
            from .cli_full import run_full

            return run_full(args, env)
        return run_lookup(options, env)
    except SockerrError as exc:
        env.error(str(exc))
        return Exit.USAGE
    except KeyboardInterrupt:
        env.error("interrupted")
        return Exit.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`sockerr list | head`): not an error worth a message.
        _silence_stdout()
        return Exit.OK


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def run_lookup(options: LookupOptions, env: Environment) -> int:
    from .lookups import concept_codes, errata, lookup, resolve_platform

    query = " ".join(options.words)
    lang = _check_lang(options.lang, env)
    preferred = resolve_platform(options.platform)
    found_errata = errata(query)
    text_query = query == "-" or _is_text(query)
    if text_query and not found_errata:
        # Not a code or a name: a log line or a traceback to identify.
        from .cli_explain import read_stdin, run_explain

        return run_explain(read_stdin(env) if query == "-" else query, options, env, lang)
    # A known wrong claim ("Socket error 0", "WSAECONNRESET 104") is shown as such.
    matches = [] if text_query else lookup(query, preferred)
    concept_ids = list(dict.fromkeys(
        [m.concept for m in matches] + [c for e in found_errata for c in e.see]))
    concepts = [concept_codes(c) for c in concept_ids]
    concepts = [c for c in concepts if c.codes]
    from .catalog import knowledge, load

    ui = load().ui(lang)
    known = knowledge()
    explanations = known.entries([c.concept for c in concepts])
    nothing = not matches and not found_errata
    if options.json:
        from .render.json_out import dumps, lookup_document

        env.stdout.write(dumps(lookup_document(
            query, matches, concepts, found_errata, preferred,
            explanations=explanations, references=known.references)))
    elif options.brief:
        from .render.text import brief_text

        env.stdout.write(brief_text(matches, ui=ui, lang=lang, explanations=explanations,
                                    errata=found_errata))
    elif not nothing:
        from .render.style import Style, color_wanted
        from .render.text import lookup_text

        style = Style(color_wanted(options.color, env.isatty(), env.environ), env.width())
        env.stdout.write(lookup_text(query, matches, concepts, found_errata, ui=ui,
                                     style=style, lang=lang, preferred=preferred,
                                     explanations=explanations, references=known.references))
    if nothing:
        env.error(str(ui["no_match"]).format(query=query))
        return Exit.NOT_FOUND
    return Exit.OK


def _is_text(query: str) -> bool:
    """True for prose (spaces, punctuation): a log line to identify, not one code or name."""
    from .query import NAME_CHARACTERS

    stripped = query.strip()
    if not stripped or any(ord(ch) < 32 and ch not in "\n\r\t" for ch in stripped):
        return False  # empty or binary: let the lookup say what is wrong
    return any(ch not in NAME_CHARACTERS and ch not in "+-" for ch in stripped)


def _check_lang(lang: str | None, env: Environment) -> str:
    if lang is None:
        return env.default_lang()
    key = lang.strip().lower()
    if key in ("en", "english"):
        return "en"
    if key in ("zh", "zh-cn", "zh_cn", "chinese", "cn"):
        return "zh"
    raise InvalidQuery(f"unknown language {lang!r}; use en or zh")


if __name__ == "__main__":
    raise SystemExit(main())
