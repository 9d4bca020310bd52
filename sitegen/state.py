"""What one build leaves for the next, so that it redoes only what changed.

A full build is a partial build from an empty ``BuildState``. Sources are re-read only
when their file (or their folder's ``_defaults.toml``) changed. A page is rendered only
when the hash of its inputs — its context, its template with everything that template
extends, includes or imports, and the settings — differs from the last build's.
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass, field
from hashlib import blake2b
from pathlib import Path

import jinja2
from jinja2 import meta

from .model import Record

ENGINE = b"sitegen-pages-1"  # bump when rendering changes in ways the inputs do not show


@dataclass
class SourceEntry:
    stamp: tuple
    records: list[Record]
    warnings: list


@dataclass
class BuildState:
    """Kept by ``sitegen serve``/``watch`` between builds (and later in the cache)."""

    config_hash: str = ""
    sources: dict[str, SourceEntry] = field(default_factory=dict)  # source name -> entry
    pages: dict[str, str] = field(default_factory=dict)  # output path -> input hash
    output: Path | None = None  # the folder ``pages`` describes


def digest(*parts: bytes) -> str:
    h = blake2b(digest_size=16)
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def file_stamp(path: Path) -> tuple:
    try:
        st = path.stat()
    except FileNotFoundError:
        return ()
    return (st.st_mtime_ns, st.st_size)


def template_closures(env: jinja2.Environment) -> dict[str, str]:
    """Template name -> hash of its source and of every template it pulls in."""
    loader = env.loader
    assert loader is not None
    names = env.list_templates(extensions=["html", "xml"])
    sources: dict[str, str] = {}
    refs: dict[str, set[str] | None] = {}
    for name in names:
        source = loader.get_source(env, name)[0]
        sources[name] = source
        found = set(meta.find_referenced_templates(env.parse(source)))
        refs[name] = None if None in found else found  # None: chosen at run time, so any
    closures = {}
    for name in names:
        seen: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            if current in seen or current not in sources:
                continue
            seen.add(current)
            pulled = refs[current]
            stack.extend(sources if pulled is None else pulled)
        closures[name] = digest(*(f"{n}\0{sources[n]}".encode() for n in sorted(seen)))
    return closures


def canonical_bytes(value: object) -> bytes:
    """Bytes that depend only on the value: pickle without its memo.

    Plain pickle writes a back-reference when one object appears twice, so equal contexts
    built from differently shared objects would hash differently from build to build.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, 5)
    pickler.fast = True  # no memo (contexts hold no cycles)
    pickler.dump(value)
    return buffer.getvalue()


def page_hash(config_hash: str, template_hash: str, context: dict) -> str:
    """The hash of everything a page is rendered from."""
    return digest(ENGINE, config_hash.encode(), template_hash.encode(), canonical_bytes(context))
