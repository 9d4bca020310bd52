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
from .text import html_to_text

_WORD = re.compile(r"\w+")
SHINGLE = 4
LEDE_WORDS = 80


def lede_shingles(record: Record) -> frozenset[int]:
    text = " ".join(filter(None, (record.summary, html_to_text(record.body_html))))
    words = [w.lower() for w in _WORD.findall(text)[:LEDE_WORDS]]
    grams = (" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))
    # a stable 64-bit digest: Python's hash() of a str changes from run to run
    return frozenset(
        int.from_bytes(blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams
    )


def related_reports(
    records: list[Record],
    threshold: float = 0.2,
    days: float = 3,
    limit: int = 8,
    common: int = 8,
    shingles=lede_shingles,
) -> dict[str, tuple[str, ...]]:
    """Record key -> keys of the other reports of its story, most similar first."""
    candidates = [r for r in records if r.kind != "profile"]
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
