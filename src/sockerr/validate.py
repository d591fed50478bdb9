"""Integrity checks over the shipped knowledge: a list of problems, empty when sound.

Run by `sockerr check` and by the test suite on the shipped data.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from . import platforms as plat
from .catalog import data_dir
from .compile import load_concepts, load_references, load_toml_dir, load_ui
from .errors import InvalidEntry
from .records import Record
from .tables import (
    LOCALIZED_COLUMNS,
    Table,
    parse_int,
    parse_platform_values,
    parse_table,
    table_paths,
)

VALUELESS_FAMILIES = ("python", "node")
# Families where one name may stand for several concepts (BlockingIOError: EAGAIN,
# EINPROGRESS, ...; Node's ENOTFOUND: EAI_NONAME and EAI_NODATA).
MULTI_CONCEPT_FAMILIES = ("python", "node")
SOURCE_MARKERS = ("@", "://")  # repo@commit:path, or a document's address


class Problem(Record):
    where: str
    message: str


def check(directory: str | None = None) -> list[Problem]:
    directory = directory or data_dir()
    problems: list[Problem] = []
    tables: list[Table] = []
    for path in table_paths(directory):
        try:
            tables.append(parse_table(path))
        except InvalidEntry as exc:
            problems.append(Problem(_short(exc.path, directory), exc.problem))
    for table in tables:
        problems += check_table(table, directory)
    problems += check_across_tables(tables)
    problems += check_localized_evidence(tables, directory)
    concepts = {row.get("concept") for t in tables for row in t.rows}
    problems += check_errata(directory, concepts)
    problems += check_concepts(directory, concepts)
    try:
        load_ui(directory)
    except InvalidEntry as exc:
        problems.append(Problem(_short(exc.path, directory), exc.problem))
    return problems


def _short(path: str, directory: str) -> str:
    return os.path.relpath(path, directory)


def check_table(table: Table, directory: str) -> list[Problem]:
    where = _short(table.path, directory)
    problems: list[Problem] = []

    def problem(message: str, line: int | None = None) -> None:
        problems.append(Problem(f"{where}:{line}" if line else where, message))

    stem = os.path.splitext(os.path.basename(table.path))[0]
    if table.name != stem:
        problem(f"'# table: {table.name}' does not match the file name")
    if table.family not in plat.FAMILIES:
        problem(f"unknown family {table.family!r}")
    for platform in table.platforms:
        if platform not in plat.ALL_PLATFORMS:
            problem(f"unknown platform {platform!r}")
    if not table.platforms:
        problem("no platforms")
    if not table.sources:
        problem("no '# source:' line")
    for source in table.sources:
        if not any(marker in source for marker in SOURCE_MARKERS):
            problem(f"source does not name repo@commit:path or an address: {source!r}")
    if not table.rows:
        problem("no rows")
    symbols: dict[tuple[str, str], int] = {}
    values: dict[str, int | None] = {}
    for row in table.rows:
        symbol = row.get("symbol")
        if not symbol:
            problem("empty symbol", row.line)
            continue
        key = (symbol, row.get("concept") if table.family in MULTI_CONCEPT_FAMILIES else "")
        if key in symbols:
            problem(f"{symbol} appears twice (first on line {symbols[key]})", row.line)
        symbols[key] = row.line
        try:
            value = parse_int(row.get("value"))
        except ValueError:
            problem(f"{symbol}: value {row.get('value')!r} is not a decimal integer", row.line)
            continue
        if value is None and table.family not in VALUELESS_FAMILIES:
            problem(f"{symbol}: no value", row.line)
        values[symbol] = value
        if not row.get("concept"):
            problem(f"{symbol}: no concept", row.line)
        if table.family == "libuv" and row.get("errno") and not row.get("errno").startswith("E"):
            problem(f"{symbol}: errno column {row.get('errno')!r} is not an errno name", row.line)
        try:
            overrides = parse_platform_values(row.get("platform_values"))
        except ValueError as exc:
            problem(f"{symbol}: platform_values: {exc}", row.line)
            overrides = {}
        for platform in overrides:
            if platform not in table.platforms:
                problem(f"{symbol}: platform_values names {platform}, not a platform of the table",
                        row.line)
        if "\ufffd" in "".join(v for _, v in row.cells):
            problem(f"{symbol}: text holds a replacement character", row.line)
    for row in table.rows:
        alias = row.get("alias_of")
        if not alias:
            continue
        symbol = row.get("symbol")
        if alias not in values:
            problem(f"{symbol}: alias_of {alias} is not a symbol of this table", row.line)
        elif table.family in ("errno", "eai", "h_errno") and values[alias] != values.get(symbol):
            problem(f"{symbol}: alias of {alias} but the values differ", row.line)
    return problems


def check_across_tables(tables: Iterable[Table]) -> list[Problem]:
    """No symbol defined twice for one platform within a family."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], str] = {}
    for table in tables:
        if table.family in MULTI_CONCEPT_FAMILIES:
            continue
        for row in table.rows:
            for platform in table.platforms:
                key = (table.family, platform, row.get("symbol"))
                if key in seen and seen[key] != table.name:
                    problems.append(Problem(
                        f"{table.name}:{row.line}",
                        f"{row.get('symbol')} on {platform} is also defined by {seen[key]}",
                    ))
                seen.setdefault(key, table.name)
    return problems


