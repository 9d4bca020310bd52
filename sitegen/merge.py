"""The same story captured again: records of one article in several captures become one.

People save the same front page every day, so today's teaser is tomorrow's full article
and a page saved again after the site revised it holds the story twice. Before slugs and
URLs are given, ``merge_captures`` groups the records that are the same article across
different source files and replaces each group with one record.

Only captures are merged: records read from saved pages and feeds (``.txt``, ``.html``,
``.xml``…). Markdown and JSON Lines records are written by the site's own people, one
record per article, so they are never merged with anything; nor are profiles and drafts.
Two records of one file are never merged with each other either.

Two captured records from different files are the same article when their bylines do not
disagree (the same authors, or one side has none) and

- they carry the same identity: a feed entry's id, or else the link the source gave for
  it (what ``sitegen fetch`` relies on: each capture of a feed repeats its entries); or
- they carry the same title (as the source gave it, not derived; case, spacing and
  punctuation aside), their dates do not disagree (the same day, or one undated), and
  something besides the title agrees: both name authors, both are dated, or their text
  is near-identical; or
- their text is near-identical (``NEAR`` of the smaller record's lede word 4-grams,
  ``sitegen.stories``' shingles, occur in the other) and their dates are at most
  ``DAYS`` apart, or one is undated.

Records join groups in source order; a record joins the first group holding a record it
matches, whose authors agree with its own and which has no record of its file yet.

The merged record keeps the identity of the group's first record in source order (its
source, line, index and slug), so its URL does not move when a newer capture arrives.
Its text (body, summary, kind) is the newest full article's, or the newest record's when
none is a full article. A capture is as new as the latest moment it carries: its
``updated``, its date, or the capture day its path names (``2025-03-03-front.txt``);
ties go to the later source in source order. The title is the newest one a source gave,
over a derived one; authors and publisher come from the newest record that has them;
sections and tags are joined; the date is the earliest. When the texts chosen among
differ, the article was revised: ``updated`` is then the newest text's ``updated``,
capture day or date, the first of those later than the article's date (none when none
is: the wall clock is never read). The captures' own ``updated`` count too: the latest
of all is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from .model import Record
from .slugs import slug_for

# written one record per article: never merged
AUTHORED = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".jsonl")
NEAR = 0.6  # share of the smaller lede's 4-grams found in the other: near-identical text
MIN_SHINGLES = 8  # fewer 4-grams than this (a line of a few words) is too little to tell
DAYS = 3
COMMON = 64  # a 4-gram in more captures than this is boilerplate: no lead to a match

_NOT_WORD = re.compile(r"[\W_]+")
_DAY_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")

Shingles = Callable[[Record], Iterable[int]]


def is_capture(record: Record) -> bool:
    """Whether a record may be merged: a captured article, not an authored one."""
    return (
        not record.about_term and not record.draft and not record.source.lower().endswith(AUTHORED)
    )


def merge_captures(
    records: list[Record], shingles_of: Shingles, zone: tzinfo
) -> tuple[list[Record], dict[str, tuple[str, ...]]]:
    """The records with each group of captures of one article replaced by one record, at
    the place of its first; and merged key -> the keys of its group, first first.

    ``shingles_of`` gives a record's lede 4-grams (``sitegen.stories.lede_shingles``);
    ``zone`` is the timezone of capture days read from file names."""
    captures = [
        _Capture(r, _given_title(r), frozenset(shingles_of(r)), _identity(r))
        for r in records
        if is_capture(r)
    ]
    groups = [[c.record for c in group] for group in _group(captures) if len(group) > 1]
    if not groups:
        return records, {}
    merged = {group[0].key: group for group in groups}
    members = {r.key for group in groups for r in group[1:]}
    result = []
    for record in records:
        key = record.key
        if key in merged:
            result.append(_merged(merged[key], zone))
        elif key not in members:
            result.append(record)
    return result, {key: tuple(r.key for r in group) for key, group in merged.items()}


@dataclass(frozen=True, slots=True)
class _Capture:
    """A record with what matching reads of it, worked out once."""

    record: Record
    title: str  # as given, folded; "" when none was given
    shingles: frozenset[int]
    identity: str  # a feed entry's id or the link given; "" when none


def _group(captures: list[_Capture]) -> list[list[_Capture]]:
    """Groups of captures that are one article, in source order."""
    groups: list[list[_Capture]] = []
    by_title: dict[str, tuple[int, ...]] = {}  # folded title -> numbers of groups with it
    by_identity: dict[str, tuple[int, ...]] = {}
    postings: dict[int, tuple[int, ...]] = {}  # 4-gram -> numbers of groups with it
    for capture in captures:
        shared = {s: postings[s] for s in capture.shingles & postings.keys()}  # most are new
        leads = set(by_title.get(capture.title, ())) if capture.title else set()
        leads.update(by_identity.get(capture.identity, ()) if capture.identity else ())
        leads.update(*[numbers for numbers in shared.values() if len(numbers) <= COMMON])
        joined = next((n for n in sorted(leads) if _joins(capture, groups[n])), len(groups))
        if joined == len(groups):
            groups.append([])
        groups[joined].append(capture)
        if capture.title and joined not in by_title.get(capture.title, ()):
            by_title[capture.title] = by_title.get(capture.title, ()) + (joined,)
        if capture.identity and joined not in by_identity.get(capture.identity, ()):
            by_identity[capture.identity] = by_identity.get(capture.identity, ()) + (joined,)
        postings.update(dict.fromkeys(capture.shingles - shared.keys(), (joined,)))
        for shingle, numbers in shared.items():
            if joined not in numbers:
                postings[shingle] = numbers + (joined,)
    return groups


def _joins(capture: _Capture, group: list[_Capture]) -> bool:
    """Whether ``capture`` joins ``group``: no record of its file is in it yet, no byline
    in it disagrees with its own, and one record in it is the same article."""
    record = capture.record
    return all(
        m.record.source != record.source and _authors_agree(m.record, record) for m in group
    ) and any(_same_article(m, capture) for m in group)


def _same_article(a: _Capture, b: _Capture) -> bool:
    """Whether two captures of different files whose authors agree are one article."""
    if a.identity and a.identity == b.identity:
        return True
    da, db = a.record.date, b.record.date
    if a.title and a.title == b.title and _same_day(da, db):
        if (a.record.authors and b.record.authors) or (da and db):
            return True
        return _near_identical(a.shingles, b.shingles)
    if da and db and abs((da - db).total_seconds()) > DAYS * 86400:
        return False
    return _near_identical(a.shingles, b.shingles)


def _near_identical(a: frozenset[int], b: frozenset[int]) -> bool:
    smaller = min(len(a), len(b))
    return smaller >= MIN_SHINGLES and len(a & b) >= NEAR * smaller


def _identity(record: Record) -> str:
    """A feed entry's id, or the link its source gave; "" when it has neither."""
    for key in ("id", "link"):
        value = record.extra.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _given_title(record: Record) -> str:
    """The title as the source gave it, case, spacing and punctuation folded; "" if none."""
    if not record.title or "title" in record.derived:
        return ""
    return " ".join(_NOT_WORD.sub(" ", record.title.casefold()).split())


