"""Markdown sources: YAML (``---``) or TOML (``+++``) front matter, then a Markdown body.

Front matter keys: title, date, updated, authors (or author), tags, sections (or
category), summary, slug, publisher, draft; ``kind: profile`` with ``role`` makes
the file an author profile. Other keys are kept in ``Record.extra``.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import markdown
import nh3
from slugify import slugify

from ..errors import SitegenError
from ..model import ReadOptions, ReadResult
from ..text import html_to_text
from .fields import make_record, record_fields
from .front_matter import key_errors, split_front_matter
from .inline import SkippingInlineExtension
from .smart import FastSmartyExtension

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


def render_markdown(text: str, trust_html: bool = False) -> str:
    """Markdown → HTML, sanitized unless the site trusts its sources."""
    converter = _markdown()
    converter.reset()
    html = converter.convert(text)
    return html if trust_html else sanitize(html)


_ALLOWED_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ALLOWED_ATTRIBUTES["*"] = {"id", "class", "title", "lang", "dir"}


def sanitize(html: str) -> str:
    """Remove scripts, event handlers and dangerous URLs; keep structure, ids and classes."""
    return nh3.clean(html, attributes=_ALLOWED_ATTRIBUTES, link_rel=None)


_HEADER_LINE = re.compile(r"([A-Za-z][\w -]{0,30}):[ \t]*(.*)")
_PELICAN_LISTS = {"authors": re.compile(r"\s*[;,]\s*"), "tags": re.compile(r"\s*,\s*")}


def pelican_header(text: str, source: str):
    """Pelican's Markdown metadata: ``Key: value`` lines at the top, up to the first blank
    line (``Title``, ``Date``, ``Tags``, ``Authors`` split at ``;`` or ``,`` …). Returns
    the metadata (keys in lower case), the body, and ``fail`` for a bad key's line; no
    metadata when the top of the file is not such a block."""
    lines = text.split("\n")
    meta: dict = {}
    where: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            break
        match = _HEADER_LINE.fullmatch(line.rstrip())
        if not match:
            return {}, text, key_errors("", source)
        key = match.group(1).strip().lower()
        meta[key], where[key] = match.group(2).strip(), number
    else:
        number = len(lines) + 1
    if "title" not in meta and "date" not in meta:
        return {}, text, key_errors("", source)
    for key, separator in _PELICAN_LISTS.items():
        if key in meta:
            meta[key] = [name for name in separator.split(meta[key]) if name]

    def fail(key: str, message: str) -> SitegenError:
        return SitegenError(message, source, where.get(key, 1))

    return meta, "\n".join(lines[number:]), fail


_DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)")


def from_file_name(meta: dict, source: str) -> dict:
    """The date and slug that a file name like Jekyll's ``_posts/2024-03-01-harbour.md``
    (or Pelican's) gives, where the metadata has none."""
    match = _DATED_NAME.fullmatch(PurePosixPath(source).stem)
    if not match or ("date" in meta and "slug" in meta):
        return meta
    meta = dict(meta)
    meta.setdefault("date", match.group(1))
    meta.setdefault("slug", match.group(2))
    return meta


def read(text: str, source: str, options: ReadOptions) -> ReadResult:
    """Read one Markdown file into one record."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    meta, header, body = split_front_matter(text, source, blank_first=True)
    fail = key_errors(header, source)
    if not header:
        meta, body, fail = pelican_header(text, source)
    meta = from_file_name(meta, source)
    fields = record_fields(meta, options, fail)
    html = render_markdown(body, options.trust_html)
    if fields.get("title") is None:
        heading = _H1.match(html)
        if heading:  # a leading "# Heading" is the title, as in a front-matter-less note
            fields["title"] = html_to_text(heading.group(1))
            html = html[heading.end() :]
    return ReadResult([make_record(source, 1, 0, fields, html, options)])
