"""An example sitegen plugin: a reader and a page kind, each a plain function.

``read_org`` reads an Org-mode file (``#+TITLE:``, ``#+DATE:``, ``#+AUTHOR:``,
``#+FILETAGS:`` lines, then paragraphs) into one article. It hands its metadata to
sitegen's own field checks, so a bad date is reported with the file and line like any.

``updates_page`` adds ``/updates/``: the stories that carry an ``updated`` date, the
latest update first. A page kind plans from what the site is made of (titles, dates,
authors, terms); its page is rendered again whenever one of the cards it lists changes.
"""

from __future__ import annotations

import html

from sitegen.errors import SitegenError
from sitegen.model import ReadOptions, ReadResult
from sitegen.plan import PageSpec
from sitegen.readers.fields import make_record, record_fields

KEYS = {"title": "title", "date": "date", "author": "authors", "filetags": "tags"}


def read_org(text: str, source: str, options: ReadOptions) -> ReadResult:
    meta: dict = {}
    lines: dict[str, int] = {}
    paragraphs: list[list[str]] = [[]]
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#+") and ":" in line:
            key, _, value = line[2:].partition(":")
            if key.lower() in KEYS:
                name = KEYS[key.lower()]
                value = value.strip()
                if name == "authors":
                    meta[name] = [part.strip() for part in value.split(",") if part.strip()]
                elif name == "tags":
                    meta[name] = [tag for tag in value.split(":") if tag]
                elif name == "date":  # <2024-03-01 Fri 10:00>: the day name goes
                    meta[name] = " ".join(
                        w for w in value.strip("<>[]").split() if w.isascii() and not w.isalpha()
                    )
                else:
                    meta[name] = value
                lines[name] = number
        elif line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])

    def fail(key: str, message: str) -> SitegenError:
        return SitegenError(message, source, lines.get(key, 1))

    fields = record_fields(meta, options, fail)
    body = "".join(f"<p>{html.escape(' '.join(p))}</p>\n" for p in paragraphs if p)
    return ReadResult([make_record(source, 1, 0, fields, body, options)])


def updates_page(site, config) -> list[PageSpec]:
    updated = [key for key, article in site.articles.items() if article.updated]
    updated.sort(key=lambda key: site.articles[key].updated, reverse=True)
    return [
        PageSpec(
            kind="updates",
            url="updates/",
            template="updates.html",
            subject="Updated stories",
            items=tuple(updated),
        )
    ]
