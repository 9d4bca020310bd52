"""Saved web pages (``.html``, ``.htm``): an article page is one record, a list page many.

The page's shape decides which it is. A page whose ``<h1>`` is a headline the page's
titles repeat, or whose metadata states one publication day, is an article. Otherwise
many headline-like links at one tag path, with
more text in them than in the page's main text outside their items
(``html_lines.is_list_page``), make a list (a section front, an author, tag or archive
page); anything else is one article.

An article is read by trafilatura (``bare_extraction``) for its main text and a first
guess at the metadata, corrected from the markup (``html_meta``): the ``<h1>`` as the
title, dates from the page's structured data on the day htmldate found, one name per
author. A list page is turned into lines of text, one per block, and read by the captured
text reader, which finds the stories in it; their lines are mapped back to the HTML's.

The text is always text: escaped ``<p>`` paragraphs, never the page's markup.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html

from ..errors import Problem
from ..model import ReadOptions, ReadResult, Record, pack_body
from ..text import derive_headline, paragraphs_html, shorten
from . import captured
from .html_lines import (
    TextLine,
    content,
    fold,
    headline_groups,
    holds_main_text,
    is_list_page,
    item_parts,
    list_headlines,
    list_region,
    page_lines,
    whole_stories,
)
from .html_meta import (
    PageData,
    has_story_headline,
    headline,
    page_data,
    people,
    publication_dates,
    sections,
)

# htmldate ignores dates after max_date; a fixed bound (not today) keeps output the same
# whenever the site is built.
DATE_PARAMS = {"original_date": True, "extensive_search": True, "max_date": "2099-12-31"}
HEADLINE_CHARS = 100

# trafilatura and htmldate log a line for every page they find little in; sitegen reports
# what matters as warnings, so their records go nowhere unless the user configures logging.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def read(text: str, source: str, options: ReadOptions) -> ReadResult:
    """Read one saved web page into its records, with warnings."""
    root, problem = _page(text, source)
    if root is None:
        return ReadResult([], [problem])
    doc = _extract(root)
    data = page_data(root)
    listed = _list_page(root, doc, data, source, options)
    return listed[0] if listed else _article_page(root, doc, data, source, options)


def explain(text: str, source: str, options: ReadOptions) -> str:
    """What ``sitegen records --explain`` prints for a saved page: for a list page, the
    labels of its text lines (numbered by the HTML lines they came from) and the items
    found; for an article page, the record read."""
    root, problem = _page(text, source)
    if root is None:
        return f"{source}: {problem.message}"
    doc = _extract(root)
    data = page_data(root)
    listed = _list_page(root, doc, data, source, options)
    if listed:
        lines, marked = _lines(root)
        joined = "\n".join(line.text for line in lines)
        return f"{source}: a list page\n" + captured.explain(
            joined, source, options, marked, _origin(lines)
        )
    [record] = _article_page(root, doc, data, source, options).records or [None]
    return (
        f"{source}: one article page (trafilatura's main text)\n"
        f"  title    {record.title}\n  date     {record.date or '-'}\n"
        f"  authors  {', '.join(record.authors) or '-'}\n  publisher {record.publisher or '-'}"
    )


def _page(text: str, source: str) -> tuple[HtmlElement | None, Problem | None]:
    """The page's tree, or the problem that leaves nothing to read."""
    if not text.strip():
        return None, Problem(source, 0, "empty page; nothing to read")
    root = _parse(text)
    if root is None:
        return None, Problem(source, 0, "not an HTML page; nothing read")
    if not fold(root.text_content()):
        return None, Problem(source, 0, "no text in this page")
    return root, None


def _parse(text: str) -> HtmlElement | None:
    """The page's tree, or None for what is not HTML (plain text, a broken fragment)."""
    try:
        return load_html(text.lstrip("\ufeff"))
    except Exception:  # lxml refuses some inputs outright; that is bad input, not a crash
        return None


