"""Saved web pages, the metadata part: what a page's markup says about its story.

trafilatura finds the text and a first guess at the metadata; these helpers correct it
where it is known to be weak: the headline as printed (the ``<h1>``, not the ``<title>``
with the site's name glued on), authors one person each with roles and outlets dropped,
the publication time from the page's structured data, sections from ``article:section``
and breadcrumbs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from lxml.html import HtmlElement

from ..dates import to_datetime
from .captured_bylines import is_role, split_names
from .html_lines import DROPPED, fold

ARTICLE_TYPES = (
    "Article",
    "NewsArticle",
    "BlogPosting",
    "Report",
    "ReportageNews",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "LiveBlogPosting",
    "WebPage",
)


@dataclass
class PageData:
    """What the page's ``<meta>`` tags and JSON-LD blocks state, first statement first."""

    published: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    breadcrumbs: list[str] = field(default_factory=list)
    organisations: set[str] = field(default_factory=set)  # author and publisher names
    titles: list[str] = field(default_factory=list)  # <title>, og:title, JSON-LD headline
    texts: list[str] = field(default_factory=list)  # meta values, for names as printed


_PUBLISHED_META = (
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "og:published_time",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)


def page_data(root: HtmlElement) -> PageData:
    """Collect the page's stated metadata."""
    data = PageData()
    found: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        value = fold(meta.get("content"))
        if key and value:
            found.setdefault(key, []).append(value)
            data.texts.append(value)
    for element in root.xpath("//*[@itemprop and (@datetime or @content)]"):
        key = element.get("itemprop").lower()
        found.setdefault(key, []).append(fold(element.get("datetime") or element.get("content")))
    for item in _json_ld(root):
        _from_json_ld(item, data)
    data.published += [v for key in _PUBLISHED_META for v in found.get(key, [])]
    data.modified += [v for key in _MODIFIED_META for v in found.get(key, [])]
    data.sections += found.get("article:section", [])
    data.organisations.update(found.get("og:site_name", []))
    title = root.find(".//title")
    data.titles += [fold(title.text_content())] if title is not None else []
    data.titles += found.get("og:title", []) + found.get("twitter:title", [])
    return data


def _json_ld(root: HtmlElement):
    """Every object in the page's JSON-LD blocks (``@graph`` and lists unpacked)."""
    for script in root.xpath('//script[contains(@type, "ld+json")]'):
        try:
            value = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        stack = [value]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack[:0] = item["@graph"]


def _types(item: dict) -> list[str]:
    kind = item.get("@type", [])
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _from_json_ld(item: dict, data: PageData) -> None:
    kinds = _types(item)
    if "BreadcrumbList" in kinds and isinstance(item.get("itemListElement"), list):
        for entry in item["itemListElement"]:
            name = entry.get("name") if isinstance(entry, dict) else None
            if isinstance(entry, dict) and isinstance(entry.get("item"), dict):
                name = name or entry["item"].get("name")
            if isinstance(name, str) and fold(name):
                data.breadcrumbs.append(fold(name))
    if not any(kind in ARTICLE_TYPES for kind in kinds):
        return
    for key, target in (("datePublished", data.published), ("dateModified", data.modified)):
        if isinstance(item.get(key), str):
            target.append(item[key].strip())
    sections = item.get("articleSection")
    for section in [sections] if isinstance(sections, str) else sections or []:
        if isinstance(section, str) and fold(section):
            data.sections.append(fold(section))
    if isinstance(item.get("headline"), str):
        data.titles.append(fold(item["headline"]))
    for key in ("author", "publisher", "creator"):
        people = item.get(key)
        for person in people if isinstance(people, list) else [people]:
            if isinstance(person, dict) and isinstance(person.get("name"), str):
                data.texts.append(fold(person["name"]))
                if key == "publisher" or "Organization" in _types(person):
                    data.organisations.add(fold(person["name"]))


# -- title ----------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
MAX_TITLE = 300


def _h1s(root: HtmlElement):
    """The page's ``<h1>`` elements outside furniture; a page's ``<header>`` may hold the
    story's own (a portal's article page), so it is not furniture here."""
    for h1 in root.iter("h1"):
        if not any(a.tag in DROPPED for a in h1.iterancestors()):
            yield h1


def headline(root: HtmlElement, data: PageData, guess: str | None) -> tuple[str | None, int]:
    """The headline as printed and its line: the first ``<h1>`` whose words the page's
    titles share (so not the site's logo or a "Comments" heading), else ``guess``."""
    titles = [*data.titles, *([guess] if guess else [])]
    for h1 in _h1s(root):
        text = fold(h1.text_content())
        if 0 < len(text) <= MAX_TITLE and _matches_a_title(text, titles, data.organisations):
            return text, h1.sourceline or 0
    return guess, 0


