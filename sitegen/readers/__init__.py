"""The reader registry: which reader reads a source file, chosen by its type."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import SitegenError
from ..model import ReadOptions, ReadResult
from . import feeds, jsonl, markdown

Reader = Callable[[str, str, ReadOptions], ReadResult]

READERS: dict[str, Reader] = {
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".xml": feeds.read,
    ".rss": feeds.read,
    ".atom": feeds.read,
    ".jsonl": jsonl.read,
}


def reader_for(path: Path) -> Reader | None:
    """The reader for a file, or None when sitegen does not read this type."""
    return READERS.get(path.suffix.lower())


def decode(data: bytes, source: str) -> str:
    """Bytes → text; a file that is not UTF-8 is an error naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SitegenError(
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "save the file as UTF-8",
            source,
            line,
        ) from None


def read_source(path: Path, source: str, options: ReadOptions) -> ReadResult:
    """Read one source file with the reader its type calls for."""
    reader = reader_for(path)
    if reader is None:
        raise SitegenError("no reader for this file type", source)
    return reader(decode(path.read_bytes(), source), source, options)
