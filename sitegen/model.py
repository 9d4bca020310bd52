"""The records sitegen works on: frozen, typed, plain data that pickles across processes.

Readers produce ``Record``s. ``sitegen.site.assemble`` turns them into a ``Site``:
articles, authors, tags and sections keyed by slug, related to each other by key.
"""

from __future__ import annotations

import sys
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .errors import Problem

if TYPE_CHECKING:
    from .bodies import Spilled

KINDS = ("article", "teaser", "listing", "brief", "profile", "section")


MARKDOWN_ENGINES = ("python-markdown", "pulldown-cmark")  # the default first


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What a reader needs to know about the site; small so it can go to worker processes."""

    timezone: str = "UTC"
    trust_html: bool = False
    summary_chars: int = 240
    captured: datetime | None = None  # when a folder's sources were saved: "3 hours ago"
    markdown_engine: str = MARKDOWN_ENGINES[0]


def pack_body(html: str) -> bytes:
    """A body as a record keeps it: compressed UTF-8. Text with one curly quote is stored
    two bytes a character, so a news body held as ``str`` takes 3.7 times as much: at
    100,000 articles, half a gigabyte in every process of a build. Unpacking takes 20 µs."""
    return zlib.compress(html.encode("utf-8"), 1) if html else b""


@dataclass(frozen=True, slots=True)
class Record:
    """One item a reader found in a source file.

    Every reader fills this one structure. A ``profile`` record describes a person
    (``title`` is the name, ``role`` and ``body_html`` the role and bio) and feeds
    the author page instead of becoming an article; a ``section`` record (Hugo's
    ``_index.md``) names its folder's section and gives the section page's introduction.
    """

    source: str  # path relative to the site root, '/'-separated
    line: int  # 1-based line in the source where the record starts
    index: int  # position among the records of its source
    kind: str = "article"
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: datetime | None = None  # timezone-aware
    updated: datetime | None = None  # timezone-aware
    expires: datetime | None = None  # timezone-aware: not published from then on
    date_only: bool = False  # the source gave a day, not a time of day
    sections: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # derived tags (sitegen.topics), kept apart from the source's
    publisher: str | None = None
    summary: str | None = None  # plain text
    # the body's HTML, packed (``pack_body``), or kept on disk by the build that holds the
    # record (``bodies.Spilled``): read it as ``body_html``
    body: bytes | Spilled = b""
    slug: str | None = None  # an explicit slug from the source
    draft: bool = False
    role: str | None = None
    derived: frozenset[str] = frozenset()  # fields the reader derived (e.g. "title", "summary")
    extra: dict[str, Any] = field(default_factory=dict)  # free-form keys from the source

    @property
    def key(self) -> str:
        """A stable identity: source path and position in it (one shared string per key:
        every index of the site holds keys, and at 100,000 records copies add up)."""
        return sys.intern(f"{self.source}#{self.index}")

    @property
    def body_html(self) -> str:
        """The body, HTML sanitized unless the site trusts its sources."""
        return zlib.decompress(bytes(self.body)).decode("utf-8") if self.body else ""

    @property
    def about_term(self) -> bool:
        """Whether it describes an author or a section rather than being published."""
        return self.kind in ("profile", "section")


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a reader returns for one source: its records and any warnings."""

    records: list[Record]
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Article:
    """A published record: its record plus the slug, URL and related keys the site gave it."""

    record: Record
    slug: str
    url: str  # site-relative, e.g. "2024/05/01/slug/"
    authors: tuple[str, ...]  # author slugs
    tags: tuple[str, ...]  # tag slugs
    sections: tuple[str, ...]  # section slugs
    date: datetime | None  # the record's date in the site's timezone
    updated: datetime | None

    @property
    def key(self) -> str:
        return self.record.key

    @property
    def title(self) -> str:
        return self.record.title or "Untitled"


@dataclass(frozen=True, slots=True)
class Term:
    """An author, tag or section: a name, its slug and the articles filed under it."""

    slug: str
    name: str
    articles: tuple[str, ...]  # article keys, in listing order
    role: str | None = None  # authors only, from a profile
    about_html: str = ""  # an author's bio (a profile), a section's introduction (_index.md)
    derived: bool = False  # tags only: every use of it was derived (sitegen.topics)


@dataclass(frozen=True)
class Site:
    """Everything the pages are rendered from. Collections map slug (or key) to record."""

    articles: dict[str, Article]  # key -> article, in listing order: newest first
    authors: dict[str, Term]
    tags: dict[str, Term]
    sections: dict[str, Term]
    archive: dict[int, dict[int, tuple[str, ...]]]  # year -> month -> article keys
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other reports of a story
    intro_html: str = ""  # the front page's introduction (content/_index.md)
    warnings: tuple[Problem, ...] = ()
