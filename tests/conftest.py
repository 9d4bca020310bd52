"""Shared test helpers: temporary sites written from dicts, builds, and a link crawler."""

from __future__ import annotations

import io
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from sitegen.build import build
from sitegen.report import Reporter

TESTS = Path(__file__).resolve().parent
SITES = TESTS / "sites"
SEEDS = TESTS.parents[1] / "shared" / "seeds"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ files")


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text}`` under ``root`` and return it."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def copy_site(name: str, destination: Path) -> Path:
    """A writable copy of a fixture site under tests/sites/."""
    target = destination / name
    shutil.copytree(SITES / name, target)
    return target


def run_build(site: Path, output: Path | None = None, **overrides):
    """Build quietly; returns (report, log text)."""
    log = io.StringIO()
    report = build(site, output, overrides or None, Reporter(log))
    return report, log.getvalue()


def read_tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") == "canonical"):
                self.links.append(attrs[name])


def broken_links(output: Path, base_url: str) -> list[str]:
    """Crawl every HTML file; every internal link and #fragment must resolve to a file/id."""
    base = urlsplit(base_url)
    pages: dict[str, LinkParser] = {}
    for path in output.rglob("*.html"):
        parser = LinkParser()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(output).as_posix()] = parser
    problems = []
    for page, parser in sorted(pages.items()):
        page_url = urljoin(base_url, page.removesuffix("index.html"))
        for link in parser.links:
            target, fragment = urldefrag(urljoin(page_url, link))
            parts = urlsplit(target)
            if parts.netloc != base.netloc:
                continue  # external
            if not parts.path.startswith(base.path):
                problems.append(f"{page}: {link} is outside the base path {base.path}")
                continue
            relative = parts.path[len(base.path) :]
            file = relative + "index.html" if relative.endswith("/") or not relative else relative
            if not (output / file).is_file():
                problems.append(f"{page}: {link} -> missing {file}")
            elif fragment and file.endswith(".html"):
                ids = pages[file].ids
                if fragment not in ids:
                    problems.append(f"{page}: {link} -> no id '{fragment}' in {file}")
    return problems


@pytest.fixture
def basic_site(tmp_path) -> Path:
    return copy_site("basic", tmp_path)
