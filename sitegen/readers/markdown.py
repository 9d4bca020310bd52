"""Markdown sources: YAML (``---``) or TOML (``+++``) front matter, then a Markdown body.

Front matter keys: title, date, updated, authors (or author), tags, sections (or
category), summary, slug, publisher, draft; ``kind: profile`` with ``role`` makes
the file an author profile. Other keys are kept in ``Record.extra``.
"""

from __future__ import annotations

import re
import tomllib

import markdown
import nh3
import yaml
from slugify import slugify

from ..config import key_line
from ..errors import SitegenError
from ..model import ReadOptions, ReadResult
from ..text import html_to_text
from .fields import make_record, record_fields
from .inline import SkippingInlineExtension
from .smart import FastSmartyExtension

FENCES = {"---": "yaml", "+++": "toml"}
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


def split_front_matter(text: str, source: str) -> tuple[dict, str, str]:
    """Return ``(data, header, body)``; the header, if any, starts on the file's line 2."""
    first, _, rest = text.partition("\n")
    fence = first.strip()
    if fence not in FENCES:
        return {}, "", text
    lines = rest.split("\n")
    for offset, line in enumerate(lines):
        if line.rstrip() == fence or (fence == "---" and line.rstrip() == "..."):
            header = "\n".join(lines[:offset])
            body = "\n".join(lines[offset + 1 :])
            return _parse_header(FENCES[fence], header, source), header, body
    raise SitegenError(f"front matter opened with '{fence}' is never closed", source, 1)


class _PlainDatesLoader(yaml.CSafeLoader):
    """Loads timestamps as strings, so a bad date is reported by key and line, not by PyYAML."""


_PlainDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def _parse_header(fmt: str, header: str, source: str) -> dict:
    try:
        if fmt == "yaml":
            try:
                data = yaml.load(header, Loader=yaml.CSafeLoader)
            except ValueError:  # a timestamp-shaped value that is no date, e.g. 2024-13-45
                data = yaml.load(header, Loader=_PlainDatesLoader)
        else:
            data = tomllib.loads(header)
    except yaml.YAMLError as err:
        last = header.count("\n")  # errors at the end of the header point at its last line
        mark = getattr(err, "problem_mark", None)
        line = min(mark.line, last) + 2 if mark else 2
        problem = getattr(err, "problem", None) or str(err)
        context = getattr(err, "context", None)
        if context and getattr(err, "context_mark", None):
            problem += f" ({context} on line {min(err.context_mark.line, last) + 2})"
        raise SitegenError(f"invalid YAML front matter: {problem}", source, line) from None
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+)", str(err))
        line = int(match.group(1)) + 1 if match else header.count("\n") + 2
        raise SitegenError(f"invalid TOML front matter: {err}", source, line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SitegenError("front matter must be a mapping of keys to values", source, 2)
    return data


def read(text: str, source: str, options: ReadOptions) -> ReadResult:
    """Read one Markdown file into one record."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    meta, header, body = split_front_matter(text, source)

    def fail(key: str, message: str) -> SitegenError:
        line = key_line(header, key)
        return SitegenError(message, source, line + 1 if line else 1)

    fields = record_fields(meta, options, fail)
    html = render_markdown(body, options.trust_html)
    if fields.get("title") is None:
        heading = _H1.match(html)
        if heading:  # a leading "# Heading" is the title, as in a front-matter-less note
            fields["title"] = html_to_text(heading.group(1))
            html = html[heading.end() :]
    return ReadResult([make_record(source, 1, 0, fields, html, options)])
