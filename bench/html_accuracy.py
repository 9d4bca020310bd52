#!/usr/bin/env python3
"""Metadata accuracy on saved web pages: trafilatura alone against sitegen's html reader.

    .venv/bin/python bench/html_accuracy.py [TRAFILATURA_REPO] [--limit N] [--misses]

Reads trafilatura's own evaluation corpus (``tests/evaldata.json`` and the pages in
``tests/cache/`` and ``tests/eval/`` of its repository: a checkout, or a bare git
directory such as the one the ``fetch`` tool leaves under /work/.mirror/), takes the pages
whose annotations give a title, authors and a date, and compares on each:

- title: equal after whitespace folding (pages with a gold title);
- date: the same day (pages with a gold date);
- authors: the same set of people, the gold and trafilatura's author strings split on
  ``;`` (pages with gold authors; also with a case-insensitive comparison, and on the
  pages whose gold says there is no author).

(a) is ``bare_extraction(html, with_metadata=True)``; (b) is ``sitegen.readers.html.read``
(its first record when it takes a page for a list). Both get the same decoded text.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

from trafilatura import bare_extraction
from trafilatura.utils import decode_file

from sitegen.model import ReadOptions
from sitegen.readers import html

MIRROR = Path("/work/.mirror/adbar+trafilatura/repo")


def corpus_root(path: Path, scratch: Path) -> Path:
    """A folder holding ``tests/``: the checkout itself, or the tests extracted from a bare
    git directory."""
    if (path / "tests" / "evaldata.json").is_file():
        return path
    archive = scratch / "tests.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(path), "archive", "HEAD", "tests"], stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(scratch, filter="data")
    return scratch


def fold(text) -> str:
    return " ".join((text or "").split())


def names(value) -> set[str]:
    items = value if isinstance(value, list) else (value or "").split(";")
    return {fold(item) for item in items if fold(item)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", type=Path, default=MIRROR)
    parser.add_argument("--limit", type=int, default=0, help="read only the first N pages")
    parser.add_argument("--misses", action="store_true", help="list sitegen's misses")
    args = parser.parse_args()
    if not args.repo.exists():
        sys.exit(f"no trafilatura repository at {args.repo} (fetch github:adbar/trafilatura)")
    with tempfile.TemporaryDirectory() as scratch:
        tests = corpus_root(args.repo, Path(scratch)) / "tests"
        gold = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
        pages = [
            (item, page)
            for item in gold.values()
            if "author" in item
            for page in [tests / "cache" / item["file"], tests / "eval" / item["file"]]
            if page.is_file()
        ]
        seen, items = set(), []
        for item, page in pages:  # cache/ first, as trafilatura's own evaluation resolves
            if item["file"] not in seen:
                seen.add(item["file"])
                items.append((item, page.read_bytes()))
        items = items[: args.limit or None]
        return compare(items, args.misses)


def compare(items, show_misses: bool) -> int:
    score: Counter = Counter()
    spent = Counter()
    misses = []
    options = ReadOptions()
    for item, data in items:
        text = decode_file(data)
        started = time.perf_counter()
        try:
            doc = bare_extraction(text, with_metadata=True)
        except Exception:
            doc = None
        spent["a"] += time.perf_counter() - started
        started = time.perf_counter()
        result = html.read(text, item["file"], options)
        spent["b"] += time.perf_counter() - started
        record = result.records[0] if result.records else None
        score["list"] += len(result.records) > 1
        if len(result.records) > 1 and show_misses:
            misses.append(("list", item["file"], len(result.records), record.title))
        a_title, a_date, a_authors = (doc.title, doc.date, doc.author) if doc else (None,) * 3
        b_title = record.title if record else None
        b_date = record.date.date().isoformat() if record and record.date else None
        b_authors = set(record.authors) if record else set()
        if fold(item["title"]):
            score["title"] += 1
            score["a title"] += fold(a_title) == fold(item["title"])
            score["b title"] += fold(b_title) == fold(item["title"])
            if fold(b_title) != fold(item["title"]):
                misses.append(("title", item["file"], item["title"], b_title))
        if item["date"]:
            score["date"] += 1
            score["a date"] += (a_date or "")[:10] == item["date"][:10]
            score["b date"] += b_date == item["date"][:10]
            if b_date != item["date"][:10]:
                misses.append(("date", item["file"], item["date"], b_date))
        expected = names(item["author"])
        kind = "authors" if expected else "no author"
        score[kind] += 1
        score[f"a {kind}"] += names(a_authors) == expected
        score[f"b {kind}"] += b_authors == expected
        if expected:
            lower = {n.casefold() for n in expected}
            score["a authors (any case)"] += {n.casefold() for n in names(a_authors)} == lower
            score["b authors (any case)"] += {n.casefold() for n in b_authors} == lower
        if b_authors != expected:
            misses.append(("authors", item["file"], sorted(expected), sorted(b_authors)))
    print(f"{len(items)} pages with gold metadata; sitegen read {score['list']} as list pages")
    print(f"{'':22} {'trafilatura':>18} {'sitegen html':>18}")
    for field, total in (
        ("title", "title"),
        ("date", "date"),
        ("authors", "authors"),
        ("authors (any case)", "authors"),
        ("no author", "no author"),
    ):
        n = score[total]
        cells = [
            f"{score[f'{who} {field}']:4d}/{n} {100 * score[f'{who} {field}'] / max(n, 1):5.1f}%"
            for who in "ab"
        ]
        print(f"{field:22} {cells[0]:>18} {cells[1]:>18}")
    print(f"seconds: trafilatura {spent['a']:.1f}, sitegen {spent['b']:.1f}")
    if show_misses:
        for miss in misses:
            print(*miss, sep=" | ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
