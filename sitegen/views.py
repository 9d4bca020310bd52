"""What a page's template sees: small, plain views built from the site for one PageSpec.

A page's context holds exactly what it may show. List pages get ``Card``s (no bodies),
article pages one ``Story``; names of authors, tags and sections come as ``Link``s. So the
context is the page's complete input: hashing it (with the template and the settings)
tells whether the page must be rendered again.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from .config import Config
from .media import BodyLinks
from .metadata import describe
from .model import Article, Record, Site, Term
from .plan import PageSpec
from .text import reading_minutes


@dataclass(frozen=True, slots=True)
class Link:
    name: str
    url: str
    derived: bool = False  # a tag that sitegen derived from the text


@dataclass(frozen=True, slots=True)
class Card:
    """What a list shows of an article."""

    key: str
    url: str
    title: str
    title_derived: bool
    kind: str
    date: datetime | None
    updated: datetime | None
    date_only: bool
    summary: str | None
    summary_derived: bool
    publisher: str | None
    authors: tuple[Link, ...]
    sections: tuple[Link, ...]
    tags: tuple[Link, ...]
    minutes: int  # reading time; 0 for an article with no text

    @property
    def categories(self) -> tuple[str, ...]:
        """Section and tag names without repeats (case aside), as feeds list them: what
        Jinja's ``map(attribute="name") | unique`` gives, at a tenth of its cost."""
        seen: set[str] = set()
        names = []
        for link in self.sections + self.tags:
            if link.name.lower() not in seen:
                seen.add(link.name.lower())
                names.append(link.name)
        return tuple(names)


@dataclass(frozen=True, slots=True)
class Story:
    """An article on its own page: its card (whose fields it shows as its own), the body
    and the source's extra keys. Holding the card, not a copy, lets a page hash reuse the
    card's digest."""

    card: Card
    body_html: str
    extra: tuple[tuple[str, object], ...]
    source: str
    # made again when needed, not kept: a page hash does not remember it (its body would
    # stay in memory with it)
    fingerprint_kept: ClassVar[bool] = False


def _card_field(name: str) -> property:
    return property(lambda story: getattr(story.card, name), doc=f"The card's {name}.")


# a Story shows its card's fields as its own: properties, looked up on the class, cost a
# third of a __getattr__ that runs only after the attribute was missed
for _name in [f.name for f in dataclasses.fields(Card)] + ["categories"]:
    setattr(Story, _name, _card_field(_name))


@dataclass(frozen=True, slots=True)
class TermView:
    name: str
    url: str
    count: int
    role: str | None = None
    about_html: str = ""
    derived: bool = False


@dataclass(frozen=True, slots=True)
class MonthView:
    label: str  # "2024-03"
    url: str
    count: int


@dataclass(frozen=True, slots=True)
class YearView:
    year: int
    url: str
    count: int
    months: tuple[MonthView, ...]


def term_view(kind: str, term: Term) -> TermView:
    return TermView(
        term.name,
        f"{kind}/{term.slug}/",
        len(term.articles),
        term.role,
        term.about_html,
        term.derived,
    )


def body_minutes(record: Record) -> int:
    return reading_minutes(record.body_html)


def card_fields(article: Article, site: Site, links, minutes=body_minutes) -> dict:
    """A card's fields; ``minutes``: the reading time of a record (a build has it worked
    out where the record was read)."""
    record = article.record
    return dict(
        key=article.key,
        url=article.url,
        title=article.title,
        title_derived="title" in record.derived,
        kind=record.kind,
        date=article.date,
        updated=article.updated,
        date_only=record.date_only,
        summary=record.summary,
        summary_derived="summary" in record.derived,
        publisher=record.publisher,
        authors=links("authors", article.authors),
        sections=links("sections", article.sections),
        tags=links("tags", article.tags),
        minutes=minutes(record),
    )


