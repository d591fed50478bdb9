"""sockerr: what a socket error means, why it happened and what to do about it.

The public API is imported lazily so that `import sockerr` stays cheap:

    >>> import sockerr
    >>> [m.concept for m in sockerr.lookup("10054")][:1]
    ['ECONNRESET']
"""

from __future__ import annotations

# Typing names are only needed by type checkers: importing `typing` costs ~7 ms per start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .explanation import Explanation, explain, is_retryable
    from .hooks import SocketErrorFilter, install
    from .identification import identify
    from .lookups import concept_codes, errata, list_codes, lookup, search
    from .models import Code, Match

__version__ = "0.1.0"

__all__ = [
    "Code",
    "Explanation",
    "Match",
    "SocketErrorFilter",
    "__version__",
    "concept_codes",
    "errata",
    "explain",
    "identify",
    "install",
    "is_retryable",
    "list_codes",
    "lookup",
    "search",
]

_LAZY = {
    "lookup": "lookups",
    "errata": "lookups",
    "concept_codes": "lookups",
    "list_codes": "lookups",
    "search": "lookups",
    "Match": "models",
    "Code": "models",
    "identify": "identification",
    "explain": "explanation",
    "is_retryable": "explanation",
    "Explanation": "explanation",
    "install": "hooks",
    "SocketErrorFilter": "hooks",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'sockerr' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value
