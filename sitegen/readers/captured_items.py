"""The item finder: a list page's records found from the pattern its labelled lines repeat.

A list page repeats one item shape: ``title text byline``, ``short title date text``,
``title byline-with-date text more``… The finder takes the label that opens items (an
anchor: a headline when the page has several, else a byline, else each paragraph is a
brief), then the labels that regularly stand just before the anchor (a kicker, a date
printed first) as part of the item, as wrapper induction does for HTML lists. Each item
then reads its fields from its lines' labels. The lines before the first item are the
page's header (maybe an author's profile); what trails the last item beyond the shape the
others show is footer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from .captured_bylines import read_names
from .captured_dates import Found, find_dates, text_dateline
from .captured_lines import (
    BYLINE,
    CAPTION,
    DATE,
    FURNITURE,
    MORE,
    NAMES,
    SHORT,
    SOURCE,
    TEASER,
    TEXT,
    TITLE,
    Line,
    filed_under,
)
from .captured_parts import Draft, is_heading, strip_bullet

_LEADS = (SHORT, DATE, NAMES, CAPTION)  # kinds that may open an item before its headline
_ARTICLE_PARAGRAPHS = 3  # a titled item with this many paragraphs is a whole article
_META = (BYLINE, NAMES, DATE, SOURCE)
_AGO = re.compile(r"\s*\d+\s*(?:secs?|mins?|minutes?|hrs?|hours?|days?)\s+ago\s*$", re.I)
_NAME_PARTICLES = frozenset("de da di del van von der bin al le la du dos das".split())
_HEADLINE_REACH = 20  # lines above a story's first paragraph where its headline may stand
_STORY_PARAGRAPHS = 5  # an item with this many paragraphs, and most of a page's, is its story


@dataclass
class Items:
    """The items of a page: its lines as labelled again by where they stand, where each
    item starts and ends (indexes in them), and how they were found, for ``sitegen
    records --explain``."""

    lines: list[Line]
    anchor: str | None
    lead: tuple[str, ...]
    spans: list[tuple[int, int]] = field(default_factory=list)
    pattern: str = ""  # the most common item's labels, e.g. "short title text byline"
    known: bool = False  # the headlines came from a saved page's markup, not from shapes


def find_items(labelled: list[Line], known: bool = False) -> Items:
    """The items of a page's labelled lines. Where the headlines are ``known`` (a saved
    page's markup showed them), no other line is promoted to one or split off as a
    brief."""
    lines = _sources(_credits(labelled))
    lines = list(lines if known else _promoted(lines))  # the caller's list stays as it is
    titles = [i for i, line in enumerate(lines) if line.kind == TITLE]
    bylines = [i for i, line in enumerate(lines) if line.kind == BYLINE]
    labelled = [i for i in range(1, len(lines)) if _under(lines, i, SHORT)]
    paragraphs = sum(line.kind in (TEXT, TEASER) for line in lines)
    if (
        len(labelled) >= max(3, 0.6 * paragraphs)  # most paragraphs stand under a label
        and len(labelled) > sum(_under(lines, i + 1, TITLE) for i in titles)
    ):
        spans = [(i - 1, i + 1) for i in labelled]  # briefs under labels, not headlines
        return _with_pattern(Items(lines, SHORT, (), spans), lines)
    if titles:
        anchors, anchor = titles, TITLE
    elif len(bylines) >= 2:
        anchors, anchor = bylines, BYLINE
    else:  # no headlines: one brief a paragraph, under its label if it has one
        spans = [
            (i - 1 if i and lines[i - 1].kind == SHORT else i, i + 1)
            for i, line in enumerate(lines)
            if line.kind in (TEXT, TEASER)
        ]
        return _with_pattern(Items(lines, None, (), spans), lines)
    above = Counter(lines[a - 1].text for a in anchors if a and lines[a - 1].kind == SHORT)
    for a in anchors:  # one label over most labelled headlines is a button ("Save")
        if (
            a
            and lines[a - 1].kind == SHORT
            and above[lines[a - 1].text] >= max(5, sum(above.values()) / 2)
        ):
            lines[a - 1] = replace(lines[a - 1], kind=FURNITURE)
    lead = _lead_kinds(lines, anchors)
    # the first headline's label is the page's title unless other headlines have labels
    kicked = any(a > 0 and lines[a - 1].kind == SHORT for a in anchors[1:])
    starts = []
    for n, at in enumerate(anchors):
        floor = anchors[n - 1] + 1 if n else 0
        start = at
        while start > floor and lines[start - 1].kind in lead and at - start < len(lead):
            start -= 1
        if start == at > floor and lines[at - 1].kind == SHORT and (n or kicked):
            start -= 1  # a label right above a headline is its kicker
        starts.append(start)
    spans = list(zip(starts, starts[1:] + [len(lines)], strict=True))
    spans = spans if known else _briefs_split(lines, spans)
    spans[-1] = (spans[-1][0], _last_end(lines, spans))
    items = _with_pattern(Items(lines, anchor, lead, spans, known=known), lines)
    cut = _cut_first(lines, items)
    if cut is not None:  # the capture starts inside a list: its first item lost its headline
        items.spans.insert(0, (cut, cut + 1))
    return items


def _under(lines: list[Line], i: int, kind: str) -> bool:
    """Whether line ``i`` is a paragraph right under a line of ``kind``."""
    return i < len(lines) and lines[i].kind in (TEXT, TEASER) and lines[i - 1].kind == kind


def _cut_first(lines: list[Line], items: Items) -> int | None:
    """A teaser just above the first item, on a page whose items are teasers: an item
    whose headline was cut off when the page was saved."""
    if TEASER not in items.pattern.split():
        return None
    before = [i for i in range(items.spans[0][0]) if lines[i].kind != FURNITURE]
    return before[-1] if before and lines[before[-1]].kind == TEASER else None


def _credits(lines: list[Line]) -> list[Line]:
    """Credits without "By", found by where they stand: a short line of people's names
    (``SIMON HILL``, ``Jane Doe and Tom Roe``) right under a headline, or under an item's
    text when no headline follows it, names the item's authors, where the page has such
    lines under many of its headlines."""
    found = []
    for i in range(1, len(lines)):
        line, prev = lines[i], lines[i - 1]
        following = lines[i + 1].kind if i + 1 < len(lines) else None
        slot = prev.kind == TITLE or (prev.kind in (TEXT, TEASER) and following != TITLE)
        if line.kind in (TITLE, SHORT) and slot and _people_only(line.text):
            found.append(i)
    return _slot_filled(lines, {i: replace(lines[i], kind=NAMES) for i in found})


def _sources(lines: list[Line]) -> list[Line]:
    """An aggregator's outlets, found by where they stand: a line of a few words right
    under an item's summary, where the next item starts (``IB Times``, ``Sky News``,
    ``omg 29 mins ago``), names the item's publisher, where the page has such lines under
    many of its items."""
    found = {}
    for i in range(1, len(lines) - 1):
        line, prev, following = lines[i], lines[i - 1], lines[i + 1]
        outlet = _AGO.sub("", line.text).strip()
        if (
            prev.kind in (TEXT, TEASER)
            and following.kind in (SHORT, TITLE)
            and line.kind in (SHORT, NAMES, FURNITURE)
            and 1 <= len(outlet.split()) <= 4
            and not outlet.endswith((".", ":"))
        ):
            found[i] = replace(line, kind=SOURCE, text=outlet)
    return _slot_filled(lines, found)


def _slot_filled(lines: list[Line], found: dict[int, Line]) -> list[Line]:
    """``lines`` with the relabelled lines ``found`` in a slot of the items, where the page
    fills that slot under many of its headlines (a few such lines are headings)."""
    titles = sum(line.kind == TITLE for line in lines)
    if len(found) < max(3, titles / 4):
        return lines
    return [found.get(i, line) for i, line in enumerate(lines)]


def _people_only(text: str) -> bool:
    """A line that is only people's names (two or three words each, no small words but
    name particles), maybe with an outlet: stricter than a byline after "By"."""
    if len(text.split()) > 8 or " in " in text:
        return False
    people = read_names(text, set())
    if not people or not people[0]:
        return False
    return all(
        2 <= len(name.split()) <= 3
        and all(w[0].isupper() or w in _NAME_PARTICLES for w in name.split())
        for name in people[0]
    )


def _promoted(lines: list[Line]) -> list[Line]:
    """Headlines told by where they stand (page furniture between lines skipped): a
    paragraph short enough for a headline, between the kinds that stand around most
    headlines (after the last item's byline, before a summary), bulleted as they are, is
    one; a headline-shaped line right under a headline, where headlines are followed by
    summaries, is a summary without a full stop."""
    at = [i for i, line in enumerate(lines) if line.kind != FURNITURE]
    kinds = [lines[i].kind for i in at]
    around = Counter(
        (kinds[n - 1], kinds[n + 1], lines[i].bullet)
        for n, i in enumerate(at[1:-1], 1)
        if kinds[n] == TITLE
    )
    if not around:
        return lines
    context, count = around.most_common(1)[0]
    if count < 3 or count < sum(around.values()) / 2 or context[:2] == (TEXT, TEXT):
        return lines
    before, after, bullet = context
    lines = lines[:]
    for n in range(1, len(at) - 1):
        line = lines[at[n]]
        standfirst = line.kind == TITLE and kinds[n - 1] == TITLE and before != TITLE
        if (
            standfirst
            and after in (TEXT, TEASER)
            and (kinds[n + 1], line.bullet) != (after, bullet)
        ):
            lines[at[n]] = replace(line, kind=TEXT)
            kinds[n] = TEXT
    for n in range(1, len(at) - 1):
        line = lines[at[n]]
        if (
            line.kind in (TEXT, TEASER)
            and len(line.text.split()) <= 30
            and (kinds[n - 1], kinds[n + 1], line.bullet) == context
        ):  # a headline cut short keeps its "…"
            text = strip_bullet(line.unit.text)[1] if line.kind == TEASER else line.text
            lines[at[n]] = replace(line, kind=TITLE, text=text)
            kinds[n] = TITLE
    return lines


def tiles(items: Items) -> bool:
    """Whether headlines open the page's items: at least one, and as many as half the
    bylines and cut-short teasers (else they are subheadings inside stories)."""
    counts = Counter(line.kind for line in items.lines)
    return items.anchor == TITLE and counts[TITLE] >= (counts[BYLINE] + counts[TEASER]) / 2


def _briefs_split(lines: list[Line], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A lead-in after a list item's text that opens untitled paragraphs (``Also:`` and
    briefs) ends the item; each paragraph after it is a brief of its own."""
    out = []
    for start, end in spans:
        cut = next(
            (
                i
                for i in range(start + 1, end)
                if lines[i].kind == SHORT
                and lines[i].text.endswith(":")  # a lead-in: "Also:", "In other news:"
                and 1 <= sum(line.kind in (TEXT, TEASER) for line in lines[start:i]) <= 2
                and not any(line.kind == TITLE for line in lines[i:end])
                and sum(line.kind == TEXT for line in lines[i:end]) >= 2
            ),
            None,
        )
        if cut is None:
            out.append((start, end))
            continue
        out.append((start, cut))
        out.extend((i, i + 1) for i in range(cut, end) if lines[i].kind in (TEXT, TEASER))
    return out


def _lead_kinds(lines: list[Line], anchors: list[int]) -> tuple[str, ...]:
    """Kinds that stand just before most anchors and open the item (not close the one
    before): the first anchor has one above it too, or the last item has none in it."""
    lead: list[str] = []
    for depth in (1, 2):
        before = Counter(
            lines[a - depth].kind
            for a in anchors[1:]
            if a - depth >= 0 and all(lines[a - d].kind in lead for d in range(1, depth))
        )
        kind, count = before.most_common(1)[0] if before else (None, 0)
        if kind not in _LEADS or count < max(1, (len(anchors) - 1) / 2):
            break
        first = anchors[0]
        opens = first - depth >= 0 and lines[first - depth].kind == kind
        last_has = any(line.kind == kind for line in lines[anchors[-1] + 1 :])
        if not (opens or not last_has):
            break
        lead.append(kind)
    return tuple(lead)


def _last_end(lines: list[Line], spans: list[tuple[int, int]]) -> int:
    """Where the last item ends: after its last line of a kind the other items hold
    (an article: its last paragraph); the rest is the page's footer."""
    start, end = spans[-1]
    others = {line.kind for s, e in spans[:-1] for line in lines[s:e]} - {FURNITURE, MORE}
    keep = (others | {TEXT, TEASER}) if others else {TEXT, TEASER, BYLINE, DATE, NAMES}
    closers = {_shape(lines, s, e).rpartition(" ")[2] or None for s, e in spans[:-1]}
    last = start
    for i in range(start, end):
        if closers == {MORE} and lines[i].kind == MORE:
            return i + 1  # the items end with a "Read more": so does the last
        if lines[i].kind in keep or i == start:
            last = i
        elif lines[i].kind == FURNITURE and i > last + 1:
            break  # two lines past the item's shape: the footer has begun
    return last + 1


def _with_pattern(items: Items, lines: list[Line]) -> Items:
    shapes = Counter(_shape(lines, s, e) for s, e in items.spans)
    items.pattern = shapes.most_common(1)[0][0] if shapes else ""
    return items


def _shape(lines: list[Line], start: int, end: int) -> str:
    """An item's labels, furniture left out and runs of one kind as one (a body's
    paragraphs are one ``text``): ``short title byline text more``."""
    kinds = [line.kind for line in lines[start:end] if line.kind != FURNITURE]
    return " ".join(k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k)


def item_drafts(items: Items, zone) -> list[Draft]:
    """A draft per item; items of bare headlines beside a lone article are its page's
    links, not records."""
    lines = items.lines
    story = _lone_story(lines, items.spans, items.known)
    if story is not None:  # an article page: the rest is its page's furniture
        draft = _story_draft(lines, *story, zone)
        return [draft] if draft else []
    grouped = _grouped(lines, items, zone)
    if not items.known:  # where the markup showed the items, none is a stray at the edges
        grouped = _edges_trimmed(lines, items, grouped)
    grouped = [g for g in grouped if g[0]]
    drafts = [draft for draft, _, _ in grouped]
    kickers = sum(bool(d.sections) for d in drafts)
    by_group = SHORT not in items.lead and kickers < len(drafts) / 2
    for draft, date, sections in grouped:
        if draft.date is None and date is not None:
            draft.date, draft.date_only = date.value, date.date_only
        if by_group and not (draft.sections or draft.body or draft.authors):
            draft.sections = sections  # a block of bare headlines under a label
    # an item with only a headline is a link of a rail or a menu beside items with more
    full = [bool(d.body or d.authors or d.date or d.publisher or d.sections) for d in drafts]
    if sum(full) >= len(drafts) / 2:
        return [d for d, f in zip(drafts, full, strict=True) if f]
    if any(full):  # the bare headlines around the items
        first, last = full.index(True), len(full) - 1 - full[::-1].index(True)
        return drafts[first : last + 1]
    return drafts


def _edges_trimmed(lines: list[Line], items: Items, grouped: list) -> list:
    """Where the page's items have text, the items at its top and bottom that have none
    and another shape (the page's own title and date, a "Click for more" link) are not
    its items."""
    if not any(kind in items.pattern.split() for kind in (TEXT, TEASER)):
        return grouped

    def stray(n: int) -> bool:
        shape = _shape(lines, *items.spans[n])
        return not ({TEXT, TEASER} & set(shape.split())) and shape != items.pattern

    first, last = 0, len(grouped)
    while first < last and stray(first):
        first += 1
    while last > first and stray(last - 1):
        last -= 1
    return grouped[first:last]


def _story_draft(lines: list[Line], start: int, end: int, zone) -> Draft | None:
    """An article page's one story: its headline, the byline and dates between the
    headline's first showing and the text, a standfirst under the headline as its
    summary, and its paragraphs (subheadings are not paragraphs)."""
    first = next(i for i in range(start, end) if lines[i].kind == TEXT)
    headline = _headline_above(lines, first, _body_start(lines, start, end))
    if headline is None:  # the run's first headline; the others are its subheadings
        return _draft(
            [ln for ln in lines[start:end] if ln.kind != TITLE or ln is lines[start]], zone
        )
    shown = next(i for i in range(headline + 1) if lines[i].text == lines[headline].text)
    credits = [ln for ln in lines[shown + 1 : start] if ln.kind in (BYLINE, DATE)]
    after = [ln for ln in lines[max(start, headline + 1) : end] if ln.kind != TITLE]
    draft = _draft([replace(lines[headline], kind=TITLE), *credits, *after], zone)
    under = [ln for ln in lines[headline + 1 : first] if ln.kind not in (FURNITURE, CAPTION)]
    if (
        draft is not None
        and under
        and under[0].kind == TITLE
        and _standfirst(under[0], lines[headline])
    ):
        draft.summary = under[0].text
    return draft


def _grouped(
    lines: list[Line], items: Items, zone
) -> list[tuple[Draft | None, Found | None, tuple]]:
    """Each item's draft, with the date and the labels of the group it stands in: a date
    line or a label that stands over a group of items (a digest's day, a front's
    "Business" block) rather than in each of them."""
    dated = sum(any(line.kind == DATE for line in lines[s:e]) for s, e in items.spans)
    by_date = DATE not in items.lead and dated < len(items.spans) / 2
    first = items.spans[0][0] if items.spans else 0
    above = [ln for ln in lines[:first] if ln.kind != FURNITURE]  # a date right above the list
    heading = above[-1].dates[0] if above and above[-1].kind == DATE and above[-1].dates else None
    sections: tuple[str, ...] = ()
    out = []
    for n, (s, e) in enumerate(items.spans):
        if not n and lines[s].kind == TITLE:  # the list's own title: "… today: May 3, 2022"
            dates = find_dates(lines[s].text, zone)
            ends = dates and dates[-1].end >= len(lines[s].text.rstrip(" .")) - 1
            heading = dates[-1] if ends else heading
        tail = e
        while by_date and tail > s + 1 and lines[tail - 1].kind in (DATE, FURNITURE, SHORT):
            tail -= 1  # a date after the item's last line heads the next items
        draft = _draft(lines[s:tail], zone)
        sections = draft.sections if draft is not None and draft.sections else sections
        out.append((draft, heading if by_date else None, sections))
        heading = next(
            (ln.dates[0] for ln in reversed(lines[tail:e]) if ln.kind == DATE and ln.dates),
            heading,
        )
    return out


def _lone_story(
    lines: list[Line], spans: list[tuple[int, int]], known: bool
) -> tuple[int, int] | None:
    """The span of a page's one story: a run of items (a story cut up by its subheadings,
    captions and pull-quote lists) holding most of the page's paragraphs, several to an
    item. A byline or a date opens a run: only its first item carries one. Where the
    markup showed the items (``known``), two runs of whole stories are no lone story."""
    texts = [sum(line.kind == TEXT for line in lines[s:e]) for s, e in spans]
    runs: list[list[int]] = []
    for n, (s, e) in enumerate(spans):
        if not runs or any(line.kind in _META for line in lines[s:e]):
            runs.append([])
        runs[-1].append(n)
    whole = [run for run in runs if sum(texts[n] for n in run) >= _STORY_PARAGRAPHS]
    if known and len(whole) >= 2:
        return None  # several whole stories, each with its byline or date (a weekly's issue)
    best = max(runs, key=lambda run: sum(texts[n] for n in run), default=[])
    while best and not texts[best[-1]]:
        best.pop()  # its page's links after it
    count = sum(texts[n] for n in best)
    with_text = sum(1 for n in best if texts[n])
    if count < _STORY_PARAGRAPHS or count < 0.6 * sum(texts) or count < 2.5 * with_text:
        return None
    return spans[best[0]][0], spans[best[-1]][1]


def _body_start(lines: list[Line], start: int, end: int) -> int:
    """Where a story's body starts: its longest run of paragraphs (share buttons' "URL is
    copied." above it is no body)."""
    best, best_length, run_start, length = start, 0, start, 0
    for i in range(start, end):
        if lines[i].kind == TEXT:
            run_start, length = (run_start, length + 1) if length else (i, 1)
            if length > best_length:
                best, best_length = run_start, length
        elif lines[i].kind not in (FURNITURE, CAPTION):
            length = 0
    return best


def _standfirst(line: Line, headline: Line) -> bool:
    """A standfirst under a headline: a sentence longer than it, not yet the body."""
    return len(line.text.split()) >= 15 and len(line.text) > len(headline.text)


def _headline_above(lines: list[Line], first: int, body: int) -> int | None:
    """The headline of a story whose paragraphs start at ``first`` (its body proper at
    ``body``): of the headings above, the one that reads most like the story's: shown
    more than once by the page (as its title, its heading, its share text), followed by
    a byline or a date, of a headline's length, not in capitals, near the text."""
    shown = Counter(ln.text for n, ln in enumerate(lines) if not n or ln.text != lines[n - 1].text)
    best, best_score = None, 0.0
    top = max(0, min(first, body) - _HEADLINE_REACH)
    for i in range(top, max(first, body)):
        line = lines[i]
        words = len(line.text.split())
        repeated = shown[line.text] >= 2
        if line.kind == FURNITURE and not repeated or line.kind not in (TITLE, FURNITURE):
            continue  # furniture only when it is a heading the page repeats
        if words < 3 or not is_heading(line.text):
            continue
        after = [ln for ln in lines[i + 1 : i + 8] if ln.kind not in (FURNITURE, CAPTION)]
        standfirst = bool(after) and after[0].kind in (TITLE, TEXT) and _standfirst(after[0], line)
        credit = after[1:2] if standfirst else after[:1]  # its byline or date, under it
        score = (
            2.0 * repeated
            + 3.0 * any(ln.kind in (BYLINE, DATE) for ln in credit)
            + 1.5 * standfirst
            + (4 <= words <= 20)
            - 4.0 * line.text.isupper()
            - 0.05 * (min(first, body) - i if i < min(first, body) else 0)
        )
        if score > best_score:
            best, best_score = i, score
    return best


def _draft(item: list[Line], zone) -> Draft | None:
    """An item's fields, read from its lines' labels."""
    title = next((line for line in item if line.kind == TITLE), None)
    sections: list[str] = []
    authors: tuple[str, ...] = ()
    publisher = None
    published: list[Found] = []
    updated: list[Found] = []
    paragraphs: list[str] = []
    teaser = False
    for line in item:
        kind = line.kind
        if line is title:
            continue
        if kind == SHORT and not paragraphs and (title is None or line.line < title.line):
            sections.append(line.text)
        elif kind == BYLINE and not authors:  # the first that names people ("By: CNN Wire",
            found = line.byline  # then "By Leigh Ann Caldwell")
            authors, publisher = found.authors, publisher or found.publisher
            sections.extend(label for label in found.labels if label not in sections)
            published.extend(line.dates)
            updated.extend(line.updated)
        elif kind == SOURCE:
            publisher = publisher or line.text
        elif kind == FURNITURE and (filed := filed_under(line.text)):
            sections.extend(label for label in filed if label not in sections)
        elif kind == DATE:
            published.extend(line.dates)
            updated.extend(line.updated)
        elif kind == TEXT and line.byline is not None and not paragraphs and not authors:
            authors, publisher = line.byline.authors, line.byline.publisher
            paragraphs.append(line.byline.glued or "")
        elif kind in (TEXT, TEASER):
            paragraphs.append(line.text)
            teaser = kind == TEASER  # the last paragraph ends in "…": a teaser
    if not authors and publisher is None:
        authors, publisher = _names_credit(item, title)
    paragraphs = [p for p in paragraphs if p]
    if title is None and not paragraphs:
        return None
    if not published and paragraphs and (dated := text_dateline(paragraphs[0], zone)):
        published.append(dated)
    date = published[0] if published else (updated[0] if updated else None)
    change = updated[0].value if updated and date is not updated[0] else None
    first = title or item[0]
    if title is not None and len(paragraphs) >= _ARTICLE_PARAGRAPHS and not teaser:
        kind, summary = "article", None
    elif title is not None:
        kind, summary = "listing", " ".join(paragraphs) or None
    elif teaser:
        kind, summary = "teaser", " ".join(paragraphs)
    else:
        kind, summary = ("brief" if len(paragraphs) == 1 else "article"), None
    return Draft(
        first.line,
        kind,
        paragraphs,
        title=title.text if title else None,
        summary=summary,
        authors=authors,
        publisher=publisher,
        sections=tuple(sections),
        date=date.value if date else None,
        date_only=date.date_only if date else False,
        updated=change,
    )


def _names_credit(item: list[Line], title: Line | None) -> tuple[tuple[str, ...], str | None]:
    """A line of names right under the headline credits the item (``Associated Press``)."""
    for line in item:
        if line.kind == NAMES and title is not None and line.line > title.line:
            people = read_names(line.text, set())
            if people:
                return people
        if line.kind in (TEXT, TEASER):
            break
    return (), None
