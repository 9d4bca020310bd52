"""Captured news: text saved from news sites, many articles to a file, boilerplate and all.

Each non-blank line is a unit. A file is read by the shapes its lines make (length,
case, punctuation, position and repetition), never by particular words or by its name:

- every line gets a label from its own shape (captured_lines): a headline, a label, a
  byline, a date, a paragraph, a teaser, a "Read more", a caption, furniture;
- the item finder (captured_items) takes the pattern those labels repeat: headlines (or
  labels, or paragraphs) open items, and the kinds that regularly stand before them open
  them too; an article page is the run of items holding most of its paragraphs;
- a page the finder does not fit keeps the shapes the seeds first showed
  (captured_shapes, captured_page): an author page, a section front of ``[…]`` teasers
  whose articles open on glued bylines, an article page that closes each story with its
  title twice, articles that open on a bare byline, a wire of briefs.

Anything else is read one record per paragraph block, with a warning. Placeholder text
(lorem ipsum, filler that repeats itself) is dropped first. Captured text is always text:
escaped, never read as markup. ``explain`` shows the labels and the items found.

A capture may start with a YAML block of defaults (``publisher``, ``section(s)``,
``timezone``, ``date``, ``captured``) for the records that lack them, as may a
``_defaults.toml`` beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from zoneinfo import ZoneInfo

from ..errors import Problem
from ..model import ReadOptions, ReadResult, Record, pack_body
from ..text import derive_headline, paragraphs_html, shorten
from .captured_bylines import learn_publishers, split_labels, split_names
from .captured_items import Items, find_items, item_drafts, tiles
from .captured_lines import FURNITURE, MORE, SHORT, TEXT, TITLE, Line, label_lines
from .captured_page import article_page
from .captured_parts import (
    Context,
    Draft,
    Unit,
    is_heading,
    is_paragraph,
    is_placeholder,
    is_teaser,
)
from .captured_shapes import author_page, profile, section_front, wire
from .fields import apply_defaults, check_defaults
from .front_matter import key_errors, split_front_matter

__all__ = ["apply_defaults", "derive_headline", "read", "split_labels", "split_names"]

SHAPES = (
    author_page,
    partial(section_front, need_teaser=True),
    article_page,
    partial(section_front, need_teaser=False),
    wire,
)
HEADLINE_CHARS = 100
_NOT_CONTENT = (FURNITURE, SHORT, MORE)


@dataclass(frozen=True, slots=True)
class Marked:
    """What a saved page's markup shows about its text lines (numbered from 1): the
    list's headlines, the lines inside a story below its headline, and those above it in
    the story's own markup (a kicker)."""

    headlines: frozenset[int] = frozenset()
    inside: frozenset[int] = frozenset()
    kickers: frozenset[int] = frozenset()


def read(text: str, source: str, options: ReadOptions, marked: Marked = Marked()) -> ReadResult:
    """Read one captured file into records, in file order, with warnings. Where the
    markup of a saved page showed more (``marked``), that overrides a line's shape;
    otherwise the item finder judges every line by its shape."""
    defaults, units = _units(text, source)
    if not units:
        return ReadResult([], [Problem(source, 0, "no text in this capture")])
    kept = [u for u in units if not is_placeholder(u.text)]
    if not kept:
        return ReadResult([], [Problem(source, units[0].line, "only placeholder text")])
    ctx = _context(kept, defaults, options)
    drafts = _drafts(kept, ctx, marked)
    records = [_record(draft, i, source, options) for i, draft in enumerate(drafts)]
    warnings = [Problem(source, line, message) for line, message in ctx.warnings]
    return ReadResult(apply_defaults(records, defaults), warnings)