class Links:
    """One Link object per term, shared by every card that names it."""

    def __init__(self, site: Site):
        self.site = site
        self.made: dict[tuple[str, str], Link] = {}

    def __call__(self, kind: str, slugs: tuple[str, ...]) -> tuple[Link, ...]:
        return tuple(self.link(kind, slug) for slug in slugs)

    def link(self, kind: str, slug: str) -> Link:
        link = self.made.get((kind, slug))
        if link is None:
            term = getattr(self.site, kind)[slug]
            link = self.made[kind, slug] = Link(term.name, f"{kind}/{slug}/", term.derived)
        return link


def make_story(article: Article, card: Card, links: BodyLinks | None = None) -> Story:
    """An article's card with its body, its links resolved against its source file."""
    record = article.record
    body = links.resolve(record.body_html, record.source) if links else record.body_html
    return Story(card, body, tuple(sorted(record.extra.items())), record.source)


def archive_view(site: Site) -> tuple[YearView, ...]:
    return tuple(
        YearView(
            year,
            f"archive/{year}/",
            sum(len(k) for k in months.values()),
            tuple(
                MonthView(f"{year}-{month:02d}", f"archive/{year}/{month:02d}/", len(keys))
                for month, keys in months.items()
            ),
        )
        for year, months in site.archive.items()
    )


TITLES = {
    "index": None,
    "authors": "Authors",
    "tags": "Tags",
    "sections": "Sections",
    "archive": "Archive",
    "search": "Search",
    "notfound": "Page not found",
}


STORIES = 2000  # stories kept per process: each holds an article's whole body


