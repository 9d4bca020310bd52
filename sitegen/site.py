"""Records → Site: choose what is published, order it, give it slugs and URLs, group it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import PurePosixPath

from .config import Config
from .errors import Problem
from .media import MARKDOWN_SUFFIXES, is_bundle_index
from .model import Article, Record, Site, Term
from .slugs import assign_slugs, slug_for


def published(records: Iterable[Record], config: Config, now: datetime | None = None):
    """Articles a build shows: drafts and future-dated ones only when asked for, and
    none past its ``expires`` date."""
    now = now or datetime.now(UTC)
    for record in records:
        if record.about_term:
            continue
        if record.draft and not config.drafts:
            continue
        if record.date and record.date > now and not config.future:
            continue
        if record.expires and record.expires <= now:
            continue
        yield record


def listing_order(records: list[Record]) -> list[Record]:
    """Newest first; undated records after the dated ones, in source order."""
    position = {r.key: i for i, r in enumerate(records)}
    dated = sorted(
        (r for r in records if r.date),
        key=lambda r: (-r.date.timestamp(), position[r.key]),
    )
    return dated + [r for r in records if not r.date]


def assemble(
    records: list[Record],
    config: Config,
    now: datetime | None = None,
    related: dict[str, tuple[str, ...]] | None = None,
) -> Site:
    """Build the site model from every record read, in source order.

    ``related`` maps a record key to the other reports of its story (``sitegen.stories``).
    """
    notes: list[Problem] = []
    folders, intro_html = _folder_sections(records, config.content_dir)
    shown = published(_outside_bundles(records), config, now)
    articles = listing_order([_in_section(r, folders) for r in shown])
    profiles = [r for r in records if r.kind == "profile" and r.title]
    author_names = [n for r in articles for n in r.authors] + [p.title for p in profiles]
    author_slugs = _term_slugs(author_names, notes, "author")
    tag_slugs = _term_slugs((n for r in articles for n in r.tags + r.topics), notes, "tag")
    section_slugs = _term_slugs((n for r in articles for n in r.sections), notes, "section")

    urls = _article_urls(articles, config, notes)
    site_articles = {
        r.key: Article(
            record=r,
            slug=urls[r.key][0],
            url=urls[r.key][1],
            authors=tuple(author_slugs[n] for n in r.authors),
            tags=tuple(dict.fromkeys(tag_slugs[n] for n in r.tags + r.topics)),
            sections=tuple(section_slugs[n] for n in r.sections),
            date=r.date and r.date.astimezone(config.zone),
            updated=r.updated and r.updated.astimezone(config.zone),
        )
        for r in articles
    }
    authors = _terms(site_articles, "authors", author_slugs)
    for profile in profiles:
        slug = author_slugs[profile.title]
        term = authors.get(slug) or Term(slug=slug, name=profile.title, articles=())
        authors[slug] = replace(term, role=profile.role, about_html=profile.body_html)
    sections = _terms(site_articles, "sections", section_slugs)
    for record in folders.values():
        slug = section_slugs.get(record.title)
        if slug in sections and not sections[slug].about_html:
            sections[slug] = replace(sections[slug], about_html=record.body_html)
    return Site(
        articles=site_articles,
        authors=dict(sorted(authors.items())),
        tags=_mark_derived(_terms(site_articles, "tags", tag_slugs), articles, tag_slugs),
        sections=dict(sorted(sections.items())),
        archive=_archive(site_articles),
        related=_related(related or {}, site_articles),
        warnings=tuple(notes),
        intro_html=intro_html,
    )


def _outside_bundles(records: list[Record]) -> list[Record]:
    """The records but the other Markdown files of a page bundle, which Hugo takes as the
    bundle article's resources, not as pages of their own."""
    bundles = {PurePosixPath(r.source).parent for r in records if is_bundle_index(r.source)}
    if not bundles:
        return records
    return [
        r
        for r in records
        if is_bundle_index(r.source)
        or PurePosixPath(r.source).suffix.lower() not in MARKDOWN_SUFFIXES
        or not bundles.intersection(PurePosixPath(r.source).parents)
    ]


