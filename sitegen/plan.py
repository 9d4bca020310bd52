"""Site → PageSpecs: every output is a page with a kind, a URL, a template and its inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from . import plugins
from .config import Config
from .errors import SitegenError
from .model import Site


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page to render. ``items`` are the article keys it lists; ``subject`` is the
    article key, term slug or archive period it is about."""

    kind: str
    url: str  # site-relative: "" is the home page, "tags/x/page/2/", "404.html"
    template: str
    subject: str = ""
    items: tuple[str, ...] = ()
    page: int = 1
    pages: int = 1
    root: str = ""  # URL of page 1 of a paginated list
    links: tuple[str, ...] = ()  # sitemaps: the URLs (or sitemap files) they list

    @property
    def output_path(self) -> str:
        """File path under the output folder."""
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url

    def page_url(self, number: int) -> str:
        """URL of another page of the same list."""
        return self.root if number == 1 else f"{self.root}page/{number}/"


def paginate(
    kind: str, root: str, template: str, keys: tuple[str, ...], per_page: int, subject: str = ""
) -> list[PageSpec]:
    """Split a list of article keys into pages: ``root``, ``root/page/2/``, …"""
    chunks = [keys[i : i + per_page] for i in range(0, len(keys), per_page)] or [()]
    return [
        PageSpec(
            kind=kind,
            url=root if n == 1 else f"{root}page/{n}/",
            template=template,
            subject=subject,
            items=chunk,
            page=n,
            pages=len(chunks),
            root=root,
        )
        for n, chunk in enumerate(chunks, 1)
    ]


NEWS_WINDOW = timedelta(days=2)  # Google News sitemaps list articles of the last two days
TERM_KINDS = (("authors", "author"), ("tags", "tag"), ("sections", "section"))


def plan_pages(site: Site, config: Config, now: datetime | None = None) -> list[PageSpec]:
    """Every page of the site, in a fixed order; ``now`` decides what news is recent."""
    per_page = config.per_page
    specs = paginate("index", "", "index.html", tuple(site.articles), per_page)
    specs += [
        PageSpec(kind="article", url=a.url, template="article.html", subject=a.key)
        for a in site.articles.values()
    ]
    for plural, singular in TERM_KINDS:
        terms = getattr(site, plural)
        specs.append(PageSpec(kind=plural, url=f"{plural}/", template=f"{plural}.html"))
        for term in terms.values():
            specs += paginate(
                singular,
                f"{plural}/{term.slug}/",
                f"{singular}.html",
                term.articles,
                per_page,
                subject=term.slug,
            )
    specs.append(PageSpec(kind="archive", url="archive/", template="archive.html"))
    specs.append(PageSpec(kind="search", url="search/", template="search.html"))
    for year, months in site.archive.items():
        keys = tuple(k for month_keys in months.values() for k in month_keys)
        specs += paginate("year", f"archive/{year}/", "year.html", keys, per_page, str(year))
        for month, month_keys in months.items():
            specs += paginate(
                "month",
                f"archive/{year}/{month:02d}/",
                "month.html",
                month_keys,
                per_page,
                f"{year}/{month:02d}",
            )
    specs += plugin_pages(site, config)
    specs.append(PageSpec(kind="notfound", url="404.html", template="404.html"))
    specs += feeds_and_sitemaps(site, config, specs, now or datetime.now(UTC))
    return specs


def plugin_pages(site: Site, config: Config) -> list[PageSpec]:
    """The pages of the page kinds plugins add (``sitegen.plugins``)."""
    specs = []
    for plugin in plugins.page_kinds():
        try:
            made = list(plugin.value(site, config))
        except Exception as err:
            raise SitegenError(
                f"page kind {plugin.name!r} of plugin {plugin.origin} failed: "
                f"{type(err).__name__}: {err}"
            ) from None
        if not all(isinstance(spec, PageSpec) for spec in made):
            raise SitegenError(
                f"page kind {plugin.name!r} of plugin {plugin.origin} gave no PageSpec"
            )
        specs += made
    return specs


FEED_KINDS = (("atom", "feed.xml", "atom.xml"), ("rss", "rss.xml", "rss.xml"))
SITEMAP_LIMIT = 50_000  # URLs in one sitemap file, by the sitemaps protocol


def feeds_and_sitemaps(
    site: Site, config: Config, pages: list[PageSpec], now: datetime
) -> list[PageSpec]:
    """Feeds for the site and, if asked, each author, tag and section; sitemaps; robots."""
    count = config.feed_entries
    specs = [
        PageSpec(kind=kind, url=name, template=template, items=tuple(site.articles)[:count])
        for kind, name, template in FEED_KINDS + (("jsonfeed", "feed.json", "feed.json"),)
    ]
    if config.term_feeds:
        for plural, singular in TERM_KINDS:
            for term in getattr(site, plural).values():
                root = f"{plural}/{term.slug}/"
                specs += [
                    PageSpec(
                        kind=kind,
                        url=root + name,
                        template=template,
                        subject=f"{singular}:{term.slug}",
                        items=term.articles[:count],
                        root=root,
                    )
                    for kind, name, template in FEED_KINDS
                ]
    urls = tuple(p.url for p in pages if p.kind not in ("notfound", "search"))
    parts = [urls[i : i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)]
    if len(parts) == 1:
        specs.append(
            PageSpec(kind="sitemap", url="sitemap.xml", template="sitemap.xml", links=parts[0])
        )
    else:
        names = tuple(f"sitemap-{n}.xml" for n in range(1, len(parts) + 1))
        specs += [
            PageSpec(kind="sitemap", url=name, template="sitemap.xml", links=part)
            for name, part in zip(names, parts, strict=True)
        ]
        specs.append(
            PageSpec(
                kind="sitemapindex", url="sitemap.xml", template="sitemap-index.xml", links=names
            )
        )
    recent = tuple(k for k, a in site.articles.items() if a.date and now - a.date <= NEWS_WINDOW)
    specs += [
        PageSpec(
            kind="newssitemap", url="news-sitemap.xml", template="news-sitemap.xml", items=recent
        ),
        PageSpec(kind="robots", url="robots.txt", template="robots.txt"),
        PageSpec(kind="nojekyll", url=".nojekyll", template="nojekyll.txt"),
    ]
    return specs