class Views:
    """Builds each page's context; the parts shared by many pages are made once per build."""

    def __init__(
        self,
        site: Site,
        config: Config,
        body_links: BodyLinks | None = None,
        minutes: Callable[[Record], int] = body_minutes,
    ):
        self.site = site
        self.config = config
        self.body_links = body_links
        self.links = Links(site)
        self.cards = {
            key: Card(**card_fields(a, site, self.links, minutes))
            for key, a in site.articles.items()
        }
        self.order = list(site.articles)
        self.position = {key: i for i, key in enumerate(self.order)}
        self._archive: tuple[YearView, ...] | None = None
        self._lastmod: dict[str, datetime] | None = None
        self._stories: OrderedDict[str, Story] = OrderedDict()

    def updated(
        self, site: Site, keys: Iterable[str], minutes: Callable[[Record], int] = body_minutes
    ) -> Views:
        """These views for ``site``, which differs from theirs only in the articles of
        ``keys`` (the same terms, order and URLs): only those cards are made again."""
        views = copy.copy(self)
        views.site = site
        views.cards = dict(self.cards)
        views._stories = OrderedDict(self._stories)
        views._lastmod = None
        for key in keys:
            views._stories.pop(key, None)
            if key in site.articles:
                article = site.articles[key]
                views.cards[key] = Card(**card_fields(article, site, self.links, minutes))
        return views

    def shows(self, spec: PageSpec) -> list[str]:
        """Keys of the articles whose card or story ``context(spec)`` holds. Kept beside
        ``context``: an article missing here would leave the page stale when only that
        article's text changes (a sitemap holds every article's URL and dates, but those
        are the site's shape, ``reuse.SHAPE``: a change to them rebuilds the whole site)."""
        keys = list(spec.items)
        if spec.kind == "article":
            i = self.position[spec.subject]
            keys += self.order[max(i - 1, 0) : i + 2]  # itself, newer and older
            keys += self.site.related.get(spec.subject, ())
        return keys

    def story(self, key: str) -> Story:
        """An article's story: the ``STORIES`` last asked for are kept, for the feeds that
        carry the newest articles and their pages; the others are made again when asked."""
        found = self._stories.get(key)
        if found is None:
            article = self.site.articles[key]
            found = self._stories[key] = make_story(article, self.cards[key], self.body_links)
            if len(self._stories) > STORIES:
                self._stories.popitem(last=False)
        else:
            self._stories.move_to_end(key)
        return found

    def context(self, spec: PageSpec) -> dict:
        site, cards = self.site, self.cards
        ctx: dict = {
            "site": self.config,
            "page": spec,
            "title": self.title(spec),
            "articles": [cards[k] for k in spec.items],
            "prev_url": spec.page_url(spec.page - 1) if spec.page > 1 else None,
            "next_url": spec.page_url(spec.page + 1) if spec.page < spec.pages else None,
        }
        kind = spec.kind
        ctx["feeds"] = self.feeds(spec)
        if kind == "article":
            i = self.position[spec.subject]
            ctx["article"] = self.story(spec.subject)
            ctx["newer"] = cards[self.order[i - 1]] if i > 0 else None
            ctx["older"] = cards[self.order[i + 1]] if i + 1 < len(self.order) else None
            ctx["related"] = [cards[k] for k in site.related.get(spec.subject, ())]
        elif kind == "index":  # the introduction of content/_index.md, on the first page
            ctx["intro_html"] = site.intro_html if spec.page == 1 else ""
        elif kind in ("author", "tag", "section"):
            ctx["term"] = term_view(kind + "s", getattr(site, kind + "s")[spec.subject])
        elif kind in ("authors", "tags", "sections"):
            ctx["terms"] = [term_view(kind, t) for t in getattr(site, kind).values()]
        elif kind == "search":  # without JavaScript, a way in by section and tag
            ctx["sections"] = [term_view("sections", t) for t in site.sections.values()]
            ctx["tags"] = [term_view("tags", t) for t in site.tags.values()]
        ctx["description"], ctx["jsonld"] = describe(spec, ctx, self.config)
        if kind in ("atom", "rss", "jsonfeed"):
            ctx.update(self.feed(spec))
        elif kind == "sitemap":
            ctx["urls"] = [(url, self.lastmod.get(url)) for url in spec.links]
        elif kind == "sitemapindex":
            ctx["sitemaps"] = list(spec.links)
        elif kind in ("archive", "year"):
            if self._archive is None:
                self._archive = archive_view(site)
            years = self._archive
            ctx["archive"] = (
                years if kind == "archive" else [y for y in years if str(y.year) == spec.subject]
            )
        return ctx

    def feeds(self, spec: PageSpec) -> list[tuple[str, str, str]]:
        """(type, url, title) of the feeds a page links: the site's, and its term's own."""
        site_title = self.config.title
        feeds = [
            ("application/atom+xml", "feed.xml", site_title),
            ("application/rss+xml", "rss.xml", site_title),
            ("application/feed+json", "feed.json", site_title),
        ]
        if self.config.term_feeds and spec.kind in ("author", "tag", "section"):
            term = getattr(self.site, spec.kind + "s")[spec.subject]
            title = f"{site_title}: {term.name}"
            feeds += [
                ("application/atom+xml", spec.root + "feed.xml", title),
                ("application/rss+xml", spec.root + "rss.xml", title),
            ]
        return feeds

    @property
    def lastmod(self) -> dict[str, datetime]:
        if self._lastmod is None:
            self._lastmod = {
                a.url: a.updated or a.date for a in self.site.articles.values() if a.date
            }
        return self._lastmod

    def feed(self, spec: PageSpec) -> dict:
        """A feed's entries (stories, with full text if the site wants it) and its facts."""
        full = self.config.feed_full_content
        entries = [self.story(k) if full else self.cards[k] for k in spec.items]
        dates = [e.updated or e.date for e in entries if e.date]
        return {
            "entries": entries,
            "full_content": full,
            "feed_updated": max(dates) if dates else None,
            "home_url": spec.root,
        }

    def title(self, spec: PageSpec) -> str:
        site, kind = self.site, spec.kind
        if kind == "article":
            title = site.articles[spec.subject].title
        elif kind in ("author", "tag", "section"):
            title = getattr(site, kind + "s")[spec.subject].name
        elif kind == "month":
            title = datetime.strptime(spec.subject, "%Y/%m").strftime("%B %Y")
        elif kind == "year":
            title = spec.subject
        elif kind in ("atom", "rss") and spec.subject:
            singular, slug = spec.subject.split(":", 1)
            title = f"{self.config.title}: {getattr(site, singular + 's')[slug].name}"
        else:  # a plugin's page kind is titled by its subject
            title = TITLES.get(kind, spec.subject) or self.config.title
        return f"{title} (page {spec.page} of {spec.pages})" if spec.page > 1 else title
