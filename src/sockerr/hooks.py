"""Hooks into a running program: an excepthook and a logging filter that add explanations."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import IO

from .explanation import explain

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def short_note(error: BaseException, lang: str | None = None) -> str | None:
    """Two or three lines under a traceback, or None when the error is not one sockerr knows."""
    try:
        found = explain(error, lang)
    except Exception:  # an explanation must never hide the original error
        return None
    if not found:
        return None
    return "\n".join(f"  {line}" for line in ["[sockerr]", *str(found).splitlines()]) + "\n"


def install(*, lang: str | None = None, stream: IO[str] | None = None) -> ExceptHook:
    """Make uncaught socket errors print a short explanation under their traceback."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        previous(kind, error, trace)
        note = short_note(error, lang)
        if note:
            (stream or sys.stderr).write(note)

    sys.excepthook = hook
    return hook


class SocketErrorFilter(logging.Filter):
    """Adds `sockerr_concept` and `sockerr_hint` to records that carry a socket error.

    Never drops a record. Records without one get None in both attributes, so
    a format string may use them unconditionally.
    """

    def __init__(self, name: str = "", *, lang: str | None = None,
                 read_messages: bool = False) -> None:
        super().__init__(name)
        self.lang = lang
        self.read_messages = read_messages

    def filter(self, record: logging.LogRecord) -> bool:
        concept = hint = None
        try:
            subject: BaseException | str | None = None
            if record.exc_info and record.exc_info[1] is not None:
                subject = record.exc_info[1]
            elif self.read_messages:
                subject = record.getMessage()
            if subject is not None:
                found = explain(subject, self.lang)
                if found:
                    concept, hint = found.concept, found.hint
        except Exception:  # logging must keep working whatever the record holds
            concept = hint = None
        record.sockerr_concept = concept
        record.sockerr_hint = hint
        return True
