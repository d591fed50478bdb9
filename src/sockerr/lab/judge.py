"""Compare what a scenario observed with what the catalog states for its concept."""

from __future__ import annotations

import errno
import socket

from .. import platforms as plat
from ..catalog import Catalog, load
from ..models import Code
from .model import Observed, Status

# The resolver's EAI_* names by value, as this Python's socket module defines them.
EAI_NAMES = {getattr(socket, name): name for name in dir(socket) if name.startswith("EAI_")}


def lab_platform() -> str:
    """The catalog platform whose numbers the kernel under us uses."""
    host = plat.host_platform()
    return host if host and plat.base_os(host) == "linux" else "linux"


def expected_code(concept: str, platform: str | None = None, *,
                  catalog: Catalog | None = None) -> Code | None:
    """The errno or EAI code the catalog gives `concept` on the (Linux) platform."""
    catalog = catalog or load()
    codes = [c for c in catalog.codes_of(concept)
             if c.family in ("errno", "eai") and c.alias_of is None]
    for name in plat.related_platforms(platform or lab_platform()):
        for code in codes:
            if name in code.platforms:
                return code
    return None


def expected_exception(concept: str, *, catalog: Catalog | None = None) -> str:
    """The Python exception class the catalog's python table states for `concept`.

    The table lists the errnomap of Objects/exceptions.c; an errno outside it raises
    plain OSError, and resolver errors raise socket.gaierror (the table's notes).
    """
    catalog = catalog or load()
    for code in catalog.codes_of(concept):
        if code.family == "python" and code.alias_of is None:
            return code.symbol
    if any(code.family == "eai" for code in catalog.codes_of(concept)):
        return "socket.gaierror"
    return "OSError"


def symbol_of(observed: Observed) -> str | None:
    if observed.errno is None:
        return None
    if observed.family == "eai":
        return EAI_NAMES.get(observed.errno)
    return errno.errorcode.get(observed.errno)


def judge(concept: str, observed: Observed | None, platform: str | None = None
          ) -> tuple[Status, str | None]:
    """('reproduced', None) when the kernel gave the concept's number, else why not."""
    platform = platform or lab_platform()
    code = expected_code(concept, platform)
    if code is None:
        return "different", f"the catalog states no {platform} code for {concept}"
    if observed is None:
        return "different", "the call that should fail succeeded: nothing was raised"
    if observed.errno is None:
        return "different", (f"{observed.exception} carried no errno ({observed.message}): "
                             "a library timeout, not the kernel")
    family = "eai" if observed.family == "eai" else "errno"
    if code.family == family and code.value == observed.errno:
        return "reproduced", None
    seen = symbol_of(observed) or "?"
    return "different", (f"observed {seen} ({observed.errno}); the catalog states "
                         f"{code.symbol} ({code.value}) for {concept} on {platform}")