def check_localized_evidence(tables: Iterable[Table], directory: str) -> list[Problem]:
    """Every localized message must be backed by a recorded public occurrence."""
    evidence_path = os.path.join(directory, "evidence", "winsock-localized.tsv")
    recorded: set[tuple[str, str, str]] = set()
    if os.path.exists(evidence_path):
        with open(evidence_path, encoding="utf-8") as handle:
            lines = [line.rstrip("\n") for line in handle if line.strip()]
        rows = [line.split("\t") for line in lines if not line.startswith("#")]
        header = rows[0] if rows else []
        for cells in rows[1:]:
            record = dict(zip(header, cells, strict=False))
            recorded.add((record.get("code", ""), record.get("lang", ""),
                          record.get("message", "")))
    problems: list[Problem] = []
    for table in tables:
        for row in table.rows:
            for column, tag in LOCALIZED_COLUMNS.items():
                text = row.get(column)
                if text and (row.get("value"), tag, text) not in recorded:
                    problems.append(Problem(
                        f"{table.name}:{row.line}",
                        f"{row.get('symbol')} {tag} text has no recorded occurrence in "
                        "evidence/winsock-localized.tsv",
                    ))
    return problems


def check_errata(directory: str, concepts: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    try:
        entries = load_toml_dir(directory, "errata")
    except InvalidEntry as exc:
        return [Problem(_short(exc.path, directory), exc.problem)]
    for path, entry in entries:
        where = _short(path, directory)
        problems += _check_erratum(where, entry, concepts)
    return problems


def _check_erratum(where: str, entry: dict[str, Any], concepts: set[str]) -> list[Problem]:
    problems = []
    if not entry.get("triggers"):
        problems.append(Problem(where, "no triggers"))
    for part in ("claim", "truth"):
        texts = entry.get(part)
        if not isinstance(texts, dict):
            problems.append(Problem(where, f"no [{part}] table"))
            continue
        for lang in ("en", "zh"):
            if not str(texts.get(lang, "")).strip():
                problems.append(Problem(where, f"{part}.{lang} is empty"))
    for concept in entry.get("see", ()):
        if concept not in concepts:
            problems.append(Problem(where, f"see: {concept} is not a concept of any table"))
    if not entry.get("sources"):
        problems.append(Problem(where, "no sources"))
    return problems


def check_concepts(directory: str, concepts: set[str]) -> list[Problem]:
    """Every concept entry follows the schema and names only things that exist."""
    from .knowledge import check_entry

    try:
        references = load_references(directory)
        entries = load_concepts(directory)
    except InvalidEntry as exc:
        return [Problem(_short(exc.path, directory), exc.problem)]
    reference_ids = set(references)
    scenarios = _scenario_names()
    problems: list[Problem] = []
    for concept, entry in entries.items():
        where = os.path.join("concepts", f"{concept}.toml")
        if concept not in concepts:
            problems.append(Problem(where, f"{concept} is not a concept of any code table"))
        cited = {ref.split("#", 1)[0] for ref in entry.get("references", []) or []}
        for message in check_entry(
            {**entry, "references": sorted(cited)},
            concepts=concepts,
            references=reference_ids,
            scenarios=scenarios,
        ):
            problems.append(Problem(where, message))
    return problems


def _scenario_names() -> list[str] | None:
    """Names of the lab's scenarios, or None where the lab cannot be loaded."""
    try:
        from .lab import all_scenarios
    except ImportError:
        return None
    return [s.name for s in all_scenarios()]
