"""What one build leaves for the next, so that it redoes only what changed.

A full build is a partial build from an empty ``BuildState``: the sources' entries (their
records and features), each page's input hash, the template closures, and, in one
process, the last site and compiled templates (``sitegen.hashing`` says how inputs are
hashed).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .render import Renderer
from .reuse import Snapshot
from .sources import Features, Scan, SourceEntry


@dataclass
class BuildState:
    """Kept by ``sitegen serve``/``watch`` between builds (and later in the cache)."""

    config_hash: str = ""
    sources: dict[str, SourceEntry] = field(default_factory=dict)  # source name -> entry
    pages: dict[str, str] = field(default_factory=dict)  # output path -> input hash
    output: Path | None = None  # the folder ``pages`` describes
    signature: str = ""  # digest of every input of the last build
    search_stale: bool = False  # the last build left the search index behind its articles
    templates: dict[str, str] = field(default_factory=dict)  # name -> closure hash, last build
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the last answer
    related_basis: str = ""  # digest of what that answer was worked out from
    page_count: int = 0
    next_change: datetime | None = None  # when the clock alone changes what is published
    last: Snapshot | None = None  # the last site and pages, in memory only (not cached)
    renderer: Renderer | None = None  # the last build's compiled templates, in memory only
    scanned: Scan | None = None  # the last build's sources, in memory only
    settled: bool = True  # ``sources`` are those ``pages`` were made from: no failed build since
    media_basis: str = ""  # digest of the media files' names and stamps, last build
    saved_pages: dict[str, str] | None = None  # the page hashes the cache holds, if known

    def features(self) -> dict[str, Features]:
        """Record key -> its features, for every record of every source."""
        found: dict[str, Features] = {}
        for entry in self.sources.values():
            if entry.keyed is None:  # once per entry: a rebuild reads few sources again
                pairs = zip(entry.unpack().records, entry.features, strict=True)
                entry.keyed = {record.key: features for record, features in pairs}
            found.update(entry.keyed)
        return found

    def start_over(self, config_hash: str, output: Path) -> None:
        """Forget the last builds: the settings or the output folder changed."""
        fresh = BuildState(config_hash=config_hash, output=output)
        for name in (f.name for f in dataclasses.fields(self)):
            setattr(self, name, getattr(fresh, name))
