"""The full command-line grammar (argparse): every command, its options and help.

`cli.fast_parse` handles the plain lookup without importing this module; this
parser stays the reference, and a test checks that both read the same.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import IO, Any, NoReturn

from . import __version__
from .cli import Environment, Exit, LookupOptions, run_lookup
from .errors import SockerrError
from .platforms import ALL_PLATFORMS, FAMILIES


class UsageError(SockerrError):
    """The command line does not follow the grammar."""


class _HelpShown(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """argparse that writes to the injected streams and raises instead of exiting."""

    out: IO[str] | None = None

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see 'sockerr --help')")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            raise UsageError(message.strip())
        raise _HelpShown()

    def _print_message(self, message: str, file: Any = None) -> None:
        if message and self.out is not None:
            self.out.write(message)


DESCRIPTION = "What a socket error means, why it happened and what to do about it."
EPILOG = """examples:
  sockerr 10054                  every reading of a number, host platform first
  sockerr econnreset --json      a name, as JSON
  sockerr 0x80072746             an HRESULT wrapping WinSock 10054
  sockerr -4077                  libuv's number on Windows (Node.js err.errno)
  sockerr list --platform macos --family errno
  sockerr search reset peer
  sockerr explain "ConnectionResetError: [Errno 104] Connection reset by peer"
  pbpaste | sockerr -            identify the errors in a pasted traceback
  sockerr lab run econnreset     reproduce an error live with real sockets
