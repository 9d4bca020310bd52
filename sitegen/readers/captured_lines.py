"""Each line of a capture labelled by what it looks like: a headline, a byline, a date, a
paragraph, a teaser, a short label, a "Read more", a caption, or page furniture.

Labels are judged from a line's own shape (length, case, punctuation, a date or a byline
grammar in it), never from its place in the file: the item finder (captured_items) looks
at the sequence of labels to find the pattern that repeats.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from .captured_bylines import Byline, byline, is_role, read_names
from .captured_dates import Found, find_dates, is_update, list_dates, relative_date
from .captured_parts import (
    Unit,
    ends_sentence,
    is_heading,
    is_paragraph,
    is_placeholder,
    strip_bullet,
)

TITLE = "title"  # a headline: heading-shaped, four words or more
SHORT = "short"  # one to three heading-shaped words: a section label, a kicker, or a menu item
BYLINE = "byline"  # By …, Posted by …, Source: …
NAMES = "names"  # a line of names or an outlet alone (a byline without "By")
SOURCE = "source"  # the outlet an aggregator names under an item's summary
DATE = "date"  # a line that is mostly a date or time
TEXT = "text"  # a paragraph
TEASER = "teaser"  # a paragraph cut short: …, […], "Read more" at its end
MORE = "more"  # Read more, Continue reading, Full story
CAPTION = "caption"  # a photo caption or credit
FURNITURE = "furniture"  # anything else: buttons, menus, copyright lines

# The words of a "read more" link, wherever they stand: a line of their own, a teaser's
# end ("… Read more"), or glued before a headline ("Read more » Next story").
_MORE_WORDS = (
    r"(?:read more|continue reading|keep reading|full story|read article|read story|"
    r"read (?:the )?(?:full|rest)(?: story| article)?|learn more)"
)
_MORE = re.compile(
    rf"^(?:[\[(]?\s*)?(?:{_MORE_WORDS}|read|more|view|see)\b[\w\s]{{0,24}}"
    r"(?:\s*[»›→>.…]+|\s*[\])])*\s*$",
    re.IGNORECASE,
)
_TEASER_END = re.compile(
    rf"\s*(?:[\[(]\s*(?:…|\.{{3}})\s*[\])]|(?:…|\.{{3}})\s*{_MORE_WORDS}?|"
    rf"\s[-–—|]?\s*(?:{_MORE_WORDS}|more)\s*[»›→>.…]*)\s*$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^(?:photo|image|picture|pictured|credit|file photo|photograph|illustration|video)s?\b"
    r"\s*(?:by|:|/)|(?:\((?:photo|image|credit|file)[^)]*\)|/\s*(?:getty images|ap|afp|reuters)"
    r"|(?:photo(?:graph)?|image|picture|credit|illustration)s?:\s*[^.]{2,80})\s*$",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"\b(?:[Pp]ublished|[Pp]osted|[Uu]pdated|[Ll]ast [Uu]pdated|[Mm]odified|[Oo]n|[Aa]t|[Dd]ate|"
    r"[Tt]ime|[ap]m|[A-Z]{2,4}|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*)\b|[-|,:;•·/()]"
)
_WORD = re.compile(r"\w+")
_LEDE = re.compile(r"[A-Z][A-Z .,'’-]{2,40}(?:\([^)]{1,30}\))?\s*[—–]|[A-Z][A-Z .,'’-]{2,40}\(")
_DATE_THEN_BY = re.compile(
    r"(?:(?:Posted|Published|Written|Updated)\s+)?(?:on\s+)?(?P<when>.{6,60}?)\s+by\s+"
    r"(?P<names>[A-Z][^|•]{1,80}?)\s*$"
)
_READING_TIME = re.compile(r"\b\d+\s*(?:min(?:ute)?s?|mins?)\.?\s+read\b|\bPreview\b", re.I)
_MORE_GLUED = re.compile(rf"^\s*{_MORE_WORDS}\s*[»›→>]+\s*(?=\S)", re.I)


@dataclass(frozen=True, slots=True)
class Line:
    """One labelled line: its unit, its label, and what the label read from it."""

    unit: Unit
    kind: str
    text: str  # the text without a bullet or a teaser end
    bullet: bool = False
    byline: Byline | None = None
    dates: tuple[Found, ...] = ()
    updated: tuple[Found, ...] = ()

    @property
    def line(self) -> int:
        return self.unit.line


def label_lines(
    units: list[Unit], zone: tzinfo, publishers: set[str], captured: datetime | None = None
) -> list[Line]:
    """Every line's label; a line that repeats the one before it (a headline shown as an
    image's text and as its link; bulleted once, where a paragraph follows) is furniture,
    and so is a heading the page shows three times or more ("Sign up for our
    newsletter") after its first showing. All-number date lines (``05.19.15``) are read
    in the day/month order the file shows."""
    counts = Counter(unit.text for unit in units)
    numbered = list_dates(list(counts), zone)
    shown: set[str] = set()
    lines = []
    for i, unit in enumerate(units):
        same = i and strip_bullet(unit.text)[1] == strip_bullet(units[i - 1].text)[1]
        followed = i + 1 < len(units) and is_paragraph(units[i + 1].text)
        if same and (unit.text == units[i - 1].text or followed):
            lines.append(Line(unit, FURNITURE, unit.text))
            continue
        line = label(unit, zone, publishers, captured)
        if unit.text in numbered:
            line = Line(unit, DATE, unit.text, dates=(numbered[unit.text],))
        if line.kind == TITLE and counts[unit.text] >= 3 and unit.text in shown:
            line = replace(line, kind=FURNITURE)  # a widget's heading, shown again and again
        shown.add(unit.text)
        lines.append(line)
    return lines


def label(unit: Unit, zone: tzinfo, publishers: set[str], captured: datetime | None) -> Line:
    """The label of one line, with its byline or dates read."""
    bullet, text = strip_bullet(_MORE_GLUED.sub("", unit.text))
    found = byline(text, publishers) if len(text) <= 300 else None
    credit = _credit(text, found, zone, publishers, captured)
    if credit is not None:
        return Line(unit, BYLINE, text, bullet, *credit)
    if "©" in text or _menu(text) or _FILED.match(text):
        return Line(unit, FURNITURE, text, bullet)  # a copyright line, a menu, breadcrumbs
    dates, updated = _dates(text, zone, captured) if len(text) <= 160 else ((), ())
    if (dates or updated) and _mostly_date(text, (*dates, *updated)):
        return Line(unit, DATE, text, bullet, None, dates, updated)
    words = len(text.split())
    if _MORE.match(text.lstrip("….[ ")) and words <= 6:  # "Read more", "… [Read more...]"
        return Line(unit, MORE, text, bullet)
    if len(text) <= 300 and _CAPTION.search(text):
        return Line(unit, CAPTION, text, bullet)
    if is_placeholder(text):
        return Line(unit, FURNITURE, text, bullet)
    tail = max(0, len(text) - 40)  # a teaser's end is in its last few words
    end = _TEASER_END.search(text, tail)
    if end and end.start() > 0 and len(text[: end.start()].split()) >= 3:
        return Line(unit, TEASER, text[: end.start()].rstrip(), bullet)
    if found is not None:  # a byline with text run on after it: a paragraph that opens so
        return Line(unit, TEXT, text, bullet, found)
    headline = (
        is_heading(text) and words <= 24 and not ends_sentence(text) and not _LEDE.match(text)
    )
    question = text.rstrip("'\"”’»)").endswith(("?", "!")) and words <= 16
    if is_paragraph(text) and not (question or headline) and (words >= 8 or not is_heading(text)):
        return Line(unit, TEXT, text, bullet)
    if is_role(text) or (text.endswith(":") and words <= 5):
        return Line(unit, SHORT, text, bullet)  # "Correspondent, Lagos" under a name; "Also:"
    if is_heading(text) and _headline_case(text):
        if words >= 4 or (words >= 2 and len(text) >= 20):
            return Line(unit, TITLE, text, bullet)
        if len(text) <= 40:
            return Line(unit, SHORT, text, bullet)
    if words <= 6 and read_names(text, publishers) is not None:
        return Line(unit, NAMES, text, bullet)
    if words >= 12:
        return Line(unit, TEXT, text, bullet)
    return Line(unit, FURNITURE, text, bullet)


# A story's categories or tags printed under it: "Filed under: …", "Posted in Travel".
_FILED = re.compile(
    r"(?:Filed (?:under|in)|Posted in|Categor(?:y|ies)|Tags|Tagged(?: with)?|Topics)\b:?\s",
    re.IGNORECASE,
)


def filed_under(text: str) -> list[str]:
    """The categories a "Filed under: A, B" line names; none for other lines."""
    lead = _FILED.match(text)
    if not lead:
        return []
    while again := _FILED.match(text, lead.end()):  # "Filed under: Posted in Travel"
        lead = again
    labels = re.split(r"\s*[,|·•]\s*", text[lead.end() :])
    return [label for label in labels if label and len(label.split()) <= 5]


def _menu(text: str) -> bool:
    """Menu items or breadcrumbs between separators: ``Home | World | Sport``, ``News >
    Europe``; not a paragraph that opens ``CITY | Agency | …``."""
    for separator in ("|", "›", ">"):
        parts = text.split(separator)
        if len(parts) >= 3 and all(len(part.split()) <= 4 for part in parts):
            return True
    return False


def _credit(
    text: str,
    found: Byline | None,
    zone: tzinfo,
    publishers: set[str],
    captured: datetime | None,
) -> tuple[Byline, tuple[Found, ...], tuple[Found, ...]] | None:
    """A byline line: ``By …`` (``found``, whole, nothing run on), or names and a date
    without a "By" (``A and B | 2025-09-12``; ``Sara Cline, The Associated Press 2 min read
    Jun. 5, 2025``), with the dates it prints."""
    if len(text) > 300:
        return None
    if found is not None and not found.glued:
        return (found, *_dates(found.when or "", zone, captured))
    if found is not None:
        return None
    dated_first = _DATE_THEN_BY.match(text)  # "Posted on March 4, 2016 by Arun Kumar"
    if dated_first and find_dates(dated_first["when"], zone):
        people = read_names(dated_first["names"], publishers)
        if people and people[0]:
            when = dated_first["when"]
            return (Byline((), *people, when), *_dates(when, zone, captured))
    plain = _READING_TIME.sub(" ", text)
    dates = find_dates(plain[:200], zone)
    if not dates or dates[0].start == 0:
        return None
    names, *labels = plain[: dates[0].start].rstrip(" |•·,-–—").split("|")
    labels = [label.strip() for label in labels if label.strip()]  # "A, Paper | Label | date"
    people = read_names(names, publishers) if 0 < len(names.split()) <= 10 else None
    if people is None or not people[0] or any(not 2 <= len(n.split()) <= 3 for n in people[0]):
        return None  # a person, by a name's length: "Fire Update – May 15, 2023" is no byline
    when = plain[dates[0].start :]
    return (Byline(tuple(labels), *people, when.strip()), *_dates(when, zone, captured))


def _headline_case(text: str) -> bool:
    """A headline starts with a capital, a digit or a quote, and is not all symbols."""
    first = text.lstrip("\"'“‘«(")[:1]
    return (
        bool(first)
        and (first.isupper() or first.isdigit() or not first.isalpha())
        and bool(_WORD.search(text))
    )


def _dates(
    text: str, zone: tzinfo, captured: datetime | None
) -> tuple[tuple[Found, ...], tuple[Found, ...]]:
    """The published and updated dates a line prints (relative ones against the capture)."""
    found = find_dates(text, zone)
    if not found and (relative := relative_date(text, captured)):
        found = [relative]
    published = tuple(f for f in found if not is_update(text, f))
    updated = tuple(f for f in found if is_update(text, f))
    return published, updated


def _mostly_date(text: str, dates: tuple[Found, ...]) -> bool:
    """Whether little but the dates is on the line: a few words like "Posted on"."""
    rest = text
    for found in sorted(dates, key=lambda f: -f.start):
        rest = rest[: found.start] + " " + rest[found.end :]
    rest = _DATE_WORDS.sub(" ", rest)
    return sum(not word.isdigit() for word in rest.split()) <= 3
