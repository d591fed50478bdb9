"""Errors sockerr raises, named after the failure.

The core raises these; only the edges (the command line, a server) turn them
into one-line messages and exit statuses.
"""

from __future__ import annotations


class SockerrError(Exception):
    """Base of every error sockerr raises on purpose."""


class InvalidQuery(SockerrError, ValueError):
    """A query that cannot be read as a number or a name (empty, binary, too long)."""


class UnknownPlatform(SockerrError, ValueError):
    """A platform name outside the vocabulary."""


class UnknownFamily(SockerrError, ValueError):
    """A code family outside the vocabulary."""


class InvalidEntry(SockerrError):
    """A knowledge or code-table file that does not follow its schema."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class CatalogUnavailable(SockerrError):
    """The catalog could neither be loaded from its compiled form nor rebuilt."""
