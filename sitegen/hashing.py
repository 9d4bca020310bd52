"""Hashing what pages and sources are made from: digests of bytes and files, file stamps,
template closures, and the fingerprints of page contexts.

A page is rendered only when the hash of its inputs (its context, its template with
everything that template extends, includes or imports, and the settings) differs from
the last build's; a source is re-read only when its stamp, then its digest, changed.
"""

from __future__ import annotations

import dataclasses
import io
import marshal
import os
import pickle
from datetime import datetime
from functools import lru_cache
from hashlib import blake2b
from pathlib import Path

import jinja2
from jinja2 import meta

from .render import TEMPLATE_TYPES

ENGINE = b"sitegen-pages-3"  # bump when rendering changes in ways the inputs do not show


def digest(*parts: bytes) -> str:
    h = blake2b(digest_size=16)
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def content_digest(*paths: Path) -> str:
    """Digest of the files' bytes (a missing file counts as empty)."""
    return source_digest(paths[0].read_bytes() if paths[0].is_file() else b"", *paths[1:])


def source_digest(data: bytes, *more: Path) -> str:
    """``content_digest`` of a file already read (``data``) and the files ``more``."""
    return digest(data, *(p.read_bytes() if p.is_file() else b"" for p in more))


def file_stamp(path: Path | str) -> tuple:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ()
    return (st.st_mtime_ns, st.st_size)


def template_closures(env: jinja2.Environment) -> dict[str, str]:
    """Template name -> hash of its source and of every template it pulls in."""
    loader = env.loader
    assert loader is not None
    names = env.list_templates(extensions=TEMPLATE_TYPES)
    sources: dict[str, str] = {}
    refs: dict[str, frozenset[str] | None] = {}
    for name in names:
        sources[name] = source = loader.get_source(env, name)[0]
        refs[name] = _referenced(env, source)
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


@lru_cache(maxsize=256)  # the dev server asks again on every build, mostly of the same text
def _referenced(env: jinja2.Environment, source: str) -> frozenset[str] | None:
    """The templates ``source`` extends, includes or imports; None: chosen at run time."""
    try:
        found = set(meta.find_referenced_templates(env.parse(source)))
    except jinja2.TemplateSyntaxError:
        return None  # any: the error is reported when the templates are compiled
    return None if None in found else frozenset(found)


def canonical_bytes(value: object) -> bytes:
    """Bytes that depend only on the value: pickle without its memo.

    Plain pickle writes a back-reference when one object appears twice, so equal values
    built from differently shared objects would hash differently from build to build.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, 5)
    pickler.fast = True  # no memo (the values hashed hold no cycles)
    pickler.dump(value)
    return buffer.getvalue()


_SCALARS = frozenset({str, int, float, bool, type(None)})  # marshal writes them exactly


class Fingerprints:
    """Digests of page contexts by value.

    A value becomes a skeleton that ``marshal`` (format 2: no back-references, no
    interning marks, so equal values give equal bytes) writes in one call: strings, numbers,
    lists, tuples and dicts stay as they are; what marshal cannot write, or would write
    ambiguously, becomes tagged bytes (no context holds bytes of its own: those are tagged
    too). A dataclass becomes its digest, worked out once per object (unless its class sets
    ``fingerprint_kept = False``: a story, holding a whole body): an article's card is
    on its author, tag, section, archive and index pages. Sets are sorted by their items'
    bytes, so their order does not follow string hashing, which differs per process.
    """

    def __init__(self) -> None:
        self.memo: dict[int, tuple[object, bytes]] = {}
        self.fields: dict[type, tuple[str, ...] | None] = {}

    def of(self, value: object) -> bytes:
        data = marshal.dumps(self._plain(value), 2)
        return blake2b(data, digest_size=16).hexdigest().encode()

    def _plain(self, value: object) -> object:
        kind = type(value)
        if kind in _SCALARS:
            return value
        if kind is list or kind is tuple:  # all scalars is the common case: checked in C
            return value if _SCALARS.issuperset(map(type, value)) else kind(map(self._plain, value))  # type: ignore[call-overload]
        if kind is dict:
            plain = self._plain
            if _SCALARS.issuperset(map(type, value)):  # type: ignore[arg-type]
                if _SCALARS.issuperset(map(type, value.values())):  # type: ignore[union-attr]
                    return value
                return {k: plain(v) for k, v in value.items()}  # type: ignore[union-attr]
            return {plain(k): plain(v) for k, v in value.items()}  # type: ignore[union-attr]
        if kind is datetime:
            return b"t" + f"{value.isoformat()}:{value.tzinfo!s}".encode()  # type: ignore[union-attr]
        hit = self.memo.get(id(value))  # a dataclass seen before, most often
        if hit is not None and hit[0] is value:
            return hit[1]
        return self._other(value)

    def _other(self, value: object) -> object:
        if isinstance(value, str):  # Markup and other subclasses: escaped differently
            return (
                b"s"
                + type(value).__qualname__.encode()
                + b"\0"
                + value.encode("utf-8", "surrogatepass")
            )
        if isinstance(value, (bytes, bytearray)):
            return b"b" + bytes(value)
        if isinstance(value, (set, frozenset)):
            items = sorted(marshal.dumps(self._plain(item), 2) for item in value)
            return (b"set", *items)
        cls = type(value)
        if cls not in self.fields:
            is_dc = dataclasses.is_dataclass(cls)
            self.fields[cls] = tuple(f.name for f in dataclasses.fields(cls)) if is_dc else None
        names = self.fields[cls]
        if names is None:
            return b"r" + cls.__qualname__.encode() + b"\0" + repr(value).encode()
        skeleton = (cls.__qualname__, *(self._plain(getattr(value, name)) for name in names))
        data = marshal.dumps(skeleton, 2)
        result = b"d" + blake2b(data, digest_size=16).digest()
        if getattr(cls, "fingerprint_kept", True):
            self.memo[id(value)] = (value, result)  # holding the value keeps its id from reuse
        return result


def page_hash(config_hash: str, template_hash: str, context: dict, prints: Fingerprints) -> str:
    """The hash of everything a page is rendered from."""
    return digest(ENGINE, config_hash.encode(), template_hash.encode(), prints.of(context))
