"""Bylines, the section labels glued to them, and the publishers named in them.

A byline is a lead (``By``, ``Posted by``, ``Written by``, ``Source:``, ``From``,
``Author``; ``By By`` tolerated), then names joined by commas and "and", maybe a date or
``| when`` after them, maybe section labels glued on in front (``Tec WorldBy …``).
``read_names`` tells the parts apart: people, roles (``Staff Writer``), places (``in
City``, ``in X and Y``) and organisations (organisation words, a possessive, digits, an
acronym, a part after a list closed by "and", the second of two parts with no "and").
A file teaches its publishers too: the tails its bylines repeat where they end.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, tzinfo

from .captured_dates import Found, find_date, leading_date, text_dateline
from .captured_parts import Unit, capitalised, is_name, is_teaser, strip_teaser_end


@dataclass(frozen=True, slots=True)
class Byline:
    labels: tuple[str, ...]
    authors: tuple[str, ...]
    publisher: str | None
    when: str | None  # the text after a '|' or from a date on, if any
    glued: str | None = None  # text run on after the names (a dateline, a paragraph)


_BY = re.compile(r"^(?:(?:By|BY):?\s+)+")
_SPLIT_NAMES = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z].*$")  # "Fan Lingzhi in Geneva"
_MAY_BE_BYLINE = re.compile(
    r"By|BY|\b(?:by|Authors?|AUTHORS?|Reporters?|Sources?|SOURCES?|From|FROM)\b"
)
_LEAD = re.compile(
    r"^(?:(?:(?:[Pp]osted|[Ww]ritten|[Ww]ords|[Rr]eporting|[Ss]tory|[Tt]ext|[Cc]ompiled)"
    r"\s+[Bb]y|By|BY|by)\b:?\s+)+"
    r"|^(?:Sources?|SOURCES?)\s*[:：]\s*|^(?:Authors?|AUTHORS?|Reporters?|From|FROM)\s*[:：]?\s+"
)
_WHEN = re.compile(r"\s*(?:\||•|·|\s[-–—]\s|\s(?:at|on)\s(?=\d))\s*")
_ON = re.compile(r"(?:,|\s+on|\s+at|\s+[-–—]|\s+(?:Published|Updated))?\s*$")
_SEPARATOR = re.compile(r"(\s*[,;]\s*(?:and\s+)?|\s+(?:and|AND)\s+|\s*&\s*|\s+\.\s+)")
_NAME_GLUE = frozenset("of the for and de du la le des del da di van von y on".split())
_ROLE_IN_PARENS = re.compile(r"\s*\([a-z][a-z ]{2,30}\)")
_ORG_SHAPE = re.compile(r"[’']s\b|\d|&")
_ROLE_WORDS = frozenset(
    "writer reporter correspondent editor columnist contributor producer analyst photographer "
    "photojournalist journalist intern chief critic reviewer presenter anchor "
    "redaktion redakteur redakteurin autor autorin".split()
)
_ORG_WORDS = frozenset(
    "press news times daily agency agence associated reuters board staff team desk service "
    "services wire media network post journal herald tribune gazette bureau group editorial "
    "newsroom magazine radio television tv broadcasting corporation ministry department office "
    "university institute foundation council committee association inc ltd company "
    "organization organisation centre center government online weekly review chronicle "
    "observer telegraph guardian independent examiner courier dispatch editors".split()
)
_LABELS_CHARS = 130  # five labels of up to 24 letters, then "By"


def split_names(text: str) -> tuple[str, ...]:
    """``By By A, B in City and C`` → ``("A", "B", "C")``."""
    text = _BY.sub("", text.strip())
    names = (_IN_PLACE.sub("", part).strip(" .") for part in _SPLIT_NAMES.split(text))
    return tuple(dict.fromkeys(n for n in names if n))


def split_labels(text: str) -> tuple[list[str], str]:
    """Section labels glued to a byline or a dateline: ``Tec WorldBy …`` →
    (["Tec", "World"], "By …"); ``Culture WorldIslamabad July 01, 2025: …`` likewise."""
    words = text.split(" ", 5)  # labels are a few words; the rest stays in one piece
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
    return (
        1 <= len(word) <= 24
        and word[0].isupper()
        and word.replace("&", "").isalpha()
        and word not in ("By", "BY")  # "By By A": a doubled lead, not a label
    )


def _opens_byline(text: str) -> bool:
    """``By`` and a capitalised word: "By Cui Yan", not "By reporters"."""
    match = _BY.match(text)
    return bool(match) and capitalised(text[match.end() :].split(" ", 1)[0])


def _dateline_start(text: str) -> bool:
    return text_dateline(text[:80], UTC) is not None


def byline(text: str, publishers: set[str]) -> Byline | None:
    """A byline line: labels glued on, a lead (``By``, ``Posted by``, ``Source:``…), names,
    maybe a publisher, maybe a date or ``| when`` after them. None for a sentence that
    merely starts with "By"."""
    if not _MAY_BE_BYLINE.search(text[:_LABELS_CHARS]):
        return None  # no lead word where a byline could start
    labels, rest = split_labels(text)
    lead = _LEAD.match(rest)
    if len(rest) > 300 or not lead:
        return None
    names, when = _split_when(rest[lead.end() :])
    people = read_names(names, publishers, source=lead.group(0).lower().startswith("source"))
    glued = None
    if people is None:
        names, glued = _glued(names, publishers)
        people = read_names(names, publishers) if glued else None
        if people is None:
            return None
    authors, publisher = people
    return Byline(tuple(labels), authors, publisher, when, glued)


def _split_when(text: str) -> tuple[str, str | None]:
    """A byline's names and what follows them: after ``|``, ``•``, a spaced dash, or from
    a date on (``Posted by A on May 3, 2021``)."""
    cut = _WHEN.search(text)
    names, when = (text[: cut.start()], text[cut.end() :]) if cut else (text, "")
    found = find_date(names, UTC)
    if found:
        head = _ON.sub("", names[: found.start])
        names, when = head, names[len(head) :] + (" " + when if when else "")
    return names.strip(" ,"), when.strip() or None


def _glued(names: str, publishers: set[str]) -> tuple[str, str | None]:
    """Names with text run on after them (``By A and B The council said…``): the longest
    leading run of words that reads as names, and the rest."""
    words = names.split(" ")
    end = _byline_words(words)
    while end > 0:
        head = " ".join(words[:end]).rstrip(",")
        people = read_names(head, publishers)
        if people and all(len(name.split()) >= 2 for name in people[0]):  # not "By Friday"
            return head, " ".join(words[end:]).strip() or None
        end -= 1
    return names, None


def read_names(
    text: str, publishers: set[str], source: bool = False
) -> tuple[tuple[str, ...], str | None] | None:
    """The people and the publisher in a byline's names (``A, B, and C in City``;
    ``A, Staff Writer``; ``A and B, Paper``; ``Associated Press``). None when a part is
    neither a name, a role, a place nor an organisation. With ``source`` (a ``Source:``
    line) a lone name is the publisher."""
    text = _ROLE_IN_PARENS.sub("", text)  # "A (reporting) and B (photography)"
    pieces = _SEPARATOR.split(text.strip(" .,;"))
    authors: list[str] = []
    publisher = None
    placed = False  # an "in City" was seen: lone words joined by "and" after it are places
    joiners: list[str] = []
    for at in range(0, len(pieces), 2):
        part = pieces[at].strip(" .")
        joiner = pieces[at - 1].strip().removesuffix("and").strip() or "and" if at else ""
        joiners.append(joiner)
        joiner = "and" if joiner == "AND" else joiner
        if not part or part.lower() in ("and", "&"):
            continue
        place = _IN_PLACE.search(part)
        person = part[: place.start()] if place else part
        placed = placed or bool(place)
        if not person or (joiner in (".", "and", "&") and placed and len(person.split()) == 1):
            continue  # "in Geneva and Rome": Rome is a place too; ". City" after an outlet
        if is_role(person):
            continue
        last = at == len(pieces) - 1
        closed = last and joiner == "," and "and" in joiners  # "A and B, Paper"
        if person in publishers or closed or _is_organisation(person, len(authors), joiner):
            publisher = publisher or person
        elif is_name(person) and not person.isupper() or _caps_name(person):
            authors.append(person)
        else:
            return None
    if not authors and publisher is None:
        return None
    if source and not publisher and len(authors) == 1:
        return (), authors[0]
    if len(authors) == 2 and publisher is None and joiners == ["", ","]:
        publisher = authors.pop()  # "A, B" with no "and": a name and an outlet
    return tuple(dict.fromkeys(authors)), publisher


def is_role(part: str) -> bool:
    """A job title, maybe with a place: ``Staff Writer``, ``Correspondent, Lagos``."""
    words = part.lower().split()
    return 0 < len(words) <= 5 and any(w.strip(".,") in _ROLE_WORDS for w in words)


def _is_organisation(part: str, people_before: int, joiner: str) -> bool:
    """An outlet, an agency or a board, told by its shape: organisation words, a
    possessive, digits, an acronym, more words than a name has; a lone word after names."""
    words = part.split()
    if len(words) > 8 or not all(capitalised(w) or w in _NAME_GLUE for w in words[1:]):
        return False  # a sentence, not a name
    if any(w.lower().strip(".,") in _ORG_WORDS for w in words) or _ORG_SHAPE.search(part):
        return True
    if len(words) > 4 or (part.isupper() and len(words) == 1 and len(part) <= 6):
        return True
    return len(words) == 1 and people_before > 0 and joiner == ","


def _caps_name(part: str) -> bool:
    """A name printed in capitals (``JANE DOE``): two to four alphabetic words."""
    words = part.split()
    return (
        part.isupper()
        and 2 <= len(words) <= 4
        and all(w.replace("-", "").replace("'", "").replace(".", "").isalpha() for w in words)
    )


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
        if not _MAY_BE_BYLINE.search(unit.text[:_LABELS_CHARS]):
            continue  # bylines open with it, maybe after a few glued labels
        _, rest = split_labels(unit.text)
        *others, tail = [p.strip() for p in _BY.sub("", rest).partition("|")[0].split(",")]
        names = split_names(", ".join(others or [tail]))
        if is_teaser(unit.text) or not _BY.match(rest) or not all(map(is_name, names)):
            continue  # only whole bylines teach: a teaser runs on into its text
        if others and is_name(tail):
            tails[tail] += 1
            if (read_names(", ".join([*others, tail]), set()) or ((), None))[1] == tail:
                shaped.add(tail)  # the grammar reads it as the byline's outlet
        people.update(names)
    for unit in units:  # a teaser repeats its article's byline, run into its text
        if is_teaser(unit.text):
            tails.update(t for t in list(tails) if f", {t} " in unit.text[:200])
    repeated = {t for t, n in tails.items() if n >= 2}
    return known | ((repeated | shaped | _shared_runs(units)) - people)


def _shared_runs(units: list[Unit]) -> set[str]:
    """In teasers that run their byline into their text, the publisher is the run of
    capitalised words after the names that most of them share: ``…, People’s Daily On
    April 29`` and ``…, People’s Daily At a time`` share ``People’s Daily``."""
    runs = []
    for unit in filter(lambda u: is_teaser(u.text), units):
        _, rest = split_labels(strip_teaser_end(unit.text))
        if _opens_byline(rest):
            words = _BY.sub("", rest).split(" ")
            end = _byline_words(words)
            start = max((i + 1 for i in range(end) if words[i].endswith(",")), default=0)
            if start:  # names, a comma, then the run
                runs.append([" ".join(words[start:k]) for k in range(start + 1, end + 1)])
    counts = Counter(prefix for run in runs for prefix in run)
    found = set()
    for run in runs:
        shared = [prefix for prefix in run if counts[prefix] >= 2]
        if shared:
            found.add(max(shared, key=lambda prefix: (counts[prefix], len(prefix))))
    return {name for name in found if is_name(name)}


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
        capitalised(words[end]) or (end and words[end] in ("and", "&", "in"))
    ):
        end += 1
    if end < len(words) and words[end][:1].islower() and end > 1:
        end -= 1  # "… People’s Daily The council said": "The" opens the sentence
    return end
