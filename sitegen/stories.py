"""Related coverage: records that report the same event, found by the wording they share.

Two reports of one event repeat its facts in near-identical phrases ("rejected suggestions
that it could be added to the list"). Each record is reduced to the word 4-grams of its
lede (the first ``LEDE_WORDS`` words of its summary and body); two records report the same
story when at least ``threshold`` of the smaller set occurs in the other and they were
published within ``days`` of each other (or are both undated). Phrases found in many
records ("according to a statement") are boilerplate and ignored, which also keeps the
pairing near linear on large sites. Each record's related reports are its own matches,
most similar first, at most ``limit``: similarity is not chained from record to record,
so one common paragraph cannot pull a whole archive into one "story".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from hashlib import blake2b
from itertools import combinations

from .model import Record
from .text import BLOCK_TAG, html_to_text, unmarked

_WORD = re.compile(r"\w+")
SHINGLE = 4
LEDE_WORDS = 80


def lede_words(record: Record) -> list[str]:
    """The first ``LEDE_WORDS`` words of the summary and the body's text."""
    words = _WORD.findall(record.summary or "")
    if len(words) < LEDE_WORDS:
        words += lede_body_words(record.body_html, LEDE_WORDS)
    return words[:LEDE_WORDS]


_PARAGRAPH_END = "</p>"
_OPEN_TAG_AT_END = re.compile(r"<[^>]*\Z")


def lede_body_words(markup: str, words: int) -> list[str]:
    """The words of the shortest run of whole paragraphs at the start of ``markup`` that
    holds ``words`` words, or of all of it: the lede without turning a long body into text.

    Cut after a ``</p>``, the text of the part is exactly the start of the whole's text:
    the closing tag becomes a space, so no word runs across the cut. Where that could fail
    (footnotes, which are dropped as a whole; a bare ``<`` that would pair with a ``>``
    beyond the cut) the whole markup is used.
    """
    if '<div class="footnote">' not in markup:
        end = 0
        while (cut := markup.find(_PARAGRAPH_END, end + 8 * words)) >= 0:
            end = cut + len(_PARAGRAPH_END)
            spaced = BLOCK_TAG.sub(" ", markup[:end])  # made once, for the check and the text
            if _OPEN_TAG_AT_END.search(spaced):
                break
            found = _WORD.findall(unmarked(spaced))
            if len(found) >= words:
                return found
    return _WORD.findall(html_to_text(markup))


_MASK = (1 << 64) - 1
_PRIME = 0x100000001B3  # odd, so each step is a bijection of the 64-bit values
_word_hashes: dict[str, int] = {}  # a news vocabulary repeats: each word is digested once


def _word_hash(word: str) -> int:
    found = _word_hashes.get(word)
    if found is None:
        if len(_word_hashes) > 200_000:
            _word_hashes.clear()
        found = _word_hashes[word] = int.from_bytes(blake2b(word.encode(), digest_size=8).digest())
    return found


def lede_shingles(record: Record) -> frozenset[int]:
    """The lede's word 4-grams as stable 64-bit numbers (Python's hash() of a str changes
    from run to run): each word's digest, combined along the gram."""
    hashes = [_word_hash(w.lower()) for w in lede_words(record)]
    grams = set()
    for i in range(len(hashes) - SHINGLE + 1):
        a, b, c, d = hashes[i : i + SHINGLE]
        grams.add((((a * _PRIME + b) * _PRIME + c) * _PRIME + d) & _MASK)
    return frozenset(grams)


def related_reports(
    records: list[Record],
    threshold: float = 0.2,
    days: float = 3,
    limit: int = 8,
    common: int = 8,
    shingles=lede_shingles,
) -> dict[str, tuple[str, ...]]:
    """Record key -> keys of the other reports of its story, most similar first."""
    candidates = [r for r in records if not r.about_term]
    sets = {r.key: shingles(r) for r in candidates}
    when = {r.key: r.date for r in candidates}
    order = {r.key: i for i, r in enumerate(candidates)}
    postings: dict[int, list[str]] = defaultdict(list)
    for key, items in sets.items():
        for item in items:
            postings[item].append(key)
    shared: Counter = Counter()
    for keys in postings.values():
        if 1 < len(keys) <= common:
            shared.update(combinations(keys, 2))
    matches: dict[str, list[tuple[float, int, str]]] = defaultdict(list)
    for (a, b), count in shared.items():
        score = count / min(len(sets[a]), len(sets[b]))
        if score >= threshold and _close(when[a], when[b], days):
            matches[a].append((-score, order[b], b))
            matches[b].append((-score, order[a], a))
    return {
        key: tuple(other for _, _, other in sorted(found)[:limit])
        for key, found in sorted(matches.items(), key=lambda item: order[item[0]])
    }


def _close(a, b, days: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs((a - b).total_seconds()) <= days * 86400
