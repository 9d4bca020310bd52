"""Python-Markdown's ``smarty`` extension, made fast and kept byte-identical.

Why: ``smarty`` runs a second full ``InlineProcessor`` over the tree with 18 patterns.
Every pattern is tried on every text node through several layers of Python calls, and
every match rebuilds the node's whole string around a new placeholder. On prose that is
about half of the time Markdown takes per article.

How: this extension replays smarty's 18 regexes (imported from ``smarty`` or copied
verbatim), with the same replacements, in the same order, on the same text nodes (every
element's text and tail but the root's, ``AtomicString``s skipped, breadth first), and
stores the same entities in ``md.htmlStash`` in the same order. Only the way a pattern is
applied differs: one ``re.sub`` per pattern and text node, and no scan at all when a
cheap necessary condition fails (the literal every match contains is absent, or for the
opening quotes, no quote follows a space, dash or entity and precedes a word character).
A leading lookbehind ``(?<=X)'`` is searched as the equivalent ``'(?<=X')`` so that
``re`` can jump from quote to quote instead of trying the lookbehind everywhere.

Why it is exact. ``InlineProcessor`` applies a pattern by finding its first match,
replacing it with a placeholder ``\\x02klzzwxh:NNNN\\x03`` and searching again just past
the placeholder; the next pattern then scans the rewritten string. Here the placeholders
are the same strings with the same numbers, so every pattern sees exactly the string the
real processor shows it. Within one pattern, ``re.sub`` sees the text before that
pattern's own replacements, so the two can only differ for a match starting right where
the previous replaced match ended, whose lookbehind the real processor shows ``\\x03``:

- ``(?<=[^ ...\\u0003])`` (``'"``, ``"'``, closing ``'`` and ``"``) never accepts
  ``\\x03``, so such a match is left as it is. It is one or two quotes and no match can
  start on its second one, so ``re.sub`` resuming after it misses nothing.
- ``(?<!-)``, ``(?<!\\.)``, ``(?<!\\w)`` accept ``\\x03``, but no match can start there:
  the previous match's lookahead forbids its first character (``(?!-)``, ``(?!\\.)``,
  ``(?=\\d{2}s)``). The other patterns do not look behind their match.

Finally the placeholders are swapped for their text, as ``InlineProcessor`` does.
``tests/test_smart.py`` compares the output with ``smarty``'s byte for byte.
Only smarty's default configuration is supported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import NamedTuple

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions import smarty as real
from markdown.treeprocessors import Treeprocessor
from markdown.util import INLINE_PLACEHOLDER, INLINE_PLACEHOLDER_RE, AtomicString

_S = real.substitutions
_LSQUO, _RSQUO = _S["left-single-quote"], _S["right-single-quote"]
_LDQUO, _RDQUO = _S["left-double-quote"], _S["right-double-quote"]
# Every opening quote match ends with a space, ';' (of an entity) or a dash before the quote.
_OPENING = r"{0}(?<=[\s;\-–—]{0})(?=\w)"

# (smarty's regex, replacement, literal every match contains, extra necessary condition),
# in the order of smarty's registry: dashes 50 and 45, quotes 30 down to 16, ellipses 10.
# An int in a replacement is a group kept as text; a string is stashed as raw HTML.
PATTERNS: list[tuple[str, tuple[int | str, ...], str, str | None]] = [
    (r"(?<!-)---(?!-)", (_S["mdash"],), "---", None),
    (r"(?<!-)--(?!-)", (_S["ndash"],), "--", None),
    (real.singleQuoteStartRe, (_RSQUO,), "'", None),
    (real.doubleQuoteStartRe, (_RDQUO,), '"', None),
    (real.doubleQuoteSetsRe, (_LDQUO + _LSQUO,), "\"'", None),
    (real.singleQuoteSetsRe, (_LSQUO + _LDQUO,), "'\"", None),
    (real.doubleQuoteSetsRe2, (_RSQUO + _RDQUO,), "'\"", None),
    (real.singleQuoteSetsRe2, (_RDQUO + _RSQUO,), "\"'", None),
    (real.decadeAbbrRe, (_RSQUO,), "'", None),
    (real.openingSingleQuotesRegex, (1, _LSQUO), "'", _OPENING.format("'")),
    (real.closingSingleQuotesRegex, (_RSQUO,), "'", None),
    (real.closingSingleQuotesRegex2, (_RSQUO, 1), "'", None),
    (real.remainingSingleQuotesRegex, (_LSQUO,), "'", None),
    (real.openingDoubleQuotesRegex, (1, _LDQUO), '"', _OPENING.format('"')),
    (real.closingDoubleQuotesRegex, (_RDQUO,), '"', None),
    (real.closingDoubleQuotesRegex2, (_RDQUO,), '"', None),
    (real.remainingDoubleQuotesRegex, (_LDQUO,), '"', None),
    (r"(?<!\.)\.{3}(?!\.)", (_S["ellipsis"],), "...", None),
]
_FLAGS = re.DOTALL | re.UNICODE  # as InlineProcessor compiles its patterns
_LEADING_LOOKBEHIND = re.compile(r"(\(\?<[=!][^)]*)\)(['\"])(.*)", re.S)


class _Pattern(NamedTuple):
    regex: re.Pattern[str]
    replace: tuple[int | str, ...]
    literal: str
    gate: re.Pattern[str] | None
    guarded: bool  # a positive lookbehind: it never matches just after a placeholder


def _compile(regex: str, replace: tuple, literal: str, gate: str | None) -> _Pattern:
    guarded = regex.startswith("(?<=")
    if lookbehind := _LEADING_LOOKBEHIND.fullmatch(regex):  # (?<=X)'rest → '(?<=X')rest
        behind, quote, rest = lookbehind.groups()
        regex = f"{quote}{behind}{quote}){rest}"
    return _Pattern(
        re.compile(regex, _FLAGS), replace, literal, gate and re.compile(gate, _FLAGS), guarded
    )


def _may_change(text: str) -> bool:
    return "'" in text or '"' in text or "--" in text or "..." in text


class FastSmartyProcessor(Treeprocessor):
    """Educates quotes, dashes and ellipses in text nodes exactly as smarty's processor."""

    def __init__(self, md: Markdown):
        super().__init__(md)
        self.patterns = [_compile(*row) for row in PATTERNS]
        self.stashed: list[str] = []  # text of placeholder N, for the whole tree as in smarty

    def run(self, root: etree.Element) -> None:
        self.stashed = []
        queue = [root]
        for parent in queue:  # breadth first, as InlineProcessor walks the tree
            for child in parent:
                text = child.text
                if text and not isinstance(text, AtomicString) and _may_change(text):
                    child.text = self.educate(text)
                tail = child.tail
                if tail and not isinstance(tail, AtomicString) and _may_change(tail):
                    child.tail = self.educate(tail)
                if len(child):
                    queue.append(child)

    def educate(self, text: str) -> str:
        """Apply every pattern in turn to one text node."""
        first = len(self.stashed)
        for pattern in self.patterns:
            if pattern.literal in text and (pattern.gate is None or pattern.gate.search(text)):
                text = self.apply(pattern, text)
        if len(self.stashed) == first:
            return text
        return INLINE_PLACEHOLDER_RE.sub(lambda m: self.stashed[int(m.group(1))], text)

    def apply(self, pattern: _Pattern, text: str) -> str:
        """Replace the pattern's matches by placeholders, as smarty's InlineProcessor does."""
        stashed, store = self.stashed, self.md.htmlStash.store
        previous_end = -1

        def substitute(match: re.Match[str]) -> str:
            nonlocal previous_end
            if pattern.guarded and match.start() == previous_end:
                return match.group()  # smarty's lookbehind sees its placeholder's \x03
            previous_end = match.end()
            parts = [match.group(p) if isinstance(p, int) else store(p) for p in pattern.replace]
            stashed.append("".join(parts))
            return INLINE_PLACEHOLDER % f"{len(stashed) - 1:04d}"

        return pattern.regex.sub(substitute, text)


class FastSmartyExtension(Extension):
    """Drop-in replacement for ``"smarty"`` with its default configuration."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(FastSmartyProcessor(md), "smarty", 6)
        md.ESCAPED_CHARS.extend(['"', "'"])