def _authors_agree(a: Record, b: Record) -> bool:
    if not a.authors or not b.authors:
        return True
    return {n.casefold() for n in a.authors} == {n.casefold() for n in b.authors}


def _same_day(a: datetime | None, b: datetime | None) -> bool:
    return a is None or b is None or a.date() == b.date()


def capture_day(source: str, zone: tzinfo) -> datetime | None:
    """The day a capture was saved, when its path names one (``2025-03-03-front.txt``)."""
    for match in reversed(list(_DAY_IN_NAME.finditer(source))):
        try:
            day = date(*map(int, match.groups()))
        except ValueError:
            continue
        return datetime(day.year, day.month, day.day, tzinfo=zone)
    return None


def _merged(group: list[Record], zone: tzinfo) -> Record:
    """One record of a group of captures (in source order) of one article."""
    first = group[0]
    days = {r.key: capture_day(r.source, zone) for r in group}
    position = {r.key: i for i, r in enumerate(group)}

    def newness(r: Record) -> tuple[float, int]:
        # a capture is at least as new as every moment it carries
        moments = [m.timestamp() for m in (r.updated, r.date, days[r.key]) if m]
        return (max(moments, default=float("-inf")), position[r.key])

    oldest_first = sorted(group, key=newness)
    fullest = [r for r in oldest_first if r.kind == "article"] or oldest_first
    text = fullest[-1]  # the newest full article's text
    newest_first = [text] + oldest_first[::-1]
    titled = next((r for r in newest_first if _given_title(r)), text)
    dated = [r for r in group if r.date]
    earliest = min(dated, key=lambda r: (r.date, position[r.key])) if dated else None
    day = earliest.date if earliest else None
    updates = [r.updated for r in group if r.updated]
    if len({r.body for r in fullest}) > 1:  # revised between captures
        revised = (text.updated, days[text.key], text.date)
        updates += [m for m in revised if m and (day is None or m > day)][:1]
    derived = (titled.derived & {"title"}) | (text.derived & {"summary"})
    extra: dict = {}
    for r in oldest_first:
        extra |= r.extra
    return replace(
        first,
        kind=text.kind,
        title=titled.title,
        authors=next((r.authors for r in newest_first if r.authors), ()),
        date=day,
        updated=max(updates, default=None),
        date_only=earliest.date_only if earliest else False,
        sections=_joined(r.sections for r in group),
        tags=_joined(r.tags for r in group),
        publisher=next((r.publisher for r in newest_first if r.publisher), None),
        summary=text.summary,
        body=text.body,
        slug=slug_for(first.slug or first.title or first.key),
        derived=frozenset(derived),
        extra=extra,
    )


def _joined(lists: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """Every name of the lists once, in order; spellings differing in case are one."""
    seen: dict[str, str] = {}
    for names in lists:
        for name in names:
            seen.setdefault(name.casefold(), name)
    return tuple(seen.values())
