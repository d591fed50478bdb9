"""Look up a code or a name on every platform: pure functions over the catalog."""

from __future__ import annotations

from . import platforms as plat
from .catalog import Catalog, load
from .errors import UnknownFamily, UnknownPlatform
from .models import Code, ConceptCodes, Erratum, Match
from .query import ParsedQuery, parse_query

# Typing names are only needed by type checkers: importing `typing` costs ~7 ms per start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

FAMILY_ORDER = {name: rank for rank, name in enumerate(plat.FAMILIES)}
PLATFORM_ORDER = {name: rank for rank, name in enumerate(plat.ALL_PLATFORMS)}
READING_ORDER = {"value": 0, "name": 0, "hresult": 0, "negated": 1}
# Families whose numbers are the same on every platform they run on (.NET's SocketError
# carries WinSock numbers even on Linux): the preferred platform says nothing about them.
PLATFORM_NEUTRAL_FAMILIES = frozenset({"dotnet", "python", "node"})


def resolve_platform(platform: str | None) -> str | None:
    """Canonical platform name, the host when None; raises UnknownPlatform."""
    if platform is None:
        return plat.host_platform()
    canonical = plat.normalize(platform)
    if canonical is None:
        raise UnknownPlatform(
            f"unknown platform {platform!r}; known: {', '.join(plat.ALL_PLATFORMS)}"
        )
    return canonical


def lookup(query: str, platform: str | None = None, *, catalog: Catalog | None = None
           ) -> list[Match]:
    """Every reading of `query` (a number or a name), the preferred platform's first.

    `platform` only orders the readings (default: the host); nothing is dropped,
    because a number means different things on different platforms.
    """
    catalog = catalog or load()
    parsed = parse_query(query)
    preferred = resolve_platform(platform)
    return rank(_readings(catalog, parsed), preferred)


def errata(query: str, *, catalog: Catalog | None = None) -> list[Erratum]:
    """Known wrong claims about `query` (a misspelt name, a code that does not exist)."""
    catalog = catalog or load()
    return catalog.errata_for(query)


def _readings(catalog: Catalog, parsed: ParsedQuery) -> list[Match]:
    found: list[tuple[Code, str, str | None]] = []
    if parsed.number is not None:
        number = parsed.number
        found += [(c, "value", None) for c in catalog.by_value(number)]
        if number < 0:
            # Kernels and many C libraries return -errno: -104 is ECONNRESET on Linux.
            found += [
                (c, "negated", f"{number} read as -{c.symbol}")
                for c in catalog.by_value(-number)
                if c.family == "errno"
            ]
        if parsed.hresult_code is not None:
            note = f"HRESULT 0x{number & 0xFFFFFFFF:08X} wraps Win32 code {parsed.hresult_code}"
            found += [
                (c, "hresult", note)
                for c in catalog.by_value(parsed.hresult_code)
                if c.family == "winsock"
            ]
    else:
        for key in parsed.names:
            codes = catalog.by_name(key)
            if codes:
                found += [(c, "name", None) for c in codes]
                break
    return _merge(found)


def _merge(found: Iterable[tuple[Code, str, str | None]]) -> list[Match]:
    """One match per (family, symbol, value, concept, message), platforms united."""
    merged: dict[tuple[object, ...], Match] = {}
    for code, reading, note in found:
        key = (code.family, code.symbol, code.value, code.concept, code.message, code.alias_of,
               reading)
        previous = merged.get(key)
        if previous is None:
            merged[key] = Match(
                concept=code.concept,
                platforms=code.platforms,
                code=code.value,
                symbol=code.symbol,
                family=code.family,
                message=code.message or None,
                alias_of=code.alias_of,
                reading=reading,
                note=note,
            )
        else:
            platforms = tuple(
                sorted(set(previous.platforms) | set(code.platforms),
                       key=lambda p: PLATFORM_ORDER.get(p, 99))
            )
            merged[key] = previous.replace(
                platforms=platforms, message=previous.message or code.message or None
            )
    return list(merged.values())


def rank(matches: list[Match], preferred: str | None) -> list[Match]:
    """Order readings: preferred platform, direct readings, primary names, common ones."""
    wanted = plat.related_platforms(preferred) if preferred else ()

    def key(match: Match) -> tuple[object, ...]:
        platform_rank = min(
            (wanted.index(p) for p in match.platforms if p in wanted), default=len(wanted)
        )
        if match.family in PLATFORM_NEUTRAL_FAMILIES:
            platform_rank = len(wanted)
        return (
            platform_rank,
            READING_ORDER.get(match.reading, 2),
            match.alias_of is not None,
            FAMILY_ORDER.get(match.family or "", 99),
            -len(match.platforms),
            min((PLATFORM_ORDER.get(p, 99) for p in match.platforms), default=99),
            match.symbol or "",
        )

    return sorted(matches, key=key)


def concept_codes(concept: str, *, catalog: Catalog | None = None) -> ConceptCodes:
    """A concept's codes on every platform, in family and platform order."""
    catalog = catalog or load()
    codes = sorted(
        catalog.codes_of(concept),
        key=lambda c: (
            FAMILY_ORDER.get(c.family, 99),
            min((PLATFORM_ORDER.get(p, 99) for p in c.platforms), default=99),
            c.alias_of is not None,
            c.symbol,
        ),
    )
    return ConceptCodes(concept=concept, title=concept_title(codes), codes=tuple(codes))


def concept_title(codes: list[Code]) -> str:
    """A plain title from the messages: Linux's strerror text, else the first one."""
    for code in codes:
        if code.family == "errno" and "linux" in code.platforms and code.message:
            return code.message
    for code in codes:
        if code.message and code.alias_of is None:
            return code.message
    return ""


def list_codes(platform: str | None = None, family: str | None = None, *,
               catalog: Catalog | None = None) -> list[Code]:
    """Every code, optionally only those of one platform and/or one family."""
    catalog = catalog or load()
    if platform is not None:
        platform = resolve_platform(platform)
    if family is not None and family not in plat.FAMILIES:
        raise UnknownFamily(f"unknown family {family!r}; known: {', '.join(plat.FAMILIES)}")
    codes = [
        c for c in catalog.all_codes()
        if (platform is None or platform in c.platforms) and (family is None or c.family == family)
    ]
    return sorted(
        codes,
        key=lambda c: (FAMILY_ORDER.get(c.family, 99), c.table,
                       c.value if c.value is not None else 0, c.alias_of is not None, c.symbol),
    )


def search(words: Iterable[str], *, catalog: Catalog | None = None) -> list[Match]:
    """Codes whose symbol or any message (English or Chinese) holds every word."""
    catalog = catalog or load()
    needles = [w.casefold() for w in words if w.strip()]
    if not needles:
        return []
    found: list[tuple[Code, str, str | None]] = []
    for code in catalog.all_codes():
        haystack = " ".join(
            (code.symbol, code.concept, code.message, *code.alt_messages,
             *(text for _, text in code.localized))
        ).casefold()
        if all(n in haystack for n in needles):
            found.append((code, "message", None))
    return rank(_merge(found), plat.host_platform())
