"""``sitegen check``: crawl a built site the way a reader and a feed reader would.

Every internal link and #fragment must resolve, every HTML page needs a <title> and a
canonical URL, and every feed must parse without errors (feedparser, as feed readers use).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import feedparser

from .errors import Problem

FEEDS = ("feed.xml", "rss.xml")


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (tag, URL) of every href and src
        self.ids: set[str] = set()
        self.title = ""
        self.canonical = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href") or ""
            return
        if tag == "title":
            self._in_title = True
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append((tag, attrs[name]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def check_site(output: Path, base_url: str) -> list[Problem]:
    """Problems found in the built site at ``output``, which will live at ``base_url``."""
    base = urlsplit(base_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    pages: dict[str, PageParser] = {}
    problems: list[Problem] = []
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        parser = PageParser()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[relative] = parser
        if not parser.title.strip():
            problems.append(Problem(relative, 0, "page has no <title>"))
        if not parser.canonical and relative != "404.html":
            problems.append(Problem(relative, 0, "page has no canonical URL"))
    for relative, parser in pages.items():
        page_url = urljoin(base_url, relative.removesuffix("index.html"))
        for tag, link in parser.links:
            target, fragment = urldefrag(urljoin(page_url, link))
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
                continue  # another site, mailto:, data: …
            if not parts.path.startswith(base_path):
                problems.append(
                    Problem(relative, 0, f"link {link} leaves the site's path {base_path}")
                )
                continue
            file = unquote(parts.path[len(base_path) :])
            file = file + "index.html" if file.endswith("/") or not file else file
            if not (output / file).is_file():
                what = "missing image" if tag in ("img", "source") else "broken link"
                problems.append(Problem(relative, 0, f"{what} {link}"))
            elif fragment and file in pages and fragment not in pages[file].ids:
                problems.append(Problem(relative, 0, f"link {link}: no id '{fragment}' in {file}"))
    for path in sorted(p for name in FEEDS for p in output.rglob(name)):
        feed = feedparser.parse(path.read_bytes())
        if feed.bozo:
            problems.append(
                Problem(
                    path.relative_to(output).as_posix(),
                    0,
                    f"feed does not parse: {feed.bozo_exception}",
                )
            )
    for path in sorted(output.rglob("feed.json")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError as err:
            problems.append(Problem(path.relative_to(output).as_posix(), 0, f"invalid JSON: {err}"))
    return problems