def _units(text: str, source: str) -> tuple[dict, list[Unit]]:
    """A capture's defaults (a YAML block at its top) and its non-blank lines."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    data, header, body = split_front_matter(text, source, fences=("---",))
    defaults = check_defaults(data, key_errors(header, source)) if data else {}
    first = text.count("\n", 0, len(text) - len(body)) + 1  # the body's first line
    units = [
        Unit(number, " ".join(line.split()))
        for number, line in enumerate(body.split("\n"), first)
        if line.strip()
    ]
    return defaults, units


def _context(units: list[Unit], defaults: dict, options: ReadOptions) -> Context:
    known = {defaults["publisher"]} if defaults.get("publisher") else set()
    zone = ZoneInfo(defaults.get("timezone", options.timezone))
    captured = defaults.get("captured") or options.captured  # the file's own, else its folder's
    return Context(zone, learn_publishers(units, known), captured=captured)


def _drafts(units: list[Unit], ctx: Context, marked: Marked) -> list[Draft]:
    """The records of a capture: a page of headlines is read by the item finder; a page
    without any (briefs, teasers, bylines) or an article page that closes its stories
    with their titles twice, by the shape that fits it."""
    items = find_items(_labelled(units, ctx, marked), known=bool(marked.headlines))
    found = item_drafts(items, ctx.zone)
    header = _header(items)
    substance = any(d.body or d.authors or d.date for d in found)
    if substance and _by_items(items, units):
        return header + found
    return _shaped(units, ctx) or (header + found if substance else []) or _blocks(units, ctx)


def _labelled(units: list[Unit], ctx: Context, marked: Marked) -> list[Line]:
    """Every line's label; the list's known headlines are headlines, and a headline- or
    label-shaped line inside a story (a subheading, a numbered point) is its text."""
    lines = label_lines(units, ctx.zone, ctx.publishers, ctx.captured)
    if marked.headlines:
        for i, line in enumerate(lines):
            if line.line in marked.headlines:
                lines[i] = replace(line, kind=TITLE)
            elif line.line in marked.inside and line.kind in (TITLE, SHORT):
                lines[i] = replace(line, kind=TEXT)
            elif line.line in marked.kickers and line.kind == TITLE:
                lines[i] = replace(line, kind=SHORT)  # a label over the story's headline
    return lines


def _by_items(items: Items, units: list[Unit]) -> bool:
    """Whether the item finder reads a page: headlines open its items, and the items
    hold most of its text (a stray heading-shaped line makes no list)."""
    content = [i for i, line in enumerate(items.lines) if line.kind not in _NOT_CONTENT]
    inside = {i for start, end in items.spans for i in range(start, end)}
    covered = sum(i in inside for i in content) >= 0.6 * len(content)
    if not covered or _closes_with_titles(units):
        return False
    if items.known:  # the markup showed the items
        return True
    if items.anchor in (None, SHORT):  # briefs, unless bracketed teasers make a section front
        return not any(is_teaser(u.text) for u in units)
    return tiles(items)


def explain(
    text: str,
    source: str,
    options: ReadOptions,
    marked: Marked = Marked(),
    origin: Callable[[int], int] = int,
) -> str:
    """Each line's label, the items found and the pattern they repeat: what
    ``sitegen records --explain`` prints. ``origin`` maps a line number to the one shown
    (a saved page's HTML line)."""
    defaults, units = _units(text, source)
    units = [u for u in units if not is_placeholder(u.text)]
    ctx = _context(units, defaults, options)
    items = find_items(_labelled(units, ctx, marked), known=bool(marked.headlines))
    starts = {s: n for n, (s, _) in enumerate(items.spans)}
    inside = {i for s, e in items.spans for i in range(s, e)}
    how = "the item finder" if _by_items(items, units) else "a page shape"
    out = [f"{source}: {len(items.spans)} items, pattern: {items.pattern or '-'}; read by {how}"]
    for i, line in enumerate(items.lines):
        mark = f"#{starts[i]:<3}" if i in starts else ("    " if i in inside else "  - ")
        out.append(f"{origin(line.line):>5} {mark} {line.kind:<9} {shorten(line.unit.text, 70)}")
    return "\n".join(out)


def _header(items: Items) -> list[Draft]:
    """An author's profile above a page's items (name, role, bio), if there is one."""
    first = items.spans[0][0] if items.spans else len(items.lines)
    found = profile([line.unit for line in items.lines[:first]])
    return [draft for draft in found if draft.body]  # a name with no bio is a page title


def _closes_with_titles(units: list[Unit]) -> bool:
    """Whether a story ends with its title shown twice, right after its last paragraph
    (an article page's signature)."""
    return any(
        a.text == b.text and is_heading(a.text) and len(a.text.split()) >= 3
        for before, a, b in zip(units, units[1:], units[2:], strict=False)
        if is_paragraph(before.text)
        and not is_heading(before.text)
        and not before.text.endswith(("…", "...", "]"))  # a list's teaser, not a story's end
    )


def _shaped(units: list[Unit], ctx: Context) -> list[Draft]:
    """The drafts of the first shape that finds any."""
    for shape in SHAPES:
        ctx.warnings.clear()  # a shape that found nothing leaves no warnings behind
        drafts = shape(units, ctx)
        if drafts:
            return drafts
    ctx.warnings.clear()
    return []


def _blocks(units: list[Unit], ctx: Context) -> list[Draft]:
    """No known shape: one article per block of lines between blank lines (a heading
    line over a block is its title; otherwise one is derived)."""
    groups: list[list[Unit]] = []
    for unit in units:
        if groups and groups[-1][-1].line == unit.line - 1:  # no blank line between
            groups[-1].append(unit)
        else:
            groups.append([unit])
    drafts = []
    for group in groups:
        texts = [u.text for u in group]
        titled = len(texts) > 1 and is_heading(texts[0])
        title, body = (texts[0], texts[1:]) if titled else (None, texts)
        drafts.append(Draft(group[0].line, "article", body, title=title))
    count = f"{len(drafts)} article" + ("s, one per paragraph block" if len(drafts) > 1 else "")
    ctx.warnings.append((units[0].line, f"no known capture shape; read as {count}"))
    return drafts


def _record(draft: Draft, index: int, source: str, options: ReadOptions) -> Record:
    """A record from a draft; a missing title or summary is derived and marked so."""
    derived = {"summary"} if draft.summary_derived else set()
    title, summary = draft.title, draft.summary
    if draft.kind != "profile":
        if title is None:
            title = derive_headline(" ".join(draft.body) or summary or "", HEADLINE_CHARS) or None
            derived.add("title")
        if summary is None and draft.body:
            summary = shorten(draft.body[0], options.summary_chars)
            derived.add("summary")
    return Record(
        source=source,
        line=draft.line,
        index=index,
        kind=draft.kind,
        title=title,
        authors=draft.authors,
        date=draft.date,
        updated=draft.updated,
        date_only=draft.date_only,
        sections=draft.sections,
        publisher=draft.publisher,
        summary=summary,
        body=pack_body(paragraphs_html(draft.body)),
        role=draft.role,
        derived=frozenset(derived),
    )
