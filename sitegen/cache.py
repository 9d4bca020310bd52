"""The persistent cache: what a build leaves for the next `sitegen build`, in SQLite.

It holds each source's records (keyed by the file's content, so a fresh git checkout
with new timestamps still hits) and each page's input hash. Pages are only trusted while
the output folder is the one the cache describes: the build writes a marker file there
whose content is a digest of every page hash, and a cache whose digest differs from the
marker is ignored for pages (sources still count). Anything unreadable is ignored too;
the cache never makes a build fail.
"""

from __future__ import annotations

import functools
import json
import pickle
import sqlite3
import sys
from contextlib import closing
from datetime import datetime
from pathlib import Path

from . import plugins
from .errors import SitegenError
from .hashing import ENGINE, digest
from .sources import SourceEntry
from .state import BuildState

VERSION = "sitegen-cache-9"  # bump when records, their features or page hashing change shape
MARKER = ".sitegen-build"  # in the output folder: which build wrote it, for which base URL


def marker_text(pages: dict[str, str], base_url: str) -> str:
    return f"{pages_digest(pages)}\n{base_url}\n"


def marker_digest(marker: Path) -> str:
    """The digest of the pages a build marker describes."""
    return marker.read_text().partition("\n")[0]


def built_base_url(output: Path) -> str | None:
    """The base URL the site in ``output`` was built for, as its build marker says."""
    try:
        return (output / MARKER).read_text().split("\n")[1] or None
    except (OSError, IndexError, UnicodeDecodeError):
        return None


def _key() -> str:
    # the page engine too: pages a build does not hash again keep their cached hash, so a
    # change to how pages are rendered must drop the cache, not just change new hashes
    python = f"python {sys.version_info[0]}.{sys.version_info[1]}"
    return f"{VERSION} {ENGINE.decode()} {python} {plugins.fingerprint()}".rstrip()


def _connect(folder: Path) -> sqlite3.Connection:
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / "state.sqlite")
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
    version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    if version is None or version[0] != _key():  # another shape: start it afresh
        db.executescript(
            "DROP TABLE IF EXISTS sources; DROP TABLE IF EXISTS records;DROP TABLE IF EXISTS pages;"
        )
        with db:
            db.execute("DELETE FROM meta")
    db.executescript(
        # a source's stamps apart from its records: a build that finds nothing changed
        # reads the small table alone, not every page of the records' blobs
        "CREATE TABLE IF NOT EXISTS sources (name TEXT PRIMARY KEY, stamp TEXT, content TEXT);"
        "CREATE TABLE IF NOT EXISTS records (name TEXT PRIMARY KEY, body BLOB);"
        "CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, hash TEXT);"
    )
    return db


class Blobs:
    """The cached records of every source, read from the cache in one query when the
    first of them is needed: a build that finds nothing changed reads none (at a million
    articles, gigabytes)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.rows: dict[str, bytes] | None = None

    def take(self, name: str) -> bytes:
        if self.rows is None:
            try:
                with closing(sqlite3.connect(self.folder / "state.sqlite")) as db:
                    self.rows = dict(db.execute("SELECT name, body FROM records"))
            except sqlite3.Error as err:
                raise SitegenError(
                    f"the build cache in {self.folder} could not be read ({err}); build "
                    "with --no-cache, or delete that folder"
                ) from None
        found = self.rows.pop(name, None)
        if found is None:
            raise SitegenError(
                f"the build cache in {self.folder} changed during the build; build again"
            )
        return found


def pages_digest(pages: dict[str, str]) -> str:
    """One digest of every page's path and input hash (no path holds a NUL)."""
    return digest("\0".join(f"{path}\0{h}" for path, h in sorted(pages.items())).encode())


def load(folder: Path, output: Path) -> BuildState:
    """The state the last build saved in ``folder`` (empty if none or unusable)."""
    state = BuildState()
    try:
        db = _connect(folder)
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta.get("version") != _key():
            return state
        rows = db.execute("SELECT name, stamp, content FROM sources")
        blobs = Blobs(folder)
        for name, stamp, content in rows:  # records are read only when used
            stamp = tuple(map(int, stamp.split()))
            packed = functools.partial(blobs.take, name)
            state.sources[name] = SourceEntry(stamp, [], [], content, packed=packed)
        state.config_hash = meta.get("config", "")
        related = json.loads(meta.get("related", "{}"))
        state.related_basis = related.get("basis", "")
        state.related = {key: tuple(keys) for key, keys in related.get("map", {}).items()}
        state.output = output
        pages = dict(db.execute("SELECT path, hash FROM pages"))
        state.saved_pages = pages
        marker = output / MARKER
        if pages and marker.is_file() and marker_digest(marker) == pages_digest(pages):
            state.pages = pages
            state.signature = meta.get("signature", "")
            state.templates = json.loads(meta.get("templates", "{}"))
            state.page_count = int(meta.get("pages", "0"))
            state.media_basis = meta.get("media", "")
            when = meta.get("next_change")
            state.next_change = datetime.fromisoformat(when) if when else None
        db.close()
    except (sqlite3.Error, pickle.UnpicklingError, EOFError, ValueError, TypeError, OSError):
        return BuildState()
    return state


def save(folder: Path, state: BuildState, changed_sources: list[str]) -> bool:
    """Write what changed since the last save; False if it could not be written."""
    try:
        db = _connect(folder)
        with db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (_key(),))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('config', ?)", (state.config_hash,))
            # a stale search index must be remade by the next process, whatever changed
            signature = "" if state.search_stale else state.signature
            db.execute("INSERT OR REPLACE INTO meta VALUES ('signature', ?)", (signature,))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('pages', ?)", (str(state.page_count),))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('media', ?)", (state.media_basis,))
            related = json.dumps({"basis": state.related_basis, "map": state.related})
            db.execute("INSERT OR REPLACE INTO meta VALUES ('related', ?)", (related,))
            templates = json.dumps(state.templates, sort_keys=True)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('templates', ?)", (templates,))
            when = state.next_change.isoformat() if state.next_change else ""
            db.execute("INSERT OR REPLACE INTO meta VALUES ('next_change', ?)", (when,))
            known = {row[0] for row in db.execute("SELECT name FROM sources")}
            for name in known - set(state.sources):
                db.execute("DELETE FROM sources WHERE name = ?", (name,))
                db.execute("DELETE FROM records WHERE name = ?", (name,))
            changed = set(changed_sources)
            for name in (n for n in state.sources if n in changed or n not in known):
                entry = state.sources[name]
                db.execute(
                    "INSERT OR REPLACE INTO sources VALUES (?, ?, ?)",
                    (name, " ".join(map(str, entry.stamp)), entry.content),
                )
                if not callable(entry.packed):  # else the records there are still its own
                    db.execute("INSERT OR REPLACE INTO records VALUES (?, ?)", (name, entry.pack()))
            saved = state.saved_pages
            if saved is None:
                db.execute("DELETE FROM pages")
                saved = {}
            gone = saved.keys() - state.pages.keys()
            db.executemany("DELETE FROM pages WHERE path = ?", ((path,) for path in gone))
            changed = ((p, h) for p, h in state.pages.items() if saved.get(p) != h)
            db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?)", changed)
        db.close()
        state.saved_pages = state.pages
    except (sqlite3.Error, OSError):
        return False  # a cache that cannot be written costs the next build time, nothing else
    return True