def _folder_sections(records: list[Record], content_dir: str) -> tuple[dict, str]:
    """Hugo's ``_index.md`` pages: folder -> its section record, and the introduction the
    content folder's own gives the front page."""
    folders: dict[PurePosixPath, Record] = {}
    intro_html = ""
    for record in records:
        if record.kind == "section" and record.title:
            folder = PurePosixPath(record.source).parent
            if folder == PurePosixPath(content_dir):
                intro_html = record.body_html
            else:
                folders.setdefault(folder, record)
    return folders, intro_html


def _in_section(record: Record, folders: dict[PurePosixPath, Record]) -> Record:
    """An article without a section takes that of the nearest folder above it with an
    ``_index.md``, as Hugo files a page under its folder's section."""
    if record.sections or not folders:
        return record
    for folder in PurePosixPath(record.source).parents:
        if folder in folders:
            return replace(record, sections=(folders[folder].title,))
    return record


def _term_slugs(names: Iterable[str], notes: list[Problem], what: str) -> dict[str, str]:
    """name -> slug. Spellings that differ only in case ("AI", "ai") are one term."""
    names = list(names)
    spelling: dict[str, str] = {}
    for name in names:
        spelling.setdefault(name.casefold(), name)
    slugs, clashes = assign_slugs(spelling.values())
    notes.extend(Problem("", 0, f"{what} {clash}") for clash in clashes)
    return {name: slugs[spelling[name.casefold()]] for name in names}


def _article_urls(articles: list[Record], config: Config, notes: list[Problem]):
    """(slug, url) per article key; URLs two articles would share are told apart."""
    result: dict[str, tuple[str, str]] = {}
    owner: dict[str, Record] = {}
    for record in sorted(articles, key=lambda r: (r.source, r.index)):
        base = slug_for(record.slug or record.title or record.key)
        slug, number = base, 1
        while (url := permalink(config, record, slug)) in owner:
            number += 1
            slug = f"{base}-{number}"
        if number > 1:
            first = owner[permalink(config, record, base)]
            notes.append(
                Problem(
                    record.source,
                    record.line,
                    f"URL /{permalink(config, record, base)} is taken by "
                    f"{first.source}:{first.line}; this article gets /{url}",
                )
            )
        owner[url] = record
        result[record.key] = (slug, url)
    return result


def permalink(config: Config, record: Record, slug: str) -> str:
    """The site-relative URL of an article (no leading '/', ending in '/')."""
    section = slug_for(record.sections[0]) if record.sections else "news"
    if record.date is None:
        return config.undated_permalink.lstrip("/").format(slug=slug, section=section)
    d = record.date
    return config.article_permalink.lstrip("/").format(
        year=f"{d.year:04d}",
        month=f"{d.month:02d}",
        day=f"{d.day:02d}",
        slug=slug,
        section=section,
    )


def _terms(articles: dict[str, Article], attribute: str, slugs: dict[str, str]) -> dict[str, Term]:
    keys: dict[str, list[str]] = {}
    for article in articles.values():
        for slug in getattr(article, attribute):
            keys.setdefault(slug, []).append(article.key)
    names: dict[str, str] = {}
    for name, slug in slugs.items():  # the first spelling seen names the term
        names.setdefault(slug, name)
    return {slug: Term(slug=slug, name=names[slug], articles=tuple(k)) for slug, k in keys.items()}


def _mark_derived(tags: dict[str, Term], records: list[Record], slugs: dict[str, str]):
    """Tags only ever given by topic derivation are marked, so themes can say so."""
    given = {slugs[n] for r in records for n in r.tags}
    return {slug: replace(term, derived=slug not in given) for slug, term in sorted(tags.items())}


def _related(related: dict[str, tuple[str, ...]], articles: dict[str, Article]):
    """Article key -> the other published reports of its story."""
    published = {
        key: tuple(k for k in others if k in articles)
        for key, others in related.items()
        if key in articles
    }
    return {key: others for key, others in published.items() if others}


def _archive(articles: dict[str, Article]) -> dict[int, dict[int, tuple[str, ...]]]:
    archive: dict[int, dict[int, list[str]]] = {}
    for article in articles.values():
        if article.date:
            archive.setdefault(article.date.year, {}).setdefault(article.date.month, []).append(
                article.key
            )
    return {
        y: {m: tuple(k) for m, k in sorted(ms.items(), reverse=True)}
        for y, ms in sorted(archive.items(), reverse=True)
    }
