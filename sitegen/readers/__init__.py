"""The reader registry: which reader reads a source file, chosen by its type."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath

from .. import plugins
from ..config import key_line
from ..errors import SitegenError
from ..model import ReadOptions, ReadResult
from . import captured, feeds, html, jsonl, markdown
from .fields import apply_defaults, check_defaults

DEFAULTS_FILE = "_defaults.toml"

Reader = Callable[[str, str, ReadOptions], ReadResult]

READERS: dict[str, Reader] = {
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".mdown": markdown.read,
    ".mkd": markdown.read,
    ".mkdn": markdown.read,
    ".xml": feeds.read,
    ".rss": feeds.read,
    ".atom": feeds.read,
    ".jsonl": jsonl.read,
    ".txt": captured.read,
    ".html": html.read,
    ".htm": html.read,
}


def reader_for(path: Path) -> Reader | None:
    """The reader for a file, or None when sitegen does not read this type. A plugin's
    reader for a type comes before sitegen's own."""
    suffix = path.suffix.lower()
    plugin = plugins.readers().get(suffix)
    return _guarded(plugin) if plugin else READERS.get(suffix)


@cache
def _guarded(plugin: plugins.Plugin) -> Reader:
    """A plugin's reader, whose failures are messages naming the plugin and the file."""

    def read(text: str, source: str, options: ReadOptions) -> ReadResult:
        try:
            result = plugin.value(text, source, options)
        except SitegenError:
            raise
        except Exception as err:
            raise SitegenError(
                f"the reader of plugin {plugin.origin} failed: {type(err).__name__}: {err}",
                source,
            ) from None
        if not isinstance(result, ReadResult):
            raise SitegenError(f"the reader of plugin {plugin.origin} gave no ReadResult", source)
        return result

    return read


def is_source(path: Path) -> bool:
    """Whether sitegen reads a file: a reader takes its type, and a name starting with
    ``_`` (another generator's own file, a folder's defaults) is only a section's page."""
    reader = reader_for(path)
    if path.name.startswith("_"):
        return reader is markdown.read and path.stem == markdown.SECTION_FILE
    return reader is not None


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


def read_source(
    path: Path, source: str, options: ReadOptions, data: bytes | None = None
) -> ReadResult:
    """Read one source file (whose bytes are ``data`` when given) with the reader its type
    calls for.

    A ``_defaults.toml`` beside the file supplies what its records lack: publisher,
    section(s), a fallback date; and the timezone its dates are printed in and the time
    it was captured (see ``folder_options``).
    """
    reader = reader_for(path)
    if reader is None:
        raise SitegenError("no reader for this file type", source)
    options, defaults = folder_options(path, source, options)
    data = path.read_bytes() if data is None else data
    result = reader(decode(data, source), source, options)
    return ReadResult(apply_defaults(result.records, defaults), result.warnings)


def folder_options(path: Path, source: str, options: ReadOptions) -> tuple[ReadOptions, dict]:
    """The read options for a source with its folder's ``_defaults.toml`` (its ``timezone``
    and ``captured`` time) taken in, and those defaults."""
    defaults_file = path.parent / DEFAULTS_FILE
    if not defaults_file.is_file():
        return options, {}
    defaults_name = str(PurePosixPath(source).parent / DEFAULTS_FILE)
    defaults = load_defaults(defaults_file, defaults_name, defaults_file.stat().st_mtime_ns)
    if "timezone" in defaults:
        options = replace(options, timezone=defaults["timezone"])
    if "captured" in defaults:
        options = replace(options, captured=defaults["captured"])
    return options, defaults


@lru_cache(maxsize=64)
def load_defaults(path: Path, name: str, mtime_ns: int) -> dict:
    """A folder's ``_defaults.toml``, validated (cached per file version)."""
    text = decode(path.read_bytes(), name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SitegenError(f"invalid TOML: {err}", name) from None

    def fail(key: str, message: str) -> SitegenError:
        return SitegenError(message, name, key_line(text, key))

    return check_defaults(data, fail)
