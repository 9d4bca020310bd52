"""``sitegen records``: what the readers made of source files, one JSON object per record."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from .config import load_config
from .errors import SitegenError
from .model import Record
from .readers import captured, decode, folder_options, html
from .report import BuildReport, Reporter
from .slugs import slug_for
from .sources import discover, read_all, read_options, source_name
from .text import html_to_text
from .topics import derive_topics

_PARAGRAPH = re.compile(r"<p[\s>]")

# What an expected.jsonl (the seeds', tests/devset's) gives for every record, in
# ``describe``'s terms; a profile also gives its ``role``.
EXPECTED_FIELDS = (
    "kind",
    "title",
    "authors",
    "date",
    "updated",
    "sections",
    "publisher",
    "summary",
    "first_words",
    "paragraphs",
)


def describe(record: Record) -> dict:
    """A record as plain JSON data; derived values under their own names."""
    text = html_to_text(record.body_html) or record.summary or ""
    title_derived = "title" in record.derived
    return {
        "source": record.source,
        "index": record.index,
        "line": record.line,
        "kind": record.kind,
        "title": None if title_derived else record.title,
        "headline": record.title if title_derived else None,
        "authors": list(record.authors),
        "date": local_iso(record.date, record.date_only),
        "updated": local_iso(record.updated),
        "sections": list(record.sections),
        "tags": list(record.tags),
        "topics": list(record.topics),
        "publisher": record.publisher,
        "summary": None if "summary" in record.derived else record.summary,
        "first_words": " ".join(text.split()[:8]),
        "paragraphs": len(_PARAGRAPH.findall(record.body_html)),
        "role": record.role,
        "slug": slug_for(record.slug or record.title or record.key),
        "draft": record.draft,
        "derived": sorted(record.derived),
    }


def local_iso(value: datetime | None, date_only: bool = False) -> str | None:
    """A date as the source printed it: local time, no zone; a bare date for a day."""
    if value is None:
        return None
    return value.date().isoformat() if date_only else value.replace(tzinfo=None).isoformat()


def site_records(
    site: Path, paths: list[Path], overrides: dict, reporter: Reporter
) -> list[Record]:
    """Records of ``paths`` as a build would make them: topics are derived over the whole site."""
    config = load_config(site, overrides)
    content = site.resolve() / config.content_dir
    everything = discover(content, BuildReport()) if content.is_dir() else []
    wanted = _sources(paths) or everything
    # topics are counted over the whole site, so read it all when they are on
    sources = everything if config.derive_topics else []
    sources += [p for p in wanted if p not in set(sources)]
    records = read_all(site.resolve(), sources, config, BuildReport(), reporter, keep_going=True)
    if config.derive_topics:
        records = derive_topics(records, per_record=config.topics_per_article)
    keep = {source_name(site.resolve(), p) for p in wanted}
    return [r for r in records if r.source in keep]


def _sources(paths: list[Path]) -> list[Path]:
    """The source files the user named: a folder stands for the sources in it."""
    found = []
    for path in paths:
        if path.is_dir():
            found += discover(path.resolve(), BuildReport())
        elif path.is_file():
            found.append(path.resolve())
        else:
            raise SitegenError(f"no such file: {path}")
    return found


EXPLAINERS = {".txt": captured.explain, ".html": html.explain, ".htm": html.explain}


def explain_sources(site: Path, paths: list[Path], overrides: dict) -> str:
    """How each captured source in ``paths`` was read (every .txt and saved page when
    none): each line's label, where items start and the pattern they repeat; for a saved
    article page, the record read from it."""
    config = load_config(site, overrides)
    content = site.resolve() / config.content_dir
    wanted = _sources(paths) or (discover(content, BuildReport()) if content.is_dir() else [])
    texts = [p for p in wanted if p.suffix.lower() in EXPLAINERS]
    if not texts:
        raise SitegenError(
            "--explain reads captured text (.txt) and saved pages (.html, .htm): no such file given"
        )
    site_options = read_options(config)
    explained = []
    for path in texts:
        name = source_name(site.resolve(), path)
        options, _ = folder_options(path, name, site_options)  # as the build reads it
        how = EXPLAINERS[path.suffix.lower()]
        explained.append(how(decode(path.read_bytes(), name), name, options))
    return "\n\n".join(explained)
