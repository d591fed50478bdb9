"""Terminal manners: colour only when wanted, text fitted to the width.

No `re`, `textwrap` or `shutil` here: this is on the start-up path.
"""

from __future__ import annotations

import unicodedata

# Typing names are only needed by type checkers: importing `typing` costs ~7 ms per start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

STYLES = {
    "bold": "1",
    "dim": "2",
    "symbol": "1;36",
    "value": "1;33",
    "concept": "1;35",
    "warn": "1;31",
    "ok": "32",
    "heading": "1;4",
}


def color_wanted(flag: bool | None, isatty: bool, environ: Mapping[str, str]) -> bool:
    """`--color`/`--no-color` win; else colour on a TTY unless NO_COLOR or TERM=dumb."""
    if flag is not None:
        return flag
    if environ.get("NO_COLOR"):
        return False
    if environ.get("TERM") == "dumb":
        return False
    return isatty


class Style:
    def __init__(self, color: bool, width: int) -> None:
        self.color = color
        self.width = max(40, min(width, 200))

    def __call__(self, text: str, style: str) -> str:
        if not self.color or not text:
            return text
        return f"\x1b[{STYLES[style]}m{text}\x1b[0m"


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: East Asian wide characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Break `text` into lines of at most `width` columns, at spaces or between CJK characters."""
    width = max(width, 10)
    lines: list[str] = []
    current = ""
    for word, spaced in _words(text):
        candidate = word if not current else current + (" " if spaced else "") + word
        if display_width(candidate) <= width or not current:
            current = candidate
            while display_width(current) > width:  # a single unbreakable run
                cut = _cut(current, width)
                lines.append(current[:cut])
                current = current[cut:]
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _is_wide(ch: str) -> bool:
    return not ch.isascii() and unicodedata.east_asian_width(ch) in "WF"


def _words(text: str) -> list[tuple[str, bool]]:
    """Breakable pieces with whether a space preceded each: words, and single CJK characters."""
    words: list[tuple[str, bool]] = []
    for chunk in text.split():
        if chunk.isascii():  # the common case: one breakable word
            words.append((chunk, True))
            continue
        run = ""
        spaced = True
        for ch in chunk:
            if _is_wide(ch):
                if run:
                    words.append((run, spaced))
                    spaced = False
                    run = ""
                words.append((ch, spaced))
                spaced = False
            else:
                run += ch
        if run:
            words.append((run, spaced))
    return words


def _cut(text: str, width: int) -> int:
    used = 0
    for index, ch in enumerate(text):
        used += display_width(ch)
        if used > width:
            return max(index, 1)
    return len(text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))
