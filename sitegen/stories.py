"""Story clusters: records that report the same event, found by the wording they share.

Two reports of one event repeat its facts in near-identical phrases ("rejected suggestions
that it could be added to the list"). Each record is reduced to the word 4-grams of its
lede (the first ``LEDE_WORDS`` words of its summary and body); two records are the same
story when at least ``threshold`` of the smaller set occurs in the other. Phrases found in
many records ("according to a statement") are boilerplate and ignored, which also keeps
the pairing near linear on large sites. Clusters are the connected groups of such pairs.
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


def lede_shingles(record: Record) -> set[int]:
    text = " ".join(filter(None, (record.summary, html_to_text(record.body_html))))
    words = [w.lower() for w in _WORD.findall(text)[:LEDE_WORDS]]
    grams = (" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))
    # a stable 64-bit digest: Python's hash() of a str changes from run to run
    return {int.from_bytes(blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams}


def story_clusters(
    records: list[Record], threshold: float = 0.2, common: int = 8
) -> list[tuple[str, ...]]:
    """Groups of record keys (two or more) that report the same story, in source order."""
    sets = {r.key: lede_shingles(r) for r in records if r.kind != "profile"}
    order = {key: i for i, key in enumerate(sets)}
    postings: dict[int, list[str]] = defaultdict(list)
    for key, items in sets.items():
        for item in items:
            postings[item].append(key)
    shared: Counter = Counter()
    for keys in postings.values():
        if 1 < len(keys) <= common:
            shared.update(combinations(keys, 2))
    parent = {key: key for key in sets}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for (a, b), count in sorted(
        shared.items(), key=lambda item: (order[item[0][0]], order[item[0][1]])
    ):
        if count >= threshold * min(len(sets[a]), len(sets[b])):
            first, second = sorted((root(a), root(b)), key=order.__getitem__)
            parent[second] = first
    groups: dict[str, list[str]] = defaultdict(list)
    for key in sets:
        groups[root(key)].append(key)
    return [tuple(group) for group in groups.values() if len(group) > 1]
