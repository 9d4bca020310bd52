"""Saved web pages, the structural part: is a page a list of stories, and its text as lines.

A list page (a section front, an author or tag page, an archive) repeats one shape: many
headlines, each a link inside a heading (or a heading inside a link), that sit at the same
tag-and-class path in the page. An article page has one running text instead: paragraphs
side by side under one parent. Both are measured on the page's tree, never on its words.
"""

from __future__ import annotations

import copy
import re
from datetime import UTC
from typing import NamedTuple

from lxml.html import HtmlElement

from .captured_dates import find_date

# Page furniture, dropped wherever it is. <header> and <footer> are dropped only outside an
# <article>: inside one they hold the story's own headline, byline and time.
DROPPED = frozenset(
    {
        "nav",
        "aside",
        "script",
        "style",
        "noscript",
        "template",
        "form",
        "svg",
        "iframe",
        "button",
        "select",
        "textarea",
        "dialog",
        "canvas",
        "object",
    }
)
PAGE_EDGES = frozenset({"header", "footer"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that start a line of their own; everything else is inline and joins its line.
BLOCKS = HEADINGS | frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
    }
)
# What an inline element's markup says it is: an author's name (rel="author",
# itemprop="author", class "byline" or "entry-author"), a comment count, or the story's
# categories and tags (links with rel="tag" or rel="category tag").
_AUTHOR_CLASS = re.compile(r"(?:^|[\s_-])(?:author|byline)(?:$|[\s_-])", re.IGNORECASE)
# the word before the name ("Posted by", "Publiziert am"): `meta-prep-author`, `author-label`
_LABEL_CLASS = re.compile(r"(?:^|[\s_-])(?:prep|label)(?:$|[\s_-])", re.IGNORECASE)
_COMMENTS = re.compile(r"#(?:comments?|respond|disqus_thread)\b|comments?-link", re.IGNORECASE)
_LEADS = re.compile(r"(?:by|posted by|written by|von|par|por|di|door|af)\b", re.IGNORECASE)
_LEAD_ONLY = re.compile(r"(?:posted|written|by|author|authors|posted by|written by)\s*:?", re.I)
AUTHOR_CHARS = 80
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MACHINE_DATE = re.compile(r"\d{4}-\d\d")  # what HTML allows in <time datetime>
MIN_HEADLINES = 4  # fewer repeated headlines are a "related stories" box, not a list
MIN_HEADLINE_CHARS = 20  # a headline is a sentence; a menu entry or a name is shorter
STORY_CHARS = 1500  # an item this long is a whole story, not a teaser
_SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def is_dropped(element: HtmlElement) -> bool:
    """Furniture: a dropped tag, or a page-level header/footer: not one inside an article,
    nor one of several at the same tag path (each post's own header in a list of posts)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in DROPPED:
        return True
    if tag in PAGE_EDGES:
        if any(a.tag == "article" for a in element.iterancestors()):
            return False
        path = _path(element)
        twins = element.getroottree().getroot().iter(tag)
        return not any(other is not element and _path(other) == path for other in twins)
    return False


def content(root: HtmlElement):
    """The page's elements outside furniture, in document order."""
    stack = [root]
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str) or is_dropped(element):
            continue
        yield element
        stack.extend(reversed(element))


def _path(element: HtmlElement) -> tuple[str, ...]:
    """The tag path from the root: what the headlines of one list share. (Classes are left
    out: some sites number them, ``teaser-1``, ``teaser-2``.)"""
    return (*(a.tag for a in reversed(list(element.iterancestors()))), element.tag)


def _linked(element: HtmlElement) -> bool:
    """Whether a heading links somewhere: not to a place on its own page (``#section``)."""
    return any(_away(a) for a in element.iterfind(".//a")) or any(
        a.tag == "a" and _away(a) for a in element.iterancestors()
    )


def _away(link: HtmlElement) -> bool:
    href = (link.get("href") or "").strip()
    return bool(href) and not href.startswith("#")


def headline_links(root: HtmlElement):
    """What may head a story in a list: a heading that carries a link (``<h2><a>…``,
    ``<a><h3>…``), or a link of a sentence's length that is the whole of its block
    (``<li><a>…</a></li>``), not a link inside a paragraph's running text."""
    for element in content(root):
        text = fold(element.text_content())
        if not text:
            continue
        if element.tag in HEADINGS:
            if _linked(element):
                yield element, text
        elif element.tag == "a" and element.get("href") and _is_headline_link(element, text):
            yield element, text


