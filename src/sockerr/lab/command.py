"""`sockerr lab list | run NAME... | run --all`: the lab's command-line front end."""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, NoReturn

from ..errors import SockerrError
from .model import Result
from .registry import all_scenarios, get
from .render import list_json, list_text, result_text, results_json, summary_text
from .runner import run_many

if TYPE_CHECKING:
    from ..cli import Environment

OK, DIFFERENT, USAGE = 0, 1, 2

DESCRIPTION = ("Reproduce socket errors live with real sockets on loopback or in private "
               "network namespaces, and narrate what each side and the wire do.")
RUN_EPILOG = """examples:
  sockerr lab run econnreset          one scenario, narrated
  sockerr lab run --all --json        every scenario, as JSON
exit status: 0 all reproduced or skipped, 1 some behaved differently, 2 usage error"""


class UsageError(SockerrError):
    """The lab command line does not follow its grammar."""


class _HelpShown(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse writing to the injected stream and raising instead of exiting."""

    def __init__(self, *args: Any, out: IO[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.out = out

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            raise UsageError(message.strip())
        raise _HelpShown()

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            self.out.write(message)


def build_parser(out: IO[str]) -> _Parser:
    parser = _Parser(prog="sockerr lab", description=DESCRIPTION, out=out)
    actions = parser.add_subparsers(dest="action", metavar="{list,run}")
    listing = actions.add_parser("list", help="the scenarios and what each needs", out=out,
                                 description="List the scenarios, the concept each "
                                             "reproduces and what it needs.")
    listing.add_argument("--json", action="store_true", help="print JSON")
    run = actions.add_parser("run", help="run scenarios and narrate them", out=out,
                             description="Run scenarios: a step-by-step trace of each, the "
                                         "errno the kernel gave and the Python exception.",
                             epilog=RUN_EPILOG,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("names", nargs="*", metavar="NAME", help="scenario names (see 'list')")
    run.add_argument("--all", action="store_true", help="run every scenario")
    run.add_argument("--json", action="store_true", help="print JSON")
    return parser


def run_command(argv: list[str], env: Environment) -> int:
    parser = build_parser(env.stdout)
    try:
        args = parser.parse_args(list(argv))
        if args.action is None:
            parser.print_help()
            return USAGE
        if args.action == "list":
            scenarios = all_scenarios()
            env.stdout.write(list_json(scenarios) if args.json else list_text(scenarios))
            return OK
        if args.all and args.names:
            raise UsageError("give scenario names or --all, not both")
        if not args.all and not args.names:
            raise UsageError("name a scenario or give --all (see 'sockerr lab list')")
        chosen = all_scenarios() if args.all else [get(n) for n in dict.fromkeys(args.names)]
    except _HelpShown:
        return OK
    except SockerrError as exc:
        env.error(f"lab: {exc}")
        return USAGE
    results: list[Result] = []
    with _terminate_unwinds():
        for result in run_many(chosen):
            results.append(result)
            if not args.json:
                env.stdout.write(result_text(result, env.width()) + "\n")
                env.stdout.flush()
    if args.json:
        env.stdout.write(results_json(results))
    elif len(results) > 1:
        env.stdout.write(summary_text(results))
    return DIFFERENT if any(r.status == "different" for r in results) else OK


@contextlib.contextmanager
def _terminate_unwinds() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while scenarios run, so their cleanups still happen.

    Ctrl-C already unwinds (KeyboardInterrupt); a plain SIGTERM would end the process
    without running `finally`, leaving namespaces and child processes behind.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(number: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + number)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
