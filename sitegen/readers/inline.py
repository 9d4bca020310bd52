"""Python-Markdown's inline pass, without trying patterns that cannot match.

Python-Markdown tries each of its inline patterns (about fifteen with ``extra``) on every
text node, one Python call each, though most text holds none of the characters a pattern
needs: a link needs ``[``, emphasis ``*`` or ``_``, an entity ``&``. For every pattern,
``needed_chars`` works out from its compiled regular expression a set of characters of
which each match must contain one; a pattern is tried only on text that holds one of
them. Skipping a pattern that cannot match gives what trying it would: the text
unchanged, and the next pattern searched from the start. So the HTML is Python-Markdown's,
byte for byte (``tests/test_inline.py`` compares the two on every source it can find).
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.inlinepatterns import Pattern
from markdown.treeprocessors import InlineProcessor

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_SMALL_RANGE = 16


def needed_chars(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Characters of which every match of ``regex`` holds at least one, or None if no
    such set can be told (a match may be empty, or made only of classes like ``\\w``)."""
    if regex.flags & re.IGNORECASE or "(?i" in regex.pattern:
        return None  # letters would match in either case: not worth the care
    try:
        parsed = sre_parse.parse(regex.pattern, regex.flags)
    except re.error:
        return None
    return _sequence(parsed)


def _sequence(items) -> frozenset[str] | None:
    """Every item of a sequence is matched, so any item's set will do: take the rarest
    (the smallest, and one without a space, which nearly every text has)."""
    found = [s for s in (_item(op, value) for op, value in items) if s is not None]
    return min(found, key=lambda s: (" " in s, len(s)), default=None)


def _item(op, value) -> frozenset[str] | None:
    if op is sre.LITERAL:
        return frozenset(chr(value))
    if op is sre.IN:
        return _char_class(value)
    if op is sre.SUBPATTERN:
        return _sequence(value[-1])
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(value)
    if op is sre.BRANCH:
        branches = [_sequence(branch) for branch in value[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*branches)
    if op in _REPEATS:
        low, _, inner = value
        return _sequence(inner) if low >= 1 else None
    return None  # anchors, lookarounds, back-references, ANY, categories, negations


def _char_class(members) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, value in members:
        if op is sre.LITERAL:
            chars.add(chr(value))
        elif op is sre.RANGE and value[1] - value[0] < _SMALL_RANGE:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None  # NEGATE, CATEGORY, wide ranges
    return frozenset(chars)


class SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, trying only the patterns a text can match."""

    def __init__(self, md: Markdown):
        super().__init__(md)
        self.plan: list[tuple[Pattern, frozenset[str] | None]] | None = None

    def _plan(self) -> list[tuple[Pattern, frozenset[str] | None]]:
        """The patterns in order, each with its needed characters, read from the registry
        at the first text (every extension has registered its patterns by then); the
        registry re-sorts itself on each index, which cost more than the patterns."""
        if self.plan is None:
            self.plan = [(p, needed_chars(p.getCompiledRegExp())) for p in self.inlinePatterns]
        return self.plan

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # InlineProcessor.__handleInline (name-mangled, so overridden under that name),
        # with the skip; everything else is the parent's
        if isinstance(data, util.AtomicString):
            return data
        start = 0
        plan = self._plan()
        count = len(plan)
        present: set[str] | None = None
        while patternIndex < count:
            pattern, needs = plan[patternIndex]
            if needs is not None:
                if present is None:
                    present = set(data)
                if needs.isdisjoint(present):
                    patternIndex, start = patternIndex + 1, 0  # as a failed try returns
                    continue
            data, matched, start = self._InlineProcessor__applyPattern(
                pattern, data, patternIndex, start
            )
            if matched:
                present = None  # the text now holds a placeholder
            else:
                patternIndex += 1
        return data


class SkippingInlineExtension(Extension):
    """Replaces the ``inline`` tree processor with ``SkippingInlineProcessor``."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(SkippingInlineProcessor(md), "inline", 20)
