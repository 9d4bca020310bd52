"""Saved RSS and Atom feeds: one record per entry, read with feedparser.

feedparser copes with the many dialects of RSS and Atom found in the wild and cleans
entry HTML; sitegen sanitizes the result again with its own rules.
"""

from __future__ import annotations

import calendar
import io
import re
from datetime import UTC, datetime

import feedparser

from ..errors import Problem, SitegenError
from ..model import ReadOptions, ReadResult
from ..text import html_to_text
from .fields import make_record
from .markdown import sanitize

_CONTENT_KEYS = ("title", "summary", "content", "link")
_ENTRY = re.compile(r"<(?:\w+:)?(?:item|entry)[\s>]")
# RSS writes "ann@example.org (Ann Lee)"; feedparser may leave part of the address before "(".
_NAME_IN_PARENS = re.compile(r"^[^(]*\(([^()]+)\)?\s*$")


def read(text: str, source: str, options: ReadOptions) -> ReadResult:
    # as a stream: given a string, feedparser fetches it if it looks like a URL and opens
    # it if it names a file, so a source holding "http://…" or "/etc/passwd" would be read
    feed = feedparser.parse(io.BytesIO(text.lstrip("\ufeff").encode("utf-8")))
    entries = [e for e in feed.entries if any(e.get(k) for k in _CONTENT_KEYS)]
    warnings = []
    if feed.bozo:
        error = feed.bozo_exception
        line = error.getLineNumber() if hasattr(error, "getLineNumber") else 0
        if not entries:
            raise SitegenError(f"not a readable RSS or Atom feed: {error}", source, line)
        warnings.append(Problem(source, line, f"feed is not well-formed, read anyway: {error}"))
    lines = [text.count("\n", 0, m.start()) + 1 for m in _ENTRY.finditer(text)]
    publisher = feed.feed.get("title") or None
    records = []
    for index, entry in enumerate(entries):
        fields = {
            "title": html_to_text(entry.get("title", "")) or None,
            "authors": _authors(entry),
            "tags": tuple(t["term"] for t in entry.get("tags", []) if t.get("term")),
            "publisher": publisher,
            "summary": html_to_text(entry.get("summary", "")) or None,
            "date": _when(entry, "published") or _when(entry, "updated"),
            "updated": _when(entry, "updated") if _when(entry, "published") else None,
        }
        # the entry's identity: its captures in later fetches are one article (merge)
        identity = {"id": entry.get("id"), "link": entry.get("link")}
        if any(identity.values()):
            fields["extra"] = {key: value for key, value in identity.items() if value}
        content = entry.get("content") or [{"value": entry.get("summary", "")}]
        html = "\n".join(c.get("value", "") for c in content)
        html = html if options.trust_html else sanitize(html)
        line = lines[index] if index < len(lines) else 1
        records.append(make_record(source, line, index, fields, html, options))
    if not records:
        warnings.append(Problem(source, 0, "feed has no entries"))
    return ReadResult(records, warnings)


def _when(entry, key: str) -> datetime | None:
    # dict.get: feedparser's own get() quietly answers "updated" with the published date
    parsed = dict.get(entry, f"{key}_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


def _authors(entry) -> tuple[str, ...]:
    names = []
    for author in entry.get("authors", []):
        name = (author.get("name") or "").strip()
        name = _NAME_IN_PARENS.sub(r"\1", name).strip()
        if name and "@" not in name and name not in names:
            names.append(name)
    return tuple(names)
