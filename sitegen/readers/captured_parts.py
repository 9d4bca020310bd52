"""The parts of a captured page, told apart by their shape: headings, paragraphs, page
furniture, placeholders, bylines and the section labels glued to them.

A byline is ``By`` and names joined by commas and "and" (``By By`` tolerated, ``in City``
suffixes dropped), maybe a publisher as its last comma part, maybe ``| timestamp``. A
publisher is told from a name by its shape (a possessive, a digit, an all-capital or a
lone word) or because the file repeats it as the last part of its bylines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from .captured_dates import Found, leading_date, text_dateline


@dataclass(frozen=True, slots=True)
class Unit:
    """One non-blank line of a capture: its 1-based line number and its folded text."""

    line: int
    text: str


@dataclass(slots=True)
class Draft:
    """A record as a shape parser finds it, before it gets its index and HTML."""

    line: int
    kind: str
    body: list[str]
    title: str | None = None
    summary: str | None = None
    summary_derived: bool = False  # a teaser standing in for its own article's opening
    authors: tuple[str, ...] = ()
    date: datetime | None = None
    date_only: bool = False
    updated: datetime | None = None
    sections: tuple[str, ...] = ()
    publisher: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Byline:
    labels: tuple[str, ...]
    authors: tuple[str, ...]
    publisher: str | None
    when: str | None  # the text after a '|', if any


_BY = re.compile(r"^(?:(?:By|BY):?\s+)+")
_TEASER_END = re.compile(r"\s*[\[(]\s*(?:…|\.{3})\s*[\])]\s*$")
_BULLET = re.compile(r"^(?:[•·▪◦‣●○■□►*+–—-]|\d{1,3}[.)])\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’)\]]*$")
_NOT_HEADING_END = re.compile(r"[.,;:…][\"”’')\]]*$")
_PLACEHOLDER = re.compile(r"\blorem\s+ipsum\b", re.IGNORECASE)
_SPLIT_NAMES = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z].*$")  # "Fan Lingzhi in Geneva"
_POSSESSIVE = re.compile(r"[’']s\b|\d|&|\b[A-Z]{2,}\b")
_JOINED = re.compile(r"\s(?:and|in)\s|&")  # "A and B", "A in City"
_AND = re.compile(r"\sand\s|&")
_PARTICLE = re.compile(r"[a-z]{1,3}")  # "de", "van", "bin": lowercase inside a name


def is_teaser(text: str) -> bool:
    return text.endswith(("]", ")")) and bool(_TEASER_END.search(text[-12:]))


def strip_teaser_end(text: str) -> str:
    return _TEASER_END.sub("", text) if is_teaser(text) else text


def strip_bullet(text: str) -> tuple[bool, str]:
    match = _BULLET.match(text)
    return (True, text[match.end() :]) if match else (False, text)


def is_heading(text: str) -> bool:
    """A line that can be a title or a label: short enough and not ending a sentence
    (a question or an exclamation can be a headline)."""
    return len(text) <= 250 and not _NOT_HEADING_END.search(text)


def is_paragraph(text: str) -> bool:
    """Body text: it ends a sentence, or it is too long to be a heading."""
    return bool(_SENTENCE_END.search(text)) or len(text.split()) >= 20


def is_furniture(text: str) -> bool:
    """Page furniture: short unpunctuated lines (buttons, menus), copyright lines, and
    menus of pipe-separated items."""
    short = len(text.split()) <= 8 and not _SENTENCE_END.search(text)
    return short or "©" in text or text.count("|") >= 2


def is_placeholder(text: str) -> bool:
    """Filler text: lorem ipsum, or a text that starts over with its own opening words."""
    if _PLACEHOLDER.search(text):
        return True
    words = text.split()
    return len(words) >= 20 and " ".join(words[:5]) in " ".join(words[5:])


def is_name(text: str) -> bool:
    """A person's (or an outlet's) name: one to five words, the first and last capitalised,
    short lowercase particles between (``Ines de Souza``)."""
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 60:
        return False
    if not all(_capitalised(w) or (_PARTICLE.fullmatch(w) and w != "and") for w in words):
        return False
    return _capitalised(words[0]) and _capitalised(words[-1])


def _capitalised(word: str) -> bool:
    if not word:
        return False
    first = word[0]
    return first.isalpha() and not first.islower() and not any(c.isdigit() for c in word)


def split_names(text: str) -> tuple[str, ...]:
    """``By By A, B in City and C`` → ``("A", "B", "C")``."""
    text = _BY.sub("", text.strip())
    names = (_IN_PLACE.sub("", part).strip(" .") for part in _SPLIT_NAMES.split(text))
    return tuple(dict.fromkeys(n for n in names if n))


def split_labels(text: str) -> tuple[list[str], str]:
    """Section labels glued to a byline or a dateline: ``Tec WorldBy …`` →
    (["Tec", "World"], "By …"); ``Culture WorldIslamabad July 01, 2025: …`` likewise."""
    words = text.split(" ")
    for i, word in enumerate(words[:5]):
        if i and _opens_byline(" ".join(words[i:])):  # labels, a space, then the byline
            return words[:i], " ".join(words[i:])
        for at in _glue_points(word):
            rest = " ".join([word[at:], *words[i + 1 :]])
            if _opens_byline(rest) or _dateline_start(rest):
                return [*words[:i], word[:at]], rest
        if not _label(word):
            break
    return [], text


def _glue_points(word: str):
    """Where a label ends inside a word: before a capital that follows a lowercase letter
    (``WorldBy``), or before a glued ``By`` (``USBy``)."""
    for at in range(2, len(word) - 1):
        glued = word[at - 1].islower() or word.startswith("By", at)
        if word[at].isupper() and glued and _label(word[:at]):
            yield at


def _label(word: str) -> bool:
    return 1 <= len(word) <= 24 and word[0].isupper() and word.replace("&", "").isalpha()


def _opens_byline(text: str) -> bool:
    """``By`` and a capitalised word: "By Cui Yan", not "By reporters"."""
    match = _BY.match(text)
    return bool(match) and _capitalised(text[match.end() :].split(" ", 1)[0])


def _dateline_start(text: str) -> bool:
    return text_dateline(text[:80], UTC) is not None


def publisher_shaped(part: str) -> bool:
    """A byline's last part that cannot be a person: a possessive, digits, an all-capital
    word, a lone word, or more words than a name has."""
    return bool(_POSSESSIVE.search(part)) or len(part.split()) == 1 or len(part.split()) > 4


def byline(text: str, publishers: set[str]) -> Byline | None:
    """A byline line: labels glued on, ``By`` names, maybe a publisher, maybe ``| when``.
    None for a sentence that merely starts with "By"."""
    labels, rest = split_labels(text)
    if len(rest) > 200 or not _BY.match(rest):
        return None
    names, _, when = _BY.sub("", rest).partition("|")
    parts = [p.strip() for p in names.split(",") if p.strip()]
    publisher = None
    if _publisher_tail(parts, publishers):
        publisher = parts.pop()
    authors = split_names(", ".join(parts))
    if not authors or not all(is_name(a) for a in authors):
        return None
    return Byline(tuple(labels), authors, publisher, when.strip() or None)


def _publisher_tail(parts: list[str], publishers: set[str]) -> bool:
    """Whether a byline's last comma part is its publisher: a known one, one shaped like
    no person, or one after a list of names already closed by "and" (``A and B, Paper``)."""
    if len(parts) < 2 or not is_name(parts[-1]):
        return False
    tail = parts[-1]
    if tail in publishers:
        return True
    closed = bool(_AND.search(parts[-2]))
    return (publisher_shaped(tail) or closed) and not _JOINED.search(tail)


def pipe_byline(text: str, publishers: set[str], zone: tzinfo) -> tuple[Byline, Found] | None:
    """A list item's byline: names, then ``|`` and a timestamp (``By`` optional)."""
    if "|" not in text:
        return None
    names, _, when = text.partition("|")
    stamp = leading_date(when.strip(), zone)
    if stamp is None:
        return None
    found = byline("By " + _BY.sub("", names.strip()), publishers)
    return (found, stamp) if found and not found.labels else None


