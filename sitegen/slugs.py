"""Slugs: stable, readable ASCII names for URLs, never empty, never silently shared."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from slugify import slugify

MAX_LENGTH = 80
# Apostrophes join words ("Hong Kong's" -> "hong-kongs"), as readers expect.
_REPLACEMENTS = [["'", ""], ["’", ""], ["‘", ""]]


@lru_cache(maxsize=1 << 16)  # names recur on every build; slugify is slow
def slug_for(name: str) -> str:
    """A URL slug for any name in any script; names with no letters get their code points."""
    slug = slugify(name, max_length=MAX_LENGTH, word_boundary=True, replacements=_REPLACEMENTS)
    if slug:
        return slug
    points = [f"u{ord(c):x}" for c in name if not c.isspace()]
    return "-".join(points)[:MAX_LENGTH].rstrip("-") or "untitled"


def assign_slugs(names: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Give each distinct name a unique slug; report names that had to be told apart.

    Names are grouped by their slug. When different names share one, the one that sorts
    first keeps it and the others get ``-2``, ``-3``… in sorted order, so the outcome does
    not depend on the order sources were read in.
    """
    by_slug: dict[str, list[str]] = {}
    for name in names:
        group = by_slug.setdefault(slug_for(name), [])
        if name not in group:
            group.append(name)
    taken = set(by_slug)
    result: dict[str, str] = {}
    notes: list[str] = []
    for slug, group in by_slug.items():
        ordered = sorted(group, key=lambda n: (n.casefold(), n))
        result[ordered[0]] = slug
        for number, name in enumerate(ordered[1:], 2):
            while f"{slug}-{number}" in taken:
                number += 1
            result[name] = f"{slug}-{number}"
            taken.add(result[name])
            notes.append(
                f"'{name}' and '{ordered[0]}' share the slug '{slug}'; "
                f"'{name}' gets '{result[name]}'"
            )
    return result, notes
