"""Compile the human-edited knowledge into the runtime form the lookup path loads.

Sources: `data/codes/*.tsv` (facts), `data/errata/*.toml` (wrong claims),
`data/concepts/*.toml` (explanations), `data/references/*.toml`. Output:
`data/catalog.bin` (codes and indexes) and `data/knowledge.bin` (explanations),
`marshal` dumps of plain dicts, lists and tuples, which load in about a
millisecond without importing anything. `python -m sockerr.compile` rewrites
it; a test proves the shipped file equals a fresh compile.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tomllib
from typing import Any

from . import platforms as plat
from .catalog import FORMAT, compiled_path, data_dir, knowledge_path
from .errors import InvalidEntry
from .tables import (
    ALT_SEPARATOR,
    LOCALIZED_COLUMNS,
    Table,
    parse_int,
    parse_platform_values,
    parse_table,
    table_paths,
)


def source_paths(directory: str) -> list[str]:
    paths = [*table_paths(directory), os.path.join(directory, UI_NAME)]
    phrase_folder = os.path.join(directory, "phrases")
    if os.path.isdir(phrase_folder):
        paths += sorted(os.path.join(phrase_folder, n) for n in os.listdir(phrase_folder)
                        if n.endswith(".tsv"))
    for sub in ("errata", "concepts", "references"):
        folder = os.path.join(directory, sub)
        if os.path.isdir(folder):
            paths += sorted(
                os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".toml")
            )
    return paths


def source_digest(directory: str) -> str:
    digest = hashlib.sha256()
    for path in source_paths(directory):
        digest.update(os.path.relpath(path, directory).encode())
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def load_tables(directory: str) -> list[Table]:
    return [parse_table(path) for path in table_paths(directory)]


def load_toml_dir(directory: str, sub: str) -> list[tuple[str, dict[str, Any]]]:
    folder = os.path.join(directory, sub)
    if not os.path.isdir(folder):
        return []
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".toml"):
            continue
        path = os.path.join(folder, name)
        try:
            with open(path, "rb") as handle:
                out.append((path, tomllib.load(handle)))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InvalidEntry(path, f"cannot parse: {exc}") from exc
    return out


UI_NAME = "ui.toml"
UI_LANGUAGES = ("en", "zh")


def load_ui(directory: str) -> dict[str, Any]:
    """Front-end labels per language; every language must have every key of English."""
    path = os.path.join(directory, UI_NAME)
    try:
        with open(path, "rb") as handle:
            ui = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidEntry(path, f"cannot parse: {exc}") from exc
    for lang in UI_LANGUAGES:
        if lang not in ui:
            raise InvalidEntry(path, f"no [{lang}] table")
    return ui


CodeTuple = tuple[Any, ...]


def expand_codes(tables: list[Table]) -> list[CodeTuple]:
    """Rows of every table as runtime code tuples (the field order of models.Code)."""
    errno_values = _errno_values(tables)
    codes: list[CodeTuple] = []
    for table in tables:
        for row in table.rows:
            base = (
                row.get("symbol"),
                row.get("message"),
                row.get("concept"),
                row.get("alias_of") or None,
                tuple(
                    (tag, row.get(col))
                    for col, tag in LOCALIZED_COLUMNS.items()
                    if row.get(col)
                ),
                tuple(m.strip() for m in row.get("alt_messages").split(ALT_SEPARATOR) if m.strip()),
            )
            fixed = parse_int(row.get("value"))
            if table.family == "libuv":
                overrides = parse_platform_values(row.get("platform_values"))
                groups = _libuv_values(table, row.get("errno"), fixed, overrides, errno_values)
            else:
                groups = [(fixed, table.platforms)]
            for value, platforms in groups:
                symbol, message, concept, alias_of, localized, alt = base
                codes.append(
                    (table.family, table.name, symbol, value, tuple(platforms),
                     message, concept, alias_of, localized, alt)
                )
    return codes


def _errno_values(tables: list[Table]) -> dict[str, dict[str, int]]:
    values: dict[str, dict[str, int]] = {}
    for table in tables:
        if table.family != "errno":
            continue
        for platform in table.platforms:
            per = values.setdefault(platform, {})
            for row in table.rows:
                number = parse_int(row.get("value"))
                if number is not None:
                    per.setdefault(row.get("symbol"), number)
    return values


def _libuv_values(
    table: Table,
    errno_name: str,
    fixed: int | None,
    overrides: dict[str, int],
    errno_values: dict[str, dict[str, int]],
) -> list[tuple[int | None, tuple[str, ...]]]:
    """libuv negates the host errno on Unix when the name exists there, else uses `fixed`.

    `overrides` holds the numbers uv/errno.h hard-codes for particular systems.
    """
    by_value: dict[int | None, list[str]] = {}
    for platform in table.platforms:
        if platform in overrides:
            by_value.setdefault(overrides[platform], []).append(platform)
            continue
        value = fixed
        if errno_name and platform != "windows" and errno_name in errno_values.get(platform, {}):
            value = -errno_values[platform][errno_name]
        by_value.setdefault(value, []).append(platform)
    return [(value, tuple(platforms)) for value, platforms in by_value.items()]


def _name_keys(code: CodeTuple) -> list[str]:
    family, symbol = code[0], code[2]
    keys = [symbol.upper()]
    if family == "dotnet" and "." in symbol:
        keys.append(symbol.split(".", 1)[1].upper())
        keys.append("SYSTEM.NET.SOCKETS." + symbol.upper())
    if family == "python" and "." in symbol:
        keys.append(symbol.rsplit(".", 1)[1].upper())
    return keys


def build_runtime(directory: str | None = None) -> dict[str, Any]:
    directory = directory or data_dir()
    tables = load_tables(directory)
    codes = expand_codes(tables)
    by_value: dict[int, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    by_concept: dict[str, list[int]] = {}
    for index, code in enumerate(codes):
        if code[3] is not None:
            by_value.setdefault(code[3], []).append(index)
        for key in _name_keys(code):
            bucket = by_name.setdefault(key, [])
            if index not in bucket:
                bucket.append(index)
        by_concept.setdefault(code[6], []).append(index)
    for concept, indexes in by_concept.items():
        # Every concept id is a name too, even one no table spells (.NET's SOCKET_ERROR).
        by_name.setdefault(concept.upper(), list(indexes))
    errata: list[tuple[Any, ...]] = []
    by_trigger: dict[str, list[int]] = {}
    for path, entry in load_toml_dir(directory, "errata"):
        stem = os.path.splitext(os.path.basename(path))[0]
        record = _erratum_tuple(path, stem, entry)
        for trigger in record[1]:
            by_trigger.setdefault(normalize_trigger(trigger), []).append(len(errata))
        errata.append(record)
    from .phrases import build_index, ecosystem_phrases, message_phrases

    # Ecosystem wordings first: where one equals a system message (CRT's "timed out"),
    # the curated reading ranks ahead.
    phrases = ecosystem_phrases(directory, set(by_concept)) + message_phrases(codes)
    return {
        "format": FORMAT,
        "digest": source_digest(directory),
        # Only identification needs these: kept encoded, decoded on first use, so that
        # a plain lookup does not pay for them at start.
        "phrase_blob": marshal.dumps((phrases, build_index(phrases)), 4),
        "tables": {
            t.name: {
                "family": t.family,
                "platforms": t.platforms,
                "sources": t.sources,
                "notes": t.notes,
            }
            for t in tables
        },
        "codes": codes,
        "by_value": {k: tuple(v) for k, v in by_value.items()},
        "by_name": {k: tuple(v) for k, v in by_name.items()},
        "by_concept": {k: tuple(v) for k, v in by_concept.items()},
        "errata": errata,
        "errata_by_trigger": {k: tuple(v) for k, v in by_trigger.items()},
        "platforms": plat.ALL_PLATFORMS,
        "ui": load_ui(directory),
    }


def normalize_trigger(text: str) -> str:
    return " ".join(text.split()).upper()


def _erratum_tuple(path: str, stem: str, entry: dict[str, Any]) -> tuple[Any, ...]:
    try:
        claim, truth = entry["claim"], entry["truth"]
        return (
            stem,
            tuple(str(t) for t in entry["triggers"]),
            str(claim["en"]),
            str(claim["zh"]),
            str(truth["en"]),
            str(truth["zh"]),
            tuple(str(s) for s in entry.get("see", ())),
            tuple(str(s) for s in entry.get("sources", ())),
        )
    except (KeyError, TypeError) as exc:
        raise InvalidEntry(path, f"missing or malformed field {exc}") from exc


def load_references(directory: str) -> dict[str, dict[str, str]]:
    """Reference id -> {title, url}, merged from every file of data/references/."""
    merged: dict[str, dict[str, str]] = {}
    for path, table in load_toml_dir(directory, "references"):
        for key, value in table.items():
            if not isinstance(value, dict) or not value.get("title") or not value.get("url"):
                raise InvalidEntry(path, f"[{key}] needs a title and a url")
            if key in merged:
                raise InvalidEntry(path, f"[{key}] is defined twice")
            merged[key] = {"title": str(value["title"]), "url": str(value["url"])}
    return merged


def load_concepts(directory: str) -> dict[str, dict[str, Any]]:
    """Concept id (the file stem) -> its parsed entry."""
    return {
        os.path.splitext(os.path.basename(path))[0]: entry
        for path, entry in load_toml_dir(directory, "concepts")
    }


def build_knowledge(directory: str | None = None) -> dict[str, Any]:
    """The explanations, one marshal blob per concept so that a lookup decodes only its own."""
    directory = directory or data_dir()
    return {
        "format": FORMAT,
        "digest": source_digest(directory),
        "references": load_references(directory),
        "concepts": {
            concept: marshal.dumps(entry, 4)
            for concept, entry in sorted(load_concepts(directory).items())
        },
    }


def _write(target: str, value: Any) -> None:
    temporary = f"{target}.{os.getpid()}.tmp"  # several editors may compile at once
    with open(temporary, "wb") as handle:
        marshal.dump(value, handle, 4)
    os.replace(temporary, target)


def write_compiled(directory: str | None = None) -> list[str]:
    directory = directory or data_dir()
    targets = [compiled_path(directory), knowledge_path(directory)]
    _write(targets[0], build_runtime(directory))
    _write(targets[1], build_knowledge(directory))
    return targets


def main() -> int:
    try:
        targets = write_compiled()
    except InvalidEntry as exc:
        print(f"sockerr.compile: {exc}", file=sys.stderr)
        return 1
    for target in targets:
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
