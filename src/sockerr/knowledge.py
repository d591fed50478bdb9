"""The schema of a concept entry (`data/concepts/<ID>.toml`) and its checks.

An entry explains one concept in English and Chinese. `check_entry` returns
the problems of one parsed entry; the validator runs it over every file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import platforms as plat

LANGUAGES = ("en", "zh")

RETRY_CLASSES = (
    "not-an-error",
    "retry-now",
    "retry-with-backoff",
    "reconnect",
    "fix-config",
    "fix-code",
)

ACTORS = (
    "peer",
    "remote-host",
    "local-stack",
    "local-program",
    "middlebox",
    "resolver",
    "configuration",
)

CALLS = (
    "socket", "bind", "listen", "accept", "connect", "send", "sendto", "sendmsg", "write",
    "recv", "recvfrom", "recvmsg", "read", "setsockopt", "getsockopt", "select", "poll",
    "epoll", "kqueue", "shutdown", "close", "closesocket", "getaddrinfo", "getnameinfo",
    "gethostbyname", "ioctl", "fcntl", "WSAStartup", "WSACleanup", "WSASend", "WSARecv",
    "WSAIoctl", "WSAConnect", "WSAAccept", "WSAEventSelect", "WSAAsyncSelect",
    "WSAGetOverlappedResult", "WSALookupServiceBegin", "WSALookupServiceNext", "AcceptEx",
    "ConnectEx", "TransmitFile", "any",
)

SOCKET_TYPES = ("tcp", "udp", "unix", "raw", "any")

# Platform words an entry may use for differences: the vocabulary plus groups.
PLATFORM_WORDS = (*plat.ALL_PLATFORMS, "bsd", "unix", "all")

KINDS = ("full", "brief")

# Fields an entry must fill, each in both languages; brief entries are for rare codes
# (the WinSock QoS family) that need only a title and a summary.
REQUIRED_TEXT = {"full": ("title", "summary", "hint", "wire"), "brief": ("title", "summary")}
FULL_LIST_FIELDS = ("causes", "check", "fix")


def _texts(value: Any) -> dict[str, str] | None:
    if isinstance(value, Mapping) and all(isinstance(value.get(k), str) for k in LANGUAGES):
        return {k: str(value[k]) for k in LANGUAGES}
    return None


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def check_bilingual(where: str, value: Any) -> list[str]:
    """Problems of one {en, zh} pair: both present, non-empty, each in its language."""
    texts = _texts(value)
    if texts is None:
        return [f"{where}: needs en and zh strings"]
    problems = []
    for lang, text in texts.items():
        if not text.strip():
            problems.append(f"{where}.{lang} is empty")
    if texts["zh"].strip() and not _has_cjk(texts["zh"]):
        problems.append(f"{where}.zh has no Chinese characters")
    if _has_cjk(texts["en"]):
        problems.append(f"{where}.en contains Chinese characters")
    if texts["en"].strip() and texts["en"].strip() == texts["zh"].strip():
        problems.append(f"{where}: en and zh are identical")
    return problems


def _check_tagged(entry: Mapping[str, Any], field: str, key: str, allowed: Iterable[str],
                  what: str) -> list[str]:
    """Items of a list field: each a table whose `key` (one value or a list) is allowed."""
    known = set(allowed)
    problems: list[str] = []
    for index, item in enumerate(entry.get(field, []) or []):
        where = f"{field}[{index}]"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: must be a table")
            continue
        values = item.get(key)
        for value in values if isinstance(values, list) else [values]:
            if value not in known:
                problems.append(f"{where}.{key}: {value!r} is not {what}")
        problems += check_bilingual(where, item)
    return problems


def check_entry(
    entry: Mapping[str, Any],
    *,
    concepts: Iterable[str],
    references: Iterable[str],
    scenarios: Iterable[str] | None = None,
) -> list[str]:
    """Every problem of one concept entry (empty list when it follows the schema)."""
    known_concepts = set(concepts)
    known_refs = set(references)
    problems: list[str] = []
    kind = entry.get("kind", "full")
    if kind not in KINDS:
        problems.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    allowed = {
        "kind", "title", "summary", "wire", "who", "causes", "calls", "check", "fix", "retry",
        "platforms", "myths", "related", "references", "lab", "hint",
    }
    for key in entry:
        if key not in allowed:
            problems.append(f"unknown field {key!r}")
    for field in ("title", "summary", "hint", "wire"):
        if field in REQUIRED_TEXT[kind] or field in entry:
            problems += check_bilingual(field, entry.get(field))
    if kind == "full":
        for field in FULL_LIST_FIELDS:
            items = entry.get(field)
            if not isinstance(items, list) or not items:
                problems.append(f"{field}: needs at least one item")
    for actor in entry.get("who", []):
        if actor not in ACTORS:
            problems.append(f"who: {actor!r} is not one of {', '.join(ACTORS)}")
    if kind == "full" and not entry.get("who"):
        problems.append("who: name at least one actor")
    for field in ("causes", "check", "fix"):
        for index, item in enumerate(entry.get(field, []) or []):
            problems += check_bilingual(f"{field}[{index}]", item)
    problems += _check_tagged(entry, "calls", "call", CALLS, "a known call")
    for index, item in enumerate(entry.get("calls", []) or []):
        if isinstance(item, Mapping) and item.get("socket", "any") not in SOCKET_TYPES:
            problems.append(f"calls[{index}].socket: {item.get('socket')!r} is not a socket type")
    retry = entry.get("retry")
    if kind == "full" or retry is not None:
        if not isinstance(retry, Mapping):
            problems.append("retry: needs class, en and zh")
        else:
            if retry.get("class") not in RETRY_CLASSES:
                problems.append(f"retry.class: {retry.get('class')!r} is not one of "
                                f"{', '.join(RETRY_CLASSES)}")
            problems += check_bilingual("retry", retry)
    problems += _check_tagged(entry, "platforms", "platform", PLATFORM_WORDS, "a platform")
    for index, item in enumerate(entry.get("myths", []) or []):
        where = f"myths[{index}]"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: must be a table")
            continue
        problems += check_bilingual(f"{where}.claim", item.get("claim"))
        problems += check_bilingual(f"{where}.truth", item.get("truth"))
    for related in entry.get("related", []) or []:
        if related not in known_concepts:
            problems.append(f"related: {related} is not a concept of the catalog")
    references = entry.get("references", []) or []
    if kind == "full" and not references:
        problems.append("references: cite at least one")
    for ref in references:
        if ref not in known_refs:
            problems.append(f"references: {ref!r} is not defined in references.toml")
    if scenarios is not None:
        known_scenarios = set(scenarios)
        for name in entry.get("lab", []) or []:
            if name not in known_scenarios:
                problems.append(f"lab: {name!r} is not a lab scenario")
    return problems
