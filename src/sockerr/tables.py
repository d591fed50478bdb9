"""Read the human-edited code tables (`data/codes/*.tsv`).

Only the compiler and the validator use this module; the lookup path reads
the compiled catalog instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from .errors import InvalidEntry
from .records import Record

REQUIRED_COLUMNS = ("symbol", "value", "message", "concept")
OPTIONAL_COLUMNS = (
    "alias_of", "errno", "platform_values", "message_zh_cn", "message_zh_tw", "alt_messages",
)
META_KEYS = ("table", "family", "platforms", "source", "note")
LOCALIZED_COLUMNS = {"message_zh_cn": "zh-CN", "message_zh_tw": "zh-TW"}
ALT_SEPARATOR = " | "


class Row(Record):
    line: int
    cells: tuple[tuple[str, str], ...]

    def get(self, column: str) -> str:
        for name, value in self.cells:
            if name == column:
                return value
        return ""


class Table(Record):
    path: str
    name: str
    family: str
    platforms: tuple[str, ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def codes_dir(data_dir: str) -> str:
    return os.path.join(data_dir, "codes")


def table_paths(data_dir: str) -> list[str]:
    folder = codes_dir(data_dir)
    return sorted(
        os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".tsv")
    )


def parse_table(path: str) -> Table:
    """Parse one table file; raises InvalidEntry on anything malformed."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidEntry(path, f"cannot read: {exc}") from exc
    meta: dict[str, list[str]] = {key: [] for key in META_KEYS}
    columns: tuple[str, ...] = ()
    rows: list[Row] = []
    for number, line in _lines(text):
        if not columns:
            if line.startswith("#"):
                key, sep, value = line[1:].strip().partition(":")
                key = key.strip()
                if sep and key in meta:
                    meta[key].append(value.strip())
                continue
            if not line.strip():
                continue
            columns = tuple(cell.strip() for cell in line.split("\t"))
            _check_columns(path, columns)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) > len(columns):
            raise InvalidEntry(
                path, f"line {number}: {len(cells)} cells, header has {len(columns)}"
            )
        cells += [""] * (len(columns) - len(cells))
        rows.append(Row(number, tuple(zip(columns, (c.strip() for c in cells), strict=True))))
    if not columns:
        raise InvalidEntry(path, "no header row")
    stem = os.path.splitext(os.path.basename(path))[0]
    for key in ("table", "family", "platforms"):
        if len(meta[key]) != 1:
            raise InvalidEntry(path, f"needs exactly one '# {key}:' line")
    platforms = tuple(p.strip() for p in meta["platforms"][0].split(",") if p.strip())
    return Table(
        path=path,
        name=meta["table"][0] or stem,
        family=meta["family"][0],
        platforms=platforms,
        sources=tuple(meta["source"]),
        notes=tuple(meta["note"]),
        columns=columns,
        rows=tuple(rows),
    )


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        yield number, line.rstrip("\r")


def _check_columns(path: str, columns: tuple[str, ...]) -> None:
    for required in REQUIRED_COLUMNS:
        if required not in columns:
            raise InvalidEntry(path, f"header lacks column {required!r}")
    for column in columns:
        if column not in REQUIRED_COLUMNS and column not in OPTIONAL_COLUMNS:
            raise InvalidEntry(path, f"unknown column {column!r}")
    if len(set(columns)) != len(columns):
        raise InvalidEntry(path, "a column appears twice")


def parse_platform_values(text: str) -> dict[str, int]:
    """`linux=-134; linux-mips=-169` -> {"linux": -134, "linux-mips": -169}. Raises ValueError."""
    values: dict[str, int] = {}
    for item in text.split(";"):
        if not item.strip():
            continue
        platform, sep, number = item.partition("=")
        if not sep:
            raise ValueError(f"{item.strip()!r} is not platform=value")
        values[platform.strip()] = int(number.strip(), 10)
    return values


def parse_int(text: str) -> int | None:
    """Decimal integer cell, or None when the cell is empty. Raises ValueError."""
    text = text.strip()
    if not text:
        return None
    return int(text, 10)
