"""Reusing the last build's site when an edit leaves its shape alone.

Between builds in one process (``sitegen serve`` and ``watch``), most edits change an
article's text, not what the site is made of: the same articles, in the same order, each
with the same title, date, authors, tags and sections. Such an edit gives the same site
model, page list and views but for the edited articles' cards and stories, so those are
all that is made again, and only the pages that show an edited article are hashed to see
whether they changed (Hugo's dependency tracking, in one map: article key -> pages).

Anything else (an article added, removed, moved, retitled, redated or retagged; an author
profile edited; other related coverage) takes the whole path, as a first build does.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field, replace
from hashlib import blake2b

from .merge import is_capture
from .model import Record, Site
from .plan import PageSpec
from .sources import Features, SourceEntry
from .stories import related_reports
from .views import Views, body_minutes

# What assemble and plan read from a record (where it is, what it is called, when and
# where it is filed) and the dates every sitemap shows. The rest (body, summary, extras,
# publisher) shows only on the pages that list or carry the article.
SHAPE = (
    "source",
    "line",
    "index",
    "kind",
    "title",
    "authors",
    "date",
    "updated",
    "expires",
    "draft",
    "sections",
    "tags",
    "topics",
    "slug",
)


def shape(record: Record) -> tuple:
    fields = tuple(getattr(record, name) for name in SHAPE)
    if record.about_term:  # a profile's bio, a section's introduction: on their term pages
        return fields + (record.role, record.body)
    return fields


@dataclass
class Snapshot:
    """What the last successful build made, kept in memory for the next one."""

    basis: tuple  # the settings and the static files (a static robots.txt drops a page)
    read: list[Record]  # as the sources gave them, each article's captures merged
    features: dict[str, Features]  # of those, by key
    records: list[Record]  # with their derived topics: what the site is made of
    related: dict[str, tuple[str, ...]]
    site: Site
    specs: list[PageSpec]
    views: Views
    readers: dict[str, list[int]] | None = field(default=None, repr=False)
    paths: list[str] = field(default_factory=list, repr=False)  # each spec's output path

    def __post_init__(self) -> None:
        if not self.paths:
            self.paths = [spec.output_path for spec in self.specs]

    def pages_showing(self, keys: list[str]) -> set[int]:
        """Numbers of the specs whose context holds one of these articles."""
        if self.readers is None:  # made once for a site shape, then handed on
            readers: dict[str, list[int]] = {}
            for number, spec in enumerate(self.specs):
                for key in dict.fromkeys(self.views.shows(spec)):
                    readers.setdefault(key, []).append(number)
            self.readers = readers
        return {number for key in keys for number in self.readers.get(key, ())}


def _edits(pairs: Iterable[tuple[Record, Record]]) -> list[Record] | None:
    """The records that differ from the ones they replace, when none of them differs in
    shape; otherwise None."""
    edited = []
    for before, after in pairs:
        if before is after or before == after:
            continue
        if shape(before) != shape(after):
            return None
        edited.append(after)
    return edited


def changed_records(last: Snapshot, records: list[Record]) -> list[Record] | None:
    """The records that differ from the last build's, when none of them differs in shape
    and none came, went or moved; otherwise None."""
    if len(last.records) != len(records):
        return None
    return _edits(zip(last.records, records, strict=True))


def edited_keys(
    replaced: dict[str, SourceEntry | None],
    known: dict[str, SourceEntry],
    merged: Container[str] = (),
) -> list[str] | None:
    """Keys of the records that differ in the sources read again (``replaced`` holds their
    entries before), when every one of those records kept its shape and the names it
    mentions (so every derived topic stays too); None when one did not, or a source came
    or went. With no snapshot of the last site (a new process), this is how a build
    knows which pages an edit can have changed.

    ``merged``: the keys of the captures ``sitegen.merge`` made one record of. An edited
    capture among them, or one whose lede or derived fields changed (so it may have been
    among them last time), is None too: its article's text, key and shape are its group's.
    """
    keys = []
    for name, before in replaced.items():
        after = known.get(name)
        if before is None or after is None:
            return None
        before.unpack()
        if len(before.records) != len(after.records):
            return None
        edited = _edits(zip(before.records, after.records, strict=True))
        features = list(zip(before.features, after.features, strict=True))
        if edited is None or any(old.mentions != new.mentions for old, new in features):
            return None
        pairs = zip(before.records, after.records, features, strict=True)
        if any(
            old != new
            and is_capture(new)
            and (new.key in merged or was.shingles != now.shingles or old.derived != new.derived)
            for old, new, (was, now) in pairs
        ):
            return None
        keys += [record.key for record in edited]
    return keys


def same_ledes(last: Snapshot, read: list[Record], features: dict[str, Features]) -> bool:
    """Whether the records as read have, in order, the keys, kinds, dates and lede
    shingles of the last build's (all that related coverage reads)."""
    if len(last.read) != len(read):
        return False
    for before, after in zip(last.read, read, strict=True):
        if before is after:
            continue
        if (before.key, before.kind, before.date) != (after.key, after.kind, after.date):
            return False
        if last.features[before.key].shingles != features[after.key].shingles:
            return False
    return True


def reuse_site(
    last: Snapshot | None,
    basis: tuple,
    read: list[Record],
    features: dict[str, Features],
    records: list[Record],
    related: dict[str, tuple[str, ...]],
) -> tuple[Snapshot, set[int]] | None:
    """The last build's snapshot brought up to ``records``, and the numbers of the pages
    that may have changed; None when the edit changed the site's shape."""
    if last is None or last.basis != basis:
        return None
    if related is not last.related and related != last.related:
        return None
    changed = changed_records(last, records)
    if changed is None:
        return None
    articles = dict(last.site.articles)
    for record in changed:
        article = articles.get(record.key)
        if article is not None:  # drafts and future articles are not on the site
            articles[record.key] = replace(article, record=record)
    site = replace(last.site, articles=articles)
    keys = [record.key for record in changed]
    views = last.views.updated(site, keys, minutes_of(features))
    snapshot = replace(
        last, read=read, features=features, records=records, related=related, site=site, views=views
    )
    return snapshot, snapshot.pages_showing(keys)


def minutes_of(features: dict[str, Features]) -> Callable[[Record], int]:
    """A record's reading time, as worked out where it was read (from its body when it was
    not: a record made by a plugin's page or a test)."""

    def minutes(record: Record) -> int:
        found = features.get(record.key)
        return found.minutes if found is not None else body_minutes(record)

    return minutes


def related_coverage(
    records: list[Record],
    features: dict,
    last: Snapshot | None,
    answer: tuple[dict[str, tuple[str, ...]], str],
) -> tuple[dict, str]:
    """``related_reports`` of the records and the digest of what they read, or the last
    build's ``answer`` (its map and digest) when all of that is the same: each record's
    key, kind, date and lede shingles, in order. An edit past an article's lede, a tag or
    a template changes none of that; in one process, records that are the very ones the
    ``last`` build read are not even digested again."""
    if last is not None and same_ledes(last, records, features):
        return answer
    h = blake2b(digest_size=16)
    for r in records:
        h.update(f"{r.key}\0{r.kind}\0{r.date.isoformat() if r.date else ''}\0".encode())
        shingles = features[r.key].shingles
        h.update(len(shingles).to_bytes(4, "big") + shingles.tobytes())
    basis = h.hexdigest()
    if answer[1] == basis:
        return answer
    shingles_of = lambda r: features[r.key].shingles  # noqa: E731
    return related_reports(records, shingles=shingles_of), basis
