"""Markdown sources: YAML (``---``) or TOML (``+++``) front matter, then a Markdown body.

Front matter keys: title, date, updated, authors (or author), tags, sections (or
category), summary, slug, publisher, draft; ``kind: profile`` with ``role`` makes
the file an author profile. Other keys are kept in ``Record.extra``. A folder's
``_index.md`` (Hugo's) is a ``section`` record: its title (the folder's name when it has
none) is the section of the articles under the folder, its body the section's introduction.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import PurePosixPath

import markdown
import nh3
from slugify import slugify

from ..errors import Problem, SitegenError
from ..model import MARKDOWN_ENGINES, ReadOptions, ReadResult
from ..text import html_to_text
from . import commonmark
from .fields import make_record, record_fields
from .front_matter import key_errors, split_front_matter
from .inline import SkippingInlineExtension
from .peers import (
    MORE,
    fenced_pelican_header,
    from_file_name,
    json_front_matter,
    peer_markup,
    pelican_header,
)
from .smart import FastSmartyExtension

SECTION_FILE = "_index"  # Hugo's name for a section's own page
_H1 = re.compile(r"\A\s*<h1[^>]*>(.*?)</h1>\s*", re.S)

_converter: markdown.Markdown | None = None


def _markdown() -> markdown.Markdown:
    global _converter  # one converter per process: building it costs more than a page
    if _converter is None:
        _converter = markdown.Markdown(
            extensions=[
                "extra",
                FastSmartyExtension(),
                "toc",
                "sane_lists",
                SkippingInlineExtension(),
            ],
            extension_configs={"toc": {"slugify": lambda value, sep: slugify(value) or "section"}},
            output_format="html",
        )
    return _converter


def render_markdown(text: str, trust_html: bool = False, engine: str = MARKDOWN_ENGINES[0]) -> str:
    """Markdown → HTML with the site's engine, sanitized unless the site trusts its sources."""
    if engine == "pulldown-cmark":
        html = commonmark.render(text)
    else:
        converter = _markdown()
        converter.reset()
        html = converter.convert(text)
    return html if trust_html else sanitize(html)


_ALLOWED_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ALLOWED_ATTRIBUTES["*"] = {"id", "class", "title", "lang", "dir"}


def sanitize(html: str) -> str:
    """Remove scripts, event handlers and dangerous URLs; keep structure, ids and classes."""
    return nh3.clean(html, attributes=_ALLOWED_ATTRIBUTES, link_rel=None)


def _metadata(text: str, source: str):
    """(metadata, body, fail, whether it is Pelican's header) of a Markdown file: YAML or
    TOML front matter, Hugo's JSON, or Pelican's ``Key: value`` lines, bare or fenced."""
    try:
        meta, header, body = split_front_matter(text, source, blank_first=True)
    except SitegenError:  # no YAML: maybe Pelican's lines, fenced as Python-Markdown allows
        fenced = fenced_pelican_header(text, source)
        if fenced is None:
            raise
        return (*fenced, True)
    if header:
        return meta, body, key_errors(header, source), False
    found = json_front_matter(text, source)
    if found is not None:
        return (*found, False)
    return (*pelican_header(text, source), True)


def read(text: str, source: str, options: ReadOptions) -> ReadResult:
    """Read one Markdown file into one record (none from an empty file)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.strip():  # as Pelican and Jekyll skip it
        return ReadResult([], [Problem(source, 1, "empty file: nothing to publish")])
    meta, body, fail, pelican = _metadata(text, source)
    meta = dict(from_file_name(meta, source))
    name = PurePosixPath(source)
    if name.stem == SECTION_FILE:
        meta.setdefault("title", name.parent.name.replace("-", " ").replace("_", " ").title())
        meta["kind"] = "section"
    date = meta.get("date")
    if isinstance(date, datetime) and date.tzinfo is None and "_posts" in name.parts:
        meta["date"] = date.replace(tzinfo=UTC)  # Jekyll reads a bare YAML timestamp as UTC
    body, warnings = peer_markup(body, source)
    teaser, more, _ = body.partition(MORE)
    to_html = lambda text: render_markdown(text, options.trust_html, options.markdown_engine)  # noqa: E731
    if pelican and isinstance(meta.get("summary"), str):  # Pelican's Summary is Markdown
        meta["summary"] = html_to_text(to_html(meta["summary"]))
    elif more and meta.get("summary") is None:  # Hugo's summary break, before a description
        meta["summary"] = html_to_text(to_html(teaser)) or None
    guesses: list = []
    fields = record_fields(meta, options, fail, guesses)
    html = to_html(body.replace(MORE, ""))
    if fields.get("title") is None:
        heading = _H1.match(html)
        if heading:  # a leading "# Heading" is the title, as in a front-matter-less note
            fields["title"] = html_to_text(heading.group(1))
            html = html[heading.end() :]
    return ReadResult([make_record(source, 1, 0, fields, html, options)], guesses + warnings)
