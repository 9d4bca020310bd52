"""Three of the capture shapes: an author page, a section front and a wire of briefs.

Each parser takes the file's units (non-blank lines) and returns drafts in file order, or
None when the file does not have its shape. (The article page is in captured_page.)
"""

from __future__ import annotations

from collections import Counter

from .captured_bylines import Byline, byline, pipe_byline, split_labels, teaser_byline
from .captured_dates import Found, leading_date, text_dateline
from .captured_parts import (
    Context,
    Draft,
    Unit,
    clean,
    is_heading,
    is_name,
    is_paragraph,
    is_teaser,
    orphans,
    repeated_furniture,
    strip_bullet,
    strip_teaser_end,
)

# -- author page ---------------------------------------------------------------------------


def author_page(units: list[Unit], ctx: Context) -> list[Draft] | None:
    """A profile (name, role, bio), then items each closed by a ``names | timestamp`` byline:
    a title line (maybe bulleted) and its summary."""
    ends = {}
    for i, unit in enumerate(units):
        found = pipe_byline(unit.text, ctx.publishers, ctx.zone)
        if found:
            ends[i] = found
    if len(ends) < max(1, sum(is_teaser(u.text) for u in units)):
        return None  # a stray timestamped byline in a section front makes no author page
    closes = sorted(ends)
    chunks = list(zip([0] + [c + 1 for c in closes[:-1]], closes, strict=True))
    sizes = Counter(end - start for start, end in chunks[1:])
    typical = sizes.most_common(1)[0][0] if sizes else 2  # units in an item, for the first
    drafts = []
    for n, (start, end) in enumerate(chunks):
        bullets = [i for i in range(start, end) if strip_bullet(units[i].text)[0]]
        item = bullets[0] if bullets else (start if n else max(start, end - typical))
        if n == 0:
            header = units[start:item]
            drafts.extend(profile(header) or orphans(header, ctx, "above the first item"))
        drafts.append(_item(units[item:end], units[end], *ends[end]))
    return drafts + orphans(units[closes[-1] + 1 :], ctx, "after the last item")


def profile(header: list[Unit]) -> list[Draft]:
    """Name, role and bio from the top of an author page: the bio is the trailing
    paragraphs, the role the line above it, the name the line above that."""
    bio = len(header)
    while bio and is_paragraph(header[bio - 1].text):
        bio -= 1
    heads = header[:bio]
    if len(heads) >= 2 and is_name(heads[-2].text) and is_heading(heads[-1].text):
        name, role = heads[-2], heads[-1].text
    elif heads and is_name(heads[-1].text):
        name, role = heads[-1], None
    else:
        return []  # only furniture above the items
    text = [u.text for u in header[bio:]]
    summary = " ".join(text) or None
    return [Draft(name.line, "profile", text, name.text, summary, authors=(name.text,), role=role)]


def _item(units: list[Unit], close: Unit, found: Byline, stamp: Found) -> Draft:
    lines = [strip_bullet(units[0].text)[1], *(u.text for u in units[1:])] if units else []
    titled = len(lines) > 1 or (lines and is_heading(lines[0]))
    title, summary = (lines[0], lines[1:]) if titled else (None, lines)
    return Draft(
        units[0].line if units else close.line,
        "listing",
        summary,
        title=title,
        summary=" ".join(summary) or None,
        authors=found.authors,
        publisher=found.publisher,
        date=stamp.value,
        date_only=stamp.date_only,
    )


# -- section front -------------------------------------------------------------------------


def section_front(units: list[Unit], ctx: Context, need_teaser: bool) -> list[Draft] | None:
    """Teasers ending in ``[…]``, each maybe followed by its article (a byline line with
    section labels glued on, then the body); articles may also start at a bare byline."""
    teasers = {i for i, u in enumerate(units) if is_teaser(u.text) and _teaser_text(u.text)}
    bylines = {
        i: found
        for i, u in enumerate(units)
        if i not in teasers and (found := byline(u.text, ctx.publishers))
    }
    if not teasers and (need_teaser or not bylines):
        return None
    owned = {i + 1 for i in teasers if i + 1 in bylines and _owns(units, i, bylines[i + 1])}
    starts = sorted(teasers | (bylines.keys() - owned))
    repeated = repeated_furniture(units)
    drafts = orphans(units[: starts[0]], ctx, "before the first teaser or byline")
    for start, end in zip(starts, starts[1:] + [len(units)], strict=True):
        if start in teasers:
            found = bylines[start + 1] if start + 1 in owned else None
            drafts.extend(_teaser(units, start, end, found, ctx, repeated))
        else:
            body = clean(units[start + 1 : end], repeated)
            if body:
                drafts.append(_article(units[start].line, bylines[start], body, None, ctx))
    return drafts