def _is_headline_link(link: HtmlElement, text: str) -> bool:
    if len(text) < MIN_HEADLINE_CHARS or len(text.split()) < 3:
        return False
    if link.find(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6") is not None:
        return False  # its heading counts instead
    parent = link.getparent()
    if parent is None or parent.tag == "p" or any(a.tag in HEADINGS for a in link.iterancestors()):
        return False
    return len(fold(parent.text_content())) <= len(text) + 5


def headline_groups(root: HtmlElement) -> list[list[tuple[HtmlElement, str]]]:
    """The page's headlines, grouped by tag path, in page order."""
    groups: dict[tuple, list] = {}
    for element, text in headline_links(root):
        groups.setdefault(_path(element), []).append((element, text))
    return list(groups.values())


def repeated_headlines(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """The largest set of headlines at one tag path. Where another set gives mostly the
    same stories (a ticker or a sidebar repeating the river's headlines), the one whose
    items say more: the river, with its teasers."""
    groups = headline_groups(root)
    largest = max(groups, key=len, default=[])
    stories = {text for _, text in largest}

    def repeats(group: list[tuple[HtmlElement, str]]) -> bool:
        others = {text for _, text in group}
        return 2 * len(stories & others) >= min(len(stories), len(others))

    renditions = [group for group in groups if len(group) >= MIN_HEADLINES and repeats(group)]
    if len(renditions) < 2:
        return largest
    return max(renditions, key=lambda group: sum(map(len, item_texts(group))))


def item_parts(headlines: list[tuple[HtmlElement, str]]) -> list[list[HtmlElement]]:
    """The elements of each headline's item: its widest ancestor holding no other headline
    of the set (a card, a list item with its teaser and time). In a flat list, where the
    items' parts are siblings in one container, it is the run of siblings up to the next
    headline."""
    members = {element for element, _ in headlines}

    def holds_other(element: HtmlElement, own: HtmlElement) -> bool:
        return any(other in members and other is not own for other in element.iter())

    items = []
    flat = set()  # the containers seen to hold a flat list
    for element, _ in headlines:
        item = element
        for ancestor in element.iterancestors():
            if holds_other(ancestor, element):
                break
            item = ancestor
        parts = [item]
        ended = False  # by the next headline: the siblings between were this item's
        for sibling in item.itersiblings():
            if holds_other(sibling, element):
                ended = True
                break
            parts.append(sibling)
        if ended and len(parts) > 1:
            flat.add(item.getparent())
        # the last item of a list of cards is the card, not the rest of the container
        items.append(parts if ended or item.getparent() in flat else [item])
    return items


def item_texts(headlines: list[tuple[HtmlElement, str]]) -> list[str]:
    """The text of each headline's item."""
    return [
        fold(" ".join(part.text_content() for part in parts)) for parts in item_parts(headlines)
    ]


def is_list_page(root: HtmlElement, main_text: str | None) -> bool:
    """Many headline-like links at one tag path, and more text in their headlines than in
    the page's main text (``main_text``, as trafilatura found it) outside the items of
    its lists: a list of stories, not one story with a box of related ones. (The main text
    trafilatura picks may be another list's teasers, a "latest news" column.)"""
    headlines = repeated_headlines(root)
    if len(headlines) < MIN_HEADLINES:
        return False
    lengths = sorted(len(text) for _, text in headlines)
    if lengths[len(lengths) // 2] < MIN_HEADLINE_CHARS:
        return False  # labels or names (a menu, a comment thread), not headlines
    lists = [group for group in headline_groups(root) if len(group) >= MIN_HEADLINES]
    return sum(lengths) > _outside(lists, main_text)[0]


def holds_main_text(root: HtmlElement, main_text: str | None) -> bool:
    """Whether the page's main text lies within the items of its repeated headlines (an
    issue of a newsletter: every link with its summary), not beside them (an article with
    a box of related stories)."""
    headlines = repeated_headlines(root)
    if len(headlines) < MIN_HEADLINES:
        return False
    outside, total = _outside([headlines], main_text)
    return total > 0 and outside <= 0.2 * total


def _outside(lists: list[list[tuple[HtmlElement, str]]], main_text: str | None) -> tuple[int, int]:
    """How much of the main text lies outside the items of the lists' headlines, and how
    much there is."""
    items = [_bare(item) for group in lists for item in item_texts(group)]
    paragraphs = [p for line in (main_text or "").split("\n") if (p := fold(line))]
    outside = sum(len(p) for p in paragraphs if not any(_bare(p) in i for i in items))
    return outside, sum(len(p) for p in paragraphs)


def _bare(text: str) -> str:
    """Text without spaces and zero-width marks, to compare trafilatura's text with the
    page's: it sometimes joins words across a ``<br>`` and drops zero-width joiners."""
    return _INVISIBLE.sub("", text)


def whole_stories(root: HtmlElement) -> bool:
    """Whether the page's repeated headlines each head a whole story (an issue of a weekly
    with its three articles), not a teaser or a link in a box of related stories."""
    headlines = repeated_headlines(root)
    if len(headlines) < 2 or len({text for _, text in headlines}) < len(headlines):
        return False  # one label over several stories (a section's name) heads none of them
    items = item_texts(headlines)  # each item starts at its headline, then runs on
    return all(
        len(item) >= STORY_CHARS and item.startswith(headline)
        for (_, headline), item in zip(headlines, items, strict=True)
    )


def other_rivers(
    root: HtmlElement, group: list[tuple[HtmlElement, str]]
) -> list[list[tuple[HtmlElement, str]]]:
    """Lists of other stories beside the main one (``group``), told apart from boxes of
    bare links: headlines of a sentence's length, each over a teaser or a byline (its item
    holds twice its headline's text) — a front page's second river."""
    stories = {text for _, text in group}
    rivers = []
    for other in headline_groups(root):
        texts = [text for _, text in other]
        if len(other) < MIN_HEADLINES or stories & set(texts):
            continue
        if sorted(map(len, texts))[len(texts) // 2] < MIN_HEADLINE_CHARS:
            continue
        if sum(map(len, item_texts(other))) >= 2 * sum(map(len, texts)):
            rivers.append(other)
    return rivers


def list_headlines(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """The list's headlines: the largest set at one tag path, any headline of the same
    tag just outside their container (a sticky first post set apart), and the headlines
    of other rivers of stories beside it, in page order."""
    group = repeated_headlines(root)
    if not group:
        return group
    rivers = {element for river in other_rivers(root, group) for element, _ in river}
    members = {element for element, _ in group} | rivers
    region = _container([element for element, _ in group])
    near = {region, region.getparent()}
    tag = group[0][0].tag
    return [
        (element, text)
        for element, text in headline_links(root)
        if element in members
        or element.tag == tag
        and len(text) >= MIN_HEADLINE_CHARS
        and len(text.split()) >= 3
        and _container([element, region]) in near
    ]


def list_region(root: HtmlElement) -> list[HtmlElement]:
    """The parts of the page that hold the list, in page order: the smallest element
    holding the largest set of headlines (the list without the page's other furniture:
    weather boxes, sign-in prompts, trending widgets), and the items of headlines set
    apart from it (a sticky first post)."""
    group = repeated_headlines(root)
    if not group:
        return [root]
    region = _container([element for element, _ in group])
    regions = [region] + [
        _container([element for element, _ in river]) for river in other_rivers(root, group)
    ]
    headlines = list_headlines(root)
    parts = item_parts(headlines)
    apart = [
        items[0]
        for (element, _), items in zip(headlines, parts, strict=True)
        if not any(r in (element, *element.iterancestors()) for r in regions)
    ]
    parts = [*regions, *apart]
    outermost = [p for p in parts if not any(o is not p and o in p.iterancestors() for o in parts)]
    order = {element: n for n, element in enumerate(root.iter())}
    return sorted(set(outermost), key=order.__getitem__)


def _container(elements: list[HtmlElement]) -> HtmlElement:
    """The smallest element holding all of ``elements``."""
    common = [elements[0], *elements[0].iterancestors()]
    for element in elements[1:]:
        ancestors = {id(a) for a in (element, *element.iterancestors())}
        common = [a for a in common if id(a) in ancestors]
    return common[0]


def _role(element: HtmlElement) -> str | None:
    """``author``, ``comments`` or ``labels`` for an element whose markup says so (a
    block only for ``author``: ``<div id="post-author"><p>Jo Park</p></div>``)."""
    names = f"{element.get('class', '')} {element.get('id', '')}"
    if element.tag == "a" and _COMMENTS.search(f"{element.get('href', '')} {names}"):
        return "comments"
    rel = element.get("rel", "").lower().split()
    if "author" in rel or element.get("itemprop", "").lower() == "author":
        return "author"
    if _AUTHOR_CLASS.search(names) and not _LABEL_CLASS.search(names):
        return "author"
    if element.tag in BLOCKS:
        return None
    links = element.findall(".//a") if element.tag != "a" else [element]
    if links and all({"tag", "category"} & set(a.get("rel", "").lower().split()) for a in links):
        return "labels"
    return None


class TextLine(NamedTuple):
    text: str
    line: int  # the HTML line it came from
    item: int | None = None  # the story it belongs to, when the caller marked them


def page_lines(root: HtmlElement, items: list[list[HtmlElement]] = ()) -> list[TextLine]:
    """The page's text as lines, each with the HTML line it came from: one line per block
    (heading, paragraph, list item, cell…), inline text joined, furniture left out, and a
    ``<time datetime>`` given as its machine value on a line of its own. A blank line
    separates the blocks that open a new item (a heading, an article, a list item), as a
    capture separates stories. A line inside one of ``items`` (each a story's elements)
    carries that item's number."""
    owner_of = {part: n for n, parts in enumerate(items) for part in parts}
    lines: list[TextLine] = []
    current: list[str] = []
    start = [0, None]  # where the line being joined starts, and its item
    owner: list[int | None] = [None]

    def add(text: str, line: int) -> None:
        lines.append(TextLine(text, line, owner[-1]))

    def flush() -> None:
        text = fold("".join(current))
        if text:
            lines.append(TextLine(text, start[0], start[1]))
        current.clear()

    def begin(line: int) -> None:
        if not _has_text(current):
            start[0], start[1] = line, owner[-1]

    def walk(element: HtmlElement) -> None:
        if not isinstance(element.tag, str) or is_dropped(element):
            _tail(element)
            return
        owned = element in owner_of
        if owned:
            owner.append(owner_of[element])
        _visit(element)
        if owned:
            owner.pop()
        _tail(element)

    def _visit(element: HtmlElement) -> None:
        tag = element.tag
        role = _role(element)
        if role == "comments":  # "4 Comments": furniture
            return
        text = _text(element) if role else ""
        if role == "author" and 0 < len(text) <= AUTHOR_CHARS and not _LEAD_ONLY.fullmatch(text):
            flush()  # the name on a byline line of its own
            add(text if _LEADS.match(text) else f"By {text}", element.sourceline or 0)
            return
        if role == "labels" and text:
            flush()  # the story's categories, on a line the captured reader sets aside
            add(f"Filed under: {text}", element.sourceline or 0)
            return
        if tag == "time" and _MACHINE_DATE.match(element.get("datetime", "").strip()):
            flush()  # the machine date, alone on its line (a bare number is no date)
            add(element.get("datetime").strip(), element.sourceline or 0)
            return
        if _dated_title(element):
            begin(element.sourceline or 0)  # "Dec 16, 3:54pm" whose title has the year
            current.append(" " + element.get("title").strip() + " ")
            return
        block = tag in BLOCKS
        if block:
            flush()
            if tag in HEADINGS or tag in ("article", "li") and lines and lines[-1].text:
                add("", element.sourceline or 0)
        begin(element.sourceline or 0)
        if _glued_numbers(current, element):
            current.append(" ")  # a date badge's parts: <span>18</span><span>2009</span>
        current.append(element.text or "")
        for child in element:
            walk(child)
        if block:
            flush()

    def _tail(element: HtmlElement) -> None:
        if element.tail:
            begin(element.getparent().sourceline or 0)
            current.append(element.tail)

    body = root.find("body")
    walk(body if body is not None and root.tag == "html" else root)
    flush()
    return _squeeze(lines)


def _text(element: HtmlElement) -> str:
    """An element's text, folded, with any date printed without its year given whole (as
    its ``title`` has it)."""
    dated = [e for e in element.iter() if isinstance(e.tag, str) and _dated_title(e)]
    if not dated:
        return fold(element.text_content())
    element = copy.deepcopy(element)
    for part in element.iter():
        if isinstance(part.tag, str) and _dated_title(part):
            part.text = " " + part.get("title").strip() + " "
    return fold(element.text_content())


def _dated_title(element: HtmlElement) -> bool:
    """Whether an inline element prints a date without its year and gives the whole date
    in its ``title`` (the tooltip of "Dec 16, 3:54pm": "Wed Dec 16 2015 15:54:26 …")."""
    title = element.get("title", "")
    if element.tag in BLOCKS or not _YEAR.search(title) or len(element) > 0:
        return False
    text = fold(element.text_content())
    return (
        bool(text)
        and any(c.isdigit() for c in text)
        and not _YEAR.search(text)
        and find_date(title, UTC) is not None
    )


def _glued_numbers(current: list[str], element: HtmlElement) -> bool:
    """Whether an inline element's number follows another number with nothing between:
    two numbers set apart by the markup (not a footnote's or an exponent's ``<sup>``)."""
    before = next((part for part in reversed(current) if part), "")
    text = element.text or ""
    return element.tag not in ("sup", "sub") and before[-1:].isdigit() and text[:1].isdigit()


def _has_text(parts: list[str]) -> bool:
    return any(part.strip() for part in parts)


def _squeeze(lines: list[TextLine]) -> list[TextLine]:
    """No blank line first, last or twice in a row."""
    out: list[TextLine] = []
    for line in lines:
        if line.text or (out and out[-1].text):
            out.append(line)
    while out and not out[-1].text:
        out.pop()
    return out
