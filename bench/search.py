#!/usr/bin/env python3
"""What search costs: the index's build time and size, and the first query in a browser.

    .venv/bin/python bench/search.py --articles 1000 10000

For each size, a corpus from ../shared/bench/make_corpus.py is built cold (no cache) with
search off, then on; the build's own "search" stage is the time it spent on the index
beyond rendering (Pagefind runs in its own process while the pages render). The index's size is the bytes of output/pagefind/; against it stands what an index
of our own holding the same text would weigh (every article's title, authors and text as
JSON, plain and gzipped), all of which a browser would fetch before its first answer. The
first query is timed in Debian's chromium (Playwright): the search page loaded, a word
typed, until the results show; with the bytes it fetched from pagefind/ for it.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from servers import ARGS, CHROMIUM  # noqa: E402

from sitegen.build import build  # noqa: E402
from sitegen.report import Reporter  # noqa: E402
from sitegen.text import html_to_text  # noqa: E402


def folder_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def own_index_bytes(output: Path) -> tuple[int, int]:
    """An index of our own holding what Pagefind indexes: title, authors and text."""
    docs = []
    for page in sorted(output.glob("20*/**/index.html")):
        html = page.read_text(encoding="utf-8")
        body = html.split('<div class="body">', 1)[-1].split("</article>", 1)[0]
        title = html.split("<title>", 1)[-1].split("</title>", 1)[0]
        docs.append(
            {"url": str(page.parent.relative_to(output)), "t": title, "b": html_to_text(body)}
        )
    data = json.dumps(docs, ensure_ascii=False).encode()
    return len(data), len(gzip.compress(data, 6))


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def first_query(output: Path, word: str) -> tuple[float, int, int]:
    """Seconds from typing ``word`` on the search page to its results, the results, and
    the bytes fetched from pagefind/ for them."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.on(
                "response",
                lambda r: fetched.append(len(r.body())) if "/pagefind/" in r.url else None,
            )
            page.goto(f"http://127.0.0.1:{server.server_port}/search/")
            page.wait_for_load_state("networkidle")
            started = time.perf_counter()
            page.fill("#search-page-input", word)
            page.wait_for_selector("#search-results li", timeout=60000)
            seconds = time.perf_counter() - started
            found = page.eval_on_selector_all("#search-results li", "l => l.length")
            browser.close()
    finally:
        server.shutdown()
    return seconds, found, sum(fetched)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--word", default="minister")
    args = parser.parse_args()
    print(
        f"{'articles':>8} {'no search':>9} {'build s':>8} {'search s':>8} {'index MB':>9} "
        f"{'files':>6} {'own JSON MB':>11} {'gzipped':>8} {'1st query s':>11} "
        f"{'fetched KB':>10} {'results':>7}"
    )
    for articles in args.articles:
        bare = common.sitegen_site(articles, f"nosearch-{articles}")
        common.settle()
        without = build(bare, bare / "output", None, Reporter(io.StringIO())).seconds
        common.discard(bare)
        site = common.sitegen_site(articles, f"search-{articles}", search=True)
        output = site / "output"
        common.settle()
        report = build(site, output, None, Reporter(io.StringIO()))
        search = report.stages.get("search", 0.0)
        size, files = folder_bytes(output / "pagefind")
        own, own_gz = own_index_bytes(output)
        seconds, found, fetched = first_query(output, args.word)
        print(
            f"{articles:>8} {without:>9.2f} {report.seconds:>8.2f} {search:>8.2f} "
            f"{size / 1e6:>9.1f} {files:>6} {own / 1e6:>11.1f} {own_gz / 1e6:>8.1f} "
            f"{seconds:>11.2f} {fetched / 1e3:>10.0f} {found:>7}"
        )
        common.discard(site)
    common.empty_trash()
    return 0


if __name__ == "__main__":
    sys.exit(main())