def learn_publishers(units: list[Unit], known: set[str]) -> set[str]:
    """Publishers of a file: byline tails shaped like one, and tails the file repeats that
    never appear as a person (an author named alone or among others)."""
    tails: Counter = Counter()
    people: set[str] = set()
    shaped: set[str] = set()
    for unit in units:
        if "By" not in unit.text[:60] and "BY" not in unit.text[:60]:
            continue  # bylines open with it, maybe after a few glued labels
        _, rest = split_labels(unit.text)
        *others, tail = [p.strip() for p in _BY.sub("", rest).partition("|")[0].split(",")]
        names = split_names(", ".join(others or [tail]))
        if is_teaser(unit.text) or not _BY.match(rest) or not all(map(is_name, names)):
            continue  # only whole bylines teach: a teaser runs on into its text
        if others and is_name(tail):
            tails[tail] += 1
            if _publisher_tail([*others, tail], set()):
                shaped.add(tail)
        people.update(names)
    for unit in units:  # a teaser repeats its article's byline, run into its text
        if is_teaser(unit.text):
            tails.update(t for t in list(tails) if f", {t} " in unit.text[:200])
    repeated = {t for t, n in tails.items() if n >= 2}
    return known | ((repeated | shaped) - people)


def teaser_byline(text: str, publishers: set[str]) -> tuple[tuple[str, ...], str | None, str]:
    """A teaser's leading ``By A, B, Publisher`` run into its text → (authors, publisher,
    text). The byline ends where the sentence starts: a known publisher, or the first word
    that is no name word (a lowercase word's capitalised predecessor opens the sentence)."""
    if not _BY.match(text):
        return (), None, text
    body = _BY.sub("", text)
    for publisher in sorted(publishers, key=len, reverse=True):
        at = body.find(", " + publisher, 0, 200)
        after = body[at + len(publisher) + 2 :]
        names = split_names(body[:at]) if at > 0 and after[:1] in ("", " ") else ()
        if names and all(map(is_name, names)):
            return names, publisher, after.strip()
    words = body.split(" ")
    end = _byline_words(words)
    found = byline("By " + " ".join(words[:end]).rstrip(","), publishers) if end else None
    if found is None:
        return (), None, text
    return found.authors, found.publisher, " ".join(words[end:]).strip()


def _byline_words(words: list[str]) -> int:
    """How many of ``words`` can be a byline: capitalised words and joining words."""
    end = 0
    while end < len(words) and (
        _capitalised(words[end]) or (end and words[end] in ("and", "&", "in"))
    ):
        end += 1
    if end < len(words) and words[end][:1].islower() and end > 1:
        end -= 1  # "… People’s Daily The council said": "The" opens the sentence
    return end