def _article_page(
    root: HtmlElement, doc: Document, data: PageData, source: str, options: ReadOptions
) -> ReadResult:
    zone = ZoneInfo(options.timezone)
    title, line = headline(root, data, fold(doc.title) or None)
    paragraphs = _paragraphs(doc, root, title)
    date, date_only, updated = publication_dates(data, doc.date, zone)
    authors, organisation = people(doc.author, data, doc.sitename, root.text_content())
    publisher = organisation if organisation and not authors else doc.sitename or organisation
    derived = set()
    if not title:
        title = derive_headline(" ".join(paragraphs), HEADLINE_CHARS) or None
        derived.add("title")
    summary = fold(doc.description) or None
    if summary is None and paragraphs:
        summary = shorten(paragraphs[0], options.summary_chars)
        derived.add("summary")
    record = Record(
        source=source,
        line=line or 1,
        index=0,
        kind="article",
        title=title,
        authors=authors,
        date=date,
        updated=updated,
        date_only=date_only,
        sections=sections(data) or tuple(fold(c) for c in doc.categories or () if fold(c))[:3],
        publisher=fold(publisher) or None,
        summary=summary,
        body=pack_body(paragraphs_html(paragraphs)),
        derived=frozenset(derived),
    )
    warnings = [] if paragraphs else [Problem(source, 0, "no article text found in this page")]
    return ReadResult([record], warnings)


def _extract(root: HtmlElement) -> Document:
    """trafilatura's reading of the page; its metadata alone when it finds too little text
    to call an article (it then returns nothing)."""
    try:
        doc = bare_extraction(
            root, with_metadata=True, include_comments=False, date_extraction_params=DATE_PARAMS
        )
    except Exception:  # trafilatura gives up with assorted errors on odd markup
        doc = None
    if isinstance(doc, Document):
        return doc
    try:
        return extract_metadata(root.__copy__(), date_config=dict(DATE_PARAMS))
    except Exception:
        return Document()


def _paragraphs(doc: Document, root: HtmlElement, title: str | None) -> list[str]:
    """The main text's paragraphs; the page's own ``<p>``s when trafilatura found none. A
    first paragraph repeating the title is the headline, not text."""
    if doc.text:
        paragraphs = [fold(line) for line in doc.text.split("\n")]
    else:
        paragraphs = [fold(p.text_content()) for p in content(root) if p.tag == "p"]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return paragraphs


def _list_page(
    root: HtmlElement, doc: Document, data: PageData, source: str, options: ReadOptions
) -> tuple[ReadResult, list[TextLine]] | None:
    """The page read as a list, with the text lines the captured-text reader read (their
    records' and warnings' lines mapped back to the HTML lines the text came from); None
    for a page that is one story.

    A page that states one publication day is one story, whatever boxes it holds (a list
    states one for each of its stories), and so is a list of one: a story with its links.
    """
    days = {value[:10] for value in data.published}
    headed = has_story_headline(root, data) and not holds_main_text(root, doc.text)
    one = len(days) == 1 or headed or not is_list_page(root, doc.text)
    if one and not whole_stories(root):
        return None
    lines, marked = _lines(root)
    result = captured.read("\n".join(line.text for line in lines), source, options, marked)
    if len(result.records) < 2:
        return None
    origin = _origin(lines)
    records = [replace(record, line=origin(record.line) or 1) for record in result.records]
    warnings = [Problem(p.path, origin(p.line), p.message) for p in result.warnings]
    return ReadResult(records, warnings), lines


def _lines(root: HtmlElement) -> tuple[list[TextLine], captured.Marked]:
    """The list's text lines, and what the markup shows about them: which are the list's
    headlines, and which stand inside a story below its headline (its subheadings and
    list items, never a new story)."""
    headlines = list_headlines(root)
    texts = {text for _, text in headlines}
    # other lists' headlines (each a list's, so repeated at its tag path), not subheadings
    links = {text for group in headline_groups(root) if len(group) > 1 for _, text in group}
    items = item_parts(headlines)
    lines = [line for part in list_region(root) for line in page_lines(part, items)]
    heads: set[int] = set()
    inside: set[int] = set()
    kickers: set[int] = set()
    headed: set[int] = set()  # the items whose headline has been passed
    for number, line in enumerate(lines, 1):
        if line.text in texts and line.item not in headed:
            heads.add(number)
            headed.add(line.item)
        elif line.item in headed and line.text not in links:
            inside.add(number)
        elif line.item is not None and line.text and line.text not in links:
            kickers.add(number)  # in the story's markup, above its headline
    return lines, captured.Marked(frozenset(heads), frozenset(inside), frozenset(kickers))


def _origin(lines: list[TextLine]):
    """The HTML line a text line (numbered from 1) came from."""

    def origin(number: int) -> int:
        return lines[number - 1].line if 0 < number <= len(lines) else number

    return origin
