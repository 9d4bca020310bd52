"""The article page shape: a header, stories each closed by its title twice, furniture.

    [furniture] Title [Label…] [Title] [dateline] body… Title Title
    [recommended body… Title Title]… [furniture]

The header is found from the dateline (a short line led by a date) and the repeated
heading above it, or, without a dateline, from a closing title that also opens the page.
A closing pair is two identical heading lines after a story's body; labels repeated in
the header never close anything, because they follow a heading, not a body.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from .captured_bylines import byline
from .captured_dates import dateline
from .captured_parts import (
    Context,
    Draft,
    Unit,
    clean,
    is_heading,
    is_paragraph,
    orphans,
    repeated_furniture,
)

_HEADER_REACH = 15  # a dateline further down is part of a body, not of the page header
_LABEL_WORDS = 4  # section labels are a word or a few


@dataclass(frozen=True, slots=True)
class Header:
    title: str
    first: int  # where the title first shows
    body_start: int
    sections: tuple[str, ...] = ()
    date: datetime | None = None
    date_only: bool = False
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None


def article_page(units: list[Unit], ctx: Context) -> list[Draft] | None:
    texts = [u.text for u in units]
    header = _dated_header(texts, ctx) or _repeated_header(texts, ctx)
    pairs = _closing_pairs(texts, header.body_start if header else 1)
    if header is None and not pairs:
        return None
    repeated = repeated_furniture(units) - {header.title if header else ""}
    drafts, at = [], 0
    if header:  # its title shown again, even once, closes the main story
        after = range(header.body_start, len(texts))
        close = next((i for i in after if texts[i] == header.title), None)
        if close is None:
            close = pairs[0] if pairs else len(texts)
        drafts.append(_main(units, header, clean(units[header.body_start : close], repeated)))
        at = _past(texts, close)
    for pair in (p for p in pairs if p >= at):
        body = [u for u in units[at:pair] if u.text != texts[pair]]  # its title may lead
        body = clean(body, repeated)
        if body:
            drafts.append(Draft(body[0].line, "article", [u.text for u in body], title=texts[pair]))
        at = _past(texts, pair)
    drafts.extend(_last_story(units[at:], repeated, ctx))
    return [d for d in drafts if d.body] or None


def _last_story(units: list[Unit], repeated: set[str], ctx: Context) -> list[Draft]:
    """What follows the last closing pair: furniture, or a story closed by its title once
    (a title-like line right after its last paragraph)."""
    texts = [u.text for u in units]
    last = max((i for i, text in enumerate(texts) if is_paragraph(text)), default=-1)
    if 0 <= last < len(texts) - 1 and _title_like(texts[last + 1]):
        title = texts[last + 1]
        body = clean([u for u in units[: last + 1] if u.text != title], repeated)
        if body:
            return [Draft(body[0].line, "article", [u.text for u in body], title=title)]
    return orphans(units, ctx, "after the last story's closing title")


def _main(units: list[Unit], header: Header, body: list[Unit]) -> Draft:
    return Draft(
        units[header.first].line,
        "article",
        [u.text for u in body],
        title=header.title,
        sections=header.sections,
        date=header.date,
        date_only=header.date_only,
        updated=header.updated,
        authors=header.authors,
        publisher=header.publisher,
    )


def _past(texts: list[str], at: int) -> int:
    """The index after a run of one line repeated (a title shown twice or more)."""
    end = at
    while end < len(texts) and texts[end] == texts[at]:
        end += 1
    return end


def _closing_pairs(texts: list[str], start: int) -> list[int]:
    """Where two identical heading lines follow something else: a story's closing title."""
    return [
        i
        for i in range(max(start, 1), len(texts) - 1)
        if texts[i] == texts[i + 1] and texts[i - 1] != texts[i] and _title_like(texts[i])
    ]


def _title_like(text: str) -> bool:
    return is_heading(text) and len(text.split()) >= 3  # longer than a label or a button


def _dated_header(texts: list[str], ctx: Context) -> Header | None:
    """A dateline near the top with heading lines above it: the title among them is the
    one the page repeats (best, after the dateline too); the others are labels."""
    for at in range(1, min(len(texts), _HEADER_REACH)):
        found = dateline(texts[at], ctx.zone)
        if found is None or not is_heading(texts[at - 1]):
            continue
        block = _heading_block(texts, at)
        title = max(block, key=lambda i: _title_score(texts, i, at, ctx))
        first = next(i for i in block if texts[i] == texts[title])
        date, updated = found
        header = Header(texts[title], first, at + 1, (), date.value, date.date_only, updated)
        return _attributed(header, texts[first + 1 : at], ctx)
    return None


def _heading_block(texts: list[str], end: int) -> list[int]:
    start = end
    while start > 0 and end - start < 8 and is_heading(texts[start - 1]):
        start -= 1
    return list(range(start, end))


def _title_score(texts: list[str], i: int, dateline_at: int, ctx: Context) -> tuple:
    text = texts[i]
    closes = text in texts[dateline_at + 1 :]
    is_byline = byline(text, ctx.publishers) is not None
    return (not is_byline, closes, texts.count(text) > 1, len(text.split()), i)


def _repeated_header(texts: list[str], ctx: Context) -> Header | None:
    """No dateline: the first closing title that also shows earlier opens the page; its
    body starts at the first paragraph after that showing."""
    for pair in _closing_pairs(texts, 1):
        title = texts[pair]
        first = texts.index(title)
        if first >= pair:
            continue
        body_start = next((i for i in range(first + 1, pair) if is_paragraph(texts[i])), None)
        if body_start is not None:
            header = Header(title, first, body_start)
            return _attributed(header, texts[first + 1 : body_start], ctx)
    return None


def _attributed(header: Header, between: list[str], ctx: Context) -> Header:
    """Section labels and a byline from the lines between a title's showings and its body:
    labels are short heading lines (each once); a byline gives authors and publisher."""
    labels: dict[str, None] = {}
    found = None
    for text in between:
        line = byline(text, ctx.publishers)
        if line is not None:
            found = found or line
            labels.update(dict.fromkeys(line.labels))
        elif text != header.title and is_heading(text) and len(text.split()) <= _LABEL_WORDS:
            labels[text] = None
    if found is None:
        return replace(header, sections=tuple(labels))
    return replace(header, sections=tuple(labels), authors=found.authors, publisher=found.publisher)
