"""The Python API for programs: explain an exception or a text, decide whether to retry."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

from . import platforms as plat
from .catalog import knowledge, load
from .identification import identify, os_platforms
from .models import Match

RETRYABLE = frozenset({"not-an-error", "retry-now", "retry-with-backoff", "reconnect"})


class Explanation:
    """What an error is and what to do: prints as text, converts to a dict."""

    def __init__(self, query: str, matches: list[Match], lang: str = "en") -> None:
        self.query = query
        self.matches = matches
        self.lang = lang
        self.entry: dict[str, Any] | None = (
            knowledge().entry(matches[0].concept) if matches else None)

    @property
    def match(self) -> Match | None:
        return self.matches[0] if self.matches else None

    @property
    def concept(self) -> str | None:
        return self.matches[0].concept if self.matches else None

    @property
    def retry(self) -> str | None:
        """The retry class of the best match (retry-now, reconnect, fix-config, ...)."""
        retry = (self.entry or {}).get("retry")
        return str(retry["class"]) if isinstance(retry, dict) and "class" in retry else None

    def _text(self, field: str) -> str:
        value = (self.entry or {}).get(field)
        if isinstance(value, dict):
            return str(value.get(self.lang) or value.get("en") or "")
        return ""

    @property
    def title(self) -> str:
        match = self.match
        return self._text("title") or (match.message or "" if match else "")

    @property
    def hint(self) -> str:
        return self._text("hint") or self._text("summary")

    def __bool__(self) -> bool:
        return bool(self.matches)

    def __str__(self) -> str:
        match = self.match
        if match is None:
            return "sockerr: no socket or OS error recognised"
        where = f" on {', '.join(match.platforms)}" if match.platforms else ""
        code = f" ({match.symbol or ''} {match.code})".replace("( ", "(") if (
            match.code is not None) else ""
        timer = " [a library timeout]" if match.library_timeout else ""
        lines = [f"{match.concept}{code}{where}{timer}: {self.title}"]
        if self.hint:
            lines.append(self.hint)
        if self.retry:
            retry = (self.entry or {}).get("retry") or {}
            lines.append(f"retry: {self.retry} — {retry.get(self.lang) or retry.get('en', '')}")
        lines.append(f"more: sockerr {match.concept}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "matches": [m.to_dict() for m in self.matches],
            "concept": self.concept,
            "retry": self.retry,
            "explanation": self.entry,
        }


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def describe(error: BaseException) -> str:
    """The text a traceback would show for the exception and its causes."""
    parts = []
    for link in _chain(error):
        name = type(link).__qualname__
        module = type(link).__module__
        if module not in ("builtins", "__main__"):
            name = f"{module}.{name}"
        parts.append(f"{name}: {link}")
    return "\n".join(parts)


def _from_attributes(error: BaseException) -> list[Match]:
    """Read the numbers an OSError carries, on this host's numbering."""
    host = plat.host_platform()
    for link in _chain(error):
        if not isinstance(link, OSError):
            continue
        winerror = getattr(link, "winerror", None)
        if isinstance(winerror, int):
            found = _codes(winerror, ("winsock",), "windows")
            if found:
                return found
        if isinstance(link.errno, int) and host:
            families = ("eai",) if isinstance(link, socket.gaierror) else ("errno", "winsock")
            found = _codes(link.errno, families, host)
            if found:
                return found
    return []


def _codes(number: int, families: tuple[str, ...], platform: str) -> list[Match]:
    wanted = set(plat.related_platforms(platform))
    out = []
    for code in load().by_value(number):
        if code.family in families and wanted & set(code.platforms) and code.alias_of is None:
            out.append(Match(concept=code.concept, platforms=os_platforms([platform]),
                             code=number, symbol=code.symbol, family=code.family,
                             message=code.message or None, confidence=0.99,
                             reading="exception"))
    return out[:1]


def explain(error_or_text: BaseException | str, lang: str | None = None) -> Explanation:
    """Identify the error in an exception (with its causes) or a text, and explain the best one."""
    chosen = "zh" if (lang or "en").lower().startswith("zh") else "en"
    if isinstance(error_or_text, BaseException):
        text = describe(error_or_text)
        matches = _from_attributes(error_or_text)
        seen = {m.concept for m in matches}
        matches += [m for m in identify(text) if m.concept not in seen]
        return Explanation(text, matches, chosen)
    return Explanation(error_or_text, identify(error_or_text), chosen)


def is_retryable(error: BaseException | str) -> bool:
    """True when the error's retry verdict says to try again (now, later, or on a new connection).

    Conditions still apply (idempotent requests only, with backoff): read
    `explain(error).entry["retry"]` for them. Unknown errors are not retryable.
    """
    return explain(error).retry in RETRYABLE
