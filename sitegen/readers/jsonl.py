"""JSON Lines: one record per line, keys as in Markdown front matter.

The body is ``body`` (Markdown), ``body_html`` (HTML, sanitized unless the site trusts
its sources) or ``text`` (plain text: blank-line separated paragraphs, always escaped).
"""

from __future__ import annotations

import json

from ..errors import Problems, SitegenError
from ..model import ReadOptions, ReadResult
from ..text import paragraphs_html
from .fields import make_record, record_fields
from .markdown import render_markdown, sanitize

BODY_KEYS = ("body", "body_html", "text")


def read(text: str, source: str, options: ReadOptions) -> ReadResult:
    records, problems = [], Problems()
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(_record(line, number, len(records), source, options))
        except SitegenError as err:
            problems.add(err)
    problems.raise_if_any()
    return ReadResult(records)


def _record(line: str, number: int, index: int, source: str, options: ReadOptions):
    def fail(key: str, message: str) -> SitegenError:
        return SitegenError(message, source, number)

    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise SitegenError(
            f"invalid JSON: {err.msg} (column {err.colno})", source, number
        ) from None
    if not isinstance(data, dict):
        raise SitegenError("each line must be a JSON object", source, number)
    meta = {k: v for k, v in data.items() if k not in BODY_KEYS}
    fields = record_fields(meta, options, fail)
    for key in BODY_KEYS:
        if key in data and not isinstance(data[key], str):
            raise fail(key, f"'{key}' must be a string")
    if "body" in data:
        html = render_markdown(data["body"], options.trust_html, options.markdown_engine)
    elif "body_html" in data:
        html = data["body_html"] if options.trust_html else sanitize(data["body_html"])
    else:
        html = paragraphs_html(data.get("text", "").split("\n\n"))
    return make_record(source, number, index, fields, html, options)