def _owns(units: list[Unit], teaser: int, found: Byline) -> bool:
    """Whether the byline under a teaser is its article's: the teaser names its authors,
    or the article opens with the teaser's words."""
    text = units[teaser].text
    if any(name in text[:200] for name in found.authors):
        return True
    return teaser + 2 < len(units) and _continues(text, units[teaser + 2].text)


def _continues(teaser: str, opening: str) -> bool:
    """Whether a paragraph opens with a teaser's words (the teaser is it, cut short)."""
    words = opening.split()[:6]
    return len(words) >= 4 and " ".join(words) in teaser


def _teaser(
    units: list[Unit],
    start: int,
    end: int,
    found: Byline | None,
    ctx: Context,
    repeated: set[str],
) -> list[Draft]:
    """A teaser and what follows it: its article (the teaser is then the article's
    summary), or nothing of its own (the teaser is a record)."""
    teaser = _read_teaser(units[start], ctx)
    following = units[start + 1 : end]
    if found is not None:
        body = clean(following[1:], repeated)
        if body:
            return [_article(teaser.line, found, body, teaser, ctx)]
        following = following[1:]  # a byline with no body: it attributes the teaser
        teaser.authors, teaser.publisher = found.authors, found.publisher
        teaser.sections = found.labels or teaser.sections
    body = clean(following, repeated)
    if body and _continues(units[start].text, body[0].text):
        attributed = Byline(teaser.sections, teaser.authors, teaser.publisher, None)
        return [_article(teaser.line, attributed, body, teaser, ctx)]  # its byline is missing
    return [teaser, *orphans(following, ctx, "after a teaser that it does not continue")]


def _teaser_text(text: str) -> bool:
    return bool(strip_teaser_end(text).strip())  # a bare "[…]" is a link, not a teaser


def _read_teaser(unit: Unit, ctx: Context) -> Draft:
    labels, rest = split_labels(strip_teaser_end(unit.text))
    authors, publisher, text = teaser_byline(rest, ctx.publishers)
    dated = text_dateline(text, ctx.zone)
    return Draft(
        unit.line,
        "teaser",
        [text],
        summary=text,
        authors=authors,
        publisher=publisher,
        sections=tuple(labels),
        date=dated.value if dated else None,
        date_only=dated.date_only if dated else False,
    )


def _article(line: int, found: Byline, body: list[Unit], teaser, ctx: Context) -> Draft:
    texts = [u.text for u in body]
    dated = (leading_date(found.when, ctx.zone) if found.when else None) or text_dateline(
        texts[0], ctx.zone
    )
    draft = Draft(
        line,
        "article",
        texts,
        authors=found.authors,
        publisher=found.publisher,
        sections=found.labels or (teaser.sections if teaser else ()),
        date=dated.value if dated else None,
        date_only=dated.date_only if dated else False,
    )
    if teaser is not None:  # the teaser is the article's opening cut short: a derived summary
        opening = teaser.summary.find(" ".join(texts[0].split()[:5]))
        draft.summary = teaser.summary[max(opening, 0) :]
        draft.summary_derived = True
        if draft.date is None:
            draft.date, draft.date_only = teaser.date, teaser.date_only
    return draft


# -- wire ----------------------------------------------------------------------------------


def wire(units: list[Unit], ctx: Context) -> list[Draft] | None:
    """One-paragraph briefs, one a line, with furniture lines between them dropped. When
    most briefs have a heading line above them, the heading is their title (and a story
    of more than one paragraph is an article)."""
    titles = {i + 1 for i in range(len(units) - 1) if _titles(units, i)}
    briefs = [u for u in units if _brief(u.text)]
    if len(briefs) < max(1, len(units) - len(briefs)):
        return None
    if len(titles) < max(2, len(briefs) / 2):
        return [_brief_draft(unit, ctx) for unit in briefs]
    drafts: list[Draft] = []
    story = None
    for i, unit in enumerate(units):
        if i in titles:
            story = _brief_draft(unit, ctx, units[i - 1])
            drafts.append(story)
        elif is_paragraph(unit.text) and story is not None:
            story.body.append(unit.text)  # a titled story's next paragraph
            story.kind = "article"
        elif is_paragraph(unit.text):
            drafts.append(_brief_draft(unit, ctx))
        else:
            story = None  # a heading that titles nothing ends the story
    return drafts


def _brief(text: str) -> bool:
    """A brief: a paragraph, or a line too long for furniture though its end was lost."""
    return is_paragraph(text) or len(text.split()) > 8


def _brief_draft(unit: Unit, ctx: Context, heading: Unit | None = None) -> Draft:
    dated = text_dateline(unit.text, ctx.zone)
    return Draft(
        heading.line if heading else unit.line,
        "brief",
        [unit.text],
        title=heading.text if heading else None,
        date=dated.value if dated else None,
        date_only=dated.date_only if dated else False,
    )


def _titles(units: list[Unit], i: int) -> bool:
    """A heading line directly above a paragraph titles it."""
    text = units[i].text
    return is_heading(text) and not is_paragraph(text) and is_paragraph(units[i + 1].text)
