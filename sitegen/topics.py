"""Derived topics: tags for records that have none, from names that recur across the corpus.

Captured news carries no tags. A topic is a name the text itself marks as a name —
an acronym (``WTO``, ``G20``) or a run of capitalised words inside a sentence
(``Hong Kong``, ``Ministry of Commerce``) — that appears in at least ``min_records``
records of the corpus but in no more than ``max_share`` of them (a name in nearly
every record tells a reader nothing). Each untagged record gets the recurring names
it mentions most, up to ``per_record``; ties go to the more widespread name, then
alphabetically. Single-word adjectives of place ("Chinese", "British") are left out.
Everything is counted, nothing is guessed, so the same corpus gives the same topics.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .model import Record
from .text import html_to_text

# Words that are capitalised for grammar, not because they name something.
_NOT_NAMES = frozenset(
    """a an the this that these those there then than and or but nor so yet for of in on at to by
    with from as into over under after before about against between during without within
    it its he she they we you i his her their our your my me him them us mr mrs ms dr
    is are was were be been being has have had do does did will would can could should may might
    must shall not no yes also however meanwhile moreover according while when where what which
    who whom whose why how all any both each every some many most more other such own same
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december today yesterday tomorrow""".split()
)
_CONNECTORS = frozenset({"of", "for", "de"})  # inside a name: "Ministry of Commerce"
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z0-9][\w'’.-]*\w|\w|[.!?;:]|[,()\[\]\"“”—–]")
_SENTENCE_END = frozenset(".!?;:")
# "Chinese", "Malaysian", "British": adjectives of place, capitalised but naming no one thing.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ese|ian|ish|ean)$")
_DOTTED = re.compile(r"^(?:[A-Z]\.){2,}$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]*[A-Z0-9]$")


def names_in(text: str) -> list[str]:
    """Acronyms and capitalised runs in ``text``, in order of appearance.

    A capitalised word that opens a sentence counts only as part of a longer run.
    """
    names: list[str] = []
    run: list[str] = []
    pending = ""
    sentence_start = True

    def close() -> None:
        while run and run[-1].lower() in _CONNECTORS:
            run.pop()
        if run:
            names.append(" ".join(run))
        run.clear()

    for token in _WORD.findall(text):
        if len(token) == 1 and not token.isalnum():  # punctuation ends a name
            close()
            pending = ""
            sentence_start = sentence_start or token in _SENTENCE_END
            continue
        possessive = token.endswith(("'s", "’s"))
        word = token.removesuffix("'s").removesuffix("’s")
        dotted = bool(_DOTTED.match(word))  # "U.S." is the acronym US, not a sentence end
        word = word.replace(".", "") if dotted else word.rstrip(".")
        is_acronym = (
            len(word) >= 2 and bool(_ACRONYM.match(word)) and sum(c.isupper() for c in word) >= 2
        )
        capital = word[:1].isupper() and word.lower() not in _NOT_NAMES
        if capital and sentence_start and not is_acronym and not possessive:
            pending = word  # "Acme Rail said" is a name, "Storms hit" is not: wait and see
        elif is_acronym or capital:
            if pending:
                run.append(pending)
            run.append(word)
            pending = ""
        elif run and token.lower() in _CONNECTORS:
            run.append(token.lower())
        else:
            close()
            pending = ""
        if len(run) > 4 or possessive:
            close()
        sentence_start = False
        if token.endswith(".") and not dotted and len(word) > 1:
            close()
            pending = ""
            sentence_start = True
    close()
    return names


def record_text(record: Record) -> str:
    return " . ".join(filter(None, (record.title, record.summary, html_to_text(record.body_html))))


def mentioned(record: Record) -> Counter:
    """How often each name occurs in a record."""
    return Counter(names_in(record_text(record)))


def derive_topics(
    records: list[Record],
    per_record: int = 4,
    min_records: int = 3,
    max_share: float = 0.4,
    mentions_of=mentioned,
) -> list[Record]:
    """Records with ``topics`` filled in for those without tags of their own.

    ``mentions_of`` may look up what ``mentioned`` gave when the record was read.
    """
    mentions = {r.key: mentions_of(r) for r in records if wants_topics(r)}
    spread = Counter(name for counts in mentions.values() for name in counts)
    limit = max(min_records, int(max_share * len(mentions)))
    recurring = {
        n for n, df in spread.items() if min_records <= df <= limit and not _DEMONYM.search(n)
    }
    result = []
    for record in records:
        counts = mentions.get(record.key)
        if counts:
            ranked = sorted(
                (n for n in counts if n in recurring), key=lambda n: (-counts[n], -spread[n], n)
            )
            if ranked:
                record = replace(record, topics=tuple(ranked[:per_record]))
        result.append(record)
    return result


def wants_topics(record: Record) -> bool:
    return not record.about_term and not record.tags
