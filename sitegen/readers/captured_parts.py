"""The parts of a captured page, told apart by their shape: teasers, bullets, headings,
paragraphs, page furniture, placeholders and names. (Bylines are in captured_bylines.)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, tzinfo


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


_TEASER_END = re.compile(r"\s*[\[(]\s*(?:…|\.{3})\s*[\])]\s*$")
_BULLET = re.compile(r"^(?:[•·▪◦‣●○■□►*+–—-]|\d{1,3}[.)])\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’)\]]*$")
_NOT_HEADING_END = re.compile(r"[.,;:…][\"”’')\]]*$")
_PLACEHOLDER = re.compile(r"\blorem\s+ipsum\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
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


def ends_sentence(text: str) -> bool:
    """Whether a line ends as a sentence does (a full stop, maybe inside a closing quote)."""
    return bool(_SENTENCE_END.search(text))


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
    if not all(capitalised(w) or (_PARTICLE.fullmatch(w) and w != "and") for w in words):
        return False
    return capitalised(words[0]) and capitalised(words[-1])


def capitalised(word: str) -> bool:
    """A word that starts with a capital (or a letter without case) and has no digits."""
    if not word:
        return False
    first = word[0]
    return first.isalpha() and not first.islower() and not _DIGIT.search(word)


# -- what the shape parsers share ----------------------------------------------------------


@dataclass
class Context:
    """What the parsers share: the site's zone, the file's publishers, its warnings."""

    zone: tzinfo
    publishers: set[str]
    warnings: list[tuple[int, str]] = field(default_factory=list)
    captured: datetime | None = None  # when the page was saved: "3 hours ago" counts from it


def clean(units: list[Unit], repeated: set[str] = frozenset()) -> list[Unit]:
    """A story's body without furniture: lines the page repeats, and short unpunctuated
    lines (buttons, menus) at its edges; a subheading never opens or closes a story."""
    body = [u for u in units if u.text not in repeated]
    while body and is_furniture(body[0].text):
        body.pop(0)
    while body and is_furniture(body[-1].text):
        body.pop()
    return body


def repeated_furniture(units: list[Unit]) -> set[str]:
    counts = Counter(u.text for u in units if is_furniture(u.text))
    return {text for text, n in counts.items() if n >= 2}


def orphans(units: list[Unit], ctx: Context, where: str) -> list[Draft]:
    """Text that fits no part of the shape: furniture is dropped; real paragraphs become
    one untitled article, with a warning, rather than vanish."""
    body = clean(units)
    if not any(is_paragraph(u.text) for u in body):
        return []
    ctx.warnings.append((body[0].line, f"text {where} read as an untitled article"))
    return [Draft(body[0].line, "article", [u.text for u in body])]
