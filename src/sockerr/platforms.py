"""The platform vocabulary: names, aliases, groupings and host detection.

Every other module asks this one what a platform is called; nothing else
spells platform names or reads `sys.platform`.
"""

from __future__ import annotations

import os
import sys

# Platforms an identification can name (what a log line can come from).
OS_PLATFORMS: tuple[str, ...] = (
    "linux",
    "macos",
    "freebsd",
    "openbsd",
    "netbsd",
    "illumos",
    "windows",
)

# Lookup-only variants: numberings that differ from the main one of their OS.
VARIANT_PLATFORMS: dict[str, str] = {
    "linux-alpha": "linux",
    "linux-mips": "linux",
    "linux-sparc": "linux",
    "linux-parisc": "linux",
    "windows-crt": "windows",
}

ALL_PLATFORMS: tuple[str, ...] = OS_PLATFORMS + tuple(VARIANT_PLATFORMS)

UNIX_PLATFORMS: tuple[str, ...] = tuple(p for p in OS_PLATFORMS if p != "windows")

BSD_PLATFORMS: tuple[str, ...] = ("macos", "freebsd", "openbsd", "netbsd")

ALIASES: dict[str, str] = {
    "darwin": "macos",
    "osx": "macos",
    "mac": "macos",
    "macosx": "macos",
    "ios": "macos",
    "win": "windows",
    "win32": "windows",
    "win64": "windows",
    "nt": "windows",
    "winsock": "windows",
    "msvc": "windows-crt",
    "crt": "windows-crt",
    "ucrt": "windows-crt",
    "android": "linux",
    "gnu/linux": "linux",
    "solaris": "illumos",
    "sunos": "illumos",
    "smartos": "illumos",
    "openindiana": "illumos",
    "alpha": "linux-alpha",
    "mips": "linux-mips",
    "sparc": "linux-sparc",
    "parisc": "linux-parisc",
    "hppa": "linux-parisc",
}

FAMILIES: tuple[str, ...] = (
    "errno",
    "winsock",
    "win32",
    "eai",
    "h_errno",
    "libuv",
    "dotnet",
    "python",
    "node",
)


def normalize(name: str) -> str | None:
    """Canonical platform name for `name` (any case, aliases allowed), or None."""
    key = name.strip().lower()
    if key in ALL_PLATFORMS:
        return key
    return ALIASES.get(key)


def base_os(platform: str) -> str:
    """The OS a platform name belongs to (`linux-mips` -> `linux`)."""
    return VARIANT_PLATFORMS.get(platform, platform)


_MACHINE_VARIANTS = {
    "alpha": "linux-alpha",
    "mips": "linux-mips",
    "sparc": "linux-sparc",
    "parisc": "linux-parisc",
}


def host_platform(sys_platform: str | None = None, machine: str | None = None) -> str | None:
    """The platform this process runs on, or None when it is none of ours."""
    plat = sys.platform if sys_platform is None else sys_platform
    if plat.startswith("linux"):
        if machine is None and hasattr(os, "uname"):
            machine = os.uname().machine
        for prefix, variant in _MACHINE_VARIANTS.items():
            if machine and machine.lower().startswith(prefix):
                return variant
        return "linux"
    if plat == "darwin":
        return "macos"
    if plat in ("win32", "cygwin", "msys"):
        return "windows"
    for name in ("freebsd", "openbsd", "netbsd"):
        if plat.startswith(name):
            return name
    if plat.startswith("sunos") or plat.startswith("illumos"):
        return "illumos"
    return None


def related_platforms(platform: str) -> tuple[str, ...]:
    """The platform and the others that share its numbering context, preferred first.

    On Windows, WinSock codes and the C runtime's errno both appear; on a Linux
    variant, the generic Linux numbering still applies to everything but errno.
    """
    if platform == "windows":
        return ("windows", "windows-crt")
    if platform == "windows-crt":
        return ("windows-crt", "windows")
    base = base_os(platform)
    if base != platform:
        return (platform, base)
    return (platform,)