def has_story_headline(root: HtmlElement, data: PageData) -> bool:
    """Whether the page heads one story: an ``<h1>`` of a headline's length, not a link,
    that the page's titles repeat. A list page's ``<h1>`` names the section, the author
    or the tag: a word or two."""
    for h1 in _h1s(root):
        text = fold(h1.text_content())
        headline_like = len(text.split()) >= 4 or len(text) >= 25
        linked = h1.find(".//a[@href]") is not None or any(a.tag == "a" for a in h1.iterancestors())
        plausible = headline_like and len(text) <= MAX_TITLE and not linked
        if plausible and _matches_a_title(text, data.titles, data.organisations):
            return True
    return False


def _matches_a_title(text: str, titles: list[str], organisations: set[str]) -> bool:
    words = _words(text)
    if not words or any(words == _words(name) for name in organisations):
        return False  # the site's name, as a logo heading
    for title in titles:
        other = _words(title)
        if other and len(words & other) >= 0.6 * min(len(words), len(other)):
            return True
    return False


def _words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text)}


# -- dates ----------------------------------------------------------------------------------


def publication_dates(
    data: PageData, day: str | None, zone: tzinfo
) -> tuple[datetime | None, bool, datetime | None]:
    """``(date, date_only, updated)``: the day htmldate settled on (``day``), at the time a
    stated publication time gives for that day; a stated modification time, when later,
    is ``updated``."""
    stated = [parsed for value in data.published if (parsed := _parse(value, zone))]
    date, date_only = None, False
    if day:
        same_day = [value for value, only in stated if value.date().isoformat() == day]
        timed = [value for value in same_day if value.hour or value.minute or value.second]
        if timed or same_day:
            date = (timed or same_day)[0]
            date_only = not timed
        else:
            date, date_only = _parse(day, zone) or (None, False)
    elif stated:
        date, date_only = stated[0]
    updated = None
    for value in data.modified:
        parsed = _parse(value, zone)
        if parsed and date and parsed[0] > date and parsed[0].date() >= date.date():
            updated = parsed[0]
            break
    return date, date_only, updated


def _parse(value: str, zone: tzinfo) -> tuple[datetime, bool] | None:
    try:
        return to_datetime(value, zone)
    except ValueError:
        return None


# -- authors --------------------------------------------------------------------------------

_POSTED_BY = re.compile(
    r"^.{0,40}?\b(?:posted|written|posts|words|reported|story)\s+by\s+", re.IGNORECASE
)
_DOMAIN = re.compile(r"\w\.(?:com|org|net|de|at|ch|fr|it|uk|io|info)\b", re.IGNORECASE)


def people(
    author: str | None, data: PageData, sitename: str | None, page_text: str
) -> tuple[tuple[str, ...], str | None]:
    """``(authors, organisation)`` from trafilatura's author string (``"A; B"``): one name
    each, as the page prints it; roles dropped; outlets (the site's name, a publisher or
    organisation the page names, a domain) set apart, the first one returned."""
    organisations = {_key(name) for name in data.organisations | {sitename or ""} if name}
    names, outlets = [], []
    for part in (author or "").split(";"):
        part = _POSTED_BY.sub("", fold(part))
        for name in split_names(part):
            if not name or is_role(name):
                continue
            if _key(name) in organisations or _DOMAIN.search(name):
                outlets.append(name)
            elif name not in names:
                names.append(name)
    printed = tuple(dict.fromkeys(as_printed(name, data.texts, page_text) for name in names))
    return printed, (outlets[0] if outlets else None)


def _key(name: str) -> str:
    return "".join(_WORD.findall(name.casefold()))


def as_printed(name: str, meta_texts: list[str], page_text: str) -> str:
    """The name as the page prints it: trafilatura capitalises "jane doe" and drops the
    dots of "Jr." and "W."; find the words in the page's metadata or text and keep them,
    in the case given when the page has it so, else as the page writes them."""
    words = name.split()
    pattern = r"\.?\s+".join(re.escape(word) for word in words)
    tail = r"\.?" if len(words[-1].rstrip(".")) <= 3 else ""  # an initial or "Jr." may end it
    texts = (*meta_texts, page_text)
    for flags in (0, re.IGNORECASE):
        found = re.compile(rf"(?<!\w){pattern}{tail}(?!\w)", flags)
        for text in texts:
            match = found.search(text)
            if match:
                return fold(match.group())
    return name


# -- sections -------------------------------------------------------------------------------


def sections(data: PageData) -> tuple[str, ...]:
    """``article:section`` / ``articleSection`` values, else the breadcrumb trail between
    the home page and the story itself."""
    found = list(data.sections)
    if not found and len(data.breadcrumbs) >= 3:
        found = data.breadcrumbs[1:-1][:2]
    short = (name for name in found if len(name) <= 60)
    return tuple(dict.fromkeys(short))
