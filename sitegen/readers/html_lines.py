"""Saved web pages, the structural part: is a page a list of stories, and its text as lines.

A list page (a section front, an author or tag page, an archive) repeats one shape: many
headlines, each a link inside a heading (or a heading inside a link), that sit at the same
tag-and-class path in the page. An article page has one running text instead: paragraphs
side by side under one parent. Both are measured on the page's tree, never on its words.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

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
_COMMENTS = re.compile(r"#(?:comments?|respond|disqus_thread)\b|comments?-link", re.IGNORECASE)
_LEADS = re.compile(r"(?:by|posted by|written by|von|par|por|di|door|af)\b", re.IGNORECASE)
_LEAD_ONLY = re.compile(r"(?:posted|written|by|author|authors|posted by|written by)\s*:?", re.I)
AUTHOR_CHARS = 80
MIN_HEADLINES = 4  # fewer repeated headlines are a "related stories" box, not a list
MIN_HEADLINE_CHARS = 20  # a headline is a sentence; a menu entry or a name is shorter
_SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def is_dropped(element: HtmlElement) -> bool:
    """Furniture: a dropped tag, or a page-level header/footer (not one inside an article)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in DROPPED:
        return True
    if tag in PAGE_EDGES:
        return not any(a.tag == "article" for a in element.iterancestors())
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
    return element.find(".//a[@href]") is not None or any(
        a.tag == "a" and a.get("href") for a in element.iterancestors()
    )


def _headlines(root: HtmlElement):
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


def repeated_headlines(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """The largest set of headlines at one tag path."""
    groups: dict[tuple, list] = {}
    for element, text in _headlines(root):
        groups.setdefault(_path(element), []).append((element, text))
    return max(groups.values(), key=len, default=[])


def item_texts(headlines: list[tuple[HtmlElement, str]]) -> list[str]:
    """The text of each headline's item: its widest ancestor holding no other headline of
    the set (a card, a list item with its teaser and time). In a flat list, where the
    items' parts are siblings in one container, it is the run of siblings up to the next
    headline."""
    members = {element for element, _ in headlines}

    def holds_other(element: HtmlElement, own: HtmlElement) -> bool:
        return any(other in members and other is not own for other in element.iter())

    texts = []
    for element, _ in headlines:
        item = element
        for ancestor in element.iterancestors():
            if holds_other(ancestor, element):
                break
            item = ancestor
        parts = [item]
        for sibling in item.itersiblings():
            if holds_other(sibling, element):
                break
            parts.append(sibling)
        texts.append(fold(" ".join(part.text_content() for part in parts)))
    return texts


def is_list_page(root: HtmlElement, main_text: str | None) -> bool:
    """Many headline-like links at one tag path, and more text in their headlines than in
    the page's main text (``main_text``, as trafilatura found it) outside their items: a
    list of stories, not one story with a box of related ones."""
    headlines = repeated_headlines(root)
    if len(headlines) < MIN_HEADLINES:
        return False
    lengths = sorted(len(text) for _, text in headlines)
    if lengths[len(lengths) // 2] < MIN_HEADLINE_CHARS:
        return False  # labels or names (a menu, a comment thread), not headlines
    items = item_texts(headlines)
    paragraphs = (fold(line) for line in (main_text or "").split("\n"))
    running = sum(len(p) for p in paragraphs if p and not any(p in item for item in items))
    return sum(lengths) > running


def list_region(root: HtmlElement) -> HtmlElement:
    """The smallest element holding every headline of the list: the list without the
    page's other furniture (weather boxes, sign-in prompts, trending widgets)."""
    headlines = [element for element, _ in repeated_headlines(root)]
    if not headlines:
        return root
    common = [headlines[0], *headlines[0].iterancestors()]
    for element in headlines[1:]:
        ancestors = {id(a) for a in (element, *element.iterancestors())}
        common = [a for a in common if id(a) in ancestors]
    return common[0] if common else root


def _role(element: HtmlElement) -> str | None:
    """``author``, ``comments`` or ``labels`` for an inline element whose markup says so."""
    if element.tag in BLOCKS:
        return None
    rel = element.get("rel", "").lower().split()
    if element.tag == "a" and _COMMENTS.search(element.get("href", "") + " " + element.get("class", "")):
        return "comments"
    if "author" in rel or element.get("itemprop", "").lower() == "author":
        return "author"
    if _AUTHOR_CLASS.search(element.get("class", "")):
        return "author"
    links = element.findall(".//a") if element.tag != "a" else [element]
    if links and all({"tag", "category"} & set(a.get("rel", "").lower().split()) for a in links):
        return "labels"
    return None


def page_lines(root: HtmlElement) -> list[tuple[str, int]]:
    """The page's text as lines, each with the HTML line it came from: one line per block
    (heading, paragraph, list item, cell…), inline text joined, furniture left out, and a
    ``<time datetime>`` given as its machine value on a line of its own. A blank line
    separates the blocks that open a new item (a heading, an article, a list item), as a
    capture separates stories."""
    lines: list[tuple[str, int]] = []
    current: list[str] = []
    start = [0]

    def flush() -> None:
        text = fold("".join(current))
        if text:
            lines.append((text, start[0]))
        current.clear()

    def walk(element: HtmlElement) -> None:
        if not isinstance(element.tag, str) or is_dropped(element):
            _tail(element)
            return
        tag = element.tag
        role = _role(element)
        if role == "comments":  # "4 Comments": furniture
            _tail(element)
            return
        text = fold(element.text_content()) if role else ""
        if role == "author" and 0 < len(text) <= AUTHOR_CHARS and not _LEAD_ONLY.fullmatch(text):
            flush()  # the name on a byline line of its own
            lines.append((text if _LEADS.match(text) else f"By {text}", element.sourceline or 0))
            _tail(element)
            return
        if role == "labels" and text:
            flush()  # the story's categories, on a line the captured reader sets aside
            lines.append((f"Filed under: {text}", element.sourceline or 0))
            _tail(element)
            return
        if tag == "time" and element.get("datetime", "").strip():
            flush()  # the machine date, alone on its line
            lines.append((element.get("datetime").strip(), element.sourceline or 0))
            _tail(element)
            return
        block = tag in BLOCKS
        if block:
            flush()
            if tag in HEADINGS or tag in ("article", "li") and lines and lines[-1][0]:
                lines.append(("", element.sourceline or 0))
        if not _has_text(current):
            start[0] = element.sourceline or 0
        current.append(element.text or "")
        for child in element:
            walk(child)
        if block:
            flush()
        _tail(element)

    def _tail(element: HtmlElement) -> None:
        if element.tail:
            if not _has_text(current):
                start[0] = element.getparent().sourceline or 0
            current.append(element.tail)

    body = root.find("body")
    walk(body if body is not None and root.tag == "html" else root)
    flush()
    return _squeeze(lines)


def _has_text(parts: list[str]) -> bool:
    return any(part.strip() for part in parts)


def _squeeze(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """No blank line first, last or twice in a row."""
    out: list[tuple[str, int]] = []
    for text, line in lines:
        if text or (out and out[-1][0]):
            out.append((text, line))
    while out and not out[-1][0]:
        out.pop()
    return out
