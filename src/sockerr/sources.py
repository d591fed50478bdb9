"""The edges of scanning: find the input files, open them (decompressing), read blocks.

Nothing here writes to an input; every failure becomes a one-line warning.
"""

from __future__ import annotations

import fnmatch
import itertools
import os
from collections.abc import Callable, Iterator
from typing import IO, Any

BLOCK = 4 << 20
SNIFF = 8192
MAGIC = {
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"\x28\xb5\x2f\xfd": "zstd",
}
SUFFIXES = {".gz": "gzip", ".tgz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".lzma": "xz",
            ".zst": "zstd", ".zstd": "zstd"}

Warn = Callable[[str], None]


def expand(paths: list[str], glob: list[str] | None, warn: Warn) -> Iterator[str]:
    """Files to read, in a stable order: directories walked recursively, `-` kept as is."""
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            found = False
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if glob and not any(fnmatch.fnmatch(name, g) for g in glob):
                        continue
                    found = True
                    yield os.path.join(root, name)
            if not found:
                warn(f"{path}: no files to read" + (" matching --glob" if glob else ""))
        elif os.path.exists(path):
            yield path
        else:
            warn(f"{path}: no such file or directory")


def compression(path: str, head: bytes) -> str | None:
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    return SUFFIXES.get(os.path.splitext(path)[1].lower()) if not head else None


def open_stream(path: str, raw: IO[bytes]) -> tuple[Any, str | None]:
    """A readable binary stream of the decompressed content, and the compression found."""
    peek = getattr(raw, "peek", None)
    head = peek(SNIFF)[:SNIFF] if peek is not None else b""
    kind = compression(path, head)
    # Each decompressor is imported when a file needs it: most scans read plain text.
    if kind == "gzip":
        import gzip

        return gzip.GzipFile(fileobj=raw), kind
    if kind == "bzip2":
        import bz2

        return bz2.BZ2File(raw), kind
    if kind == "xz":
        import lzma

        return lzma.LZMAFile(raw), kind
    if kind == "zstd":
        try:
            import zstandard
        except ImportError as exc:
            raise OSError("zstandard is not installed: cannot read .zst") from exc
        return zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True), kind
    return raw, None


def blocks(stream: IO[bytes], size: int = BLOCK, limit: int | None = None
           ) -> Iterator[bytes | bytearray]:
    """Blocks of a stream, at most `limit` bytes in all.

    A full block is one buffer, refilled for the next (a fresh 4 MiB object per block
    costs page faults): use each block before asking for the next, and keep copies only.
    """
    buffer = bytearray(size)
    view = memoryview(buffer)
    left = limit
    while left is None or left > 0:
        want = size if left is None else min(size, left)
        count = stream.readinto(view[:want])  # type: ignore[attr-defined]
        if not count:
            return
        if left is not None:
            left -= count
        yield buffer if count == size else buffer[:count]


def looks_binary(head: bytes | bytearray) -> bool:
    """Like grep: a NUL byte in the first block means binary data, not a log."""
    return b"\x00" in head[:SNIFF]


def split_points(path: str, parts: int) -> list[tuple[int, int]]:
    """Byte ranges of a plain file, cut just after newlines, one per part."""
    size = os.path.getsize(path)
    if parts <= 1 or size == 0:
        return [(0, size)]
    cuts = [0]
    with open(path, "rb") as handle:
        for index in range(1, parts):
            handle.seek(size * index // parts)
            handle.readline()
            cuts.append(min(handle.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a] or [(0, size)]
