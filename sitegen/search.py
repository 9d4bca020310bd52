"""The site's search index: every article's title, authors and text, searched offline in
the browser with Pagefind (its `pagefind[extended]` wheel ships the indexer, which also
segments Chinese and Japanese).

Pagefind indexes HTML files. Rather than the site's pages (which carry navigation, lists
and related links), it is given one small document per article, written to a scratch
folder at the article's URL under the site's base path, so results link to the pages.
The index is remade only when those documents change; its files are written through the
build's staged writer like every other output.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

from .errors import SitegenError

FOLDER = "pagefind"  # the index's folder in the output, where the theme's script looks


def documents(stories, base_path: str, date_format: str) -> list[tuple[str, str]]:
    """(path under the scratch site, HTML) of each article's search document."""
    docs = []
    for story in stories:
        authors = ", ".join(link.name for link in story.authors)
        date = story.date.strftime(date_format) if story.date else ""
        path = (base_path.lstrip("/") + story.url).lstrip("/")
        docs.append(
            (
                path + "index.html" if not path or path.endswith("/") else path,
                "<!doctype html><html><head><meta charset='utf-8'>"
                f"<title>{escape(story.title)}</title></head><body><main data-pagefind-body>"
                f"<h1>{escape(story.title)}</h1>"
                + (f"<p data-pagefind-meta='date'>{escape(date)}</p>" if date else "")
                + (f"<p>{escape(authors)}</p>" if authors else "")
                + f"{story.body_html}</main></body></html>",
            )
        )
    return docs


def digest(docs: list[tuple[str, str]], language: str) -> str:
    """What the index is made from: the documents, the language and Pagefind's version."""
    h = hashlib.sha256(f"{version()}\0{language}".encode())
    for path, html in docs:
        h.update(f"\0{path}\0{len(html)}\0".encode())
        h.update(html.encode("utf-8"))
    return h.hexdigest()


def make_index(docs: list[tuple[str, str]], language: str) -> dict[str, bytes]:
    """The index's files (paths under the output, ``pagefind/…``) for these documents."""
    return Indexing(docs, language).files()


class Indexing:
    """Pagefind at work on the documents, in its own process: started at once, so that a
    build can render its pages meanwhile; ``files()`` waits for the index."""

    def __init__(self, docs: list[tuple[str, str]], language: str):
        self.scratch = tempfile.TemporaryDirectory(prefix="sitegen-search-")
        site, self.bundle = Path(self.scratch.name) / "site", Path(self.scratch.name) / "bundle"
        try:
            for path, html in docs:
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(html, encoding="utf-8")
            site.mkdir(exist_ok=True)
            command = [*_indexer(), "--site", str(site), "--output-path", str(self.bundle)]
            command += ["--force-language", language, "--silent"]
            self.process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
        except BaseException:
            self.scratch.cleanup()
            raise

    def files(self) -> dict[str, bytes]:
        """The index's files (paths under the output, ``pagefind/…``)."""
        try:
            said, _ = self.process.communicate()
            if self.process.returncode != 0 or not self.bundle.is_dir():
                detail = said.strip().splitlines()[-1:] or ["no output"]
                raise SitegenError(f"the search index could not be made (Pagefind: {detail[0]})")
            return {
                f"{FOLDER}/{path.relative_to(self.bundle).as_posix()}": path.read_bytes()
                for path in sorted(self.bundle.rglob("*"))
                if path.is_file()
            }
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop Pagefind if it still runs, and remove its folder."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.scratch.cleanup()


def _indexer() -> list[str]:
    """The Pagefind binary the extended wheel ships (the one that segments CJK text), run
    directly; else whichever ``python -m pagefind`` finds."""
    try:
        from pagefind_bin_extended import get_executable

        return [str(get_executable())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "pagefind"]


_VERSION: list[str] = []


def version() -> str:
    """Pagefind's version (its index format changes with it)."""
    if not _VERSION:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as installed

        try:
            _VERSION.append(installed("pagefind"))
        except PackageNotFoundError:
            _VERSION.append("")
    return _VERSION[0]