exit status: 0 found, 1 nothing found, 2 usage error"""


def _common(parser: argparse.ArgumentParser, *, lang: bool = True) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--color", dest="color", action="store_const", const=True,
                        default=None, help="colour even when not on a terminal")
    parser.add_argument("--no-color", dest="color", action="store_const", const=False,
                        help="never colour (NO_COLOR in the environment does the same)")
    if lang:
        parser.add_argument("--lang", choices=("en", "zh"), default=None,
                            help="language of the output (default: from the locale)")


def build_parser(out: IO[str]) -> Parser:
    Parser.out = out
    parser = Parser(prog="sockerr", description=DESCRIPTION, epilog=EPILOG,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-V", "--version", action="version", version=f"sockerr {__version__}")
    parser.add_argument("words", nargs="*", metavar="QUERY",
                        help="a code (10054, 0x2746, -104, 0x80072746) or a name "
                             "(ECONNRESET, WSAECONNRESET, UV_ECONNRESET, ConnectionResetError)")
    parser.add_argument("--platform", metavar="P",
                        help=f"show this platform's reading first ({', '.join(ALL_PLATFORMS)})")
    parser.add_argument("--brief", action="store_true", help="one line per reading")
    _common(parser)
    return parser


def build_command_parser(command: str, out: IO[str]) -> Parser:
    Parser.out = out
    if command == "list":
        parser = Parser(prog="sockerr list", description="List the codes of the catalog.")
        parser.add_argument("--platform", metavar="P", help="only this platform's codes")
        parser.add_argument("--family", choices=FAMILIES, help="only this family")
        _common(parser)
        return parser
    if command == "search":
        parser = Parser(prog="sockerr search",
                        description="Codes whose name or message (English or Chinese) "
                                    "contains every word, case-insensitive.")
        parser.add_argument("words", nargs="+", metavar="WORD")
        _common(parser)
        return parser
    if command == "explain":
        parser = Parser(prog="sockerr explain",
                        description="Identify every socket or OS error in a log line, traceback "
                                    "or exception text, and explain the best one.")
        parser.add_argument("words", nargs="+", metavar="TEXT",
                            help="the text (quote it), or - to read standard input")
        parser.add_argument("--brief", action="store_true", help="one line per error found")
        _common(parser)
        return parser
    if command == "scan":
        parser = Parser(prog="sockerr scan",
                        description="Find, identify and count the socket and OS errors in logs "
                                    "(files, directories, - for standard input; .gz .bz2 .xz .zst "
                                    "read as they are).",
                        epilog="exit status: 0 scanned, 1 --fail-on matched, 2 usage error or "
                               "nothing could be read")
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--glob", action="append", metavar="PATTERN",
                            help="in directories, only files whose name matches (repeatable)")
        parser.add_argument("--fail-on", metavar="CONCEPTS",
                            help="exit 1 when any of these concepts (comma-separated) or 'any' "
                                 "error is found")
        parser.add_argument("--follow", action="store_true",
                            help="follow a growing file like tail -F; Ctrl-C prints the summary")
        parser.add_argument("--from-start", action="store_true",
                            help="with --follow: read the file from its start, not its end")
        parser.add_argument("--follow-seconds", type=float, default=None,
                            help=argparse.SUPPRESS)
        parser.add_argument("--jobs", type=int, default=None, metavar="N",
                            help="processes to use on large inputs (default: the usable "
                                 "processors, at most 8)")
        parser.add_argument("--engine", choices=("auto", "hyperscan", "ahocorasick", "re"),
                            default="auto",
                            help="prefilter engine (default: hyperscan when installed, else "
                                 "ahocorasick, else re)")
        parser.add_argument("--no-progress", action="store_true",
                            help="no progress bar even on a terminal")
        _common(parser)
        return parser
    if command == "check":
        parser = Parser(prog="sockerr check",
                        description="Validate the shipped knowledge: prints every problem.")
        parser.add_argument("--json", action="store_true", help="print JSON")
        return parser
    raise UsageError(f"the {command!r} command is not available yet")


def run_full(argv: Sequence[str], env: Environment) -> int:
    try:
        return _dispatch(argv, env)
    except _HelpShown:
        return Exit.OK


def _dispatch(argv: Sequence[str], env: Environment) -> int:
    first = next((a for a in argv if not a.startswith("-")), None)
    if first == "lab" and argv and argv[0] == "lab":
        from .lab.command import run_command

        return run_command(list(argv[1:]), env)
    if first in ("list", "search", "check", "explain", "scan") and argv and argv[0] == first:
        parser = build_command_parser(first, env.stdout)
        args = parser.parse_args(list(argv[1:]))
        runner = {"list": run_list, "search": run_search, "check": run_check,
                  "explain": run_explain_command, "scan": run_scan_command}[first]
        return runner(args, env)
    parser = build_parser(env.stdout)
    args = parser.parse_args(list(argv))
    if not args.words:
        parser.print_help()
        return Exit.USAGE
    options = LookupOptions(words=tuple(args.words), json=args.json, brief=args.brief,
                            platform=args.platform, lang=args.lang, color=args.color)
    return run_lookup(options, env)


def _lang(args: Any, env: Environment) -> str:
    return str(args.lang) if getattr(args, "lang", None) else env.default_lang()


def run_list(args: Any, env: Environment) -> int:
    from .catalog import load
    from .lookups import list_codes, resolve_platform

    platform = resolve_platform(args.platform) if args.platform else None
    codes = list_codes(platform, args.family)
    if args.json:
        from .render.json_out import dumps, list_document

        env.stdout.write(dumps(list_document(platform, codes)))
    else:
        from .render.style import Style, color_wanted
        from .render.text import codes_text

        ui = load().ui(_lang(args, env))
        style = Style(color_wanted(args.color, env.isatty(), env.environ), env.width())
        env.stdout.write(codes_text(codes, ui=ui, style=style, lang=_lang(args, env)))
    if not codes:
        env.error("no codes match")
        return Exit.NOT_FOUND
    return Exit.OK


def run_search(args: Any, env: Environment) -> int:
    from .catalog import load
    from .lookups import search

    matches = search(args.words)
    ui = load().ui(_lang(args, env))
    if args.json:
        from .render.json_out import dumps, search_document

        env.stdout.write(dumps(search_document(args.words, matches)))
    elif matches:
        from .render.style import Style, color_wanted
        from .render.text import match_lines

        style = Style(color_wanted(args.color, env.isatty(), env.environ), env.width())
        lines: list[str] = []
        for number, match in enumerate(matches, start=1):
            lines += match_lines(number, match, ui=ui, style=style)
        env.stdout.write("\n".join(lines) + "\n")
    if not matches:
        env.error(str(ui["search_none"]).format(words=" ".join(args.words)))
        return Exit.NOT_FOUND
    return Exit.OK


def run_explain_command(args: Any, env: Environment) -> int:
    from .cli import _check_lang
    from .cli_explain import read_stdin, run_explain

    text = " ".join(args.words)
    options = LookupOptions(words=tuple(args.words), json=args.json, brief=args.brief,
                            lang=args.lang, color=args.color)
    lang = _check_lang(args.lang, env)
    return run_explain(read_stdin(env) if text == "-" else text, options, env, lang)


def run_scan_command(args: Any, env: Environment) -> int:
    from .cli import _check_lang
    from .cli_scan import run_scan

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs takes a whole number of at least 1")
    return run_scan(args, env, _check_lang(args.lang, env))


def run_check(args: Any, env: Environment) -> int:
    from .validate import check

    problems = check()
    if args.json:
        from .render.json_out import dumps

        env.stdout.write(dumps({"problems": [p.to_dict() for p in problems]}))
    else:
        for problem in problems:
            env.stdout.write(f"{problem.where}: {problem.message}\n")
        env.stdout.write(f"{len(problems)} problems\n")
    return Exit.NOT_FOUND if problems else Exit.OK
